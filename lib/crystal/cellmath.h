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

/* Cell parameter k (0..5: a b c alpha beta gamma) of c, its name ("a",
 * "beta") and unit ("A", "deg"), for reports that print the free ones. */
double xrdi_cell_get(const xrd_cell *c, int k);
extern const char *const xrdi_cell_param_name[6];
const char *xrdi_cell_param_unit(int k);

#endif
