/* Geometry and widths of one peak (one reflection group, one wavelength line)
 * and the chain-rule coefficients to the refinable parameters (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_PEAK_H
#define XRDFIT_MODEL_PEAK_H

#include "core/search.h"
#include "model/model.h"

typedef struct xrdi_peak {
    double pos_deg;        /* observed position: Bragg + zero + displacement */
    double theta_rad;      /* Bragg theta of this line */
    double hg, hl;         /* Gaussian and Lorentzian FWHM (deg) */
    double asl, ahl;       /* FCJ S/L, H/L at this peak */
    double amp;            /* I * scale * line weight */
    double lo_deg, hi_deg; /* evaluation window */
    /* partial derivatives */
    double dq[6];          /* d(1/d^2)/d(free cell parameter) */
    double dpos_dq, dpos_dzero, dpos_ddisp;
    double dpos_dlambda0;  /* d position / d(first line's wavelength), deg/A */
    double dpos_dradial;   /* d position / d(radial distortion k3), deg/A^2 */
    double dth_dradial;    /* d theta / d k3: the widths and envelope follow the angle */
    double dth_dlambda0;   /* d theta / d(first line's wavelength), rad/A */
    double dhg_dlnlam, dhl_dlnlam; /* the size widths' own d/d ln(lambda) (they go as lambda) */
    double fault_v;        /* in: Warren's breadth coefficient of the reflection (0 none) */
    double dpos_dfault, dhl_dfault; /* d position, d Lorentzian FWHM / d alpha */
    double dhl_da_fault;   /* d Lorentzian FWHM / d a (A) of the fault breadth
                              ((1.5 alpha + beta) v / a) */
    /* twin faults (fcc, ph->twin_on): the profile plus twin_k H[profile]
     * (peak_twin.c), twin_k = beta twin_dk; dhl_dtwin = d Lorentzian FWHM / d beta */
    int twin_on;
    double twin_k, twin_dk, dhl_dtwin;
    double twin_rod;       /* phase along the stacking direction (rad) per deg of 2theta */
    double dhg_duvw[3], dhg_dstrain, dhg_dsize_g, dhg_dsize;
    double dhl_dxy[2], dhl_dsize;
    double dhg_dth, dhl_dth;  /* width change with the Bragg angle (rad) */
    /* a lognormal distribution of spheres (ph->size_lognormal): hg and hl then
     * hold instrument, strain and faults only; the size profile's 1/LVol
     * (1/nm) and sigma, and kappa = L (nm) per Fourier variable t (1/deg),
     * (180/pi) lambda / (10 cos theta). The profile depends on ln_inv kappa:
     * d/dtheta = ln_inv tan(theta) d/d(ln_inv), d/d ln(lambda) = ln_inv d/d(ln_inv) */
    int ln_on;
    double ln_inv, ln_sigma, ln_kappa;
    const struct xrdi_lognormal_table *ln_tab; /* A(y) of ln_sigma tabulated for the
                                                  phase's peaks, or NULL: computed */
    double dth_dq;            /* d theta / d(1/d^2) */
    int hg_clamped, hl_clamped;
    /* the envelope (m->env): ln g at the position and d ln g / d position
     * (1/deg); tan(theta) of the q-symmetric argument; env_phase < 0: none */
    int env_phase;
    double env_ln0, env_dln, tan_th;
    double env_g0inv;      /* 1 / g at the peak's centre */
    /* FCJ kernel moments (mean, variance) and their derivatives wrt the tied
     * asymmetry and the position, when mom_ok (set by xrdi_peak_cache_fill) */
    int mom_ok;
    double mu, var, dmu, dvar, dmu_dpos, dvar_dpos;
} xrdi_peak;

/* Set-up of every peak of the model at its current parameters (xrdi_peak_setup
 * for each phase, group and line, with the asymmetry moments), so that slices
 * of the points can be evaluated without redoing it. */
typedef struct xrdi_peak_cache {
    size_t n;
    xrdi_peak *pk;
    signed char *status;   /* xrdi_peak_setup's return value */
    size_t off[16];        /* first index of each phase */
    int n_lines;
} xrdi_peak_cache;

/* Fill c (owned arrays, free with xrdi_peak_cache_free); the derivatives of
 * the asymmetry kernel's moments wrt the asymmetry itself only when with_asym
 * (else a profile's d_asym is 0). 0, or -1 (no memory, or more than 16 phases). */
int xrdi_peak_cache_fill(const xrdi_model *m, int with_asym, xrdi_peak_cache *c);
void xrdi_peak_cache_free(xrdi_peak_cache *c);

/* Set up peak of phase p, reflection k, line l. Returns 1 when the line
 * reaches the detector (lambda < 2d), 0 when not, -1 for unphysical values. */
int xrdi_peak_setup(const xrdi_model *m, int p, size_t k, int l, xrdi_peak *pk);

/* Gaussian and Lorentzian FWHM (deg) of a peak of phase ph at Bragg angle th
 * (rad) for wavelength lambda, with their derivatives, into pk. -1 if not finite. */
int xrdi_peak_widths(const xrdi_model *m, const xrdi_mphase *ph, double lambda, double th,
                     xrdi_peak *pk);

/* Scratch doubles xrdi_peak_profile needs per point of its window. */
#define XRDI_PEAK_SCRATCH 6

/* Evaluate the unit-area profile of pk (with asymmetry) on x[0..cnt): val and,
 * when d_pos != NULL, derivatives wrt position, hg, hl and the tied asymmetry
 * (any of them may be NULL together with d_pos); scratch holds
 * XRDI_PEAK_SCRATCH x cnt doubles. With an envelope (pk->env_phase >= 0) the
 * profile is symmetric in q, not 2theta, and carries g(x) / g(position); d_th
 * (may be NULL; with d_pos) then receives the derivative wrt the Bragg theta
 * (rad) at a fixed position, through the q mapping (0 without an envelope);
 * d_size and d_sigma (with d_pos, for a lognormal size distribution only;
 * else untouched) those wrt its 1/LVol and sigma; d_twin (with d_pos, for
 * pk->twin_on only; else untouched) that wrt pk->twin_k. Returns 0 or -1. */
int xrdi_peak_profile(const xrdi_model *m, const xrdi_peak *pk, const double *x, size_t cnt,
                      double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym,
                      double *d_th, double *d_size, double *d_sigma, double *d_twin,
                      double *scratch);

/* The Hilbert transform of pk's TCH pseudo-Voigt (with the FCJ moments when
 * pk->mom_ok) on x[0..cnt), tapered to 0 over the outer half of its window,
 * into h; with d_pos (then all non-NULL) its derivatives as
 * xrdi_peak_profile's (peak_twin.c). */
void xrdi_peak_twin(const xrdi_peak *pk, const double *x, size_t cnt, double *h, double *d_pos,
                    double *d_hg, double *d_hl, double *d_asym);

/* pk's twin term added to a profile evaluated on pts[0..cnt) (val and, with
 * d_pos, its derivatives; d_twin then receives d val / d twin_k), the FCJ
 * moments computed when pk lacks them; scratch holds 4 cnt doubles. 0 or -1. */
int xrdi_peak_twin_add(const xrdi_peak *pk, const double *pts, size_t cnt, double *val,
                       double *d_pos, double *d_hg, double *d_hl, double *d_asym, double *d_twin,
                       double *scratch);

/* The FCJ kernel's mean and variance and their derivatives into pk (those wrt
 * the asymmetry only when with_asym; else 0), mom_ok set. 0, or -1. */
int xrdi_peak_moments(xrdi_peak *pk, int with_asym);

/* A peak of a lognormal size distribution (pk->ln_on), symmetric about its
 * position, on x[0..cnt): the inverse FFT of its Fourier coefficients,
 * interpolated (peak_fourier.c); with d_pos, also the derivatives wrt hg, hl,
 * ln_inv and ln_sigma (all non-NULL together). 0, or -1 (no memory, no width). */
int xrdi_peak_fourier(const xrdi_peak *pk, const double *x, size_t cnt, double *val,
                      double *d_pos, double *d_hg, double *d_hl, double *d_size,
                      double *d_sigma);

/* The TCH pseudo-Voigt of pk on x[0..cnt) in one pass: val and, when d_pos !=
 * NULL, the derivatives as xrdi_peak_profile gives them; with_moments folds in
 * the FCJ kernel's moments (pk->mom_ok must be set). */
void xrdi_peak_tch(const xrdi_peak *pk, int with_moments, const double *x, size_t cnt,
                   double *val, double *d_pos, double *d_hg, double *d_hl, double *d_asym);

#endif
