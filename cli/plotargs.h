/* Figure options shared by the commands that draw (fit, plot, peaks, size):
 * --plot FILE, --gnuplot-script FILE, --plot-size WxH, --plot-x 2theta|q|s|d,
 * --plot-title TEXT. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_PLOTARGS_H
#define XRDFIT_CLI_PLOTARGS_H

#include <getopt.h>
#include "cli.h"

typedef struct {
    const char *plot_out;      /* --plot */
    const char *script_out;    /* --gnuplot-script */
    double width, height;      /* --plot-size; 0 = default */
    xrd_plot_xaxis x_axis;     /* --plot-x */
    const char *title;         /* --plot-title; NULL = the pattern's file name */
    int label_hkl;             /* --label-hkl */
} cli_plotargs;

enum { CLI_OPT_PLOT = 1700, CLI_OPT_GPSCRIPT, CLI_OPT_PLOTSIZE, CLI_OPT_PLOTX, CLI_OPT_PLOTTITLE,
       CLI_OPT_LABELHKL };

#define CLI_PLOT_LONGOPTS                                                      \
    {"plot", required_argument, 0, CLI_OPT_PLOT},                              \
    {"gnuplot-script", required_argument, 0, CLI_OPT_GPSCRIPT},                \
    {"plot-size", required_argument, 0, CLI_OPT_PLOTSIZE},                     \
    {"plot-x", required_argument, 0, CLI_OPT_PLOTX},                           \
    {"plot-title", required_argument, 0, CLI_OPT_PLOTTITLE},                   \
    {"label-hkl", no_argument, 0, CLI_OPT_LABELHKL}

#define CLI_PLOT_HELP                                                          \
    "  --plot FILE         draw the figure with gnuplot: FILE.png, .svg or .pdf\n" \
    "  --gnuplot-script FILE  write the self-contained gnuplot script (run it\n" \
    "                      with `gnuplot FILE` to restyle); alone, it names the\n" \
    "                      figure after FILE with .png and does not run gnuplot\n" \
    "  --plot-size WxH     pixels for png/svg (default 1200x800), inches for pdf\n" \
    "                      (default 7x4.67)\n"                                 \
    "  --plot-x AXIS       x axis of the figure: 2theta (default), q, s (1/d) or d\n"  \
    "  --plot-title TEXT   title (default: the pattern's file name; '' = none)\n" \
    "  --label-hkl         label the strong reflections of each phase with hkl\n"

void cli_plotargs_init(cli_plotargs *a);

/* Handle one getopt result; 1 handled, 0 not ours, -1 bad value (usage printed). */
int cli_plotargs_option(const char *cmd, int opt, const char *arg, cli_plotargs *a);

/* The same options without --plot-x (figures whose x axis is not 2theta). */
#define CLI_PLOT_LONGOPTS_NOX                                                  \
    {"plot", required_argument, 0, CLI_OPT_PLOT},                              \
    {"gnuplot-script", required_argument, 0, CLI_OPT_GPSCRIPT},                \
    {"plot-size", required_argument, 0, CLI_OPT_PLOTSIZE},                     \
    {"plot-title", required_argument, 0, CLI_OPT_PLOTTITLE}

#define CLI_PLOT_HELP_NOX                                                      \
    "  --plot FILE         draw the figure with gnuplot: FILE.png, .svg or .pdf\n" \
    "  --gnuplot-script FILE  write the self-contained gnuplot script (run it\n" \
    "                      with `gnuplot FILE` to restyle); alone, it names the\n" \
    "                      figure after FILE with .png and does not run gnuplot\n" \
    "  --plot-size WxH     pixels for png/svg (default 1200x800), inches for pdf\n" \
    "                      (default 7x4.67)\n"                                 \
    "  --plot-title TEXT   title (default: the pattern's file name; '' = none)\n"

/* Render a figure (data) to o->output, copying the script to script_copy. */
typedef xrd_status (*cli_plot_render_fn)(const void *data, const xrd_plot_options *o,
                                         FILE *script_copy, xrd_error *err);
/* Write a figure's script only. */
typedef xrd_status (*cli_plot_script_fn)(FILE *out, const void *data, const xrd_plot_options *o,
                                         xrd_error *err);

/* Draw a figure / write its script as asked in a (nothing when neither option
 * was given); pattern_path gives the default title. CLI exit code. */
int cli_plot_figure(const cli_plotargs *a, const char *pattern_path, cli_plot_render_fn render,
                    cli_plot_script_fn script, const void *data);

/* cli_plot_figure for a figure of plain curves (peak fits, fit --debye). */
int cli_plot_curves(const cli_plotargs *a, const char *pattern_path,
                    const xrd_plot_curves_data *d);

/* cli_plot_figure for the Le Bail fit figure. */
int cli_plot_fit(const cli_plotargs *a, const xrd_fit_result *r, const char *pattern_path);

#endif
