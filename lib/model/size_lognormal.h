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

/* A(y) of one sigma tabulated in x = ln y, for the many peaks of a phase at
 * one evaluation: cubic Hermite in A and dA/dx between nodes sigma / 32
 * apart at most (one beyond each end), dA/dsigma by Catmull-Rom; below the table the three tails are 1
 * (A = 1 - 3/2 e2 y + 1/2 e0 y^3), above it A = 0 (error < 1e-8). */
#define XRDI_LN_TAB_MAX 643
typedef struct xrdi_lognormal_table {
    double sigma, e2, e0;     /* e^(-5 sigma^2 / 2), e^(-9 sigma^2 / 2) */
    double x_lo, x_hi, idx;   /* the table's range in ln y, 1 / its step */
    int n;
    double a[XRDI_LN_TAB_MAX], ax[XRDI_LN_TAB_MAX], as[XRDI_LN_TAB_MAX];
} xrdi_lognormal_table;

/* Fill t for sigma (XRDI_SIZE_SIGMA_MIN..MAX). */
void xrdi_lognormal_table_init(xrdi_lognormal_table *t, double sigma);

/* A(y) from t, with dA/dy and dA/dsigma (either may be NULL), as
 * xrdi_lognormal_sphere_A gives them. */
double xrdi_lognormal_table_A(const xrdi_lognormal_table *t, double y, double *dy, double *ds);

/* The distribution's diameters from the refined 1/LVol (inv_lvol, 1/nm) and
 * sigma: LVol = (3/4) <D^4>/<D^3> = (3/4) D0 exp(3.5 sigma^2). */
double xrdi_lognormal_median_nm(double inv_lvol, double sigma);

#endif
