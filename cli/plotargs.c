/* Figure options and drawing the fit figure from the CLI.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plotargs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_plotargs_init(cli_plotargs *a)
{
    memset(a, 0, sizeof *a);
    a->x_axis = XRD_PLOT_X_TWO_THETA;
}

static int parse_size(const char *s, double *w, double *h)
{
    const char *x = strchr(s, 'x');
    if (!x)
        x = strchr(s, 'X');
    if (!x || x == s)
        return -1;
    char buf[64];
    size_t n = (size_t)(x - s);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (cli_parse_double(buf, w) || cli_parse_double(x + 1, h) || *w <= 0 || *h <= 0)
        return -1;
    return 0;
}

int cli_plotargs_option(const char *cmd, int opt, const char *arg, cli_plotargs *a)
{
    xrd_plot_format fmt;
    switch (opt) {
    case CLI_OPT_PLOT:
        if (xrd_plot_format_of(arg, &fmt, NULL) != XRD_OK) {
            cli_usage(cmd, "--plot expects a file ending in .png, .svg or .pdf, found '%s'", arg);
            return -1;
        }
        a->plot_out = arg;
        return 1;
    case CLI_OPT_GPSCRIPT: a->script_out = arg; return 1;
    case CLI_OPT_PLOTSIZE:
        if (parse_size(arg, &a->width, &a->height)) {
            cli_usage(cmd, "--plot-size expects WxH (1200x800; inches for pdf), found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_PLOTX:
        if (!strcmp(arg, "2theta"))
            a->x_axis = XRD_PLOT_X_TWO_THETA;
        else if (!strcmp(arg, "q"))
            a->x_axis = XRD_PLOT_X_Q;
        else if (!strcmp(arg, "d"))
            a->x_axis = XRD_PLOT_X_D;
        else if (!strcmp(arg, "s"))
            a->x_axis = XRD_PLOT_X_S;
        else {
            cli_usage(cmd, "--plot-x expects 2theta, q, s or d, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_PLOTTITLE: a->title = arg; return 1;
    case CLI_OPT_LABELHKL: a->label_hkl = 1; return 1;
    default: return 0;
    }
}

int cli_plot_figure(const cli_plotargs *a, const char *pattern_path, cli_plot_render_fn render,
                    cli_plot_script_fn script_fn, const void *data)
{
    if (!a->plot_out && !a->script_out)
        return CLI_OK;
    xrd_error err;
    xrd_error_clear(&err);
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.width = a->width;
    o.height = a->height;
    o.x_axis = a->x_axis;
    o.label_hkl = a->label_hkl;
    const char *base = pattern_path ? strrchr(pattern_path, '/') : NULL;
    o.title = a->title ? a->title : base ? base + 1 : pattern_path;
    char derived[4096];
    if (a->plot_out) {
        o.output = a->plot_out;
    } else {
        /* script only: name the figure after the script */
        const char *dot = strrchr(a->script_out, '.');
        const char *slash = strrchr(a->script_out, '/');
        int keep = (dot && (!slash || dot > slash)) ? (int)(dot - a->script_out)
                                                    : (int)strlen(a->script_out);
        snprintf(derived, sizeof derived, "%.*s.png", keep, a->script_out);
        o.output = derived;
    }
    FILE *script = NULL;
    if (a->script_out && !(script = fopen(a->script_out, "w"))) {
        xrd_error_set(&err, XRD_ERR_IO, a->script_out, 0, "cannot write the gnuplot script");
        return cli_fail(&err);
    }
    xrd_status st = a->plot_out ? render(data, &o, script, &err)
                                : script_fn(script, data, &o, &err);
    if (script && fclose(script) && st == XRD_OK)
        st = xrd_error_set(&err, XRD_ERR_IO, a->script_out, 0, "cannot write the gnuplot script");
    if (st != XRD_OK)
        return cli_fail(&err);
    return CLI_OK;
}

static xrd_status fit_render(const void *data, const xrd_plot_options *o, FILE *copy,
                             xrd_error *err)
{
    return xrd_plot_fit(data, o, copy, err);
}

static xrd_status fit_script(FILE *out, const void *data, const xrd_plot_options *o,
                             xrd_error *err)
{
    return xrd_plot_fit_script(out, data, o, err);
}

static xrd_status curves_render(const void *data, const xrd_plot_options *o, FILE *copy,
                                xrd_error *err)
{
    return xrd_plot_curves(data, o, copy, err);
}

static xrd_status curves_script(FILE *out, const void *data, const xrd_plot_options *o,
                                xrd_error *err)
{
    return xrd_plot_curves_script(out, data, o, err);
}

int cli_plot_curves(const cli_plotargs *a, const char *pattern_path,
                    const xrd_plot_curves_data *d)
{
    return cli_plot_figure(a, pattern_path, curves_render, curves_script, d);
}

int cli_plot_fit(const cli_plotargs *a, const xrd_fit_result *r, const char *pattern_path)
{
    return cli_plot_figure(a, pattern_path, fit_render, fit_script, r);
}
