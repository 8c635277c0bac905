/* The classic route's Le Bail + least-squares cycles (--classic-cycles, and
 * the rescue of a default route that did not converge): least squares on a
 * parameter set through GSL with the restraints as extra rows, one cycle, and
 * the final stage with its extrapolation of a slow drift.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/fit_internal.h"
#include "refine/accelerate.h"
#include "refine/lebail.h"
#include "refine/strategy_internal.h"

#define SIZE_INV_START_MIN 1e-3 /* 1000 nm: keeps a bounded parameter off its bound */
#define STRAIN_START_MIN 1e-4

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

/* One cycle: Le Bail intensities, then least squares on s. */
xrd_status xrdi_cycle(struct xrd_fit *f, const xrdi_pset *s, int lebail, int iters,
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
xrd_status xrdi_final_stage(struct xrd_fit *f, int max_cycles, int *total_cycles,
                            int *converged, char *why, size_t why_n, xrd_error *err)
{
    xrdi_model *m = &f->m;
    xrdi_pset s;
    xrdi_lsq_result lr;
    xrdi_pset_all(f, &s);
    int joint = xrdi_pset_add_intensities(f, &s);
    xrdi_log_pset(f, joint ? "5 (all, with the intensities)" : "5 (all)", &s);
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
        st = xrdi_cycle(f, &s, XRDI_FINAL_LEBAIL, XRDI_FINAL_LSQ_ITER, &lr, err);
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
        if (xrdi_diverged(f, why, why_n))
            break;
        double rel = isfinite(prev) ? fabs(prev - lr.chi2) / (lr.chi2 > 0 ? lr.chi2 : 1) : 1;
        xrdi_fit_log(f, "  cycle %d: chi2 = %.8g (relative change %.2g, max shift/esd %.2g)%s",
                     c + 1, lr.chi2, rel, lr.max_shift_esd,
                     lr.converged ? "" : " [least squares not converged]");
        if (!lr.converged)
            xrdi_fit_log(f, "    least squares: %s (%d iterations)", lr.message, lr.iterations);
        xrdi_log_values(f, &s);
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
