/* xrdfit: peak profile shapes (unit area), TCH width model, Finger-Cox-Jephcoat
 * axial-divergence asymmetry and the K-alpha doublet positions.
 * Copyright (C) 2026 the xrdfit developers. SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conventions: x and all widths in degrees 2theta, dx = x - x0. Every profile has
 * unit integrated area over the whole real line. Shape parameters are passed as a
 * short array whose meaning is given by xrd_profile_type.shape_names.
 *
 * Window rule (xrd_profile_type.window): the returned half-width w is such that
 * the area of the profile outside [x0 - w, x0 + w] is at most `tail`:
 *  - Gaussian:      w = sigma * Qinv(tail / 2), sigma = H / (2 sqrt(2 ln 2)).
 *  - Lorentzian:    1 - (2/pi) atan(2w/H) = tail  ->  w = (H/2) tan(pi/2 (1 - tail)).
 *  - pseudo-Voigt and TCH (eta L + (1-eta) G): w = max(w_L(tail/(2 eta)),
 *    w_G(tail/(2 (1-eta)))), so each weighted component misses < tail/2.
 *  - Pearson VII:   a scaled Student t with nu = 2m - 1 degrees of freedom:
 *    w = H / (2 sqrt(nu (2^(1/m) - 1))) * t_Qinv(tail / 2, nu).
 *  - split Pearson VII: the larger of the two sides' Pearson VII windows, each
 *    side computed so that its half misses at most tail/2.
 *  - tch-pearson7: the Pearson VII window of its H and m.
 *  - Voigt (Gaussian conv. Lorentzian): P(|g + l| > a + b) <= P(|g| > a) + P(|l| > b),
 *    so w = w_G(tail/2) + w_L(tail/2) with the Voigt's own Gaussian and Lorentzian FWHM.
 * The missing area therefore lies between tail/2 and tail for every shape (for the
 * Voigt it can be somewhat below tail/2 when neither part dominates).
 * Lorentzian-like tails make windows wide (about 318 H for tail = 1e-3). */
#ifndef XRDFIT_PROFILE_H
#define XRDFIT_PROFILE_H

#include <stddef.h>

#include "xrdfit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    XRD_PROFILE_GAUSSIAN,
    XRD_PROFILE_LORENTZIAN,
    XRD_PROFILE_PSEUDO_VOIGT,
    XRD_PROFILE_TCH,
    XRD_PROFILE_PEARSON7,
    XRD_PROFILE_SPLIT_PEARSON7,
    XRD_PROFILE_VOIGT,
    XRD_PROFILE_TCH_PEARSON7
} xrd_profile_kind;

/* Number of profile kinds (for loops over all shapes). */
#define XRD_PROFILE_NKINDS 8
#define XRD_PROFILE_MAX_SHAPE 4

/* Strategy table, one per shape. All tables are static constants owned by the
 * library; the function pointers are thread-safe and never fail (they return NaN
 * or garbage for shape parameters for which valid() is 0, so check valid() first).
 * Shape parameters:
 *   gaussian, lorentzian: {fwhm_deg};  pseudo-voigt: {fwhm_deg, eta};
 *   tch: {hg_deg, hl_deg} (Gaussian and Lorentzian FWHM, mixed by xrd_tch_mix);
 *   pearson7: {fwhm_deg, m};  split-pearson7: {fwhm_left_deg, fwhm_right_deg,
 *   m_left, m_right} (left = dx < 0);  voigt: {hg_deg, hl_deg};
 *   tch-pearson7: {hg_deg, hl_deg} (a Pearson VII with the TCH FWHM and the
 *   pseudo-Voigt's integral breadth, which fix its m). */
typedef struct {
    const char *name;      /* "gaussian", "lorentzian", "pseudo-voigt", "tch",
                              "pearson7", "split-pearson7", "voigt", "tch-pearson7" */
    xrd_profile_kind kind;
    int n_shape;           /* number of shape parameters */
    const char *shape_names[XRD_PROFILE_MAX_SHAPE];
    /* Unit-area profile at n offsets dx[i] = x - x0 (deg). out[i] = value (1/deg);
     * if d_dx != NULL, d_dx[i] = d value / d dx (so d/d x0 = -d_dx); if d_shape !=
     * NULL, d_shape[j*n + i] = d value / d shape[j]. */
    void (*eval)(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                 double *d_shape);
    /* Half-width (deg) of the window outside which the neglected area is <= tail
     * (0 < tail < 1), by the rule stated at the top of this header. */
    double (*window)(const double *shape, double tail);
    /* Full width at half maximum, deg (exact; for the Voigt solved numerically). */
    double (*fwhm)(const double *shape);
    /* Integral breadth = area / peak height, deg. */
    double (*integral_breadth)(const double *shape);
    /* 1 when the shape parameters are finite and in the domain, else 0. */
    int (*valid)(const double *shape);
} xrd_profile_type;

/* The strategy table of one profile kind (static, never free it); NULL for a kind
 * outside the enum. */
const xrd_profile_type *xrd_profile_get(xrd_profile_kind kind);

/* The strategy table whose name matches (ASCII case-insensitive), e.g.
 * "pseudo-voigt"; NULL if name is NULL or unknown. */
const xrd_profile_type *xrd_profile_by_name(const char *name);

/* Thompson-Cox-Hastings (1987) mixing: from Gaussian and Lorentzian FWHM hg, hl
 * (deg, >= 0) to the pseudo-Voigt total FWHM H and mixing eta, with partial
 * derivatives; any output pointer may be NULL. hg = hl = 0 gives H = eta = 0 and
 * zero derivatives. */
void xrd_tch_mix(double hg, double hl, double *H, double *eta, double *dH_dhg, double *dH_dhl,
                 double *deta_dhg, double *deta_dhl);

/* TCH widths at two_theta_deg from uvwxy = {U, V, W, X, Y} (deg^2 for U V W, deg for
 * X Y, GSAS "degrees" not centidegrees): hg = sqrt(U tan^2 + V tan + W), hl = X tan +
 * Y / cos (theta = two_theta/2); dhg[k], dhl[k] = derivatives wrt uvwxy[k] (the
 * arrays may be NULL). Returns XRD_ERR_NUMERIC if hg^2 <= 0 or is not finite,
 * XRD_ERR_INVALID for two_theta_deg outside (0, 180). */
xrd_status xrd_tch_widths(const double uvwxy[5], double two_theta_deg, double *hg, double *hl,
                          double dhg[5], double dhl[5], xrd_error *err);

/* Finger-Cox-Jephcoat (1994) axial-divergence asymmetry: profile t with shape
 * parameters shape, centred at two_theta0_deg, convolved with the FCJ weight for
 * s_l = S/L and h_l = H/L (>= 0), at the n points x_deg; out[i] has unit area.
 * Optional outputs (NULL = not wanted): d_x0[i] = d out / d two_theta0, d_shape[j*n+i],
 * d_sl[i], d_hl[i]. The quadrature (composite 8-point Gauss-Legendre in u, with
 * 2theta0 - 2phi = Delta u^2) takes per subinterval ceil(4 Delta u_hi du / FWHM) panels
 * (capped at 64), i.e. panels about FWHM/4 wide; weights are renormalised to sum 1.
 * Derivatives: profile derivatives (analytic) summed with the node weights; the node
 * positions and weights are differentiated wrt two_theta0, s_l, h_l by central
 * differences (at a fixed node count), which costs O(nodes), not O(n * nodes).
 * s_l = h_l = 0 or two_theta0 = 90 returns the symmetric profile exactly; above 90
 * deg the asymmetric tail lies on the high-angle side. Errors: XRD_ERR_INVALID for
 * t == NULL, invalid shape, two_theta0 outside (0, 180) or negative s_l, h_l;
 * XRD_ERR_NOMEM. */
xrd_status xrd_fcj_eval(const xrd_profile_type *t, const double *shape, double two_theta0_deg,
                        double s_l, double h_l, const double *x_deg, size_t n, double *out,
                        double *d_x0, double *d_shape, double *d_sl, double *d_hl,
                        xrd_error *err);

/* Signed extent (deg) of the FCJ asymmetric tail: 2phi_min - two_theta0, negative
 * below 90 deg (tail on the low-angle side), positive above, 0 without asymmetry.
 * Callers extend the profile window by this on that side. NaN for bad input. */
double xrd_fcj_extent(double two_theta0_deg, double s_l, double h_l);

/* Mean offset (deg, negative below 90 deg) and variance (deg^2) of the FCJ
 * axial-divergence kernel at two_theta0_deg: for a kernel much narrower than
 * the peak, convolution ~ the symmetric profile shifted by the mean and
 * broadened by the variance. XRD_ERR_INVALID for bad input. */
xrd_status xrd_fcj_moments(double two_theta0_deg, double s_l, double h_l, double *mean_deg,
                           double *var_deg2, xrd_error *err);

/* Exact Bragg angles two_theta_deg[k] = 2 asin(lambda_A[k] / (2 d_A)) (deg) for
 * n_lines wavelengths; unreachable lines (lambda > 2d, or non-positive input) get
 * NaN. Returns the number of reachable lines (0 if d_A <= 0). */
int xrd_doublet_positions(double d_A, const double *lambda_A, int n_lines,
                          double *two_theta_deg);

#ifdef __cplusplus
}
#endif
#endif
