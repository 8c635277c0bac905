/* xrdfit: a measured powder pattern (x, counts, sigma) and how to read one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PATTERN_H
#define XRDFIT_PATTERN_H

#include <stddef.h>
#include "xrdfit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Unit of the x axis. */
typedef enum {
    XRD_X_TWO_THETA_DEG = 0, /* 2-theta in degrees (default) */
    XRD_X_Q_INV_A,           /* q = 4 pi sin(theta)/lambda in 1/Angstrom */
    XRD_X_Q_INV_NM,          /* q in 1/nm */
    XRD_X_D_A,               /* d-spacing in Angstrom */
    XRD_X_S_INV_A,           /* s = 1/d = 2 sin(theta)/lambda = q / 2 pi in 1/Angstrom */
    XRD_X_S_INV_NM           /* s in 1/nm (electron diffraction's "q without 2 pi") */
} xrd_xunit;
#define XRD_X_LAST XRD_X_S_INV_NM /* the last unit, for range checks */

/* How sigma is chosen when a pattern is read. */
typedef enum {
    XRD_SIGMA_AUTO = 0, /* default: the file's third column when it is plausible as sigma,
                         * sqrt(max(y, 1)) for counts, else the scale of the data's scatter */
    XRD_SIGMA_POISSON,  /* sqrt(max(y, 1)): y are counts */
    XRD_SIGMA_FILE,     /* the file's third column (XRD_ERR_COLUMNS when there is none) */
    XRD_SIGMA_ESTIMATE  /* sqrt(floor + gain * max(y, 0)) from the point-to-point scatter */
} xrd_sigma_choice;

/* Where a pattern's sigma came from. */
typedef enum {
    XRD_SIGMA_FROM_POISSON = 0, /* sqrt(max(y, 1)) */
    XRD_SIGMA_FROM_FILE,        /* the file's third column (or GSAS esd) */
    XRD_SIGMA_FROM_TIME,        /* y are counts per second: sqrt(max(y t, 1)) / t */
    XRD_SIGMA_FROM_SCATTER      /* sqrt(floor + gain * max(y, 0)), scale from the data */
} xrd_sigma_source;

/* The noise of a pattern as read: what sigma is and why. gain is the variance
 * per unit of y (1 for counts, 1/t for counts per second), floor a constant
 * variance (y units squared). scatter_* compare the observed point-to-point
 * scatter with sqrt(max(y,1)) and with the file's sigma (NaN when not known). */
typedef struct {
    xrd_sigma_source source;
    int integer_valued;      /* 1 when every y is a whole number (counts) */
    int noise_free;          /* the scatter is far below any counting noise */
    double time_per_step_s;  /* from the header, 0 if none */
    double gain, floor;      /* sigma^2 = max(floor + gain * max(y, 0), gain^2) */
    double scatter_poisson;  /* observed / Poisson scatter */
    double scatter_file;     /* observed / file-sigma scatter */
    char note[512];          /* one sentence: why this sigma */
} xrd_noise_info;

/* What a file's header says about the measurement (0 / "" when it does not). */
typedef struct {
    char format[32];            /* reader: "text", "gsas", "xrdml", "bruker_raw", "uxd" ... */
    char format_version[32];    /* "1.5", "2.1", "RAW1.01" ... when known */
    double wavelength2_A;       /* Ka2, when the header gives a doublet */
    double ka2_ratio;           /* I(Ka2)/I(Ka1) */
    int ka1_only;               /* 1: the header states the source without Ka2 (monochromated) */
    char anode[8];              /* "Cu", "Co" ... */
    double time_per_step_s;     /* counting time per point */
    double goniometer_radius_mm;
    char sample[128];
    double temperature_K;
    int variable_slit;          /* 1: variable (automatic) divergence slit, 0 fixed or unknown */
    int n_scans, scan;          /* scans in the file and the one read (0-based) */
} xrd_pattern_meta;

/* A pattern owns its arrays. x is strictly increasing; sigma > 0 always
 * (see noise: the file's third column, sqrt(max(y, 1)), or a scale estimated
 * from the data). */
typedef struct {
    size_t n;
    double *x;
    double *y;
    double *sigma;
    xrd_xunit unit;
    int sigma_from_file;     /* 1 when sigma came from the file */
    int reversed;            /* 1 when the file had descending x */
    size_t n_negative;       /* points with y < 0 (allowed, reported) */
    long first_negative_line;/* file line of the first negative y, 0 if none */
    size_t n_skipped;        /* points dropped by a read option (sigma 0 skip) */
    double wavelength_A;     /* wavelength (Ka1 of a doublet) found in a header, 0 if none */
    char source[512];        /* file name or buffer label */
    int unit_from_header;    /* 1 when the x unit was read from a header line */
    double x_scale;          /* factor applied to the file's x (0.01 for GSAS FXYE), 1 if none */
    long header_lines;       /* lines before the first data line (comments, titles) */
    xrd_noise_info noise;    /* what sigma is and why */
    xrd_pattern_meta meta;   /* the header's statements */
} xrd_pattern;

/* Options for reading text patterns; fill with xrd_read_options_default(). */
typedef struct {
    xrd_xunit unit;          /* used when unit_given, or no header says otherwise */
    int unit_given;          /* 1: unit forced by the caller, header ignored */
    int col_x, col_y;        /* 0-based columns, default 0 and 1 */
    int col_sigma;           /* 0-based, -1 = none, -2 = auto (third column if present);
                              * with 0, 1, -2 a file must have 2 or 3 columns, any other
                              * choice allows more (every line as many as the first) */
    double x_scale;          /* multiply x by this (0.01 for centidegrees); default 1;
                              * 0 is taken as 1; a GSAS FXYE/ESD file with x_scale 1
                              * is read in centidegrees (scale 0.01) automatically */
    size_t max_bytes;        /* refuse larger files; default (and 0) XRD_PATTERN_MAX_BYTES */
    int skip_zero_sigma;     /* 1: drop points with sigma <= 0 instead of failing */
    xrd_sigma_choice sigma;  /* default XRD_SIGMA_AUTO; a sigma column chosen by col_sigma
                              * >= 0 is taken as given (XRD_SIGMA_FILE) */
    int scan;                /* scan of a multi-scan file (0-based), default 0 */
} xrd_read_options;

#define XRD_PATTERN_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* Basic statistics of a pattern, for `xrdfit info`. */
typedef struct {
    double x_min, x_max;
    double step_min, step_max, step_median;
    int uniform;             /* 1 when all steps are within 1e-3 relative of the median */
    size_t n_gaps;           /* steps larger than 5 x the median */
    double y_max, y_min;
    double x_at_y_max;
} xrd_pattern_stats;

/* Fill opts with defaults: 2-theta, columns 0/1, sigma auto, scale 1. */
void xrd_read_options_default(xrd_read_options *opts);

/* Read a pattern from path in any format xrd_pattern_formats lists: text
 * (.xy .xye .dat .csv .txt .chi), GSAS .fxye, PANalytical XRDML, and through
 * xylib Bruker RAW v1-v3, UXD and the other binary formats xylib reads; the
 * format is recognised from the content (the extension only breaks ties).
 * On success *out is a new pattern the caller frees with xrd_pattern_free.
 * Errors carry the file name and line (see xrd_error). opts may be NULL.
 * The x unit is opts->unit when unit_given, else what a header line states
 * ("2theta", "Q (Inverse Nanometres)", "d-spacing" ...), else opts->unit;
 * a wavelength stated in the header goes to wavelength_A. */
xrd_status xrd_pattern_read_file(const char *path, const xrd_read_options *opts,
                                 xrd_pattern **out, xrd_error *err);

/* Same as xrd_pattern_read_file for an in-memory buffer of len bytes;
 * name labels the source in errors (and its extension breaks format ties).
 * Formats read through xylib need a file: XRD_ERR_UNSUPPORTED here. */
xrd_status xrd_pattern_read_buffer(const char *buf, size_t len, const char *name,
                                   const xrd_read_options *opts, xrd_pattern **out,
                                   xrd_error *err);

/* One line per format: "name: description (extensions; reader)". Static
 * storage; the list ends with NULL. */
const char *const *xrd_pattern_formats(void);

/* Allocate a pattern of n points (arrays zeroed, unit 2-theta); NULL on failure. */
xrd_pattern *xrd_pattern_new(size_t n);

/* Free a pattern and its arrays; NULL is accepted. */
void xrd_pattern_free(xrd_pattern *p);

/* Deep copy; NULL on allocation failure. */
xrd_pattern *xrd_pattern_clone(const xrd_pattern *p);

/* Copy of the points with x_min <= x <= x_max (in the pattern's unit).
 * XRD_ERR_TOO_FEW when fewer than 2 points remain. */
xrd_status xrd_pattern_crop(const xrd_pattern *p, double x_min, double x_max,
                            xrd_pattern **out, xrd_error *err);

/* Copy summed over bins of m consecutive points: x their mean, y their sum,
 * sigma the root of their variances' sum (counts stay counts); a last partial
 * bin is left out. XRD_ERR_INVALID for m < 1, XRD_ERR_TOO_FEW under 2 bins. */
xrd_status xrd_pattern_bin(const xrd_pattern *p, size_t m, xrd_pattern **out, xrd_error *err);

/* Copy converted to another x unit; lambda_A is needed between 2-theta and
 * q or d (ignored otherwise). Points unreachable at lambda_A are dropped.
 * The result is sorted increasing. */
xrd_status xrd_pattern_convert(const xrd_pattern *p, xrd_xunit to, double lambda_A,
                               xrd_pattern **out, xrd_error *err);

/* Decide the noise of p (see xrd_sigma_choice) from its y, its sigma when
 * p->sigma_from_file, and time_per_step_s (0 if unknown); fill p->noise and
 * rewrite p->sigma to match (p->sigma_from_file becomes 0 when the file's
 * column is set aside). XRD_ERR_INVALID for XRD_SIGMA_FILE without a file
 * sigma. The readers call this; call it again for a pattern built by hand. */
xrd_status xrd_pattern_set_noise(xrd_pattern *p, xrd_sigma_choice choice,
                                 double time_per_step_s, xrd_error *err);

/* Name of a sigma source ("poisson", "file", "counts_per_second", "scatter"). */
const char *xrd_sigma_source_name(xrd_sigma_source s);

/* Compute statistics into st. */
void xrd_pattern_get_stats(const xrd_pattern *p, xrd_pattern_stats *st);

/* Name of a unit ("2theta_deg", "q_inv_A", "q_inv_nm", "d_A"). */
const char *xrd_xunit_name(xrd_xunit u);

/* Parse a unit name: "2theta", "tth", "deg", "q", "q_A", "q_nm", "d" ...
 * Returns 0 on success, -1 when unknown. */
int xrd_xunit_parse(const char *s, xrd_xunit *out);

/* Conversions of one value between units at wavelength lambda_A; NaN when
 * the value has no image (e.g. q beyond 4 pi / lambda). */
double xrd_x_convert(double x, xrd_xunit from, xrd_xunit to, double lambda_A);

#ifdef __cplusplus
}
#endif
#endif
