/* Shared helpers of the plot module (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PLOT_INTERNAL_H
#define XRDFIT_PLOT_INTERNAL_H

#include <stdio.h>
#include "xrdfit/plot.h"

/* Longest user string written into a script (bytes); longer ones are cut at
 * a UTF-8 character boundary and end with "...". */
#define XRDI_GP_MAX_STRING 200

/* ---- gnuplot_pipe.c ---- */

/* Locate program (a path, or a name searched on $PATH); 0 when executable.
 * Fills path (size n) with what will be executed. */
int xrdi_gp_find(const char *program, char *path, size_t n);

/* Run gnuplot (program NULL = "gnuplot") with text on its standard input,
 * its standard output to /dev/null, its standard error collected (first
 * 4 KB). XRD_ERR_EXTERNAL when it is missing, fails to start, exits non-zero,
 * is killed, or outlives timeout_s (<= 0: 120 s); the message quotes its
 * standard error. */
xrd_status xrdi_gp_run(const char *program, const char *text, size_t len, double timeout_s,
                       xrd_error *err);

/* ---- escape.c ---- */

/* Write s as an inert gnuplot single-quoted string: ' doubled, control
 * characters (newline, tab, CR ...) as spaces, length capped. NULL = ''. */
void xrdi_gp_quote(FILE *out, const char *s);

/* Copy s into buf (size n) with the same sanitation as xrdi_gp_quote but
 * without the quotes or doubling (for composing legend text). */
void xrdi_gp_clean(const char *s, char *buf, size_t n);

/* A number for a script or a datablock: %.10g with '.', "NaN" when not finite. */
void xrdi_gp_num(FILE *out, double v);

/* v with `decimals` decimals and '.', whatever the locale. */
void xrdi_gp_fixed(FILE *out, double v, int decimals);

/* ---- script.c ---- */

/* Resolved terminal: format, size, font size and line width scale. */
typedef struct {
    xrd_plot_format fmt;
    double width, height;   /* px, or inches for pdf */
    double font_pt;
    double lw;              /* line width multiplier */
} xrdi_gp_term;

/* Validate o (output set, known extension, sane size) and resolve the terminal. */
xrd_status xrdi_gp_term_of(const xrd_plot_options *o, xrdi_gp_term *t, xrd_error *err);

/* Script header: a comment, encoding, terminal, output, and the title. */
void xrdi_gp_header(FILE *out, const xrdi_gp_term *t, const xrd_plot_options *o,
                    const char *what);

/* Script footer: unset output (closes the file). */
void xrdi_gp_footer(FILE *out);

/* Write a script with fn into memory, copy it to script_copy (if any), run
 * gnuplot on it. When gnuplot fails and o->output did not exist before, the
 * partial output file is removed. */
typedef xrd_status (*xrdi_gp_script_fn)(FILE *out, const void *data, const xrd_plot_options *o,
                                        xrd_error *err);
xrd_status xrdi_gp_render(xrdi_gp_script_fn fn, const void *data, const xrd_plot_options *o,
                          FILE *script_copy, xrd_error *err);

/* Colour of phase p (cycles through a colour-blind-safe palette), "#rrggbb". */
const char *xrdi_gp_phase_colour(int p);

#endif
