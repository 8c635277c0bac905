/* Blocked accumulation of [J | w y]^T [J | w y] over the points, on threads.
 *
 * The points are cut into blocks of NB_BLOCK rows and the blocks into at most
 * NB_CHUNKS consecutive chunks. Each chunk sums its blocks in order into a
 * matrix of its own; the chunks' matrices are then added in chunk order. The
 * cutting depends on the number of points only, so the sums (and every digit
 * of the result) are the same whatever the number of threads that ran the
 * chunks. SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/normal_blocks.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model/peak.h"
#include "refine/normal.h"

/* rows per block: n / NB_CHUNKS within these bounds, long enough that the
 * per-block work (peak windows, column scan) is small, short enough that a
 * block's Jacobian stays in cache and that short patterns still give every
 * thread a chunk */
#define NB_BLOCK_MIN 128
#define NB_BLOCK 1024
/* chunks: the units of work handed to threads */
#define NB_CHUNKS 8

/* A (chunk matrix, nm x nm upper triangle) += the product of one block's
 * touched columns (J columns in map, then w y). J is column-major: column j
 * of the block at J + j * nb. */
static void add_block(const double *J, size_t nb, size_t np, const double *wy, size_t *map,
                      double *P, double *acc, double *A)
{
    size_t nm = np + 1, nc = 0;
    for (size_t j = 0; j < np; j++) {
        const double *col = J + j * nb;
        size_t i = 0;
        while (i < nb && col[i] == 0.0)
            i++;
        if (i < nb)
            map[nc++] = j;
    }
    map[nc++] = np;
    size_t pc = XRDI_NORMAL_PAD(nc);
    for (size_t a = 0; a + 1 < nc; a++) {
        const double *col = J + map[a] * nb;
        for (size_t i = 0; i < nb; i++)
            P[i * pc + a] = col[i];
    }
    for (size_t i = 0; i < nb; i++) {
        double *row = P + i * pc;
        row[nc - 1] = wy[i];
        for (size_t a = nc; a < pc; a++)
            row[a] = 0.0;
    }
    memset(acc, 0, pc * pc * sizeof(double));
    xrdi_normal_acc(P, nb, pc, acc);
    for (size_t a = 0; a < nc; a++)
        for (size_t c = a; c < nc; c++)
            A[map[a] * nm + map[c]] += acc[a * pc + c];
}

static void thread_bufs_free(xrdi_nb_thread *t)
{
    free(t->J);
    free(t->P);
    free(t->acc);
    free(t->wy);
    free(t->map);
    memset(t, 0, sizeof *t);
}

void xrdi_nb_ws_free(xrdi_nb_ws *ws)
{
    for (int k = 0; k < XRDI_NB_MAX_THREADS; k++)
        thread_bufs_free(&ws->t[k]);
    free(ws->chunk_M);
    memset(ws, 0, sizeof *ws);
}

static int ws_fit(xrdi_nb_ws *ws, size_t bl, size_t np, int threads, size_t chunks)
{
    if (ws->chunk_M && ws->cap_rows >= bl && ws->cap_np == np && ws->cap_threads >= threads &&
        ws->cap_chunks >= chunks)
        return 0;
    xrdi_nb_ws_free(ws);
    size_t nm = np + 1, pc = XRDI_NORMAL_PAD(nm);
    int ok = 1;
    for (int k = 0; k < threads; k++) {
        xrdi_nb_thread *t = &ws->t[k];
        t->J = malloc(bl * (np ? np : 1) * sizeof(double));
        t->P = malloc(bl * pc * sizeof(double));
        t->acc = malloc(pc * pc * sizeof(double));
        t->wy = malloc(bl * sizeof(double));
        t->map = malloc(nm * sizeof(size_t));
        ok = ok && t->J && t->P && t->acc && t->wy && t->map;
    }
    ws->chunk_M = malloc(chunks * nm * nm * sizeof(double));
    ws->cap_rows = bl;
    ws->cap_np = np;
    ws->cap_threads = threads;
    ws->cap_chunks = chunks;
    if (ok && ws->chunk_M)
        return 0;
    xrdi_nb_ws_free(ws);
    return -1;
}

/* What every thread shares: the pass's inputs and the next chunk to take. */
typedef struct {
    const xrdi_model *m;
    const xrdi_pref *refs;
    size_t np;
    const double *colscale;
    size_t n_scaled;
    const xrdi_peak_cache *cache;
    size_t bl, n_blocks, n_chunks;
    xrdi_nb_ws *ws;
    pthread_mutex_t lock;
    size_t next;   /* next chunk to take (under lock) */
    int failed;    /* a block could not be evaluated (under lock) */
} pass_job;

typedef struct {
    pass_job *job;
    int slot;      /* buffers ws->t[slot] */
} worker_arg;

/* Blocks [b0, b1) of a chunk into its matrix A (zeroed here). 0, or -1. */
static int run_chunk(const pass_job *j, xrdi_nb_thread *t, size_t b0, size_t b1, double *A)
{
    const xrdi_model *m = j->m;
    size_t nm = j->np + 1;
    memset(A, 0, nm * nm * sizeof(double));
    for (size_t b = b0; b < b1; b++) {
        size_t r0 = b * j->bl, nb = m->n - r0 < j->bl ? m->n - r0 : j->bl;
        xrdi_model view = *m;
        view.n = nb;
        view.x = m->x + r0;
        view.y = m->y + r0;
        view.w = m->w + r0;
        view.counts = NULL;
        view.peaks = j->cache;
        if (xrdi_model_eval_cols(&view, j->refs, j->np, NULL, t->J, 1))
            return -1;
        if (j->colscale)
            for (size_t c = 0; c < j->n_scaled; c++)
                if (j->colscale[c] != 1.0)
                    for (size_t i = 0; i < nb; i++)
                        t->J[c * nb + i] *= j->colscale[c];
        for (size_t i = 0; i < nb; i++)
            t->wy[i] = view.w[i] * view.y[i];
        add_block(t->J, nb, j->np, t->wy, t->map, t->P, t->acc, A);
    }
    return 0;
}

static void *worker(void *p)
{
    worker_arg *a = p;
    pass_job *j = a->job;
    size_t nm = j->np + 1;
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t c = j->next++;
        int stop = j->failed || c >= j->n_chunks;
        pthread_mutex_unlock(&j->lock);
        if (stop)
            break;
        /* chunk c: blocks [c n_blocks / n_chunks, (c + 1) n_blocks / n_chunks) */
        size_t b0 = c * j->n_blocks / j->n_chunks, b1 = (c + 1) * j->n_blocks / j->n_chunks;
        if (run_chunk(j, &j->ws->t[a->slot], b0, b1, j->ws->chunk_M + c * nm * nm)) {
            pthread_mutex_lock(&j->lock);
            j->failed = 1;
            pthread_mutex_unlock(&j->lock);
            break;
        }
    }
    return NULL;
}

int xrdi_normal_blocks(const xrdi_model *m, const xrdi_pref *refs, size_t np,
                       const double *colscale, size_t n_scaled, double *M, size_t *clamped,
                       xrdi_nb_ws *wsp)
{
    size_t n = m->n, nm = np + 1;
    size_t bl = (n + NB_CHUNKS - 1) / NB_CHUNKS;
    bl = bl < NB_BLOCK_MIN ? NB_BLOCK_MIN : bl > NB_BLOCK ? NB_BLOCK : bl;
    if (bl > n)
        bl = n;
    size_t n_blocks = (n + bl - 1) / bl;
    size_t n_chunks = n_blocks < NB_CHUNKS ? n_blocks : NB_CHUNKS;
    int threads = m->threads < 1 ? 1 : m->threads > XRDI_NB_MAX_THREADS ? XRDI_NB_MAX_THREADS
                                                                         : m->threads;
    if ((size_t)threads > n_chunks)
        threads = (int)n_chunks;
    xrdi_nb_ws local;
    memset(&local, 0, sizeof local);
    xrdi_nb_ws *ws = wsp ? wsp : &local;
    if (ws_fit(ws, bl, np, threads, n_chunks))
        return -1;
    xrdi_peak_cache cache;
    int rc = -1;
    memset(&cache, 0, sizeof cache);
    int with_asym = 0;
    for (size_t j = 0; j < np; j++)
        with_asym |= refs[j].kind == XRDI_P_ASYM;
    if (xrdi_peak_cache_fill(m, with_asym, &cache))
        goto done;
    if (clamped) {
        *clamped = 0;
        for (size_t i = 0; i < cache.n; i++)
            *clamped += cache.status[i] == 1 && cache.pk[i].hg_clamped &&
                        cache.pk[i].hi_deg >= m->x[0] && cache.pk[i].lo_deg <= m->x[n - 1];
    }
    pass_job job = {m, refs, np, colscale, n_scaled, &cache, bl, n_blocks, n_chunks, ws,
                    PTHREAD_MUTEX_INITIALIZER, 0, 0};
    worker_arg args[XRDI_NB_MAX_THREADS];
    pthread_t tid[XRDI_NB_MAX_THREADS];
    int started = 0;
    for (int k = 1; k < threads; k++) {
        args[k].job = &job;
        args[k].slot = k;
        if (pthread_create(&tid[k], NULL, worker, &args[k]) != 0)
            break; /* fewer threads: the work is the same */
        started = k;
    }
    args[0].job = &job;
    args[0].slot = 0;
    worker(&args[0]);
    for (int k = 1; k <= started; k++)
        pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&job.lock);
    if (job.failed)
        goto done;
    memset(M, 0, nm * nm * sizeof(double));
    for (size_t c = 0; c < n_chunks; c++) {
        const double *A = ws->chunk_M + c * nm * nm;
        for (size_t a = 0; a < nm; a++)
            for (size_t b = a; b < nm; b++)
                M[a * nm + b] += A[a * nm + b];
    }
    for (size_t a = 0; a < nm; a++)
        for (size_t c = 0; c < a; c++)
            M[a * nm + c] = M[c * nm + a];
    rc = 0;
    for (size_t a = 0; a < nm; a++)
        if (!isfinite(M[a * nm + a]))
            rc = -1;
    if (m->counts) {
        m->counts->evals++;
        m->counts->jacobians++;
    }
done:
    xrdi_peak_cache_free(&cache);
    xrdi_nb_ws_free(&local);
    return rc;
}
