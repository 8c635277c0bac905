/* The noise of a measured pattern: is y a count, a count rate, a scaled or
 * normalised intensity; is a third column plausible as sigma; what sigma to
 * weigh the fit with. The scale comes from the point-to-point scatter
 * e_i = y_i - (y_{i-1} + y_{i+1}) / 2 (variance 1.5 sigma^2 for a smooth
 * signal), taken robustly (the mean of the 90 % smallest e^2, scaled to the
 * variance of a normal distribution; unlike the median of |e| it stays right
 * for counts of a few) in bins of the local level over the lower 60 % of the
 * levels, where the curvature of peaks does not reach it. Runs of exact zeros
 * (no background) carry no scale and are left out; the Poisson check of whole
 * numbers uses levels of 2 counts and more, where sqrt(max(y, 1)) is the
 * counting noise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define MIN_POINTS 60     /* fewer points: no estimate, sqrt(max(y,1)) */
#define LOW_FRACTION 0.6  /* levels used: the lower 60 % */
#define POISSON_LO 0.5    /* integer counts whose scatter^2 is 0.5-2 x Poisson are counts */
#define POISSON_HI 2.0
#define FILE_LO (1.0 / 3.0) /* file sigma within 3x of the scatter is plausible */
#define FILE_HI 3.0
#define NOISE_FREE_REL 1e-5 /* scatter / typical low level below this: no counting noise */

typedef struct {
    double level; /* local mean of y */
    double e;     /* y_i - (y_{i-1} + y_{i+1}) / 2 */
    size_t i;     /* the point */
} point;

static int by_level(const void *a, const void *b)
{
    double u = ((const point *)a)->level, v = ((const point *)b)->level;
    return (u > v) - (u < v);
}

#define TRIM 0.9                 /* share of the e^2 kept */
#define TRIM_NORMAL 0.62299      /* E[z^2; |z| < 1.6449] / 0.9 for a standard normal */
#define MIN_USED 30              /* fewer points: no judgement */

/* Variance from z[0..m) (reorders z): the mean of the TRIM smallest z^2,
 * scaled to a normal distribution's variance. */
static double trimmed_var(double *z, size_t m)
{
    if (m == 0)
        return NAN;
    for (size_t i = 0; i < m; i++)
        z[i] *= z[i];
    size_t k = (size_t)(TRIM * (double)m);
    if (k < 1)
        k = 1;
    double q = xrdi_select_kth(z, m, k - 1), sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < m; i++)
        if (z[i] <= q)
            sum += z[i], n++;
    return n ? sum / (double)n / TRIM_NORMAL : NAN;
}

/* The residuals of the inner points (not inside runs of exact zeros), sorted
 * by level (once). Returns their count. */
static size_t residuals(const xrd_pattern *p, point *pts)
{
    size_t m = 0;
    for (size_t i = 1; i + 1 < p->n; i++) {
        if (p->y[i - 1] == 0 && p->y[i] == 0 && p->y[i + 1] == 0)
            continue;
        pts[m].e = p->y[i] - 0.5 * (p->y[i - 1] + p->y[i + 1]);
        pts[m].level = (p->y[i - 1] + p->y[i] + p->y[i + 1]) / 3.0;
        pts[m].i = i;
        m++;
    }
    qsort(pts, m, sizeof *pts, by_level);
    return m;
}

/* Points used: the lower LOW_FRACTION of the levels (all when few). */
static size_t n_low(size_t m)
{
    size_t k = (size_t)(LOW_FRACTION * (double)m);
    return k < 8 ? m : k;
}

/* Robust scatter of e over the lower levels at or above min_level, divided by
 * the standard deviation e would have with sigma s (s NULL: in y units);
 * NaN when fewer than MIN_USED points qualify. */
static double low_scatter(const point *pts, size_t m, const double *s, double *z,
                          double min_level)
{
    size_t j0 = 0;
    while (j0 < m && pts[j0].level < min_level)
        j0++;
    size_t k = n_low(m - j0);
    if (k < MIN_USED)
        return NAN;
    for (size_t q = 0; q < k; q++) {
        size_t i = pts[j0 + q].i;
        double v = 1.5;
        if (s)
            v = s[i] * s[i] + 0.25 * (s[i - 1] * s[i - 1] + s[i + 1] * s[i + 1]);
        z[q] = v > 0 ? fabs(pts[j0 + q].e) / sqrt(v) : HUGE_VAL;
    }
    return sqrt(trimmed_var(z, k));
}

/* Fit var = a + c * level over bins of the lower levels of pts. */
static void fit_scale(const point *pts, size_t m, double *z, double *a_out, double *c_out)
{
    size_t k = n_low(m);
    size_t nb = k / 40;
    if (nb > 8)
        nb = 8;
    if (nb < 2)
        nb = 1;
    double L[8] = {0}, V[8] = {0};
    for (size_t b = 0; b < nb; b++) {
        size_t i0 = b * k / nb, i1 = (b + 1) * k / nb;
        double lm = 0;
        for (size_t i = i0; i < i1; i++) {
            lm += pts[i].level;
            z[i - i0] = fabs(pts[i].e) / sqrt(1.5);
        }
        L[b] = lm / (double)(i1 - i0);
        V[b] = trimmed_var(z, i1 - i0);
        if (!(V[b] >= 0))
            V[b] = 0;
    }
    double vmean = 0, lmean = 0;
    for (size_t b = 0; b < nb; b++)
        vmean += V[b] / (double)nb, lmean += L[b] / (double)nb;
    double lmin = L[0], lmax = L[nb - 1];
    double a = vmean, c = 0;
    if (nb >= 3 && lmin > 0 && lmax > 1.5 * lmin) {
        /* weighted least squares of V = a + c L, weights 1 / V^2 (equal relative errors) */
        double sw = 0, sl = 0, sll = 0, sv = 0, slv = 0;
        for (size_t b = 0; b < nb; b++) {
            double w = V[b] > 0 ? 1.0 / (V[b] * V[b]) : 0;
            sw += w, sl += w * L[b], sll += w * L[b] * L[b];
            sv += w * V[b], slv += w * L[b] * V[b];
        }
        double det = sw * sll - sl * sl;
        if (det > 0) {
            c = (sw * slv - sl * sv) / det;
            a = (sv - c * sl) / sw;
        }
        if (c < 0 || a < 0) {
            /* the two terms are not separated: the variance grows with y (counting
             * statistics) where y stands well above its noise, else a constant */
            if (lmean > 0 && lmean * lmean > 9.0 * vmean) {
                a = 0;
                c = sll > 0 ? slv / sll : vmean / lmean;
            } else {
                c = 0;
                a = sw > 0 ? sv / sw : vmean;
            }
        }
    } else if (lmean > 0 && lmean * lmean > 9.0 * vmean) {
        /* one level: a count-like scale (variance grows with y) when y stands
         * well above its noise, a constant variance otherwise */
        a = 0;
        c = vmean / lmean;
    }
    *a_out = a;
    *c_out = c;
}

static int integer_counts(const xrd_pattern *p, double t)
{
    for (size_t i = 0; i < p->n; i++) {
        double v = p->y[i] * t;
        if (!(v >= 0) || fabs(v - nearbyint(v)) > (t == 1.0 ? 1e-9 * (1 + v) : 0.02))
            return 0;
    }
    return 1;
}

/* Plausibility of a file sigma: positive (the reader enforced it), not a
 * copy of x (a rounded 2-theta grows along the pattern whatever y does) and
 * within 3x of the observed scatter. Returns 1 and leaves why empty, or 0. */
static int file_sigma_plausible(const xrd_pattern *p, double ratio, char *why, size_t nwhy)
{
    size_t up = 0, down = 0, yup = 0, ydown = 0;
    for (size_t i = 1; i < p->n; i++) {
        up += p->sigma[i] > p->sigma[i - 1];
        down += p->sigma[i] < p->sigma[i - 1];
        yup += p->y[i] > p->y[i - 1];
        ydown += p->y[i] < p->y[i - 1];
    }
    size_t moves = up + down, ymoves = yup + ydown;
    if (moves > 0 && ymoves > 0 && (up < moves / 100 || down < moves / 100) &&
        yup > ymoves / 10 && ydown > ymoves / 10) {
        snprintf(why, nwhy, "it %s along the pattern while the counts rise and fall (an x "
                 "column, not a sigma)", up > down ? "only grows" : "only falls");
        return 0;
    }
    if (!(ratio >= FILE_LO && ratio <= FILE_HI)) {
        snprintf(why, nwhy, "the point-to-point scatter is %.3g x that sigma", ratio);
        return 0;
    }
    return 1;
}

const char *xrd_sigma_source_name(xrd_sigma_source s)
{
    switch (s) {
    case XRD_SIGMA_FROM_FILE:
        return "file";
    case XRD_SIGMA_FROM_TIME:
        return "counts_per_second";
    case XRD_SIGMA_FROM_SCATTER:
        return "scatter";
    case XRD_SIGMA_FROM_POISSON:
    default:
        return "poisson";
    }
}

static void set_sigma(xrd_pattern *p, double gain, double floor)
{
    double lo = gain * gain > floor ? gain * gain : floor;
    if (!(lo > 0))
        lo = 1e-300;
    for (size_t i = 0; i < p->n; i++) {
        double v = floor + gain * (p->y[i] > 0 ? p->y[i] : 0);
        p->sigma[i] = sqrt(v > lo ? v : lo);
    }
}

xrd_status xrd_pattern_set_noise(xrd_pattern *p, xrd_sigma_choice choice,
                                 double time_per_step_s, xrd_error *err)
{
    if (!p || p->n < 2)
        return xrd_error_set(err, XRD_ERR_INVALID, p ? p->source : NULL, 0,
                             "noise: a pattern of at least 2 points is needed");
    if (choice == XRD_SIGMA_FILE && !p->sigma_from_file)
        return xrd_error_set(err, XRD_ERR_COLUMNS, p->source, 0,
                             "sigma from the file was asked for, but the file has no sigma column");
    xrd_noise_info *ni = &p->noise;
    memset(ni, 0, sizeof *ni);
    ni->time_per_step_s = time_per_step_s > 0 && isfinite(time_per_step_s) ? time_per_step_s : 0;
    ni->integer_valued = integer_counts(p, 1.0);
    ni->scatter_poisson = NAN;
    ni->scatter_file = NAN;
    ni->gain = 1, ni->floor = 0;
    double *poisson = malloc(p->n * sizeof *poisson);
    double *z = malloc(p->n * sizeof *z);
    point *pts = malloc(p->n * sizeof *pts);
    if (!poisson || !pts || !z) {
        free(poisson);
        free(pts);
        free(z);
        return xrd_error_set(err, XRD_ERR_NOMEM, p->source, 0, "out of memory judging the noise");
    }
    for (size_t i = 0; i < p->n; i++)
        poisson[i] = sqrt(p->y[i] > 1.0 ? p->y[i] : 1.0);
    int enough = p->n >= MIN_POINTS;
    double scatter = NAN, a = 0, c = 1;
    size_t m = enough ? residuals(p, pts) : 0;
    enough = enough && m >= MIN_POINTS;
    if (enough) {
        /* the typical level of the points the scatter is taken over */
        double level = fabs(pts[n_low(m) / 2].level);
        scatter = low_scatter(pts, m, NULL, z, -HUGE_VAL);
        fit_scale(pts, m, z, &a, &c);
        ni->scatter_poisson = low_scatter(pts, m, poisson, z, ni->integer_valued ? 2.0 : -HUGE_VAL);
        if (p->sigma_from_file)
            ni->scatter_file = low_scatter(pts, m, p->sigma, z, -HUGE_VAL);
        ni->noise_free = !(scatter > NOISE_FREE_REL * level);
    }
    char why[160] = "";
    double rp2 = ni->scatter_poisson * ni->scatter_poisson;
    xrd_sigma_source src = XRD_SIGMA_FROM_POISSON;
    if (choice == XRD_SIGMA_FILE) {
        src = XRD_SIGMA_FROM_FILE;
        snprintf(ni->note, sizeof ni->note, "sigma from the file's column, as asked");
    } else if (choice == XRD_SIGMA_POISSON) {
        snprintf(ni->note, sizeof ni->note, "sigma = sqrt(max(y, 1)), as asked");
    } else if (!enough) {
        src = p->sigma_from_file ? XRD_SIGMA_FROM_FILE : XRD_SIGMA_FROM_POISSON;
        snprintf(ni->note, sizeof ni->note, "%s: too few points (%zu not in runs of zeros) to "
                 "judge the noise",
                 src == XRD_SIGMA_FROM_FILE ? "sigma from the file" : "sigma = sqrt(max(y, 1))",
                 p->n < MIN_POINTS ? p->n : m);
    } else if (ni->noise_free) {
        src = p->sigma_from_file ? XRD_SIGMA_FROM_FILE : XRD_SIGMA_FROM_POISSON;
        snprintf(ni->note, sizeof ni->note,
                 "the data scatter far less than any counting noise (noise-free or smoothed); "
                 "%s kept, esds then reflect only the misfit",
                 src == XRD_SIGMA_FROM_FILE ? "the file's sigma" : "sigma = sqrt(max(y, 1))");
    } else if (choice == XRD_SIGMA_AUTO && p->sigma_from_file &&
               file_sigma_plausible(p, ni->scatter_file, why, sizeof why)) {
        src = XRD_SIGMA_FROM_FILE;
        snprintf(ni->note, sizeof ni->note,
                 "sigma from the file (scatter %.2f x that sigma)",
                 ni->scatter_file);
    } else {
        char pre[256] = "";
        if (p->sigma_from_file && choice == XRD_SIGMA_AUTO)
            snprintf(pre, sizeof pre, "the third column is not taken as sigma: %s; ", why);
        double t = ni->time_per_step_s;
        if (choice == XRD_SIGMA_AUTO && ni->integer_valued && isnan(rp2)) {
            src = XRD_SIGMA_FROM_POISSON;
            snprintf(ni->note, sizeof ni->note, "%swhole numbers, too few of 2 counts or more "
                     "to judge: sigma = sqrt(max(y, 1))", pre);
        } else if (choice == XRD_SIGMA_AUTO && ni->integer_valued && rp2 >= POISSON_LO &&
                   rp2 <= POISSON_HI) {
            src = XRD_SIGMA_FROM_POISSON;
            snprintf(ni->note, sizeof ni->note, "%sy are counts: sigma = sqrt(max(y, 1)) "
                     "(scatter %.2f x Poisson)", pre, ni->scatter_poisson);
        } else if (choice == XRD_SIGMA_AUTO && t > 0 && !ni->integer_valued &&
                   integer_counts(p, t)) {
            src = XRD_SIGMA_FROM_TIME;
            a = 0, c = 1.0 / t;
            snprintf(ni->note, sizeof ni->note, "%sy are counts per second (y x %g s per step "
                     "are whole counts): sigma = sqrt(max(y t, 1)) / t", pre, t);
        } else {
            src = XRD_SIGMA_FROM_SCATTER;
            snprintf(ni->note, sizeof ni->note,
                     "%s%s: sigma^2 = %.4g + %.4g y from the point-to-point scatter "
                     "(%.3g x sqrt(max(y, 1)) at the low levels)",
                     pre, ni->integer_valued ? "whole numbers that do not scatter like counts"
                                             : "y are not whole counts",
                     a, c, ni->scatter_poisson);
        }
    }
    ni->source = src;
    if (src == XRD_SIGMA_FROM_POISSON) {
        memcpy(p->sigma, poisson, p->n * sizeof *poisson);
        p->sigma_from_file = 0;
    } else if (src == XRD_SIGMA_FROM_TIME || src == XRD_SIGMA_FROM_SCATTER) {
        ni->gain = c, ni->floor = a;
        set_sigma(p, c, a);
        p->sigma_from_file = 0;
    }
    free(poisson);
    free(pts);
    free(z);
    return XRD_OK;
}
