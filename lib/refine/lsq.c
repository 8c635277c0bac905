/* Non-linear least squares over GSL multifit_nlinear with bound transforms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/lsq.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static xrd_status cov_from_jacobian(const double *J, const double *r, size_t n, size_t np,
                                    double *A, double *cov, xrd_error *err);

void xrdi_lsq_opts_default(xrdi_lsq_opts *o)
{
    o->max_iter = 200;
    o->xtol = 1e-8;
    o->gtol = 1e-8;
    o->ftol = 1e-10;
    o->skip_shift = NULL;
    o->esd_out = NULL;
    o->solver = XRDI_LSQ_AUTO;
    o->skip_covariance = 0;
    o->chi2_tol = 0.0;
    o->cov_out = NULL;
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
    /* chain rule d r / d u = d r / d v * dv/du, row by row (one pass over J) */
    int any = 0;
    for (size_t j = 0; j < c->np; j++) {
        c->scale[j] = xrdi_dv_du(c->b ? &c->b[j] : NULL, gsl_vector_get(u, j));
        any |= c->scale[j] != 1.0;
    }
    if (any)
        for (size_t i = 0; i < J->size1; i++) {
            double *row = J->data + i * J->tda;
            for (size_t j = 0; j < c->np; j++)
                row[j] *= c->scale[j];
        }
    return GSL_SUCCESS;
}

/* GSL's More scaling (D_j = max over iterations of |column j of J|, 1 for a
 * zero column) with the column norms summed in row-major passes over J, 64
 * columns at a time, instead of one strided dnrm2 per column. */
static int more_update(const gsl_matrix *J, gsl_vector *diag)
{
    const size_t n = J->size1, p = J->size2;
    for (size_t j0 = 0; j0 < p; j0 += 64) {
        size_t m = p - j0 < 64 ? p - j0 : 64;
        double s[64] = {0};
        for (size_t i = 0; i < n; i++) {
            const double *row = J->data + i * J->tda + j0;
            for (size_t j = 0; j < m; j++)
                s[j] += row[j] * row[j];
        }
        for (size_t j = 0; j < m; j++) {
            double norm = sqrt(s[j]);
            if (!isfinite(norm)) { /* over- or underflow of the plain sum */
                gsl_vector_const_view col = gsl_matrix_const_column(J, j0 + j);
                norm = gsl_blas_dnrm2(&col.vector);
            }
            if (norm == 0.0)
                norm = 1.0;
            double *d = gsl_vector_ptr(diag, j0 + j);
            if (norm > *d)
                *d = norm;
        }
    }
    return GSL_SUCCESS;
}

static int more_init(const gsl_matrix *J, gsl_vector *diag)
{
    gsl_vector_set_zero(diag);
    return more_update(J, diag);
}

static const gsl_multifit_nlinear_scale more_rowwise = {"more-rowwise", more_init, more_update};

/* Scratch of the chi2 test. */
typedef struct {
    gsl_matrix *A;  /* np x np */
    gsl_vector *g, *d, *S;
} chi2_work;

/* Gauss-Newton prediction of the decrease of chi2 still possible from the
 * current point: g^T (J^T J)^-1 g with g = J^T f; +inf when J^T J is singular. */
static double gn_decrease(gsl_multifit_nlinear_workspace *w, chi2_work *cw)
{
    const gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    gsl_blas_dgemv(CblasTrans, 1.0, J, w->f, 0.0, cw->g);
    gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, J, 0.0, cw->A);
    if (gsl_linalg_cholesky_decomp2(cw->A, cw->S) != GSL_SUCCESS ||
        gsl_linalg_cholesky_solve2(cw->A, cw->S, cw->g, cw->d) != GSL_SUCCESS)
        return INFINITY;
    double pred;
    gsl_blas_ddot(cw->g, cw->d, &pred);
    return isfinite(pred) && pred >= 0 ? pred : INFINITY;
}

/* gsl_multifit_nlinear_driver plus one more test (opts->chi2_tol > 0): after
 * an accepted step that lowered chi2 by less than tol = chi2_tol x chi2 /
 * (n - np), stop when the Gauss-Newton prediction of the decrease still
 * possible, g^T (J^T J)^-1 g, is below tol as well. Since |d_j| <=
 * sqrt((J^T J)^-1_jj) sqrt(g^T (J^T J)^-1 g), every parameter is then within
 * sqrt(chi2_tol) esd of the Gauss-Newton solution. info 3 for this test. */
static int chi2_driver(const xrdi_lsq_opts *o, size_t n, size_t np, double chi2_start,
                       chi2_work *cw, int *info, gsl_multifit_nlinear_workspace *w)
{
    int status;
    size_t iter = 0;
    double prev = chi2_start;
    do {
        status = gsl_multifit_nlinear_iterate(w);
        if (status == GSL_ENOPROG && iter == 0) {
            *info = status;
            return GSL_EMAXITER;
        }
        ++iter;
        double now;
        gsl_blas_ddot(w->f, w->f, &now);
        int accepted = status == GSL_SUCCESS && now < prev;
        status = gsl_multifit_nlinear_test(o->xtol, o->gtol, o->ftol, info, w);
        if (status == GSL_CONTINUE && accepted) {
            double tol = o->chi2_tol * now / (double)(n - np);
            if (prev - now < tol && gn_decrease(w, cw) < tol) {
                *info = 3;
                status = GSL_SUCCESS;
            }
        }
        if (accepted)
            prev = now;
    } while (status == GSL_CONTINUE && iter < (size_t)o->max_iter);
    if (status == GSL_ETOLF || status == GSL_ETOLX || status == GSL_ETOLG) {
        *info = status;
        status = GSL_SUCCESS;
    }
    if (iter >= (size_t)o->max_iter && status != GSL_SUCCESS)
        status = GSL_EMAXITER;
    return status;
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
    /* QR is the most robust; the normal equations keep memory at n*p for big patterns. */
    if (o.solver == XRDI_LSQ_CHOLESKY) {
        par.solver = gsl_multifit_nlinear_solver_cholesky;
        par.scale = &more_rowwise;
    }
    else if (o.solver == XRDI_LSQ_QR)
        par.solver = gsl_multifit_nlinear_solver_qr;
    else
        par.solver = (double)n * (double)np > 4e6 ? gsl_multifit_nlinear_solver_cholesky
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
    if (o.chi2_tol > 0) {
        chi2_work cw = {gsl_matrix_alloc(np, np), gsl_vector_alloc(np), gsl_vector_alloc(np),
                        gsl_vector_alloc(np)};
        if (cw.A && cw.g && cw.d && cw.S) {
            gs = chi2_driver(&o, n, np, c0, &cw, &info, w);
        } else {
            gs = GSL_ENOMEM;
        }
        if (cw.A)
            gsl_matrix_free(cw.A);
        if (cw.g)
            gsl_vector_free(cw.g);
        if (cw.d)
            gsl_vector_free(cw.d);
        if (cw.S)
            gsl_vector_free(cw.S);
    } else
        gs = gsl_multifit_nlinear_driver((size_t)o.max_iter, o.xtol, o.gtol, o.ftol, NULL, NULL,
                                         &info, w);
    res->iterations = (int)gsl_multifit_nlinear_niter(w);
    double c1;
    gsl_blas_ddot(w->f, w->f, &c1);
    res->chi2 = c1;
    to_natural(&c, w->x);
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
                 "iteration cap of %d reached before convergence", o.max_iter);
    } else {
        snprintf(res->message, sizeof res->message, "stopped: %s", gsl_strerror(gs));
    }
    int moved = isfinite(c1) && c1 <= c0;
    if (moved)
        memcpy(v, c.v, np * sizeof(double));
    else
        res->converged = 0;
    /* shift / esd in the solver's variables (esd from its last Jacobian) */
    res->max_shift_esd = o.skip_covariance ? NAN : INFINITY;
    if (!o.skip_covariance && n > np &&
        gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cv) == GSL_SUCCESS) {
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
    if (o.cov_out) {
        /* last use of the workspace: its J and f take fn's natural Jacobian and
         * residuals at v (f is already there when v is the solver's point) */
        double *A = malloc(np * np * sizeof(double));
        double *Jn = gsl_multifit_nlinear_jac(w)->data, *r = w->f->data;
        if (!A || n <= np || gsl_multifit_nlinear_jac(w)->tda != np ||
            (!moved && fn(v, r, NULL, ctx)) || fn(v, NULL, Jn, ctx) ||
            cov_from_jacobian(Jn, r, n, np, A, o.cov_out, NULL) != XRD_OK)
            for (size_t j = 0; j < np * np; j++)
                o.cov_out[j] = NAN;
        free(A);
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

/* Covariance (J^T J)^-1 chi2 / (n - np) from the natural Jacobian J (n x np,
 * row-major) and r (n residuals); A is np x np scratch. */
static xrd_status cov_from_jacobian(const double *J, const double *r, size_t n, size_t np,
                                    double *A, double *cov, xrd_error *err)
{
    double chi2 = 0;
    for (size_t i = 0; i < n; i++)
        chi2 += r[i] * r[i];
    /* A = J^T J through BLAS (upper triangle, then mirrored) */
    gsl_matrix_const_view Jv = gsl_matrix_const_view_array(J, n, np);
    gsl_matrix_view Av = gsl_matrix_view_array(A, np, np);
    gsl_blas_dsyrk(CblasUpper, CblasTrans, 1.0, &Jv.matrix, 0.0, &Av.matrix);
    for (size_t a = 0; a < np; a++)
        for (size_t bb = 0; bb < a; bb++)
            A[a * np + bb] = A[bb * np + a];
    return xrdi_cov_from_normal(A, np, chi2 / (double)(n - np), cov, NULL, err);
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
    st = cov_from_jacobian(J, r, n, np, A, cov, err);
done:
    free(J);
    free(r);
    free(A);
    return st;
}
