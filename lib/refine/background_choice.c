/* The background model of a broad-peak pattern, chosen by an information
 * criterion: after the refinement with the Chebyshev polynomial alone, the
 * same refinement is tried with an amorphous hump (free centre and width), a
 * c/x term, and both; the model with the lowest BIC wins when it beats the
 * plain one by more than BKG_DBIC_MIN (Kass & Raftery's "strong evidence"),
 * chi2 scaled by the plain model's chi2/dof so that a misfit of the peaks
 * cannot buy background terms. Broad peaks only: where the peaks are sharp,
 * the pattern between them fixes the background and the polynomial suffices.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/film.h"
#include "refine/fit_internal.h"
#include "refine/start.h"
#include "refine/strategy.h"
#include "refine/varpro.h"

#define BKG_DBIC_MIN 10.0
/* broad: the strongest peak wider than this in 2theta at Cu Ka, scaled with
 * lambda (about 15 nm crystals) */
#define BKG_BROAD_FWHM_CU_DEG 0.5
/* a hump's start: d = 4 A (amorphous carbon, polymers, glass), FWHM 8 deg at Cu Ka */
#define BKG_HUMP_D_A 4.0
#define BKG_HUMP_FWHM_CU_DEG 8.0

/* Everything a refinement moves in the model, to go back to. */
#define PH_VALUES 9

typedef struct {
    xrd_background bkg;
    xrd_instrument inst;
    double sr_p, sr_q;    /* surface roughness */
    int n_clusters;
    double cluster_scale[XRDI_MAX_CLUSTERS];
    xrd_cell *cell;
    double *ph;           /* PH_VALUES per phase: size_inv, size_g_ratio, strain, scale,
                             biso_shift, md_r, size_sigma, fault_alpha,
                             twin_beta */
    xrdi_refl **refl;     /* copies of every phase's groups */
    xrdi_final_normal final;
} model_state;

static void state_free(model_state *s, int n_phases)
{
    if (s->refl)
        for (int p = 0; p < n_phases; p++)
            free(s->refl[p]);
    free(s->refl);
    free(s->cell);
    free(s->ph);
    xrdi_final_normal_clear(&s->final);
    memset(s, 0, sizeof *s);
}

static int state_save(struct xrd_fit *f, model_state *s)
{
    xrdi_model *m = &f->m;
    memset(s, 0, sizeof *s);
    s->bkg = m->bkg;
    s->inst = m->inst;
    s->sr_p = m->sr_p;
    s->sr_q = m->sr_q;
    s->n_clusters = m->n_clusters;
    memcpy(s->cluster_scale, m->cluster_scale, sizeof s->cluster_scale);
    s->cell = malloc((size_t)m->n_phases * sizeof(xrd_cell));
    s->ph = malloc((size_t)m->n_phases * PH_VALUES * sizeof(double));
    s->refl = calloc((size_t)m->n_phases, sizeof(xrdi_refl *));
    if (!s->cell || !s->ph || !s->refl)
        return -1;
    for (int p = 0; p < m->n_phases; p++) {
        const xrdi_mphase *ph = &m->ph[p];
        s->cell[p] = ph->phase.cell;
        double *v = s->ph + PH_VALUES * p;
        v[0] = ph->size_inv;
        v[1] = ph->size_g_ratio;
        v[2] = ph->strain;
        v[3] = ph->scale;
        v[4] = ph->biso_shift;
        v[5] = ph->md_r;
        v[6] = ph->size_sigma;
        v[7] = ph->fault_alpha;
        v[8] = ph->twin_beta;
        s->refl[p] = malloc((ph->n_refl ? ph->n_refl : 1) * sizeof(xrdi_refl));
        if (!s->refl[p])
            return -1;
        memcpy(s->refl[p], ph->refl, ph->n_refl * sizeof(xrdi_refl));
    }
    /* the covariance of this model comes from its own last pass */
    s->final = f->final;
    memset(&f->final, 0, sizeof f->final);
    return 0;
}

/* Back to the saved state; its final normal matrix too when take_final (it
 * then leaves s), else the model's is dropped (a refinement follows). */
static void state_restore(struct xrd_fit *f, model_state *s, int take_final)
{
    xrdi_model *m = &f->m;
    m->bkg = s->bkg;
    m->inst = s->inst;
    m->sr_p = s->sr_p;
    m->sr_q = s->sr_q;
    m->n_clusters = s->n_clusters;
    memcpy(m->cluster_scale, s->cluster_scale, sizeof s->cluster_scale);
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        ph->phase.cell = s->cell[p];
        const double *v = s->ph + PH_VALUES * p;
        ph->size_inv = v[0];
        ph->size_g_ratio = v[1];
        ph->strain = v[2];
        ph->scale = v[3];
        ph->biso_shift = v[4];
        ph->md_r = v[5];
        ph->size_sigma = v[6];
        ph->fault_alpha = v[7];
        ph->twin_beta = v[8];
        memcpy(ph->refl, s->refl[p], ph->n_refl * sizeof(xrdi_refl));
    }
    xrdi_final_normal_clear(&f->final);
    if (take_final) {
        f->final = s->final;
        memset(&s->final, 0, sizeof s->final);
    }
}

/* Screen of a candidate term (column t of the points, weighted): how much
 * chi2 falls when it joins the Chebyshev terms in a linear least-squares fit
 * of the refined model's weighted residual r (the peaks held as they are).
 * nonneg: a hump's height cannot be negative. Normal equations of k + 1
 * columns, k <= XRD_MAX_CHEB. */
static double screen_drop(const xrdi_model *m, const double *r, const double *t, int nonneg)
{
    int k = m->bkg.n_cheb, K = k + 1;
    double A[(XRD_MAX_CHEB + 1) * (XRD_MAX_CHEB + 1)] = {0}, b[XRD_MAX_CHEB + 1] = {0};
    double T[XRD_MAX_CHEB + 1];
    for (size_t i = 0; i < m->n; i++) {
        xrdi_background_cheb(m, m->x[i], k, T);
        for (int a = 0; a < k; a++)
            T[a] *= m->w[i];
        T[k] = t[i];
        for (int a = 0; a < K; a++) {
            b[a] += T[a] * r[i];
            for (int c = 0; c <= a; c++)
                A[a * K + c] += T[a] * T[c];
        }
    }
    /* Cholesky (lower) of A, then the last pivot gives the drop of the
     * residual's chi2 due to t beyond what the polynomial takes */
    for (int a = 0; a < K; a++) {
        for (int c = 0; c <= a; c++) {
            double v = A[a * K + c];
            for (int q = 0; q < c; q++)
                v -= A[a * K + q] * A[c * K + q];
            if (a == c) {
                if (!(v > 1e-12 * (A[a * K + a] + 1e-300)))
                    return 0.0;
                A[a * K + a] = sqrt(v);
            } else {
                A[a * K + c] = v / A[c * K + c];
            }
        }
    }
    double z[XRD_MAX_CHEB + 1] = {0};
    for (int a = 0; a < K; a++) {
        double v = b[a];
        for (int q = 0; q < a; q++)
            v -= A[a * K + q] * z[q];
        z[a] = v / A[a * K + a];
    }
    /* the coefficient of t alone is z[k] / L[k][k] */
    if (nonneg && z[k] / A[k * K + k] < 0)
        return 0.0;
    return z[k] * z[k];
}

/* Screens of the hump (at its start centre and width) and of c/x on the
 * refined plain model: the chi2 drops into drop[2], the model's chi2 into
 * *chi2. -1 when the model fails. */
static int screen(struct xrd_fit *f, double hc, double hw, double drop[2], double *chi2)
{
    xrdi_model *m = &f->m;
    size_t n = m->n;
    double *buf = malloc(3 * n * sizeof(double));
    if (!buf)
        return -1;
    double *r = buf, *th = buf + n, *tx = buf + 2 * n;
    if (xrdi_model_eval(m, NULL, 0, r, NULL, 0, NULL)) {
        free(buf);
        return -1;
    }
    double c2 = 0;
    for (size_t i = 0; i < n; i++) {
        double x = m->x[i], u = (x - hc) / hw;
        r[i] = (m->y[i] - r[i]) * m->w[i];
        c2 += r[i] * r[i];
        th[i] = exp(-4.0 * M_LN2 * u * u) * m->w[i];
        tx[i] = (x > 0 ? 1.0 / x : 0.0) * m->w[i];
    }
    drop[0] = screen_drop(m, r, th, 1);
    drop[1] = screen_drop(m, r, tx, 0);
    *chi2 = c2;
    free(buf);
    return 0;
}

/* Parameters of the model beyond the peaks': Chebyshev terms, c/x, hump (3). */
static int bkg_params(const xrd_background *b)
{
    return b->n_cheb + (b->use_inv_x != 0) + 3 * (b->use_hump != 0) +
           (b->use_film ? 2 + 3 * b->n_rings : 0);
}

int xrdi_background_choice_applies(const struct xrd_fit *f)
{
    const xrd_fit_options *o = &f->opt;
    if (!o->background_auto || o->n_background > 0 || o->background_hump || o->background_inv_x ||
        o->refine_instrument || o->classic_cycles)
        return 0;
    double H = xrdi_start_strongest_fwhm(&f->m, NULL);
    double lam = f->m.inst.rad.lambda_A[0];
    return isfinite(H) && H > BKG_BROAD_FWHM_CU_DEG * lam / 1.5406;
}

/* The X-ray choice: from the refined Chebyshev model, a hump, c/x or both. */
static xrd_status xray_choose(struct xrd_fit *f, int *converged, char *why, size_t why_n,
                              xrd_error *err)
{
    xrdi_model *m = &f->m;
    snprintf(f->background_model, sizeof f->background_model,
             "%d Chebyshev terms", m->bkg.n_cheb);
    size_t n = m->n;
    double lam = m->inst.rad.lambda_A[0], ln_n = log((double)n);
    double hc = 2.0 * asin(fmin(lam / (2.0 * BKG_HUMP_D_A), 0.99)) * 180.0 / M_PI;
    double lo = m->x_lo, hi = m->x_hi;
    if (hc < lo + 0.05 * (hi - lo))
        hc = lo + 0.05 * (hi - lo);
    if (hc > lo + 0.5 * (hi - lo))
        hc = lo + 0.5 * (hi - lo);
    double hw = BKG_HUMP_FWHM_CU_DEG * lam / 1.5406;
    if (hw < 1.0)
        hw = 1.0;
    double drop[2], chi2_plain;
    if (screen(f, hc, hw, drop, &chi2_plain))
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the model failed at the solution");
    /* nothing to gain: no candidate is refined */
    if (!(drop[0] > ln_n) && !(drop[1] > ln_n)) {
        snprintf(f->background_model, sizeof f->background_model,
                 "%d Chebyshev terms (no hump or c/x term lowers BIC)", m->bkg.n_cheb);
        return XRD_OK;
    }
    double dof = (double)n - (double)bkg_params(&m->bkg);
    double s2 = chi2_plain / (dof > 1 ? dof : 1.0);
    if (!(s2 > 1.0))
        s2 = 1.0;
    model_state plain;
    if (state_save(f, &plain)) {
        state_free(&plain, m->n_phases);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    static const struct {
        int hump, inv_x;
        const char *name;
    } cand[] = {{1, 0, "amorphous hump"}, {0, 1, "c/x"}, {1, 1, "amorphous hump and c/x"}};
    double best_dbic = -BKG_DBIC_MIN, best_chi2 = chi2_plain;
    int best = -1, best_conv = *converged;
    model_state keep;
    memset(&keep, 0, sizeof keep);
    xrd_status st = XRD_OK;
    double dbic_single[2] = {INFINITY, INFINITY};
    /* the candidates are screened first: with the peaks where they are and
     * only the linear parameters solved (the hump's height at its start
     * centre and width, or c/x), a candidate that cannot lower BIC at all is
     * not refined */
    for (int c = 0; c < 3 && st == XRD_OK; c++) {
        /* both terms together only when each alone lowered BIC */
        if (c == 2 && !(dbic_single[0] < 0 && dbic_single[1] < 0))
            break;
        state_restore(f, &plain, 0);
        m->bkg.use_hump = cand[c].hump;
        m->bkg.use_inv_x = cand[c].inv_x;
        if (cand[c].hump) {
            m->bkg.hump_center_deg = hc;
            m->bkg.hump_fwhm_deg = hw;
            m->bkg.hump_height = 0;
        }
        m->bkg.inv_x = 0;
        if (c < 2) {
            /* the hump's centre and width move in its refinement: its screen
             * asks only for a drop beyond the one term's ln N */
            double dbic_s = -drop[c] / s2 + (c == 0 ? 1.0 : 1.0) * ln_n;
            xrdi_fit_log(f, "background with %s, screened: scaled delta-BIC %.1f", cand[c].name,
                         dbic_s);
            if (!(dbic_s < 0))
                continue;
        }
        int conv = 0;
        double chi2 = NAN;
        char w[256] = "";
        st = xrdi_refine_from_here(f, &conv, &chi2, w, sizeof w, err);
        if (st != XRD_OK)
            break;
        double dbic = (chi2 - chi2_plain) / s2 +
                      (double)(bkg_params(&m->bkg) - bkg_params(&plain.bkg)) * ln_n;
        xrdi_fit_log(f, "background with %s: chi2 %.8g, scaled delta-BIC %.1f%s", cand[c].name,
                     chi2, dbic, conv ? "" : " (not converged)");
        if (c < 2 && conv && !(cand[c].hump && !(m->bkg.hump_height > 0)))
            dbic_single[c] = dbic;
        if (conv && isfinite(dbic) && dbic < best_dbic &&
            !(cand[c].hump && !(m->bkg.hump_height > 0))) {
            state_free(&keep, m->n_phases);
            if (state_save(f, &keep)) {
                st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
                break;
            }
            best = c;
            best_dbic = dbic;
            best_chi2 = chi2;
            best_conv = conv;
        }
    }
    if (st == XRD_OK && best >= 0) {
        state_restore(f, &keep, 1);
        *converged = best_conv;
        why[0] = 0;
        snprintf(f->background_model, sizeof f->background_model,
                 "%d Chebyshev terms + %s, chosen by BIC (scaled delta-BIC %.0f)",
                 m->bkg.n_cheb, cand[best].name, best_dbic);
        xrdi_fit_log(f, "background: %s (chi2 %.8g)", f->background_model, best_chi2);
    } else if (st == XRD_OK) {
        state_restore(f, &plain, 1);
        snprintf(f->background_model, sizeof f->background_model,
                 "%d Chebyshev terms (no hump or c/x term lowers BIC by %.0f)", m->bkg.n_cheb,
                 BKG_DBIC_MIN);
    }
    state_free(&plain, m->n_phases);
    state_free(&keep, m->n_phases);
    (void)why_n;
    return st;
}

/* chi2 of the model as it stands; NAN when it fails. */
static double model_chi2(struct xrd_fit *f)
{
    const xrdi_model *m = &f->m;
    double *r = malloc(m->n * sizeof(double));
    if (!r || xrdi_model_eval(&f->m, NULL, 0, r, NULL, 0, NULL)) {
        free(r);
        return NAN;
    }
    double c2 = 0;
    for (size_t i = 0; i < m->n; i++) {
        double v = (m->y[i] - r[i]) * m->w[i];
        c2 += v * v;
    }
    free(r);
    return c2;
}

xrd_status xrdi_background_choose(struct xrd_fit *f, int *converged, char *why, size_t why_n,
                                  xrd_error *err)
{
    xrdi_model *m = &f->m;
    if (!m->bkg.use_film)
        return xray_choose(f, converged, why, why_n, err);
    /* an electron ring profile was refined with the amorphous carbon film
     * (fit.c): the X-ray choice is made from the same model without it, and
     * the film is kept when its BIC beats that choice's by BKG_DBIC_MIN */
    double ln_n = log((double)m->n), chi2_film = model_chi2(f);
    int conv_film = *converged, p_film = bkg_params(&m->bkg);
    model_state film;
    if (state_save(f, &film)) {
        state_free(&film, m->n_phases);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    m->bkg.use_film = 0;
    m->bkg.n_cheb = f->n_cheb_default;
    int conv = 0;
    double chi2 = NAN;
    char w[256] = "";
    xrd_status st = xrdi_refine_from_here(f, &conv, &chi2, w, sizeof w, err);
    xrdi_fit_log(f, "background without the carbon film: chi2 %.8g%s", chi2,
                 conv ? "" : " (not converged)");
    if (st == XRD_OK && conv)
        st = xray_choose(f, &conv, why, why_n, err);
    double chi2_x = st == XRD_OK && conv ? model_chi2(f) : NAN;
    double dof = (double)m->n - (double)p_film;
    double s2 = chi2_film / (dof > 1 ? dof : 1.0);
    if (!(s2 > 1.0))
        s2 = 1.0;
    double dbic = (chi2_film - chi2_x) / s2 + (double)(p_film - bkg_params(&m->bkg)) * ln_n;
    if (st == XRD_OK && !(dbic >= -BKG_DBIC_MIN)) {
        xrdi_fit_log(f, "background without the film: %s", conv ? f->background_model
                                                                  : "not converged");
        state_restore(f, &film, 1);
        *converged = conv_film;
        char how[40];
        if (isfinite(dbic))
            snprintf(how, sizeof how, "scaled delta-BIC %.0f", dbic);
        else
            snprintf(how, sizeof how, "no fit converges without it");
        snprintf(f->background_model, sizeof f->background_model,
                 "%d Chebyshev terms + amorphous carbon film (power-law fall-off, %d broad "
                 "ring%s), chosen by BIC over the X-ray models (%.39s)",
                 m->bkg.n_cheb, m->bkg.n_rings, m->bkg.n_rings == 1 ? "" : "s", how);
        why[0] = 0;
        xrdi_fit_log(f, "background: %s", f->background_model);
    } else if (st == XRD_OK) {
        *converged = conv;
        size_t l = strlen(f->background_model);
        snprintf(f->background_model + l, sizeof f->background_model - l,
                 "; no carbon film (scaled delta-BIC %+.0f)", dbic);
    }
    state_free(&film, m->n_phases);
    return st;
}
