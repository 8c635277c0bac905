/* The starts of one model fitted side by side (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ANALYSIS_STARTS_H
#define XRDFIT_ANALYSIS_STARTS_H

#include "xrdfit/analyze.h"
#include "xrdfit/fit.h"

/* One start: its inputs (shared, read only) and its outcome (fit NULL when
 * st is not XRD_OK; err then says why). */
typedef struct {
    const xrd_pattern *p;
    const xrd_instrument *inst;
    xrd_fit_options fo;
    xrd_phase ph[3];
    int n_phases;
    double size_nm;      /* start crystal size of every phase, 0 = the fit's own */
    xrd_fit *fit;
    xrd_status st;
    xrd_error err;
} xrdi_start_job;

/* A start of the phases ph[0..n) (n <= 3, copied) under the options fo,
 * without the fit's slow rescue (the other starts are the alternatives). */
void xrdi_start_job_init(const xrd_pattern *p, const xrd_instrument *inst,
                         const xrd_fit_options *fo, const xrd_phase *ph, int n, double size_nm,
                         xrdi_start_job *j);

/* The model of a fitted job, labelled; its fit moves to out. A numerical
 * failure of the start is an absent model (XRD_OK, converged 0, chi2 and BIC
 * infinite); any other failure is returned with the job's error in err. */
xrd_status xrdi_start_job_model(xrdi_start_job *j, const char *label, xrd_analyze_model *out,
                                xrd_error *err);

/* Workers to fit n starts side by side under a budget of `threads` (the fit
 * options' threads, 0 = one per online processor, at most 16): 1 (in turn,
 * on the calling thread) for one start, one thread, or a log (it stays in
 * order); else min(threads, n), and each start's passes get threads / workers
 * threads. */
int xrdi_starts_workers(const xrd_fit_options *fo, int n, int *threads_per_fit);

/* Fit jobs[0..n) on `workers` threads (1 = in turn). Every job gets its own
 * outcome; a fit's result does not depend on the number of threads. */
void xrdi_starts_run(xrdi_start_job *jobs, int n, int workers);

#endif
