/* Peak search: significant maxima of the Gaussian-smoothed negative second
 * derivative at several scales, with the counting noise propagated through
 * the filter. SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/peaks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

void xrd_peak_search_options_default(xrd_peak_search_options *o)
{
    memset(o, 0, sizeof *o);
    o->x_min = NAN;
    o->x_max = NAN;
    o->threshold = 5.0;
    o->max_peaks = 64;
}

void xrd_peak_list_free(xrd_peak_list *l)
{
    if (!l)
        return;
    free(l->peaks);
    free(l);
}

/* Gaussian-smoothed y at index i (sigma in points), truncated at 3 sigma and
 * renormalised at the ends of [i0, i1). w: the 2J+1 weights exp(-j^2 / 2s^2),
 * J = ceil(3s), or NULL to compute them here. */
static double smooth_at(const double *y, size_t i0, size_t i1, size_t i, double s,
                        const double *w)
{
    if (s < 0.5)
        return y[i];
    long J = (long)ceil(3.0 * s);
    double sw = 0, sy = 0;
    for (long j = -J; j <= J; j++) {
        long k = (long)i + j;
        if (k < (long)i0 || k >= (long)i1)
            continue;
        double wj = w ? w[j + J] : exp(-0.5 * (double)(j * j) / (s * s));
        sw += wj;
        sy += wj * y[k];
    }
    return sy / sw;
}

/* The weights of smooth_at for sigma s into w (room for max values); NULL
 * when they do not fit (smooth_at then computes them itself). */
#define SMOOTH_MAX_W 1025
static const double *smooth_weights(double s, double *w)
{
    if (s < 0.5)
        return NULL;
    long J = (long)ceil(3.0 * s);
    if (2 * J + 1 > SMOOTH_MAX_W)
        return NULL;
    for (long j = -J; j <= J; j++)
        w[j + J] = exp(-0.5 * (double)(j * j) / (s * s));
    return w;
}

int xrdi_rough_peak(const double *x, const double *y, size_t i0, size_t i1, double x0_deg,
                    double sigma_pts, double *height, double *fwhm_deg)
{
    if (i1 < i0 + 5)
        return -1;
    /* nearest index */
    size_t ic = i0;
    for (size_t i = i0; i < i1; i++)
        if (fabs(x[i] - x0_deg) < fabs(x[ic] - x0_deg))
            ic = i;
    double s = sigma_pts;
    double fw = NAN, h = NAN;
    size_t maxwalk = (i1 - i0) / 3 + 2;
    double wbuf[SMOOTH_MAX_W];
    for (int pass = 0; pass < 3; pass++) {
        const double *sw = smooth_weights(s, wbuf);
        /* the maximum of the smoothed curve near ic */
        size_t im = ic;
        double ym = smooth_at(y, i0, i1, ic, s, sw);
        for (size_t k = 1; k <= (size_t)(2.0 * s + 2); k++) {
            if (ic >= i0 + k) {
                double v = smooth_at(y, i0, i1, ic - k, s, sw);
                if (v > ym) {
                    ym = v;
                    im = ic - k;
                }
            }
            if (ic + k < i1) {
                double v = smooth_at(y, i0, i1, ic + k, s, sw);
                if (v > ym) {
                    ym = v;
                    im = ic + k;
                }
            }
        }
        /* walk to the local minima */
        size_t a = im, b = im;
        double ya = ym, yb = ym;
        while (a > i0 && im - a < maxwalk) {
            double v = smooth_at(y, i0, i1, a - 1, s, sw);
            if (v > ya)
                break;
            ya = v;
            a--;
        }
        while (b + 1 < i1 && b - im < maxwalk) {
            double v = smooth_at(y, i0, i1, b + 1, s, sw);
            if (v > yb)
                break;
            yb = v;
            b++;
        }
        double base = (x[b] > x[a]) ? ya + (yb - ya) * (x[im] - x[a]) / (x[b] - x[a]) : ya;
        if (base < (ya < yb ? ya : yb))
            base = ya < yb ? ya : yb;
        h = ym - base;
        if (!(h > 0))
            return -1;
        double half = base + 0.5 * h;
        double xl = NAN, xr = NAN;
        for (size_t k = im; k > a; k--) {
            double v0 = smooth_at(y, i0, i1, k, s, sw), v1 = smooth_at(y, i0, i1, k - 1, s, sw);
            if (v1 <= half && v0 > half) {
                xl = x[k - 1] + (half - v1) / (v0 - v1) * (x[k] - x[k - 1]);
                break;
            }
        }
        for (size_t k = im; k < b; k++) {
            double v0 = smooth_at(y, i0, i1, k, s, sw), v1 = smooth_at(y, i0, i1, k + 1, s, sw);
            if (v1 <= half && v0 > half) {
                xr = x[k] + (v0 - half) / (v0 - v1) * (x[k + 1] - x[k]);
                break;
            }
        }
        if (isfinite(xl) && isfinite(xr))
            fw = xr - xl;
        else if (isfinite(xl))
            fw = 2.0 * (x[im] - xl);
        else if (isfinite(xr))
            fw = 2.0 * (xr - x[im]);
        else
            fw = 0.5 * (x[b] - x[a]);
        double step = (x[i1 - 1] - x[i0]) / (double)(i1 - i0 - 1);
        /* smooth at about a third of the peak's own sigma, then measure again */
        double s_new = fw / 2.3548 / step / 3.0;
        if (s_new <= s * 1.5)
            break;
        s = s_new;
    }
    if (!(fw > 0))
        return -1;
    /* smoothing at s widens a Gaussian: sigma_obs^2 = sigma^2 + s^2 */
    double step = (x[i1 - 1] - x[i0]) / (double)(i1 - i0 - 1);
    double sg = fw / 2.3548, ss = s * step;
    if (sg > ss)
        fw = 2.3548 * sqrt(sg * sg - ss * ss);
    *height = h;
    *fwhm_deg = fw;
    return 0;
}

typedef struct {
    double x, sig, resp, scale_deg;
} cand;

static int cmp_cand_sig(const void *a, const void *b)
{
    const cand *u = a, *v = b;
    return (u->sig < v->sig) - (u->sig > v->sig);
}

static int cmp_found_x(const void *a, const void *b)
{
    const xrd_found_peak *u = a, *v = b;
    return (u->two_theta_deg > v->two_theta_deg) - (u->two_theta_deg < v->two_theta_deg);
}

/* The k-th smallest of z[0..n) (0-based; z is reordered), the value z[k]
 * would have after sorting: Hoare's selection, O(n) on average. */
static double select_kth(double *z, size_t n, size_t k)
{
    long lo = 0, hi = (long)n - 1, kk = (long)k;
    while (lo < hi) {
        double pivot = z[lo + (hi - lo) / 2];
        long i = lo - 1, j = hi + 1;
        for (;;) {
            do
                i++;
            while (z[i] < pivot);
            do
                j--;
            while (z[j] > pivot);
            if (i >= j)
                break;
            double t = z[i];
            z[i] = z[j];
            z[j] = t;
        }
        /* z[lo..j] <= pivot <= z[j+1..hi] */
        if (kk <= j)
            hi = j;
        else
            lo = j + 1;
    }
    return z[kk];
}

/* Robust ratio of the observed point-to-point scatter to the stated sigma. */
static double noise_factor(const xrd_pattern *p, size_t i0, size_t i1)
{
    size_t m = i1 - i0;
    if (m < 8)
        return 1.0;
    double *z = malloc((m - 2) * sizeof(double));
    if (!z)
        return 1.0;
    size_t c = 0;
    for (size_t i = i0 + 1; i + 1 < i1; i++) {
        double e = p->y[i] - 0.5 * (p->y[i - 1] + p->y[i + 1]);
        double v = p->sigma[i] * p->sigma[i] +
                   0.25 * (p->sigma[i - 1] * p->sigma[i - 1] + p->sigma[i + 1] * p->sigma[i + 1]);
        z[c++] = fabs(e) / sqrt(v);
    }
    double mad = 1.4826 * select_kth(z, c, c / 2);
    free(z);
    return mad > 1.0 ? mad : 1.0;
}

xrd_status xrd_peak_search(const xrd_pattern *p, const xrd_peak_search_options *opt,
                           xrd_peak_list **out, xrd_error *err)
{
    xrd_peak_search_options o;
    if (opt)
        o = *opt;
    else
        xrd_peak_search_options_default(&o);
    *out = NULL;
    if (!p || p->n < 2)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p ? p->source : NULL, 0,
                             "peak search needs a pattern of at least 16 points");
    if (!(o.threshold > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the peak-search threshold must be > 0 sigma, found %g", o.threshold);
    double lo = isfinite(o.x_min) ? o.x_min : p->x[0];
    double hi = isfinite(o.x_max) ? o.x_max : p->x[p->n - 1];
    size_t i0 = 0, i1 = p->n;
    while (i0 < p->n && p->x[i0] < lo)
        i0++;
    while (i1 > i0 && p->x[i1 - 1] > hi)
        i1--;
    size_t m = i1 - i0;
    if (m < 16)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "peak search needs at least 16 points in %g..%g deg, found %zu", lo,
                             hi, m);
    double step = (p->x[i1 - 1] - p->x[i0]) / (double)(m - 1);
    double nf = noise_factor(p, i0, i1);
    double s_min = o.min_scale_deg > 0 ? o.min_scale_deg / step : 1.5;
    double s_max = o.max_scale_deg > 0 ? o.max_scale_deg / step : (double)m / 12.0;
    if (s_min < 1.0)
        s_min = 1.0;

    size_t cap = 256, nc = 0;
    cand *cs = malloc(cap * sizeof(cand));
    double *yb = malloc(m * sizeof(double)), *vb = malloc(m * sizeof(double));
    double *xb = malloc(m * sizeof(double)), *R = malloc(m * sizeof(double));
    double *S = malloc(m * sizeof(double));
    double *ker = NULL;
    xrd_status st = XRD_OK;
    if (!cs || !yb || !vb || !xb || !R || !S) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak search");
        goto done;
    }
    for (double s = s_min; s <= s_max * 1.0001; s *= 1.5) {
        /* bin by b points so that the kernel spans about 3 bins per sigma */
        size_t b = s > 6.0 ? (size_t)floor(s / 3.0) : 1;
        size_t nb = m / b;
        if (nb < 8)
            break;
        for (size_t k = 0; k < nb; k++) {
            double sy = 0, sv = 0, sx = 0;
            for (size_t j = 0; j < b; j++) {
                size_t i = i0 + k * b + j;
                sy += p->y[i];
                sv += p->sigma[i] * p->sigma[i];
                sx += p->x[i];
            }
            yb[k] = sy / (double)b;
            vb[k] = sv / ((double)b * (double)b);
            xb[k] = sx / (double)b;
        }
        double sb = s / (double)b;
        long J = (long)ceil(4.0 * sb);
        free(ker);
        ker = malloc((size_t)(2 * J + 1) * sizeof(double));
        if (!ker) {
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak search");
            goto done;
        }
        double mean = 0;
        for (long j = -J; j <= J; j++) {
            double t = (double)j / sb;
            ker[j + J] = (1.0 - t * t) * exp(-0.5 * t * t);
            mean += ker[j + J];
        }
        mean /= (double)(2 * J + 1);
        for (long j = -J; j <= J; j++)
            ker[j + J] -= mean; /* no response to a constant or a straight line */
        for (size_t k = 0; k < nb; k++) {
            R[k] = 0;
            S[k] = 0;
            if ((long)k < J || (long)k + J >= (long)nb)
                continue;
            double r = 0, v = 0;
            for (long j = -J; j <= J; j++)
                r += ker[j + J] * yb[k + (size_t)(j + J) - (size_t)J];
            R[k] = r;
            if (!(r > 0))
                continue; /* S = 0: its noise is not needed */
            for (long j = -J; j <= J; j++) {
                double w = ker[j + J];
                v += w * w * vb[k + (size_t)(j + J) - (size_t)J];
            }
            S[k] = r / (sqrt(v) * nf);
        }
        for (size_t k = 1; k + 1 < nb; k++) {
            if (!(S[k] > o.threshold && R[k] >= R[k - 1] && R[k] > R[k + 1]))
                continue;
            double d = R[k - 1] - 2 * R[k] + R[k + 1], off = 0;
            if (d < 0)
                off = 0.5 * (R[k - 1] - R[k + 1]) / d;
            if (off > 0.5 || off < -0.5)
                off = 0;
            double xk = xb[k] + off * (xb[k + 1] - xb[k - 1]) * 0.5;
            /* accepted already at a finer scale nearby? */
            double excl = 2.0 * s * step;
            if (o.min_separation_deg > excl)
                excl = o.min_separation_deg;
            int taken = 0;
            for (size_t c = 0; c < nc; c++)
                if (fabs(cs[c].x - xk) < (excl > 2.0 * cs[c].scale_deg ? excl : 2.0 * cs[c].scale_deg) &&
                    cs[c].scale_deg < s * step * 0.999) {
                    taken = 1;
                    break;
                }
            if (taken) {
                /* report the best significance over the scales */
                for (size_t c2 = 0; c2 < nc; c2++)
                    if (fabs(cs[c2].x - xk) < 2.0 * s * step && S[k] > cs[c2].sig)
                        cs[c2].sig = S[k];
                continue;
            }
            if (nc == cap) {
                cap *= 2;
                cand *t = realloc(cs, cap * sizeof(cand));
                if (!t) {
                    st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0,
                                       "out of memory in the peak search");
                    goto done;
                }
                cs = t;
            }
            cs[nc].x = xk;
            cs[nc].sig = S[k];
            cs[nc].resp = R[k];
            cs[nc].scale_deg = s * step;
            nc++;
        }
    }
    /* strongest first; drop those within the separation of a stronger one */
    qsort(cs, nc, sizeof(cand), cmp_cand_sig);
    xrd_peak_list *L = calloc(1, sizeof *L);
    if (!L || !(L->peaks = calloc(nc ? nc : 1, sizeof(xrd_found_peak)))) {
        free(L);
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak search");
        goto done;
    }
    L->noise_factor = nf;
    for (size_t c = 0; c < nc; c++) {
        int keep = 1;
        for (size_t q = 0; q < L->n && keep; q++) {
            double sep = o.min_separation_deg;
            if (fabs(L->peaks[q].two_theta_deg - cs[c].x) < sep)
                keep = 0;
        }
        if (!keep)
            continue;
        double h, fw;
        if (xrdi_rough_peak(p->x, p->y, i0, i1, cs[c].x, cs[c].scale_deg / step, &h, &fw))
            continue;
        /* the same peak seen at another scale: within half a FWHM of a stronger one */
        for (size_t q = 0; q < L->n && keep; q++) {
            double fq = L->peaks[q].fwhm_deg > fw ? L->peaks[q].fwhm_deg : fw;
            if (fabs(L->peaks[q].two_theta_deg - cs[c].x) < 0.5 * fq)
                keep = 0;
        }
        if (!keep)
            continue;
        xrd_found_peak *f = &L->peaks[L->n++];
        f->two_theta_deg = cs[c].x;
        f->height = h;
        f->fwhm_deg = fw;
        f->significance = cs[c].sig;
        f->scale_deg = cs[c].scale_deg;
    }
    /* Ka2 companions: a weaker peak at the Ka2 angle of a stronger one */
    if (o.rad && o.rad->n_lines > 1 && o.rad->lambda_A[0] > 0) {
        for (size_t a = 0; a < L->n; a++) {
            const xrd_found_peak *s1 = &L->peaks[a];
            if (s1->height <= 0)
                continue;
            double sn = sin(s1->two_theta_deg * M_PI / 360.0) * o.rad->lambda_A[1] /
                        o.rad->lambda_A[0];
            if (sn >= 1.0)
                continue;
            double x2 = 360.0 / M_PI * asin(sn);
            double tol = 0.3 * s1->fwhm_deg > 2.0 * step ? 0.3 * s1->fwhm_deg : 2.0 * step;
            for (size_t b2 = 0; b2 < L->n; b2++) {
                xrd_found_peak *s2 = &L->peaks[b2];
                if (b2 != a && s2->height > 0 && fabs(s2->two_theta_deg - x2) < tol &&
                    s2->height < 0.8 * s1->height)
                    s2->height = -1; /* mark */
            }
        }
        size_t w = 0;
        for (size_t a = 0; a < L->n; a++)
            if (L->peaks[a].height > 0)
                L->peaks[w++] = L->peaks[a];
        L->n = w;
    }
    if (o.max_peaks > 0 && L->n > o.max_peaks)
        L->n = o.max_peaks; /* sorted by significance */
    qsort(L->peaks, L->n, sizeof(xrd_found_peak), cmp_found_x);
    *out = L;
done:
    free(cs);
    free(yb);
    free(vb);
    free(xb);
    free(R);
    free(S);
    free(ker);
    return st;
}
