/* xrdfit: writing results as text tables, JSON and CSV.
 * Writers take a FILE * the caller owns; numbers are written with '.' as the
 * decimal point whatever the locale, and never as NaN in JSON (null instead).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REPORT_H
#define XRDFIT_REPORT_H

#include <stdio.h>
#include "xrdfit/error.h"
#include "xrdfit/fit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Context printed with a result: where the data came from. */
typedef struct {
    const char *pattern_file;
    const char *instrument_file;   /* NULL when the default instrument was used */
    double temperature_K;          /* 0 = not given */
    const char *command;           /* the command line, for provenance; may be NULL */
} xrd_report_meta;

/* Format value with its standard uncertainty in the crystallographic notation
 * 3.775(1) (one digit, two when it starts with 1) into buf; when esd is not
 * finite or <= 0, the value with `digits` decimals. Returns buf. */
char *xrd_format_esd(double value, double esd, int digits, char *buf, size_t n);

/* Paper-style text report of a fit (esds as the result has them: covariance
 * x GOF^2 x serial_factor^2). XRD_ERR_IO when writing fails. */
xrd_status xrd_report_fit_text(FILE *out, const xrd_fit_result *r, const xrd_report_meta *meta,
                               int show_correlation, xrd_error *err);

/* The fit as one JSON object (keys documented in README, "JSON output"). */
xrd_status xrd_report_fit_json(FILE *out, const xrd_fit_result *r, const xrd_report_meta *meta,
                               xrd_error *err);

/* The same JSON object plus "curves": {"x_unit": "2theta_deg", "x",
 * "observed", "calculated", "background": arrays of n points, "phases": one
 * array per phase (its component without background)}; read back by
 * xrd_plot_read_fit_json (`xrdfit plot`). */
xrd_status xrd_report_fit_json_curves(FILE *out, const xrd_fit_result *r,
                                      const xrd_report_meta *meta, xrd_error *err);

/* CSV of the curves: x, observed, calculated, background, one column per
 * phase, difference. */
xrd_status xrd_report_curves_csv(FILE *out, const xrd_fit_result *r, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
