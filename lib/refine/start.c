/* Starting values: background envelope, intensity level, strongest-peak width.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/start.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int xrdi_linear_lsq(const double *A, size_t rows, size_t k, const double *y, double *c)
{
    double *a = malloc(rows * k * sizeof(double));
    double *b = malloc(rows * sizeof(double));
    int rc = -1;
    if (a && b && rows >= k) {
        memcpy(a, A, rows * k * sizeof(double));
        memcpy(b, y, rows * sizeof(double));
        lapack_int info = LAPACKE_dgels(LAPACK_ROW_MAJOR, 'N', (lapack_int)rows, (lapack_int)k,
                                        1, a, (lapack_int)k, b, 1);
        if (info == 0) {
            memcpy(c, b, k * sizeof(double));
            rc = 0;
        }
    }
    free(a);
    free(b);
    return rc;
}

/* points the start background is estimated on: every stride-th point, at
 * most this many (a start value for the curve under the peaks needs no more;
 * the refinement solves the background exactly) */
#define START_BKG_POINTS 2048

int xrdi_start_background(xrdi_model *m)
{
    int k = m->bkg.n_cheb;
    if (k <= 0)
        return 0;
    size_t stride = (m->n + START_BKG_POINTS - 1) / START_BKG_POINTS;
    if (stride < 1)
        stride = 1;
    size_t n = (m->n + stride - 1) / stride;
    double *A = malloc(n * (size_t)k * sizeof(double));
    double *t = malloc(n * sizeof(double));
    double *N = calloc((size_t)k * (size_t)k, sizeof(double));
    if (!A || !t || !N) {
        free(A);
        free(t);
        free(N);
        return -1;
    }
    double wmax = 0;
    for (size_t i = 0; i < n; i++) {
        size_t src = i * stride;
        xrdi_background_cheb(m, m->x[src], k, A + i * (size_t)k);
        t[i] = m->y[src];
        if (m->w[src] > wmax)
            wmax = m->w[src];
    }
    int rc = 0;
    /* normal equations of the fixed basis, factored once (Chebyshev columns are
     * well conditioned): each clipping round is then A^T t and two triangles */
    for (size_t i = 0; i < n; i++) {
        const double *row = A + i * (size_t)k;
        for (int a = 0; a < k; a++)
            for (int b = a; b < k; b++)
                N[(size_t)a * (size_t)k + (size_t)b] += row[a] * row[b];
    }
    if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)k, N, (lapack_int)k) != 0)
        rc = -1;
    /* clip: points above the curve are replaced by the curve (peaks removed) */
    double saved_inv = m->bkg.inv_x, saved_h = m->bkg.hump_height;
    m->bkg.inv_x = 0;
    m->bkg.hump_height = 0;
    for (int it = 0; it < 40 && rc == 0; it++) {
        double rhs[XRD_MAX_CHEB] = {0};
        for (size_t i = 0; i < n; i++)
            for (int j = 0; j < k; j++)
                rhs[j] += A[i * (size_t)k + (size_t)j] * t[i];
        if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', (lapack_int)k, 1, N, (lapack_int)k, rhs, 1) != 0) {
            rc = -1;
            break;
        }
        /* done when no point is clipped, or when the curve moved by less than
         * a tenth of the counting error anywhere (a start value needs no more) */
        double moved = it == 0 ? INFINITY : 0.0;
        for (int j = 0; j < k && it > 0; j++)
            moved = fmax(moved, fabs(rhs[j] - m->bkg.cheb[j]));
        memcpy(m->bkg.cheb, rhs, (size_t)k * sizeof(double));
        int changed = 0;
        for (size_t i = 0; i < n; i++) {
            double b = 0;
            for (int j = 0; j < k; j++)
                b += A[i * (size_t)k + (size_t)j] * rhs[j];
            if (t[i] > b) {
                t[i] = b;
                changed = 1;
            }
        }
        /* |T_j| <= 1: the sum of coefficient changes bounds the curve's move */
        if (!changed || (double)k * moved * wmax < 0.1)
            break;
    }
    free(N);
    m->bkg.inv_x = saved_inv;
    m->bkg.hump_height = saved_h;
    free(A);
    free(t);
    return rc;
}

double xrdi_start_net_area(const xrdi_model *m)
{
    double s = 0;
    for (size_t i = 0; i + 1 < m->n; i++) {
        double dx = m->x[i + 1] - m->x[i];
        double net = m->y[i] - xrdi_background_at(m, m->x[i]);
        if (net > 0)
            s += net * dx;
    }
    return s;
}

double xrdi_start_strongest_fwhm(const xrdi_model *m, double *at_deg)
{
    size_t n = m->n;
    if (n < 3)
        return NAN;
    double *s = malloc(2 * n * sizeof(double));
    if (!s)
        return NAN;
    double *net = s + n;
    for (size_t i = 0; i < n; i++)
        net[i] = m->y[i] - xrdi_background_at(m, m->x[i]);
    /* 5-point running mean of the net signal */
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        int c = 0;
        for (size_t j = i >= 2 ? i - 2 : 0; j <= i + 2 && j < n; j++, c++)
            sum += net[j];
        s[i] = sum / c;
    }
    size_t imax = 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] > s[imax])
            imax = i;
    double half = 0.5 * s[imax], fw = NAN;
    if (half > 0) {
        size_t a = imax, b = imax;
        while (a > 0 && s[a] > half)
            a--;
        while (b + 1 < n && s[b] > half)
            b++;
        if (s[a] <= half && s[b] <= half) {
            /* interpolate the crossings */
            double xa = m->x[a] + (half - s[a]) / (s[a + 1] - s[a]) * (m->x[a + 1] - m->x[a]);
            double xb = m->x[b - 1] + (s[b - 1] - half) / (s[b - 1] - s[b]) * (m->x[b] - m->x[b - 1]);
            fw = xb - xa;
        }
    }
    if (at_deg)
        *at_deg = m->x[imax];
    free(s);
    return fw;
}
