/* Pearson VII P(x) = Gamma(m)/(Gamma(m-1/2) sqrt(pi)) 2 sqrt(k)/H (1 + 4k x^2/H^2)^-m,
 * k = 2^(1/m) - 1, m > 1/2; shape {fwhm_deg, m}. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>

#include "profile/profile_internal.h"

#define LN2 0.693147180559945309417
#define LN_PI 1.144729885849400174143

void xrdi_p7_k(double m, double *k, double *dk_dm)
{
    const double kk = expm1(LN2 / m);
    *k = kk;
    if (dk_dm)
        *dk_dm = -(LN2 / (m * m)) * (1.0 + kk);
}

double xrdi_p7_logc(double H, double m, double *dlogc_dm)
{
    double k, dk;
    xrdi_p7_k(m, &k, &dk);
    if (dlogc_dm)
        *dlogc_dm = gsl_sf_psi(m) - gsl_sf_psi(m - 0.5) + 0.5 * dk / k;
    return lgamma(m) - lgamma(m - 0.5) - 0.5 * LN_PI + LN2 + 0.5 * log(k) - log(H);
}

double xrdi_p7_window(double H, double m, double tail)
{
    if (!(tail > 0.0))
        return INFINITY;
    if (tail >= 1.0)
        return 0.0;
    double k;
    xrdi_p7_k(m, &k, NULL);
    const double nu = 2.0 * m - 1.0;
    /* Student t with nu degrees of freedom: t^2 / nu = 4 k x^2 / H^2 */
    const double tq = nu > 1e7 ? gsl_cdf_ugaussian_Qinv(0.5 * tail)
                               : gsl_cdf_tdist_Qinv(0.5 * tail, nu);
    return tq * H / (2.0 * sqrt(k * nu));
}

static void p7_eval(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                    double *d_shape)
{
    const double H = shape[0], m = shape[1];
    double k, dk, dlc_dm = 0.0;
    xrdi_p7_k(m, &k, &dk);
    const double c = exp(xrdi_p7_logc(H, m, d_shape ? &dlc_dm : NULL));
    const double a = 4.0 * k / (H * H);
    for (size_t i = 0; i < n; i++) {
        const double x = dx[i];
        const double r = a * x * x;
        const double s = 1.0 + r;
        const double lr = log1p(r);
        const double p = c * exp(-m * lr);
        out[i] = p;
        if (d_dx)
            d_dx[i] = p * (-2.0 * m * a * x / s);
        if (d_shape) {
            d_shape[i] = p * (-1.0 + 2.0 * m * r / s) / H;
            d_shape[n + i] = p * (dlc_dm - lr - m * (4.0 * x * x / (H * H)) * dk / s);
        }
    }
}

static double p7_window(const double *shape, double tail)
{
    return xrdi_p7_window(shape[0], shape[1], tail);
}

static double p7_fwhm(const double *shape)
{
    return shape[0];
}

static double p7_breadth(const double *shape)
{
    return exp(-xrdi_p7_logc(shape[0], shape[1], NULL));
}

static int p7_valid(const double *shape)
{
    return isfinite(shape[0]) && shape[0] > 0.0 && isfinite(shape[1]) && shape[1] > 0.5;
}

const xrd_profile_type xrdi_profile_pearson7 = {
    "pearson7", XRD_PROFILE_PEARSON7, 2, {"fwhm_deg", "m", NULL, NULL},
    p7_eval, p7_window, p7_fwhm, p7_breadth, p7_valid,
};
