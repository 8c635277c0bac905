/* What the series' files share: the job of one series call and the steps of
 * one pattern (read, fit, cancel). Internal to lib/series.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRD_SERIES_INTERNAL_H
#define XRD_SERIES_INTERNAL_H

#include <pthread.h>

#include "xrdfit/series.h"

typedef struct {
    const char *const *paths;
    const double *temps;
    const xrd_read_options *ro;
    const xrd_instrument *inst;
    const xrd_phase *start;
    int n_phases;
    const xrd_fit_options *fo;
    const xrd_series_options *so;
    const xrd_phase_library *lib;   /* analyze series */
    const xrd_analyze_options *ao;
    xrd_series_row *rows;
    size_t n;
    /* independent: the next pattern to take, and the lock for it and the callback */
    size_t next;
    int n_workers;
    pthread_mutex_t lock;
} series_job;

/* Pattern i read (in 2theta) into *p, its row cleared with its temperature
 * (from the list, the header or the name). Writes rows[i] only. */
xrd_status xrdi_series_read(series_job *j, size_t i, xrd_pattern **p, xrd_error *err);

/* Fit pattern i, read as p with status st (read_err its error, may be NULL),
 * from the phases ph (broadening start sizes where size_nm[k] > 0) with the
 * options fo on threads; fills rows[i]. The fit, or NULL when none could be
 * made; p stays the caller's. */
xrd_fit *xrdi_series_fit_read(series_job *j, size_t i, xrd_pattern *p, xrd_status st,
                              const xrd_error *read_err, const xrd_phase *ph,
                              const double *size_nm, const double *strain,
                              const xrd_fit_options *fo, int threads);

/* 1 once the caller asked the series to stop. */
int xrdi_series_cancelled(const series_job *j);

/* Row i says it was not fitted because the series was interrupted. */
void xrdi_series_mark_cancelled(series_job *j, size_t i);

/* The sequential series (sequential.c). */
void xrdi_series_sequential(series_job *j);

#endif
