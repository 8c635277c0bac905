/* Coarse scan of lattice constants against the peaks found in a pattern,
 * for start values of the alloy analysis (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ANALYSIS_SCAN_H
#define XRDFIT_ANALYSIS_SCAN_H

#include "xrdfit/peaks.h"
#include "xrdfit/phase.h"
#include "xrdfit/radiation.h"

/* One structure to scan: a template phase (its cell is scaled, c/a kept) and
 * the range of a. */
typedef struct {
    xrd_phase tmpl;
    double a_lo, a_hi;
} xrdi_scan_space;

/* Best a for one phase: score = sum over found peaks of height x closeness
 * (Gaussian in the peak's width) to the nearest predicted Ka1 reflection.
 * Returns 0 and *a_best, or -1 when nothing can be scored. */
int xrdi_scan_one(const xrdi_scan_space *s, const xrd_peak_list *pk, double lambda_A,
                  double x_lo, double x_hi, double *a_best, double *score);

/* Best pair (a1 in s1, a2 in s2; a1 < a2 when both are the same structure)
 * with every peak scored against the closer of the two phases. */
int xrdi_scan_two(const xrdi_scan_space *s1, const xrdi_scan_space *s2, int same,
                  const xrd_peak_list *pk, double lambda_A, double x_lo, double x_hi,
                  double *a1, double *a2, double *score);

/* The phase of a scan space with lattice constant a (c scaled with a). */
void xrdi_scan_phase(const xrdi_scan_space *s, double a, xrd_phase *out);

#endif
