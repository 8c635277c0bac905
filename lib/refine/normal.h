/* Normal-equations kernel for the least squares (internal): A += P^T P for a
 * block of Jacobian rows, without BLAS.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_NORMAL_H
#define XRDFIT_REFINE_NORMAL_H

#include <stddef.h>

/* Columns of a padded block: np rounded up to a multiple of 4. */
#define XRDI_NORMAL_PAD(np) (((np) + 3) / 4 * 4)

/* acc (pp x pp, row-major; the upper triangle of 4 x 4 tiles is updated, which
 * covers every element (a, c) with a <= c) += P^T P, where P is m rows of pp
 * doubles (row-major, pp a multiple of 4; padding columns must be 0). Uses
 * AVX2 + FMA where the processor has them (checked at run time), else plain C.
 * No state: safe from any number of threads. */
void xrdi_normal_acc(const double *P, size_t m, size_t pp, double *acc);

#endif
