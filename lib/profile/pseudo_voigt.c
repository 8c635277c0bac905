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
    const double la = 2.0 * H / XRDI_PI, ce = 1.0 - eta;
    const double c8 = -8.0 * eta, c2 = 2.0 / XRDI_PI * eta;
    /* Lorentzian part everywhere: one division per point, no branch, no call */
    if (d_dx && dH && deta) {
        for (size_t i = 0; i < n; i++) {
            const double x = dx[i], x2 = x * x;
            const double iq = 1.0 / (H2 + 4.0 * x2);
            const double l = la * iq;
            out[i] = eta * l;
            d_dx[i] = c8 * x * l * iq;
            dH[i] = c2 * (4.0 * x2 - H2) * iq * iq;
            deta[i] = l;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            const double x = dx[i], x2 = x * x;
            const double iq = 1.0 / (H2 + 4.0 * x2);
            const double l = la * iq;
            out[i] = eta * l;
            if (d_dx)
                d_dx[i] = c8 * x * l * iq;
            if (dH)
                dH[i] = c2 * (4.0 * x2 - H2) * iq * iq;
            if (deta)
                deta[i] = l;
        }
    }
    /* Gaussian part where it is not negligible: beyond ~6.3 FWHM it is below
     * 1e-17 of its peak (skipping exp also avoids libm's slow underflow path) */
    for (size_t i = 0; i < n; i++) {
        const double x = dx[i];
        const double ag = gb * x * x;
        if (!(ag < 40.0))
            continue;
        const double g = ga * exp(-ag);
        out[i] += ce * g;
        if (d_dx)
            d_dx[i] += ce * (-2.0 * gb * x * g);
        if (dH)
            dH[i] += ce * g * (2.0 * gb * x * x - 1.0) / H;
        if (deta)
            deta[i] -= g;
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
