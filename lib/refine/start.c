/* Starting values: background envelope, intensity level, strongest-peak width.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/start.h"

#include "model/peak.h"

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
    xrd_background saved_bkg = m->bkg;
    m->bkg.inv_x = 0;
    m->bkg.hump_height = 0;
    m->bkg.film_amp = 0;
    m->bkg.ring_height[0] = m->bkg.ring_height[1] = 0;
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
    m->bkg.inv_x = saved_bkg.inv_x;
    m->bkg.hump_height = saved_bkg.hump_height;
    m->bkg.film_amp = saved_bkg.film_amp;
    m->bkg.ring_height[0] = saved_bkg.ring_height[0];
    m->bkg.ring_height[1] = saved_bkg.ring_height[1];
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

/* (2 h + 1)-point running mean of the net signal y - background into s[0..n). */
static void smoothed_net(const xrdi_model *m, size_t h, double *s, double *net)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i++)
        net[i] = m->y[i] - xrdi_background_at(m, m->x[i]);
    /* a sliding sum: O(n) whatever the width */
    double sum = 0;
    size_t lo = 0, hi = 0; /* the window [lo, hi) */
    for (size_t i = 0; i < n; i++) {
        size_t a = i >= h ? i - h : 0, b = i + h + 1 < n ? i + h + 1 : n;
        while (hi < b)
            sum += net[hi++];
        while (lo < a)
            sum -= net[lo++];
        s[i] = sum / (double)(hi - lo);
    }
}

/* FWHM (deg) of the peak of s at its maximum imax, from the interpolated
 * half-height crossings; NaN when a crossing lies beyond the data. */
static double fwhm_at(const double *x, const double *s, size_t n, size_t imax)
{
    double half = 0.5 * s[imax];
    if (!(half > 0))
        return NAN;
    size_t a = imax, b = imax;
    while (a > 0 && s[a] > half)
        a--;
    while (b + 1 < n && s[b] > half)
        b++;
    if (!(s[a] <= half && s[b] <= half))
        return NAN;
    double xa = x[a] + (half - s[a]) / (s[a + 1] - s[a]) * (x[a + 1] - x[a]);
    double xb = x[b - 1] + (s[b - 1] - half) / (s[b - 1] - s[b]) * (x[b] - x[b - 1]);
    return xb - xa;
}

double xrdi_start_strongest_fwhm(const xrdi_model *m, double *at_deg)
{
    size_t n = m->n;
    if (n < 3)
        return NAN;
    double *s = malloc(2 * n * sizeof(double));
    if (!s)
        return NAN;
    smoothed_net(m, 2, s, s + n);
    size_t imax = 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] > s[imax])
            imax = i;
    double fw = fwhm_at(m->x, s, n, imax);
    if (at_deg)
        *at_deg = m->x[imax];
    free(s);
    return fw;
}

/* From the maximum i, walking in direction dir (-1, +1): the lowest point
 * before s (a mean of np points) rises by more than 3 sigma above it. */
static size_t valley(const double *s, const double *w, size_t n, size_t i, int dir, double np)
{
    size_t lo = i;
    for (size_t j = i; dir < 0 ? j > 0 : j + 1 < n;) {
        j = dir < 0 ? j - 1 : j + 1;
        double tol = 3.0 / (w[lo] > 0 ? w[lo] : 1e-300) / sqrt(np);
        if (s[j] < s[lo])
            lo = j;
        else if (s[j] > s[lo] + tol)
            break;
    }
    return lo;
}

double xrdi_start_narrowest_fwhm(const xrdi_model *m, double rel_height)
{
    size_t n = m->n;
    if (n < 3)
        return NAN;
    /* smoothed over a sixteenth of the strongest peak's FWHM (at least 5
     * points): finely sampled noise would otherwise end every flank */
    double H0 = xrdi_start_strongest_fwhm(m, NULL);
    double step = (m->x[n - 1] - m->x[0]) / (double)(n - 1);
    size_t h = 2;
    if (H0 > 0 && step > 0 && H0 / step / 32.0 > 2.0)
        h = (size_t)(H0 / step / 32.0);
    double *s = malloc(2 * n * sizeof(double));
    if (!s)
        return NAN;
    smoothed_net(m, h, s, s + n);
    const double *x = m->x;
    double smax = 0;
    for (size_t i = 0; i < n; i++)
        smax = fmax(smax, s[i]);
    double fw = NAN;
    for (size_t i = 1; i + 1 < n; i++) {
        if (!(s[i] > s[i - 1] && s[i] >= s[i + 1]))
            continue;
        /* a peak at the smoothing scale: the highest point within h on each side */
        int top = 1;
        for (size_t j = i >= h ? i - h : 0; j <= i + h && j < n && top; j++)
            top = s[j] <= s[i];
        if (!top)
            continue;
        /* the valleys on either side: the lowest point before the signal rises
         * again by more than 3 sigma of the smoothed counts (noise does not end
         * a flank); the peak's own height is measured from the higher valley (a
         * sharp peak on the flank of a broad one is measured alone) */
        size_t a = valley(s, m->w, n, i, -1, 2.0 * h + 1), b = valley(s, m->w, n, i, +1, 2.0 * h + 1);
        double base = fmax(s[a], s[b]), prom = s[i] - base;
        if (!(prom >= rel_height * smax && prom > 0))
            continue;
        double half = base + 0.5 * prom;
        size_t l = i, r = i;
        while (l > a && s[l] > half)
            l--;
        while (r < b && s[r] > half)
            r++;
        if (!(s[l] <= half && s[r] <= half) || l == i || r == i)
            continue;
        double xa = x[l] + (half - s[l]) / (s[l + 1] - s[l]) * (x[l + 1] - x[l]);
        double xb = x[r - 1] + (s[r - 1] - half) / (s[r - 1] - s[r]) * (x[r] - x[r - 1]);
        double width = xb - xa;
        if (width > 0 && !(width >= fw))
            fw = width;
    }
    free(s);
    return fw;
}

/* Area (counts deg) of the calculated peaks at the current intensities, each
 * line whose centre lies in the data counted with its whole unit-area profile
 * (a start scale needs no more). */
double xrdi_start_peak_area(const xrdi_model *m)
{
    double area = 0;
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            for (int l = 0; l < m->inst.rad.n_lines; l++) {
                xrdi_peak pk;
                if (xrdi_peak_setup(m, p, k, l, &pk) == 1 && pk.pos_deg >= m->x_lo &&
                    pk.pos_deg <= m->x_hi)
                    area += pk.amp;
            }
    return area;
}

void xrdi_start_sizes(xrdi_model *m)
{
    double at;
    double H = xrdi_start_strongest_fwhm(m, &at);
    if (!isfinite(H) || H <= 0)
        return;
    double lambda = m->inst.rad.lambda_A[0];
    double th = at * M_PI / 360.0;
    for (int p = 0; p < m->n_phases; p++) {
        if (m->ph[p].size_inv > 0)
            continue;
        double d = lambda / (2.0 * sin(th));
        double Hi = xrdi_model_fwhm(m, p, d);
        double excess = H - Hi;
        if (!(excess > 0.2 * Hi))
            continue;
        /* excess attributed to the Lorentzian size term */
        double per = (2.0 / M_PI) * (180.0 / M_PI) * lambda * 0.1 / cos(th);
        m->ph[p].size_inv = excess / per;
    }
}
