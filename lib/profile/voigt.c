/* True Voigt profile (Gaussian of FWHM hg convolved with Lorentzian of FWHM hl),
 * shape {hg_deg, hl_deg}: V(x) = Re w(z) / (sigma sqrt(2 pi)), z = (x + i gamma) /
 * (sigma sqrt 2), sigma = hg / (2 sqrt(2 ln 2)), gamma = hl / 2, with the Faddeeva
 * function w from libcerf; w'(z) = -2 z w(z) + 2i/sqrt(pi).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <complex.h>
#include <math.h>

#include <cerf.h>

#include "profile/profile_internal.h"

#define SQRT2 1.41421356237309504880
#define SQRT_PI 1.77245385090551602730
#define SQRT_2PI 2.50662827463100050242

static void voigt_eval(const double *dx, size_t n, const double *shape, double *out,
                       double *d_dx, double *d_shape)
{
    const double hg = shape[0], hl = shape[1];
    if (hg <= 0.0) {
        /* pure Lorentzian; dV/dhg = 0 there (V is even in sigma) */
        xrdi_profile_lorentzian.eval(dx, n, &shape[1], out, d_dx, d_shape ? d_shape + n : NULL);
        if (d_shape)
            for (size_t i = 0; i < n; i++)
                d_shape[i] = 0.0;
        return;
    }
    const double sigma = hg / XRDI_FWHM_SIGMA, gamma = 0.5 * hl;
    const double s2 = sigma * SQRT2;
    const double norm = 1.0 / (sigma * SQRT_2PI);
    const double dnorm = 1.0 / (2.0 * SQRT_PI * sigma * sigma); /* norm / (sigma sqrt 2) */
    for (size_t i = 0; i < n; i++) {
        const double complex z = dx[i] / s2 + (gamma / s2) * I;
        const double complex w = w_of_z(z);
        out[i] = creal(w) * norm;
        if (d_dx || d_shape) {
            const double complex wp = -2.0 * z * w + (2.0 / SQRT_PI) * I;
            if (d_dx)
                d_dx[i] = creal(wp) * dnorm;
            if (d_shape) {
                /* d/d sigma = -(Re(z w') + Re w) / (sigma^2 sqrt(2 pi)) */
                const double dsig = -(creal(z * wp) + creal(w)) * norm / sigma;
                d_shape[i] = dsig / XRDI_FWHM_SIGMA;
                /* d/d gamma = -Im w' * dnorm, gamma = hl / 2 */
                d_shape[n + i] = -0.5 * cimag(wp) * dnorm;
            }
        }
    }
}

/* Olivero & Longbothum (1977) approximation, 0.02 % */
static double voigt_fwhm_approx(double hg, double hl)
{
    return 0.5346 * hl + sqrt(0.2166 * hl * hl + hg * hg);
}

static double voigt_fwhm(const double *shape)
{
    const double hg = shape[0], hl = shape[1];
    if (hg <= 0.0 || hl <= 0.0)
        return hg > hl ? hg : hl;
    /* solve V(x) = V(0)/2 for x > 0 (V decreases there): bracket around the
     * approximation, then Newton safeguarded by bisection */
    double x = 0.0, v, dv;
    voigt_eval(&x, 1, shape, &v, NULL, NULL);
    const double half = 0.5 * v;
    const double xa = 0.5 * voigt_fwhm_approx(hg, hl);
    double lo = 0.0, hi = 1.01 * xa;
    for (int it = 0; it < 200; it++) {
        voigt_eval(&hi, 1, shape, &v, NULL, NULL);
        if (v <= half)
            break;
        lo = hi;
        hi *= 1.5;
    }
    x = 0.99 * xa;
    voigt_eval(&x, 1, shape, &v, NULL, NULL);
    if (v > half && x > lo && x < hi)
        lo = x;
    x = 0.5 * (lo + hi);
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        voigt_eval(&x, 1, shape, &v, &dv, NULL);
        const double f = v - half;
        if (f == 0.0)
            break;
        if (f > 0.0)
            lo = x;
        else
            hi = x;
        double xn = dv < 0.0 ? x - f / dv : 0.5 * (lo + hi);
        if (!(xn > lo && xn < hi))
            xn = 0.5 * (lo + hi);
        const double step = fabs(xn - x);
        x = xn;
        if (step <= 1e-15 * x)
            break;
    }
    return 2.0 * x;
}

static double voigt_breadth(const double *shape)
{
    const double hg = shape[0], hl = shape[1];
    if (hg <= 0.0)
        return 0.5 * XRDI_PI * hl;
    const double sigma = hg / XRDI_FWHM_SIGMA;
    /* V(0) = Re w(i y) / (sigma sqrt(2 pi)) = erfcx(y) / (sigma sqrt(2 pi)) */
    return sigma * SQRT_2PI / erfcx(0.5 * hl / (sigma * SQRT2));
}

static double voigt_window(const double *shape, double tail)
{
    double w = 0.0;
    if (shape[0] > 0.0)
        w += xrdi_gauss_window(shape[0], 0.5 * tail);
    if (shape[1] > 0.0)
        w += xrdi_lorentz_window(shape[1], 0.5 * tail);
    return w;
}

static int voigt_valid(const double *shape)
{
    return isfinite(shape[0]) && isfinite(shape[1]) && shape[0] >= 0.0 && shape[1] >= 0.0 &&
           shape[0] + shape[1] > 0.0;
}

const xrd_profile_type xrdi_profile_voigt = {
    "voigt", XRD_PROFILE_VOIGT, 2, {"hg_deg", "hl_deg", NULL, NULL},
    voigt_eval, voigt_window, voigt_fwhm, voigt_breadth, voigt_valid,
};
