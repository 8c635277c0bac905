/* Thompson-Cox-Hastings (1987) pseudo-Voigt, shape {hg_deg, hl_deg}: total FWHM and
 * eta from the Gaussian and Lorentzian FWHM; the U V W X Y width model.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "profile/profile_internal.h"

/* H^5 = sum_k C[k] hg^(5-k) hl^k */
static const double tch_c[6] = {1.0, 2.69269, 2.42843, 4.47163, 0.07842, 1.0};
/* eta = sum_k E[k] q^(k+1), q = hl / H */
static const double tch_e[3] = {1.36603, -0.47719, 0.11116};

void xrd_tch_mix(double hg, double hl, double *H, double *eta, double *dH_dhg, double *dH_dhl,
                 double *deta_dhg, double *deta_dhl)
{
    double pg[6], pl[6];
    pg[0] = pl[0] = 1.0;
    for (int k = 1; k < 6; k++) {
        pg[k] = pg[k - 1] * hg;
        pl[k] = pl[k - 1] * hl;
    }
    double P = 0.0, dP_dg = 0.0, dP_dl = 0.0;
    for (int k = 0; k < 6; k++) {
        P += tch_c[k] * pg[5 - k] * pl[k];
        if (k < 5)
            dP_dg += tch_c[k] * (double)(5 - k) * pg[4 - k] * pl[k];
        if (k > 0)
            dP_dl += tch_c[k] * (double)k * pg[5 - k] * pl[k - 1];
    }
    if (!(P > 0.0)) {
        if (H) *H = 0.0;
        if (eta) *eta = 0.0;
        if (dH_dhg) *dH_dhg = 0.0;
        if (dH_dhl) *dH_dhl = 0.0;
        if (deta_dhg) *deta_dhg = 0.0;
        if (deta_dhl) *deta_dhl = 0.0;
        return;
    }
    const double h = pow(P, 0.2);
    const double h4 = h * h * h * h;
    const double dhg = dP_dg / (5.0 * h4);
    const double dhl = dP_dl / (5.0 * h4);
    const double q = hl / h;
    const double e = q * (tch_e[0] + q * (tch_e[1] + q * tch_e[2]));
    const double de_dq = tch_e[0] + q * (2.0 * tch_e[1] + q * 3.0 * tch_e[2]);
    if (H) *H = h;
    if (eta) *eta = e;
    if (dH_dhg) *dH_dhg = dhg;
    if (dH_dhl) *dH_dhl = dhl;
    if (deta_dhg) *deta_dhg = de_dq * (-hl / (h * h) * dhg);
    if (deta_dhl) *deta_dhl = de_dq * (1.0 / h - hl / (h * h) * dhl);
}

xrd_status xrd_tch_widths(const double uvwxy[5], double two_theta_deg, double *hg, double *hl,
                          double dhg[5], double dhl[5], xrd_error *err)
{
    if (!uvwxy || !(two_theta_deg > 0.0 && two_theta_deg < 180.0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "TCH widths need 2theta in (0, 180) deg, found %g.", two_theta_deg);
    const double th = two_theta_deg * (XRDI_PI / 360.0);
    const double t = tan(th), c = cos(th);
    const double g2 = uvwxy[0] * t * t + uvwxy[1] * t + uvwxy[2];
    if (!(g2 > 0.0) || !isfinite(g2))
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                             "TCH Gaussian width squared U tan^2 + V tan + W = %g at 2theta = %g "
                             "deg is not positive.", g2, two_theta_deg);
    const double g = sqrt(g2);
    const double l = uvwxy[3] * t + uvwxy[4] / c;
    if (hg) *hg = g;
    if (hl) *hl = l;
    if (dhg) {
        dhg[0] = t * t / (2.0 * g);
        dhg[1] = t / (2.0 * g);
        dhg[2] = 1.0 / (2.0 * g);
        dhg[3] = dhg[4] = 0.0;
    }
    if (dhl) {
        dhl[0] = dhl[1] = dhl[2] = 0.0;
        dhl[3] = t;
        dhl[4] = 1.0 / c;
    }
    return XRD_OK;
}

static void tch_eval(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                     double *d_shape)
{
    double H, eta, dH_dg, dH_dl, de_dg, de_dl;
    xrd_tch_mix(shape[0], shape[1], &H, &eta, &dH_dg, &dH_dl, &de_dg, &de_dl);
    /* d_shape rows receive dpV/dH and dpV/deta first, then the chain rule */
    xrdi_pv_eval(dx, n, H, eta, out, d_dx, d_shape, d_shape ? d_shape + n : NULL);
    if (d_shape) {
        for (size_t i = 0; i < n; i++) {
            const double a = d_shape[i], b = d_shape[n + i];
            d_shape[i] = a * dH_dg + b * de_dg;
            d_shape[n + i] = a * dH_dl + b * de_dl;
        }
    }
}

static double tch_window(const double *shape, double tail)
{
    double H, eta;
    xrd_tch_mix(shape[0], shape[1], &H, &eta, NULL, NULL, NULL, NULL);
    return xrdi_pv_window(H, eta, tail);
}

static double tch_fwhm(const double *shape)
{
    double H;
    xrd_tch_mix(shape[0], shape[1], &H, NULL, NULL, NULL, NULL, NULL);
    return H;
}

static double tch_breadth(const double *shape)
{
    double H, eta;
    xrd_tch_mix(shape[0], shape[1], &H, &eta, NULL, NULL, NULL, NULL);
    return xrdi_pv_breadth(H, eta);
}

static int tch_valid(const double *shape)
{
    return isfinite(shape[0]) && isfinite(shape[1]) && shape[0] >= 0.0 && shape[1] >= 0.0 &&
           shape[0] + shape[1] > 0.0;
}

const xrd_profile_type xrdi_profile_tch = {
    "tch", XRD_PROFILE_TCH, 2, {"hg_deg", "hl_deg", NULL, NULL},
    tch_eval, tch_window, tch_fwhm, tch_breadth, tch_valid,
};
