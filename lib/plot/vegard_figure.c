/* Vegard figure: lattice constant against composition with the end members,
 * the straight Vegard line and the sample's phases with error bars.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <math.h>
#include <stdio.h>

static double esd0(double e)
{
    return isfinite(e) && e > 0 ? e : 0.0;
}

static xrd_status vegard_script(FILE *out, const void *data, const xrd_plot_options *o,
                                xrd_error *err)
{
    const xrd_plot_vegard_data *v = data;
    xrdi_gp_term t;
    xrd_status st = xrdi_gp_term_of(o, &t, err);
    if (st != XRD_OK)
        return st;
    if (!v || !(isfinite(v->a0_A) && isfinite(v->a1_A) && v->a0_A > 0 && v->a1_A > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the Vegard figure needs both end members' lattice constants");
    if (v->n && !v->points)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the Vegard points are missing");
    double lo = fmin(v->a0_A, v->a1_A), hi = fmax(v->a0_A, v->a1_A);
    for (size_t i = 0; i < v->n; i++) {
        const xrd_plot_vegard_point *p = &v->points[i];
        if (isfinite(p->a_A)) {
            lo = fmin(lo, p->a_A - esd0(p->a_esd_A));
            hi = fmax(hi, p->a_A + esd0(p->a_esd_A));
        }
    }
    double pad = 0.12 * (hi - lo > 0 ? hi - lo : 0.01);
    xrdi_gp_header(out, &t, o, "Vegard figure");
    fputs("# end members: x, a (A)\n$members << EOD\n0 ", out);
    xrdi_gp_num(out, v->a0_A);
    fputs("\n1 ", out);
    xrdi_gp_num(out, v->a1_A);
    fputs("\nEOD\n# sample phases: x, a (A), esd x, esd a\n$phases << EOD\n", out);
    for (size_t i = 0; i < v->n; i++) {
        const xrd_plot_vegard_point *p = &v->points[i];
        double cols[4] = {p->x, p->a_A, esd0(p->x_esd), esd0(p->a_esd_A)};
        for (int k = 0; k < 4; k++) {
            if (k)
                fputc(' ', out);
            xrdi_gp_num(out, cols[k]);
        }
        fputc('\n', out);
    }
    fputs("EOD\n\nset border lw 1.0\nset tics out nomirror scale 0.8\nset mxtics 2\n"
          "set mytics 2\nset format y '%.3f'\nset ylabel 'a (Å)'\n",
          out);
    if (v->x_label) {
        fputs("set xlabel ", out);
        xrdi_gp_quote(out, v->x_label);
        fputs(" noenhanced\n", out);
    } else {
        char m0[64], m1[64], lab[200];
        xrdi_gp_clean(v->member0 ? v->member0 : "A", m0, sizeof m0);
        xrdi_gp_clean(v->member1 ? v->member1 : "B", m1, sizeof m1);
        snprintf(lab, sizeof lab, "x in (1−x) %s + x %s", m0, m1);
        fputs("set xlabel ", out);
        xrdi_gp_quote(out, lab);
        fputs(" noenhanced\n", out);
    }
    fputs("set xrange [-0.05:1.05]\nset yrange [", out);
    xrdi_gp_num(out, lo - pad);
    fputc(':', out);
    xrdi_gp_num(out, hi + pad);
    /* the key goes to the left corner the Vegard line leaves free */
    fprintf(out, "]\nset key %s left reverse Left samplen 2.5 spacing 1.1 opaque\n",
            v->a0_A > v->a1_A ? "bottom" : "top");
    const char *names[2] = {v->member0 ? v->member0 : "", v->member1 ? v->member1 : ""};
    double as[2] = {v->a0_A, v->a1_A};
    for (int k = 0; k < 2; k++) {
        fprintf(out, "set label %d ", k + 1);
        xrdi_gp_quote(out, names[k]);
        fprintf(out, " at first %d, first ", k);
        xrdi_gp_num(out, as[k]);
        fprintf(out, " %s offset char %s,-1.2 noenhanced\n", k ? "right" : "left",
                k ? "-0.5" : "0.5");
    }
    for (size_t i = 0; i < v->n; i++) {
        const xrd_plot_vegard_point *p = &v->points[i];
        if (!p->name || !isfinite(p->x) || !isfinite(p->a_A))
            continue;
        fprintf(out, "set label %zu ", i + 3);
        xrdi_gp_quote(out, p->name);
        fputs(" at first ", out);
        xrdi_gp_num(out, p->x);
        fputs(", first ", out);
        xrdi_gp_num(out, p->a_A);
        fprintf(out, " left offset char 1,0.9 noenhanced tc rgb '%s'\n", xrdi_gp_phase_colour(0));
    }
    fprintf(out, "plot $members using 1:2 with lines lw 1.5 dt (8,4) lc rgb '#7F7F7F' "
                 "title 'Vegard line', \\\n"
                 "     $members using 1:2 with points pt 5 ps 1.3 lc rgb 'black' "
                 "title 'end members', \\\n"
                 "     $phases using 1:2:3:4 with xyerrorbars pt 7 ps 1.2 lc rgb '%s' "
                 "title 'sample'\n",
            xrdi_gp_phase_colour(0));
    xrdi_gp_footer(out);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return XRD_OK;
}

xrd_status xrd_plot_vegard_script(FILE *out, const xrd_plot_vegard_data *v,
                                  const xrd_plot_options *o, xrd_error *err)
{
    xrd_status st = vegard_script(out, v, o, err);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_vegard(const xrd_plot_vegard_data *v, const xrd_plot_options *o,
                           FILE *script_copy, xrd_error *err)
{
    return xrdi_gp_render(vegard_script, v, o, script_copy, err);
}
