/* Internal helpers of the crystal module. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CRYSTAL_CELLMATH_H
#define XRDFIT_CRYSTAL_CELLMATH_H

#include "xrdfit/crystal.h"

/* cos of an angle in degrees, exact for 90, 60, 120 (so that orthogonal
 * cells give exactly the closed-form d-spacings). */
double xrdi_cosd(double deg);

/* Reciprocal metric tensor G* = G^-1 of the cell (1/A^2), row-major 3x3.
 * Returns 0 on success, -1 when G is singular (non-physical cell). */
int xrdi_reciprocal_metric(const xrd_cell *cell, double gs[9]);

#endif
