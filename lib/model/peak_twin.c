/* The twin faults' asymmetric part of an fcc peak (internal): the Hilbert
 * transform of its TCH pseudo-Voigt, which Warren's twinned stacking adds in
 * the ratio (beta / sqrt 3) T to the symmetric profile (faults.c,
 * docs/faults.md). Of the Lorentzian L of FWHM H and the Gaussian G of FWHM H
 * (both of unit area; u = x - position):
 *   H[L](u) = (4 u / pi) / (H^2 + 4 u^2)
 *   H[G](u) = (4 sqrt(ln 2) / (pi H)) F(z),  z = 2 sqrt(ln 2) u / H,
 * F Dawson's integral (F' = 1 - 2 z F); both fall as 1 / (pi u). Along the
 * stacking direction the layers are discrete: the transform is periodic in the
 * phase x between layers, its kernel cot(x / 2) / (2 pi) instead of
 * 1 / (pi x), which for a profile narrow against 2 pi adds -x / (12 pi) (the
 * next terms are O(x^3)). That phase is x = s u (s = pk->twin_rod); the term is
 * tapered to zero between |x| = pi / 2 and pi (where the periodic transform
 * crosses zero); s is that of the reflection list's cell (lebail.c), held.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_sf_dawson.h>
#include <math.h>

#include "model/peak.h"

#define SQRT_LN2 0.8325546111576977
#define FWHM2_PER_VAR 5.545177444479562 /* 8 ln 2 */

/* Dawson's integral: GSL's within |z| < 8, beyond its asymptotic series
 * (1 / 2z)(1 + 1/2z^2 + 3/4z^4 + 15/8z^6), whose next term is below 4e-7 of it
 * there (most points of the term's wide window are there) */
static double dawson(double z)
{
    if (fabs(z) < 8.0)
        return gsl_sf_dawson(z);
    double r = 1.0 / (z * z);
    return 0.5 / z * (1.0 + r * (0.5 + r * (0.75 + r * 1.875)));
}

/* the taper: 1 within half of the window, cos^2 to 0 at its end; and d/du */
static double taper(double u, double half, double *dw)
{
    double a = fabs(u) / half;
    *dw = 0.0;
    if (a <= 0.5)
        return 1.0;
    if (a >= 1.0)
        return 0.0;
    double ph = M_PI * (a - 0.5), c = cos(ph), s = sin(ph);
    *dw = -2.0 * c * s * M_PI / half * (u < 0 ? -1.0 : 1.0);
    return c * c;
}

void xrdi_peak_twin(const xrdi_peak *pk, const double *x, size_t cnt, double *h, double *d_pos,
                    double *d_hg, double *d_hl, double *d_asym)
{
    double pos = pk->pos_deg, hg = pk->hg;
    /* the FCJ kernel's moments as the symmetric profile folds them in */
    double p1 = 1.0, p2 = 0.0, a1 = 0.0, a2 = 0.0, gr = 1.0;
    if (pk->mom_ok && (pk->asl > 0 || pk->ahl > 0)) {
        pos += pk->mu;
        hg = sqrt(pk->hg * pk->hg + FWHM2_PER_VAR * pk->var);
        double dhg_dvar = 0.5 * FWHM2_PER_VAR / hg;
        p1 = 1.0 + pk->dmu_dpos;
        p2 = dhg_dvar * pk->dvar_dpos;
        a1 = pk->dmu;
        a2 = dhg_dvar * pk->dvar;
        gr = hg > 0 ? pk->hg / hg : 1.0;
    }
    double H, eta, dH_dg, dH_dl, de_dg, de_dl;
    xrd_tch_mix(hg, pk->hl, &H, &eta, &dH_dg, &dH_dl, &de_dg, &de_dl);
    /* the window holds pi / s (xrdi_peak_setup) */
    double s = pk->twin_rod, half = s > 0 ? M_PI / s : 10.0 * H;
    const double H2 = H * H, kg = 4.0 * SQRT_LN2 / (M_PI * H), zs = 2.0 * SQRT_LN2 / H;
    const double per = s * s / (12.0 * M_PI); /* the periodic kernel's linear term */
    for (size_t i = 0; i < cnt; i++) {
        double u = x[i] - pos, q = 1.0 / (H2 + 4.0 * u * u), z = zs * u;
        double F = dawson(z);
        double hl_ = 4.0 / M_PI * u * q, hg_ = kg * F;
        double dw, w = taper(u, half, &dw);
        double t = eta * hl_ + (1.0 - eta) * hg_ - per * u;
        h[i] = w * t;
        if (!d_pos)
            continue;
        double dF = 1.0 - 2.0 * z * F;
        double dt_du = eta * 4.0 / M_PI * (H2 - 4.0 * u * u) * q * q + (1.0 - eta) * kg * zs * dF -
                       per;
        double dt_dH = -eta * 8.0 / M_PI * u * H * q * q - (1.0 - eta) * kg / H * (F + z * dF);
        double dt_de = hl_ - hg_;
        /* position: through u (profile and taper); widths through H and eta */
        double dp = -(w * dt_du + dw * t);
        double dg = w * (dt_dH * dH_dg + dt_de * de_dg);
        d_pos[i] = dp * p1 + dg * p2;
        d_hg[i] = dg * gr;
        d_hl[i] = w * (dt_dH * dH_dl + dt_de * de_dl);
        d_asym[i] = dp * a1 + dg * a2;
    }
}

int xrdi_peak_twin_add(const xrdi_peak *pk, const double *pts, size_t cnt, double *val,
                       double *d_pos, double *d_hg, double *d_hl, double *d_asym, double *d_twin,
                       double *scratch)
{
    if (d_pos && !d_twin)
        return -1;
    xrdi_peak q = *pk;
    if ((q.asl > 0 || q.ahl > 0) && !q.mom_ok && xrdi_peak_moments(&q, d_pos != NULL))
        return -1;
    double *h = scratch, *dp = scratch + cnt, *dg = scratch + 2 * cnt, *dl = scratch + 3 * cnt;
    double *da = d_pos ? d_twin : NULL; /* d_twin is written last */
    xrdi_peak_twin(&q, pts, cnt, h, d_pos ? dp : NULL, dg, dl, da);
    const double k = pk->twin_k;
    for (size_t i = 0; i < cnt; i++)
        val[i] += k * h[i];
    if (!d_pos)
        return 0;
    for (size_t i = 0; i < cnt; i++) {
        d_pos[i] += k * dp[i];
        d_hg[i] += k * dg[i];
        d_hl[i] += k * dl[i];
        d_asym[i] += k * da[i];
        d_twin[i] = h[i];
    }
    return 0;
}
