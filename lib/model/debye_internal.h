/* The Debye-equation pattern's pieces shared by the simulator
 * (debye_pattern.c) and the refinement (refine/debye_fit.c): the angle an
 * observed point shows, the instrument's weights, the size database
 * (debye_sizes.c). Internal. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_DEBYE_INTERNAL_H
#define XRDFIT_MODEL_DEBYE_INTERNAL_H

#include <stddef.h>
#include "xrdfit/debye.h"

/* The true 2theta (deg) an observed x_deg shows: zero removed and, for
 * Bragg-Brentano with a radius, the displacement's 2 s cos(theta) / R added. */
double xrdi_debye_true_2theta(const xrd_instrument *inst, double zero_deg, double disp_mm,
                              double x_deg);

/* The instrument's TCH pseudo-Voigt at point i of the true angles tt[0..n):
 * its points j0 .. j0 + return - 1 within 20 FWHM; 0 when the width is 0
 * (then the point is its own value). */
size_t xrdi_debye_row_span(const xrd_instrument *inst, const double *tt, size_t n, size_t i,
                           size_t *j0);

/* The weights of that span (len points from j0), normalised to sum 1 with
 * the points' spacing as quadrature weight. */
void xrdi_debye_row_weights(const xrd_instrument *inst, const double *tt, size_t n, size_t i,
                            size_t j0, size_t len, double *w);

/* A database of clusters of one shape and growing size, for the refinement:
 * each as a unit-scatterer pair sum S_j(q') = 2 sum_{pairs} sinc(q' r) on a
 * uniform grid of q' at the lattice constant a0_A it was built with (a
 * cluster of lattice a scatters S_j(q a / a0): every distance scales). */
typedef struct {
    int n;              /* sizes */
    double *d_nm;       /* equal-volume diameter (6 N V_cell / (pi Z))^(1/3) */
    double *atoms;      /* N_j */
    double a0_A;
    double q0, dq;      /* the q' grid */
    size_t nq;
    double *S;          /* n x nq */
    size_t max_atoms;   /* the largest cluster */
} xrdi_debye_db;

/* Build the clusters of co's shape (sphere, cuboctahedron, icosahedron,
 * twinned-sphere, decahedron with co's truncation and re-entrance; size and
 * shells of co ignored) of ph between d_min_nm and d_max_nm (equal-volume
 * diameters, geometric steps of 2 % of a, or every shell of a polyhedron), each
 * once (sizes of the same atom count dropped), their pair sums on q' from q_lo
 * to q_hi (1/A). XRD_ERR_INVALID when the range holds no cluster, the
 * builder's errors. */
xrd_status xrdi_debye_db_build(const xrd_phase *ph, const xrd_cluster_options *co, double d_min_nm,
                               double d_max_nm, double q_lo, double q_hi, size_t max_atoms,
                               int n_threads, xrdi_debye_db *db, xrd_error *err);
void xrdi_debye_db_free(xrdi_debye_db *db);

/* S_j at q' (linear between grid points; 0 outside the grid). */
double xrdi_debye_db_pairs(const xrdi_debye_db *db, int j, double qp);

#endif
