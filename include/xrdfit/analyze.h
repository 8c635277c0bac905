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
#include "xrdfit/debye_fit.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XRD_ANALYZE_MAX_STRUCT 3
#define XRD_ANALYZE_MAX_MODELS 16
#define XRD_ANALYZE_MAX_PHASES 4
#define XRD_ANALYZE_MAX_ELEMENTS 8

/* xrd_analyze_options.clusters */
#define XRD_CLUSTERS_AUTO 0
#define XRD_CLUSTERS_ALWAYS 1
#define XRD_CLUSTERS_NEVER (-1)
/* below this Le Bail sphere diameter (nm) the Le Bail a of faceted, twinned and
 * pentatwinned clusters is off by 0.003-0.08 A (bench/study_dse_analyze.sh) */
#define XRD_CLUSTERS_AUTO_NM 4.0

/* A fixed ratio among some of the alloy's elements ("Pt:Pd=1:1"): they enter
 * Vegard's law as one end member, the weighted mean of their lattice constants. */
typedef struct {
    int n;                                        /* 2.. elements in the ratio */
    char element[XRD_ANALYZE_MAX_ELEMENTS][8];
    double weight[XRD_ANALYZE_MAX_ELEMENTS];      /* > 0, any scale (normalised in use) */
} xrd_analyze_ratio;

typedef struct {
    /* the alloy's elements ("Cu", "Ru"; one for a pure metal, up to 8 for a
     * high-entropy alloy); canonical symbols, each a known element */
    char elements[XRD_ANALYZE_MAX_ELEMENTS][8];
    int n_elements;
    /* > 0: end-member lattice constant given for element k (Angstrom, "Os:2.734(1)"),
     * used instead of the library; needs a single structure. esd 0 = unknown */
    double element_a_A[XRD_ANALYZE_MAX_ELEMENTS], element_a_esd_A[XRD_ANALYZE_MAX_ELEMENTS];
    xrd_analyze_ratio ratios[XRD_ANALYZE_MAX_ELEMENTS]; /* composition constraints */
    int n_ratios;
    char structures[XRD_ANALYZE_MAX_STRUCT][16]; /* "fcc", "bcc", "hcp" */
    int n_structures;
    int max_phases;               /* default 2, at most XRD_ANALYZE_MAX_PHASES */
    double margin;                /* relative widening of the end-member range; default 0.02 */
    double bic_threshold;         /* scaled delta-BIC for an extra phase; default 10 */
    double separation_min_sigma;  /* lattice separation in esds of the difference; default 3 */
    double minor_share_min;       /* least share of diffracted intensity; default 0.05 */
    double temperature_K;         /* measurement temperature for the end members; 0 = as tabulated */
    xrd_fit_options fit;          /* options of every Le Bail fit (range, background ...) */
    int clusters;                 /* one phase of atomistic clusters by the Debye equation
                                     (every shape, an Ino-Marks decahedron of truncation 0.25
                                     and re-entrance 0.2; docs/debye_fit.md) as the model a
                                     second phase must beat and, for one phase, as the answer
                                     when it fits better than the Le Bail phase (its a and D
                                     are then reported; xrd_analyze_phase_answer):
                                     XRD_CLUSTERS_AUTO (default) when the one-phase model's
                                     sphere diameter is below XRD_CLUSTERS_AUTO_NM,
                                     XRD_CLUSTERS_ALWAYS, XRD_CLUSTERS_NEVER */
    int phase_fractions;          /* default 1: a chosen model of two or more phases is refined
                                     again by Rietveld, its sites filled with the Vegard
                                     composition, for weight fractions (fit.dispersion and
                                     fit.polarization apply) */
} xrd_analyze_options;

typedef enum {
    XRD_VERDICT_SINGLE = 1,       /* one phase */
    XRD_VERDICT_MULTI,            /* n_phases phases */
    XRD_VERDICT_NOT_RESOLVABLE,   /* more phases fit better but cannot be separated */
    XRD_VERDICT_NO_FIT,           /* no model converged */
    XRD_VERDICT_NO_PHASE          /* no reflection of any candidate is significant */
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

/* Fraction of one given element in a phase; NaN (JSON null) with a reason
 * when the lattice constant does not determine it. */
typedef struct {
    char element[8];
    double x, x_esd;
    char reason[160];             /* "" when determined */
} xrd_analyze_fraction;

/* Composition of one phase of the chosen model. Every given element has a
 * fraction. Two end members (two elements, or groups of a --ratio): Vegard
 * along the line between them; one element: the lattice constant against its
 * reference (delta a, relative expansion). */
typedef struct {
    int available;                /* 1: a Vegard line (setup, r) was used */
    xrd_vegard_setup setup;       /* end members: elements or ratio groups ("Pt1Pd1") */
    xrd_vegard_result r;
    char role[32];                /* "Ru-rich", "Cu-rich", "" */
    char message[256];
    char constraint[128];         /* the ratios used ("Pt:Pd=1:1"), "" */
    int n_fractions;
    xrd_analyze_fraction fraction[XRD_ANALYZE_MAX_ELEMENTS];
    /* one element: its reference lattice in the structure (have_reference 1) */
    int have_reference;
    xrd_vegard_end reference;     /* a_A at the measurement temperature */
    double reference_c_A;         /* hcp c of the reference, 0 when cubic */
    double delta_a_A, delta_a_esd_A, expansion, expansion_esd;  /* a - a_ref, (a - a_ref)/a_ref */
    double delta_c_A, delta_c_esd_A;                            /* NaN when cubic */
} xrd_analyze_phase;

/* Significance of a phase's extracted intensities, from the fit's curves: in
 * the window (+-1 FWHM) of each reflection group inside the range the phase's
 * curve s is matched against the data without it, z = sum(s r')/v /
 * sqrt(sum(s^2/v)), with the variance v = c * y_calc and c the residual scale
 * (sum(r^2/y_calc) / (N - P)), so that z is in standard deviations whatever
 * the unit of the counts. A group is significant when z >= z_min and the
 * group removes at least half of the local misfit. */
typedef struct {
    int n_groups;                 /* reflection groups inside the range */
    int n_significant;
    double z_max;                 /* largest z of a group (0 when none) */
    int significant;              /* n_significant >= min(2, n_groups) and >= n_groups / 4 */
} xrd_phase_significance;

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
    xrd_phase_significance significance[XRD_ANALYZE_MAX_PHASES]; /* of the chosen model */
    char expected[768];           /* no crystalline phase: the first reflections of each
                                     candidate and where they were expected */
    xrd_fit *rietveld;            /* the chosen model refined by Rietveld (phase_fractions), or
                                     NULL; its phases in the chosen model's order */
    char rietveld_note[256];      /* how its sites were filled, or why it is absent */
    int clusters_tried;           /* the cluster model was refined (options.clusters) */
    int clusters_won;             /* 1: it explained what a second lattice took, or fits the
                                     one phase better than its Le Bail model: the answer */
    double clusters_delta_bic;    /* scaled BIC of the cluster model minus that of the model
                                     it was compared with (NaN when not compared) */
    xrd_cluster_shape clusters_shape;
    xrd_debye_fit_result clusters; /* its refinement (owned; curves freed) */
    int mixture_tried;            /* two populations of clusters, of two lattices, were
                                     refined: after a one-phase Le Bail verdict (those
                                     clusters' shape), or as the answer of a two-phase one
                                     of small crystals (spheres unless that shape is known) */
    int mixture_won;              /* 1: they are the answer, two phases (their a and D are
                                     reported for the chosen two-phase model's phases) */
    xrd_cluster_shape mixture_shape; /* their shape */
    xrd_debye_fit_result mixture; /* their refinement (curves freed) */
    double mixture_same_chi2;     /* chi2 of two sizes of one lattice (NaN: not converged) */
} xrd_analyze_result;

/* Defaults: fcc, 2 phases at most, margin 2 %, delta-BIC 10, 3 sigma, 5 %. */
void xrd_analyze_options_default(xrd_analyze_options *o);

/* Check options before a run: elements (known, distinct, 1..8), ratios,
 * structures, max_phases. XRD_ERR_INVALID with a sentence naming the problem. */
xrd_status xrd_analyze_options_check(const xrd_analyze_options *o, xrd_error *err);

/* Run the analysis of pattern p (2theta) measured on inst; lib supplies the
 * end members (Cu, Ru-fcc ...). *out is allocated; free with
 * xrd_analyze_result_free. Errors: XRD_ERR_INVALID for bad options (unknown
 * structure, no elements), XRD_ERR_NOT_FOUND when no end member exists for
 * any structure, fit errors. Verdicts XRD_VERDICT_NO_FIT and
 * XRD_VERDICT_NO_PHASE are results. Elements: 1..8 known symbols, distinct;
 * ratios over given elements, each element in one ratio at most. */
xrd_status xrd_analyze(const xrd_pattern *p, const xrd_instrument *inst,
                       const xrd_phase_library *lib, const xrd_analyze_options *o,
                       xrd_analyze_result **out, xrd_error *err);

/* First estimate of the camera constant K (px A: d = K / r) of an electron
 * ring profile p whose x is the radius in pixels, measured on the standard:
 * the K that puts its reflections on the strongest net signal (at least
 * three rings on the profile). Refine it with the standard's cell held
 * (xrdfit instrument --unit px). XRD_ERR_NO_DATA when no K fits. */
xrd_status xrd_camera_constant_estimate(const xrd_pattern *p, const xrd_phase *standard,
                                        double *K, xrd_error *err);

/* Phase k of the chosen model as reported into *out (a copy; its refl array
 * is the fit's, not owned): the Le Bail phase, or for a single phase whose
 * answer is the cluster model (clusters_won) that phase with the cluster
 * model's a (esd: the cluster fit's and the Le Bail instrument part, rescaled to
 * the cluster fit's misfit, in quadrature), c, equal-volume diameter (size_nm 3/4 of it), no strain and
 * debye_clusters 1; for two phases whose answer is the clusters' mixture
 * (mixture_won) each phase with its population's a and D. XRD_ERR_INVALID
 * for a bad k or no chosen model. */
xrd_status xrd_analyze_phase_answer(const xrd_analyze_result *r, int k, xrd_phase_result *out,
                                    xrd_error *err);

/* Free a result and its fits; NULL accepted. */
void xrd_analyze_result_free(xrd_analyze_result *r);

/* Name of a verdict: "single-phase", "two-phase", "three-phase",
 * "not resolvable", "no converged fit", "no crystalline phase". n is the
 * number of phases. */
const char *xrd_verdict_name(xrd_verdict v, int n);

/* Significance of phase k of fit result r (see xrd_phase_significance);
 * z_min in standard deviations (5 in analyze). XRD_ERR_INVALID for a bad k or
 * a result without curves. */
xrd_status xrd_phase_significance_of(const xrd_fit_result *r, int k, double z_min,
                                     xrd_phase_significance *out, xrd_error *err);

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
