/* Deformation stacking faults of fcc crystals (Warren), internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_FAULTS_H
#define XRDFIT_MODEL_FAULTS_H

#include "xrdfit/phase.h"

/* Peak shift (deg 2theta) per unit alpha and tan theta, times G: 90 sqrt 3 / pi^2 */
#define XRDI_FAULT_SHIFT_DEG (90.0 * 1.7320508075688772 / 9.869604401089358)
/* Largest fault probability refined */
#define XRDI_FAULT_ALPHA_MAX 0.25

/* Largest twin fault probability refined */
#define XRDI_TWIN_BETA_MAX 0.25

/* Warren's coefficients of the family of (h k l) in an fcc crystal: g of the
 * deformation faults' peak shift, v of the faults' extra breadth, t of the
 * twin faults' asymmetry, lh the mean |L0| / h0 of the affected members (the
 * scale from a distance along the stacking direction to one in q), 0 when
 * none is affected (faults.c). */
void xrdi_fault_coefs(int h, int k, int l, double *g, double *v, double *t, double *lh);

/* 1 when the faults model applies to the phase (Fm-3m). */
int xrdi_faults_apply(const xrd_phase *ph);

#endif
