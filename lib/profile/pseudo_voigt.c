/* Pseudo-Voigt pV = eta L + (1 - eta) G with a common FWHM, shape {fwhm_deg, eta};
 * the kernel is shared with the TCH profile. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "profile/profile_internal.h"

void xrdi_pv_eval(const double *dx, size_t n, double H, double eta, double *out, double *d_dx,
                  double *dH, double *deta)
{
    const double H2 = H * H;
    const double ga = 2.0 / H * XRDI_SQRT_LN2_PI;
    const double gb = XRDI_4LN2 / H2;
    for (size_t i = 0; i < n; i++) {
        const double x = dx[i];
        /* beyond ~6.3 FWHM the Gaussian is below 1e-17 of its peak: skip exp
         * (also avoids the slow underflow path of libm) */
        const double ag = gb * x * x;
        const double g = ag < 40.0 ? ga * exp(-ag) : 0.0;
        const double q = H2 + 4.0 * x * x;
        const double l = 2.0 * H / (XRDI_PI * q);
        out[i] = eta * l + (1.0 - eta) * g;
        if (d_dx)
            d_dx[i] = eta * (-8.0 * x * l / q) + (1.0 - eta) * (-2.0 * gb * x * g);
        if (dH)
            dH[i] = eta * (2.0 / XRDI_PI * (4.0 * x * x - H2) / (q * q)) +
                    (1.0 - eta) * g * (2.0 * gb * x * x - 1.0) / H;
        if (deta)
            deta[i] = l - g;
    }
}

double xrdi_pv_window(double H, double eta, double tail)
{
    double w = 0.0;
    if (eta > 0.0) {
        const double wl = xrdi_lorentz_window(H, 0.5 * tail / eta);
        if (wl > w)
            w = wl;
    }
    if (eta < 1.0) {
        const double wg = xrdi_gauss_window(H, 0.5 * tail / (1.0 - eta));
        if (wg > w)
            w = wg;
    }
    return w;
}

double xrdi_pv_breadth(double H, double eta)
{
    const double peak = eta * 2.0 / (XRDI_PI * H) + (1.0 - eta) * 2.0 / H * XRDI_SQRT_LN2_PI;
    return 1.0 / peak;
}

static void pv_eval(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                    double *d_shape)
{
    xrdi_pv_eval(dx, n, shape[0], shape[1], out, d_dx, d_shape, d_shape ? d_shape + n : NULL);
}

static double pv_window(const double *shape, double tail)
{
    return xrdi_pv_window(shape[0], shape[1], tail);
}

static double pv_fwhm(const double *shape)
{
    return shape[0];
}

static double pv_breadth(const double *shape)
{
    return xrdi_pv_breadth(shape[0], shape[1]);
}

static int pv_valid(const double *shape)
{
    return isfinite(shape[0]) && shape[0] > 0.0 && isfinite(shape[1]) && shape[1] >= 0.0 &&
           shape[1] <= 1.0;
}

const xrd_profile_type xrdi_profile_pseudo_voigt = {
    "pseudo-voigt", XRD_PROFILE_PSEUDO_VOIGT, 2, {"fwhm_deg", "eta", NULL, NULL},
    pv_eval, pv_window, pv_fwhm, pv_breadth, pv_valid,
};
