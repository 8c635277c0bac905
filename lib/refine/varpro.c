/* Variable projection for the Le Bail fit: Levenberg-Marquardt on the
 * non-linear parameters with background terms and reflection intensities
 * solved exactly (non-negative) at every trial point.
 *
 * One pass over the points gives the normal matrix M = [J | Wy]^T [J | Wy] of
 * all parameters (non-linear first, then linear), accumulated a block of rows
 * at a time over the columns the block touches. The pattern is exactly linear
 * in the linear parameters c (f = A c), so from M alone:
 *   c*    = argmin |W^1/2 (y - A c)|^2, c >= 0 where required (active set),
 *   chi2  = y'Wy - 2 c*'A'Wy + c*'A'WA c*,
 *   S     = M_tt - M_tF M_FF^-1 M_Ft (F: the free linear parameters),
 *   g     = D'W(y - A c*)
 * and the reduced Gauss-Newton step is S dt = g (Kaufman's variant; D, the
 * derivative columns of the non-linear parameters, is taken at the linear
 * parameters of the pass). Every trial costs one pass. Here the
 * Levenberg-Marquardt walk on the reduced problem; a point's pass and
 * reduction in varpro_reduce.c, the parameters' split in varpro_setup.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/varpro.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/chol.h"
#include "refine/varpro_internal.h"

#define VP_LAMBDA0 1e-3
#define VP_LAMBDA_MAX 1e10
/* a rejected step with every shift below this many times the tolerance ends */
#define VP_NOISE_FACTOR 5.0
/* the Levenberg-Marquardt path exhausted (no step lowers chi2, however short)
 * with every Gauss-Newton shift below this fraction of its esd: chi2 is not
 * smooth at that scale (window edges, intensities held at 0), so the
 * solution is known to within it; converged, and said so */
#define VP_EXHAUSTED_SHIFT 0.25
/* stalled walk: over this many steps chi2 fell by less than VP_STALL_CHI2 x chi2/dof */
#define VP_STALL_STEPS 10
#define VP_STALL_CHI2 0.05

/* Damped reduced step: (S + lambda diag S) d = g over the parameters not
 * held at a bound; inv (p x p, may be NULL) receives S^-1 for lambda = 0. */
static int step(const vp *w, const vp_state *st, double lambda, double *d, double *inv,
                unsigned char *held)
{
    size_t p = w->p;
    double A[64 * 64], dd[64], sc[64];
    size_t ix[64];
    if (p > 64)
        return -1;
    double dmax = 0;
    for (size_t a = 0; a < p; a++)
        if (st->S[a * p + a] > dmax)
            dmax = st->S[a * p + a];
    for (size_t a = 0; a < p; a++)
        held[a] = !(st->S[a * p + a] > 1e-14 * dmax);
    for (int round = 0; round <= (int)p; round++) {
        size_t k = 0;
        for (size_t a = 0; a < p; a++)
            if (!held[a])
                ix[k++] = a;
        for (size_t a = 0; a < k; a++)
            sc[a] = 1.0 / sqrt(st->S[ix[a] * p + ix[a]]);
        for (size_t a = 0; a < k; a++) {
            for (size_t b = 0; b < k; b++)
                A[a * k + b] = st->S[ix[a] * p + ix[b]] * sc[a] * sc[b];
            A[a * k + a] += lambda + 1e-12;
        }
        if (xrdi_chol(A, k))
            return -1;
        for (size_t a = 0; a < k; a++)
            dd[a] = st->g[ix[a]] * sc[a];
        xrdi_chol_solve(A, k, dd);
        for (size_t a = 0; a < p; a++)
            d[a] = 0.0;
        for (size_t a = 0; a < k; a++)
            d[ix[a]] = dd[a] * sc[a];
        int more = 0;
        for (size_t a = 0; a < p; a++)
            if (!held[a] && xrdi_bound_blocks(&w->bound[a], st->theta[a], d[a])) {
                held[a] = 1;
                more = 1;
            }
        if (more)
            continue;
        if (inv) {
            for (size_t a = 0; a < p * p; a++)
                inv[a] = NAN;
            for (size_t b = 0; b < k; b++) {
                for (size_t a = 0; a < k; a++)
                    dd[a] = a == b ? 1.0 : 0.0;
                xrdi_chol_solve(A, k, dd);
                for (size_t a = 0; a < k; a++)
                    inv[ix[a] * p + ix[b]] = dd[a] * sc[a] * sc[b];
            }
        }
        return 0;
    }
    return -1;
}

/* Largest Gauss-Newton shift over esd at st; esds (natural units) into esd. */
static double shift_over_esd(const vp *w, const vp_state *st, size_t n, double *esd)
{
    size_t p = w->p;
    double d[64], inv[64 * 64];
    unsigned char held[64];
    for (size_t a = 0; a < p; a++)
        esd[a] = NAN;
    if (step(w, st, 0.0, d, inv, held))
        return INFINITY;
    double dof = (double)n - (double)p - (double)st->n_free;
    double s2 = st->chi2 / (dof > 1 ? dof : 1.0), worst = 0;
    for (size_t a = 0; a < p; a++) {
        if (held[a])
            continue;
        double e = sqrt(inv[a * p + a] * s2);
        esd[a] = e;
        if (e > 0 && fabs(d[a]) / e > worst)
            worst = fabs(d[a]) / e;
    }
    return worst;
}

static void swap_states(vp_state *a, vp_state *b)
{
    vp_state t = *a;
    *a = *b;
    *b = t;
}

void xrdi_final_normal_clear(xrdi_final_normal *fn)
{
    free(fn->ref);
    free(fn->natscale);
    free(fn->M);
    memset(fn, 0, sizeof *fn);
}

xrd_status xrdi_varpro_solve(struct xrd_fit *f, const xrdi_pset *nl, int max_iter,
                             double shift_tol, xrdi_lsq_result *lr, xrd_error *err)
{
    xrdi_model *m = &f->m;
    memset(lr, 0, sizeof *lr);
    xrdi_fold_scales(m);
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            m->ph[p].refl[k].cluster = -1;
            m->ph[p].refl[k].joint = 0;
        }
    m->n_clusters = 0;
    vp w;
    vp_state cur, trial;
    memset(&cur, 0, sizeof cur);
    memset(&trial, 0, sizeof trial);
    xrd_status rs = xrdi_vp_setup(&w, f, nl, err);
    if (rs != XRD_OK)
        goto out;
    size_t p = w.p, np = w.np;
    if (p > 64) {
        rs = xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                           "more than 64 non-linear parameters in one refinement");
        goto out;
    }
    if (xrdi_vp_state_alloc(&cur, p, np) || xrdi_vp_state_alloc(&trial, p, np)) {
        rs = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the refinement");
        goto out;
    }
    for (size_t j = 0; j < p; j++) {
        double v = *xrdi_param_ptr(m, w.ref[j]);
        if (xrdi_vp_squared_probe(w.ref[j].kind) > 0)
            v *= v;
        cur.theta[j] = xrdi_bound_clamp(&w.bound[j], v);
    }
    for (size_t j = p; j < np; j++)
        cur.c[j] = *xrdi_param_ptr(m, w.ref[j]);
    double *c0 = malloc(np * sizeof(double));
    unsigned char *fx0 = calloc(np, 1);
    if (!c0 || !fx0) {
        free(c0);
        free(fx0);
        rs = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the refinement");
        goto out;
    }
    memcpy(c0, cur.c, np * sizeof(double));
    w.prior_scale = 0.0; /* set by the first evaluation */
    if (xrdi_vp_evaluate(&w, &cur, c0, fx0)) {
        free(c0);
        free(fx0);
        rs = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the model cannot be evaluated at the starting values");
        goto out;
    }
    free(fx0);
    double *c_pred = c0;
    lr->chi2_start = cur.chi2;
    double lambda = VP_LAMBDA0, esd[64], d[64];
    unsigned char held[64];
    double ratio = shift_over_esd(&w, &cur, m->n, esd);
    int it = 0, noise_stop = 0, stalled = 0, seen_it = -1;
    double hist[VP_STALL_STEPS]; /* hist[k % S]: chi2 after k steps */
    const char *why = NULL;
    while (!(ratio < shift_tol)) {
        /* a walk whose last VP_STALL_STEPS steps lowered chi2 by less than
         * VP_STALL_CHI2 (in units of the reduced chi2) while every proposed shift
         * stays within its esd has reached the solution to within the noise: the
         * remaining shifts run along a valley the data do not see */
        if (it != seen_it) {
            seen_it = it;
            if (it >= VP_STALL_STEPS && ratio < 1.0) {
                double dof = (double)m->n - (double)p;
                double s2 = cur.chi2 / (dof > 1 ? dof : 1.0);
                if (hist[it % VP_STALL_STEPS] - cur.chi2 < VP_STALL_CHI2 * (s2 > 1 ? s2 : 1)) {
                    noise_stop = stalled = 1;
                    break;
                }
            }
            hist[it % VP_STALL_STEPS] = cur.chi2;
        }
        if (it >= max_iter) {
            why = "iteration cap reached before the shifts fell below their esds";
            break;
        }
        if (lambda > VP_LAMBDA_MAX) {
            if (ratio < VP_EXHAUSTED_SHIFT)
                noise_stop = 1;
            why = "chi2 cannot be lowered further along the Levenberg-Marquardt path";
            break;
        }
        if (step(&w, &cur, lambda, d, NULL, held)) {
            lambda *= 10.0;
            continue;
        }
        for (size_t j = 0; j < p; j++)
            trial.theta[j] = xrdi_bound_clamp(&w.bound[j], cur.theta[j] + d[j]);
        /* the linear parameters predicted for the trial point (first order):
         * the derivative columns of the pass are built with them */
        for (size_t j = p; j < np; j++) {
            double v = cur.c[j];
            for (size_t b = 0; b < p; b++)
                v -= cur.Y[j * p + b] * (trial.theta[b] - cur.theta[b]);
            c_pred[j] = w.nonneg[j] && v < 0 ? 0.0 : v;
        }
        it++;
        /* a step into widths^2 <= 0 (U, V, W) is refused while the current
         * point has none: there the width is held at its floor and the
         * derivatives vanish, a trap the refinement cannot leave */
        if (xrdi_vp_evaluate(&w, &trial, c_pred, cur.fixed) == 0 && trial.chi2 < cur.chi2 &&
            (trial.clamped == 0 || cur.clamped > 0)) {
            swap_states(&cur, &trial);
            lambda = lambda * 0.2 > 1e-9 ? lambda * 0.2 : 1e-9;
            ratio = shift_over_esd(&w, &cur, m->n, esd);
        } else if (ratio < VP_NOISE_FACTOR * shift_tol) {
            /* the windows' edges and the intensities held at 0 make chi2 step
             * by a few hundredths where every shift is a small part of its esd:
             * that is the solution to within the model's own resolution */
            noise_stop = 1;
            break;
        } else {
            lambda *= 4.0;
        }
    }
    free(c_pred);
    xrdi_vp_set_point(&w, cur.theta, cur.c, cur.fixed);
    for (size_t j = 0; j < p; j++)
        if (xrdi_vp_squared_probe(w.ref[j].kind) > 0)
            *xrdi_param_ptr(m, w.ref[j]) = sqrt(cur.theta[j]);
    if (m->asym_tied)
        m->inst.asym_hl = m->inst.asym_sl;
    for (size_t j = 0; j < p && j < 64; j++)
        f->last_esd[j] = esd[j];
    /* the pass at the end point serves the covariance (fit_result.c) */
    xrdi_final_normal_clear(&f->final);
    f->final.ref = malloc(np * sizeof(xrdi_pref));
    f->final.natscale = malloc((p + 1) * sizeof(double));
    if (f->final.ref && f->final.natscale) {
        memcpy(f->final.ref, w.ref, np * sizeof(xrdi_pref));
        /* natural column = stored column * natscale: 1, or for a parameter
         * solved in its square 2 e at the end value e (0 at e = 0, where the
         * natural derivative vanishes) */
        for (size_t j = 0; j < p; j++)
            f->final.natscale[j] =
                xrdi_vp_squared_probe(w.ref[j].kind) > 0 ? 2.0 * sqrt(fmax(cur.theta[j], 0.0)) : 1.0;
        f->final.M = cur.M;
        cur.M = NULL;
        f->final.np = np;
        f->final.n_scaled = p;
        f->final.valid = 1;
    } else {
        xrdi_final_normal_clear(&f->final);
    }
    lr->iterations = it;
    lr->chi2 = cur.chi2;
    lr->max_shift_esd = ratio;
    lr->converged = ratio < shift_tol || noise_stop;
    lr->stopped_reason = lr->converged ? 1 : 0;
    if (ratio < shift_tol)
        snprintf(lr->message, sizeof lr->message,
                 "converged: every Gauss-Newton shift below %.2g of its esd", shift_tol);
    else if (stalled)
        snprintf(lr->message, sizeof lr->message,
                 "converged: the last %d steps lowered chi2 by less than %.2g x chi2/dof and "
                 "every shift is below %.2g of its esd", VP_STALL_STEPS, VP_STALL_CHI2, ratio);
    else if (noise_stop)
        snprintf(lr->message, sizeof lr->message,
                 "converged: every Gauss-Newton shift below %.2g of its esd and chi2 no longer "
                 "decreases", ratio);
    else
        snprintf(lr->message, sizeof lr->message, "%s (largest shift/esd %.2g)", why ? why : "?",
                 ratio);
out:
    xrdi_vp_state_free(&cur);
    xrdi_vp_state_free(&trial);
    xrdi_vp_release(&w);
    return rs;
}
