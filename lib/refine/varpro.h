/* Least squares with the linear parameters eliminated (variable projection,
 * Golub & Pereyra 1973; Kaufman 1975) for the Le Bail fit (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_VARPRO_H
#define XRDFIT_REFINE_VARPRO_H

#include "refine/fit_internal.h"

/* Minimise chi2 over the non-linear parameters in nl (cell, zero, widths ...,
 * with their bounds) while the parameters the pattern is linear in (background
 * terms, hump height, the intensity of every reflection group the data see)
 * are solved exactly at every step, intensities and hump height >= 0: the
 * extracted intensities are at every step the least-squares partition of the
 * observed counts among the reflections. Levenberg-Marquardt on the reduced
 * problem; J^T W J is accumulated over blocks of rows (only the columns a
 * block touches), so the points x parameters Jacobian is never stored.
 * shift_tol: converged when the Gauss-Newton step of every free parameter is
 * below shift_tol of its esd. Phase scales and cluster amplitudes are folded
 * first. Leaves the best point in f->m, esds of nl in f->last_esd; lr as for
 * xrdi_fit_lsq. XRD_ERR_NUMERIC when the model fails at the start point. */
xrd_status xrdi_varpro_solve(struct xrd_fit *f, const xrdi_pset *nl, int max_iter,
                             double shift_tol, xrdi_lsq_result *lr, xrd_error *err);

#endif
