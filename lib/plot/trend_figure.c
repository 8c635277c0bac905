/* Trend figure of a series: lattice constant, crystal size and weight
 * fraction of every phase against temperature (or pattern index), stacked
 * panels sharing the x axis, esd bars.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <math.h>
#include <stdio.h>

static int any_finite(const double *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (isfinite(v[i]))
            return 1;
    return 0;
}

/* data block NAME of x, y, esd (rows with a finite y; a blank line where
 * rows are missing, so that the line breaks there) */
static void block(FILE *out, const char *name, int s, const xrd_plot_trend_series *t,
                  const double *y, const double *e, double scale)
{
    fprintf(out, "$%s%d << EOD\n", name, s);
    int gap = 0, any = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!isfinite(t->x[i]) || !isfinite(y[i])) {
            gap = any; /* a missing point breaks the line: a blank line */
            continue;
        }
        if (gap)
            fputc('\n', out);
        gap = 0;
        any = 1;
        xrdi_gp_num(out, t->x[i]);
        fputc(' ', out);
        xrdi_gp_num(out, scale * y[i]);
        fputc(' ', out);
        xrdi_gp_num(out, e && isfinite(e[i]) && e[i] > 0 ? scale * e[i] : 0.0);
        fputc('\n', out);
    }
    fputs("EOD\n", out);
}

static void panel(FILE *out, const xrd_plot_trend_data *d, const char *name, const char *ylabel,
                  int bottom, double y0, double h)
{
    fprintf(out, "set origin 0,%.4f\nset size 1,%.4f\n", y0, h);
    fputs("set ylabel ", out);
    xrdi_gp_quote(out, ylabel);
    fputs(" noenhanced\n", out);
    if (bottom) {
        fputs("set format x '%g'\nset xlabel ", out);
        xrdi_gp_quote(out, d->x_label ? d->x_label : "T (K)");
        fputs(" noenhanced\nset bmargin 3.5\n", out);
    } else {
        fputs("set format x ''\nunset xlabel\nset bmargin 0.5\n", out);
    }
    fputs("plot ", out);
    int first = 1;
    for (int s = 0; s < d->n_series; s++) {
        const xrd_plot_trend_series *t = &d->series[s];
        const double *y = name[0] == 'a' ? t->a_A : name[0] == 's' ? t->size_nm : t->wf;
        if (!any_finite(y, t->n))
            continue;
        fprintf(out, "%s$%s%d using 1:2:3 with yerrorlines pt 7 ps 0.9 lw 1.5 lc rgb '%s' title ",
                first ? "" : ", \\\n     ", name, s, xrdi_gp_phase_colour(s));
        xrdi_gp_quote(out, t->name ? t->name : "phase");
        first = 0;
    }
    fputc('\n', out);
}

static xrd_status trend_script(FILE *out, const void *data, const xrd_plot_options *o,
                               xrd_error *err)
{
    const xrd_plot_trend_data *d = data;
    xrdi_gp_term t;
    xrd_status st = xrdi_gp_term_of(o, &t, err);
    if (st != XRD_OK)
        return st;
    if (!d || d->n_series < 1 || !d->series)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the trend figure needs a phase");
    int have_size = 0, have_wf = 0, have_a = 0;
    for (int s = 0; s < d->n_series; s++) {
        have_a |= any_finite(d->series[s].a_A, d->series[s].n);
        have_size |= any_finite(d->series[s].size_nm, d->series[s].n);
        have_wf |= any_finite(d->series[s].wf, d->series[s].n);
    }
    if (!have_a)
        return xrd_error_set(err, XRD_ERR_NO_DATA, NULL, 0,
                             "no pattern of the series has a lattice constant to draw");
    xrdi_gp_header(out, &t, o, "trend figure");
    for (int s = 0; s < d->n_series; s++) {
        const xrd_plot_trend_series *ts = &d->series[s];
        block(out, "a", s, ts, ts->a_A, ts->a_esd_A, 1.0);
        if (ts->size_nm)
            block(out, "s", s, ts, ts->size_nm, ts->size_esd_nm, 1.0);
        if (ts->wf)
            block(out, "w", s, ts, ts->wf, ts->wf_esd, 100.0);
    }
    /* one x range for every panel: a quantity known for fewer patterns (a
     * weight fraction of the two-phase patterns only) must not stretch its
     * panel's axis away from the others' */
    double xlo = INFINITY, xhi = -INFINITY;
    for (int s = 0; s < d->n_series; s++)
        for (size_t i = 0; i < d->series[s].n; i++)
            if (isfinite(d->series[s].x[i])) {
                xlo = fmin(xlo, d->series[s].x[i]);
                xhi = fmax(xhi, d->series[s].x[i]);
            }
    double pad = xhi > xlo ? 0.03 * (xhi - xlo) : 1.0;
    int np = 1 + have_size + have_wf;
    double top = 0.96, h = (top - 0.02) / np;
    fputs("set border lw 1.0\nset tics out nomirror scale 0.8\nset mxtics 2\nset mytics 2\n"
          "set key top left samplen 2 spacing 1.1 opaque\nset lmargin 12\nset tmargin 0.5\n"
          "set offsets graph 0.03, graph 0.03, graph 0.08, graph 0.08\n"
          "set multiplot\n",
          out);
    if (xlo <= xhi) {
        fputs("set xrange [", out);
        xrdi_gp_num(out, xlo - pad);
        fputc(':', out);
        xrdi_gp_num(out, xhi + pad);
        fputs("]\n", out);
    }
    int k = 0;
    panel(out, d, "a", "a (Å)", k == np - 1, top - (k + 1) * h, h);
    k++;
    if (have_size) {
        panel(out, d, "s", "crystal size LVol (nm)", k == np - 1, top - (k + 1) * h, h);
        k++;
    }
    if (have_wf)
        panel(out, d, "w", "weight fraction (%)", k == np - 1, top - (k + 1) * h, h);
    fputs("unset multiplot\n", out);
    xrdi_gp_footer(out);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return XRD_OK;
}

xrd_status xrd_plot_trend_script(FILE *out, const xrd_plot_trend_data *d,
                                 const xrd_plot_options *o, xrd_error *err)
{
    xrd_status st = trend_script(out, d, o, err);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_trend(const xrd_plot_trend_data *d, const xrd_plot_options *o,
                          FILE *script_copy, xrd_error *err)
{
    return xrdi_gp_render(trend_script, d, o, script_copy, err);
}
