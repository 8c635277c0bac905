/* Acceleration of the slow, linearly converging Le Bail / least-squares
 * alternation by safeguarded vector extrapolation (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_ACCELERATE_H
#define XRDFIT_REFINE_ACCELERATE_H

#include "refine/fit_internal.h"

/* The refinement state: the parameters of s that drift slowly (cell, zero,
 * displacement, widths, asymmetry), not amplitudes or background. */
size_t xrdi_state_size(const xrdi_model *m, const xrdi_pset *s);
void xrdi_state_get(xrdi_model *m, const xrdi_pset *s, double *x);
void xrdi_state_set(xrdi_model *m, const xrdi_pset *s, const double *x);

/* A full snapshot (every parameter of s and every intensity) to go back to. */
size_t xrdi_snapshot_size(const xrdi_model *m, const xrdi_pset *s);
void xrdi_snapshot_get(xrdi_model *m, const xrdi_pset *s, double *x);
void xrdi_snapshot_set(xrdi_model *m, const xrdi_pset *s, const double *x);

/* From three successive states x0, x1, x2 (n values) of a fixed-point
 * iteration: when the steps x1-x0 and x2-x1 point the same way (cosine > 0.95
 * in units of each component's scale, e.g. its esd) and shrink by a steady ratio r < 0.98, write the
 * extrapolated limit x2 + r/(1-r) (x2-x1) (factor at most 30) into out and
 * return 1; else return 0. */
int xrdi_extrapolate(const double *x0, const double *x1, const double *x2, const double *scale,
                     size_t n, double *out);

/* The esds (of the parameters of s) of the state components, as scales. */
void xrdi_state_scale(const xrdi_pset *s, const double *esd, double *scale);

#endif
