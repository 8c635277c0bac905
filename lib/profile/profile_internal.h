/* Internal helpers shared by the profile files (not public API).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PROFILE_INTERNAL_H
#define XRDFIT_PROFILE_INTERNAL_H

#include <stddef.h>

#include "xrdfit/profile.h"

/* 4 ln 2, sqrt(ln 2 / pi), 2 sqrt(2 ln 2). */
#define XRDI_4LN2 2.772588722239781237669
#define XRDI_SQRT_LN2_PI 0.469718639349826
#define XRDI_FWHM_SIGMA 2.354820045030949382023
#define XRDI_PI 3.14159265358979323846264

extern const xrd_profile_type xrdi_profile_gaussian;
extern const xrd_profile_type xrdi_profile_lorentzian;
extern const xrd_profile_type xrdi_profile_pseudo_voigt;
extern const xrd_profile_type xrdi_profile_tch;
extern const xrd_profile_type xrdi_profile_pearson7;
extern const xrd_profile_type xrdi_profile_split_pearson7;
extern const xrd_profile_type xrdi_profile_voigt;
extern const xrd_profile_type xrdi_profile_tch_pearson7;

/* Half-width (deg) outside which a unit Gaussian / Lorentzian of FWHM H misses
 * area `tail` (0 for tail >= 1, +inf for tail <= 0). */
double xrdi_gauss_window(double H, double tail);
double xrdi_lorentz_window(double H, double tail);

/* Pseudo-Voigt eta L + (1-eta) G with common FWHM H at n offsets; d_dx, dH, deta
 * (each n values) may be NULL. */
void xrdi_pv_eval(const double *dx, size_t n, double H, double eta, double *out, double *d_dx,
                  double *dH, double *deta);
/* Window (rule in profile.h) and integral breadth of that pseudo-Voigt. */
double xrdi_pv_window(double H, double eta, double tail);
double xrdi_pv_breadth(double H, double eta);

/* Pearson VII helpers: k = 2^(1/m) - 1 and dk/dm; log of the peak value
 * c = Gamma(m)/(Gamma(m-1/2) sqrt(pi)) 2 sqrt(k)/H, with d ln c / dm
 * (d ln c / dH = -1/H); window of one full Pearson VII. */
void xrdi_p7_k(double m, double *k, double *dk_dm);
double xrdi_p7_logc(double H, double m, double *dlogc_dm);
double xrdi_p7_window(double H, double m, double tail);

#endif
