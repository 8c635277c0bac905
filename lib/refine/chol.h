/* Dense Cholesky factor and solve of small symmetric positive-definite systems
 * (internal): no error handler, failure is a return value.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_CHOL_H
#define XRDFIT_REFINE_CHOL_H

#include <stddef.h>

/* Replace the k x k SPD matrix A (row-major) by its lower Cholesky factor L
 * (A = L L^T; the strict upper triangle is left as it was). 0, or -1 when A is
 * not positive definite (a pivot <= 0 or NaN). */
int xrdi_chol(double *A, size_t k);

/* Solve L L^T z = b in place (b of k entries) with L from xrdi_chol. */
void xrdi_chol_solve(const double *L, size_t k, double *b);

#endif
