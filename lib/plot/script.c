/* Options, terminal choice, script header and footer, and rendering a script
 * through gnuplot. SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"
#include "xrdfit/xrdfit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Okabe-Ito colour-blind-safe colours (no yellow), then two more. */
static const char *const phase_colours[] = {"#0072B2", "#009E73", "#E69F00", "#CC79A7",
                                            "#56B4E9", "#8C564B", "#17BECF", "#7F7F00"};

const char *xrdi_gp_phase_colour(int p)
{
    int n = (int)(sizeof phase_colours / sizeof phase_colours[0]);
    return phase_colours[((p % n) + n) % n];
}

void xrd_plot_options_default(xrd_plot_options *o)
{
    memset(o, 0, sizeof *o);
    o->x_axis = XRD_PLOT_X_TWO_THETA;
}

xrd_status xrd_plot_format_of(const char *path, xrd_plot_format *fmt, xrd_error *err)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (dot && (!slash || dot > slash)) {
        if (!strcasecmp(dot, ".png"))
            return *fmt = XRD_PLOT_PNG, XRD_OK;
        if (!strcasecmp(dot, ".svg"))
            return *fmt = XRD_PLOT_SVG, XRD_OK;
        if (!strcasecmp(dot, ".pdf"))
            return *fmt = XRD_PLOT_PDF, XRD_OK;
    }
    return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                         "the figure's file name must end in .png, .svg or .pdf");
}

xrd_status xrdi_gp_term_of(const xrd_plot_options *o, xrdi_gp_term *t, xrd_error *err)
{
    if (!o || !o->output || !*o->output)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output file for the figure");
    xrd_status st = xrd_plot_format_of(o->output, &t->fmt, err);
    if (st != XRD_OK)
        return st;
    int pdf = t->fmt == XRD_PLOT_PDF;
    t->width = o->width > 0 ? o->width : (pdf ? 7.0 : 1200.0);
    t->height = o->height > 0 ? o->height : (pdf ? 7.0 / 1.5 : 800.0);
    double lo = pdf ? 1.0 : 100.0, hi = pdf ? 100.0 : 20000.0;
    if (!(t->width >= lo && t->width <= hi && t->height >= lo && t->height <= hi))
        return xrd_error_set(err, XRD_ERR_INVALID, o->output, 0,
                             "figure size %gx%g is out of range: %g to %g %s", t->width, t->height,
                             lo, hi, pdf ? "inches" : "pixels");
    /* text and lines scale with the smaller side relative to 640 x 480 px
     * (pdf: 7 x 4.67 in at 11 pt) */
    double s = pdf ? fmin(t->width / 7.0, t->height / (7.0 / 1.5))
                   : fmin(t->width / 640.0, t->height / 480.0);
    t->font_pt = 11.0 * s;
    if (pdf) /* paper figures: never below 8 pt, however small the page */
        t->font_pt = fmin(fmax(t->font_pt, 8.0), 14.0);
    if (t->font_pt < 6)
        t->font_pt = 6;
    t->lw = pdf ? s : s * 0.9;
    if (t->lw < 0.5)
        t->lw = 0.5;
    return XRD_OK;
}

void xrdi_gp_header(FILE *out, const xrdi_gp_term *t, const xrd_plot_options *o,
                    const char *what)
{
    fprintf(out, "# %s, written by xrdfit %s. Run it with: gnuplot THIS_FILE\n"
                 "# The data are inline ($name << EOD ... EOD); edit styles below.\n",
            what, xrd_version());
    fputs("reset session\nset encoding utf8\n", out);
    static const char *term[] = {"", "pngcairo", "svg", "pdfcairo"};
    const char *unit = t->fmt == XRD_PLOT_PDF ? "in" : "";
    fprintf(out, "set terminal %s size ", term[t->fmt]);
    xrdi_gp_num(out, t->width);
    fprintf(out, "%s,", unit);
    xrdi_gp_num(out, t->height);
    fputs(unit, out);
    fputs(" enhanced font 'Helvetica,", out);
    xrdi_gp_fixed(out, t->font_pt, 1);
    fputs("' linewidth ", out);
    xrdi_gp_fixed(out, t->lw, 2);
    if (t->fmt != XRD_PLOT_PDF)
        fputs(" background rgb 'white'", out);
    fputs("\nset output ", out);
    xrdi_gp_quote(out, o->output);
    fputc('\n', out);
    if (o->title && *o->title) {
        fputs("set title ", out);
        xrdi_gp_quote(out, o->title);
        fputs(" noenhanced\n", out);
    }
}

void xrdi_gp_footer(FILE *out)
{
    fputs("unset output\n", out);
}

xrd_status xrdi_gp_render(xrdi_gp_script_fn fn, const void *data, const xrd_plot_options *o,
                          FILE *script_copy, xrd_error *err)
{
    xrdi_gp_term t;
    xrd_status st = xrdi_gp_term_of(o, &t, err);
    if (st != XRD_OK)
        return st;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "no memory for the gnuplot script");
    st = fn(mem, data, o, err);
    if (fclose(mem) && st == XRD_OK)
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "no memory for the gnuplot script");
    if (st == XRD_OK && script_copy &&
        (fwrite(text, 1, len, script_copy) != len || fflush(script_copy)))
        st = xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    if (st == XRD_OK) {
        struct stat sb;
        int existed = stat(o->output, &sb) == 0;
        st = xrdi_gp_run(o->gnuplot, text, len, o->timeout_s, err);
        if (st != XRD_OK && !existed)
            unlink(o->output);
        else if (st == XRD_OK && stat(o->output, &sb) != 0)
            st = xrd_error_set(err, XRD_ERR_EXTERNAL, o->output, 0,
                               "gnuplot finished but wrote no figure");
    }
    free(text);
    return st;
}
