/* Lorentzian profile L(x) = (2/(pi H)) / (1 + 4x^2/H^2), shape {fwhm_deg}.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "profile/profile_internal.h"

double xrdi_lorentz_window(double H, double tail)
{
    if (!(tail > 0.0))
        return INFINITY;
    if (tail >= 1.0)
        return 0.0;
    /* tan(pi/2 (1 - t)) = cot(pi t / 2), accurate for small t */
    return 0.5 * H / tan(0.5 * XRDI_PI * tail);
}

static void lorentz_eval(const double *dx, size_t n, const double *shape, double *out,
                         double *d_dx, double *d_shape)
{
    const double H = shape[0];
    const double H2 = H * H;
    for (size_t i = 0; i < n; i++) {
        const double x = dx[i];
        const double q = H2 + 4.0 * x * x;
        const double l = 2.0 * H / (XRDI_PI * q);
        out[i] = l;
        if (d_dx)
            d_dx[i] = -8.0 * x * l / q;
        if (d_shape)
            d_shape[i] = 2.0 / XRDI_PI * (4.0 * x * x - H2) / (q * q);
    }
}

static double lorentz_window(const double *shape, double tail)
{
    return xrdi_lorentz_window(shape[0], tail);
}

static double lorentz_fwhm(const double *shape)
{
    return shape[0];
}

static double lorentz_breadth(const double *shape)
{
    return 0.5 * XRDI_PI * shape[0];
}

static int lorentz_valid(const double *shape)
{
    return isfinite(shape[0]) && shape[0] > 0.0;
}

const xrd_profile_type xrdi_profile_lorentzian = {
    "lorentzian", XRD_PROFILE_LORENTZIAN, 1, {"fwhm_deg", NULL, NULL, NULL},
    lorentz_eval, lorentz_window, lorentz_fwhm, lorentz_breadth, lorentz_valid,
};
