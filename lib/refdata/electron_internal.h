/* Electron scattering factors for the structure factors (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFDATA_ELECTRON_INTERNAL_H
#define XRDFIT_REFDATA_ELECTRON_INTERNAL_H

#include "xrdfit/scattering.h"

/* f_e (A) of atomic number z at s = sin(theta)/lambda (1/A), without a range
 * check on s; NaN when t lacks z. */
double xrdi_electron_f(const xrd_electron_factors *t, int z, double s);

#endif
