/* Gaussian profile G(x) = (2/H) sqrt(ln2/pi) exp(-4 ln2 x^2/H^2), shape {fwhm_deg}.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "profile/profile_internal.h"

double xrdi_gauss_window(double H, double tail)
{
    if (!(tail > 0.0))
        return INFINITY;
    if (tail >= 1.0)
        return 0.0;
    return H / XRDI_FWHM_SIGMA * gsl_cdf_ugaussian_Qinv(0.5 * tail);
}

static void gauss_eval(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                       double *d_shape)
{
    const double H = shape[0];
    const double a = 2.0 / H * XRDI_SQRT_LN2_PI;
    const double b = XRDI_4LN2 / (H * H);
    for (size_t i = 0; i < n; i++) {
        const double x = dx[i];
        const double g = a * exp(-b * x * x);
        out[i] = g;
        if (d_dx)
            d_dx[i] = -2.0 * b * x * g;
        if (d_shape)
            d_shape[i] = g * (2.0 * b * x * x - 1.0) / H;
    }
}

static double gauss_window(const double *shape, double tail)
{
    return xrdi_gauss_window(shape[0], tail);
}

static double gauss_fwhm(const double *shape)
{
    return shape[0];
}

static double gauss_breadth(const double *shape)
{
    return shape[0] / (2.0 * XRDI_SQRT_LN2_PI);
}

static int gauss_valid(const double *shape)
{
    return isfinite(shape[0]) && shape[0] > 0.0;
}

const xrd_profile_type xrdi_profile_gaussian = {
    "gaussian", XRD_PROFILE_GAUSSIAN, 1, {"fwhm_deg", NULL, NULL, NULL},
    gauss_eval, gauss_window, gauss_fwhm, gauss_breadth, gauss_valid,
};
