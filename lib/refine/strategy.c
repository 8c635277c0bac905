/* The staged refinement a user would otherwise do by hand:
 * background + scale -> cell + zero -> widths -> asymmetry -> all together,
 * each stage alternating Le Bail intensity cycles with least squares.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "model/peak.h"
#include "refine/fit_internal.h"
#include "refine/accelerate.h"
#include "refine/lebail.h"
#include "refine/plausible.h"
#include "refine/start.h"
#include "refine/serial.h"
#include "refine/strategy.h"
#include "refine/rietveld.h"
#include "refine/varpro.h"

#define SIZE_INV_START_MIN 1e-3 /* 1000 nm: keeps a bounded parameter off its bound */
#define STRAIN_START_MIN 1e-4
/* convergence: relative change of chi2 in one cycle (GSAS-II's default 'min dM/M') */
#define XRDI_CHI2_TOL 1e-4
/* ... or every non-linear parameter moved less than this fraction of its esd */
#define XRDI_SHIFT_ESD_TOL 0.05
/* cycles of each preparatory stage (the last stage iterates to convergence) */
#define XRDI_STAGE_CYCLES 1
/* Le Bail iterations per cycle, preparatory and final stages */
#define XRDI_STAGE_LEBAIL 10
#define XRDI_FINAL_LEBAIL 20
/* ... until the largest relative intensity change is below this */
#define XRDI_LEBAIL_TOL 1e-4
/* cycles of the Le Bail alternation when it rescues a fast route that did
 * not converge (its steps converge slowly: beyond this, not converged) */
#define XRDI_RESCUE_CYCLES 20
/* least-squares iterations per final cycle */
#define XRDI_FINAL_LSQ_ITER 30
/* variable projection: converged when every Gauss-Newton shift is below this
 * fraction of its esd */
#define XRDI_VARPRO_SHIFT_TOL 0.01

typedef struct {
    struct xrd_fit *f;
    const xrdi_pset *s;
} resid_ctx;

static void set_params(struct xrd_fit *f, const xrdi_pset *s, const double *v)
{
    for (size_t j = 0; j < s->np; j++)
        *xrdi_param_ptr(&f->m, s->ref[j]) = v[j];
    xrdi_apply_ties(&f->m);
    if (f->m.asym_tied)
        f->m.inst.asym_hl = f->m.inst.asym_sl;
}

/* Restrained parameters of s: their count, and they append one residual row
 * each, (value - mean) / sd, after the n rows of the points. */
static size_t n_priors(const struct xrd_fit *f, const xrdi_pset *s)
{
    size_t k = 0;
    for (size_t j = 0; j < s->np; j++)
        k += xrdi_fit_prior(f, s->ref[j].kind) != NULL;
    return k;
}

static int resid(const double *v, double *r, double *J, void *ctx)
{
    resid_ctx *c = ctx;
    struct xrd_fit *f = c->f;
    size_t n = f->m.n, np = c->s->np;
    set_params(f, c->s, v);
    double *yc = malloc(n * sizeof(double));
    if (!yc)
        return -1;
    int rc = xrdi_model_eval(&f->m, c->s->ref, np, yc, J, 1, NULL);
    if (rc == 0 && r)
        for (size_t i = 0; i < n; i++)
            r[i] = (yc[i] - f->m.y[i]) * f->m.w[i];
    free(yc);
    size_t row = n;
    for (size_t j = 0; rc == 0 && j < np; j++) {
        const xrdi_prior *pr = xrdi_fit_prior(f, c->s->ref[j].kind);
        if (!pr)
            continue;
        if (r)
            r[row] = (v[j] - pr->mean) / pr->sd;
        if (J)
            for (size_t b = 0; b < np; b++)
                J[row * np + b] = b == j ? 1.0 / pr->sd : 0.0;
        row++;
    }
    return rc;
}

double xrdi_fit_chi2(const struct xrd_fit *f)
{
    size_t n = f->m.n;
    double *yc = malloc(n * sizeof(double));
    if (!yc || xrdi_model_eval(&f->m, NULL, 0, yc, NULL, 0, NULL)) {
        free(yc);
        return NAN;
    }
    double c = 0;
    for (size_t i = 0; i < n; i++) {
        double r = (yc[i] - f->m.y[i]) * f->m.w[i];
        c += r * r;
    }
    free(yc);
    return c;
}

void xrdi_fold_scales(xrdi_model *m)
{
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        if (ph->rietveld) /* the scale is the result; the structure sets the intensities */
            continue;
        for (size_t k = 0; k < ph->n_refl; k++) {
            int c = ph->refl[k].cluster;
            ph->refl[k].intensity *= ph->scale * (c >= 0 ? m->cluster_scale[c] : 1.0);
        }
        ph->scale = 1.0;
    }
    for (int c = 0; c < XRDI_MAX_CLUSTERS; c++)
        m->cluster_scale[c] = 1.0;
    xrdi_apply_ties(m);
}

xrd_status xrdi_fit_lsq(struct xrd_fit *f, const xrdi_pset *s, int max_iter,
                        xrdi_lsq_result *lr, xrd_error *err)
{
    double v[XRDI_MAX_PARAMS];
    for (size_t j = 0; j < s->np; j++)
        v[j] = *xrdi_param_ptr(&f->m, s->ref[j]);
    resid_ctx c = {f, s};
    xrdi_lsq_opts o;
    xrdi_lsq_opts_default(&o);
    o.max_iter = max_iter;
    /* each cycle's target moves with the next Le Bail step: no need for the
     * last digits here; convergence is judged over whole cycles */
    o.xtol = 1e-6;
    o.gtol = 1e-6;
    o.ftol = 1e-8;
    unsigned char skip[XRDI_MAX_PARAMS];
    for (size_t j = 0; j < s->np; j++) {
        xrdi_pkind k = s->ref[j].kind;
        skip[j] = k == XRDI_P_INTENSITY || k == XRDI_P_CLUSTER || k == XRDI_P_SCALE ||
                  k == XRDI_P_BKG;
    }
    o.skip_shift = skip;
    o.esd_out = f->last_esd;
    xrd_status st =
        xrdi_lsq_solve(resid, &c, f->m.n + n_priors(f, s), s->np, v, s->bound, &o, lr, err);
    set_params(f, s, v);
    return st;
}

/* Intensities refined by least squares may not end negative. */
static void clamp_intensities(xrdi_model *m)
{
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            if (m->ph[p].refl[k].intensity < 0)
                m->ph[p].refl[k].intensity = 0;
    xrdi_apply_ties(m);
}

/* Keep bounded parameters off their bounds so that the solver can move them. */
static void unstick(struct xrd_fit *f, const xrdi_pset *s)
{
    for (size_t j = 0; j < s->np; j++) {
        double *v = xrdi_param_ptr(&f->m, s->ref[j]);
        if (s->bound[j].tr == XRDI_LOWER || s->bound[j].tr == XRDI_POSITIVE) {
            double eps = s->ref[j].kind == XRDI_P_SIZE ? SIZE_INV_START_MIN
                         : s->ref[j].kind == XRDI_P_STRAIN ? STRAIN_START_MIN
                         : s->ref[j].kind == XRDI_P_ASYM   ? 1e-3
                         : s->ref[j].kind == XRDI_P_W      ? 1e-5
                         : s->ref[j].kind == XRDI_P_X || s->ref[j].kind == XRDI_P_Y ? 1e-4
                                                                                     : 0;
            if (*v < s->bound[j].lo + eps)
                *v = s->bound[j].lo + (eps > 0 ? eps : 1e-12);
        }
    }
    if (f->m.asym_tied)
        f->m.inst.asym_hl = f->m.inst.asym_sl;
}

/* Divergence: cells far from the start, absurd widths. Message into buf. */
static int diverged(const struct xrd_fit *f, char *buf, size_t n)
{
    const xrdi_model *m = &f->m;
    for (int p = 0; p < m->n_phases; p++) {
        const xrd_cell *c = &m->ph[p].phase.cell;
        const double *c0 = &f->start_cell[p * 3];
        double v[3] = {c->a, c->b, c->c};
        for (int j = 0; j < 3; j++)
            if (!(fabs(v[j] / c0[j] - 1.0) < 0.15)) {
                snprintf(buf, n, "diverged: cell of %s moved from %.4f to %.4f A (more than 15 %%)",
                         m->ph[p].phase.name, c0[j], v[j]);
                return 1;
            }
        double mid = 0.5 * (m->x_lo + m->x_hi);
        double d = m->inst.rad.lambda_A[0] / (2.0 * sin(mid * M_PI / 360.0));
        double H = xrdi_model_fwhm(m, p, d);
        if (!(H < 0.5 * (m->x_hi - m->x_lo) + 5.0)) {
            snprintf(buf, n, "diverged: peaks of %s became %.3g deg wide", m->ph[p].phase.name, H);
            return 1;
        }
    }
    return 0;
}

static void log_values(const struct xrd_fit *f, const xrdi_pset *s)
{
    if (!f->opt.log)
        return;
    char line[2048];
    int o = snprintf(line, sizeof line, "   ");
    for (size_t j = 0; j < s->np && o > 0 && (size_t)o < sizeof line - 64; j++) {
        if (s->ref[j].kind == XRDI_P_BKG || s->ref[j].kind == XRDI_P_SCALE)
            continue;
        char nm[64];
        xrdi_param_name(&f->m, s->ref[j], nm, sizeof nm);
        o += snprintf(line + o, sizeof line - (size_t)o, " %s=%.6g", nm,
                      *xrdi_param_ptr((xrdi_model *)&f->m, s->ref[j]));
    }
    xrdi_fit_log(f, "%s", line);
}

static void log_pset(const struct xrd_fit *f, const char *stage, const xrdi_pset *s)
{
    char line[1024];
    int o = snprintf(line, sizeof line, "stage %s: refining", stage);
    for (size_t j = 0; j < s->np && o > 0 && (size_t)o < sizeof line - 40; j++) {
        char nm[64];
        xrdi_param_name(&f->m, s->ref[j], nm, sizeof nm);
        o += snprintf(line + o, sizeof line - (size_t)o, " %s", nm);
    }
    xrdi_fit_log(f, "%s", line);
}

/* One cycle: Le Bail intensities, then least squares on s. */
static xrd_status cycle(struct xrd_fit *f, const xrdi_pset *s, int lebail, int iters,
                        xrdi_lsq_result *lr, xrd_error *err)
{
    xrdi_lebail_update_visibility(&f->m);
    if (lebail > 0 && xrdi_lebail_converge(&f->m, XRDI_LEBAIL_TOL, lebail) < 0)
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                             "the model cannot be evaluated in a Le Bail cycle");
    unstick(f, s);
    xrd_status st = xrdi_fit_lsq(f, s, iters, lr, err);
    xrdi_fold_scales(&f->m);
    return st;
}

/* Final stage: every parameter (and the well-resolved intensities) until
 * chi2 settles. A steady slow drift of the Le Bail alternation (overlapped
 * groups re-partitioned a little each cycle) is extrapolated; an
 * extrapolated start is kept only when its cycle ends at a lower chi2. */
static xrd_status final_stage(struct xrd_fit *f, int max_cycles, int *total_cycles,
                              int *converged, char *why, size_t why_n, xrd_error *err)
{
    xrdi_model *m = &f->m;
    xrdi_pset s;
    xrdi_lsq_result lr;
    xrdi_pset_all(f, &s);
    int joint = xrdi_pset_add_intensities(f, &s);
    log_pset(f, joint ? "5 (all, with the intensities)" : "5 (all)", &s);
    size_t ns = xrdi_state_size(m, &s), nsnap = xrdi_snapshot_size(m, &s);
    /* three drift states, the extrapolated one, a full snapshot to go back to */
    double *hist = malloc((4 * ns + nsnap) * sizeof(double));
    if (!hist)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    double *snap = hist + 4 * ns, prev = NAN, chi2_before_trial = NAN;
    int nh = 0, trial = 0, calm = 0;
    xrd_status st = XRD_OK;
    *converged = 0;
    for (int c = 0; c < max_cycles; c++) {
        st = cycle(f, &s, XRDI_FINAL_LEBAIL, XRDI_FINAL_LSQ_ITER, &lr, err);
        clamp_intensities(m);
        (*total_cycles)++;
        if (st != XRD_OK)
            break;
        if (trial) {
            trial = 0;
            if (!(lr.chi2 < chi2_before_trial)) {
                xrdi_fit_log(f, "  extrapolation rejected (chi2 %.8g not below %.8g)", lr.chi2,
                             chi2_before_trial);
                xrdi_snapshot_set(m, &s, snap);
                calm = 6;
                continue;
            }
            xrdi_fit_log(f, "  extrapolation kept: chi2 %.8g -> %.8g", chi2_before_trial, lr.chi2);
            prev = NAN;
        }
        if (diverged(f, why, why_n))
            break;
        double rel = isfinite(prev) ? fabs(prev - lr.chi2) / (lr.chi2 > 0 ? lr.chi2 : 1) : 1;
        xrdi_fit_log(f, "  cycle %d: chi2 = %.8g (relative change %.2g, max shift/esd %.2g)%s",
                     c + 1, lr.chi2, rel, lr.max_shift_esd,
                     lr.converged ? "" : " [least squares not converged]");
        if (!lr.converged)
            xrdi_fit_log(f, "    least squares: %s (%d iterations)", lr.message, lr.iterations);
        log_values(f, &s);
        prev = lr.chi2;
        /* shifts far below their esds end the refinement whatever the solver's own
         * test says (a degenerate direction can keep it from meeting it) */
        if (lr.max_shift_esd < XRDI_SHIFT_ESD_TOL || (rel < XRDI_CHI2_TOL && lr.converged)) {
            *converged = 1;
            break;
        }
        if (nh == 3) {
            memmove(hist, hist + ns, 2 * ns * sizeof(double));
            nh = 2;
        }
        xrdi_state_get(m, &s, hist + (size_t)nh * ns);
        nh++;
        if (calm > 0) {
            calm--;
            continue;
        }
        double scl[XRDI_MAX_PARAMS];
        xrdi_state_scale(&s, f->last_esd, scl);
        if (nh == 3 && xrdi_extrapolate(hist, hist + ns, hist + 2 * ns, scl, ns, hist + 3 * ns)) {
            xrdi_snapshot_get(m, &s, snap);
            chi2_before_trial = lr.chi2;
            xrdi_state_set(m, &s, hist + 3 * ns);
            trial = 1;
            nh = 0;
        }
    }
    free(hist);
    if (st == XRD_OK && !*converged && !why[0])
        snprintf(why, why_n, "not converged: chi2 still changing after %d cycles (cap %s)",
                 max_cycles, max_cycles == f->opt.max_cycles ? "--max-cycles" : "of the rescue");
    return st;
}

/* The stages of the default route on the model's current points: the groups
 * the data see and a Le Bail extraction on the start values (unless prepare
 * is 0: both kept from an earlier run), then the stages with
 * the background and every intensity solved at each least-squares step
 * (variable projection): cell + zero -> + widths -> everything; only the last
 * when only_final. The last stage ends at shift tolerance final_tol. */
static xrd_status run_stages(struct xrd_fit *f, int prepare, int only_final, double final_tol,
                             const char *label, int *cycles, int *converged, int *div, char *why,
                             size_t why_n, xrd_error *err)
{
    xrdi_model *m = &f->m;
    if (prepare)
        xrdi_lebail_update_visibility(m);
    if (prepare && xrdi_lebail_converge(m, XRDI_LEBAIL_TOL, XRDI_STAGE_LEBAIL) < 0)
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                             "the model cannot be evaluated in the Le Bail extraction");
    static const struct {
        const char *name;
        int stages, iters;
        double tol;
    } plan[] = {{"2 (cell, zero; background and intensities solved at every step)",
                 XRDI_ST_BKG | XRDI_ST_CELL, 0, 0.5},
                {"3 (+ widths)", XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH, 30, 0.1},
                {"4 (everything)", XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH | XRDI_ST_ASYM, 200,
                 XRDI_VARPRO_SHIFT_TOL}};
    size_t n_plan = sizeof plan / sizeof plan[0];
    xrdi_pset s;
    xrdi_lsq_result lr;
    size_t last_np = (size_t)-1;
    int steps = 0;
    xrdi_pset all;
    xrdi_pset_build(f, plan[n_plan - 1].stages, &all);
    *converged = 0;
    for (size_t k = only_final ? n_plan - 1 : 0; k < n_plan; k++) {
        xrdi_pset_build(f, plan[k].stages, &s);
        int final = k + 1 == n_plan;
        /* a stage that adds nothing, or already holds every parameter, is left
         * to the next one */
        if (!final && (s.np == last_np || s.np == all.np || plan[k].iters == 0))
            continue;
        last_np = s.np;
        char name[160];
        snprintf(name, sizeof name, "%s%s", plan[k].name, label);
        log_pset(f, name, &s);
        int budget = f->opt.max_cycles - steps, iters = final || plan[k].iters > budget ? budget
                                                                                          : plan[k].iters;
        xrd_status st = xrdi_varpro_solve(f, &s, iters, final ? final_tol : plan[k].tol, &lr, err);
        steps += lr.iterations;
        (*cycles)++;
        if (st != XRD_OK)
            return st;
        xrdi_fit_log(f, "  chi2 = %.8g after %d steps (%ld passes so far): %s", lr.chi2,
                     lr.iterations, f->counts.evals, lr.message);
        log_values(f, &s);
        if (diverged(f, why, why_n)) {
            *div = 1;
            return XRD_OK;
        }
        if (final) {
            *converged = lr.converged;
            f->final_shift_esd = lr.max_shift_esd;
            if (!lr.converged)
                snprintf(why, why_n, "not converged: %.200s", lr.message);
        }
    }
    return XRD_OK;
}

/* Points per FWHM of the strongest peak that the coarse stage keeps, and the
 * largest stride it takes */
#define COARSE_PTS_PER_FWHM 8.0
#define COARSE_MAX_STRIDE 16
/* the coarse stage ends at this fraction of its (larger) esds */
#define COARSE_SHIFT_TOL 0.1

/* peaks down to this fraction of the highest one set the coarse stride */
#define COARSE_REL_HEIGHT 0.1

/* Stride of the coarse stage: every k-th point still samples the FWHM of the
 * narrowest peak of the data (of those reaching COARSE_REL_HEIGHT of the
 * highest) with COARSE_PTS_PER_FWHM points; 1 = no coarse stage. */
static size_t coarse_stride(const struct xrd_fit *f)
{
    const xrdi_model *m = &f->m;
    double H = xrdi_start_narrowest_fwhm(m, COARSE_REL_HEIGHT);
    if (!(H > 0) || m->n < 2)
        return 1;
    double step = (m->x[m->n - 1] - m->x[0]) / (double)(m->n - 1);
    double k = floor(H / step / COARSE_PTS_PER_FWHM);
    xrdi_fit_log(f, "narrowest peak: FWHM %.3g deg = %.0f points%s", H, H / step,
                 k >= 2 ? "" : " (no coarse stage)");
    if (!(k >= 2))
        return 1;
    return k > COARSE_MAX_STRIDE ? COARSE_MAX_STRIDE : (size_t)k;
}

/* Default route. Where the peaks are sampled finely, the refinement first
 * runs on every k-th point (k from coarse_stride): a pass there costs 1/k of
 * one on all points, and the cell, widths and intensities it ends at are a
 * start from which the refinement on all points needs only its last few
 * steps. Both end in the same model; only the final stage, on all points,
 * decides the result and its esds. */
static xrd_status run_varpro(struct xrd_fit *f, int only_final, const char *what, int *cycles,
                             int *converged, int *div, char *why, size_t why_n, xrd_error *err)
{
    xrdi_model *m = &f->m;
    size_t k = coarse_stride(f);
    if (k > 1) {
        size_t n = m->n, nc = (n + k - 1) / k;
        double *buf = malloc(3 * nc * sizeof(double));
        if (!buf)
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        const double *x = m->x, *y = m->y, *w = m->w;
        for (size_t i = 0; i < nc; i++) {
            buf[i] = x[i * k];
            buf[nc + i] = y[i * k];
            buf[2 * nc + i] = w[i * k];
        }
        m->x = buf;
        m->y = buf + nc;
        m->w = buf + 2 * nc;
        m->n = nc;
        char label[64];
        snprintf(label, sizeof label, "%s on every %zu%s point", what, k,
                 k == 2 ? "nd" : k == 3 ? "rd" : "th");
        xrd_status st = run_stages(f, 1, only_final, COARSE_SHIFT_TOL, label, cycles, converged,
                                   div, why, why_n, err);
        m->x = x;
        m->y = y;
        m->w = w;
        m->n = n;
        free(buf);
        xrdi_final_normal_clear(&f->final);
        if (st != XRD_OK || *div)
            return st;
        why[0] = 0;
        snprintf(label, sizeof label, "%s on all points", what);
        return run_stages(f, 0, 1, XRDI_VARPRO_SHIFT_TOL, label, cycles, converged, div, why,
                          why_n, err);
    }
    return run_stages(f, 1, only_final, XRDI_VARPRO_SHIFT_TOL, what, cycles, converged, div, why,
                      why_n, err);
}

xrd_status xrdi_refine_from_here(struct xrd_fit *f, int *converged, double *chi2, char *why,
                                 size_t why_n, xrd_error *err)
{
    int cycles = 0, div = 0;
    why[0] = 0;
    xrd_status st = run_varpro(f, 1, " (background candidate)", &cycles, converged, &div, why,
                               why_n, err);
    if (div)
        *converged = 0;
    *chi2 = st == XRD_OK ? xrdi_fit_chi2(f) : NAN;
    return st;
}

xrd_status xrd_fit_run(xrd_fit *f, xrd_error *err)
{
    if (!f)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no fit workspace");
    xrdi_fit_result_clear(&f->res);
    xrdi_final_normal_clear(&f->final);
    f->background_model[0] = 0;
    f->final_shift_esd = 0;
    f->prior_boost = 1.0;
    f->have_result = 0;
    xrdi_model *m = &f->m;
    xrd_status st;
    if (xrdi_lebail_init_reflections(m, 1.0, err))
        return err ? err->code : XRD_ERR_NUMERIC;
    st = xrdi_fit_check_bounded(f, err);
    if (st != XRD_OK)
        return st;
    if (f->opt.n_background <= 0) {
        /* the background must stay smoother than the peaks: at most range /
         * (4 FWHM) terms, measured on a first 4-term estimate */
        int full = m->bkg.n_cheb;
        m->bkg.n_cheb = full < 4 ? full : 4;
        if (xrdi_start_background(m))
            return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the background estimate failed");
        double H = xrdi_start_strongest_fwhm(m, NULL);
        int k = full;
        if (isfinite(H) && H > 0) {
            double lim = (m->x_hi - m->x_lo) / (4.0 * H);
            if (lim < k)
                k = (int)lim;
        }
        m->bkg.n_cheb = k < 3 ? (full < 3 ? full : 3) : k;
        memset(m->bkg.cheb, 0, sizeof m->bkg.cheb);
        xrdi_fit_log(f, "background: %d Chebyshev terms (strongest peak FWHM %.3g deg)",
                     m->bkg.n_cheb, H);
    }
    if (xrdi_start_background(m))
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the background estimate failed");
    if (!f->opt.refine_instrument && f->opt.refine_size)
        xrdi_start_sizes(m);
    /* equal starting intensities scaled to the net diffracted area */
    {
        double calc = xrdi_start_peak_area(m), net = xrdi_start_net_area(m);
        double s0 = calc > 0 && net > 0 ? net / calc : 1.0;
        for (int p = 0; p < m->n_phases; p++)
            for (size_t k = 0; k < m->ph[p].n_refl; k++)
                m->ph[p].refl[k].intensity = s0;
        xrdi_rietveld_start_scales(m, s0);
        xrdi_apply_ties(m);
    }
    static const struct {
        const char *name;
        int stages;
    } plan[] = {{"1 (background, scale)", XRDI_ST_BKG},
                {"2 (+ cell, zero)", XRDI_ST_BKG | XRDI_ST_CELL},
                {"3 (+ widths)", XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH},
                {"4 (+ asymmetry)", XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH | XRDI_ST_ASYM}};
    xrdi_lsq_result lr;
    xrdi_pset s;
    char why[256] = "";
    int total_cycles = 0, converged = 0;
    if (!f->opt.classic_cycles) {
        int div = 0;
        st = run_varpro(f, 0, "", &total_cycles, &converged, &div, why, sizeof why, err);
        if (st == XRD_ERR_UNSUPPORTED) {
            /* more non-linear parameters than the fast route takes */
            xrdi_fit_log(f, "%s: Le Bail cycles instead", err ? err->message : "fast route unsupported");
            if (err)
                memset(err, 0, sizeof *err);
            converged = 0;
        } else if (st != XRD_OK) {
            return st;
        } else if (converged && xrdi_background_choice_applies(f)) {
            st = xrdi_background_choose(f, &converged, why, sizeof why, err);
            if (st != XRD_OK)
                return st;
            goto result;
        } else if (converged || div || !f->opt.rescue || f->opt.rietveld) {
            goto result;
        }
        /* rare (seen on standards whose instrument is refined from defaults):
         * the classic alternation takes over from where the fast route stopped */
        xrdi_final_normal_clear(&f->final);
        xrdi_fit_log(f, "%s: Le Bail cycles take over from these values", why);
        why[0] = 0;
    }
    for (size_t k = 0; k < sizeof plan / sizeof plan[0]; k++) {
        if (plan[k].stages & XRDI_ST_ASYM && !f->refine_asym)
            continue;
        xrdi_pset_build(f, plan[k].stages, &s);
        log_pset(f, plan[k].name, &s);
        for (int c = 0; c < XRDI_STAGE_CYCLES; c++) {
            st = cycle(f, &s, XRDI_STAGE_LEBAIL, 30, &lr, err);
            total_cycles++;
            if (st != XRD_OK)
                return st;
            if (diverged(f, why, sizeof why))
                break;
        }
        xrdi_fit_log(f, "  chi2 = %.6g (%ld model evaluations so far)", lr.chi2, f->counts.evals);
        if (why[0])
            break;
    }
    /* final stage: everything until chi2 settles */
    if (!why[0]) {
        /* as a rescue of the fast route, the slow cycles get a bounded share */
        int cap = f->opt.classic_cycles || f->opt.max_cycles < XRDI_RESCUE_CYCLES
                      ? f->opt.max_cycles
                      : XRDI_RESCUE_CYCLES;
        st = final_stage(f, cap, &total_cycles, &converged, why, sizeof why, err);
        if (st != XRD_OK)
            return st;
    }
    /* an electron profile started with the carbon film keeps it only by the
     * background choice, also when the Le Bail cycles found the solution */
    if (st == XRD_OK && converged && f->m.bkg.use_film && xrdi_background_choice_applies(f)) {
        st = xrdi_background_choose(f, &converged, why, sizeof why, err);
        if (st != XRD_OK)
            return st;
    }
result:
    st = xrdi_rietveld_settle(f, &converged, why, sizeof why, err);
    if (st != XRD_OK)
        return st;
    st = xrdi_fit_serial_restraints(f, &converged, why, sizeof why, err);
    if (st != XRD_OK)
        return st;
    xrdi_pset_all(f, &s);
    st = xrdi_fit_fill_result(f, &s, err);
    if (st != XRD_OK)
        return st;
    if (converged && xrdi_fit_implausible_end(f, why, sizeof why))
        converged = 0;
    if (converged && xrdi_fit_undetermined_cell(f, why, sizeof why))
        converged = 0;
    f->res.converged = converged;
    f->res.cycles = total_cycles;
    xrdi_fit_log(f, "work: %ld model evaluations (%ld with Jacobian), %ld peak-points", f->counts.evals,
                 f->counts.jacobians, f->counts.peaks);
    if (!converged)
        snprintf(f->res.message, sizeof f->res.message, "%s", why);
    else if (f->opt.classic_cycles)
        snprintf(f->res.message, sizeof f->res.message, "%s",
                 "converged: in the last Le Bail + least-squares cycle chi2 changed by less than "
                 "1e-4 or no parameter moved by more than 0.05 esd");
    else if (f->final_shift_esd < XRDI_VARPRO_SHIFT_TOL)
        snprintf(f->res.message, sizeof f->res.message,
                 "converged: the Gauss-Newton shift of every parameter is below %.2g of its esd",
                 XRDI_VARPRO_SHIFT_TOL);
    else
        snprintf(f->res.message, sizeof f->res.message,
                 "converged: chi2 can no longer be lowered and the Gauss-Newton shift of every "
                 "parameter is below %.2g of its esd", f->final_shift_esd);
    f->have_result = 1;
    return XRD_OK;
}
