/* The TCH pseudo-Voigt of one peak in a single pass over its points (internal):
 * the value and the derivatives wrt position, Gaussian and Lorentzian FWHM and
 * the tied asymmetry, with the FCJ kernel's moments folded in (the profile
 * shifted by their mean, their variance added to the Gaussian width). It gives
 * what the generic route of peak.c (profile table, then chain rules) gives for
 * the TCH profile, without intermediate arrays and in loops that vectorise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "core/fastexp.h"
#include "core/search.h"
#include "model/peak.h"

#define FOUR_LN2 2.772588722239781237669
#define SQRT_LN2_PI 0.469718639349826
#define FWHM2_PER_VAR 5.545177444479562 /* 8 ln 2 */

/* Value only, or value and the four derivatives, on x[0..cnt) with the
 * Gaussian part where gauss != 0 (beyond ~6.3 FWHM it is below 1e-17 of its
 * peak and is left out, as exp would cost more than the whole rest). */
typedef struct {
    double pos, H2, ga, gb, la, eta, ce, c8, c2, invH;
    double dH_dg, dH_dl, de_dg, de_dl, p1, p2, a1, a2, gr;
} tch_consts;

static void run_value(const tch_consts *k, int gauss, const double *restrict x, size_t cnt,
                      double *restrict val)
{
    if (!gauss) {
        for (size_t i = 0; i < cnt; i++) {
            const double u = x[i] - k->pos;
            val[i] = k->eta * (k->la / (k->H2 + 4.0 * u * u));
        }
        return;
    }
    for (size_t i = 0; i < cnt; i++) {
        const double u = x[i] - k->pos, u2 = u * u;
        const double l = k->la / (k->H2 + 4.0 * u2);
        const double g = k->ga * xrdi_exp_neg(-(k->gb * u2));
        val[i] = k->eta * l + k->ce * g;
    }
}

/* inlined with gauss a constant, so that each variant is a loop of its own */
static inline __attribute__((always_inline)) void derivs(const tch_consts *k, const int gauss,
                                                         const double *restrict x, size_t cnt,
                                                         double *restrict val,
                                                         double *restrict d_pos,
                                                         double *restrict d_hg,
                                                         double *restrict d_hl,
                                                         double *restrict d_asym)
{
    const double pos = k->pos, H2 = k->H2, ga = gauss ? k->ga : 0.0, gb = k->gb, la = k->la;
    const double eta = k->eta, ce = k->ce, c8 = k->c8, c2 = k->c2, invH = k->invH;
    for (size_t i = 0; i < cnt; i++) {
        const double u = x[i] - pos, u2 = u * u;
        const double iq = 1.0 / (H2 + 4.0 * u2), l = la * iq;
        const double ag = gb * u2;
        const double g = gauss ? ga * xrdi_exp_neg(-ag) : 0.0;
        const double ddx = c8 * u * l * iq - ce * 2.0 * gb * u * g;
        const double dH = c2 * (4.0 * u2 - H2) * iq * iq + ce * g * (2.0 * ag - 1.0) * invH;
        const double deta = l - g;
        const double dhg = dH * k->dH_dg + deta * k->de_dg, dpos = -ddx;
        val[i] = eta * l + ce * g;
        d_pos[i] = dpos * k->p1 + dhg * k->p2;
        d_hg[i] = dhg * k->gr;
        d_hl[i] = dH * k->dH_dl + deta * k->de_dl;
        d_asym[i] = dpos * k->a1 + dhg * k->a2;
    }
}

static void run_derivs(const tch_consts *k, int gauss, const double *x, size_t cnt, double *val,
                       double *d_pos, double *d_hg, double *d_hl, double *d_asym)
{
    if (gauss)
        derivs(k, 1, x, cnt, val, d_pos, d_hg, d_hl, d_asym);
    else
        derivs(k, 0, x, cnt, val, d_pos, d_hg, d_hl, d_asym);
}

void xrdi_peak_tch(const xrdi_peak *pk, int with_moments, const double *x, size_t cnt,
                   double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym)
{
    tch_consts k;
    double hg = pk->hg;
    k.pos = pk->pos_deg;
    /* chain from the shifted, widened profile to the peak's own parameters */
    k.p1 = 1.0;
    k.p2 = k.a1 = k.a2 = 0.0;
    k.gr = 1.0;
    if (with_moments) {
        k.pos += pk->mu;
        hg = sqrt(pk->hg * pk->hg + FWHM2_PER_VAR * pk->var);
        double dhg_dvar = 0.5 * FWHM2_PER_VAR / hg;
        k.p1 = 1.0 + pk->dmu_dpos;
        k.p2 = dhg_dvar * pk->dvar_dpos;
        k.a1 = pk->dmu;
        k.a2 = dhg_dvar * pk->dvar;
        k.gr = pk->hg / hg;
    }
    double H;
    xrd_tch_mix(hg, pk->hl, &H, &k.eta, &k.dH_dg, &k.dH_dl, &k.de_dg, &k.de_dl);
    k.H2 = H * H;
    k.ga = 2.0 / H * SQRT_LN2_PI;
    k.gb = FOUR_LN2 / k.H2;
    k.la = 2.0 * H / M_PI;
    k.ce = 1.0 - k.eta;
    k.c8 = -8.0 * k.eta;
    k.c2 = 2.0 / M_PI * k.eta;
    k.invH = 1.0 / H;
    /* the Gaussian part within gb u^2 < 40 */
    double reach = sqrt(40.0 / k.gb);
    size_t a = xrdi_lower_bound(x, cnt, k.pos - reach), b = xrdi_lower_bound(x, cnt, k.pos + reach);
    size_t lo[3] = {0, a, b}, hi[3] = {a, b, cnt};
    for (int s = 0; s < 3; s++) {
        size_t o = lo[s], c = hi[s] - lo[s];
        if (c == 0)
            continue;
        if (!d_pos)
            run_value(&k, s == 1, x + o, c, val + o);
        else
            run_derivs(&k, s == 1, x + o, c, val + o, d_pos + o, d_hg + o, d_hl + o, d_asym + o);
    }
}
