/* fit --debye auto: the Debye refinement with each cluster shape the phase
 * allows, the one of lowest chi2 kept (every shape has the same parameters),
 * the others listed. The shapes are fitted side by side on o->threads threads
 * (each fit is independent; the choice follows the shapes' order, so the
 * result does not depend on the threads). SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/xrdfit.h"
#include "refine/debye_fit_internal.h"

#define N_SHAPES 6
static const xrd_cluster_shape SHAPES[N_SHAPES] = {
    XRD_CLUSTER_SPHERE,         XRD_CLUSTER_CUBOCTAHEDRON, XRD_CLUSTER_ICOSAHEDRON,
    XRD_CLUSTER_TWINNED_SPHERE, XRD_CLUSTER_DECAHEDRON,    XRD_CLUSTER_CUBE};

/* the order the workers take them: the decahedra (their database is not a
 * nested family, the longest job) first */
static const int QUEUE[N_SHAPES] = {4, 0, 1, 2, 3, 5};

/* the shapes' fits: a queue of shape indices taken by the workers */
typedef struct {
    const xrd_pattern *p;
    const xrd_instrument *inst;
    const xrd_phase *ph;
    xrd_debye_fit_options o;     /* threads per fit set */
    int n, next;
    int keep_db;                 /* 1: each shape's database is kept in db[] */
    xrdi_debye_db db[N_SHAPES];
    pthread_mutex_t lock;
    xrd_debye_fit_result res[N_SHAPES];
    xrd_status st[N_SHAPES];
    xrd_error err[N_SHAPES];
} shape_queue;

static void fit_shape(shape_queue *q, int k)
{
    xrd_debye_fit_options ok = q->o;
    ok.shape = SHAPES[k];
    xrd_error_clear(&q->err[k]);
    q->st[k] = xrdi_debye_fit_db(q->p, q->inst, q->ph, &ok, NULL, q->keep_db ? &q->db[k] : NULL,
                                 &q->res[k], &q->err[k]);
}

static void *worker(void *arg)
{
    shape_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        int k = q->next >= q->n ? -1 : q->n == N_SHAPES ? QUEUE[q->next] : q->next;
        if (k >= 0)
            q->next++;
        pthread_mutex_unlock(&q->lock);
        if (k < 0)
            return NULL;
        fit_shape(q, k);
    }
}

/* every shape on p; with db_best the best shape's database is handed over */
static xrd_status shapes_run(const xrd_pattern *p, const xrd_instrument *inst,
                             const xrd_phase *ph, const xrd_debye_fit_options *o,
                             xrd_debye_fit_result *r, xrd_cluster_shape *best,
                             xrdi_debye_db *db_best, xrd_error *err)
{
    if (!r || !o)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no options or result given");
    memset(r, 0, sizeof *r);
    int fcc = ph && ph->sg.number == 225;
    shape_queue *q = calloc(1, sizeof *q);
    if (!q)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    q->p = p;
    q->inst = inst;
    q->ph = ph;
    q->o = *o;
    q->n = fcc ? N_SHAPES : 1;
    q->keep_db = db_best != NULL;
    int nt = o->threads > 0 ? o->threads : 2;
    int nw = nt < q->n ? nt : q->n;
    q->o.threads = nt / nw > 1 ? nt / nw : 1;
    pthread_mutex_init(&q->lock, NULL);
    pthread_t tid[N_SHAPES];
    int started = 0;
    for (int w = 1; w < nw; w++) /* this thread is one worker */
        if (pthread_create(&tid[started], NULL, worker, q) == 0)
            started++;
    worker(q);
    for (int w = 0; w < started; w++)
        pthread_join(tid[w], NULL);
    pthread_mutex_destroy(&q->lock);

    xrd_debye_fit_result cur;
    int have = 0, n_tried = 0;
    xrd_status st = XRD_OK;
    double tot_db = 0, tot_fit = 0;
    for (int k = 0; k < q->n; k++) {
        cur = q->res[k];
        st = q->st[k];
        if (st == XRD_ERR_UNSUPPORTED && k > 0) { /* an fcc phase of several sites */
            st = XRD_OK;
            continue;
        }
        if (st != XRD_OK) {
            if (err)
                *err = q->err[k];
            for (int m = k + 1; m < q->n; m++)
                if (q->st[m] == XRD_OK)
                    xrd_debye_fit_result_free(&q->res[m]);
            break;
        }
        tot_db += cur.seconds_database;
        tot_fit += cur.seconds_fit;
        int i = n_tried++;
        r->tried[i].shape = SHAPES[k];
        r->tried[i].converged = cur.converged;
        r->tried[i].chi2 = cur.chi2;
        r->tried[i].GOF = cur.GOF;
        r->tried[i].a_A = cur.a_A;
        r->tried[i].d_median_nm = cur.d_median_nm;
        /* a converged fit beats one that is not; then the lower chi2 */
        int better = !have || (cur.converged && !r->converged) ||
                     (cur.converged == r->converged && cur.chi2 < r->chi2);
        if (better) {
            xrd_debye_shape_trial keep[N_SHAPES];
            memcpy(keep, r->tried, sizeof keep);
            xrd_debye_fit_result_free(r);
            *r = cur;
            memcpy(r->tried, keep, sizeof keep);
            *best = SHAPES[k];
            have = 1;
        } else {
            xrd_debye_fit_result_free(&cur);
        }
    }
    for (int k = 0; k < q->n; k++) {
        if (db_best && st == XRD_OK && have && SHAPES[k] == *best)
            *db_best = q->db[k]; /* handed over */
        else
            xrdi_debye_db_free(&q->db[k]);
    }
    free(q);
    if (st != XRD_OK) {
        xrd_debye_fit_result_free(r);
        return st;
    }
    /* best first, the others in their order */
    for (int i = 0; i < n_tried; i++)
        if (r->tried[i].shape == *best && i > 0) {
            xrd_debye_shape_trial t = r->tried[i];
            memmove(&r->tried[1], &r->tried[0], (size_t)i * sizeof t);
            r->tried[0] = t;
        }
    r->n_tried = n_tried;
    r->seconds_database = tot_db;
    r->seconds_fit = tot_fit;
    return XRD_OK;
}

xrd_status xrd_debye_fit_shapes(const xrd_pattern *p, const xrd_instrument *inst,
                                const xrd_phase *ph, const xrd_debye_fit_options *o,
                                xrd_debye_fit_result *r, xrd_cluster_shape *best,
                                xrd_error *err)
{
    return shapes_run(p, inst, ph, o, r, best, NULL, err);
}

xrd_status xrdi_debye_fit_shapes_screened(const xrd_pattern *screen, const xrd_pattern *p,
                                          const xrd_instrument *inst, const xrd_phase *ph,
                                          const xrd_debye_fit_options *o,
                                          xrd_debye_fit_result *r, xrd_cluster_shape *best,
                                          xrd_error *err)
{
    xrd_debye_fit_result scr;
    xrdi_debye_db db;
    memset(&db, 0, sizeof db);
    xrd_status st = shapes_run(screen, inst, ph, o, &scr, best, &db, err);
    if (st != XRD_OK) {
        memset(r, 0, sizeof *r);
        return st;
    }
    xrd_debye_fit_result_free(&scr);
    xrd_debye_fit_options one = *o;
    one.shape = *best;
    st = xrdi_debye_fit_db(p, inst, ph, &one, db.n > 0 ? &db : NULL, NULL, r, err);
    xrdi_debye_db_free(&db);
    if (st == XRD_OK)
        r->n_tried = 0;
    return st;
}
