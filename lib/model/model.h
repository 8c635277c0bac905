/* The forward model of a powder pattern (internal): instrument, background and
 * phases with Le Bail intensities -> calculated counts and their derivatives.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_MODEL_H
#define XRDFIT_MODEL_MODEL_H

#include <stddef.h>
#include "xrdfit/fit.h"
#include "xrdfit/profile.h"
#include "xrdfit/simulate.h" /* xrd_sim_options */

/* Work counters (reported in verbose output). */
typedef struct xrdi_counts {
    long evals, jacobians, peaks;
} xrdi_counts;

/* Kinds of refinable parameters. */
typedef enum {
    XRDI_P_ZERO,
    XRDI_P_DISP,
    XRDI_P_U,
    XRDI_P_V,
    XRDI_P_W,
    XRDI_P_X,
    XRDI_P_Y,
    XRDI_P_ASYM,      /* S/L = H/L refined together */
    XRDI_P_K2RATIO,
    XRDI_P_BKG,       /* index = Chebyshev order */
    XRDI_P_INVX,
    XRDI_P_HUMP_H,
    XRDI_P_HUMP_C,
    XRDI_P_HUMP_W,
    XRDI_P_FILM_A,    /* film fall-off amplitude (linear) */
    XRDI_P_FILM_P,    /* its power */
    XRDI_P_RING_H,    /* a film ring's height (index = ring) */
    XRDI_P_RING_C,
    XRDI_P_RING_W,
    XRDI_P_CELL,      /* index 0 a, 1 b, 2 c (only the free ones of the system) */
    XRDI_P_SIZE,      /* 1/L of the Lorentzian size term, 1/nm */
    XRDI_P_SIZE_G,    /* Gaussian / Lorentzian size breadth (size_g_ratio) */
    XRDI_P_STRAIN,
    XRDI_P_SCALE,     /* multiplies every Le Bail intensity of the phase */
    XRDI_P_INTENSITY, /* one reflection group's intensity (index = group) */
    XRDI_P_CLUSTER,   /* amplitude of a cluster of overlapped groups (index = cluster) */
    XRDI_P_WAVELENGTH, /* the first line's wavelength (A); the other lines keep their ratio */
    XRDI_P_BISO,      /* Rietveld: a phase's B shift added to every site's Biso (A^2) */
    XRDI_P_MD,        /* Rietveld: the March-Dollase ratio r of a phase's preferred orientation */
    XRDI_P_SR_P,      /* Rietveld: surface roughness (Suortti) P, 0..1 */
    XRDI_P_SR_Q,      /* Rietveld: surface roughness (Suortti) Q >= 0 */
    XRDI_P_RADIAL,    /* radial distortion k3 of ring profiles (A^2) */
    XRDI_P_FAULT,     /* a phase's deformation fault probability alpha */
    XRDI_P_TWIN,      /* a phase's twin fault probability beta */
    XRDI_P_SIZE_SIGMA /* sigma of ln D of a lognormal size distribution (size_lognormal) */
} xrdi_pkind;

typedef struct {
    xrdi_pkind kind;
    int phase;   /* -1 for global parameters */
    int index;
} xrdi_pref;

/* One reflection group of a phase. */
typedef struct {
    int h, k, l, mult;
    double d_A;
    double intensity;
    int joint;           /* refined by least squares, not by the Le Bail update */
    int cluster;         /* overlap cluster (amplitude refined, split by Le Bail), -1 none */
    int tie;             /* centre outside the data: intensity = tie_ratio x that group's, -1 none */
    int off;             /* less than the tail fraction of its area in the data: not evaluated */
    double tie_ratio;
    double expect;       /* intensity expected from the phase's atoms (relative), 0 unknown */
    double i_struct;     /* Rietveld: sum |F|^2 LP / V^2 at the phase's site B values */
    double d_md;         /* Rietveld with texture: d intensity / d r (March-Dollase) */
    double fault_g, fault_v, fault_t, fault_lh; /* fcc: Warren's shift, breadth and twin
                                                   coefficients (faults.h) */
    double twin_rod;     /* fcc: phase along the stacking direction (rad) per deg 2theta
                            at the cell of the list (peak_twin.c) */
} xrdi_refl;

#define XRDI_MAX_CELL 6 /* free cell parameters: triclinic */
/* The Gaussian part of the size Voigt at most five times its Lorentzian part
 * (integral breadths). A distribution of column lengths has a convex Fourier
 * transform A(L) with a finite initial slope, so the size profile always has
 * Lorentzian tails: least-squares Voigts of Debye-equation spheres of 2-5 nm
 * take 1.7-2.4 (one column length, the most Gaussian case, somewhat more;
 * wider distributions less). Far beyond, the "size" term is a background or a
 * misfit in disguise. */
#define XRDI_SIZE_G_RATIO_MAX 5.0

typedef struct {
    xrd_phase phase;
    int n_cell_free;        /* 1 cubic ... 6 triclinic */
    int cell_idx[XRDI_MAX_CELL]; /* which of a b c alpha beta gamma (0..5) are free */
    double size_inv;        /* Lorentzian size term: integral breadth lambda size_inv / cos,
                               1/nm (>= 0) */
    double size_g_ratio;    /* Gaussian size term / Lorentzian one (integral breadths,
                               0..XRDI_SIZE_G_RATIO_MAX); 1/LVol is the integral breadth
                               of their Voigt (xrdi_size_inv_lvol) */
    int size_lognormal;     /* 1: the size term is a lognormal distribution of spheres
                               (size_lognormal.h): size_inv is its 1/LVol, size_sigma its
                               width; size_g_ratio unused */
    double size_sigma;      /* sigma of ln D (XRDI_SIZE_SIGMA_MIN..MAX) */
    double strain;          /* >= 0 */
    double fault_alpha;     /* fcc: deformation fault probability (Warren), 0 = none */
    double twin_beta;       /* fcc: twin fault probability (Warren), 0 = none */
    int twin_on;            /* 1: the twin faults' asymmetric term is evaluated (refined
                               or beta > 0) */
    double scale;           /* 1 outside least-squares; Rietveld: the phase's scale S */
    int rietveld;           /* intensities = scale x i_struct x exp(-biso_shift / 2d^2) */
    double biso_shift;      /* Rietveld: B added to every site (A^2) */
    int md_on;              /* March-Dollase preferred orientation along md_hkl */
    int md_hkl[3];
    double md_r;            /* its ratio (1 = random) */
    size_t n_md;            /* every hkl of the groups: group, |F|^2 LP / V^2, cos^2 alpha */
    size_t *md_group;
    double *md_i, *md_c2;
    size_t n_refl;
    xrdi_refl *refl;
} xrdi_mphase;

/* The model over the fitted points. */
typedef struct {
    size_t n;
    const double *x, *y, *w;  /* w = 1/sigma */
    double x_lo, x_hi;        /* Chebyshev scaling range */
    xrd_instrument inst;
    xrd_background bkg;
    int n_phases;
    xrdi_mphase *ph;
    double tail;              /* window tail fraction */
    int asym_tied;            /* H/L follows S/L */
#define XRDI_MAX_CLUSTERS 64
    int n_clusters;
    double cluster_scale[XRDI_MAX_CLUSTERS]; /* 1 outside least-squares */
    double lebail_change;     /* largest relative intensity change of the last Le Bail cycle */
    struct xrdi_counts *counts; /* evaluation counters of the owning fit, or NULL */
    const struct xrdi_peak_cache *peaks; /* peaks set up at the current values, or NULL */
    const xrd_profile_type *prof;
    int threads;              /* threads a pass over the points may use (>= 1) */
    double lambda_ratio[4];   /* lambda_l / lambda_0 at the start (refined wavelength) */
    xrd_sim_options iopt;     /* Rietveld intensities: polarisation, dispersion table */
    const struct xrdi_envelope *env; /* smooth factors across each peak (envelope.h), or
                                        NULL: peaks symmetric in 2theta, their factors at
                                        the centre */
    int sr_on;                /* surface roughness of a flat plate (Suortti) on the Rietveld
                                 phases' intensities */
    double sr_p, sr_q;
} xrdi_model;

/* 1/LVol (1/nm) of a Lorentzian and a Gaussian size term of integral breadths
 * inv_l and inv_g (1/nm): the integral breadth of their Voigt; the partial
 * derivatives into d_l, d_g (may be NULL). */
double xrdi_size_inv_lvol(double inv_l, double inv_g, double *d_l, double *d_g);

/* Natural value behind a parameter reference (pointer into m). */
double *xrdi_param_ptr(xrdi_model *m, xrdi_pref r);

/* Groups whose centre lies more than half a FWHM outside the data get their
 * intensity tied to the nearest group of their phase inside it, in the ratio
 * of their expected intensities (refl.expect, from the phase's atoms) or,
 * without atoms, of multiplicity x Lorentz-polarisation x a generic
 * scattering-factor and Debye-Waller fall-off exp(-6.8 s^2) (s = 1/2d; Cu f(s)
 * with B = 0.5 A^2): their tails are modelled, but a tail alone cannot fix an
 * intensity (it trades with the background). */
void xrdi_model_set_ties(xrdi_model *m);

/* Impose the ties on the intensities (after anything changed them) and on
 * the wavelengths: every line follows the first in its start ratio; the
 * groups of a Rietveld phase take their structure's intensity at its B. */
void xrdi_apply_ties(xrdi_model *m);

/* March-Dollase factor (r^2 cos^2 a + sin^2 a / r)^(-3/2) of an hkl at angle a
 * to the preferred axis (c2 = cos^2 a), and its derivative in r. */
double xrdi_march_dollase(double r, double c2, double *d_dr);

/* A textured Rietveld phase's group intensities (and d_md) from its hkl
 * entries at md_r and biso_shift (texture.c). */
void xrdi_texture_apply(xrdi_mphase *ph);

/* Surface-roughness factor (Suortti 1972, normalised to 1 at 2theta = 180 as
 * GSAS-II does) SR = (P + (1-P) e^(-Q/sin th)) / (P + (1-P) e^(-Q)) of a group at
 * d (A), with d ln SR / dP and / dQ; 1 (and 0, 0) when off (texture.c). */
double xrdi_surface_roughness(const xrdi_model *m, double d_A, double *dln_dp, double *dln_dq);

/* Human name "zero_deg", "Cu.a_A", "bkg2" ... into buf. */
void xrdi_param_name(const xrdi_model *m, xrdi_pref r, char *buf, size_t n);

/* Recompute each phase's reflection list for its current cell: every group
 * whose peak can reach [x_lo, x_hi] at the current widths; keeps intensities
 * of groups that persist (matched by hkl), new ones start at i0. */
int xrdi_model_update_reflections(xrdi_model *m, double i0);

/* Which direct cell parameters (bits 0..5 = a b c alpha beta gamma) the
 * free parameter `which` (0..5) drives in sg's lattice: a drives a and b
 * (tetragonal, hexagonal) or a, b, c (cubic, rhombohedral axes); alpha
 * drives all three angles on rhombohedral axes; otherwise only itself. */
unsigned xrdi_cell_driven(const xrd_spacegroup *sg, int which);

/* 1/d^2 and its derivatives for the phase's free cell parameters. */
void xrdi_cell_q(const xrdi_mphase *p, int h, int k, int l, double *q, double dq[XRDI_MAX_CELL]);

/* Background at point i and d(bkg)/d(param) for background parameters. */
double xrdi_background_at(const xrdi_model *m, double x);
double xrdi_background_deriv(const xrdi_model *m, xrdi_pref r, double x);

/* The first k Chebyshev polynomials T_0..T_{k-1} at x (scaled) into T. */
void xrdi_background_cheb(const xrdi_model *m, double x, int k, double *T);

/* Evaluate the calculated pattern (bkg included) into yc[n] and, when J is
 * non-NULL, d yc / d param for the np parameters in refs into J (row-major
 * n x np, weighted by w when weighted = 1). phase_curve, when non-NULL,
 * receives each phase's contribution [n_phases][n]. Returns 0, or -1 when the
 * parameters are unphysical (negative width, cell <= 0). */
int xrdi_model_eval(const xrdi_model *m, const xrdi_pref *refs, size_t np, double *yc,
                    double *J, int weighted, double **phase_curve);

/* As xrdi_model_eval, with J column-major (np columns of n points each:
 * J[j * n + i]), which the blocked normal equations read; no phase curves. */
int xrdi_model_eval_cols(const xrdi_model *m, const xrdi_pref *refs, size_t np, double *yc,
                         double *J, int weighted);

/* Profile of one reflection group (all wavelength lines, unit total area times
 * the line weights) on its window: first index and count into out. Used by the
 * Le Bail update and the covariance. */
int xrdi_model_refl_profile(const xrdi_model *m, int phase, size_t k, double *out,
                            size_t *i0, size_t *cnt);

/* Peak width at a reflection: total FWHM (deg) at its Ka1 position. */
double xrdi_model_fwhm(const xrdi_model *m, int phase, double d_A);

#endif
