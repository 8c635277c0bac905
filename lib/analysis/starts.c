/* The starts of one model fitted side by side: each start is a fit of its own
 * workspace, so several run on separate threads; the search then takes them
 * in their order, as if they had run in turn. A start's passes over the
 * points give the same result for any number of threads, so the outcome is
 * the same to the last digit; only the time changes (the coarse stages of a
 * fit, on every k-th point, keep two threads poorly busy, whole starts do).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/starts.h"

#define STARTS_MAX_THREADS 16

void xrdi_start_job_init(const xrd_pattern *p, const xrd_instrument *inst,
                         const xrd_fit_options *fo, const xrd_phase *ph, int n, double size_nm,
                         xrdi_start_job *j)
{
    memset(j, 0, sizeof *j);
    j->p = p;
    j->inst = inst;
    /* no slow rescue of a start that does not converge: the other starts and
     * models are the alternatives, and the model is reported as not converged */
    j->fo = *fo;
    j->fo.rescue = 0;
    for (int k = 0; k < n && k < 3; k++)
        j->ph[k] = ph[k];
    j->n_phases = n < 3 ? n : 3;
    j->size_nm = size_nm;
}

xrd_status xrdi_start_job_model(xrdi_start_job *j, const char *label, xrd_analyze_model *out,
                                xrd_error *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->label, sizeof out->label, "%.*s", (int)sizeof out->label - 1, label);
    out->n_phases = j->n_phases;
    if (j->st != XRD_OK) {
        /* a numerical failure of one start is not fatal: the model is absent */
        if (j->st == XRD_ERR_NUMERIC || j->st == XRD_ERR_NOT_CONVERGED ||
            j->st == XRD_ERR_TOO_FEW || j->st == XRD_ERR_NO_DATA) {
            out->converged = 0;
            out->chi2 = out->bic = INFINITY;
            return XRD_OK;
        }
        if (err)
            *err = j->err;
        return j->st;
    }
    const xrd_fit_result *res = xrd_fit_get_result(j->fit);
    out->fit = j->fit;
    j->fit = NULL;
    out->converged = res->converged;
    out->chi2 = res->chi2;
    out->bic = res->bic;
    return XRD_OK;
}

int xrdi_starts_workers(const xrd_fit_options *fo, int n, int *threads_per_fit)
{
    int t = fo->threads;
    if (t <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        t = cpus < 1 ? 1 : cpus > STARTS_MAX_THREADS ? STARTS_MAX_THREADS : (int)cpus;
    }
    int w = n < t ? n : t;
    if (w <= 1 || fo->log) {
        *threads_per_fit = fo->threads;
        return 1;
    }
    *threads_per_fit = t / w > 1 ? t / w : 1;
    return w;
}

static void run_one(xrdi_start_job *j)
{
    xrd_error_clear(&j->err);
    j->fit = NULL;
    j->st = xrd_fit_new(j->p, j->inst, j->ph, j->n_phases, &j->fo, &j->fit, &j->err);
    for (int k = 0; j->st == XRD_OK && j->size_nm > 0 && k < j->n_phases; k++)
        j->st = xrd_fit_set_phase_broadening(j->fit, k, j->size_nm, 1e-4, &j->err);
    if (j->st == XRD_OK)
        j->st = xrd_fit_run(j->fit, &j->err);
    if (j->st != XRD_OK) {
        xrd_fit_free(j->fit);
        j->fit = NULL;
    }
}

typedef struct {
    xrdi_start_job *jobs;
    int n;
    int next;              /* next job to take (under lock) */
    pthread_mutex_t lock;
} pool;

static void *worker(void *arg)
{
    pool *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int k = q->next++;
        pthread_mutex_unlock(&q->lock);
        if (k >= q->n)
            break;
        run_one(&q->jobs[k]);
    }
    return NULL;
}

void xrdi_starts_run(xrdi_start_job *jobs, int n, int workers)
{
    if (workers <= 1 || n <= 1) {
        for (int k = 0; k < n; k++)
            run_one(&jobs[k]);
        return;
    }
    if (workers > STARTS_MAX_THREADS)
        workers = STARTS_MAX_THREADS;
    pool q;
    q.jobs = jobs;
    q.n = n;
    q.next = 0;
    pthread_mutex_init(&q.lock, NULL);
    pthread_t tid[STARTS_MAX_THREADS];
    int started = 0;
    for (int k = 1; k < workers; k++) {
        if (pthread_create(&tid[k], NULL, worker, &q) != 0)
            break; /* fewer threads: the same work */
        started = k;
    }
    worker(&q);
    for (int k = 1; k <= started; k++)
        pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&q.lock);
}
