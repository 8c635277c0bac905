/* Williamson-Hall figure: beta cos(theta) against 4 sin(theta), one series
 * per phase (points with error bars, the fitted line, hkl labels).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <math.h>

typedef struct {
    const xrd_plot_wh_series *s;
    int n;
} wh_data;

static xrd_status wh_script(FILE *out, const void *data, const xrd_plot_options *o,
                            xrd_error *err)
{
    const xrd_plot_wh_series *s = ((const wh_data *)data)->s;
    int n = ((const wh_data *)data)->n;
    xrdi_gp_term t;
    xrd_status st = xrdi_gp_term_of(o, &t, err);
    if (st != XRD_OK)
        return st;
    if (n < 1 || !s)
        return xrd_error_set(err, XRD_ERR_NO_DATA, NULL, 0, "no Williamson-Hall series to plot");
    double xmax = 0, ymax = 0;
    for (int k = 0; k < n; k++) {
        if (s[k].n && (!s[k].x || !s[k].y))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "Williamson-Hall series %d has no x or y array", k + 1);
        for (size_t i = 0; i < s[k].n; i++) {
            double e = s[k].yerr && isfinite(s[k].yerr[i]) ? fabs(s[k].yerr[i]) : 0;
            if (isfinite(s[k].x[i]))
                xmax = fmax(xmax, s[k].x[i]);
            if (isfinite(s[k].y[i]))
                ymax = fmax(ymax, s[k].y[i] + e);
        }
    }
    if (!(xmax > 0))
        xmax = 4;
    if (!(ymax > 0))
        ymax = 1e-3;
    xrdi_gp_header(out, &t, o, "Williamson-Hall figure");
    for (int k = 0; k < n; k++) {
        fprintf(out, "# series %d: 4 sin(theta), beta cos(theta) (rad), esd, label\n"
                     "$wh%d << EOD\n", k + 1, k + 1);
        for (size_t i = 0; i < s[k].n; i++) {
            xrdi_gp_num(out, s[k].x[i]);
            fputc(' ', out);
            xrdi_gp_num(out, s[k].y[i]);
            fputc(' ', out);
            xrdi_gp_num(out, s[k].yerr ? s[k].yerr[i] : 0.0);
            fputc(' ', out);
            /* a quoted label column; datablock lines are data, never commands */
            char lab[64];
            xrdi_gp_clean(s[k].labels ? s[k].labels[i] : "", lab, sizeof lab);
            fputc('"', out);
            for (const char *p = lab; *p; p++)
                fputc(*p == '"' ? '\'' : *p, out);
            fputs("\"\n", out);
        }
        fputs("EOD\n", out);
    }
    fputs("\nset style line 1 lc rgb 'black' lw 1\n"
          "set border lw 1.0\nset tics out nomirror scale 0.8\nset mxtics 2\nset mytics 2\n"
          "set xlabel '4 sin θ'\nset ylabel 'β cos θ (rad)'\nset format y '%.3f'\n"
          "set key top left reverse Left samplen 2.5 spacing 1.1 opaque\n",
          out);
    fputs("set xrange [0:", out);
    xrdi_gp_num(out, 1.08 * xmax);
    fputs("]\nset yrange [0:", out);
    xrdi_gp_num(out, 1.25 * ymax);
    fputs("]\nplot ", out);
    for (int k = 0; k < n; k++) {
        const char *col = xrdi_gp_phase_colour(k);
        fprintf(out, "%s$wh%d using 1:2:3 with yerrorbars pt 7 ps 1.1 lc rgb '%s' title ",
                k ? ", \\\n     " : "", k + 1, col);
        xrdi_gp_quote(out, s[k].name ? s[k].name : "");
        fputs(" noenhanced", out);
        if (s[k].labels)
            fprintf(out, ", \\\n     $wh%d using 1:2:4 with labels offset char 0.8,0.8 left "
                         "noenhanced tc rgb '%s' notitle", k + 1, col);
        if (isfinite(s[k].slope) && isfinite(s[k].intercept)) {
            fputs(", \\\n     ", out);
            xrdi_gp_num(out, s[k].intercept);
            fputs(" + ", out);
            xrdi_gp_num(out, s[k].slope);
            fprintf(out, " * x with lines lw 1.5 lc rgb '%s' notitle", col);
        }
    }
    fputc('\n', out);
    xrdi_gp_footer(out);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return XRD_OK;
}

xrd_status xrd_plot_wh_script(FILE *out, const xrd_plot_wh_series *s, int n_series,
                              const xrd_plot_options *o, xrd_error *err)
{
    wh_data d = {s, n_series};
    xrd_status st = wh_script(out, &d, o, err);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_wh(const xrd_plot_wh_series *s, int n_series, const xrd_plot_options *o,
                       FILE *script_copy, xrd_error *err)
{
    wh_data d = {s, n_series};
    return xrdi_gp_render(wh_script, &d, o, script_copy, err);
}
