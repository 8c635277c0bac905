/* xrdfit: peak search, multi-peak profile fitting and crystal size
 * (Scherrer per peak, Williamson-Hall over a phase).
 * Workflow (GSL-like): fill an options struct with its *_default function,
 * call the function, read the result struct, free it with its *_free function.
 * All angles are degrees of 2theta; the pattern's x must be 2theta (deg).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PEAKS_H
#define XRDFIT_PEAKS_H

#include <stddef.h>
#include "xrdfit/error.h"
#include "xrdfit/fit.h"
#include "xrdfit/pattern.h"
#include "xrdfit/phase.h"
#include "xrdfit/profile.h"
#include "xrdfit/radiation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- search */

typedef struct {
    double x_min, x_max;        /* searched range (deg); NaN = whole pattern */
    double threshold;           /* significance of -y'' against its noise, in sigma; default 5 */
    double min_separation_deg;  /* closer candidates merge (stronger kept); 0 = auto */
    double min_scale_deg;       /* smallest smoothing sigma; 0 = 1.5 steps */
    double max_scale_deg;       /* largest smoothing sigma; 0 = range / 12 */
    size_t max_peaks;           /* keep the most significant; default 64 */
    const xrd_radiation *rad;   /* when it has 2+ lines, drop Ka2 companions; NULL = none */
} xrd_peak_search_options;

typedef struct {
    double two_theta_deg;       /* position of the -y'' maximum, parabola-refined */
    double height;              /* net height above the local baseline (counts) */
    double fwhm_deg;            /* rough FWHM (half-height crossings of the smoothed data) */
    double significance;       /* -y'' / sigma(-y'') at the selecting scale */
    double scale_deg;           /* Gaussian smoothing sigma at which it was found */
} xrd_found_peak;

typedef struct {
    size_t n;
    xrd_found_peak *peaks;      /* sorted by increasing 2theta */
    double noise_factor;        /* observed / Poisson noise of the data (>= 1) */
} xrd_peak_list;

/* Defaults: whole pattern, 5 sigma, automatic separation and scales, 64 peaks. */
void xrd_peak_search_options_default(xrd_peak_search_options *o);

/* Find peaks as significant maxima of the Gaussian-smoothed negative second
 * derivative at several scales (sigma 1.5 steps up to range/12, factor 1.5 apart),
 * fine to coarse; the noise of -y'' is the pattern's sigma propagated through the
 * filter, times noise_factor when the data scatter more than sigma says (scaled,
 * non-count data). *out is allocated (xrd_peak_list_free); n may be 0. Errors:
 * XRD_ERR_TOO_FEW (fewer than 16 points in range), XRD_ERR_INVALID, XRD_ERR_NOMEM. */
xrd_status xrd_peak_search(const xrd_pattern *p, const xrd_peak_search_options *o,
                           xrd_peak_list **out, xrd_error *err);

/* Free a peak list; NULL accepted. */
void xrd_peak_list_free(xrd_peak_list *l);

/* ------------------------------------------------------------------- fit */

typedef struct {
    const xrd_profile_type *profile; /* NULL = pseudo-voigt */
    double x_min, x_max;        /* fitted range (deg); NaN = whole pattern */
    int n_background;           /* Chebyshev terms (1..XRD_MAX_CHEB); 0 = 3 + range/20 deg, max 8 */
    int refine_ka2_ratio;       /* 1: refine I(Ka2)/I(Ka1) (default fixed at the radiation's) */
    int max_iter;               /* Levenberg-Marquardt iteration cap; default 200 */
    double tail;                /* profile window: neglected tail area; default 1e-3 */
} xrd_peak_fit_options;

typedef struct {
    double two_theta_deg, two_theta_esd;  /* Ka1 (or single line) position */
    double d_A, d_esd_A;                  /* from Bragg's law with line 0 */
    double fwhm_deg, fwhm_esd;
    double breadth_deg, breadth_esd;      /* integral breadth = area / height */
    double area, area_esd;                /* Ka1 (or single line) area, counts x deg */
    int n_shape;                          /* shape parameters of the profile */
    double shape[XRD_PROFILE_MAX_SHAPE], shape_esd[XRD_PROFILE_MAX_SHAPE];
    double shape_cov[XRD_PROFILE_MAX_SHAPE * XRD_PROFILE_MAX_SHAPE]; /* row-major */
    int shape_at_bound;                   /* 1 when a shape parameter sits on a bound */
    int indexed;                          /* 1 after xrd_peak_fit_index found a match */
    int h, k, l;
    double d_calc_A, two_theta_calc_deg;  /* of the matched reflection */
} xrd_peak_result;

typedef struct {
    const xrd_profile_type *profile;
    xrd_radiation rad;
    double ka2_ratio, ka2_ratio_esd;      /* esd NaN (fixed) unless refined */
    size_t n_peaks;
    xrd_peak_result *peaks;               /* in the order of the start positions */
    double x_lo, x_hi;                    /* fitted range; Chebyshev x scaled from it */
    int n_cheb;
    double cheb[XRD_MAX_CHEB], cheb_esd[XRD_MAX_CHEB];
    double Rp, Rwp, Rexp, GOF, chi2;
    size_t n_points, n_params;
    int iterations, converged;
    char message[256];                    /* why the solver stopped */
    size_t n_curve;                       /* curves on the fitted points */
    double *x, *y_obs, *y_calc, *y_bkg;
} xrd_peak_fit_result;

/* Defaults: pseudo-Voigt, whole pattern, automatic background, ratio fixed,
 * 200 iterations, tail 1e-3. */
void xrd_peak_fit_options_default(xrd_peak_fit_options *o);

/* Fit n peaks starting at start_deg[k] (start widths fwhm_deg[k], NULL = from the
 * data) together with a Chebyshev background by Levenberg-Marquardt (GSL, analytic
 * Jacobian, bounds by reparameterisation). With a 2+-line radiation each peak is a
 * Ka1 + Ka2 pair (Ka2 at its exact Bragg angle, same shape). esds: covariance x
 * chi2_red. XRD_OK also when not converged (see converged). *out: xrd_peak_fit_result_free. */
xrd_status xrd_peak_fit(const xrd_pattern *p, const xrd_radiation *rad, const double *start_deg,
                        const double *fwhm_deg, size_t n, const xrd_peak_fit_options *o,
                        xrd_peak_fit_result **out, xrd_error *err);

/* Index the fitted peaks against phase ph: each peak takes the allowed reflection
 * nearest in 2theta (line 0) if closer than tol_deg (<= 0: max(0.3, FWHM/2));
 * a reflection labels one peak only, the nearest. Returns the number indexed in *n_indexed (may be NULL). XRD_ERR_* from the
 * reflection generator. */
xrd_status xrd_peak_fit_index(xrd_peak_fit_result *r, const xrd_phase *ph, double tol_deg,
                              size_t *n_indexed, xrd_error *err);

/* Free a fit result; NULL accepted. */
void xrd_peak_fit_result_free(xrd_peak_fit_result *r);

/* Gaussian and Lorentzian FWHM (deg) of a fitted peak with esds and covariance:
 * voigt/tch: the parameters; pseudo-voigt: inverse Thompson-Cox-Hastings (eta gives
 * hl/H, the TCH H relation gives hg); pearson7, split-pearson7: de Keijser et al.
 * (1982) from FWHM / integral breadth; gaussian, lorentzian: trivially. */
xrd_status xrd_peak_gl_widths(const xrd_peak_fit_result *r, size_t k, double *hg, double *hl,
                              double cov[4], xrd_error *err);

/* --------------------------------------------------------- crystal size */

typedef enum { XRD_BREADTH_FWHM = 0, XRD_BREADTH_INTEGRAL } xrd_breadth_kind;

/* A crystal's shape, for Scherrer constants that depend on the reflection. */
typedef enum {
    XRD_SHAPE_NONE = 0,   /* one K for every peak */
    XRD_SHAPE_SPHERE,     /* size: the diameter */
    XRD_SHAPE_CUBE,       /* size: the edge; faces {100} */
    XRD_SHAPE_OCTAHEDRON, /* the edge; faces {111} */
    XRD_SHAPE_TETRAHEDRON /* the edge; faces {111} */
} xrd_crystal_shape;

/* Integral-breadth Scherrer constant K(hkl) of a cubic crystal of shape s (size
 * = K lambda / (beta cos theta), beta the integral breadth): by Stokes & Wilson
 * (1944) 1/beta is cos(theta)/lambda times the volume-weighted mean thickness
 * normal to (hkl), which is integrated over the crystal's projection (to 1e-4;
 * the sphere exactly, 4/3). XRD_ERR_INVALID for hkl 000 or an unknown shape. */
xrd_status xrd_scherrer_k_shape(xrd_crystal_shape s, int h, int k, int l, double *K,
                                xrd_error *err);

/* Name ("sphere", "cube", "octahedron", "tetrahedron") and the reverse (0, or
 * -1 for an unknown name). */
const char *xrd_crystal_shape_name(xrd_crystal_shape s);
int xrd_crystal_shape_parse(const char *name, xrd_crystal_shape *s);

typedef struct {
    double K;                   /* Scherrer constant; default 0.9 (FWHM) */
    xrd_breadth_kind breadth;   /* default XRD_BREADTH_FWHM */
    double uvwxy[5];            /* instrument TCH U V W (deg^2) X Y (deg); all 0 = none */
    int only_indexed;           /* W-H over indexed peaks only (set when a phase was given) */
    xrd_crystal_shape shape;    /* not NONE: each indexed peak's K from the shape and its hkl
                                 * (integral breadth only, cubic phases); no W-H line */
} xrd_size_options;

typedef struct {
    double two_theta_deg;
    int indexed, h, k, l;
    double meas_hg, meas_hl;        /* measured Gaussian / Lorentzian FWHM (deg) */
    double inst_hg, inst_hl;        /* instrument at this angle */
    double inst_breadth_deg;        /* instrument breadth of the chosen kind */
    double sample_hg, sample_hl;    /* hg in quadrature, hl linearly */
    double sample_breadth_deg, sample_breadth_esd; /* of the chosen kind */
    double K;                       /* the Scherrer constant used for this peak */
    double size_nm, size_esd_nm;    /* K lambda / (beta cos theta); NaN when refused */
    int status;                     /* 1 reported, 0 refused */
    char reason[160];               /* why refused ("" when reported) */
    int wh_used;                    /* 1 when the peak is a point of the Williamson-Hall line */
} xrd_size_peak;

typedef struct {
    size_t n;
    xrd_size_peak *peaks;
    double K, lambda_A;
    xrd_breadth_kind breadth;
    char convention[160];           /* e.g. "Scherrer K = 0.9 on the FWHM" */
    /* Williamson-Hall: beta cos(theta) = K lambda / D + 4 eps sin(theta), beta in rad */
    int wh_status;                  /* 1 fitted, 0 refused (wh_reason) */
    char wh_reason[160];
    size_t wh_n;
    double wh_slope, wh_slope_esd, wh_intercept, wh_intercept_esd, wh_cov;
    double wh_size_nm, wh_size_esd_nm, wh_strain, wh_strain_esd;
    int wh_size_status;             /* 1 reported, 0 refused (intercept <= 0 or esd > value) */
} xrd_size_result;

/* K 0.9, FWHM, no instrument, all peaks. */
void xrd_size_options_default(xrd_size_options *o);

/* Scherrer size per fitted peak after removing the instrument (Gaussian FWHM in
 * quadrature, Lorentzian linearly; the sample breadth is that of the Voigt of the
 * remaining parts) and a weighted Williamson-Hall line over the peaks; esds by
 * propagation of the fit covariance. Refusals are results (status 0, reason), not
 * errors. Errors: XRD_ERR_INVALID (K <= 0, bad instrument), XRD_ERR_NOMEM. */
xrd_status xrd_size_analyze(const xrd_peak_fit_result *fit, const xrd_size_options *o,
                            xrd_size_result **out, xrd_error *err);

/* Free a size result; NULL accepted. */
void xrd_size_result_free(xrd_size_result *r);

/* Caglioti/TCH instrument from fitted peaks of a standard: least squares of the
 * peaks' Gaussian FWHM^2 for U V W and Lorentzian FWHM for X Y (uvwxy out; X, Y
 * clamped >= 0). XRD_ERR_TOO_FEW with fewer than 3 usable peaks. */
xrd_status xrd_instrument_from_peaks(const xrd_peak_fit_result *fit, double uvwxy[5],
                                     xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
