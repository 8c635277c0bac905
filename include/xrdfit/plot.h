/* xrdfit: figures through gnuplot (fit, Williamson-Hall, Vegard).
 * Each figure has two entry points: xrd_plot_*_script writes the complete,
 * self-contained gnuplot script (data inline as datablocks) to a FILE * the
 * caller owns, so a user can restyle it and run `gnuplot FILE`; xrd_plot_*
 * renders the same text by running gnuplot (fork/exec, no shell) with the
 * script on a pipe to its standard input. No temporary file is written.
 * User strings (file names, titles, phase names) are single-quoted with ''
 * doubling, control characters replaced by spaces, and drawn noenhanced, so
 * gnuplot neither executes nor interprets them.
 * Rendering blocks SIGPIPE in the calling thread while it writes to the pipe
 * (pthread_sigmask) and discards a SIGPIPE it caused, so a gnuplot that dies
 * early gives an error, never a signal; the process-wide disposition is not
 * changed. The child is always reaped (waitpid).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PLOT_H
#define XRDFIT_PLOT_H

#include <stddef.h>
#include <stdio.h>
#include "xrdfit/error.h"
#include "xrdfit/fit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Output format, chosen from the output file's extension. */
typedef enum { XRD_PLOT_PNG = 1, XRD_PLOT_SVG, XRD_PLOT_PDF } xrd_plot_format;

/* x axis of the fit figure: 2theta (deg), q = 4 pi sin(theta) / lambda (1/A) or
 * d = lambda / (2 sin theta) (A), with the first wavelength line (Ka1). */
typedef enum {
    XRD_PLOT_X_TWO_THETA = 0,
    XRD_PLOT_X_Q, /* q = 4 pi sin(theta) / lambda, 1/A */
    XRD_PLOT_X_D, /* d, A */
    XRD_PLOT_X_S  /* s = 1/d = q / 2 pi, 1/A (electron rings) */
} xrd_plot_xaxis;

typedef struct {
    const char *output;     /* figure file: .png (pngcairo), .svg (svg), .pdf (pdfcairo) */
    double width, height;   /* pixels for png/svg, inches for pdf; 0 = default:
                               1200 x 800 px, pdf 7 x 4.67 in */
    const char *title;      /* NULL or "" = no title; drawn literally */
    xrd_plot_xaxis x_axis;  /* fit figure only */
    const char *gnuplot;    /* program to run; NULL = "gnuplot" searched on PATH */
    double timeout_s;       /* gnuplot is killed after this; 0 = 120 s */
    int label_hkl;          /* fit figure: label each phase's strong reflections
                             * (>= 5 % of its strongest) with hkl above its ticks */
} xrd_plot_options;

/* Defaults: no output (must be set), default size, no title, 2theta axis. */
void xrd_plot_options_default(xrd_plot_options *o);

/* Format of a figure path from its extension (case-insensitive).
 * XRD_ERR_INVALID naming the path when the extension is not .png/.svg/.pdf. */
xrd_status xrd_plot_format_of(const char *path, xrd_plot_format *fmt, xrd_error *err);

/* ---- the fit figure ----
 * Observed points, calculated and background lines, each phase's component
 * (on the background) in its colour, a row of hkl ticks per phase labelled
 * with its name, a legend "name  a = 3.775(1) A, LVol = 3.8(1) nm", and the
 * difference curve in a lower panel with the same x axis. r is read only. */
xrd_status xrd_plot_fit_script(FILE *out, const xrd_fit_result *r, const xrd_plot_options *o,
                               xrd_error *err);

/* Render the fit figure to o->output; when script_copy is not NULL the same
 * script is also written there (before gnuplot runs, so it is kept even
 * when gnuplot is missing). XRD_ERR_EXTERNAL when gnuplot is not found
 * ("gnuplot not found: install gnuplot-nox (make deps)") or fails (its
 * standard error is in the message); XRD_ERR_INVALID for bad options. */
xrd_status xrd_plot_fit(const xrd_fit_result *r, const xrd_plot_options *o, FILE *script_copy,
                        xrd_error *err);

/* ---- the same figure from plain curves (peak fits) ----
 * Observed points, calculated and background lines, one row of ticks at the
 * given positions (labelled tick_name, key entry tick_legend) and the
 * difference panel; the key title gives R_wp and GOF. Arrays are read only. */
typedef struct {
    size_t n;                    /* points */
    const double *x;             /* 2theta (deg), increasing */
    const double *y_obs, *y_calc, *y_bkg;
    size_t n_ticks;
    const double *tick_deg;      /* tick positions, 2theta (deg); NULL when n_ticks = 0 */
    const char *tick_name;       /* row label; NULL = "peaks" */
    const char *tick_legend;     /* key entry; NULL = tick_name */
    double lambda_A;             /* first line, for --plot-x q / d; NaN = 2theta only */
    double Rwp, GOF;             /* Rwp as a fraction (0.05 = 5 %) */
    const char *what;            /* first comment line of the script; NULL = "fit figure" */
} xrd_plot_curves_data;

/* Write the script of the curves figure; XRD_ERR_NO_DATA without curves,
 * XRD_ERR_INVALID for bad options or a q/d axis without lambda_A. */
xrd_status xrd_plot_curves_script(FILE *out, const xrd_plot_curves_data *d,
                                  const xrd_plot_options *o, xrd_error *err);
/* Render it; see xrd_plot_fit for script_copy and errors. */
xrd_status xrd_plot_curves(const xrd_plot_curves_data *d, const xrd_plot_options *o,
                           FILE *script_copy, xrd_error *err);

/* ---- Williamson-Hall figure: beta cos(theta) against 4 sin(theta) ----
 * One series per phase: points with error bars (yerr may be NULL), optional
 * point labels (hkl, may be NULL), and the fitted line
 * y = intercept + slope * x (drawn when both are finite). y in radians. */
typedef struct {
    const char *name;            /* legend text, e.g. "Cu-rich  D = 4.1(3) nm" */
    size_t n;
    const double *x;             /* 4 sin(theta) */
    const double *y;             /* beta cos(theta), rad */
    const double *yerr;          /* esd of y, rad; NULL = none */
    const char *const *labels;   /* NULL or n strings ("111") */
    double slope, intercept;     /* fit line; NaN = not drawn */
} xrd_plot_wh_series;

xrd_status xrd_plot_wh_script(FILE *out, const xrd_plot_wh_series *s, int n_series,
                              const xrd_plot_options *o, xrd_error *err);
/* Render it; see xrd_plot_fit for script_copy and errors. */
xrd_status xrd_plot_wh(const xrd_plot_wh_series *s, int n_series, const xrd_plot_options *o,
                       FILE *script_copy, xrd_error *err);

/* ---- Vegard figure: lattice constant a against composition x ----
 * The end members (x = 0 and x = 1, labelled), the straight Vegard line
 * between them, and the sample's phases as points with error bars on x and
 * on a (esds may be NaN or 0 = no bar). */
typedef struct {
    const char *name;            /* phase name, drawn next to the point */
    double x, x_esd;             /* composition, fraction of member 1 */
    double a_A, a_esd_A;
} xrd_plot_vegard_point;

typedef struct {
    const char *member0, *member1; /* end member names ("Cu", "Ru-fcc") */
    double a0_A, a1_A;             /* their lattice constants, A */
    const char *x_label;           /* NULL = "x in (1-x) member0 + x member1" */
    size_t n;
    const xrd_plot_vegard_point *points;
} xrd_plot_vegard_data;

xrd_status xrd_plot_vegard_script(FILE *out, const xrd_plot_vegard_data *v,
                                  const xrd_plot_options *o,
                                  xrd_error *err);
/* Render it; see xrd_plot_fit for script_copy and errors. */
xrd_status xrd_plot_vegard(const xrd_plot_vegard_data *v, const xrd_plot_options *o,
                           FILE *script_copy, xrd_error *err);

/* ---- trend figure of a series: one panel per quantity against temperature
 * (or the pattern's index): lattice constant a, crystal size and, when any
 * is given, weight fraction; one colour per phase, esd bars (NaN = none). ---- */
typedef struct {
    const char *name;            /* phase name (legend) */
    size_t n;
    const double *x;             /* temperature (K) or index */
    const double *a_A, *a_esd_A;
    const double *size_nm, *size_esd_nm;  /* may be NULL */
    const double *wf, *wf_esd;            /* weight fractions 0..1; may be NULL */
} xrd_plot_trend_series;

typedef struct {
    const char *x_label;         /* "T (K)" or "pattern" */
    int n_series;
    const xrd_plot_trend_series *series;
} xrd_plot_trend_data;

xrd_status xrd_plot_trend_script(FILE *out, const xrd_plot_trend_data *d,
                                 const xrd_plot_options *o, xrd_error *err);
/* Render it; see xrd_plot_fit for script_copy and errors. */
xrd_status xrd_plot_trend(const xrd_plot_trend_data *d, const xrd_plot_options *o,
                          FILE *script_copy, xrd_error *err);

/* ---- map and waterfall of a series: the patterns on one x grid, one row
 * each (row_value: temperature in K or index), intensity as colour (map) or
 * as stacked curves offset by their row (waterfall). ---- */
typedef struct {
    size_t n_x;
    const double *x;             /* 2theta (deg), increasing */
    size_t n_rows;
    const double *row_value;     /* n_rows, increasing */
    const double *y;             /* n_rows x n_x, row-major; NaN = no data */
    const char *row_label;       /* "T (K)" or "pattern" */
} xrd_plot_map_data;

xrd_status xrd_plot_map_script(FILE *out, const xrd_plot_map_data *d, const xrd_plot_options *o,
                               xrd_error *err);
xrd_status xrd_plot_map(const xrd_plot_map_data *d, const xrd_plot_options *o, FILE *script_copy,
                        xrd_error *err);
xrd_status xrd_plot_waterfall_script(FILE *out, const xrd_plot_map_data *d,
                                     const xrd_plot_options *o, xrd_error *err);
xrd_status xrd_plot_waterfall(const xrd_plot_map_data *d, const xrd_plot_options *o,
                              FILE *script_copy, xrd_error *err);

/* ---- redrawing from a fit JSON ----
 * Read a document written by xrd_report_fit_json_curves (xrdfit fit --json F
 * --json-curves) into a newly allocated result holding what the figure needs
 * (phases, cells and esds, sizes, reflections, radiation, Rwp, curves).
 * pattern (may be NULL) receives the "pattern" string. Limits: 256 MB, nesting
 * 64. XRD_ERR_PARSE with the line for malformed JSON, XRD_ERR_NO_DATA when
 * there are no "curves". Free with xrd_plot_fit_result_free. */
xrd_status xrd_plot_read_fit_json(const char *path, xrd_fit_result **out, char *pattern,
                                  size_t pattern_size, xrd_error *err);

/* Free a result from xrd_plot_read_fit_json; NULL accepted. Never pass a
 * result owned by a fit workspace. */
void xrd_plot_fit_result_free(xrd_fit_result *r);

#ifdef __cplusplus
}
#endif
#endif
