/* Alloy analysis internals shared by the search and the verdict (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ANALYSIS_ANALYZE_INTERNAL_H
#define XRDFIT_ANALYSIS_ANALYZE_INTERNAL_H

#include "analysis/scan.h"
#include "xrdfit/analyze.h"

/* standard deviations a reflection group needs to count as seen */
#define XRDI_SIGNIFICANCE_Z 5.0

/* One structure of the search: its scan space and the end members of the
 * given elements in it. */
typedef struct {
    char name[16];
    xrdi_scan_space space;
    int n_ends;          /* end members found in this structure */
    double end_a[XRD_ANALYZE_MAX_ELEMENTS];
    int has_end[XRD_ANALYZE_MAX_ELEMENTS];        /* per given element */
    xrd_vegard_end end[XRD_ANALYZE_MAX_ELEMENTS]; /* at the measurement temperature */
    double end_c_A[XRD_ANALYZE_MAX_ELEMENTS];     /* hcp c of the end member, 0 */
    char note[256];      /* the elements without an end member here, "" */
} xrdi_struct;

/* Decide whether `complex` (one phase more) is to be preferred over `simple`.
 * Returns 1 accept, 0 reject, 2 not resolvable; fills the evidence of r and
 * writes the reason. */
int xrdi_analyze_compare(const xrd_analyze_model *simple, const xrd_analyze_model *complex,
                         const xrd_analyze_options *o, xrd_analyze_result *r, char *reason,
                         size_t n);

/* Alternative `which` (XRDI_ALT_*: a lognormal distribution of spheres on
 * one lattice, two crystal sizes on one lattice, stacking faults of fcc) to the two-phase model `two` of one structure,
 * refitted from the one-phase model `one` into out (its fit owned by out, NULL
 * when it does not apply), and `two` compared with it: *v 0 the alternative
 * explains the misfit (one phase), 2 the two are not told apart, 1 the second
 * lattice stands. For 0 and 2 r's evidence and reason are that comparison's,
 * naming the alternative (alternatives.c). */
#define XRDI_N_ALTERNATIVES 3
#define XRDI_ALT_LOGNORMAL 0
#define XRDI_ALT_TWO_SIZES 1
#define XRDI_ALT_FAULTS 2

/* options.clusters (by default when one's sphere diameter is below
 * XRD_CLUSTERS_AUTO_NM): one phase of atomistic clusters of `one`'s structure and
 * lattice, the alloy's elements on its site in the shares of the Vegard
 * composition of its a (sts, ns: the search's structures), refined by the
 * Debye equation with every shape (alt_clusters.c), against `two`: *v 0 when
 * it is as good (scaled delta-BIC within the threshold; r->reason says so), 1
 * when the second lattice still wins, kept in r->clusters either way. */
xrd_status xrdi_analyze_clusters(const xrd_pattern *p, const xrd_instrument *inst,
                                 const xrd_analyze_options *o, const xrdi_struct *sts, int ns,
                                 const xrd_analyze_model *one,
                                 const xrd_analyze_model *two, int *v, xrd_analyze_result *r,
                                 xrd_error *err);
/* The same cluster model as the answer for the chosen one-phase model m: when
 * its scaled BIC is below m's by the threshold, r->clusters_won is set and the
 * reason says so (xrd_analyze_phase_answer then reports its a and D). */
xrd_status xrdi_analyze_clusters_answer(const xrd_pattern *p, const xrd_instrument *inst,
                                        const xrd_analyze_options *o, const xrdi_struct *sts,
                                        int ns, const xrd_analyze_model *m,
                                        xrd_analyze_result *r, xrd_error *err);
/* A cluster model's phase: tpl's structure (hcp: its c/a) at lattice constant
 * a_A, o's elements on the site in the shares of the Vegard composition of
 * a_A (xrdi_analyze_site_shares; equal shares when there is none)
 * (alt_clusters.c). The phase parser's status. */
xrd_status xrdi_analyze_cluster_phase(const xrd_analyze_options *o, const xrdi_struct *sts,
                                      int ns, const xrd_phase_result *tpl, double a_A,
                                      xrd_phase *ph);
/* The cluster refinement's options: analyze's range, background, zero,
 * polarization, threads; the database up to d_max_nm (alt_clusters.c). */
void xrdi_analyze_cluster_options(const xrd_analyze_options *o, double d_max_nm,
                                  xrd_debye_fit_options *d);

/* The largest cluster diameter analyze's cluster databases hold (nm). */
#define XRDI_CLUSTER_DB_D_MAX_NM 6.0

/* The cluster database's largest diameter for result a: 1.25 x the largest
 * sphere diameter of its phases + 0.5 nm, 3 to XRDI_CLUSTER_DB_D_MAX_NM (that
 * limit when a phase has no size) (alt_clusters.c). */
double xrdi_analyze_cluster_d_max(const xrd_fit_result *a);

/* Append to r->reason that a and D come from `model` ("one phase", "two
 * lattices") of `shape` clusters, their GOF against the Le Bail gof_lb and
 * the scaled delta-BIC (alt_clusters.c). */
void xrdi_analyze_reason_cluster_answer(xrd_analyze_result *r, const char *model,
                                        xrd_cluster_shape shape, double gof, double gof_lb,
                                        double dbic);

/* Points per bin (xrd_pattern_bin) for telling cluster models apart: 1/15 of
 * the narrowest FWHM of result a's phases in the range (its profile's, at
 * least the size's), at least 300 bins; 1 when not worth it (alt_clusters.c). */
size_t xrdi_analyze_cluster_bin(const xrd_pattern *p, const xrd_fit_result *a);

/* After a one-phase (or not resolvable) verdict whose cluster model was
 * refined: two populations of its shape with their own lattices
 * (cluster_mixture.c), against one population, two sizes of one lattice and
 * the one-phase answer; when they win (scaled delta-BIC above the threshold
 * against each, separated by min_separation esds, the minor share above
 * min_share) and two_phase (the best two-phase Le Bail model, may be NULL)
 * exists, the verdict is two-phase with two_phase chosen: *chosen set to
 * two_id, r->mixture_won, the reason and evidence filled. */
xrd_status xrdi_analyze_cluster_mixture(const xrd_pattern *p, const xrd_instrument *inst,
                                        const xrd_analyze_options *o, const xrdi_struct *sts,
                                        int ns, const xrd_analyze_model *one, int two_id, int *chosen,
                                        xrd_analyze_result *r, xrd_error *err);

/* After a two-phase verdict whose chosen model two (two phases of one
 * structure) has crystals below XRD_CLUSTERS_AUTO_NM (the smaller; the larger
 * below the database's 6 nm), or options.clusters ALWAYS: two populations of
 * clusters (the cluster model's shape when it was refined, else spheres)
 * started at two's lattices and sizes. When they fit better than two (scaled
 * delta-BIC above the threshold) and still show two phases (separation, minor
 * share), they are the answer: r->mixture_won, the reason extended
 * (cluster_mixture.c). The verdict is left as it is. */
xrd_status xrdi_analyze_cluster_mixture_answer(const xrd_pattern *p, const xrd_instrument *inst,
                                               const xrd_analyze_options *o,
                                               const xrdi_struct *sts, int ns,
                                               const xrd_analyze_model *two,
                                               xrd_analyze_result *r, xrd_error *err);

/* Which population of r->mixture (0 or 1) is reported for phase k of the
 * two-phase fit f (the nearer lattice constants; phase_answer.c). */
int xrdi_analyze_mixture_population(const xrd_analyze_result *r, const xrd_fit_result *f, int k);

xrd_status xrdi_analyze_alternative(int which, const xrd_pattern *p, const xrd_instrument *inst,
                                    const xrd_analyze_options *o, const xrdi_struct *sts,
                                    int ns, const xrd_analyze_model *one,
                                    const xrd_analyze_model *two, xrd_analyze_model *out,
                                    int *v, xrd_analyze_result *r, xrd_error *err);

/* The chosen one-phase model m with the size term of small crystals chosen
 * by BIC (xrd_fit_choose_size_term): m's fit, chi2, BIC and label follow the
 * fit kept. XRD_OK, or XRD_ERR_NOMEM. */
xrd_status xrdi_analyze_size_term(const xrd_pattern *p, const xrd_instrument *inst,
                                  xrd_analyze_model *m, xrd_error *err);

/* Set up candidate structure `name` (fcc, bcc, hcp) of the analysis into st
 * (structures.c): end members, lattice range, template phase. XRD_ERR_NOT_FOUND
 * when no element has an end member in it; errors of the phase parser. */
xrd_status xrdi_analyze_setup_structure(const char *name, const xrd_phase_library *lib,
                                        const xrd_analyze_options *o, xrdi_struct *st,
                                        xrd_error *err);

/* Mark m plausible or not: every phase's a inside its structure's range
 * (widened by 1 %), and each phase of a multi-phase model with at least two
 * reflections of 10 % or more of its strongest intensity. */
void xrdi_analyze_plausibility(xrd_analyze_model *m, const xrdi_struct *st, int n_struct);

/* The site's shares of o's elements (share[k], summing to 1) for a phase of
 * `structure` with lattice constant a_A: its Vegard composition, each
 * fraction clamped to [0, 1] (st, n_struct: the search's structures and end
 * members). 1 when from Vegard; 0 with equal shares when there is none (one
 * element, no end members, more unknowns than a lattice constant gives). */
int xrdi_analyze_site_shares(const xrd_analyze_options *o, const xrdi_struct *st, int n_struct,
                             const char *structure, double a_A, double *share);

/* Compositions and roles of the chosen model's phases (composition.c). */
void xrdi_analyze_compositions(xrd_analyze_result *r, const xrd_analyze_options *o,
                               const xrdi_struct *st, int n_struct);

/* Weight fractions of the chosen model (fractions.c): its phases with their
 * refined cells and sites of the Vegard composition, refined by Rietveld into
 * r->rietveld; r->rietveld_note says how, or why not (never an error). */
void xrdi_analyze_fractions(const xrd_pattern *p, const xrd_instrument *inst,
                            const xrd_analyze_options *o, const xrdi_struct *sts, int ns,
                            xrd_analyze_result *r);

/* Check the elements and ratios of o (composition.c). */
xrd_status xrdi_analyze_check_elements(const xrd_analyze_options *o, xrd_error *err);

/* The first reflections of each structure and their 2theta range over the
 * structure's lattice range, as a sentence (significance.c). */
void xrdi_analyze_expected(const xrdi_struct *st, int n_struct, double lambda_A, double lo_deg,
                           double hi_deg, char *buf, size_t n);

#endif
