/* Geometry and widths of one peak (one reflection group, one wavelength line)
 * and the chain-rule coefficients to the refinable parameters (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_PEAK_H
#define XRDFIT_MODEL_PEAK_H

#include "core/search.h"
#include "model/model.h"

typedef struct {
    double pos_deg;        /* observed position: Bragg + zero + displacement */
    double theta_rad;      /* Bragg theta of this line */
    double hg, hl;         /* Gaussian and Lorentzian FWHM (deg) */
    double asl, ahl;       /* FCJ S/L, H/L at this peak */
    double amp;            /* I * scale * line weight */
    double lo_deg, hi_deg; /* evaluation window */
    /* partial derivatives */
    double dq[3];          /* d(1/d^2)/d(free cell parameter) */
    double dpos_dq, dpos_dzero, dpos_ddisp;
    double dhg_duvw[3], dhg_dstrain;
    double dhl_dxy[2], dhl_dsize;
    double dhg_dth, dhl_dth;  /* width change with the Bragg angle (rad) */
    double dth_dq;            /* d theta / d(1/d^2) */
    int hg_clamped, hl_clamped;
} xrdi_peak;

/* Set up peak of phase p, reflection k, line l. Returns 1 when the line
 * reaches the detector (lambda < 2d), 0 when not, -1 for unphysical values. */
int xrdi_peak_setup(const xrdi_model *m, int p, size_t k, int l, xrdi_peak *pk);

/* Gaussian and Lorentzian FWHM (deg) of a peak of phase ph at Bragg angle th
 * (rad) for wavelength lambda, with their derivatives, into pk. -1 if not finite. */
int xrdi_peak_widths(const xrdi_model *m, const xrdi_mphase *ph, double lambda, double th,
                     xrdi_peak *pk);

/* Evaluate the unit-area profile of pk (with asymmetry) on x[0..cnt): val and,
 * when d_pos != NULL, derivatives wrt position, hg, hl and the tied asymmetry
 * (any of them may be NULL together with d_pos). Returns 0 or -1. */
int xrdi_peak_profile(const xrdi_model *m, const xrdi_peak *pk, const double *x, size_t cnt,
                      double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym,
                      double *scratch);

#endif
