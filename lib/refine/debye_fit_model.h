/* The model of the Debye-equation refinement (internal): the pattern of a
 * set of weights over the size database at a lattice constant, B, zero and
 * displacement, with its scale and background solved linearly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_DEBYE_FIT_MODEL_H
#define XRDFIT_REFINE_DEBYE_FIT_MODEL_H

#include <stddef.h>
#include "xrdfit/debye_fit.h"
#include "xrdfit/simulate.h"
#include "model/debye_internal.h"

/* The nonlinear parameters, in the solver's variables. */
enum { XRDI_DF_A, XRDI_DF_LND, XRDI_DF_LNS, XRDI_DF_B, XRDI_DF_ZERO, XRDI_DF_DISP,
       XRDI_DF_X, XRDI_DF_A2, XRDI_DF_LND2, XRDI_DF_NPAR };
#define XRDI_DF_A_LO 0.92        /* a stays within these shares of the start */
#define XRDI_DF_A_HI 1.08
#define XRDI_DF_SIGMA_LO 0.02
#define XRDI_DF_SIGMA_HI 1.0

typedef struct {
    const xrdi_debye_db *db;
    const xrd_instrument *inst;
    size_t n;                    /* points in the range */
    double *x, *y, *w;           /* 2theta (deg), counts, 1/sigma */
    int nb;                      /* Chebyshev terms, n x nb in cheb */
    double *cheb;
    size_t *j0, *len, *off;      /* instrument rows (at the observed angles) */
    double *kw;
    int n_lines;
    double lam[XRD_MAX_LINES], lw[XRD_MAX_LINES];
    double s0, ds;               /* <f> and <f^2> of the site on a grid of s */
    size_t ns;
    double *fm, *f2;
    double *fa, *fb, occ_sum;    /* composition refined: f of the site's two elements */
    int z_ab[2];
    xrd_sim_options pol;
    int electron, lognormal;
    double start[XRDI_DF_NPAR];  /* the full vector: start, and the held values */
    int idx[XRDI_DF_NPAR];       /* index in the solver's vector, -1 held */
    double c_over_a;
    double *y0, *yc, *resid, *wj;
    int two, same_a;             /* a second population (options.populations 2); its a tied */
    double *y02, *yc2, *wj2;
    double *fm2, *f22;           /* the second population's site (options.phase2), or NULL */
    double scale, scale2, bkg[XRD_MAX_CHEB]; /* the linear solution of the last evaluation */
} xrdi_dfit;

/* Points, instrument rows, the site's scattering and the parameter set from
 * the options; XRD_ERR_INVALID / _UNSUPPORTED with the reason. */
xrd_status xrdi_dfit_setup(xrdi_dfit *d, const xrd_pattern *p, const xrd_instrument *inst,
                           const xrd_phase *ph, const xrd_debye_fit_options *o,
                           xrd_error *err);
void xrdi_dfit_free(xrdi_dfit *d);

/* The q' range the database must cover (every line, the zero's and a's room). */
void xrdi_dfit_q_range(const xrdi_dfit *d, double *q_lo, double *q_hi);

/* Bring a and sigma within their limits. */
void xrdi_dfit_clamp(const xrdi_dfit *d, double *full);

/* Weighted residuals at full (n; the scale and background solved and kept in
 * d), the model too when model is not NULL. 1 when it cannot be solved. */
int xrdi_dfit_eval(xrdi_dfit *d, const double *full, double *resid, double *model);

/* chi2 of the background alone, without the clusters (after an evaluation). */
double xrdi_dfit_chi2_background(xrdi_dfit *d);

/* Volume-weighted share of a lognormal beyond the database (0 for one size). */
double xrdi_dfit_outside(const xrdi_dfit *d, const double *full);

#endif
