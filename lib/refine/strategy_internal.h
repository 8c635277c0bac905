/* What the refinement's stages share: their tolerances, the divergence test
 * and the stage log (strategy.c), a classic Le Bail + least-squares cycle and
 * the classic final stage (strategy_classic.c), the default route by
 * variable projection (strategy_varpro.c). Internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_STRATEGY_INTERNAL_H
#define XRDFIT_REFINE_STRATEGY_INTERNAL_H

#include <stddef.h>

#include "refine/fit_internal.h"

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

/* Divergence: a cell length more than 15 % from its start, or peaks at the
 * middle of the range wider than half the range + 5 deg. 1 with the message
 * in buf (n bytes), else 0. */
int xrdi_diverged(const struct xrd_fit *f, char *buf, size_t n);

/* Log (when the fit keeps one) the current value of every parameter of s but
 * the background terms and scales. */
void xrdi_log_values(const struct xrd_fit *f, const xrdi_pset *s);

/* Log the start of stage `stage` with the names of the parameters s refines. */
void xrdi_log_pset(const struct xrd_fit *f, const char *stage, const xrdi_pset *s);

/* One classic cycle: up to `lebail` Le Bail iterations, then at most iters
 * least-squares iterations on s (bounded parameters moved off their bounds
 * first; the scales folded after). lr as for xrdi_fit_lsq. */
xrd_status xrdi_cycle(struct xrd_fit *f, const xrdi_pset *s, int lebail, int iters,
                      xrdi_lsq_result *lr, xrd_error *err);

/* The classic final stage: every parameter (and the well-resolved
 * intensities) in cycles until chi2 settles, at most max_cycles (counted into
 * *total_cycles); *converged, and why (why_n bytes) when not. */
xrd_status xrdi_final_stage(struct xrd_fit *f, int max_cycles, int *total_cycles,
                            int *converged, char *why, size_t why_n, xrd_error *err);

/* The default route (variable projection): all stages, or only the last
 * when only_final, first on every k-th point where the peaks are sampled
 * finely; `what` labels the log. *cycles counted, *converged, *div when it
 * diverged, why (why_n bytes) when not converged. */
xrd_status xrdi_run_varpro(struct xrd_fit *f, int only_final, const char *what, int *cycles,
                           int *converged, int *div, char *why, size_t why_n, xrd_error *err);

#endif
