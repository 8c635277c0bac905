/* Start values of the multi-peak fit: shapes from a FWHM, the shapes' bounds,
 * and the areas and background by linear least squares at the start positions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "refine/normal.h"
#include "refine/peak_fit_internal.h"

/* Start shape parameters from a FWHM. */
void xrdi_pf_start_shape(const xrd_profile_type *t, double F, double *s)
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

void xrdi_pf_shape_bounds(const xrd_profile_type *t, xrdi_bound *b)
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
void xrdi_pf_linear_start(pf_ctx *c, double *v)
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
            if (xrdi_pf_add_peak(c, pk, ratio, yw))
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
