/* The sequential series: every pattern starts from the last converged result
 * (cells, sizes, strains, and the background model the automatic choice made
 * for it), while the next pattern is read on a second thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "series_internal.h"

/* A pattern read ahead on its own thread while the one before is fitted. */
typedef struct {
    series_job *j;
    size_t i;          /* the pattern read (or being read); j->n = none */
    xrd_pattern *p;
    xrd_status st;
    xrd_error err;
    pthread_t tid;
    int running;
} read_ahead;

static void *read_main(void *arg)
{
    read_ahead *q = arg;
    xrd_error_clear(&q->err);
    q->p = NULL;
    q->st = xrdi_series_read(q->j, q->i, &q->p, &q->err);
    return NULL;
}

/* Start reading pattern i (nothing when i is past the end or the series is
 * stopping); read here when no thread can be made. */
static void read_start(read_ahead *q, series_job *j, size_t i)
{
    q->j = j;
    q->i = j->n;
    q->p = NULL;
    q->running = 0;
    if (i >= j->n || xrdi_series_cancelled(j))
        return;
    q->i = i;
    if (pthread_create(&q->tid, NULL, read_main, q) == 0)
        q->running = 1;
    else
        read_main(q);
}

static void read_wait(read_ahead *q)
{
    if (q->running)
        pthread_join(q->tid, NULL);
    q->running = 0;
}

/* The first pattern at or after i that is not a resumed row. */
static size_t next_todo(const series_job *j, size_t i)
{
    while (i < j->n && j->so->skip && j->so->skip[i])
        i++;
    return i;
}

/* The start of the next pattern from a converged row: cells (a, c), sizes,
 * strains. */
static void start_from_row(series_job *j, const xrd_series_row *r, xrd_phase *ph,
                           double *size_nm, double *strain)
{
    for (int k = 0; k < j->n_phases && k < r->n_phases; k++) {
        const xrd_series_phase *q = &r->phase[k];
        if (isfinite(q->a_A) && q->a_A > 0)
            ph[k].cell.a = q->a_A;
        if (isfinite(q->c_A) && q->c_A > 0)
            ph[k].cell.c = q->c_A;
        xrd_spacegroup_constrain_cell(&ph[k].sg, &ph[k].cell);
        size_nm[k] = isfinite(q->size_nm) && q->size_nm > 0 ? q->size_nm : 0.0;
        strain[k] = isfinite(q->strain) ? q->strain : 0.0;
    }
}

/* The options of the next fit: the caller's, with the background model of r
 * (Chebyshev terms, c/x, hump and its centre) in place of the automatic
 * choice when the caller left the background to it. 1 when carried. */
static int carry_background(const xrd_fit_options *fo, const xrd_fit_result *r,
                            xrd_fit_options *next)
{
    *next = *fo;
    if (!fo->background_auto || fo->n_background > 0 || fo->background_hump ||
        fo->background_inv_x || !(r->background.n_cheb > 0))
        return 0;
    next->background_auto = 0;
    next->n_background = r->background.n_cheb;
    next->background_inv_x = r->background.use_inv_x;
    next->background_hump = r->background.use_hump;
    if (r->background.use_hump)
        next->hump_center_deg = r->background.hump_center_deg;
    return 1;
}

/* A carried background is kept unless the fit with it failed, did not
 * converge, or fits clearly worse than the pattern before (a change the
 * automatic choice should see: a hump appearing, a new phase's tails). */
#define SEQ_GOF_RISE 1.2

void xrdi_series_sequential(series_job *j)
{
    xrd_phase ph[XRD_SERIES_MAX_PHASES];
    double size_nm[XRD_SERIES_MAX_PHASES] = {0}, strain[XRD_SERIES_MAX_PHASES] = {0};
    memcpy(ph, j->start, (size_t)j->n_phases * sizeof(xrd_phase));
    xrd_fit_options carried = *j->fo;
    int have = 0, have_bkg = 0;
    double last_gof = NAN;
    read_ahead ra;
    read_start(&ra, j, j->n); /* none yet */
    for (size_t i = 0; i < j->n; i++) {
        if (j->so->skip && j->so->skip[i]) {
            if (j->rows[i].converged) {
                start_from_row(j, &j->rows[i], ph, size_nm, strain);
                have = 1;
            }
            continue;
        }
        xrd_pattern *p = NULL;
        xrd_status rst;
        xrd_error rerr;
        xrd_error_clear(&rerr);
        if (ra.i == i) {
            read_wait(&ra);
            p = ra.p;
            rst = ra.st;
            rerr = ra.err;
            ra.i = j->n;
        } else if (!xrdi_series_cancelled(j)) {
            rst = xrdi_series_read(j, i, &p, &rerr);
        } else {
            rst = XRD_ERR_CANCELLED;
        }
        if (xrdi_series_cancelled(j)) {
            xrd_pattern_free(p);
            xrdi_series_mark_cancelled(j, i);
            continue;
        }
        read_start(&ra, j, next_todo(j, i + 1));
        const xrd_fit_options *fo = have_bkg ? &carried : j->fo;
        xrd_fit *f = xrdi_series_fit_read(j, i, p, rst, &rerr, ph, have ? size_nm : NULL, strain,
                                          fo, j->fo->threads);
        const xrd_fit_result *r = f ? xrd_fit_get_result(f) : NULL;
        if (rst == XRD_OK && fo == &carried &&
            (!r || !r->converged || !(r->GOF <= SEQ_GOF_RISE * last_gof))) {
            /* again with the background left to the automatic choice */
            xrd_fit_free(f);
            f = xrdi_series_fit_read(j, i, p, rst, &rerr, ph, have ? size_nm : NULL, strain,
                                     j->fo, j->fo->threads);
            r = f ? xrd_fit_get_result(f) : NULL;
        }
        xrd_pattern_free(p);
        if (j->so->item_done)
            j->so->item_done(j->so->user, i, &j->rows[i], r, NULL);
        if (r && r->converged) {
            /* the next pattern starts here: cells, sizes, strains, background */
            for (int k = 0; k < j->n_phases; k++) {
                ph[k].cell = r->phases[k].cell;
                size_nm[k] = r->phases[k].size_status == 1 ? r->phases[k].size_nm : 0.0;
                strain[k] = r->phases[k].strain;
            }
            have = 1;
            have_bkg = carry_background(j->fo, r, &carried);
            last_gof = r->GOF;
        }
        xrd_fit_free(f);
    }
    read_wait(&ra);
    if (ra.i < j->n)
        xrd_pattern_free(ra.p);
}
