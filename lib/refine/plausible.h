/* Bounds before a fit and plausibility of its end (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_PLAUSIBLE_H
#define XRDFIT_REFINE_PLAUSIBLE_H

#include <stddef.h>
#include "xrdfit/error.h"

struct xrd_fit;

/* XRD_ERR_TOO_FEW when a phase has no reflection in the data, more reflection
 * groups than one per 10 points, or the model more parameters than one per 5
 * points; XRD_OK otherwise. */
xrd_status xrdi_fit_check_bounded(const struct xrd_fit *f, xrd_error *err);

/* 1 (reason in buf) when the restrained instrument terms ended jointly beyond
 * their prior (p < 1e-4), or the zero or displacement beyond their limits. */
int xrdi_fit_implausible_end(const struct xrd_fit *f, char *buf, size_t n);

/* 1 (reason in buf) when a refined cell parameter's esd exceeds 5 % of it. */
int xrdi_fit_undetermined_cell(const struct xrd_fit *f, char *buf, size_t n);

#endif
