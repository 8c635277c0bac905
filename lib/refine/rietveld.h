/* Rietveld refinement (internal): structure-factor intensities of the
 * phases whose intensities are not Le Bail's, and what follows from their
 * scales (weight, volume and mole fractions, R_Bragg).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_RIETVELD_H
#define XRDFIT_REFINE_RIETVELD_H

#include "model/model.h"

struct xrd_fit;

/* i_struct of every group of each Rietveld phase at its current cell (d_A
 * updated to it), with m->iopt (polarisation, dispersion) at line 0's
 * wavelength. XRD_OK when there is none; errors of xrd_phase_intensities. */
xrd_status xrdi_rietveld_structure(xrdi_model *m, xrd_error *err);

/* A phase's start scale: its groups' mean intensity s0 spread as i_struct. */
void xrdi_rietveld_start_scales(xrdi_model *m, double s0);

/* After a converged refinement: the structures' intensities at the refined
 * cells, and the last steps from there (the start cell's angles set the LP
 * and f(s) of the first intensities). Nothing for a Le Bail fit. */
xrd_status xrdi_rietveld_settle(struct xrd_fit *f, int *converged, char *why, size_t why_n,
                                xrd_error *err);

/* Fill the Rietveld fields of the result's phases from the scales and their
 * covariance cov (ns x ns, in the order of the Rietveld phases) and the
 * result's curves; NaN for Le Bail phases. */
void xrdi_rietveld_results(struct xrd_fit *f, const double *cov, size_t ns);

#endif
