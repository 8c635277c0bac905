/* The Debye scattering equation through pair-distance histograms: every pair
 * i < j counted per species pair into bins of width bin_A on threads (integer
 * counts and integer sums of the offsets within a bin, so the totals are
 * exact and independent of the thread count), each bin then placed at its
 * pairs' mean distance (the binning correction, docs/debye.md), and
 * I(q) = sum_s N_s f_s^2 + 2 sum_{s<=t} f_s f_t T_st sum_b n_b sin(q r_b)/(q r_b)
 * on a uniform q grid by a rotation recurrence re-seeded every 64 points.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/debye.h"
#include "model/debye_hist.h"
#include "model/structure.h"
#include "refdata/electron_internal.h"

#define MAX_THREADS 64
/* q points per recurrence block (exact sin, cos at the first of each) */
#define QBLOCK 64

static int pair_index(int a, int b, int ns)
{
    if (a > b) {
        int t = a;
        a = b;
        b = t;
    }
    return a * ns - a * (a - 1) / 2 + (b - a);
}

void xrd_debye_hist_free(xrd_debye_hist *h)
{
    if (!h)
        return;
    for (int p = 0; p < XRDI_NPAIR_MAX; p++) {
        free(h->r[p]);
        free(h->w[p]);
    }
    free(h);
}

size_t xrd_debye_hist_bins(const xrd_debye_hist *h)
{
    size_t n = 0;
    for (int p = 0; h && p < XRDI_NPAIR_MAX; p++)
        n += h->nb[p];
    return n;
}

typedef struct {
    const xrd_cluster *c;
    int t, nt, ns;
    double inv_bin;
    size_t nbins;
    uint64_t *acc; /* [pair][bin][2]: count and offset sum side by side (one cache line) */
} hist_job;

static void *hist_worker(void *arg)
{
    hist_job *j = arg;
    const double *x = j->c->xyz;
    const unsigned char *sp = j->c->species;
    size_t n = j->c->n;
    int pidx[XRD_DEBYE_MAX_SPECIES][XRD_DEBYE_MAX_SPECIES];
    for (int a = 0; a < j->ns; a++)
        for (int b = 0; b < j->ns; b++)
            pidx[a][b] = pair_index(a, b, j->ns);
    /* rows i = t, t + nt, ...: balanced, and the sums are integers */
    for (size_t i = (size_t)j->t; i < n; i += (size_t)j->nt) {
        double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
        const int *row = pidx[sp[i]];
        for (size_t k = i + 1; k < n; k++) {
            double dx = x[3 * k] - xi, dy = x[3 * k + 1] - yi, dz = x[3 * k + 2] - zi;
            double u = sqrt(dx * dx + dy * dy + dz * dz) * j->inv_bin;
            size_t b = (size_t)u;
            if (b >= j->nbins)
                b = j->nbins - 1;
            uint64_t *at = j->acc + 2 * ((size_t)row[sp[k]] * j->nbins + b);
            at[0]++;
            at[1] += (uint64_t)((u - (double)b) * XRDI_OFFSET_SCALE);
        }
    }
    return NULL;
}

xrd_status xrdi_hist_from_acc(xrd_debye_hist *h, int p, const uint64_t *acc, size_t nbins,
                              double bin_A, xrd_error *err)
{
    size_t m = 0;
    for (size_t b = 0; b < nbins; b++)
        m += acc[2 * b] > 0;
    free(h->r[p]);
    free(h->w[p]);
    h->r[p] = malloc((m + 1) * sizeof(double));
    h->w[p] = malloc((m + 1) * sizeof(double));
    h->nb[p] = 0;
    if (!h->r[p] || !h->w[p])
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    m = 0;
    for (size_t b = 0; b < nbins; b++) {
        uint64_t nc = acc[2 * b];
        if (!nc)
            continue;
        double mean_off = (double)acc[2 * b + 1] / (XRDI_OFFSET_SCALE * (double)nc);
        /* the offset was truncated: its mean lies half a unit higher */
        h->r[p][m] = ((double)b + mean_off + 0.5 / XRDI_OFFSET_SCALE) * bin_A;
        h->w[p][m] = (double)nc;
        m++;
    }
    h->nb[p] = m;
    return XRD_OK;
}

xrd_status xrd_debye_hist_build(const xrd_cluster *c, double bin_A, int n_threads,
                                xrd_debye_hist **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output histogram given");
    *out = NULL;
    if (!c || c->n == 0 || c->n_species < 1 || c->n_species > XRD_DEBYE_MAX_SPECIES)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the cluster has no atoms");
    if (c->n > XRD_CLUSTER_MAX_ATOMS_HARD)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "%zu atoms: at most %d in one cluster", c->n,
                             XRD_CLUSTER_MAX_ATOMS_HARD);
    if (!(bin_A >= 1e-4 && bin_A <= 0.05))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the histogram bin must be 1e-4 to 0.05 A, found %g", bin_A);
    int nt = n_threads > 0 ? n_threads : 2;
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    if ((size_t)nt > c->n)
        nt = (int)c->n;
    double rmax = 0;
    for (size_t i = 0; i < c->n; i++) {
        const double *r = &c->xyz[3 * i];
        double rr = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
        rmax = rr > rmax ? rr : rmax;
        if (!isfinite(rr))
            return xrd_error_set(err, XRD_ERR_NONFINITE, NULL, 0,
                                 "atom %zu has a non-finite position", i + 1);
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->species[i] >= c->n_species)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "atom %zu has species %d of %d", i + 1, c->species[i],
                                 c->n_species);
    int ns = c->n_species, np = ns * (ns + 1) / 2;
    size_t nbins = (size_t)(2.0 * sqrt(rmax) / bin_A) + 2;
    size_t cells = (size_t)np * nbins;
    xrd_debye_hist *h = calloc(1, sizeof *h);
    uint64_t *acc = calloc(2 * cells * (size_t)nt, sizeof(uint64_t));
    hist_job jobs[MAX_THREADS];
    memset(jobs, 0, sizeof jobs);
    pthread_t tid[MAX_THREADS];
    xrd_status st = XRD_OK;
    if (!h || !acc) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0,
                           "out of memory for histograms of %zu bins", cells);
        goto done;
    }
    int started = 0;
    for (int t = 0; t < nt; t++) {
        hist_job jb = {c, t, nt, ns, 1.0 / bin_A, nbins, acc + 2 * (size_t)t * cells};
        jobs[t] = jb;
        if (t > 0 && pthread_create(&tid[t], NULL, hist_worker, &jobs[t]) != 0)
            break;
        started = t + 1;
    }
    hist_worker(&jobs[0]);
    for (int t = 1; t < started; t++)
        pthread_join(tid[t], NULL);
    for (int t = started; t < nt; t++) /* threads that could not start: here */
        hist_worker(&jobs[t]);
    /* sum the threads' integer counts (exact), then the occupied bins */
    for (int t = 1; t < nt; t++)
        for (size_t k = 0; k < 2 * cells; k++)
            acc[k] += acc[2 * (size_t)t * cells + k];
    h->n_species = ns;
    for (int s = 0; s < ns; s++) {
        h->z[s] = c->z[s];
        h->biso[s] = c->biso_A2[s];
        h->count[s] = 0;
    }
    for (size_t i = 0; i < c->n; i++)
        h->count[c->species[i]]++;
    for (int p = 0; p < np && st == XRD_OK; p++)
        st = xrdi_hist_from_acc(h, p, acc + 2 * (size_t)p * nbins, nbins, bin_A, err);
    if (st != XRD_OK)
        goto done;
    *out = h;
    h = NULL;
done:
    xrd_debye_hist_free(h);
    free(acc);
    return st;
}

/* f of species z at s (z = 0: 1). */
static double form_factor(const xrd_debye_options *o, int z, double s)
{
    if (z == 0)
        return 1.0;
    return o && o->electron ? xrdi_electron_f(o->electron, z, s) : xrdi_f0(z, s);
}

static xrd_status check_species(const xrd_debye_options *o, const int *z, int ns, double qmax,
                                xrd_error *err)
{
    if (!(qmax / (4.0 * M_PI) <= 2.0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "q up to %g 1/A: the scattering factors end at s = q / 4 pi = 2 "
                             "1/A (q = 25.1 1/A)", qmax);
    for (int s = 0; s < ns; s++) {
        if (z[s] == 0)
            continue;
        if (z[s] < 1 || z[s] > 83)
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "no scattering factor for atomic number %d", z[s]);
        if (o && o->electron) {
            double fe;
            xrd_status st = xrd_electron_f(o->electron, z[s], 0.0, &fe, err);
            if (st != XRD_OK)
                return st;
        }
    }
    return XRD_OK;
}

typedef struct {
    const xrd_debye_hist *h;
    const xrd_debye_options *o;
    double q0, dq;
    size_t nq, first_block, n_blocks_total;
    int stride;
    double *I;
} dse_job;

/* sum_b w_b sin(q r_b) / r_b at the QBLOCK points of block k0 of one pair */
static void pair_block(const double *r, const double *w, size_t nb, double q0, double dq,
                       size_t m, double *S)
{
    enum { CHUNK = 256 };
    double s[CHUNK], c[CHUNK], sd[CHUNK], cd[CHUNK], a[CHUNK];
    for (size_t k = 0; k < m; k++)
        S[k] = 0;
    for (size_t b0 = 0; b0 < nb; b0 += CHUNK) {
        size_t nc = nb - b0 < CHUNK ? nb - b0 : CHUNK;
        for (size_t j = 0; j < nc; j++) {
            double rj = r[b0 + j];
            s[j] = sin(q0 * rj);
            c[j] = cos(q0 * rj);
            sd[j] = sin(dq * rj);
            cd[j] = cos(dq * rj);
            a[j] = w[b0 + j] / rj;
        }
        for (size_t k = 0; k < m; k++) {
            double acc = 0;
            for (size_t j = 0; j < nc; j++) {
                acc += a[j] * s[j];
                double sn = s[j] * cd[j] + c[j] * sd[j];
                c[j] = c[j] * cd[j] - s[j] * sd[j];
                s[j] = sn;
            }
            S[k] += acc;
        }
    }
}

static void *dse_worker(void *arg)
{
    dse_job *j = arg;
    const xrd_debye_hist *h = j->h;
    int ns = h->n_species;
    double S[QBLOCK];
    for (size_t blk = j->first_block; blk < j->n_blocks_total; blk += (size_t)j->stride) {
        size_t k0 = blk * QBLOCK, m = j->nq - k0 < QBLOCK ? j->nq - k0 : QBLOCK;
        double qb = j->q0 + (double)k0 * j->dq;
        for (size_t k = 0; k < m; k++)
            j->I[k0 + k] = 0;
        for (int a = 0; a < ns; a++)
            for (int b = a; b < ns; b++) {
                int p = pair_index(a, b, ns);
                pair_block(h->r[p], h->w[p], h->nb[p], qb, j->dq, m, S);
                double bsum = 0;
                for (size_t t = 0; t < h->nb[p]; t++)
                    bsum += h->w[p][t];
                for (size_t k = 0; k < m; k++) {
                    double q = j->q0 + (double)(k0 + k) * j->dq, s = q / (4.0 * M_PI);
                    double fa = form_factor(j->o, h->z[a], s), fb = form_factor(j->o, h->z[b], s);
                    double T = j->o && j->o->debye_waller
                                   ? exp(-(h->biso[a] + h->biso[b]) * s * s)
                                   : 1.0;
                    double sinc_sum = q > 1e-12 ? S[k] / q : bsum;
                    j->I[k0 + k] += 2.0 * fa * fb * T * sinc_sum;
                }
            }
        for (size_t k = 0; k < m; k++) {
            double q = j->q0 + (double)(k0 + k) * j->dq, s = q / (4.0 * M_PI);
            for (int a = 0; a < ns; a++) {
                double fa = form_factor(j->o, h->z[a], s);
                j->I[k0 + k] += (double)h->count[a] * fa * fa;
            }
        }
    }
    return NULL;
}

xrd_status xrd_debye_intensity(const xrd_debye_hist *h, const xrd_debye_options *o, double q0,
                               double dq, size_t nq, int n_threads, double *I, xrd_error *err)
{
    if (!h || !I || nq == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no histogram or no q points");
    if (!(q0 >= 0) || !(dq > 0) || !isfinite(q0 + dq * (double)nq))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the q grid needs q0 >= 0 and dq > 0, found %g, %g", q0, dq);
    xrd_status st = check_species(o, h->z, h->n_species, q0 + dq * (double)(nq - 1), err);
    if (st != XRD_OK)
        return st;
    size_t nblk = (nq + QBLOCK - 1) / QBLOCK;
    int nt = n_threads > 0 ? n_threads : 2;
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    if ((size_t)nt > nblk)
        nt = (int)nblk;
    if (nt < 1)
        nt = 1;
    dse_job jobs[MAX_THREADS];
    memset(jobs, 0, sizeof jobs);
    pthread_t tid[MAX_THREADS];
    int started = 1;
    for (int t = 0; t < nt; t++) {
        dse_job jb = {h, o, q0, dq, nq, (size_t)t, nblk, nt, I};
        jobs[t] = jb;
    }
    for (int t = 1; t < nt; t++) {
        if (pthread_create(&tid[t], NULL, dse_worker, &jobs[t]) != 0)
            break;
        started = t + 1;
    }
    dse_worker(&jobs[0]);
    for (int t = 1; t < started; t++)
        pthread_join(tid[t], NULL);
    for (int t = started; t < nt; t++)
        dse_worker(&jobs[t]);
    return XRD_OK;
}

xrd_status xrd_debye_intensity_direct(const xrd_cluster *c, const xrd_debye_options *o,
                                      const double *q, size_t nq, double *I, xrd_error *err)
{
    if (!c || !q || !I || c->n == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no cluster or no q points");
    double qmax = 0;
    for (size_t k = 0; k < nq; k++) {
        if (!(q[k] >= 0))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "q must be >= 0, found %g",
                                 q[k]);
        qmax = q[k] > qmax ? q[k] : qmax;
    }
    xrd_status st = check_species(o, c->z, c->n_species, qmax, err);
    if (st != XRD_OK)
        return st;
    for (size_t k = 0; k < nq; k++) {
        double s = q[k] / (4.0 * M_PI), f[XRD_DEBYE_MAX_SPECIES] = {0},
               T[XRD_DEBYE_MAX_SPECIES] = {0};
        for (int a = 0; a < c->n_species && a < XRD_DEBYE_MAX_SPECIES; a++) {
            f[a] = form_factor(o, c->z[a], s);
            T[a] = o && o->debye_waller ? exp(-c->biso_A2[a] * s * s) : 1.0;
        }
        double sum = 0;
        for (size_t i = 0; i < c->n; i++) {
            int a = c->species[i];
            sum += f[a] * f[a];
            for (size_t j = i + 1; j < c->n; j++) {
                int b = c->species[j];
                double dx = c->xyz[3 * i] - c->xyz[3 * j], dy = c->xyz[3 * i + 1] - c->xyz[3 * j + 1],
                       dz = c->xyz[3 * i + 2] - c->xyz[3 * j + 2];
                double x = q[k] * sqrt(dx * dx + dy * dy + dz * dz);
                sum += 2.0 * f[a] * f[b] * T[a] * T[b] * (x > 1e-12 ? sin(x) / x : 1.0);
            }
        }
        I[k] = sum;
    }
    return XRD_OK;
}
