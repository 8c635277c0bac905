/* Series of patterns: each read and fitted with the same phases and options,
 * sequentially (from the last converged result) or independently (a pool of
 * threads, one pattern each); one summary row per pattern.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "series_internal.h"

void xrd_series_options_default(xrd_series_options *o)
{
    memset(o, 0, sizeof *o);
}


static void row_from(xrd_series_row *row, const xrd_fit_result *r)
{
    row->n_phases = r->n_phases < XRD_SERIES_MAX_PHASES ? r->n_phases : XRD_SERIES_MAX_PHASES;
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
        snprintf(q->name, sizeof q->name, "%.63s", p->name);
        snprintf(q->structure, sizeof q->structure, "%.15s", p->structure);
    }
}

void xrd_series_row_clear(xrd_series_row *row, double t)
{
    memset(row, 0, sizeof *row);
    row->temperature_K = t;
    row->Rwp = row->GOF = NAN;
    for (int k = 0; k < XRD_SERIES_MAX_PHASES; k++) {
        xrd_series_phase *q = &row->phase[k];
        q->a_A = q->a_esd_A = q->c_A = q->c_esd_A = q->size_nm = q->size_esd_nm = NAN;
        q->strain = q->strain_esd = q->weight_fraction = q->weight_fraction_esd = NAN;
        for (int e = 0; e < XRD_ANALYZE_MAX_ELEMENTS; e++)
            q->x[e] = q->x_esd[e] = NAN;
    }
}

xrd_status xrdi_series_read(series_job *j, size_t i, xrd_pattern **p, xrd_error *err)
{
    xrd_series_row *row = &j->rows[i];
    xrd_series_row_clear(row, j->temps && isfinite(j->temps[i]) ? j->temps[i] : NAN);
    *p = NULL;
    xrd_status st = xrd_pattern_read_file(j->paths[i], j->ro, p, err);
    if (st == XRD_OK && (*p)->unit != XRD_X_TWO_THETA_DEG) {
        xrd_pattern *q = NULL;
        st = xrd_pattern_convert(*p, XRD_X_TWO_THETA_DEG, j->inst->rad.lambda_A[0], &q, err);
        xrd_pattern_free(*p);
        *p = q;
    }
    if (st == XRD_OK && !isfinite(row->temperature_K))
        row->temperature_K = (*p)->meta.temperature_K > 0
                                 ? (*p)->meta.temperature_K
                                 : xrd_series_temperature_from_name(j->paths[i]);
    return st;
}

/* Read and analyse pattern i; the callback gets the analysis. */
static void analyse_one(series_job *j, size_t i, int threads)
{
    xrd_series_row *row = &j->rows[i];
    xrd_error err;
    xrd_error_clear(&err);
    xrd_pattern *p = NULL;
    xrd_analyze_result *a = NULL;
    xrd_status st = xrdi_series_read(j, i, &p, &err);
    xrd_analyze_options ao = *j->ao;
    ao.fit.threads = threads;
    ao.fit.log = NULL;
    /* the end members at this pattern's temperature (their expansion from refdata) */
    if (st == XRD_OK && isfinite(row->temperature_K) && row->temperature_K > 0)
        ao.temperature_K = row->temperature_K;
    if (st == XRD_OK)
        st = xrd_analyze(p, j->inst, j->lib, &ao, &a, &err);
    xrd_pattern_free(p);
    row->status = st;
    const xrd_fit_result *fr = NULL;
    if (st != XRD_OK) {
        snprintf(row->message, sizeof row->message, "%.250s", err.message);
    } else {
        row->verdict = a->verdict;
        fr = a->best >= 0 ? xrd_fit_get_result(a->models[a->best].fit) : NULL;
        if (fr) {
            row_from(row, fr);
            const xrd_fit_result *rv = a->rietveld ? xrd_fit_get_result(a->rietveld) : NULL;
            for (int k = 0; k < row->n_phases && k < XRD_ANALYZE_MAX_PHASES; k++) {
                const xrd_analyze_phase *ap = &a->phase[k];
                for (int e = 0; e < ap->n_fractions && e < XRD_ANALYZE_MAX_ELEMENTS; e++) {
                    row->phase[k].x[e] = ap->fraction[e].x;
                    row->phase[k].x_esd[e] = ap->fraction[e].x_esd;
                }
                if (rv && k < rv->n_phases) {
                    row->phase[k].weight_fraction = rv->phases[k].weight_fraction;
                    row->phase[k].weight_fraction_esd = rv->phases[k].weight_fraction_esd;
                }
            }
        } else {
            snprintf(row->message, sizeof row->message, "%.250s", a->reason);
        }
        row->converged = fr && fr->converged && a->verdict != XRD_VERDICT_NO_FIT &&
                         a->verdict != XRD_VERDICT_NO_PHASE;
        if (!row->converged && !row->message[0])
            snprintf(row->message, sizeof row->message, "%.250s", a->reason);
    }
    if (j->so->item_done) {
        pthread_mutex_lock(&j->lock);
        j->so->item_done(j->so->user, i, row, fr, a);
        pthread_mutex_unlock(&j->lock);
    }
    xrd_analyze_result_free(a);
}

xrd_fit *xrdi_series_fit_read(series_job *j, size_t i, xrd_pattern *p, xrd_status st,
                              const xrd_error *read_err, const xrd_phase *ph,
                              const double *size_nm, const double *strain,
                              const xrd_fit_options *fo_in, int threads)
{
    xrd_series_row *row = &j->rows[i];
    xrd_error err;
    if (read_err)
        err = *read_err;
    else
        xrd_error_clear(&err);
    xrd_fit *f = NULL;
    xrd_fit_options fo = *fo_in;
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
    row->status = st;
    if (st != XRD_OK) {
        snprintf(row->message, sizeof row->message, "%.250s", err.message);
        xrd_fit_free(f);
        return NULL;
    }
    row_from(row, xrd_fit_get_result(f));
    return f;
}

int xrdi_series_cancelled(const series_job *j)
{
    return j->so->cancel && *j->so->cancel;
}

void xrdi_series_mark_cancelled(series_job *j, size_t i)
{
    xrd_series_row *row = &j->rows[i];
    xrd_series_row_clear(row, j->temps && isfinite(j->temps[i]) ? j->temps[i] : NAN);
    row->status = XRD_ERR_CANCELLED;
    snprintf(row->message, sizeof row->message, "interrupted before this pattern");
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
        if (j->so->skip && j->so->skip[i])
            continue;
        if (xrdi_series_cancelled(j)) {
            xrdi_series_mark_cancelled(j, i);
            continue;
        }
        if (j->ao) {
            analyse_one(j, i, j->n_workers > 1 ? 1 : 0);
            continue;
        }
        xrd_error rerr;
        xrd_error_clear(&rerr);
        xrd_pattern *p = NULL;
        xrd_status rst = xrdi_series_read(j, i, &p, &rerr);
        xrd_fit *f = xrdi_series_fit_read(j, i, p, rst, &rerr, j->start, NULL, NULL, j->fo, 1);
        xrd_pattern_free(p);
        if (j->so->item_done) {
            pthread_mutex_lock(&j->lock);
            j->so->item_done(j->so->user, i, &j->rows[i], f ? xrd_fit_get_result(f) : NULL,
                             NULL);
            pthread_mutex_unlock(&j->lock);
        }
        xrd_fit_free(f);
    }
    return NULL;
}

static void pool(series_job *j);

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
    series_job j = {paths, temperature_K, ro, inst, phases, n_phases, fo, so ? so : &dso, NULL,
                    NULL, rows, n, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    if (!j.so->independent) {
        xrdi_series_sequential(&j);
        pthread_mutex_destroy(&j.lock);
        return XRD_OK;
    }
    pool(&j);
    return XRD_OK;
}

xrd_status xrd_series_analyze(const char *const *paths, size_t n, const double *temperature_K,
                              const xrd_read_options *ro, const xrd_instrument *inst,
                              const xrd_phase_library *lib, const xrd_analyze_options *ao,
                              const xrd_series_options *so, xrd_series_row *rows,
                              xrd_error *err)
{
    if (!paths || !rows || !inst || !lib || !ao)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "an analyze series needs patterns, an instrument, the phase "
                             "library and analyze options");
    xrd_status st = xrd_analyze_options_check(ao, err);
    if (st != XRD_OK)
        return st;
    xrd_series_options dso;
    xrd_series_options_default(&dso);
    series_job j = {paths, temperature_K, ro, inst, NULL, 0, &ao->fit, so ? so : &dso, lib, ao,
                    rows, n, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    pool(&j);
    return XRD_OK;
}

static void pool(series_job *jp)
{
    series_job *const j = jp;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int nt = j->so->threads > 0 ? j->so->threads : cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
    if ((size_t)nt > j->n)
        nt = j->n > 0 ? (int)j->n : 1;
    j->n_workers = nt;
    pthread_t tid[64];
    int started = 0;
    for (int k = 1; k < nt; k++) {
        if (pthread_create(&tid[k], NULL, worker, j) != 0)
            break; /* fewer threads: the same work */
        started = k;
    }
    worker(j);
    for (int k = 1; k <= started; k++)
        pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&j->lock);
}
