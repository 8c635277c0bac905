/* The staged refinement's entry points used by other refinement steps
 * (internal). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_STRATEGY_H
#define XRDFIT_REFINE_STRATEGY_H

#include "refine/fit_internal.h"

/* The last stage (every parameter, background and intensities solved at each
 * step) from the model's current values, to convergence: *converged, the
 * data's chi2 at the end and, when not converged, why. */
xrd_status xrdi_refine_from_here(struct xrd_fit *f, int *converged, double *chi2, char *why,
                                 size_t why_n, xrd_error *err);

/* Background model by information criterion (background_choice.c): 1 when
 * the fit's options and its peaks (broad) call for it. */
int xrdi_background_choice_applies(const struct xrd_fit *f);

/* Try a hump, c/x and both on the refined model (each screened first by a
 * linear fit of the residual); keep the best by scaled BIC (or the plain
 * polynomial). Leaves the chosen model refined, its name in
 * f->background_model. */
xrd_status xrdi_background_choose(struct xrd_fit *f, int *converged, char *why, size_t why_n,
                                  xrd_error *err);

#endif
