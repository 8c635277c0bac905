/* The patterns of a series as a 2-D map (2theta against temperature or index,
 * intensity as colour) and as a waterfall (curves stacked by their row), as
 * beamline users look at in situ runs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <math.h>
#include <stdio.h>

/* The data checked and the terminal of o into t; then the script's header. */
static xrd_status begin(FILE *out, const xrd_plot_map_data *d, const xrd_plot_options *o,
                        const char *what, xrd_error *err)
{
    if (!d || d->n_x < 2 || d->n_rows < 1 || !d->x || !d->y || !d->row_value)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a map needs at least one pattern of two points");
    xrdi_gp_term t;
    xrd_status st = xrdi_gp_term_of(o, &t, err);
    if (st == XRD_OK)
        xrdi_gp_header(out, &t, o, what);
    return st;
}

static xrd_status map_script(FILE *out, const void *data, const xrd_plot_options *o,
                             xrd_error *err)
{
    const xrd_plot_map_data *d = data;
    xrd_status st = begin(out, d, o, "series map", err);
    if (st != XRD_OK)
        return st;
    /* x, row, intensity; a blank line between rows (gnuplot's grid for pm3d) */
    fputs("$map << EOD\n", out);
    for (size_t r = 0; r < d->n_rows; r++) {
        for (size_t i = 0; i < d->n_x; i++) {
            double v = d->y[r * d->n_x + i];
            xrdi_gp_num(out, d->x[i]);
            fputc(' ', out);
            xrdi_gp_num(out, d->row_value[r]);
            fputc(' ', out);
            if (isfinite(v))
                xrdi_gp_num(out, v);
            else
                fputs("NaN", out);
            fputc('\n', out);
        }
        fputc('\n', out);
    }
    fputs("EOD\n", out);
    fputs("set view map\nset pm3d map corners2color c1\nset palette rgb 33,13,10\n"
          "set border lw 1.0\nset tics out nomirror scale 0.8\nset mxtics 5\n"
          "set xlabel '2θ (°)'\nset cblabel 'intensity'\nunset key\n",
          out);
    fputs("set ylabel ", out);
    xrdi_gp_quote(out, d->row_label ? d->row_label : "pattern");
    fputs(" noenhanced\n", out);
    fputs("set xrange [", out);
    xrdi_gp_num(out, d->x[0]);
    fputc(':', out);
    xrdi_gp_num(out, d->x[d->n_x - 1]);
    fputs("]\n", out);
    if (d->n_rows == 1) {
        fputs("set yrange [*:*]\n", out);
    } else {
        /* the rows' own span: gnuplot would round it out to whole tics */
        fputs("set yrange [", out);
        xrdi_gp_num(out, d->row_value[0]);
        fputc(':', out);
        xrdi_gp_num(out, d->row_value[d->n_rows - 1]);
        fputs("]\n", out);
    }
    fputs("splot $map using 1:2:3 with pm3d\n", out);
    xrdi_gp_footer(out);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return XRD_OK;
}

static xrd_status waterfall_script(FILE *out, const void *data, const xrd_plot_options *o,
                                   xrd_error *err)
{
    const xrd_plot_map_data *d = data;
    xrd_status st = begin(out, d, o, "series waterfall", err);
    if (st != XRD_OK)
        return st;
    /* the offset between curves: a quarter of the highest point */
    double hi = 0;
    for (size_t r = 0; r < d->n_rows; r++)
        for (size_t i = 0; i < d->n_x; i++)
            if (isfinite(d->y[r * d->n_x + i]) && d->y[r * d->n_x + i] > hi)
                hi = d->y[r * d->n_x + i];
    double off = hi > 0 ? 0.25 * hi : 1.0;
    fputs("$rows << EOD\n", out);
    for (size_t r = 0; r < d->n_rows; r++) {
        for (size_t i = 0; i < d->n_x; i++) {
            double v = d->y[r * d->n_x + i];
            xrdi_gp_num(out, d->x[i]);
            fputc(' ', out);
            if (isfinite(v))
                xrdi_gp_num(out, v + off * (double)r);
            else
                fputs("NaN", out);
            fputc('\n', out);
        }
        fputs("\n\n", out); /* one gnuplot index per row */
    }
    fputs("EOD\n", out);
    fputs("set border lw 1.0\nset tics out nomirror scale 0.8\nset mxtics 5\n"
          "set xlabel '2θ (°)'\nset ylabel 'intensity + offset'\nunset key\nset ytics format ''\n"
          "unset colorbox\nset palette rgb 33,13,10\n",
          out);
    for (size_t r = 0; r < d->n_rows; r++) {
        fprintf(out, "set label %zu '", r + 1);
        xrdi_gp_fixed(out, d->row_value[r], 0);
        fprintf(out, "%s' at graph 1.01, first ",
                d->row_label && d->row_label[0] == 'T' ? " K" : "");
        xrdi_gp_num(out, off * (double)r + 0.05 * off);
        fputs(" left font ',9'\n", out);
    }
    fprintf(out, "set rmargin 11\nplot for [i=0:%zu] $rows index i using 1:2 with lines lw 1.0 "
                 "lc palette frac (%zu > 0 ? i / %zu.0 : 0)\n",
            d->n_rows - 1, d->n_rows - 1, d->n_rows > 1 ? d->n_rows - 1 : 1);
    xrdi_gp_footer(out);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return XRD_OK;
}

xrd_status xrd_plot_map_script(FILE *out, const xrd_plot_map_data *d, const xrd_plot_options *o,
                               xrd_error *err)
{
    xrd_status st = map_script(out, d, o, err);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_map(const xrd_plot_map_data *d, const xrd_plot_options *o, FILE *script_copy,
                        xrd_error *err)
{
    return xrdi_gp_render(map_script, d, o, script_copy, err);
}

xrd_status xrd_plot_waterfall_script(FILE *out, const xrd_plot_map_data *d,
                                     const xrd_plot_options *o, xrd_error *err)
{
    xrd_status st = waterfall_script(out, d, o, err);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_waterfall(const xrd_plot_map_data *d, const xrd_plot_options *o,
                              FILE *script_copy, xrd_error *err)
{
    return xrdi_gp_render(waterfall_script, d, o, script_copy, err);
}
