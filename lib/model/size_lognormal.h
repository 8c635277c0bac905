/* The size profile of a lognormal distribution of spheres (internal): its
 * Fourier coefficients A(L) and their derivatives (docs/size_lognormal.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_SIZE_LOGNORMAL_H
#define XRDFIT_MODEL_SIZE_LOGNORMAL_H

/* sigma (of ln D) of the refined distribution: from nearly one diameter to
 * a spread wider than any synthesis gives */
#define XRDI_SIZE_SIGMA_MIN 0.02
#define XRDI_SIZE_SIGMA_MAX 1.0
#define XRDI_SIZE_SIGMA_START 0.3

/* A(L) of spheres whose number distribution of diameters is lognormal, median
 * D0 = exp(mu), width sigma, at L = y D0 (y >= 0): the volume-weighted mean of
 * a sphere's 1 - 3/2 (L/D) + 1/2 (L/D)^3 (L < D), in closed form (Scardi &
 * Leoni 2001). dy: dA/dy; ds: dA/dsigma at fixed y (either may be NULL). */
double xrdi_lognormal_sphere_A(double y, double sigma, double *dy, double *ds);

/* The distribution's diameters from the refined 1/LVol (inv_lvol, 1/nm) and
 * sigma: LVol = (3/4) <D^4>/<D^3> = (3/4) D0 exp(3.5 sigma^2). */
double xrdi_lognormal_median_nm(double inv_lvol, double sigma);

#endif
