/* Pair-distance histograms of a nested family of clusters (spheres of growing
 * radius, polyhedra of growing shell count) in one pass over the largest one's
 * pairs: with its atoms ordered by the smallest member that holds them, every
 * pair (i < k) belongs to the members from group(k) on, so the counts are
 * accumulated group after group and each member's histogram is the running
 * sum. The cost is that of the largest cluster alone (the size database of
 * fit --debye; N^2/2 pairs instead of the sum over all its members).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "model/debye_hist.h"

#define MAX_THREADS 64

typedef struct {
    const double *x;       /* atoms in group order */
    size_t k0, k1;         /* rows of this group */
    int t, nt;
    double inv_bin;
    size_t nbins;
    uint64_t *acc;         /* this thread's [bin][2] */
} nest_job;

static void *nest_worker(void *arg)
{
    nest_job *j = arg;
    const double *x = j->x;
    for (size_t k = j->k0 + (size_t)j->t; k < j->k1; k += (size_t)j->nt) {
        double xk = x[3 * k], yk = x[3 * k + 1], zk = x[3 * k + 2];
        for (size_t i = 0; i < k; i++) {
            double dx = x[3 * i] - xk, dy = x[3 * i + 1] - yk, dz = x[3 * i + 2] - zk;
            double u = sqrt(dx * dx + dy * dy + dz * dz) * j->inv_bin;
            size_t b = (size_t)u;
            if (b >= j->nbins)
                b = j->nbins - 1;
            j->acc[2 * b]++;
            j->acc[2 * b + 1] += (uint64_t)((u - (double)b) * XRDI_OFFSET_SCALE);
        }
    }
    return NULL;
}

typedef struct {
    int g;
    size_t i;
} by_group;

static int cmp_group(const void *a, const void *b)
{
    const by_group *p = a, *q = b;
    if (p->g != q->g)
        return p->g < q->g ? -1 : 1;
    return p->i < q->i ? -1 : (p->i > q->i);
}

xrd_status xrdi_debye_hist_nested(const xrd_cluster *c, const int *group, int n_groups,
                                  double bin_A, int n_threads, xrd_debye_hist **out,
                                  xrd_error *err)
{
    for (int g = 0; g < n_groups; g++)
        out[g] = NULL;
    if (!c || c->n < 2 || n_groups < 1 || !(bin_A >= 1e-4 && bin_A <= 0.05))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a nested histogram needs a cluster, groups and a bin");
    size_t n = c->n;
    int nt = n_threads > 0 ? n_threads : 2;
    nt = nt > MAX_THREADS ? MAX_THREADS : nt;
    by_group *ord = malloc(n * sizeof *ord);
    double *x = malloc(3 * n * sizeof(double));
    size_t *start = calloc((size_t)n_groups + 1, sizeof(size_t));
    double rmax = 0;
    xrd_status st = XRD_OK;
    uint64_t *acc = NULL, *tot = NULL;
    if (!ord || !x || !start) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0 || group[i] >= n_groups) {
            st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "atom %zu has group %d of %d",
                               i + 1, group[i], n_groups);
            goto done;
        }
        ord[i].g = group[i];
        ord[i].i = i;
        const double *r = &c->xyz[3 * i];
        rmax = fmax(rmax, r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
    }
    qsort(ord, n, sizeof *ord, cmp_group);
    for (size_t k = 0; k < n; k++) {
        memcpy(&x[3 * k], &c->xyz[3 * ord[k].i], 3 * sizeof(double));
        start[ord[k].g + 1]++;
    }
    for (int g = 0; g < n_groups; g++)
        start[g + 1] += start[g];
    size_t nbins = (size_t)(2.0 * sqrt(rmax) / bin_A) + 2;
    acc = calloc(2 * nbins * (size_t)nt, sizeof(uint64_t));
    tot = calloc(2 * nbins, sizeof(uint64_t));
    if (!acc || !tot) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for %zu bins", nbins);
        goto done;
    }
    size_t atoms = 0;
    for (int g = 0; g < n_groups && st == XRD_OK; g++) {
        nest_job jobs[MAX_THREADS];
        memset(jobs, 0, sizeof jobs);
        pthread_t tid[MAX_THREADS];
        int started = 0;
        for (int t = 0; t < nt; t++) {
            nest_job jb = {x, start[g], start[g + 1], t, nt, 1.0 / bin_A, nbins,
                           acc + 2 * nbins * (size_t)t};
            jobs[t] = jb;
            if (t > 0 && pthread_create(&tid[t], NULL, nest_worker, &jobs[t]) != 0)
                break;
            started = t + 1;
        }
        nest_worker(&jobs[0]);
        for (int t = 1; t < started; t++)
            pthread_join(tid[t], NULL);
        for (int t = started; t < nt; t++)
            nest_worker(&jobs[t]);
        for (int t = 0; t < nt; t++) {
            uint64_t *a = acc + 2 * nbins * (size_t)t;
            for (size_t b = 0; b < 2 * nbins; b++) {
                tot[b] += a[b];
                a[b] = 0;
            }
        }
        atoms = start[g + 1];
        xrd_debye_hist *h = calloc(1, sizeof *h);
        if (!h) {
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        out[g] = h;
        h->n_species = 1;
        h->count[0] = atoms;
        st = xrdi_hist_from_acc(h, 0, tot, nbins, bin_A, err);
    }
done:
    if (st != XRD_OK)
        for (int g = 0; g < n_groups; g++) {
            xrd_debye_hist_free(out[g]);
            out[g] = NULL;
        }
    free(ord);
    free(x);
    free(start);
    free(acc);
    free(tot);
    return st;
}
