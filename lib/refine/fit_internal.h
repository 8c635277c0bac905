/* The Le Bail fit workspace (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_FIT_INTERNAL_H
#define XRDFIT_REFINE_FIT_INTERNAL_H

#include "model/model.h"
#include "refine/lsq.h"

#define XRDI_MAX_PARAMS 256

/* The normal matrix [J | Wy]^T [J | Wy] of the last variable-projection pass
 * at the point where that refinement ended (the current model values, linear
 * parameters aside, which enter only the derivative columns' amplitudes):
 * the covariance is taken from it without another pass. Column j < n_scaled
 * times natscale[j] is the derivative wrt the parameter in natural units.
 * valid = 0 when the model moved since (classic cycles). */
typedef struct {
    int valid;
    size_t np, n_scaled;
    xrdi_pref *ref;           /* np */
    double *natscale;         /* n_scaled */
    double *M;                /* (np + 1)^2 */
} xrdi_final_normal;

/* Drop a stored final normal matrix. */
void xrdi_final_normal_clear(xrdi_final_normal *fn);

/* A restraint in force: chi2 gains ((value - mean) / sd)^2 (natural units). */
typedef struct {
    int on;
    double mean, sd;
} xrdi_prior;

struct xrd_fit {
    xrd_fit_options opt;
    xrdi_prior prior_zero, prior_disp, prior_asym;
    int refine_asym;          /* asymmetry refined: on a standard, or uncalibrated with a prior */
    char background_model[160]; /* the background model and how it was chosen */
    int n_cheb_default;         /* the Chebyshev terms chosen from the range and points */
    xrd_noise_info noise;        /* copied from the pattern */
    double prior_boost;       /* restraints weigh this x the data's misfit scale: the
                                 Berar-Lelann factor^2 of the last fit's residuals (1 none) */
    double final_shift_esd;   /* largest Gauss-Newton shift / esd at the end of the last stage */
    xrdi_model m;
    double *x, *y, *w;        /* owned copies of the fitted points */
    struct xrdi_envelope *env; /* the peaks' smooth factors (m.env), owned; NULL with
                                  symmetric_peaks */
    double *start_cell;       /* [n_phases*3] a b c at the start, for divergence checks */
    xrd_fit_result res;
    int have_result;
    double last_esd[XRDI_MAX_PARAMS]; /* esds of the last least-squares run */
    xrdi_counts counts;
    xrdi_final_normal final;  /* normal matrix at the point the refinement ended */
};

/* The set of parameters refined in a stage. */
typedef struct {
    size_t np;
    xrdi_pref ref[XRDI_MAX_PARAMS];
    xrdi_bound bound[XRDI_MAX_PARAMS];
} xrdi_pset;

/* The restraint on a parameter kind, or NULL when it has none. */
const xrdi_prior *xrdi_fit_prior(const struct xrd_fit *f, xrdi_pkind k);

/* Refinement stages, combined as bits. */
enum { XRDI_ST_BKG = 1, XRDI_ST_CELL = 2, XRDI_ST_WIDTH = 4, XRDI_ST_ASYM = 8 };

/* The parameters (and bounds) of the given stages into s. */
void xrdi_pset_build(const struct xrd_fit *f, int stages, xrdi_pset *s);

/* Add every parameter of the final stage ("all") to s. */
void xrdi_pset_all(const struct xrd_fit *f, xrdi_pset *s);

/* Final stage: the groups the data resolve join s as intensities, overlapped
 * ones form clusters with one amplitude each (split by Le Bail); the phase
 * scales leave. 0 (nothing changed) when the Jacobian would grow too large. */
int xrdi_pset_add_intensities(struct xrd_fit *f, xrdi_pset *s);

/* Least squares on the parameters in s with intensities fixed; chi2 out. */
xrd_status xrdi_fit_lsq(struct xrd_fit *f, const xrdi_pset *s, int max_iter,
                        xrdi_lsq_result *lr, xrd_error *err);

/* Weighted chi2 of the current model; NaN when it cannot be evaluated. */
double xrdi_fit_chi2(const struct xrd_fit *f);

/* Fold each phase's scale into its intensities (scale back to 1). */
void xrdi_fold_scales(xrdi_model *m);

/* Fill f->res from the converged model: statistics, covariance (with the Le Bail
 * intensities as parameters), per-phase results, curves. */
xrd_status xrdi_fit_fill_result(struct xrd_fit *f, const xrdi_pset *s, xrd_error *err);

/* Free the arrays of a result and zero it. */
void xrdi_fit_result_clear(xrd_fit_result *r);

/* The esd of the refined parameter called name in r, or missing when r has none. */
double xrdi_fit_par_esd(const xrd_fit_result *r, const char *name, double missing);

/* printf-style message to the log callback, if any. */
void xrdi_fit_log(const struct xrd_fit *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
