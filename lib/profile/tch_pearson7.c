/* Pearson VII with the TCH widths (shape {hg_deg, hl_deg}, the fit's width
 * model): the FWHM H and Lorentzian fraction eta of the Thompson-Cox-Hastings
 * pseudo-Voigt, and the exponent m for which the Pearson VII has the same
 * integral breadth as that pseudo-Voigt (m = 1 a Lorentzian, m -> infinity a
 * Gaussian; m is capped at 1e4). The refinements of the seed papers used
 * Pearson VII profiles; here they take the same instrument, size and strain
 * parameters as the default profile.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "profile/profile_internal.h"

#define M_MAX 1e4

/* integral breadth / H of a pseudo-Voigt of mixing eta, and its derivative */
static double pv_ratio(double eta, double *d_deta)
{
    const double a = 2.0 / XRDI_PI, b = 2.0 * XRDI_SQRT_LN2_PI;
    const double peak = eta * a + (1.0 - eta) * b;
    if (d_deta)
        *d_deta = -(a - b) / (peak * peak);
    return 1.0 / peak;
}

/* integral breadth / H of a Pearson VII of exponent m, and its derivative */
static double p7_ratio(double m, double *d_dm)
{
    double dlc;
    const double r = exp(-xrdi_p7_logc(1.0, m, &dlc));
    if (d_dm)
        *d_dm = -r * dlc;
    return r;
}

/* m with p7_ratio(m) = pv_ratio(eta), by bisection in log m; dm/deta */
static double m_of_eta(double eta, double *dm_deta)
{
    double dpv, target = pv_ratio(eta, &dpv);
    double lo = 0.0, hi = log(M_MAX); /* log m */
    if (p7_ratio(M_MAX, NULL) >= target) {
        if (dm_deta)
            *dm_deta = 0.0;
        return M_MAX;
    }
    for (int it = 0; it < 80; it++) {
        double mid = 0.5 * (lo + hi);
        if (p7_ratio(exp(mid), NULL) > target)
            lo = mid; /* still too Lorentzian: a larger m */
        else
            hi = mid;
    }
    double m = exp(0.5 * (lo + hi)), dp7;
    p7_ratio(m, &dp7);
    if (dm_deta)
        *dm_deta = dp7 != 0.0 ? dpv / dp7 : 0.0;
    return m;
}

/* H, m and their derivatives in hg, hl */
static void shape_of(const double *shape, double *H, double *m, double dH[2], double dm[2])
{
    double eta, dHg, dHl, dEg, dEl, dme;
    xrd_tch_mix(shape[0], shape[1], H, &eta, &dHg, &dHl, &dEg, &dEl);
    eta = eta < 0.0 ? 0.0 : eta > 1.0 ? 1.0 : eta;
    *m = m_of_eta(eta, &dme);
    dH[0] = dHg;
    dH[1] = dHl;
    dm[0] = dme * dEg;
    dm[1] = dme * dEl;
}

static void tp7_eval(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                     double *d_shape)
{
    double H, m, dH[2], dm[2];
    shape_of(shape, &H, &m, dH, dm);
    const double p7[2] = {H, m};
    if (!d_shape) {
        xrdi_profile_pearson7.eval(dx, n, p7, out, d_dx, NULL);
        return;
    }
    /* d/dH and d/dm of the Pearson VII into d_shape, then the chain rule in place */
    xrdi_profile_pearson7.eval(dx, n, p7, out, d_dx, d_shape);
    for (size_t i = 0; i < n; i++) {
        const double pH = d_shape[i], pm = d_shape[n + i];
        d_shape[i] = pH * dH[0] + pm * dm[0];
        d_shape[n + i] = pH * dH[1] + pm * dm[1];
    }
}

static double tp7_window(const double *shape, double tail)
{
    double H, m, dH[2], dm[2];
    shape_of(shape, &H, &m, dH, dm);
    return xrdi_p7_window(H, m, tail);
}

static double tp7_fwhm(const double *shape)
{
    double H;
    xrd_tch_mix(shape[0], shape[1], &H, NULL, NULL, NULL, NULL, NULL);
    return H;
}

static double tp7_breadth(const double *shape)
{
    double H, m, dH[2], dm[2];
    shape_of(shape, &H, &m, dH, dm);
    return H * p7_ratio(m, NULL);
}

static int tp7_valid(const double *shape)
{
    return isfinite(shape[0]) && isfinite(shape[1]) && shape[0] >= 0.0 && shape[1] >= 0.0 &&
           shape[0] + shape[1] > 0.0;
}

const xrd_profile_type xrdi_profile_tch_pearson7 = {
    "tch-pearson7", XRD_PROFILE_TCH_PEARSON7, 2, {"hg_deg", "hl_deg", NULL, NULL},
    tp7_eval, tp7_window, tp7_fwhm, tp7_breadth, tp7_valid,
};
