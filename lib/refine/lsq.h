/* Non-linear least squares for xrdfit (internal): GSL multifit_nlinear
 * (trust-region Levenberg-Marquardt) on transformed parameters, so that bounds
 * hold by construction, and covariances in the natural parameters (LAPACKE).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_LSQ_H
#define XRDFIT_REFINE_LSQ_H

#include <stddef.h>
#include "xrdfit/error.h"

/* How a natural parameter v relates to the unconstrained u the solver moves. */
typedef enum {
    XRDI_FREE = 0,   /* v = u */
    XRDI_POSITIVE,   /* v = lo + exp(u)            (v > lo) */
    XRDI_INTERVAL,   /* v = lo + (hi-lo)(1+sin u)/2 (lo <= v <= hi) */
    XRDI_LOWER       /* v = lo - 1 + sqrt(1 + u^2)... (v >= lo, reaches lo) */
} xrdi_transform;

typedef struct {
    xrdi_transform tr;
    double lo, hi;
} xrdi_bound;

/* Residual callback in natural parameters v[np]: fill r[i] = (calc - obs)/sigma
 * when r != NULL and J (row-major n x np, J[i*np+j] = d r_i / d v_j) when
 * J != NULL. Return 0, or non-zero when the model cannot be evaluated there. */
typedef int (*xrdi_resid_fn)(const double *v, double *r, double *J, void *ctx);

typedef struct {
    int max_iter;        /* iteration cap (default 200) */
    double xtol, gtol, ftol;
    const unsigned char *skip_shift;
    double *esd_out;     /* np esds of the natural parameters at the end, or NULL */
} xrdi_lsq_opts;

typedef struct {
    int iterations;
    int converged;       /* 1 when a GSL convergence test was met */
    int stopped_reason;  /* 1 xtol, 2 gtol, 3 chi2 test (xrdi_lsq_solve_blocks), 0 other */
    double chi2;         /* sum of squared residuals at the solution */
    double chi2_start;
    double max_shift_esd;  /* largest |shift| / esd over parameters not flagged in skip_shift */
    char message[256];   /* why it stopped */
} xrdi_lsq_result;

void xrdi_lsq_opts_default(xrdi_lsq_opts *o);

/* Fill res->converged, stopped_reason and message from a GSL driver status
 * gs and its convergence test info (1 step size, 2 gradient, 3 chi2 change). */
void xrdi_lsq_status(int gs, int info, int max_iter, xrdi_lsq_result *res);

/* Map between natural v and solver u for one bound (u_from_v clamps into range). */
double xrdi_v_from_u(const xrdi_bound *b, double u);
double xrdi_u_from_v(const xrdi_bound *b, double v);
double xrdi_dv_du(const xrdi_bound *b, double u);

/* For solvers that step in natural units: 1 when v sits at a bound of b that
 * the step d would cross; v moved into b's range (just inside a positive
 * bound). */
int xrdi_bound_blocks(const xrdi_bound *b, double v, double d);
double xrdi_bound_clamp(const xrdi_bound *b, double v);

/* Minimise sum r^2 over v (in/out, natural units) with n residuals and np
 * parameters. b may be NULL (all free). Non-convergence is reported in res
 * (status XRD_OK); XRD_ERR_NUMERIC when the model fails at the start point. */
xrd_status xrdi_lsq_solve(xrdi_resid_fn fn, void *ctx, size_t n, size_t np, double *v,
                          const xrdi_bound *b, const xrdi_lsq_opts *opts,
                          xrdi_lsq_result *res, xrd_error *err);

/* Parameters whose shifts are not counted in max_shift_esd (amplitudes) may be
 * flagged in opts->skip_shift (np flags, NULL = count all). */

/* Invert the normal matrix A (np x np, symmetric, overwritten) times scale into
 * cov (np x np). Parameters with no information get NaN rows/columns and
 * singular[j] = 1 (singular may be NULL). XRD_ERR_NUMERIC if nothing is left. */
xrd_status xrdi_cov_from_normal(double *A, size_t np, double scale, double *cov,
                                int *singular, xrd_error *err);

/* ---- normal-equations solver over row blocks (peak fits) ----
 * Residual rows [i0, i1) in natural parameters v[np]: r[i - i0] = (calc -
 * obs)/sigma when r != NULL, J[(i - i0) * ldj + j] = d r_i / d v_j when J != NULL
 * (only the np first columns of each row are written). 0, or non-zero when the
 * model cannot be evaluated there. */
typedef int (*xrdi_block_fn)(const double *v, size_t i0, size_t i1, double *r, double *J,
                             size_t ldj, void *ctx);

typedef struct {
    int max_iter;        /* iteration cap (default 200) */
    double xtol, gtol, ftol; /* GSL's tests (defaults as xrdi_lsq_opts) */
    double chi2_tol;     /* also stop when an accepted step lowered chi2 by less than
                            chi2_tol x chi2 / (n - np) and so does the Gauss-Newton
                            prediction g^T (J^T J)^-1 g of what is left: no parameter
                            is then further than sqrt(chi2_tol) esd from the solution
                            (stopped_reason 3); default 1e-4; 0 = GSL's tests only */
    double *cov_out;     /* np x np: covariance of the natural parameters at the
                            solution, (J^T J)^-1 chi2 / (n - np), all NaN when it
                            cannot be computed; NULL = not wanted (default) */
} xrdi_lsq_block_opts;

void xrdi_lsq_block_opts_default(xrdi_lsq_block_opts *o);

/* Minimise sum r^2 like xrdi_lsq_solve, but through GSL multilarge_nlinear
 * (Levenberg-Marquardt on the normal equations, Cholesky): fn is evaluated a
 * block of rows at a time and J^T J, J^T r are accumulated from each block while
 * it is in cache, so the n x np Jacobian is never stored and no BLAS level-3
 * call is made (xrdi_normal_acc). res->max_shift_esd is NaN (not computed).
 * Same errors as xrdi_lsq_solve. Thread-safe: no state outside its arguments. */
xrd_status xrdi_lsq_solve_blocks(xrdi_block_fn fn, void *ctx, size_t n, size_t np, double *v,
                                 const xrdi_bound *b, const xrdi_lsq_block_opts *opts,
                                 xrdi_lsq_result *res, xrd_error *err);

/* Covariance of v at the solution: (J^T J)^-1 * chi2/(n - np), J from fn. */
xrd_status xrdi_lsq_covariance(xrdi_resid_fn fn, void *ctx, size_t n, size_t np,
                               const double *v, double *cov, xrd_error *err);

#endif
