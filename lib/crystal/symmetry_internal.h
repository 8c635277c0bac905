/* Internal: building a space group's operation list.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CRYSTAL_SYMMETRY_INTERNAL_H
#define XRDFIT_CRYSTAL_SYMMETRY_INTERNAL_H

#include "xrdfit/crystal.h"

#define XRDI_MAX_FULL_OPS 192

/* Split n operations (rotations row-major, translations as fractions,
 * centring included) into lattice translations and coset representatives
 * in 24ths; set sg->system from sg->number, the lattice letter, the
 * monoclinic unique axis and the rhombohedral-axes flag from the operations.
 * XRD_ERR_INVALID when a translation is not a multiple of 1/24, an R is not
 * a crystallographic rotation, or there are too many of either. */
xrd_status xrdi_sg_set_operations(xrd_spacegroup *sg, const int rot[][9], const double tr[][3],
                                  int n, xrd_error *err);

/* Parse one operation "x,y,z" style ("-y+1/2,x-y,z+0.25", "1/2+x, -y, z"):
 * rot row-major, t fractions wrapped to [0,1); 0, or -1 when not readable. */
int xrdi_symop_parse(const char *s, int rot[9], double t[3]);

/* Close n operations into the group they generate (identity added when
 * missing); returns the new count, -1 when more than 192 arise. */
int xrdi_sg_close(int rot[XRDI_MAX_FULL_OPS][9], double tr[XRDI_MAX_FULL_OPS][3], int n);

/* Crystal system of space-group number 1..230. */
xrd_crystal_system xrdi_sg_system_of(int number);

#endif
