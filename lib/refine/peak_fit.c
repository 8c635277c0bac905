/* Multi-peak fit: n profiles (each a Ka1 + Ka2 pair with a two-line radiation)
 * plus a Chebyshev background, Levenberg-Marquardt through lsq.h with the
 * analytic derivatives of the profile strategy tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/peaks.h"

#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "analysis/analysis.h"
#include "refine/lsq.h"
#include "refine/normal.h"
#include "refine/start.h"

void xrd_peak_fit_options_default(xrd_peak_fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->profile = NULL;
    o->x_min = NAN;
    o->x_max = NAN;
    o->max_iter = 200;
    o->tail = 1e-3;
}

void xrd_peak_fit_result_free(xrd_peak_fit_result *r)
{
    if (!r)
        return;
    free(r->peaks);
    free(r->x);
    free(r->y_obs);
    free(r->y_calc);
    free(r->y_bkg);
    free(r);
}

typedef struct {
    const xrd_profile_type *t;
    size_t n;              /* points */
    const double *x, *y, *sg;
    size_t npk;            /* peaks */
    int ns, stride;        /* shape parameters, parameters per peak */
    int nb;                /* background terms */
    size_t off_bkg, off_ratio, np;
    int refine_ratio;
    int n_lines;
    double lam[XRD_MAX_LINES], wt[XRD_MAX_LINES];
    double tail, x_lo, x_hi;
    double *T;             /* n x nb Chebyshev values */
    double *isg;           /* n values 1 / sigma */
    double *dx, *prof, *ddx, *dsh, *calc;
    struct pf_line_s *lines; /* npk x n_lines scratch of pf_block */
} pf_ctx;

/* Centre of line l from the line-0 centre c0, with d c / d c0; 0 if unreachable. */
static int line_centre(const pf_ctx *c, int l, double c0, double *cl, double *dcl)
{
    if (l == 0) {
        *cl = c0;
        *dcl = 1.0;
        return 1;
    }
    double th = c0 * M_PI / 360.0;
    double s = sin(th) * c->lam[l] / c->lam[0];
    if (!(s > 0 && s < 1))
        return 0;
    double th2 = asin(s);
    *cl = th2 * 360.0 / M_PI;
    *dcl = c->lam[l] / c->lam[0] * cos(th) / cos(th2);
    return 1;
}

static size_t lower_bound(const double *x, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* One line of one peak: centre, d centre / d position, weight, points [a, b). */
typedef struct pf_line_s {
    double cl, dcl, wl;
    size_t a, b;
} pf_line;

/* The lines of a peak (parameters pk: position, area, shape) and their
 * windows; -1 when the shape is invalid. A line that cannot be reached
 * (beyond 180 deg) gets an empty range. */
static int peak_lines(const pf_ctx *c, const double *pk, double ratio, pf_line *ln)
{
    const double *shape = pk + 2;
    if (!c->t->valid(shape))
        return -1;
    double w = c->t->window(shape, c->tail);
    double span = c->x_hi - c->x_lo;
    if (!(w < span))
        w = span;
    for (int l = 0; l < c->n_lines; l++) {
        pf_line *L = &ln[l];
        L->a = L->b = 0;
        if (!line_centre(c, l, pk[0], &L->cl, &L->dcl))
            continue;
        L->wl = l == 0 ? 1.0 : (l == 1 ? ratio : c->wt[l]);
        L->a = lower_bound(c->x, c->n, L->cl - w);
        L->b = lower_bound(c->x, c->n, L->cl + w);
    }
    return 0;
}

/* Add line L of the peak pk on points [a, b) to calc and, when J is not NULL,
 * its derivatives (divided by sigma) to the peak's columns (col_k) and to
 * the Ka2 ratio's (line 1) of the rows J + i * ldj. */
static void add_line(pf_ctx *c, const double *pk, size_t col_k, int l, const pf_line *L,
                     size_t a, size_t b, double *calc, double *J, size_t ldj)
{
    const size_t cnt = b - a;
    const double area = pk[1];
    for (size_t i = 0; i < cnt; i++)
        c->dx[i] = c->x[a + i] - L->cl;
    c->t->eval(c->dx, cnt, pk + 2, c->prof, J ? c->ddx : NULL, J ? c->dsh : NULL);
    const double aw = area * L->wl;
    for (size_t i = 0; i < cnt; i++)
        calc[a + i] += aw * c->prof[i];
    if (!J)
        return;
    const double adc = aw * L->dcl, wl = L->wl;
    const int ns = c->ns, ratio_col = l == 1 && c->refine_ratio;
    for (size_t i = 0; i < cnt; i++) {
        const double f = c->isg[a + i];
        double *row = J + (a + i) * ldj + col_k;
        row[0] -= adc * c->ddx[i] * f;
        row[1] += wl * c->prof[i] * f;
        for (int s = 0; s < ns; s++)
            row[2 + s] += aw * c->dsh[(size_t)s * cnt + i] * f;
        if (ratio_col)
            J[(a + i) * ldj + c->off_ratio] += area * c->prof[i] * f;
    }
}

/* Add one peak, all its lines, to calc (no derivatives). -1 for an invalid shape. */
static int add_peak(pf_ctx *c, const double *pk, double ratio, double *calc)
{
    pf_line ln[XRD_MAX_LINES];
    if (peak_lines(c, pk, ratio, ln))
        return -1;
    for (int l = 0; l < c->n_lines; l++)
        if (ln[l].b > ln[l].a)
            add_line(c, pk, 0, l, &ln[l], ln[l].a, ln[l].b, calc, NULL, 0);
    return 0;
}

/* Model rows [i0, i1) (xrdi_block_fn): calc[i0..i1) always, residuals r and
 * Jacobian rows J (stride ldj, natural parameters, divided by sigma) when
 * asked: background, then every peak line's part of the rows. */
static int pf_block(const double *v, size_t i0, size_t i1, double *r, double *J, size_t ldj,
                    void *vctx)
{
    pf_ctx *c = vctx;
    double *calc = c->calc;
    const int nl = c->n_lines;
    double ratio = c->refine_ratio ? v[c->off_ratio] : (nl > 1 ? c->wt[1] : 0);
    for (size_t k = 0; k < c->npk; k++)
        if (peak_lines(c, v + k * (size_t)c->stride, ratio, c->lines + k * (size_t)nl))
            return -1;
    const double *bk = v + c->off_bkg;
    for (size_t i = i0; i < i1; i++) {
        const double *t = c->T + i * (size_t)c->nb;
        double b = 0;
        for (int j = 0; j < c->nb; j++)
            b += bk[j] * t[j];
        calc[i] = b;
    }
    /* J rows relative to i0, so that add_line can index J + i * ldj */
    double *J0 = J ? J - i0 * ldj : NULL;
    if (J)
        for (size_t i = i0; i < i1; i++) {
            double *row = J0 + i * ldj;
            memset(row, 0, c->np * sizeof(double));
            for (int j = 0; j < c->nb; j++)
                row[c->off_bkg + (size_t)j] = c->T[i * (size_t)c->nb + (size_t)j] * c->isg[i];
        }
    for (size_t k = 0; k < c->npk; k++)
        for (int l = 0; l < nl; l++) {
            const pf_line *L = &c->lines[k * (size_t)nl + (size_t)l];
            size_t a = L->a > i0 ? L->a : i0, b = L->b < i1 ? L->b : i1;
            if (b > a)
                add_line(c, v + k * (size_t)c->stride, k * (size_t)c->stride, l, L, a, b, calc,
                         J0, ldj);
        }
    if (r) {
        int bad = 0;
        for (size_t i = i0; i < i1; i++) {
            r[i - i0] = (calc[i] - c->y[i]) * c->isg[i];
            bad |= !isfinite(r[i - i0]);
        }
        if (bad)
            return -1;
    }
    return 0;
}

/* Start shape parameters from a FWHM. */
static void start_shape(const xrd_profile_type *t, double F, double *s)
{
    switch (t->kind) {
    case XRD_PROFILE_PSEUDO_VOIGT: s[0] = F; s[1] = 0.5; break;
    case XRD_PROFILE_TCH:
    case XRD_PROFILE_VOIGT: s[0] = F / 1.64; s[1] = F / 1.64; break;
    case XRD_PROFILE_PEARSON7: s[0] = F; s[1] = 2.0; break;
    case XRD_PROFILE_SPLIT_PEARSON7: s[0] = F; s[1] = F; s[2] = 2.0; s[3] = 2.0; break;
    default: s[0] = F; break;
    }
}

static void shape_bounds(const xrd_profile_type *t, xrdi_bound *b)
{
    for (int s = 0; s < t->n_shape; s++) {
        b[s].tr = XRDI_POSITIVE;
        b[s].lo = 0.0;
        b[s].hi = 0.0;
    }
    if (t->kind == XRD_PROFILE_PSEUDO_VOIGT) {
        b[1].tr = XRDI_INTERVAL;
        b[1].lo = 0.0;
        b[1].hi = 1.0;
    } else if (t->kind == XRD_PROFILE_PEARSON7) {
        b[1].lo = 0.5;
    } else if (t->kind == XRD_PROFILE_SPLIT_PEARSON7) {
        b[2].lo = 0.5;
        b[3].lo = 0.5;
    }
}

/* Gradient of f(shape) by central differences inside the valid domain. */
static void shape_grad(const xrd_profile_type *t, double (*f)(const double *),
                       const double *shape, double *g)
{
    for (int s = 0; s < t->n_shape; s++) {
        double a[XRD_PROFILE_MAX_SHAPE], b[XRD_PROFILE_MAX_SHAPE];
        memcpy(a, shape, sizeof a);
        memcpy(b, shape, sizeof b);
        double h = 1e-6 * (fabs(shape[s]) > 1e-3 ? fabs(shape[s]) : 1e-3);
        a[s] += h;
        b[s] -= h;
        int va = t->valid(a), vb = t->valid(b);
        double f0 = f(shape);
        if (va && vb)
            g[s] = (f(a) - f(b)) / (2 * h);
        else if (va)
            g[s] = (f(a) - f0) / h;
        else if (vb)
            g[s] = (f0 - f(b)) / h;
        else
            g[s] = NAN;
    }
}

static double quad_form(const double *g, const double *cov, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s += g[i] * cov[i * XRD_PROFILE_MAX_SHAPE + j] * g[j];
    return s > 0 ? sqrt(s) : (s == 0 ? 0 : NAN);
}

static int default_background_terms(double span)
{
    int nb = 3 + (int)(span / 20.0);
    return nb > 8 ? 8 : nb;
}

/* min |A c - y| for A of n rows and k columns, row-major with row stride kp
 * (a multiple of 4, padding columns 0), and y (n): c (k) from the normal
 * equations (A^T A c = A^T y through xrdi_normal_acc, scaled Cholesky; k is
 * small and the weighted profile and Chebyshev columns are far from
 * collinear), else by LAPACK's QR (dgels; A and y are then overwritten).
 * 0, or -1. */
static int small_lsq(double *A, size_t n, size_t k, size_t kp, double *y, double *c)
{
    int rc = -1;
    double *acc = calloc(kp * kp, sizeof(double));
    gsl_matrix *N = gsl_matrix_alloc(k, k);
    gsl_vector *b = gsl_vector_calloc(k), *S = gsl_vector_alloc(k);
    if (acc && N && b && S) {
        xrdi_normal_acc(A, n, kp, acc);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < k; j++)
                b->data[j] += A[i * kp + j] * y[i];
        for (size_t a = 0; a < k; a++)
            for (size_t q = a; q < k; q++) {
                gsl_matrix_set(N, a, q, acc[a * kp + q]);
                gsl_matrix_set(N, q, a, acc[a * kp + q]);
            }
        gsl_vector_view cv = gsl_vector_view_array(c, k);
        if (gsl_linalg_cholesky_decomp2(N, S) == GSL_SUCCESS &&
            gsl_linalg_cholesky_solve2(N, S, b, &cv.vector) == GSL_SUCCESS) {
            rc = 0;
            for (size_t j = 0; j < k; j++)
                if (!isfinite(c[j]))
                    rc = -1;
        }
    }
    free(acc);
    if (N)
        gsl_matrix_free(N);
    if (b)
        gsl_vector_free(b);
    if (S)
        gsl_vector_free(S);
    if (rc == 0)
        return 0;
    double wq;
    lapack_int NN = (lapack_int)n, K = (lapack_int)k, LD = (lapack_int)kp;
    if (LAPACKE_dgels_work(LAPACK_ROW_MAJOR, 'N', NN, K, 1, A, LD, y, 1, &wq, -1) != 0)
        return -1;
    lapack_int lw = (lapack_int)wq;
    double *work = malloc((size_t)(lw > 1 ? lw : 1) * sizeof(double));
    if (work && LAPACKE_dgels_work(LAPACK_ROW_MAJOR, 'N', NN, K, 1, A, LD, y, 1, work, lw) == 0) {
        memcpy(c, y, k * sizeof(double));
        rc = 0;
    }
    free(work);
    return rc;
}

/* Linear start: areas and background by least squares at fixed positions and
 * shapes (a variable-projection step). A pseudo-Voigt A (eta L + (1 - eta) G)
 * is a_L L + a_G G: with one column for each part, the same linear step gives
 * eta = a_L / (a_L + a_G) too, so the fit starts near the right shape. */
static void linear_start(pf_ctx *c, double *v)
{
    const int split = c->t->kind == XRD_PROFILE_PSEUDO_VOIGT;
    const size_t per = split ? 2 : 1;
    size_t n = c->n, k = per * c->npk + (size_t)c->nb, kp = XRDI_NORMAL_PAD(k);
    double *A = calloc(n * kp, sizeof(double)), *yw = malloc(n * sizeof(double));
    double *sol = malloc(k * sizeof(double));
    double ratio = c->refine_ratio ? v[c->off_ratio] : (c->n_lines > 1 ? c->wt[1] : 0);
    if (!A || !yw || !sol)
        goto out;
    /* columns: each peak with unit area (L and G parts for a pseudo-Voigt),
     * then the background terms, all divided by sigma */
    for (size_t p = 0; p < c->npk; p++)
        for (size_t part = 0; part < per; part++) {
            double pk[2 + XRD_PROFILE_MAX_SHAPE];
            memcpy(pk, v + p * (size_t)c->stride, (size_t)c->stride * sizeof(double));
            pk[1] = 1.0;
            if (split)
                pk[3] = part == 0 ? 1.0 : 0.0;
            memset(yw, 0, n * sizeof(double));
            if (add_peak(c, pk, ratio, yw))
                goto out;
            for (size_t i = 0; i < n; i++)
                A[i * kp + per * p + part] = yw[i] * c->isg[i];
        }
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < c->nb; j++)
            A[i * kp + per * c->npk + (size_t)j] =
                c->T[i * (size_t)c->nb + (size_t)j] * c->isg[i];
        yw[i] = c->y[i] * c->isg[i];
    }
    if (small_lsq(A, n, k, kp, yw, sol) == 0) {
        for (size_t p = 0; p < c->npk; p++) {
            double *pk = v + p * (size_t)c->stride;
            double a = split ? sol[2 * p] + sol[2 * p + 1] : sol[p], a0 = pk[1];
            pk[1] = a > 0.05 * a0 ? a : 0.05 * a0;
            if (split && a > 0) {
                /* inside (0, 1): the solver's sine map is flat at the bounds */
                double eta = sol[2 * p] / a;
                pk[3] = eta < 0.05 ? 0.05 : eta > 0.95 ? 0.95 : eta;
            }
        }
        for (int j = 0; j < c->nb; j++)
            v[c->off_bkg + (size_t)j] = sol[per * c->npk + (size_t)j];
    }
out:
    free(A);
    free(yw);
    free(sol);
}

xrd_status xrd_peak_fit(const xrd_pattern *p, const xrd_radiation *rad, const double *start_deg,
                        const double *fwhm_deg, size_t npk, const xrd_peak_fit_options *opt,
                        xrd_peak_fit_result **out, xrd_error *err)
{
    xrd_peak_fit_options o;
    if (opt)
        o = *opt;
    else
        xrd_peak_fit_options_default(&o);
    *out = NULL;
    if (!p || !rad || (npk && !start_deg))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "peak fit: missing pattern, radiation or start positions");
    if (npk == 0)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "no peaks to fit: none was found or given (--at)");
    if (p->unit != XRD_X_TWO_THETA_DEG)
        return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                             "peak fitting needs the x axis in 2theta degrees, found %s",
                             xrd_xunit_name(p->unit));
    if (rad->n_lines < 1 || !(rad->lambda_A[0] > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "peak fit: the radiation has no wavelength");
    const xrd_profile_type *t = o.profile ? o.profile : xrd_profile_get(XRD_PROFILE_PSEUDO_VOIGT);
    double lo = isfinite(o.x_min) ? o.x_min : p->x[0];
    double hi = isfinite(o.x_max) ? o.x_max : p->x[p->n - 1];
    size_t i0 = lower_bound(p->x, p->n, lo), i1 = i0;
    while (i1 < p->n && p->x[i1] <= hi)
        i1++;
    size_t n = i1 - i0;
    if (n < 16)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "peak fit needs at least 16 points in %g..%g deg, found %zu", lo,
                             hi, n);
    for (size_t k = 0; k < npk; k++)
        if (!(start_deg[k] > p->x[i0] && start_deg[k] < p->x[i1 - 1]) ||
            !(start_deg[k] < 180))
            return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                                 "peak start position %g deg lies outside the fitted range "
                                 "%g..%g deg", start_deg[k], lo, hi);
    if (o.n_background < 0 || o.n_background > XRD_MAX_CHEB)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "background terms must be 1..%d, found %d", XRD_MAX_CHEB,
                             o.n_background);
    if (!(o.tail > 0 && o.tail < 0.5))
        o.tail = 1e-3;
    if (o.max_iter <= 0)
        o.max_iter = 200;

    pf_ctx c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.n = n;
    c.x = p->x + i0;
    c.y = p->y + i0;
    c.sg = p->sigma + i0;
    c.npk = npk;
    c.ns = t->n_shape;
    c.stride = 2 + c.ns;
    c.x_lo = p->x[i0];
    c.x_hi = p->x[i1 - 1];
    c.nb = o.n_background ? o.n_background : default_background_terms(c.x_hi - c.x_lo);
    c.n_lines = rad->n_lines;
    for (int l = 0; l < rad->n_lines; l++) {
        c.lam[l] = rad->lambda_A[l];
        c.wt[l] = l == 0 ? 1.0 : rad->weight[l];
    }
    c.refine_ratio = o.refine_ka2_ratio && rad->n_lines > 1;
    c.tail = o.tail;
    c.off_bkg = npk * (size_t)c.stride;
    c.off_ratio = c.off_bkg + (size_t)c.nb;
    c.np = c.off_ratio + (c.refine_ratio ? 1 : 0);
    if (n <= c.np + 1)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "%zu points in %g..%g deg cannot determine %zu parameters (%zu "
                             "peaks, %d background terms)",
                             n, lo, hi, c.np, npk, c.nb);

    xrd_status st = XRD_OK;
    xrd_peak_fit_result *R = calloc(1, sizeof *R);
    double *v = calloc(c.np, sizeof(double)), *cov = calloc(c.np * c.np, sizeof(double));
    xrdi_bound *bd = calloc(c.np, sizeof(xrdi_bound));
    c.T = malloc(n * (size_t)c.nb * sizeof(double));
    c.dx = malloc(n * sizeof(double));
    c.prof = malloc(n * sizeof(double));
    c.ddx = malloc(n * sizeof(double));
    c.dsh = malloc(n * (size_t)c.ns * sizeof(double));
    c.calc = malloc(n * sizeof(double));
    c.isg = malloc(n * sizeof(double));
    c.lines = malloc(npk * (size_t)c.n_lines * sizeof *c.lines);
    if (!R || !v || !cov || !bd || !c.T || !c.dx || !c.prof || !c.ddx || !c.dsh || !c.calc ||
        !c.isg || !c.lines) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak fit");
        goto fail;
    }
    R->peaks = calloc(npk, sizeof(xrd_peak_result));
    R->x = malloc(n * sizeof(double));
    R->y_obs = malloc(n * sizeof(double));
    R->y_calc = malloc(n * sizeof(double));
    R->y_bkg = malloc(n * sizeof(double));
    if (!R->peaks || !R->x || !R->y_obs || !R->y_calc || !R->y_bkg) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak fit");
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        c.isg[i] = 1.0 / c.sg[i];
    for (size_t i = 0; i < n; i++) {
        double tt = (2.0 * c.x[i] - c.x_lo - c.x_hi) / (c.x_hi - c.x_lo);
        double t0 = 1.0, t1 = tt;
        for (int j = 0; j < c.nb; j++) {
            double tj;
            if (j == 0)
                tj = 1.0;
            else if (j == 1)
                tj = tt;
            else {
                double t2 = 2.0 * tt * t1 - t0;
                t0 = t1;
                t1 = t2;
                tj = t2;
            }
            c.T[i * (size_t)c.nb + (size_t)j] = tj;
        }
    }
    /* start values */
    double step = (c.x_hi - c.x_lo) / (double)(n - 1);
    for (size_t k = 0; k < npk; k++) {
        double h = NAN, F = fwhm_deg && fwhm_deg[k] > 0 ? fwhm_deg[k] : NAN;
        double hh, ff;
        /* smoothing of 2 points (removed from the width in quadrature): at 1
         * point the counting noise of weak, broad peaks stops the walk to the
         * minima early and the width comes out several times too small */
        if (xrdi_rough_peak(c.x, c.y, 0, n, start_deg[k], 2.0, &hh, &ff) == 0) {
            h = hh;
            if (!isfinite(F))
                F = ff;
        }
        if (!(F > 2.0 * step))
            F = 2.0 * step > 0.05 ? 2.0 * step : 0.05;
        if (!(h > 0))
            h = 1.0;
        double *pk = v + k * (size_t)c.stride;
        pk[0] = start_deg[k];
        pk[1] = h * F * 1.2;
        start_shape(t, F, pk + 2);
        bd[k * (size_t)c.stride].tr = XRDI_FREE;
        bd[k * (size_t)c.stride + 1].tr = XRDI_POSITIVE;
        bd[k * (size_t)c.stride + 1].lo = 0.0;
        shape_bounds(t, bd + k * (size_t)c.stride + 2);
    }
    for (int j = 0; j < c.nb; j++)
        bd[c.off_bkg + (size_t)j].tr = XRDI_FREE;
    if (c.refine_ratio) {
        v[c.off_ratio] = rad->weight[1];
        bd[c.off_ratio].tr = XRDI_INTERVAL;
        bd[c.off_ratio].lo = 0.0;
        bd[c.off_ratio].hi = 1.0;
    }
    linear_start(&c, v);

    /* normal equations over row blocks: the fit's J^T J is formed block by
     * block in cache (no stored Jacobian, no BLAS); stop when no parameter is
     * further than 0.01 esd from the solution (chi2_tol 1e-4) */
    xrdi_lsq_block_opts lo_opts;
    xrdi_lsq_block_opts_default(&lo_opts);
    lo_opts.max_iter = o.max_iter;
    lo_opts.chi2_tol = 1e-4;
    lo_opts.cov_out = cov;
    xrdi_lsq_result lr;
    st = xrdi_lsq_solve_blocks(pf_block, &c, n, c.np, v, bd, &lo_opts, &lr, err);
    if (st != XRD_OK)
        goto fail;
    R->iterations = lr.iterations;
    R->converged = lr.converged;
    snprintf(R->message, sizeof R->message, "%s", lr.message);

    /* statistics and curves */
    if (pf_block(v, 0, n, NULL, NULL, 0, &c)) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, p->source, 0,
                           "the fitted model cannot be evaluated");
        goto fail;
    }
    double s_abs = 0, s_y = 0, s_wr = 0, s_wy = 0;
    for (size_t i = 0; i < n; i++) {
        double d = c.y[i] - c.calc[i], w = 1.0 / (c.sg[i] * c.sg[i]);
        s_abs += fabs(d);
        s_y += fabs(c.y[i]);
        s_wr += w * d * d;
        s_wy += w * c.y[i] * c.y[i];
        R->x[i] = c.x[i];
        R->y_obs[i] = c.y[i];
        R->y_calc[i] = c.calc[i];
        double b = 0;
        for (int j = 0; j < c.nb; j++)
            b += v[c.off_bkg + (size_t)j] * c.T[i * (size_t)c.nb + (size_t)j];
        R->y_bkg[i] = b;
    }
    R->n_curve = n;
    R->n_points = n;
    R->n_params = c.np;
    R->chi2 = s_wr;
    R->Rp = s_y > 0 ? s_abs / s_y : NAN;
    R->Rwp = s_wy > 0 ? sqrt(s_wr / s_wy) : NAN;
    R->Rexp = s_wy > 0 ? sqrt((double)(n - c.np) / s_wy) : NAN;
    R->GOF = R->Rwp / R->Rexp;
    R->profile = t;
    R->rad = *rad;
    R->ka2_ratio = rad->n_lines > 1 ? (c.refine_ratio ? v[c.off_ratio] : rad->weight[1]) : 0;
    R->ka2_ratio_esd = c.refine_ratio ? sqrt(cov[c.off_ratio * c.np + c.off_ratio]) : NAN;
    R->x_lo = c.x_lo;
    R->x_hi = c.x_hi;
    R->n_cheb = c.nb;
    for (int j = 0; j < c.nb; j++) {
        size_t q = c.off_bkg + (size_t)j;
        R->cheb[j] = v[q];
        R->cheb_esd[j] = sqrt(cov[q * c.np + q]);
    }
    R->n_peaks = npk;
    for (size_t k = 0; k < npk; k++) {
        xrd_peak_result *pr = &R->peaks[k];
        size_t b0 = k * (size_t)c.stride;
        const double *pk = v + b0;
        pr->two_theta_deg = pk[0];
        pr->two_theta_esd = sqrt(cov[b0 * c.np + b0]);
        pr->area = pk[1];
        pr->area_esd = sqrt(cov[(b0 + 1) * c.np + b0 + 1]);
        pr->n_shape = c.ns;
        for (int s = 0; s < c.ns; s++) {
            pr->shape[s] = pk[2 + s];
            for (int s2 = 0; s2 < c.ns; s2++)
                pr->shape_cov[s * XRD_PROFILE_MAX_SHAPE + s2] =
                    cov[(b0 + 2 + (size_t)s) * c.np + b0 + 2 + (size_t)s2];
            pr->shape_esd[s] = sqrt(pr->shape_cov[s * XRD_PROFILE_MAX_SHAPE + s]);
            const xrdi_bound *bb = &bd[b0 + 2 + (size_t)s];
            if (fabs(pk[2 + s] - bb->lo) < 1e-9 * (1 + fabs(bb->lo)) ||
                (bb->tr == XRDI_INTERVAL && fabs(pk[2 + s] - bb->hi) < 1e-9))
                pr->shape_at_bound = 1;
        }
        pr->fwhm_deg = t->fwhm(pr->shape);
        pr->breadth_deg = t->integral_breadth(pr->shape);
        double g[XRD_PROFILE_MAX_SHAPE];
        shape_grad(t, t->fwhm, pr->shape, g);
        pr->fwhm_esd = quad_form(g, pr->shape_cov, c.ns);
        shape_grad(t, t->integral_breadth, pr->shape, g);
        pr->breadth_esd = quad_form(g, pr->shape_cov, c.ns);
        double th = pr->two_theta_deg * M_PI / 360.0;
        pr->d_A = rad->lambda_A[0] / (2.0 * sin(th));
        pr->d_esd_A = pr->d_A / (2.0 * tan(th)) * pr->two_theta_esd * M_PI / 180.0;
    }
    *out = R;
    R = NULL;
fail:
    xrd_peak_fit_result_free(R);
    free(v);
    free(cov);
    free(bd);
    free(c.T);
    free(c.dx);
    free(c.prof);
    free(c.ddx);
    free(c.dsh);
    free(c.calc);
    free(c.isg);
    free(c.lines);
    return st;
}

xrd_status xrd_peak_fit_index(xrd_peak_fit_result *r, const xrd_phase *ph, double tol_deg,
                              size_t *n_indexed, xrd_error *err)
{
    if (n_indexed)
        *n_indexed = 0;
    if (!r || !ph)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "indexing needs a fit and a phase");
    double lam = r->rad.lambda_A[0];
    double tt_max = r->x_hi + 1.0 < 179.0 ? r->x_hi + 1.0 : 179.0;
    double d_min = lam / (2.0 * sin(tt_max * M_PI / 360.0));
    xrd_reflist *L = NULL;
    xrd_status st =
        xrd_reflections_generate_for(&ph->cell, &ph->sg, ph->structure, d_min, &L, err);
    if (st != XRD_OK)
        return st;
    size_t ni = 0;
    for (size_t k = 0; k < r->n_peaks; k++) {
        xrd_peak_result *pr = &r->peaks[k];
        pr->indexed = 0;
        double tol = tol_deg > 0 ? tol_deg : (0.5 * pr->fwhm_deg > 0.3 ? 0.5 * pr->fwhm_deg : 0.3);
        double best = INFINITY;
        size_t bi = 0;
        for (size_t j = 0; j < L->n; j++) {
            double tt = xrd_two_theta_deg(L->refl[j].d_A, lam);
            if (isfinite(tt) && fabs(tt - pr->two_theta_deg) < best) {
                best = fabs(tt - pr->two_theta_deg);
                bi = j;
            }
        }
        if (best <= tol) {
            pr->indexed = 1;
            pr->h = L->refl[bi].h;
            pr->k = L->refl[bi].k;
            pr->l = L->refl[bi].l;
            pr->d_calc_A = L->refl[bi].d_A;
            pr->two_theta_calc_deg = xrd_two_theta_deg(L->refl[bi].d_A, lam);
            ni++;
        }
    }
    /* one peak per reflection: the nearest keeps the label (a broad hump next
     * to a Bragg peak is not a second copy of it) */
    for (size_t k = 0; k < r->n_peaks; k++) {
        xrd_peak_result *a = &r->peaks[k];
        for (size_t q = 0; a->indexed && q < r->n_peaks; q++) {
            const xrd_peak_result *b = &r->peaks[q];
            if (q == k || !b->indexed || b->h != a->h || b->k != a->k || b->l != a->l ||
                b->d_calc_A != a->d_calc_A)
                continue;
            double da = fabs(a->two_theta_deg - a->two_theta_calc_deg);
            double db = fabs(b->two_theta_deg - b->two_theta_calc_deg);
            if (da > db || (da == db && k > q)) {
                a->indexed = 0;
                a->h = a->k = a->l = 0;
                ni--;
            }
        }
    }
    xrd_reflist_free(L);
    if (n_indexed)
        *n_indexed = ni;
    return XRD_OK;
}
