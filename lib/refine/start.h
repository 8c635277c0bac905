/* Starting values for a refinement (internal): background by iterative
 * clipping, intensity level, peak width from the strongest peak.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_START_H
#define XRDFIT_REFINE_START_H

#include "model/model.h"

/* Fit the Chebyshev background to the lower envelope of the data (iterative
 * clipping of points above the curve); fills m->bkg.cheb. 0, or -1. */
int xrdi_start_background(xrdi_model *m);

/* FWHM (deg) of the strongest net peak of the data, measured at half height
 * on a lightly smoothed copy; NaN when none can be measured. */
double xrdi_start_strongest_fwhm(const xrdi_model *m, double *at_deg);

/* The smallest full width (deg) at half prominence among the peaks of the
 * lightly smoothed net data whose prominence over the higher of their two
 * valleys reaches rel_height of the highest point (a sharp peak on the flank
 * of a broad one counts alone; a dip on a flank can only make it smaller);
 * NaN when none can be measured. */
double xrdi_start_narrowest_fwhm(const xrdi_model *m, double rel_height);

/* Area (counts deg) of the calculated peaks at the current intensities: each
 * line centred in the data counts with its whole unit-area profile. */
double xrdi_start_peak_area(const xrdi_model *m);

/* Start size of every phase without one: the strongest peak's width beyond
 * the instrument's (when more than a fifth of it), as Lorentzian size. */
void xrdi_start_sizes(xrdi_model *m);

/* Net diffracted area sum (y - b) dx over the data. */
double xrdi_start_net_area(const xrdi_model *m);

/* Solve the linear least-squares problem min |A c - y|^2 (A row-major m x k)
 * for c[k] through LAPACKE (dgels). 0, or -1. */
int xrdi_linear_lsq(const double *A, size_t rows, size_t k, const double *y, double *c);

#endif
