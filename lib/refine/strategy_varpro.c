/* The refinement's default route: a Le Bail extraction, then the stages by
 * variable projection (cell + zero -> + widths -> everything, background and
 * intensities solved at every step), first on every k-th point where the
 * peaks are sampled finely.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "refine/fit_internal.h"
#include "refine/lebail.h"
#include "refine/start.h"
#include "refine/strategy.h"
#include "refine/strategy_internal.h"
#include "refine/varpro.h"

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
        xrdi_log_pset(f, name, &s);
        int budget = f->opt.max_cycles - steps, iters = final || plan[k].iters > budget ? budget
                                                                                          : plan[k].iters;
        xrd_status st = xrdi_varpro_solve(f, &s, iters, final ? final_tol : plan[k].tol, &lr, err);
        steps += lr.iterations;
        (*cycles)++;
        if (st != XRD_OK)
            return st;
        xrdi_fit_log(f, "  chi2 = %.8g after %d steps (%ld passes so far): %s", lr.chi2,
                     lr.iterations, f->counts.evals, lr.message);
        xrdi_log_values(f, &s);
        if (xrdi_diverged(f, why, why_n)) {
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
xrd_status xrdi_run_varpro(struct xrd_fit *f, int only_final, const char *what, int *cycles,
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
    xrd_status st = xrdi_run_varpro(f, 1, " (background candidate)", &cycles, converged, &div,
                                    why, why_n, err);
    if (div)
        *converged = 0;
    *chi2 = st == XRD_OK ? xrdi_fit_chi2(f) : NAN;
    return st;
}
