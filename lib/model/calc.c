/* Evaluation of the calculated pattern and its analytic Jacobian (internal).
 * Cost: points x overlapping peaks; each peak is evaluated on its window only.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/peak.h"
#include "model/size_lognormal.h"

/* Chain coefficients of one peak to one parameter column. */
typedef struct {
    size_t j;
    double cpos, chg, chl, casym, cval, cth, csz, csg, ctw;
} coef;

static int build_coefs(const xrdi_model *m, const xrdi_pref *refs, size_t np, int p, size_t k,
                       int l, const xrdi_peak *pk, coef *out)
{
    int nc = 0;
    const xrdi_mphase *ph = &m->ph[p];
    double w = l == 0 ? 1.0 : m->inst.rad.weight[l];
    int cl = ph->refl[k].cluster;
    double cs = cl >= 0 ? m->cluster_scale[cl] : 1.0;
    for (size_t j = 0; j < np; j++) {
        coef c = {j, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        xrdi_pref r = refs[j];
        /* a lognormal size profile depends on 1/LVol x kappa, kappa ~ lambda / cos */
        const double zth = pk->ln_on ? pk->ln_inv * tan(pk->theta_rad) : 0.0;
        switch (r.kind) {
        case XRDI_P_ZERO: c.cpos = pk->dpos_dzero; break;
        case XRDI_P_DISP: c.cpos = pk->dpos_ddisp; break;
        case XRDI_P_WAVELENGTH: {
            /* the position, and through the Bragg angle and lambda the widths and
             * the envelope's mapping */
            double il0 = 1.0 / m->inst.rad.lambda_A[0];
            c.cpos = pk->dpos_dlambda0;
            c.cth = pk->dth_dlambda0;
            c.chg = pk->dhg_dth * pk->dth_dlambda0 + pk->dhg_dlnlam * il0;
            c.chl = pk->dhl_dth * pk->dth_dlambda0 + pk->dhl_dlnlam * il0;
            c.csz = zth * pk->dth_dlambda0 + (pk->ln_on ? pk->ln_inv * il0 : 0.0);
            break;
        }
        case XRDI_P_RADIAL:
            c.cpos = pk->dpos_dradial;
            c.cth = pk->dth_dradial;
            c.chg = pk->dhg_dth * pk->dth_dradial;
            c.chl = pk->dhl_dth * pk->dth_dradial;
            c.csz = zth * pk->dth_dradial;
            break;
        case XRDI_P_U: case XRDI_P_V: case XRDI_P_W:
            c.chg = pk->dhg_duvw[r.kind - XRDI_P_U];
            break;
        case XRDI_P_X: case XRDI_P_Y:
            c.chl = pk->dhl_dxy[r.kind - XRDI_P_X];
            break;
        case XRDI_P_ASYM: c.casym = 1.0; break;
        case XRDI_P_K2RATIO:
            if (l == 1)
                c.cval = ph->refl[k].intensity * ph->scale * cs;
            break;
        case XRDI_P_CELL:
            if (r.phase == p) {
                c.cpos = pk->dpos_dq * pk->dq[r.index];
                /* the q mapping follows the Bragg angle (envelope) */
                c.cth = pk->dth_dq * pk->dq[r.index];
                /* widths follow the Bragg angle too */
                c.chg = pk->dhg_dth * pk->dth_dq * pk->dq[r.index];
                c.chl = pk->dhl_dth * pk->dth_dq * pk->dq[r.index];
                c.csz = zth * pk->dth_dq * pk->dq[r.index];
                /* the fault breadth goes as 1/a (cubic: the one free parameter is a) */
                if (ph->n_cell_free == 1)
                    c.chl += pk->dhl_da_fault;
            }
            break;
        case XRDI_P_FAULT:
            if (r.phase == p) {
                c.cpos = pk->dpos_dfault;
                c.chl = pk->dhl_dfault;
            }
            break;
        case XRDI_P_TWIN:
            if (r.phase == p) {
                c.chl = pk->dhl_dtwin; /* every faulted family broadens */
                c.ctw = pk->twin_dk; /* 0 without the twin term */
            }
            break;
        case XRDI_P_SIZE:
            if (r.phase == p) {
                c.chl = pk->dhl_dsize;
                c.chg = pk->dhg_dsize; /* the Gaussian part is a ratio of it */
                c.csz = pk->ln_on ? 1.0 : 0.0;
            }
            break;
        case XRDI_P_SIZE_SIGMA:
            if (r.phase == p && pk->ln_on)
                c.csg = 1.0;
            break;
        case XRDI_P_STRAIN:
            if (r.phase == p)
                c.chg = pk->dhg_dstrain;
            break;
        case XRDI_P_SIZE_G:
            if (r.phase == p)
                c.chg = pk->dhg_dsize_g;
            break;
        case XRDI_P_SCALE:
            if (r.phase == p)
                c.cval = ph->refl[k].intensity * w * cs;
            break;
        case XRDI_P_INTENSITY:
            if (r.phase == p && (size_t)r.index == k)
                c.cval = ph->scale * w * cs;
            else if (r.phase == p && ph->refl[k].tie == r.index)
                c.cval = ph->refl[k].tie_ratio * ph->scale * w * cs;
            break;
        case XRDI_P_CLUSTER:
            if (ph->refl[k].cluster == r.index)
                c.cval = ph->refl[k].intensity * ph->scale * w;
            break;
        case XRDI_P_SR_P:
        case XRDI_P_SR_Q:
            if (ph->rietveld) {
                double dp, dq;
                xrdi_surface_roughness(m, ph->refl[k].d_A, &dp, &dq);
                c.cval = (r.kind == XRDI_P_SR_P ? dp : dq) * ph->refl[k].intensity * ph->scale *
                         w * cs;
            }
            break;
        case XRDI_P_MD:
            if (r.phase == p && ph->md_on)
                c.cval = ph->refl[k].d_md * ph->scale * w * cs;
            break;
        case XRDI_P_BISO:
            /* I = i_struct exp(-B / 2d^2): dI/dB = -I / 2d^2 */
            if (r.phase == p && ph->rietveld)
                c.cval = -0.5 / (ph->refl[k].d_A * ph->refl[k].d_A) * ph->refl[k].intensity *
                         ph->scale * w * cs;
            break;
        default:
            break;
        }
        if (c.cpos != 0 || c.chg != 0 || c.chl != 0 || c.casym != 0 || c.cval != 0 ||
            c.cth != 0 || c.csz != 0 || c.csg != 0 || c.ctw != 0)
            out[nc++] = c;
    }
    return nc;
}

#define N_TERMS 9
/* col += sum of k[t] * a[t] over the terms whose coefficient is not 0 (a
 * position, width or intensity column uses one to four of the nine) */
static void add_combination(double *restrict col, size_t cnt, const double kk[N_TERMS],
                            const double *const aa[N_TERMS])
{
    double k[N_TERMS] = {0};
    const double *a[N_TERMS] = {NULL};
    int nt = 0;
    for (int t = 0; t < N_TERMS; t++)
        if (kk[t] != 0.0) {
            k[nt] = kk[t];
            a[nt++] = aa[t];
        }
    const double *restrict a0 = a[0], *restrict a1 = a[1], *restrict a2 = a[2];
    switch (nt) {
    case 0:
        return;
    case 1:
        for (size_t i = 0; i < cnt; i++)
            col[i] += k[0] * a0[i];
        return;
    case 2:
        for (size_t i = 0; i < cnt; i++)
            col[i] += k[0] * a0[i] + k[1] * a1[i];
        return;
    case 3:
        for (size_t i = 0; i < cnt; i++)
            col[i] += k[0] * a0[i] + k[1] * a1[i] + k[2] * a2[i];
        return;
    default:
        for (int t = 0; t < nt; t++) {
            const double *restrict at = a[t];
            for (size_t i = 0; i < cnt; i++)
                col[i] += k[t] * at[i];
        }
    }
}


static int is_background(xrdi_pkind k)
{
    return k == XRDI_P_BKG || k == XRDI_P_INVX || k == XRDI_P_HUMP_H || k == XRDI_P_HUMP_C ||
           k == XRDI_P_HUMP_W || k == XRDI_P_FILM_A || k == XRDI_P_FILM_P || k == XRDI_P_RING_H ||
           k == XRDI_P_RING_C || k == XRDI_P_RING_W;
}

/* The background columns of a column-major J (column j at J + j * cs, zeroed):
 * Chebyshev terms by the recurrence run down whole columns. */
static void background_columns(const xrdi_model *m, const xrdi_pref *refs, size_t np, double *J,
                               size_t cs)
{
    size_t n = m->n;
    const double *x = m->x;
    double *col[XRD_MAX_CHEB] = {NULL};
    int kmax = 0;
    for (size_t j = 0; j < np; j++) {
        if (refs[j].kind == XRDI_P_BKG && refs[j].index >= 0 && refs[j].index < XRD_MAX_CHEB) {
            col[refs[j].index] = J + j * cs;
            if (refs[j].index + 1 > kmax)
                kmax = refs[j].index + 1;
        } else if (is_background(refs[j].kind)) {
            for (size_t i = 0; i < n; i++)
                J[j * cs + i] = xrdi_background_deriv(m, refs[j], x[i]);
        }
    }
    if (kmax == 0)
        return;
    /* T0 = 1, T1 = t, Tk = 2 t T(k-1) - T(k-2); a term not refined still
     * carries the recurrence, in a column of its own */
    double *tmp = NULL;
    for (int k = 0; k < kmax; k++)
        if (!col[k]) {
            if (!tmp && !(tmp = malloc(4 * n * sizeof(double)))) {
                for (size_t j = 0; j < np; j++)
                    if (refs[j].kind == XRDI_P_BKG)
                        for (size_t i = 0; i < n; i++)
                            J[j * cs + i] = xrdi_background_deriv(m, refs[j], x[i]);
                return;
            }
            /* t (term 1) keeps a slot of its own; the others rotate over three */
            col[k] = tmp + (k == 1 ? 3 : (size_t)(k % 3)) * n;
        }
    const double s = 2.0 / (m->x_hi - m->x_lo), o = -(m->x_lo + m->x_hi) / (m->x_hi - m->x_lo);
    double *restrict c0 = col[0];
    for (size_t i = 0; i < n; i++)
        c0[i] = 1.0;
    if (kmax > 1) {
        double *restrict c1 = col[1];
        for (size_t i = 0; i < n; i++)
            c1[i] = s * x[i] + o;
    }
    for (int k = 2; k < kmax; k++) {
        double *restrict ck = col[k];
        const double *restrict t = col[1], *restrict a = col[k - 1], *restrict b = col[k - 2];
        for (size_t i = 0; i < n; i++)
            ck[i] = 2.0 * t[i] * a[i] - b[i];
    }
    free(tmp);
}

/* J element (point i, parameter j) at J[i * rs + j * cs]: row-major (rs = np,
 * cs = 1) or column-major (rs = 1, cs = n). */
static int eval_core(const xrdi_model *m, const xrdi_pref *refs, size_t np, double *yc,
                     double *J, size_t rs, size_t cs, int weighted, double **phase_curve)
{
    size_t n = m->n;
    const double *x = m->x;
    if (m->counts) {
        m->counts->evals++;
        m->counts->jacobians += J != NULL;
    }
    if (yc)
        for (size_t i = 0; i < n; i++)
            yc[i] = xrdi_background_at(m, x[i]);
    if (J && rs == 1) {
        memset(J, 0, n * np * sizeof(double));
        background_columns(m, refs, np, J, cs);
    } else if (J) {
        memset(J, 0, n * np * sizeof(double));
        int kmax = 0, other = 0;
        for (size_t j = 0; j < np; j++) {
            if (refs[j].kind == XRDI_P_BKG && refs[j].index + 1 > kmax)
                kmax = refs[j].index + 1;
            else if (refs[j].kind != XRDI_P_BKG && is_background(refs[j].kind))
                other = 1;
        }
        if (kmax > XRD_MAX_CHEB)
            kmax = XRD_MAX_CHEB;
        for (size_t i = 0; i < n && (kmax > 0 || other); i++) {
            double T[XRD_MAX_CHEB];
            xrdi_background_cheb(m, x[i], kmax, T);
            for (size_t j = 0; j < np; j++) {
                if (refs[j].kind == XRDI_P_BKG)
                    J[i * rs + j * cs] = refs[j].index < kmax ? T[refs[j].index] : 0.0;
                else if (is_background(refs[j].kind))
                    J[i * rs + j * cs] = xrdi_background_deriv(m, refs[j], x[i]);
            }
        }
    }
    if (phase_curve)
        for (int p = 0; p < m->n_phases; p++)
            memset(phase_curve[p], 0, n * sizeof(double));

    /* scratch for one peak window: val, d_pos, d_hg, d_hl, d_asym, d_th,
     * d_size, d_sigma, d_twin and XRDI_PEAK_SCRATCH more for the profile; sized to the
     * largest window met (sharp peaks of a long pattern need far less than the
     * pattern's length) */
    size_t cap = 0;
    double *buf = NULL, *val = NULL, *dpos = NULL, *dhg = NULL, *dhl = NULL, *das = NULL,
           *dth = NULL, *dsz = NULL, *dsg = NULL, *dtw = NULL, *scr = NULL;
    coef *cf = malloc((np + 1) * sizeof(coef));
    if (!cf)
        return -1;
    int rc = 0;
    xrdi_lognormal_table *lnt = NULL;
    for (int p = 0; p < m->n_phases && rc == 0; p++) {
        const xrdi_mphase *ph = &m->ph[p];
        /* a lognormal size term: A(y) of its sigma tabulated once for its peaks */
        if (ph->size_lognormal) {
            if (!lnt && !(lnt = malloc(sizeof *lnt))) {
                rc = -1;
                break;
            }
            xrdi_lognormal_table_init(lnt, ph->size_sigma);
        }
        for (size_t k = 0; k < ph->n_refl && rc == 0; k++) {
            if (ph->refl[k].off)
                continue;
            for (int l = 0; l < m->inst.rad.n_lines; l++) {
                xrdi_peak pk;
                int s;
                if (m->peaks) {
                    size_t ix = m->peaks->off[p] + k * (size_t)m->peaks->n_lines + (size_t)l;
                    s = m->peaks->status[ix];
                    pk = m->peaks->pk[ix];
                } else {
                    s = xrdi_peak_setup(m, p, k, l, &pk);
                }
                if (s < 0) {
                    rc = -1;
                    break;
                }
                if (s == 0 || pk.hi_deg < x[0] || pk.lo_deg > x[n - 1])
                    continue;
                if (pk.ln_on)
                    pk.ln_tab = lnt;
                int nc = J ? build_coefs(m, refs, np, p, k, l, &pk, cf) : 0;
                if (pk.amp == 0.0 && nc == 0)
                    continue;
                size_t i0 = xrdi_lower_bound(x, n, pk.lo_deg);
                size_t i1 = xrdi_lower_bound(x, n, pk.hi_deg);
                size_t cnt = i1 - i0;
                if (cnt == 0)
                    continue;
                if (cnt > cap) {
                    double *nb = realloc(buf, (9 + XRDI_PEAK_SCRATCH) * cnt * sizeof(double));
                    if (!nb) {
                        rc = -1;
                        break;
                    }
                    buf = nb;
                    cap = cnt;
                    val = buf;
                    dpos = buf + cap;
                    dhg = buf + 2 * cap;
                    dhl = buf + 3 * cap;
                    das = buf + 4 * cap;
                    dth = buf + 5 * cap;
                    dsz = buf + 6 * cap;
                    dsg = buf + 7 * cap;
                    dtw = buf + 8 * cap;
                    scr = buf + 9 * cap;
                }
                if (xrdi_peak_profile(m, &pk, x + i0, cnt, val, nc ? dpos : NULL, dhg, dhl,
                                      das, dth, dsz, dsg, dtw, scr)) {
                    rc = -1;
                    break;
                }
                double a = pk.amp;
                if (m->counts)
                    m->counts->peaks += (long)cnt;
                if (yc)
                    for (size_t i = 0; i < cnt; i++)
                        yc[i0 + i] += a * val[i];
                if (phase_curve)
                    for (size_t i = 0; i < cnt; i++)
                        phase_curve[p][i0 + i] += a * val[i];
                for (int c = 0; c < nc; c++) {
                    const coef *q = &cf[c];
                    double *col = J + i0 * rs + q->j * cs;
                    const double kp = a * q->cpos, kg = a * q->chg, kl = a * q->chl,
                                 ka = a * q->casym, kv = q->cval, kt = a * q->cth,
                                 kz = a * q->csz, ks = a * q->csg, kw = a * q->ctw;
                    if (rs == 1) {
                        const double kk[N_TERMS] = {kp, kg, kl, ka, kv, kt, kz, ks, kw};
                        const double *const aa[N_TERMS] = {dpos, dhg, dhl, das, val,
                                                           dth,  dsz, dsg, dtw};
                        add_combination(col, cnt, kk, aa);
                    } else
                        for (size_t i = 0; i < cnt; i++)
                            col[i * rs] += kp * dpos[i] + kg * dhg[i] + kl * dhl[i] +
                                           ka * das[i] + kv * val[i] + kt * dth[i] +
                                           (kz != 0 ? kz * dsz[i] : 0.0) +
                                           (ks != 0 ? ks * dsg[i] : 0.0) +
                                           (kw != 0 ? kw * dtw[i] : 0.0);
                }
            }
        }
    }
    free(buf);
    free(cf);
    free(lnt);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && yc; i++)
        if (!isfinite(yc[i]))
            return -1;
    if (J && weighted) {
        if (rs == 1)
            for (size_t j = 0; j < np; j++)
                for (size_t i = 0; i < n; i++)
                    J[j * cs + i] *= m->w[i];
        else
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < np; j++)
                    J[i * rs + j * cs] *= m->w[i];
    }
    return 0;
}

int xrdi_model_eval(const xrdi_model *m, const xrdi_pref *refs, size_t np, double *yc,
                    double *J, int weighted, double **phase_curve)
{
    return eval_core(m, refs, np, yc, J, np, 1, weighted, phase_curve);
}

int xrdi_model_eval_cols(const xrdi_model *m, const xrdi_pref *refs, size_t np, double *yc,
                         double *J, int weighted)
{
    return eval_core(m, refs, np, yc, J, 1, m->n, weighted, NULL);
}

int xrdi_model_refl_profile(const xrdi_model *m, int p, size_t k, double *out, size_t *i0,
                            size_t *cnt)
{
    size_t n = m->n, lo = n, hi = 0;
    xrdi_peak pk[XRD_MAX_LINES];
    if (m->ph[p].refl[k].off) {
        *i0 = 0;
        *cnt = 0;
        return 0;
    }
    int ok[XRD_MAX_LINES];
    for (int l = 0; l < m->inst.rad.n_lines; l++) {
        ok[l] = xrdi_peak_setup(m, p, k, l, &pk[l]);
        if (ok[l] < 0)
            return -1;
        if (ok[l] == 0 || pk[l].hi_deg < m->x[0] || pk[l].lo_deg > m->x[n - 1]) {
            ok[l] = 0;
            continue;
        }
        size_t a = xrdi_lower_bound(m->x, n, pk[l].lo_deg);
        size_t b = xrdi_lower_bound(m->x, n, pk[l].hi_deg);
        if (a < lo)
            lo = a;
        if (b > hi)
            hi = b;
    }
    if (hi <= lo) {
        *i0 = 0;
        *cnt = 0;
        return 0;
    }
    double *tmp = malloc((1 + XRDI_PEAK_SCRATCH) * (hi - lo) * sizeof(double));
    if (!tmp)
        return -1;
    memset(out, 0, (hi - lo) * sizeof(double));
    for (int l = 0; l < m->inst.rad.n_lines; l++) {
        if (!ok[l])
            continue;
        size_t a = xrdi_lower_bound(m->x, n, pk[l].lo_deg);
        size_t b = xrdi_lower_bound(m->x, n, pk[l].hi_deg);
        if (b <= a)
            continue;
        double *v = tmp;
        if (xrdi_peak_profile(m, &pk[l], m->x + a, b - a, v, NULL, NULL, NULL, NULL, NULL,
                              NULL, NULL, NULL, tmp + (hi - lo))) {
            free(tmp);
            return -1;
        }
        double w = l == 0 ? 1.0 : m->inst.rad.weight[l];
        for (size_t i = a; i < b; i++)
            out[i - lo] += w * v[i - a];
    }
    free(tmp);
    *i0 = lo;
    *cnt = hi - lo;
    return 0;
}

double xrdi_model_fwhm(const xrdi_model *m, int p, double d_A)
{
    double lambda = m->inst.rad.lambda_A[0];
    double s = lambda / (2.0 * d_A);
    if (s >= 1.0)
        return NAN;
    xrdi_peak pk;
    memset(&pk, 0, sizeof pk);
    if (xrdi_peak_widths(m, &m->ph[p], lambda, asin(s), &pk))
        return NAN;
    double H;
    /* a lognormal size profile's FWHM: 0.77 of its integral breadth for one
     * diameter (Langford & Wilson's spheres), narrowing with the spread */
    double hl = pk.hl + (pk.ln_on ? 0.77 * pk.ln_kappa * pk.ln_inv *
                                        exp(-pk.ln_sigma * pk.ln_sigma) : 0.0);
    xrd_tch_mix(pk.hg, hl, &H, NULL, NULL, NULL, NULL, NULL);
    return H;
}
