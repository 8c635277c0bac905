/* Levenberg-Marquardt on the normal equations (GSL multilarge_nlinear, Cholesky)
 * with J^T J and J^T r accumulated block by block of rows (xrdi_normal_acc), so
 * that the Jacobian is never stored whole and no BLAS level-3 call is made.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/lsq.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multilarge_nlinear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/normal.h"

/* Rows per block: the block (rows x padded columns) stays in the first-level
 * cache for the usual few tens of parameters. */
#define BLOCK_ROWS 128

void xrdi_lsq_block_opts_default(xrdi_lsq_block_opts *o)
{
    xrdi_lsq_opts d;
    xrdi_lsq_opts_default(&d);
    o->max_iter = d.max_iter;
    o->xtol = d.xtol;
    o->gtol = d.gtol;
    o->ftol = d.ftol;
    o->chi2_tol = 1e-4;
    o->cov_out = NULL;
}

typedef struct {
    xrdi_block_fn fn;
    void *ctx;
    size_t n, np, pp;   /* rows, parameters, padded columns */
    const xrdi_bound *b;
    double *v, *s;      /* natural parameters and dv/du at the current u */
    double *P;          /* BLOCK_ROWS x pp Jacobian block (padding stays 0) */
    double *acc;        /* pp x pp sums of P^T P */
    double *gv, *su;    /* np: J^T u in natural parameters; s .* u */
    double *acc_v;      /* np: the natural parameters at which acc was summed */
    int acc_valid;
} blk_ctx;

static void to_natural(blk_ctx *c, const gsl_vector *u)
{
    for (size_t j = 0; j < c->np; j++) {
        const xrdi_bound *bj = c->b ? &c->b[j] : NULL;
        double uj = gsl_vector_get(u, j);
        c->v[j] = xrdi_v_from_u(bj, uj);
        c->s[j] = xrdi_dv_du(bj, uj);
    }
}

static int cb_f(const gsl_vector *u, void *params, gsl_vector *f)
{
    blk_ctx *c = params;
    if (f->stride != 1)
        return GSL_EBADLEN;
    to_natural(c, u);
    for (size_t i0 = 0; i0 < c->n; i0 += BLOCK_ROWS) {
        size_t i1 = c->n - i0 < BLOCK_ROWS ? c->n : i0 + BLOCK_ROWS;
        if (c->fn(c->v, i0, i1, f->data + i0, NULL, 0, c->ctx))
            return GSL_EDOM;
    }
    for (size_t i = 0; i < c->n; i++)
        if (!isfinite(gsl_vector_get(f, i)))
            return GSL_EDOM;
    return GSL_SUCCESS;
}

/* Natural sums over all rows at v: acc = J^T J (tiles), gv = J^T u when u is
 * given, out = J su when out is given; chi2 = r^T r when chi2 is given. */
static int accumulate(blk_ctx *c, const gsl_vector *u, double *out, double *chi2, int want_jtj)
{
    const size_t np = c->np, pp = c->pp;
    double rb[BLOCK_ROWS] = {0};
    if (want_jtj)
        memset(c->acc, 0, pp * pp * sizeof(double));
    if (u)
        memset(c->gv, 0, np * sizeof(double));
    if (chi2)
        *chi2 = 0;
    for (size_t i0 = 0; i0 < c->n; i0 += BLOCK_ROWS) {
        size_t i1 = c->n - i0 < BLOCK_ROWS ? c->n : i0 + BLOCK_ROWS, m = i1 - i0;
        if (c->fn(c->v, i0, i1, chi2 ? rb : NULL, c->P, pp, c->ctx))
            return -1;
        if (want_jtj)
            xrdi_normal_acc(c->P, m, pp, c->acc);
        for (size_t i = 0; i < m; i++) {
            const double *row = c->P + i * pp;
            if (u) {
                const double ui = u->data[(i0 + i) * u->stride];
                for (size_t j = 0; j < np; j++)
                    c->gv[j] += row[j] * ui;
            }
            if (out) {
                double t = 0;
                for (size_t j = 0; j < np; j++)
                    t += row[j] * c->su[j];
                out[i0 + i] = t;
            }
            if (chi2)
                *chi2 += rb[i] * rb[i];
        }
    }
    return 0;
}

/* The full symmetric J^T J in the solver's variables u from the natural tiles. */
static void jtj_from_acc(const blk_ctx *c, const double *s, gsl_matrix *JTJ)
{
    for (size_t a = 0; a < c->np; a++)
        for (size_t b = a; b < c->np; b++) {
            double x = c->acc[a * c->pp + b] * (s ? s[a] * s[b] : 1.0);
            gsl_matrix_set(JTJ, a, b, x);
            gsl_matrix_set(JTJ, b, a, x);
        }
}

/* multilarge's Jacobian callback: v = J^T u (CblasTrans) or J u (CblasNoTrans)
 * and, when JTJ is given, J^T J, all in the solver's variables u. */
static int cb_df(CBLAS_TRANSPOSE_t TransJ, const gsl_vector *x, const gsl_vector *u,
                 void *params, gsl_vector *v, gsl_matrix *JTJ)
{
    blk_ctx *c = params;
    to_natural(c, x);
    const int trans = TransJ == CblasTrans;
    if (!trans && u)
        for (size_t j = 0; j < c->np; j++)
            c->su[j] = c->s[j] * gsl_vector_get(u, j);
    double *out = NULL;
    if (!trans && u && v) {
        if (v->stride != 1)
            return GSL_EBADLEN;
        out = v->data;
    }
    c->acc_valid = 0;
    if (accumulate(c, trans && u && v ? u : NULL, out, NULL, JTJ != NULL))
        return GSL_EDOM;
    if (JTJ) {
        memcpy(c->acc_v, c->v, c->np * sizeof(double));
        c->acc_valid = 1;
    }
    if (trans && u && v)
        for (size_t j = 0; j < c->np; j++)
            gsl_vector_set(v, j, c->s[j] * c->gv[j]);
    if (JTJ)
        jtj_from_acc(c, c->s, JTJ);
    return GSL_SUCCESS;
}

/* Scratch of the chi2 test. */
typedef struct {
    gsl_matrix *A;
    gsl_vector *d, *S;
} gn_work;

/* Gauss-Newton prediction of the decrease of chi2 still possible from the
 * current point, g^T (J^T J)^-1 g; +inf when J^T J cannot be factorised. */
static double gn_decrease(const gsl_multilarge_nlinear_workspace *w, gn_work *gw)
{
    gsl_matrix_memcpy(gw->A, w->JTJ);
    if (gsl_linalg_cholesky_decomp2(gw->A, gw->S) != GSL_SUCCESS ||
        gsl_linalg_cholesky_solve2(gw->A, gw->S, w->g, gw->d) != GSL_SUCCESS)
        return INFINITY;
    double pred;
    gsl_blas_ddot(w->g, gw->d, &pred);
    return isfinite(pred) && pred >= 0 ? pred : INFINITY;
}

/* gsl_multilarge_nlinear_driver plus the chi2 test of xrdi_lsq_block_opts:
 * after an accepted step that lowered chi2 by less than tol = chi2_tol x chi2 /
 * (n - np), stop when g^T (J^T J)^-1 g < tol too. Since |d_j| <= sqrt((J^T
 * J)^-1_jj) sqrt(g^T (J^T J)^-1 g), every parameter is then within
 * sqrt(chi2_tol) esd of the Gauss-Newton solution. */
static int driver(const xrdi_lsq_block_opts *o, size_t n, size_t np, double chi2_start,
                  gn_work *gw, int *info, gsl_multilarge_nlinear_workspace *w)
{
    int status;
    size_t iter = 0;
    double prev = chi2_start;
    do {
        status = gsl_multilarge_nlinear_iterate(w);
        if (status == GSL_ENOPROG && iter == 0) {
            *info = status;
            return GSL_EMAXITER;
        }
        ++iter;
        double now;
        gsl_blas_ddot(w->f, w->f, &now);
        int accepted = status == GSL_SUCCESS && now < prev;
        status = gsl_multilarge_nlinear_test(o->xtol, o->gtol, o->ftol, info, w);
        if (status == GSL_CONTINUE && accepted && o->chi2_tol > 0) {
            double tol = o->chi2_tol * now / (double)(n - np);
            if (prev - now < tol && gn_decrease(w, gw) < tol) {
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

xrd_status xrdi_lsq_solve_blocks(xrdi_block_fn fn, void *ctx, size_t n, size_t np, double *v,
                                 const xrdi_bound *b, const xrdi_lsq_block_opts *opts,
                                 xrdi_lsq_result *res, xrd_error *err)
{
    xrdi_lsq_block_opts o;
    if (opts)
        o = *opts;
    else
        xrdi_lsq_block_opts_default(&o);
    if (o.max_iter <= 0)
        o.max_iter = 200;
    memset(res, 0, sizeof *res);
    res->max_shift_esd = NAN;
    if (o.cov_out)
        for (size_t j = 0; j < np * np; j++)
            o.cov_out[j] = NAN;
    if (np == 0 || n < np)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                             "%zu observations cannot determine %zu parameters", n, np);
    /* GSL's default handler aborts; xrdfit never aborts (idempotent setting). */
    gsl_set_error_handler_off();

    blk_ctx c;
    memset(&c, 0, sizeof c);
    c.fn = fn;
    c.ctx = ctx;
    c.n = n;
    c.np = np;
    c.pp = XRDI_NORMAL_PAD(np);
    c.b = b;
    c.v = malloc(5 * np * sizeof(double));
    c.P = calloc(BLOCK_ROWS * c.pp, sizeof(double));
    c.acc = malloc(c.pp * c.pp * sizeof(double));
    gsl_vector *u = gsl_vector_alloc(np);
    gn_work gw = {gsl_matrix_alloc(np, np), gsl_vector_alloc(np), gsl_vector_alloc(np)};
    gsl_multilarge_nlinear_workspace *w = NULL;
    xrd_status st = XRD_OK;
    if (!c.v || !c.P || !c.acc || !u || !gw.A || !gw.d || !gw.S) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in least squares");
        goto done;
    }
    c.s = c.v + np;
    c.gv = c.v + 2 * np;
    c.su = c.v + 3 * np;
    c.acc_v = c.v + 4 * np;
    for (size_t j = 0; j < np; j++)
        gsl_vector_set(u, j, xrdi_u_from_v(b ? &b[j] : NULL, v[j]));

    gsl_multilarge_nlinear_parameters par = gsl_multilarge_nlinear_default_parameters();
    par.trs = gsl_multilarge_nlinear_trs_lm;
    par.solver = gsl_multilarge_nlinear_solver_cholesky;
    w = gsl_multilarge_nlinear_alloc(gsl_multilarge_nlinear_trust, &par, n, np);
    if (!w) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in least squares");
        goto done;
    }
    gsl_multilarge_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = cb_f;
    fdf.df = cb_df;
    fdf.n = n;
    fdf.p = np;
    fdf.params = &c;
    int gs = gsl_multilarge_nlinear_init(u, &fdf, w);
    if (gs != GSL_SUCCESS) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the model cannot be evaluated at the starting parameters (%s)",
                           gsl_strerror(gs));
        goto done;
    }
    double c0, c1;
    gsl_blas_ddot(w->f, w->f, &c0);
    res->chi2_start = c0;
    int info = 0;
    gs = driver(&o, n, np, c0, &gw, &info, w);
    res->iterations = (int)gsl_multilarge_nlinear_niter(w);
    gsl_blas_ddot(w->f, w->f, &c1);
    res->chi2 = c1;
    to_natural(&c, w->x);
    xrdi_lsq_status(gs, info, o.max_iter, res);
    if (isfinite(c1) && c1 <= c0)
        memcpy(v, c.v, np * sizeof(double));
    else
        res->converged = 0;
    if (o.cov_out && n > np) {
        /* natural J^T J and chi2 at v: those of the solver's last Jacobian
         * when it was taken at v (the usual case: after the last accepted
         * step), else one more pass; then the pseudo-inverse as in
         * xrdi_lsq_covariance (gw.A is free scratch now) */
        double chi2 = c1;
        int have = c.acc_valid && isfinite(c1) && c1 <= c0 &&
                   memcmp(c.acc_v, v, np * sizeof(double)) == 0;
        if (!have) {
            memcpy(c.v, v, np * sizeof(double));
            have = accumulate(&c, NULL, NULL, &chi2, 1) == 0;
        }
        if (have && gw.A->tda == np) {
            jtj_from_acc(&c, NULL, gw.A);
            if (xrdi_cov_from_normal(gw.A->data, np, chi2 / (double)(n - np), o.cov_out, NULL,
                                     NULL) != XRD_OK)
                for (size_t j = 0; j < np * np; j++)
                    o.cov_out[j] = NAN;
        }
    }
done:
    if (w)
        gsl_multilarge_nlinear_free(w);
    if (u)
        gsl_vector_free(u);
    if (gw.A)
        gsl_matrix_free(gw.A);
    if (gw.d)
        gsl_vector_free(gw.d);
    if (gw.S)
        gsl_vector_free(gw.S);
    free(c.v);
    free(c.P);
    free(c.acc);
    return st;
}
