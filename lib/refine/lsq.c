/* Non-linear least squares over GSL multifit_nlinear with bound transforms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/lsq.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void xrdi_lsq_opts_default(xrdi_lsq_opts *o)
{
    o->max_iter = 200;
    o->xtol = 1e-8;
    o->gtol = 1e-8;
    o->ftol = 1e-10;
    o->skip_shift = NULL;
    o->esd_out = NULL;
}

double xrdi_v_from_u(const xrdi_bound *b, double u)
{
    if (!b)
        return u;
    switch (b->tr) {
    case XRDI_POSITIVE:
        return b->lo + exp(u);
    case XRDI_INTERVAL:
        return b->lo + (b->hi - b->lo) * 0.5 * (1.0 + sin(u));
    case XRDI_LOWER:
        return b->lo - 1.0 + sqrt(1.0 + u * u);
    case XRDI_FREE:
        break;
    }
    return u;
}

double xrdi_u_from_v(const xrdi_bound *b, double v)
{
    if (!b)
        return v;
    switch (b->tr) {
    case XRDI_POSITIVE: {
        double d = v - b->lo;
        return log(d > 1e-300 ? d : 1e-300);
    }
    case XRDI_INTERVAL: {
        double s = 2.0 * (v - b->lo) / (b->hi - b->lo) - 1.0;
        if (s > 1.0)
            s = 1.0;
        if (s < -1.0)
            s = -1.0;
        return asin(s);
    }
    case XRDI_LOWER: {
        double d = v - b->lo + 1.0;
        if (d < 1.0)
            d = 1.0;
        return sqrt(d * d - 1.0);
    }
    case XRDI_FREE:
        break;
    }
    return v;
}

double xrdi_dv_du(const xrdi_bound *b, double u)
{
    if (!b)
        return 1.0;
    switch (b->tr) {
    case XRDI_POSITIVE:
        return exp(u);
    case XRDI_INTERVAL:
        return (b->hi - b->lo) * 0.5 * cos(u);
    case XRDI_LOWER:
        return u / sqrt(1.0 + u * u);
    case XRDI_FREE:
        break;
    }
    return 1.0;
}

typedef struct {
    xrdi_resid_fn fn;
    void *ctx;
    size_t np;
    const xrdi_bound *b;
    double *v;     /* scratch natural parameters */
    double *scale; /* scratch dv/du per parameter */
} lsq_ctx;

static void to_natural(const lsq_ctx *c, const gsl_vector *u)
{
    for (size_t j = 0; j < c->np; j++)
        c->v[j] = xrdi_v_from_u(c->b ? &c->b[j] : NULL, gsl_vector_get(u, j));
}

static int cb_f(const gsl_vector *u, void *params, gsl_vector *f)
{
    lsq_ctx *c = params;
    to_natural(c, u);
    if (c->fn(c->v, f->data, NULL, c->ctx))
        return GSL_EDOM;
    for (size_t i = 0; i < f->size; i++)
        if (!isfinite(f->data[i]))
            return GSL_EDOM;
    return GSL_SUCCESS;
}

static int cb_df(const gsl_vector *u, void *params, gsl_matrix *J)
{
    lsq_ctx *c = params;
    to_natural(c, u);
    /* gsl_matrix_alloc gives tda == size2, i.e. our row-major layout */
    if (J->tda != J->size2 || c->fn(c->v, NULL, J->data, c->ctx))
        return GSL_EDOM;
    /* chain rule d r / d u = d r / d v * dv/du, row by row (one pass over J;
     * the same products as column by column) */
    int any = 0;
    for (size_t j = 0; j < c->np; j++) {
        c->scale[j] = xrdi_dv_du(c->b ? &c->b[j] : NULL, gsl_vector_get(u, j));
        any |= c->scale[j] != 1.0;
    }
    if (any)
        for (size_t i = 0; i < J->size1; i++) {
            double *row = J->data + i * J->tda;
            for (size_t j = 0; j < c->np; j++)
                if (c->scale[j] != 1.0)
                    row[j] *= c->scale[j];
        }
    return GSL_SUCCESS;
}

void xrdi_lsq_status(int gs, int info, int max_iter, xrdi_lsq_result *res)
{
    res->converged = 0;
    if (gs == GSL_SUCCESS) {
        res->converged = 1;
        res->stopped_reason = info;
        snprintf(res->message, sizeof res->message, "converged (%s test)",
                 info == 1   ? "step-size"
                 : info == 2 ? "gradient"
                 : info == 3 ? "chi2-change"
                             : "convergence");
    } else if (gs == GSL_ENOPROG) {
        /* no step reduces chi2 any more: at a minimum to machine precision */
        res->converged = 1;
        snprintf(res->message, sizeof res->message, "converged (no further reduction of chi2)");
    } else if (gs == GSL_EMAXITER) {
        snprintf(res->message, sizeof res->message,
                 "iteration cap of %d reached before convergence", max_iter);
    } else {
        snprintf(res->message, sizeof res->message, "stopped: %s", gsl_strerror(gs));
    }
}

xrd_status xrdi_lsq_solve(xrdi_resid_fn fn, void *ctx, size_t n, size_t np, double *v,
                          const xrdi_bound *b, const xrdi_lsq_opts *opts,
                          xrdi_lsq_result *res, xrd_error *err)
{
    xrdi_lsq_opts o;
    if (opts)
        o = *opts;
    else
        xrdi_lsq_opts_default(&o);
    memset(res, 0, sizeof *res);
    if (np == 0 || n < np)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                             "%zu observations cannot determine %zu parameters", n, np);
    /* GSL's default handler aborts; xrdfit never aborts (idempotent setting). */
    gsl_set_error_handler_off();

    lsq_ctx c = {fn, ctx, np, b, malloc(2 * np * sizeof(double)), NULL};
    gsl_vector *u = gsl_vector_alloc(np);
    if (!c.v || !u) {
        free(c.v);
        if (u)
            gsl_vector_free(u);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in least squares");
    }
    c.scale = c.v + np;
    for (size_t j = 0; j < np; j++)
        gsl_vector_set(u, j, xrdi_u_from_v(b ? &b[j] : NULL, v[j]));
    gsl_vector *u0 = gsl_vector_alloc(np);
    gsl_matrix *cv = gsl_matrix_alloc(np, np);
    if (!u0 || !cv) {
        free(c.v);
        gsl_vector_free(u);
        if (u0)
            gsl_vector_free(u0);
        if (cv)
            gsl_matrix_free(cv);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in least squares");
    }
    gsl_vector_memcpy(u0, u);

    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    par.trs = gsl_multifit_nlinear_trs_lm;
    /* QR is the most robust for small problems; the normal equations (Cholesky)
     * are several times faster for large ones and keep memory at n*p */
    par.solver = (double)n * (double)np > 5e4 ? gsl_multifit_nlinear_solver_cholesky
                                              : gsl_multifit_nlinear_solver_qr;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, n, np);
    if (!w) {
        free(c.v);
        gsl_vector_free(u);
        gsl_vector_free(u0);
        gsl_matrix_free(cv);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in least squares");
    }
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = cb_f;
    fdf.df = cb_df;
    fdf.n = n;
    fdf.p = np;
    fdf.params = &c;

    xrd_status st = XRD_OK;
    int gs = gsl_multifit_nlinear_init(u, &fdf, w);
    if (gs != GSL_SUCCESS) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the model cannot be evaluated at the starting parameters (%s)",
                           gsl_strerror(gs));
        goto done;
    }
    double c0;
    gsl_blas_ddot(w->f, w->f, &c0);
    res->chi2_start = c0;
    int info = 0;
    gs = gsl_multifit_nlinear_driver((size_t)o.max_iter, o.xtol, o.gtol, o.ftol, NULL, NULL,
                                     &info, w);
    res->iterations = (int)gsl_multifit_nlinear_niter(w);
    double c1;
    gsl_blas_ddot(w->f, w->f, &c1);
    res->chi2 = c1;
    to_natural(&c, w->x);
    xrdi_lsq_status(gs, info, o.max_iter, res);
    if (isfinite(c1) && c1 <= c0)
        memcpy(v, c.v, np * sizeof(double));
    else
        res->converged = 0;
    /* shift / esd in the solver's variables (esd from its last Jacobian) */
    res->max_shift_esd = INFINITY;
    if (n > np && gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cv) == GSL_SUCCESS) {
        double s2 = c1 / (double)(n - np), mx = 0;
        for (size_t j = 0; j < np; j++) {
            double e = sqrt(gsl_matrix_get(cv, j, j) * s2);
            if (o.esd_out)
                o.esd_out[j] = e * fabs(xrdi_dv_du(b ? &b[j] : NULL, gsl_vector_get(w->x, j)));
            if (o.skip_shift && o.skip_shift[j])
                continue;
            double d = fabs(gsl_vector_get(w->x, j) - gsl_vector_get(u0, j));
            double r = e > 0 ? d / e : (d > 0 ? INFINITY : 0.0);
            if (r > mx)
                mx = r;
        }
        res->max_shift_esd = mx;
    }
done:
    gsl_vector_free(u0);
    gsl_matrix_free(cv);
    gsl_multifit_nlinear_free(w);
    gsl_vector_free(u);
    free(c.v);
    return st;
}

xrd_status xrdi_cov_from_normal(double *A, size_t np, double scale, double *cov,
                                int *singular, xrd_error *err)
{
    /* Equilibrate (unit diagonal) before the eigen-decomposition so that
     * parameters of very different units are treated alike. */
    double *d = malloc(np * sizeof(double));
    double *ev = malloc(np * sizeof(double));
    if (!d || !ev) {
        free(d);
        free(ev);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in covariance");
    }
    for (size_t j = 0; j < np; j++) {
        double a = A[j * np + j];
        d[j] = a > 0 ? 1.0 / sqrt(a) : 0.0;
        if (singular)
            singular[j] = a > 0 ? 0 : 1;
    }
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++)
            A[i * np + j] *= d[i] * d[j];
    lapack_int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)np, A,
                                    (lapack_int)np, ev);
    if (info != 0) {
        free(d);
        free(ev);
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                             "eigen-decomposition of the normal matrix failed (%d)", (int)info);
    }
    /* pseudo-inverse: drop eigenvalues below 1e-12 of the largest */
    double emax = np ? ev[np - 1] : 0;
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++) {
            double s = 0;
            for (size_t k = 0; k < np; k++)
                if (ev[k] > 1e-12 * emax)
                    s += A[i * np + k] * A[j * np + k] / ev[k];
            cov[i * np + j] = s * d[i] * d[j] * scale;
        }
    for (size_t j = 0; j < np; j++)
        if (d[j] == 0.0) {
            for (size_t i = 0; i < np; i++)
                cov[i * np + j] = cov[j * np + i] = NAN;
        }
    free(d);
    free(ev);
    if (emax <= 0)
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                             "the data carry no information on the refined parameters");
    return XRD_OK;
}

xrd_status xrdi_lsq_covariance(xrdi_resid_fn fn, void *ctx, size_t n, size_t np,
                               const double *v, double *cov, xrd_error *err)
{
    if (n <= np)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                             "%zu observations cannot determine %zu parameters", n, np);
    double *J = malloc(n * np * sizeof(double));
    double *r = malloc(n * sizeof(double));
    double *A = calloc(np * np, sizeof(double));
    xrd_status st = XRD_OK;
    if (!J || !r || !A) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in covariance");
        goto done;
    }
    if (fn(v, r, NULL, ctx) || fn(v, NULL, J, ctx)) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the model cannot be evaluated at the solution");
        goto done;
    }
    double chi2 = 0;
    for (size_t i = 0; i < n; i++)
        chi2 += r[i] * r[i];
    for (size_t i = 0; i < n; i++) {
        const double *row = J + i * np;
        for (size_t a = 0; a < np; a++) {
            double ra = row[a];
            if (ra == 0.0)
                continue;
            for (size_t bb = a; bb < np; bb++)
                A[a * np + bb] += ra * row[bb];
        }
    }
    for (size_t a = 0; a < np; a++)
        for (size_t bb = 0; bb < a; bb++)
            A[a * np + bb] = A[bb * np + a];
    /* esds at the data's own scale when it scatters more than sigma says, never
     * below the statistical ones when it scatters less */
    double s2 = chi2 / (double)(n - np);
    st = xrdi_cov_from_normal(A, np, s2 > 1.0 ? s2 : 1.0, cov, NULL, err);
done:
    free(J);
    free(r);
    free(A);
    return st;
}

int xrdi_bound_blocks(const xrdi_bound *b, double v, double d)
{
    if (b->tr == XRDI_FREE)
        return 0;
    double lo = b->lo, tiny = 1e-12 * (fabs(lo) + 1.0);
    if (v <= lo + tiny && d < 0)
        return 1;
    if (b->tr == XRDI_INTERVAL && v >= b->hi - 1e-12 * (fabs(b->hi) + 1.0) && d > 0)
        return 1;
    return 0;
}

double xrdi_bound_clamp(const xrdi_bound *b, double v)
{
    if (b->tr == XRDI_FREE)
        return v;
    double lo = b->tr == XRDI_POSITIVE ? b->lo + 1e-9 * (fabs(b->lo) + 1.0) : b->lo;
    if (v < lo)
        v = lo;
    if (b->tr == XRDI_INTERVAL && v > b->hi)
        v = b->hi;
    return v;
}
