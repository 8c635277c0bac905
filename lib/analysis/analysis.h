/* Helpers shared by the peak search, peak fit and size analysis (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ANALYSIS_ANALYSIS_H
#define XRDFIT_ANALYSIS_ANALYSIS_H

#include <stddef.h>

/* Rough net height and FWHM (deg) of the peak nearest x0_deg on x[i0..i1)
 * (sorted): the data are Gaussian-smoothed (sigma_pts points, >= 0), walked
 * outwards to the local minima on each side (the baseline joins them) and to
 * the half-height crossings. Returns 0, or -1 when no peak shape is found. */
int xrdi_rough_peak(const double *x, const double *y, size_t i0, size_t i1, double x0_deg,
                    double sigma_pts, double *height, double *fwhm_deg);

#endif
