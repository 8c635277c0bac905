/* xrdfit: the alloy analysis - from a pattern and the alloy's elements to the
 * verdict single-phase / N-phase / not resolvable, with lattice constants,
 * sizes, Vegard compositions and the evidence for the verdict.
 * Search: end members give the lattice range; a cheap scan of the peak
 * positions gives start values; the best starts are refined with the Le Bail
 * engine (multi-start); an extra phase is accepted only when significant.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ANALYZE_H
#define XRDFIT_ANALYZE_H

#include "xrdfit/error.h"
#include "xrdfit/fit.h"
#include "xrdfit/instrument.h"
#include "xrdfit/pattern.h"
#include "xrdfit/phase.h"
#include "xrdfit/vegard.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XRD_ANALYZE_MAX_STRUCT 3
#define XRD_ANALYZE_MAX_MODELS 16
#define XRD_ANALYZE_MAX_PHASES 4

typedef struct {
    char elements[2][8];          /* the alloy's two elements ("Cu", "Ru"); one for a pure metal */
    int n_elements;
    char structures[XRD_ANALYZE_MAX_STRUCT][16]; /* "fcc", "bcc", "hcp" */
    int n_structures;
    int max_phases;               /* default 2, at most XRD_ANALYZE_MAX_PHASES */
    double margin;                /* relative widening of the end-member range; default 0.02 */
    double bic_threshold;         /* scaled delta-BIC for an extra phase; default 10 */
    double separation_min_sigma;  /* lattice separation in esds of the difference; default 3 */
    double minor_share_min;       /* least share of diffracted intensity; default 0.05 */
    double temperature_K;         /* measurement temperature for the end members; 0 = as tabulated */
    xrd_fit_options fit;          /* options of every Le Bail fit (range, background ...) */
} xrd_analyze_options;

typedef enum {
    XRD_VERDICT_SINGLE = 1,       /* one phase */
    XRD_VERDICT_MULTI,            /* n_phases phases */
    XRD_VERDICT_NOT_RESOLVABLE,   /* more phases fit better but cannot be separated */
    XRD_VERDICT_NO_FIT            /* no model converged */
} xrd_verdict;

/* One fitted model: label ("fcc", "fcc+fcc", "fcc+hcp"), its fit and its BIC. */
typedef struct {
    char label[64];
    int n_phases;
    int converged;
    int plausible;                /* every phase stays in its range and shows 2+ reflections */
    char implausible[256];        /* why not */
    double bic, chi2;
    xrd_fit *fit;                 /* owned by the result; xrd_fit_get_result(fit) */
} xrd_analyze_model;

/* Composition of one phase of the chosen model. */
typedef struct {
    int available;                /* 0: no Vegard setup for this structure (see message) */
    xrd_vegard_setup setup;
    xrd_vegard_result r;
    char role[32];                /* "Ru-rich", "Cu-rich", "" */
    char message[256];
} xrd_analyze_phase;

typedef struct {
    xrd_verdict verdict;
    int n_phases;                 /* of the chosen model */
    char summary[512];            /* one sentence: "two phases: Ru-rich ... + Cu-rich ..." */
    char reason[512];             /* why the verdict, in words */
    double delta_bic;             /* BIC(one fewer phase) - BIC(chosen or tried model) */
    double delta_bic_scaled;      /* the same with chi2 scaled by the simpler model's GOF^2 */
    double separation_sigma;      /* |a1 - a2| / esd(a1 - a2) from the fit's covariance, in which
                                     the shared instrument part cancels (same structure), NaN otherwise */
    double separation_fwhm;       /* largest peak separation / FWHM of same-structure phases */
    double minor_share;           /* smallest share of diffracted intensity */
    int best;                     /* index of the chosen model */
    int n_models;
    xrd_analyze_model models[XRD_ANALYZE_MAX_MODELS];
    xrd_analyze_phase phase[XRD_ANALYZE_MAX_PHASES];
} xrd_analyze_result;

/* Defaults: fcc, 2 phases at most, margin 2 %, delta-BIC 10, 3 sigma, 5 %. */
void xrd_analyze_options_default(xrd_analyze_options *o);

/* Run the analysis of pattern p (2theta) measured on inst; lib supplies the
 * end members (Cu, Ru-fcc ...). *out is allocated; free with
 * xrd_analyze_result_free. Errors: XRD_ERR_INVALID for bad options (unknown
 * structure, no elements), XRD_ERR_NOT_FOUND when no end member exists for
 * any structure, fit errors. A verdict of XRD_VERDICT_NO_FIT is a result. */
xrd_status xrd_analyze(const xrd_pattern *p, const xrd_instrument *inst,
                       const xrd_phase_library *lib, const xrd_analyze_options *o,
                       xrd_analyze_result **out, xrd_error *err);

/* Free a result and its fits; NULL accepted. */
void xrd_analyze_result_free(xrd_analyze_result *r);

/* Name of a verdict: "single-phase", "two-phase", "three-phase",
 * "not resolvable", "no converged fit". n is the number of phases. */
const char *xrd_verdict_name(xrd_verdict v, int n);

/* Paper-style text report of an analysis. */
xrd_status xrd_report_analyze_text(FILE *out, const xrd_analyze_result *r,
                                   const char *pattern_file, xrd_error *err);

/* The analysis as JSON: the chosen model's fit JSON plus verdict, evidence,
 * models[] and per-phase composition. */
xrd_status xrd_report_analyze_json(FILE *out, const xrd_analyze_result *r,
                                   const char *pattern_file, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
