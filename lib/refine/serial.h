/* Serially correlated residuals and the instrument restraints (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_SERIAL_H
#define XRDFIT_REFINE_SERIAL_H

#include <stddef.h>
#include "xrdfit/error.h"

struct xrd_fit;

/* Berar-Lelann factor of a Durbin-Watson statistic: >= 1, 1 for DW >= 2 or
 * not finite. */
double xrdi_serial_factor(double durbin_watson);

/* Durbin-Watson statistic of the weighted residuals at the current model;
 * NaN when the model cannot be evaluated. */
double xrdi_fit_durbin_watson(const struct xrd_fit *f);

/* After a converged fit with restrained instrument terms whose residuals are
 * serially correlated (factor^2 > 1.5): refine again from the solution with
 * the restraints weighed factor^2 x more against the data (f->prior_boost),
 * so that a profile the model misses does not pull the zero and displacement
 * (and through them the cell) beyond what the data hold. Updates *converged
 * (reason in why). Nothing happens when ignore_serial_correlation is set. */
xrd_status xrdi_fit_serial_restraints(struct xrd_fit *f, int *converged, char *why,
                                      size_t why_n, xrd_error *err);

#endif
