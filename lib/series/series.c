/* Series of patterns: each read and fitted with the same phases and options,
 * sequentially (from the last converged result) or independently (a pool of
 * threads, one pattern each); one summary row per pattern.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xrdfit/series.h"

void xrd_series_options_default(xrd_series_options *o)
{
    memset(o, 0, sizeof *o);
}

typedef struct {
    const char *const *paths;
    const double *temps;
    const xrd_read_options *ro;
    const xrd_instrument *inst;
    const xrd_phase *start;
    int n_phases;
    const xrd_fit_options *fo;
    const xrd_series_options *so;
    xrd_series_row *rows;
    size_t n;
    /* independent: the next pattern to take, and the lock for it and the callback */
    size_t next;
    pthread_mutex_t lock;
} series_job;

static void row_from(xrd_series_row *row, const xrd_fit_result *r)
{
    row->converged = r->converged;
    row->Rwp = r->Rwp;
    row->GOF = r->GOF;
    if (!r->converged)
        snprintf(row->message, sizeof row->message, "%.250s", r->message);
    for (int k = 0; k < r->n_phases && k < XRD_SERIES_MAX_PHASES; k++) {
        const xrd_phase_result *p = &r->phases[k];
        xrd_series_phase *q = &row->phase[k];
        q->a_A = p->cell.a;
        q->a_esd_A = p->cell_esd.a;
        int has_c = p->sg.system == XRD_SYS_HEXAGONAL || p->sg.system == XRD_SYS_TETRAGONAL ||
                    p->sg.system == XRD_SYS_TRIGONAL;
        q->c_A = has_c ? p->cell.c : NAN;
        q->c_esd_A = has_c ? p->cell_esd.c : NAN;
        q->size_nm = p->size_status == 1 ? p->size_nm : NAN;
        q->size_esd_nm = p->size_status == 1 ? p->size_esd_nm : NAN;
        q->strain = p->strain;
        q->strain_esd = p->strain_esd;
        q->weight_fraction = p->rietveld ? p->weight_fraction : NAN;
        q->weight_fraction_esd = p->rietveld ? p->weight_fraction_esd : NAN;
    }
}

static void row_clear(xrd_series_row *row, double t)
{
    memset(row, 0, sizeof *row);
    row->temperature_K = t;
    row->Rwp = row->GOF = NAN;
    for (int k = 0; k < XRD_SERIES_MAX_PHASES; k++) {
        xrd_series_phase *q = &row->phase[k];
        q->a_A = q->a_esd_A = q->c_A = q->c_esd_A = q->size_nm = q->size_esd_nm = NAN;
        q->strain = q->strain_esd = q->weight_fraction = q->weight_fraction_esd = NAN;
    }
}

/* Read and fit pattern i from the phases ph (broadening start sizes when
 * size_nm[k] > 0); the fit is returned (NULL when none could be made). */
static xrd_fit *one(series_job *j, size_t i, const xrd_phase *ph, const double *size_nm,
                    const double *strain, int threads)
{
    xrd_series_row *row = &j->rows[i];
    double t = j->temps && isfinite(j->temps[i]) ? j->temps[i] : NAN;
    row_clear(row, t);
    xrd_error err;
    xrd_error_clear(&err);
    xrd_pattern *p = NULL;
    xrd_fit *f = NULL;
    xrd_status st = xrd_pattern_read_file(j->paths[i], j->ro, &p, &err);
    if (st == XRD_OK && p->unit != XRD_X_TWO_THETA_DEG) {
        xrd_pattern *q = NULL;
        st = xrd_pattern_convert(p, XRD_X_TWO_THETA_DEG, j->inst->rad.lambda_A[0], &q, &err);
        xrd_pattern_free(p);
        p = q;
    }
    if (st == XRD_OK && !isfinite(row->temperature_K))
        row->temperature_K = p->meta.temperature_K > 0
                                 ? p->meta.temperature_K
                                 : xrd_series_temperature_from_name(j->paths[i]);
    xrd_fit_options fo = *j->fo;
    fo.threads = threads;
    fo.log = NULL;
    if (st == XRD_OK)
        st = xrd_fit_new(p, j->inst, ph, j->n_phases, &fo, &f, &err);
    for (int k = 0; st == XRD_OK && size_nm && k < j->n_phases; k++)
        if (size_nm[k] > 0)
            st = xrd_fit_set_phase_broadening(f, k, size_nm[k], strain[k] > 0 ? strain[k] : 1e-4,
                                              &err);
    if (st == XRD_OK)
        st = xrd_fit_run(f, &err);
    xrd_pattern_free(p);
    row->status = st;
    if (st != XRD_OK) {
        snprintf(row->message, sizeof row->message, "%.250s", err.message);
        xrd_fit_free(f);
        return NULL;
    }
    row_from(row, xrd_fit_get_result(f));
    return f;
}

static void sequential(series_job *j)
{
    xrd_phase ph[XRD_SERIES_MAX_PHASES];
    double size_nm[XRD_SERIES_MAX_PHASES] = {0}, strain[XRD_SERIES_MAX_PHASES] = {0};
    memcpy(ph, j->start, (size_t)j->n_phases * sizeof(xrd_phase));
    int have = 0;
    for (size_t i = 0; i < j->n; i++) {
        xrd_fit *f = one(j, i, ph, have ? size_nm : NULL, strain, j->fo->threads);
        const xrd_fit_result *r = f ? xrd_fit_get_result(f) : NULL;
        if (j->so->item_done)
            j->so->item_done(j->so->user, i, &j->rows[i], r);
        if (r && r->converged) {
            /* the next pattern starts here: cells, sizes, strains */
            for (int k = 0; k < j->n_phases; k++) {
                ph[k].cell = r->phases[k].cell;
                size_nm[k] = r->phases[k].size_status == 1 ? r->phases[k].size_nm : 0.0;
                strain[k] = r->phases[k].strain;
            }
            have = 1;
        }
        xrd_fit_free(f);
    }
}

static void *worker(void *arg)
{
    series_job *j = arg;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->lock);
        if (i >= j->n)
            break;
        xrd_fit *f = one(j, i, j->start, NULL, NULL, 1);
        if (j->so->item_done) {
            pthread_mutex_lock(&j->lock);
            j->so->item_done(j->so->user, i, &j->rows[i], f ? xrd_fit_get_result(f) : NULL);
            pthread_mutex_unlock(&j->lock);
        }
        xrd_fit_free(f);
    }
    return NULL;
}

xrd_status xrd_series_fit(const char *const *paths, size_t n, const double *temperature_K,
                          const xrd_read_options *ro, const xrd_instrument *inst,
                          const xrd_phase *phases, int n_phases, const xrd_fit_options *fo,
                          const xrd_series_options *so, xrd_series_row *rows, xrd_error *err)
{
    if (!paths || !rows || !inst || !phases || !fo || n_phases < 1 ||
        n_phases > XRD_SERIES_MAX_PHASES)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a series needs patterns, an instrument, 1 to %d phases and fit "
                             "options", XRD_SERIES_MAX_PHASES);
    xrd_series_options dso;
    xrd_series_options_default(&dso);
    series_job j = {paths, temperature_K, ro, inst, phases, n_phases, fo, so ? so : &dso, rows,
                    n, 0, PTHREAD_MUTEX_INITIALIZER};
    if (!j.so->independent) {
        sequential(&j);
        pthread_mutex_destroy(&j.lock);
        return XRD_OK;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int nt = j.so->threads > 0 ? j.so->threads : cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
    if ((size_t)nt > n)
        nt = n > 0 ? (int)n : 1;
    pthread_t tid[64];
    int started = 0;
    for (int k = 1; k < nt; k++) {
        if (pthread_create(&tid[k], NULL, worker, &j) != 0)
            break; /* fewer threads: the same work */
        started = k;
    }
    worker(&j);
    for (int k = 1; k <= started; k++)
        pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&j.lock);
    return XRD_OK;
}
