/* Pattern objects: allocation, copying, cropping, statistics and read options.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

void xrd_read_options_default(xrd_read_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->unit = XRD_X_TWO_THETA_DEG;
    opts->unit_given = 0;
    opts->col_x = 0;
    opts->col_y = 1;
    opts->col_sigma = -2;
    opts->x_scale = 1.0;
    opts->max_bytes = XRD_PATTERN_MAX_BYTES;
    opts->skip_zero_sigma = 0;
}

xrd_pattern *xrd_pattern_new(size_t n)
{
    xrd_pattern *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    size_t m = n ? n : 1;
    p->x = calloc(m, sizeof *p->x);
    p->y = calloc(m, sizeof *p->y);
    p->sigma = calloc(m, sizeof *p->sigma);
    if (!p->x || !p->y || !p->sigma) {
        xrd_pattern_free(p);
        return NULL;
    }
    p->n = n;
    p->unit = XRD_X_TWO_THETA_DEG;
    p->x_scale = 1.0;
    return p;
}

void xrd_pattern_free(xrd_pattern *p)
{
    if (!p)
        return;
    free(p->x);
    free(p->y);
    free(p->sigma);
    free(p);
}

/* New pattern of n points carrying p's metadata (arrays not copied). */
static xrd_pattern *new_like(const xrd_pattern *p, size_t n)
{
    xrd_pattern *q = xrd_pattern_new(n);
    if (!q)
        return NULL;
    double *x = q->x, *y = q->y, *s = q->sigma;
    *q = *p;
    q->x = x;
    q->y = y;
    q->sigma = s;
    q->n = n;
    return q;
}

xrd_pattern *xrd_pattern_clone(const xrd_pattern *p)
{
    if (!p)
        return NULL;
    xrd_pattern *q = new_like(p, p->n);
    if (!q)
        return NULL;
    if (p->n) {
        memcpy(q->x, p->x, p->n * sizeof *p->x);
        memcpy(q->y, p->y, p->n * sizeof *p->y);
        memcpy(q->sigma, p->sigma, p->n * sizeof *p->sigma);
    }
    return q;
}

size_t xrdi_count_negative(const double *y, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += y[i] < 0;
    return k;
}

xrd_status xrd_pattern_crop(const xrd_pattern *p, double x_min, double x_max,
                            xrd_pattern **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "crop: no output pointer");
    *out = NULL;
    if (!p)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "crop: no pattern");
    if (isnan(x_min) || isnan(x_max) || x_min > x_max)
        return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                             "crop range %g to %g is empty or not a number", x_min, x_max);
    size_t lo = 0, hi = p->n; /* points [lo, hi) lie inside; x is increasing */
    while (lo < p->n && p->x[lo] < x_min)
        lo++;
    while (hi > lo && p->x[hi - 1] > x_max)
        hi--;
    size_t n = hi - lo;
    if (n < 2)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "only %zu point%s between %g and %g (the pattern spans %g to %g); "
                             "at least 2 are needed",
                             n, n == 1 ? "" : "s", x_min, x_max, p->n ? p->x[0] : 0.0,
                             p->n ? p->x[p->n - 1] : 0.0);
    xrd_pattern *q = new_like(p, n);
    if (!q)
        return xrd_error_set(err, XRD_ERR_NOMEM, p->source, 0, "out of memory cropping a pattern");
    memcpy(q->x, p->x + lo, n * sizeof *q->x);
    memcpy(q->y, p->y + lo, n * sizeof *q->y);
    memcpy(q->sigma, p->sigma + lo, n * sizeof *q->sigma);
    q->n_negative = xrdi_count_negative(q->y, n);
    if (!q->n_negative)
        q->first_negative_line = 0;
    *out = q;
    return XRD_OK;
}

xrd_status xrd_pattern_bin(const xrd_pattern *p, size_t m, xrd_pattern **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "bin: no output pointer");
    *out = NULL;
    if (!p || m < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, p ? p->source : NULL, 0,
                             "bin: no pattern, or bins of %zu points", m);
    size_t n = p->n / m; /* a last partial bin is left out */
    if (n < 2)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "%zu points make fewer than 2 bins of %zu", p->n, m);
    xrd_pattern *q = new_like(p, n);
    if (!q)
        return xrd_error_set(err, XRD_ERR_NOMEM, p->source, 0, "out of memory binning a pattern");
    for (size_t b = 0; b < n; b++) {
        double sx = 0, sy = 0, sv = 0;
        for (size_t i = b * m; i < (b + 1) * m; i++) {
            sx += p->x[i];
            sy += p->y[i];
            sv += p->sigma[i] * p->sigma[i];
        }
        q->x[b] = sx / (double)m;
        q->y[b] = sy;
        q->sigma[b] = sqrt(sv);
    }
    q->n_negative = xrdi_count_negative(q->y, n);
    if (!q->n_negative)
        q->first_negative_line = 0;
    *out = q;
    return XRD_OK;
}

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

double xrdi_select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        /* median of three as pivot */
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap_d(&v[mid], &v[lo]);
        if (v[hi] < v[lo])
            swap_d(&v[hi], &v[lo]);
        if (v[hi] < v[mid])
            swap_d(&v[hi], &v[mid]);
        double pivot = v[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                swap_d(&v[i], &v[j]);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

void xrd_pattern_get_stats(const xrd_pattern *p, xrd_pattern_stats *st)
{
    if (!st)
        return;
    memset(st, 0, sizeof *st);
    if (!p || p->n == 0)
        return;
    size_t n = p->n;
    st->x_min = p->x[0];
    st->x_max = p->x[n - 1];
    st->y_min = st->y_max = p->y[0];
    st->x_at_y_max = p->x[0];
    for (size_t i = 1; i < n; i++) {
        if (p->y[i] > st->y_max) {
            st->y_max = p->y[i];
            st->x_at_y_max = p->x[i];
        }
        if (p->y[i] < st->y_min)
            st->y_min = p->y[i];
    }
    if (n < 2) {
        st->uniform = 1;
        return;
    }
    size_t m = n - 1;
    st->step_min = st->step_max = p->x[1] - p->x[0];
    for (size_t i = 1; i < m; i++) {
        double d = p->x[i + 1] - p->x[i];
        if (d < st->step_min)
            st->step_min = d;
        if (d > st->step_max)
            st->step_max = d;
    }
    double *d = malloc(m * sizeof *d);
    if (d) {
        for (size_t i = 0; i < m; i++)
            d[i] = p->x[i + 1] - p->x[i];
        st->step_median = xrdi_select_kth(d, m, m / 2);
        if (m % 2 == 0) { /* mean of the two middle values */
            double below = d[0];
            for (size_t i = 1; i < m / 2; i++)
                if (d[i] > below)
                    below = d[i];
            st->step_median = 0.5 * (st->step_median + below);
        }
        free(d);
    } else {
        st->step_median = (st->x_max - st->x_min) / (double)m;
    }
    double med = st->step_median;
    st->uniform = 1;
    for (size_t i = 0; i < m; i++) {
        double s = p->x[i + 1] - p->x[i];
        if (fabs(s - med) > 1e-3 * med)
            st->uniform = 0;
        if (s > 5.0 * med)
            st->n_gaps++;
    }
}
