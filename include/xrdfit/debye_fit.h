/* xrdfit: refinement of a powder pattern by the Debye scattering equation
 * (fit --debye): the lattice constant, a size (or a number-weighted lognormal
 * of sizes), B, zero and a Chebyshev background of clusters of one shape and
 * one solid-solution phase, against a database of atomistic clusters
 * (as DEBUSSY, without its Bragg limits). docs/debye_fit.md.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_DEBYE_FIT_H
#define XRDFIT_DEBYE_FIT_H

#include <stddef.h>
#include <stdio.h>
#include "xrdfit/debye.h"
#include "xrdfit/fit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    xrd_cluster_shape shape;     /* sphere (default), cuboctahedron, icosahedron,
                                  * twinned-sphere, decahedron, cube */
    double ino_truncation, marks_reentrance; /* decahedron: as xrd_cluster_options */
    double d_min_nm, d_max_nm;   /* the database's equal-volume diameters; default 1 to 6 */
    int lognormal;               /* 1: a number-weighted lognormal (median, sigma of ln D
                                  * refined); 0 (default): one size, continuous between
                                  * the database's */
    double start_sigma;          /* with lognormal; default 0.25 */
    double x_min, x_max;         /* fitted range (2theta deg); NaN = all */
    int n_background;            /* Chebyshev terms (1..XRD_MAX_CHEB); default 6 */
    int refine_b;                /* one isotropic B for every atom; default 1 */
    int refine_zero;             /* default 1 */
    int refine_displacement;     /* Bragg-Brentano only; default 0 */
    int refine_composition;      /* a site of two elements: the first one's share x (its
                                  * scattering only: <f> and <f^2>); default 0 */
    xrd_polarization polarization; /* default XRD_POL_UNPOLARIZED */
    double mono_two_theta_deg;
    const xrd_electron_factors *electron; /* f_e at an electron wavelength (not owned) */
    int max_iterations;          /* default 200 */
    size_t max_atoms;            /* the database's largest cluster; default 60000 */
    size_t max_points;           /* refuse more points; default XRD_FIT_MAX_POINTS */
    int threads;                 /* database and histograms; 0 = 2 */
    int populations;             /* 1 (default) or 2: a mixture of two populations of the
                                  * shape, each with its own scale and one size and, unless
                                  * same_lattice, its own a (two phases of one structure);
                                  * not with lognormal */
    int same_lattice;            /* with 2 populations: one a for both (two sizes of one phase) */
    const xrd_phase *phase2;     /* with 2 populations: the second's site, its scattering
                                  * (not owned; NULL: the phase's; one site as the phase) */
    double start2_a_A[2], start2_d_nm[2]; /* with 2 populations: their starts (a's 0: the
                                  * single population's a x 0.99 and x 1.01; sizes 0: the best
                                  * single population's sizes) */
} xrd_debye_fit_options;

/* Defaults as above. */
void xrd_debye_fit_options_default(xrd_debye_fit_options *o);

/* One shape's refinement in xrd_debye_fit_shapes. */
typedef struct {
    xrd_cluster_shape shape;
    int converged;
    double chi2, GOF, a_A, d_median_nm;
} xrd_debye_shape_trial;

typedef struct {
    int converged;               /* 1 when the steps ended and nothing is at a limit */
    char message[320];           /* why it stopped, or which limit it reached */
    int iterations;
    double a_A, a_esd_A;         /* the cell scale: a (c/a and angles as the phase's) */
    double c_A;                  /* c of the scaled cell */
    double d_median_nm, d_median_esd_nm; /* one size: its equal-volume diameter;
                                  * lognormal: the number-weighted median */
    double sigma, sigma_esd;     /* lognormal sigma of ln D; NaN for one size */
    double d_number_nm, d_number_esd_nm;  /* number-weighted mean  D0 exp(s^2/2) */
    double d_area_nm, d_area_esd_nm;      /* <D^3>/<D^2>            D0 exp(5 s^2/2) */
    double d_volume_nm, d_volume_esd_nm;  /* <D^4>/<D^3>            D0 exp(7 s^2/2) */
    double b_A2, b_esd_A2;
    int composition_refined;     /* x and its esd: the share of the site's first element */
    char element_a[4], element_b[4];
    double x_a, x_a_esd;
    double zero_deg, zero_esd_deg;
    double displacement_mm, displacement_esd_mm;
    double scale;                /* counts per cluster intensity (electrons^2) */
    int n_background;
    double background[XRD_MAX_CHEB];
    double delta_chi2_clusters;  /* chi2 of the background alone minus chi2: below 25 (5
                                  * sigma) the pattern holds no clusters (not converged) */
    double chi2, chi2_red, Rwp, Rexp, GOF, durbin_watson, berar_lelann_factor;
    size_t n_points;
    int n_params;                /* refined, linear ones included */
    int n_sizes;                 /* database */
    double db_d_min_nm, db_d_max_nm;
    size_t db_max_atoms;
    double outside_fraction;     /* volume-weighted share of the sizes beyond the database */
    double seconds_database, seconds_fit;
    int populations;             /* 1, or 2 (options.populations): the second's a (same as a
                                  * with same_lattice), equal-volume diameter and share of the
                                  * clusters' scattering; cov_a_a2 the covariance of a and a2
                                  * (A^2, scaled as the esds); NaN for one population */
    double a2_A, a2_esd_A, d2_nm, d2_esd_nm, share2, cov_a_a2;
    int n_tried;                 /* xrd_debye_fit_shapes: the shapes fitted, best first */
    xrd_debye_shape_trial tried[6];
    size_t n;                    /* the fitted points (owned arrays, 2theta deg) */
    double *x, *y_obs, *y_calc, *y_bkg;
} xrd_debye_fit_result;

/* Refine pattern p (2theta, counts with sigmas) measured on inst as clusters
 * of phase ph (one site: a solid solution of its occupancies, or a keyword's
 * unit scatterer), starting from ph's cell and B. Fills *r (free with
 * xrd_debye_fit_result_free) also when the fit does not converge (converged
 * 0, message says why). XRD_ERR_INVALID / _UNSUPPORTED for inputs it cannot
 * take (a phase of several sites, a unit other than 2theta, too few points). */
xrd_status xrd_debye_fit(const xrd_pattern *p, const xrd_instrument *inst, const xrd_phase *ph,
                         const xrd_debye_fit_options *o, xrd_debye_fit_result *r,
                         xrd_error *err);

/* The same for each shape the phase allows (a sphere; for an fcc phase also
 * the cuboctahedron, icosahedron, twinned sphere, decahedron with o's
 * truncation and re-entrance, and cube), keeping in *r the one of
 * lowest chi2 (the same parameters for each: the misfit decides) with
 * o->shape ignored; r->tried lists every shape's chi2, GOF, a and size. */
xrd_status xrd_debye_fit_shapes(const xrd_pattern *p, const xrd_instrument *inst,
                                const xrd_phase *ph, const xrd_debye_fit_options *o,
                                xrd_debye_fit_result *r, xrd_cluster_shape *best,
                                xrd_error *err);

/* Free the arrays of r; NULL accepted. */
void xrd_debye_fit_result_free(xrd_debye_fit_result *r);

/* Write r as text (a table with esds) or as a JSON object to out; meta names
 * the pattern and the program. XRD_ERR_IO on a write error. */
xrd_status xrd_report_debye_fit_text(FILE *out, const xrd_debye_fit_result *r,
                                     const xrd_phase *ph, const xrd_debye_fit_options *o,
                                     const char *pattern_name, xrd_error *err);
xrd_status xrd_report_debye_fit_json(FILE *out, const xrd_debye_fit_result *r,
                                     const xrd_phase *ph, const xrd_debye_fit_options *o,
                                     const char *pattern_name, xrd_error *err);

/* The curves as CSV: two_theta_deg, observed, calculated, background,
 * difference. XRD_ERR_IO on a write error. */
xrd_status xrd_report_debye_fit_curves_csv(FILE *out, const xrd_debye_fit_result *r,
                                           xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
