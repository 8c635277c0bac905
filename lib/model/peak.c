/* One peak: Bragg position at a wavelength line, zero and displacement shifts,
 * TCH widths from instrument + size + strain, evaluation window (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/peak.h"

#include <cerf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/envelope.h"
#include "model/faults.h"

#define RAD2DEG (180.0 / M_PI)
/* Lorentzian FWHM of size broadening with integral breadth lambda/(L cos):
 * FWHM = (2/pi) beta. */
#define SIZE_FWHM_PER_BETA (2.0 / M_PI)
/* Gaussian FWHM of strain broadening with integral breadth 4 e tan:
 * FWHM = beta * 2 sqrt(ln2/pi). */
#define STRAIN_FWHM_PER_BETA 0.93943727869965133
#define HG_MIN 1e-5

int xrdi_peak_widths(const xrdi_model *m, const xrdi_mphase *ph, double lambda, double th,
                     xrdi_peak *pk)
{
    double c = cos(th), t = tan(th);
    const double *u = m->inst.uvwxy;
    /* Gaussian: instrument U V W plus microstrain in quadrature */
    double gs_c = STRAIN_FWHM_PER_BETA * RAD2DEG * 4.0 * t;
    double gs = gs_c * ph->strain;
    /* the Gaussian size term: integral breadth lambda / (L_G cos), lambda in nm */
    double gz_c = STRAIN_FWHM_PER_BETA * RAD2DEG * (lambda * 0.1) / c;
    double gz = ph->size_lognormal ? 0.0 : gz_c * ph->size_inv * ph->size_g_ratio;
    double hg2 = u[0] * t * t + u[1] * t + u[2] + gs * gs + gz * gz;
    if (!isfinite(hg2))
        return -1;
    if (hg2 < HG_MIN * HG_MIN) {
        pk->hg = HG_MIN;
        pk->hg_clamped = 1;
    } else {
        pk->hg = sqrt(hg2);
        double inv = 0.5 / pk->hg;
        pk->dhg_duvw[0] = t * t * inv;
        pk->dhg_duvw[1] = t * inv;
        pk->dhg_duvw[2] = inv;
        pk->dhg_dstrain = 2.0 * gs * gs_c * inv;
        pk->dhg_dsize_g = 2.0 * gz * gz_c * ph->size_inv * inv;
        pk->dhg_dsize = 2.0 * gz * gz_c * ph->size_g_ratio * inv;
        pk->dhg_dlnlam = gz * gz / pk->hg;
        /* d(hg^2)/dt = 2 U t + V + 2 (gs_c/t)^2 e^2 t, dt/dtheta = 1 + t^2 */
        double k = gs_c / (t != 0 ? t : 1.0) * ph->strain;
        pk->dhg_dth = (2.0 * u[0] * t + u[1] + 2.0 * k * k * t) * inv * (1.0 + t * t) +
                      2.0 * gz * gz * t * inv; /* d(gz^2)/dtheta = 2 gz^2 tan */
    }
    /* Lorentzian: instrument X tan + Y / cos plus size (lambda in nm) */
    double sl_c = SIZE_FWHM_PER_BETA * RAD2DEG * (lambda * 0.1) / c;
    /* faults broaden as a size: Warren's 1/D_eff = 1/D + (1.5 alpha + beta) v / a is
     * the initial slope of the Fourier coefficients (area-weighted); the integral
     * breadth of that Lorentzian (1/nm, as size_inv) is half of it */
    double fa_c = pk->fault_v > 0 ? 0.5 * pk->fault_v / (0.1 * ph->phase.cell.a) : 0.0;
    double fab = 1.5 * ph->fault_alpha + ph->twin_beta;
    double inv_eff = (ph->size_lognormal ? 0.0 : ph->size_inv) + fa_c * fab;
    pk->ln_on = ph->size_lognormal;
    if (pk->ln_on) {
        /* the size profile's own transform (peak_fourier.c) */
        pk->ln_inv = ph->size_inv;
        pk->ln_sigma = ph->size_sigma;
        pk->ln_kappa = RAD2DEG * (lambda * 0.1) / c;
    }
    double hl = u[3] * t + u[4] / c + sl_c * inv_eff;
    if (!isfinite(hl))
        return -1;
    if (hl < 0) {
        pk->hl = 0;
        pk->hl_clamped = 1;
    } else {
        pk->hl = hl;
        pk->dhl_dxy[0] = t;
        pk->dhl_dxy[1] = 1.0 / c;
        pk->dhl_dsize = ph->size_lognormal ? 0.0 : sl_c;
        pk->dhl_dlnlam = sl_c * inv_eff;
        pk->dhl_dfault = 1.5 * sl_c * fa_c;
        pk->dhl_dtwin = sl_c * fa_c;
        pk->dhl_da_fault = -sl_c * fa_c * fab / ph->phase.cell.a;
        /* d/dtheta of X tan + (Y + K lambda s) / cos */
        pk->dhl_dth = u[3] * (1.0 + t * t) + (u[4] + sl_c * c * inv_eff) * t / c;
    }
    return 0;
}

/* bV = bG / erfcx(bL / (sqrt(pi) bG)): the integral breadth of a Voigt
 * (exp(-k^2) / erfc(k) without its underflow) */
static double voigt_breadth(double bl, double bg)
{
    if (!(bg > 0))
        return bl > 0 ? bl : 0.0;
    if (!(bl > 0))
        return bg;
    return bg / erfcx(bl / (sqrt(M_PI) * bg));
}

double xrdi_size_inv_lvol(double inv_l, double inv_g, double *d_l, double *d_g)
{
    double v = voigt_breadth(inv_l, inv_g);
    double h = 1e-6 * (fabs(inv_l) + fabs(inv_g)) + 1e-12;
    if (d_l)
        *d_l = inv_g > 0 ? (voigt_breadth(inv_l + h, inv_g) -
                            voigt_breadth(inv_l > h ? inv_l - h : 0.0, inv_g)) /
                               (h + (inv_l > h ? h : inv_l))
                         : 1.0;
    if (d_g)
        *d_g = inv_g > 0 ? (voigt_breadth(inv_l, inv_g + h) -
                            voigt_breadth(inv_l, inv_g > h ? inv_g - h : 0.0)) /
                               (h + (inv_g > h ? h : inv_g))
                         : 0.0;
    return v;
}

int xrdi_peak_setup(const xrdi_model *m, int p, size_t k, int l, xrdi_peak *pk)
{
    const xrdi_mphase *ph = &m->ph[p];
    const xrdi_refl *r = &ph->refl[k];
    const xrd_instrument *in = &m->inst;
    double lambda = in->rad.lambda_A[l];
    double q, dq[XRDI_MAX_CELL];
    memset(pk, 0, sizeof *pk);
    xrdi_cell_q(ph, r->h, r->k, r->l, &q, dq);
    if (!(q > 0) || !isfinite(q))
        return -1;
    /* radial distortion: the ring of 1/d = sqrt(q) appears at sqrt(q) (1 + k3 q),
     * i.e. at qa = q (1 + k3 q)^2, with dqa/dq = (1 + k3 q)(1 + 3 k3 q) */
    double k3 = in->radial_k3_A2, u = 1.0 + k3 * q;
    double qa = q * u * u, jq = u * (1.0 + 3.0 * k3 * q);
    if (!(qa > 0) || !(jq > 0))
        return 0;
    double s = 0.5 * lambda * sqrt(qa);
    if (s >= 0.99999)
        return 0;
    double th = asin(s), c = cos(th);
    pk->theta_rad = th;
    for (int j = 0; j < XRDI_MAX_CELL; j++)
        pk->dq[j] = dq[j];
    /* d(2theta)/dqa in degrees: 2 d(theta)/dqa = lambda / (2 sqrt(qa) cos) */
    double d2t_dqa = RAD2DEG * lambda / (2.0 * sqrt(qa) * c), d2t_dq = d2t_dqa * jq;
    pk->dth_dq = lambda / (4.0 * sqrt(qa) * c) * jq;
    double disp = 0.0, ddisp_dth = 0.0;
    if (in->geometry == XRD_GEOM_BRAGG_BRENTANO && in->radius_mm > 0) {
        pk->dpos_ddisp = -2.0 * c / in->radius_mm * RAD2DEG;
        disp = in->displacement_mm * pk->dpos_ddisp;
        ddisp_dth = 2.0 * in->displacement_mm * s / in->radius_mm * RAD2DEG;
    }
    pk->pos_deg = 2.0 * th * RAD2DEG + in->zero_deg + disp;
    pk->dpos_dzero = 1.0;
    double shift_f = 1.0 + ddisp_dth / (2.0 * RAD2DEG);
    pk->dpos_dq = d2t_dq * shift_f;
    /* lambda enters theta as lambda sqrt(qa): d/d lambda_0 = dpos/dqa 2qa / lambda_0 */
    pk->dpos_dlambda0 = d2t_dqa * shift_f * 2.0 * qa / in->rad.lambda_A[0];
    pk->dpos_dradial = d2t_dqa * shift_f * 2.0 * q * q * u;
    pk->dth_dradial = lambda / (4.0 * sqrt(qa) * c) * 2.0 * q * q * u;
    /* theta = asin(lambda sqrt(qa) / 2), every line's lambda in its ratio to lambda_0 */
    pk->dth_dlambda0 = sqrt(qa) / (2.0 * c) * lambda / in->rad.lambda_A[0];
    if (r->fault_g != 0.0) {
        /* Warren's shift of a faulted fcc reflection, (90 sqrt3 / pi^2) alpha G tan theta */
        double t = tan(th), cf = XRDI_FAULT_SHIFT_DEG * r->fault_g;
        double ds_dth = cf * ph->fault_alpha * (1.0 + t * t);
        pk->pos_deg += cf * ph->fault_alpha * t;
        pk->dpos_dfault = cf * t;
        pk->dpos_dq += ds_dth * pk->dth_dq;
        pk->dpos_dlambda0 += ds_dth * pk->dth_dlambda0;
        pk->dpos_dradial += ds_dth * pk->dth_dradial;
    }
    pk->fault_v = r->fault_v;
    if (ph->twin_on && r->fault_t != 0.0) {
        pk->twin_on = 1;
        pk->twin_dk = r->fault_t / sqrt(3.0);
        pk->twin_k = ph->twin_beta * pk->twin_dk;
        pk->twin_rod = r->twin_rod;
    }

    pk->env_phase = -1;
    if (m->env) {
        pk->env_phase = p;
        pk->env_ln0 = xrdi_envelope_ln(m->env, p, pk->pos_deg, &pk->env_dln);
        pk->env_g0inv = exp(-pk->env_ln0);
        pk->tan_th = tan(th);
        if (!isfinite(pk->env_ln0) || !isfinite(pk->env_dln))
            return -1;
    }
    if (xrdi_peak_widths(m, ph, lambda, th, pk))
        return -1;
    pk->asl = in->asym_sl;
    pk->ahl = m->asym_tied ? in->asym_sl : in->asym_hl;

    double w = l == 0 ? 1.0 : in->rad.weight[l];
    pk->amp = r->intensity * ph->scale * w * (r->cluster >= 0 ? m->cluster_scale[r->cluster] : 1.0);

    /* a lognormal size profile's tails fall faster than a Lorentzian's of its
     * integral breadth: that Lorentzian bounds its window */
    double shape[2] = {pk->hg, pk->hl + (pk->ln_on ? pk->ln_kappa * pk->ln_inv : 0.0)};
    double half = m->prof->window(shape, m->tail);
    /* the FCJ tail reaches beyond the symmetric window on one side */
    double ext = xrd_fcj_extent(pk->pos_deg, pk->asl, pk->ahl);
    if (!isfinite(ext))
        ext = 0.0;
    /* the twin faults' term reaches pi / twin_rod (peak_twin.c) */
    if (pk->twin_on && pk->twin_rod > 0 && M_PI / pk->twin_rod > half)
        half = M_PI / pk->twin_rod;
    pk->lo_deg = pk->pos_deg - half + (ext < 0 ? ext : 0.0);
    pk->hi_deg = pk->pos_deg + half + (ext > 0 ? ext : 0.0);
    return 1;
}

/* FCJ_MOMENT_RATIO, FWHM2_PER_VAR: see moments() below */
#define FCJ_MOMENT_RATIO 0.2
#define FWHM2_PER_VAR 5.545177444479562 /* 8 ln 2 */

/* Asymmetry is convolved in only within this many FWHM (plus the FCJ extent)
 * of the peak: further out a kernel much narrower than the distance leaves
 * the smooth tail unchanged to well below the counting noise. */
#define FCJ_CORE_FWHM 8.0

/* the derivatives wrt a lognormal distribution's 1/LVol and sigma */
typedef struct {
    double *size, *sigma;
} ln_out;

static int symmetric(const xrdi_model *m, const xrdi_peak *pk, const double *x, size_t cnt,
                     double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym,
                     ln_out lo, double *scratch)
{
    if (pk->ln_on) {
        if (xrdi_peak_fourier(pk, x, cnt, val, d_pos, d_hg, d_hl, lo.size, lo.sigma))
            return -1;
        if (d_pos)
            memset(d_asym, 0, cnt * sizeof(double));
        return 0;
    }
    if (m->prof->kind == XRD_PROFILE_TCH) {
        xrdi_peak_tch(pk, 0, x, cnt, val, d_pos, d_hg, d_hl, d_asym);
        return 0;
    }
    double shape[2] = {pk->hg, pk->hl};
    double *dx = scratch;
    for (size_t i = 0; i < cnt; i++)
        dx[i] = x[i] - pk->pos_deg;
    if (!d_pos) {
        m->prof->eval(dx, cnt, shape, val, NULL, NULL);
        return 0;
    }
    double *dsh = scratch + cnt;
    m->prof->eval(dx, cnt, shape, val, d_pos, dsh);
    for (size_t i = 0; i < cnt; i++) {
        d_pos[i] = -d_pos[i]; /* d/d(pos) = -d/d(dx) */
        d_hg[i] = dsh[i];
        d_hl[i] = dsh[cnt + i];
        d_asym[i] = 0.0;
    }
    return 0;
}

/* Kernel much narrower than the peak: symmetric profile shifted by the FCJ
 * mean and with the kernel variance added to the Gaussian width (second-order
 * accurate). The tied asymmetry derivative goes through the moments. */

/* The kernel's mean and variance and their derivatives into pk (those wrt the
 * asymmetry only when with_asym; else 0). 0, or -1. */
int xrdi_peak_moments(xrdi_peak *pk, int with_asym)
{
    double mu, var;
    if (xrd_fcj_moments(pk->pos_deg, pk->asl, pk->ahl, &mu, &var, NULL) != XRD_OK)
        return -1;
    pk->dmu = pk->dvar = 0.0;
    if (with_asym) {
        /* central differences where both sides exist, forward at the bound */
        double e = 1e-4 * (pk->asl + pk->ahl + 1e-3), em = pk->asl >= e && pk->ahl >= e ? e : 0.0;
        double mu1 = mu, var1 = var, mu2, var2;
        if (xrd_fcj_moments(pk->pos_deg, pk->asl + e, pk->ahl + e, &mu2, &var2, NULL) != XRD_OK ||
            (em > 0 &&
             xrd_fcj_moments(pk->pos_deg, pk->asl - em, pk->ahl - em, &mu1, &var1, NULL) != XRD_OK))
            return -1;
        pk->dmu = (mu2 - mu1) / (e + em);
        pk->dvar = (var2 - var1) / (e + em);
    }
    /* the kernel moves with the peak's own angle too (smoothly: a forward
     * difference over 1e-4 deg is exact to far below the counting noise) */
    double ep = 1e-4, mu3, var3;
    if (xrd_fcj_moments(pk->pos_deg + ep, pk->asl, pk->ahl, &mu3, &var3, NULL) != XRD_OK)
        return -1;
    pk->mu = mu;
    pk->var = var;
    pk->dmu_dpos = (mu3 - mu) / ep;
    pk->dvar_dpos = (var3 - var) / ep;
    pk->mom_ok = 1;
    return 0;
}

static int uses_moments(const xrdi_peak *pk, double *ext_out)
{
    if (!(pk->asl > 0 || pk->ahl > 0))
        return 0;
    /* a lognormal size profile has no convolution with the FCJ kernel: its
     * peaks are broad, the moments' second order holds (and at low angles
     * with a sharp one the approximation is stated, docs/size_lognormal.md) */
    if (pk->ln_on) {
        if (ext_out)
            *ext_out = 0;
        return 1;
    }
    double H;
    xrd_tch_mix(pk->hg, pk->hl, &H, NULL, NULL, NULL, NULL, NULL);
    double ext = fabs(xrd_fcj_extent(pk->pos_deg, pk->asl, pk->ahl));
    if (!isfinite(ext))
        ext = 0;
    if (ext_out)
        *ext_out = ext;
    return ext < FCJ_MOMENT_RATIO * H;
}

static int moments(const xrdi_model *m, const xrdi_peak *pk, const double *x, size_t cnt,
                   double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym,
                   ln_out lo, double *scratch)
{
    xrdi_peak q = *pk;
    if (!q.mom_ok && xrdi_peak_moments(&q, 1))
        return -1;
    if (m->prof->kind == XRD_PROFILE_TCH && !pk->ln_on) {
        xrdi_peak_tch(&q, 1, x, cnt, val, d_pos, d_hg, d_hl, d_asym);
        return 0;
    }
    q.pos_deg = pk->pos_deg + q.mu;
    q.hg = sqrt(pk->hg * pk->hg + FWHM2_PER_VAR * q.var);
    if (symmetric(m, &q, x, cnt, val, d_pos, d_hg, d_hl, d_asym, lo, scratch))
        return -1;
    if (!d_pos)
        return 0;
    /* chain: d/d hg(orig) = d/d hg(eff) * hg/hg_eff; asymmetry through mu and var */
    double g = q.hg > 0 ? pk->hg / q.hg : 1.0;
    double dmu = q.dmu, dvar = q.dvar, dmu_dpos = q.dmu_dpos, dvar_dpos = q.dvar_dpos;
    double dhg_dvar = 0.5 * FWHM2_PER_VAR / q.hg;
    for (size_t i = 0; i < cnt; i++) {
        double dh = d_hg[i], dp = d_pos[i];
        d_asym[i] = dp * dmu + dh * dhg_dvar * dvar;
        d_pos[i] = dp * (1.0 + dmu_dpos) + dh * dhg_dvar * dvar_dpos;
        d_hg[i] = dh * g;
    }
    return 0;
}

static int profile_2theta(const xrdi_model *m, const xrdi_peak *pk, const double *x, size_t cnt,
                          double *val, double *d_pos, double *d_hg, double *d_hl,
                          double *d_asym, ln_out lo, double *scratch)
{
    if (!(pk->asl > 0 || pk->ahl > 0))
        return symmetric(m, pk, x, cnt, val, d_pos, d_hg, d_hl, d_asym, lo, scratch);
    double H, ext = 0;
    xrd_tch_mix(pk->hg, pk->hl, &H, NULL, NULL, NULL, NULL, NULL);
    if (uses_moments(pk, &ext))
        return moments(m, pk, x, cnt, val, d_pos, d_hg, d_hl, d_asym, lo, scratch);
    size_t a = xrdi_lower_bound(x, cnt, pk->pos_deg - FCJ_CORE_FWHM * H - ext);
    size_t b = xrdi_lower_bound(x, cnt, pk->pos_deg + FCJ_CORE_FWHM * H + ext);
    /* tails on both sides: symmetric profile */
    ln_out none = {NULL, NULL};
    if (a > 0 && symmetric(m, pk, x, a, val, d_pos, d_hg, d_hl, d_asym, none, scratch))
        return -1;
    if (b < cnt &&
        symmetric(m, pk, x + b, cnt - b, val + b, d_pos ? d_pos + b : NULL,
                  d_hg ? d_hg + b : NULL, d_hl ? d_hl + b : NULL, d_asym ? d_asym + b : NULL,
                  none, scratch))
        return -1;
    size_t c = b - a;
    if (c == 0)
        return 0;
    double shape[2] = {pk->hg, pk->hl};
    /* scratch: 2c shape derivatives + 2c asymmetry derivatives */
    double *dsh = scratch, *dsl = scratch + 2 * c, *dhl = scratch + 3 * c;
    xrd_status st = xrd_fcj_eval(m->prof, shape, pk->pos_deg, pk->asl, pk->ahl, x + a, c,
                                 val + a, d_pos ? d_pos + a : NULL, d_pos ? dsh : NULL,
                                 d_pos ? dsl : NULL, d_pos ? dhl : NULL, NULL);
    if (st != XRD_OK)
        return -1;
    if (d_pos) {
        memcpy(d_hg + a, dsh, c * sizeof(double));
        memcpy(d_hl + a, dsh + c, c * sizeof(double));
        for (size_t i = 0; i < c; i++)
            d_asym[a + i] = dsl[i] + dhl[i];
    }
    return 0;
}

/* Beyond this |eps| (rad, half the distance in 2theta: 92 deg) the series of
 * sin and 1 - cos below lose 1e-12 relative: libm there */
#define EPS_SERIES 0.8

/* sin eps and 1 - cos eps by their series (|eps| < EPS_SERIES) */
static inline void sin_omc(double e, double *sn, double *omc)
{
    /* products with the reciprocals, folded at compile time: no divisions */
    double e2 = e * e;
    *sn = e * (1.0 - e2 * (1.0 / 6) * (1.0 - e2 * (1.0 / 20) * (1.0 - e2 * (1.0 / 42) *
          (1.0 - e2 * (1.0 / 72) * (1.0 - e2 * (1.0 / 110) * (1.0 - e2 * (1.0 / 156)))))));
    *omc = 0.5 * e2 * (1.0 - e2 * (1.0 / 12) * (1.0 - e2 * (1.0 / 30) * (1.0 - e2 * (1.0 / 56) *
           (1.0 - e2 * (1.0 / 90) * (1.0 - e2 * (1.0 / 132))))));
}

/* Within this of the table, a quadratic in x - position stands for g(x) / g(position) */
#define ENV_QUAD_TOL 1e-7

/* g(x) / g(position) of the envelope at the points, into g. Across a window
 * narrow against the envelope's own scale (sharp peaks) the quadratic
 * 1 + dln d + b2 d^2 (d = x - position, dln = d ln g / d position; b2 through
 * the window's far end) when it meets the table within ENV_QUAD_TOL at the
 * other end and the middle: no table loads per point; else the table
 * (xrdi_envelope_g_tab with its constants in registers). */
static void envelope_factors(const xrdi_envelope_phase *tab, double g0inv, double pos, double dln,
                             const double *restrict x, size_t cnt, double *restrict g)
{
    if (cnt == 0)
        return;
    double da = x[0] - pos, db = x[cnt - 1] - pos;
    if (da < 0 && db > 0) {
        double far = -da > db ? da : db, near = far == da ? db : da;
        double gf = xrdi_envelope_g_tab(tab, pos + far) * g0inv;
        double b2 = (gf - 1.0 - dln * far) / (far * far);
        double gn = xrdi_envelope_g_tab(tab, pos + near) * g0inv;
        double gm = xrdi_envelope_g_tab(tab, pos + 0.5 * far) * g0inv;
        double hm = 0.5 * far;
        if (fabs(1.0 + near * (dln + b2 * near) - gn) < ENV_QUAD_TOL &&
            fabs(1.0 + hm * (dln + b2 * hm) - gm) < ENV_QUAD_TOL) {
            for (size_t i = 0; i < cnt; i++) {
                double d = x[i] - pos;
                g[i] = 1.0 + d * (dln + b2 * d);
            }
            return;
        }
    }
    const double t0 = tab->t0_deg, idt = tab->inv_dt, um = tab->u_max;
    const double *restrict gt = tab->g;
    for (size_t i = 0; i < cnt; i++) {
        double u = (x[i] - t0) * idt;
        u = u > 0.0 ? u : 0.0;
        u = u < um ? u : um;
        long k = (long)u;
        double w = u - (double)k;
        g[i] = (gt[k] + w * (gt[k + 1] - gt[k])) * g0inv;
    }
}

/* the core's derivatives times the envelope g; the position's through the q
 * mapping (fac) and g's own slope dln; d_th (may be NULL) = -g d_pos d_th */
static void envelope_derivs(const double *restrict g, const double *restrict fac,
                            const double *restrict val, double dln, size_t cnt,
                            double *restrict d_pos, double *restrict d_hg, double *restrict d_hl,
                            double *restrict d_asym, double *restrict d_th)
{
    if (d_th)
        for (size_t i = 0; i < cnt; i++)
            d_th[i] *= -g[i] * d_pos[i];
    for (size_t i = 0; i < cnt; i++) {
        d_pos[i] = g[i] * (d_pos[i] * fac[i] - val[i] * dln);
        d_hg[i] *= g[i];
        d_hl[i] *= g[i];
        d_asym[i] *= g[i];
    }
}

/* The profile in q at the points x (docs/envelope.md): the 2theta-profile of
 * pk evaluated at pos + u(x), u the distance in q from the peak mapped to
 * degrees at the peak, u = (sin eps - tan(theta) (1 - cos eps)) / (pi / 360)
 * with eps = (x - pos) pi / 360, and multiplied by exp(ln g(x) - ln g(pos)). */
int xrdi_peak_profile(const xrdi_model *m, const xrdi_peak *pk, const double *x, size_t cnt,
                      double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym,
                      double *d_th, double *d_size, double *d_sigma, double *d_twin,
                      double *scratch)
{
    ln_out lo = {d_size, d_sigma};
    if (pk->ln_on && d_pos && (!d_size || !d_sigma))
        return -1;
    if (pk->env_phase < 0 || !m->env) {
        if (d_pos && d_th)
            memset(d_th, 0, cnt * sizeof(double));
        if (profile_2theta(m, pk, x, cnt, val, d_pos, d_hg, d_hl, d_asym, lo, scratch))
            return -1;
        return pk->twin_on ? xrdi_peak_twin_add(pk, x, cnt, val, d_pos, d_hg, d_hl, d_asym,
                                                d_twin, scratch)
                           : 0;
    }
    double *xe = scratch + 4 * cnt, *fac = scratch + 5 * cnt;
    const double hr = M_PI / 360.0, ihr = 360.0 / M_PI, t = pk->tan_th, pos = pk->pos_deg;
    /* the points are sorted: the window's ends bound |eps| */
    int series = cnt == 0 || (fabs(x[0] - pos) * hr < EPS_SERIES &&
                              fabs(x[cnt - 1] - pos) * hr < EPS_SERIES);
    int want_th = d_pos && d_th;
    /* -du/dpos at a fixed tan(theta): du/deps = cos eps - tan(theta) sin eps;
     * du/dtheta = du/dtan (1 + tan^2) = -(1 - cos eps) (1 + tan^2) / hr, kept in
     * d_th until the profile's derivative multiplies it. The window within the
     * series' range (nearly always) runs as branch-free loops that vectorise. */
    if (series && want_th) {
        const double kth = -(1.0 + t * t) * ihr;
        for (size_t i = 0; i < cnt; i++) {
            double sn, omc;
            sin_omc((x[i] - pos) * hr, &sn, &omc);
            xe[i] = pos + (sn - t * omc) * ihr;
            fac[i] = (1.0 - omc) - t * sn;
            d_th[i] = kth * omc;
        }
    } else if (series) {
        for (size_t i = 0; i < cnt; i++) {
            double sn, omc;
            sin_omc((x[i] - pos) * hr, &sn, &omc);
            xe[i] = pos + (sn - t * omc) * ihr;
            fac[i] = (1.0 - omc) - t * sn;
        }
    } else {
        for (size_t i = 0; i < cnt; i++) {
            double e = (x[i] - pos) * hr, sn, omc;
            if (fabs(e) < EPS_SERIES) {
                sin_omc(e, &sn, &omc);
            } else {
                sn = sin(e);
                omc = 1.0 - cos(e);
            }
            xe[i] = pos + (sn - t * omc) * ihr;
            fac[i] = (1.0 - omc) - t * sn;
            if (want_th)
                d_th[i] = -omc * (1.0 + t * t) * ihr;
        }
    }
    if (profile_2theta(m, pk, xe, cnt, val, d_pos, d_hg, d_hl, d_asym, lo, scratch))
        return -1;
    if (pk->twin_on &&
        xrdi_peak_twin_add(pk, xe, cnt, val, d_pos, d_hg, d_hl, d_asym, d_twin, scratch))
        return -1;
    envelope_factors(&m->env->ph[pk->env_phase], pk->env_g0inv, pos, pk->env_dln, x, cnt, xe);
    if (d_pos)
        envelope_derivs(xe, fac, val, pk->env_dln, cnt, d_pos, d_hg, d_hl, d_asym, d_th);
    if (d_pos && pk->ln_on)
        for (size_t i = 0; i < cnt; i++) {
            d_size[i] *= xe[i];
            d_sigma[i] *= xe[i];
        }
    if (d_pos && pk->twin_on)
        for (size_t i = 0; i < cnt; i++)
            d_twin[i] *= xe[i];
    for (size_t i = 0; i < cnt; i++)
        val[i] *= xe[i];
    return 0;
}

int xrdi_peak_cache_fill(const xrdi_model *m, int with_asym, xrdi_peak_cache *c)
{
    memset(c, 0, sizeof *c);
    if (m->n_phases > 16)
        return -1;
    int nl = m->inst.rad.n_lines;
    size_t n = 0;
    for (int p = 0; p < m->n_phases; p++) {
        c->off[p] = n;
        n += m->ph[p].n_refl * (size_t)nl;
    }
    c->n = n;
    c->n_lines = nl;
    c->pk = malloc((n ? n : 1) * sizeof(xrdi_peak));
    c->status = malloc(n ? n : 1);
    if (!c->pk || !c->status) {
        xrdi_peak_cache_free(c);
        return -1;
    }
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            for (int l = 0; l < nl; l++) {
                size_t ix = c->off[p] + k * (size_t)nl + (size_t)l;
                xrdi_peak *pk = &c->pk[ix];
                int s = m->ph[p].refl[k].off ? 0 : xrdi_peak_setup(m, p, k, l, pk);
                if (s == 1 && pk->hi_deg >= m->x[0] && pk->lo_deg <= m->x[m->n - 1] &&
                    uses_moments(pk, NULL) && xrdi_peak_moments(pk, with_asym))
                    s = -1;
                c->status[ix] = (signed char)s;
            }
    return 0;
}

void xrdi_peak_cache_free(xrdi_peak_cache *c)
{
    free(c->pk);
    free(c->status);
    memset(c, 0, sizeof *c);
}
