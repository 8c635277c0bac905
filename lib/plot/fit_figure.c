/* The fit figure: pattern panel (observed, calculated, background, phase
 * components, tick rows) over a difference panel with the same x axis
 * and, where it fits, the same counts per unit height. Drawn from an internal
 * description (fig) that a Le Bail result (xrd_plot_fit) or plain curves with
 * peak positions (xrd_plot_curves) fill in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crystal/cellmath.h"
#include "xrdfit/report.h"

#define DIFF_PANEL 0.24 /* share of the plotting height for the difference */
#define TICK_NAME_CHARS 14

/* One row of ticks (a phase's reflections, or fitted peaks) with its key entry
 * and, for a phase, its component curve above the background. */
typedef struct {
    char name[XRDI_GP_MAX_STRING + 1]; /* row label, cleaned */
    char legend[2 * XRDI_GP_MAX_STRING];
    const xrd_refl_result *refl;       /* ticks: the in-range reflections (x h k l), */
    const double *tick_deg;            /* or plain 2theta positions (x) */
    size_t n_ticks;
    const double *component;           /* n_curve values above the background, or NULL */
} fig_row;

typedef struct {
    const char *what;                  /* script comment */
    size_t n;
    const double *x, *obs, *calc, *bkg;
    double lambda;                     /* first line, for q and d axes; NaN = unknown */
    char radiation[64];                /* corner note: "CuKa, 1.540593 A"; "" = none */
    double Rwp, GOF;
    int n_rows;
    fig_row *rows;
} fig;

typedef struct {
    xrd_plot_xaxis axis;
    double lambda;
} xconv;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double conv(const xconv *c, double tth)
{
    double th = 0.5 * tth * M_PI / 180.0;
    switch (c->axis) {
    case XRD_PLOT_X_Q: return 4.0 * M_PI * sin(th) / c->lambda;
    case XRD_PLOT_X_D: return sin(th) > 0 ? c->lambda / (2.0 * sin(th)) : NAN;
    case XRD_PLOT_X_S: return 2.0 * sin(th) / c->lambda;
    default: return tth;
    }
}

static const char *xlabel(xrd_plot_xaxis a)
{
    switch (a) {
    case XRD_PLOT_X_Q: return "q (Å^{-1})";
    case XRD_PLOT_X_D: return "d (Å)";
    case XRD_PLOT_X_S: return "s = 1/d (Å^{-1})";
    default: return "2θ (°)";
    }
}

/* "name  a = 3.775(1) Å, LVol = 3.8(1) nm" */
static void legend_text(const xrd_phase_result *p, char *buf, size_t n)
{
    char name[XRDI_GP_MAX_STRING + 1], a[48], c[48], s[48];
    xrdi_gp_clean(p->name, name, sizeof name);
    xrd_format_esd(p->cell.a, p->cell_esd.a, 4, a, sizeof a);
    int w = snprintf(buf, n, "%s   a = %s Å", name, a);
    unsigned free_cell = xrd_spacegroup_cell_free(&p->sg);
    for (int k = 1; k < 6; k++) {
        double v = xrdi_cell_get(&p->cell, k);
        if (!(free_cell & (1u << k)) || !isfinite(v) || !(v > 0) || w <= 0 || (size_t)w >= n)
            continue;
        w += snprintf(buf + w, n - (size_t)w, ", %s = %s%s", k < 3 ? xrdi_cell_param_name[k]
                                                                  : k == 3 ? "α" : k == 4 ? "β"
                                                                                          : "γ",
                      xrd_format_esd(v, xrdi_cell_get(&p->cell_esd, k), k < 3 ? 4 : 2, c,
                                     sizeof c),
                      k < 3 ? " Å" : "°");
    }
    if (w > 0 && (size_t)w < n && p->size_status == 1 && isfinite(p->size_nm))
        snprintf(buf + w, n - (size_t)w, ", LVol = %s nm",
                 xrd_format_esd(p->size_nm, p->size_esd_nm, 1, s, sizeof s));
}

static void margins(FILE *out, const char *a, double va, const char *b, double vb)
{
    fprintf(out, "set %smargin at screen ", a);
    xrdi_gp_fixed(out, va, 4);
    fprintf(out, "\nset %smargin at screen ", b);
    xrdi_gp_fixed(out, vb, 4);
    fputc('\n', out);
}

static xrd_status check(const fig *f, const xrd_plot_options *o, xconv *cv, xrd_error *err)
{
    if (!f || f->n < 2 || !f->x || !f->obs || !f->calc || !f->bkg)
        return xrd_error_set(err, XRD_ERR_NO_DATA, NULL, 0,
                             "the fit result has no curves to plot");
    cv->axis = o->x_axis;
    cv->lambda = f->lambda;
    if (o->x_axis != XRD_PLOT_X_TWO_THETA && !(isfinite(cv->lambda) && cv->lambda > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a q, s or d axis needs the wavelength, which the result lacks");
    return XRD_OK;
}

/* The largest 1, 2 or 5 x 10^k not above v (v > 0). */
static double nice_step(double v)
{
    if (!(v > 0) || !isfinite(v))
        return 1;
    double step = pow(10.0, floor(log10(v)));
    double m = v / step;
    return step * (m >= 5 ? 5 : m >= 2 ? 2 : 1);
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Highest observed or calculated value with x0 <= x <= x1 (plot x unit). */
static double highest_between(const fig *f, const xconv *cv, double x0, double x1,
                              double floor_value)
{
    double hi = floor_value;
    for (size_t i = 0; i < f->n; i++) {
        double x = conv(cv, f->x[i]);
        if (!(x >= x0 && x <= x1))
            continue;
        if (isfinite(f->obs[i]) && f->obs[i] > hi)
            hi = f->obs[i];
        if (isfinite(f->calc[i]) && f->calc[i] > hi)
            hi = f->calc[i];
    }
    return hi;
}

static void write_data(FILE *out, const fig *f, const xconv *cv, int label_hkl, double *lims)
{
    /* lims: xmin xmax ymin ymax dmax */
    lims[0] = INFINITY, lims[1] = -INFINITY, lims[2] = INFINITY, lims[3] = -INFINITY;
    lims[4] = 0;
    fprintf(out, "# columns: x, observed, calculated, background, observed - calculated%s\n"
                 "$pattern << EOD\n",
            f->n_rows > 0 && f->rows[0].component
                ? ", then each phase's component on the background"
                : "");
    /* the median step, so that the lines break at gaps of the data (scan windows) */
    double step = NAN;
    if (f->n > 2) {
        size_t nd = f->n - 1 < 4096 ? f->n - 1 : 4096, got = 0;
        double *d = malloc(nd * sizeof(double));
        for (size_t i = 0; d && i < nd; i++) {
            size_t a = (f->n - 1) * i / nd;
            d[got++] = fabs(f->x[a + 1] - f->x[a]);
        }
        if (d && got) {
            qsort(d, got, sizeof(double), cmp_double);
            step = d[got / 2];
        }
        free(d);
    }
    for (size_t i = 0; i < f->n; i++) {
        double x = conv(cv, f->x[i]), d = f->obs[i] - f->calc[i];
        if (i > 0 && step > 0 && fabs(f->x[i] - f->x[i - 1]) > 5.0 * step)
            fputc('\n', out); /* a blank line: gnuplot does not join across it */
        xrdi_gp_num(out, x);
        double cols[4] = {f->obs[i], f->calc[i], f->bkg[i], d};
        for (int k = 0; k < 4; k++) {
            fputc(' ', out);
            xrdi_gp_num(out, cols[k]);
        }
        for (int p = 0; p < f->n_rows; p++) {
            if (!f->rows[p].component)
                continue;
            fputc(' ', out);
            xrdi_gp_num(out, f->bkg[i] + f->rows[p].component[i]);
        }
        fputc('\n', out);
        if (isfinite(x)) {
            lims[0] = fmin(lims[0], x);
            lims[1] = fmax(lims[1], x);
        }
        for (int k = 0; k < 3; k++)
            if (isfinite(cols[k])) {
                lims[2] = fmin(lims[2], cols[k]);
                lims[3] = fmax(lims[3], cols[k]);
            }
        if (isfinite(d))
            lims[4] = fmax(lims[4], fabs(d));
    }
    fputs("EOD\n", out);
    for (int p = 0; p < f->n_rows; p++) {
        const fig_row *row = &f->rows[p];
        if (row->refl) {
            fprintf(out, "# reflections of phase %d: x, h, k, l\n$ticks%d << EOD\n", p + 1, p + 1);
            for (size_t k = 0; k < row->n_ticks; k++) {
                const xrd_refl_result *rf = &row->refl[k];
                double x = conv(cv, rf->two_theta_deg);
                if (!rf->in_range || !isfinite(x))
                    continue;
                xrdi_gp_num(out, x);
                fprintf(out, " %d %d %d\n", rf->h, rf->k, rf->l);
            }
        } else {
            fprintf(out, "# positions of row %d: x\n$ticks%d << EOD\n", p + 1, p + 1);
            for (size_t k = 0; k < row->n_ticks; k++) {
                double x = conv(cv, row->tick_deg[k]);
                if (!isfinite(x))
                    continue;
                xrdi_gp_num(out, x);
                fputc('\n', out);
            }
        }
        fputs("EOD\n", out);
    }
    for (int p = 0; label_hkl && p < f->n_rows; p++) {
        const fig_row *row = &f->rows[p];
        if (!row->refl)
            continue;
        double imax = 0;
        for (size_t k = 0; k < row->n_ticks; k++)
            if (row->refl[k].in_range && row->refl[k].intensity > imax)
                imax = row->refl[k].intensity;
        fprintf(out, "# hkl labels of phase %d (>= 5 %% of its strongest): x, label\n"
                     "$labels%d << EOD\n", p + 1, p + 1);
        for (size_t k = 0; k < row->n_ticks; k++) {
            const xrd_refl_result *rf = &row->refl[k];
            double x = conv(cv, rf->two_theta_deg);
            if (!rf->in_range || !isfinite(x) || !(rf->intensity >= 0.05 * imax) || !(imax > 0))
                continue;
            xrdi_gp_num(out, x);
            fprintf(out, " \"%d%d%d\"\n", rf->h, rf->k, rf->l);
        }
        fputs("EOD\n", out);
    }
}

static xrd_status fit_script(FILE *out, const void *data, const xrd_plot_options *o,
                             xrd_error *err)
{
    const fig *r = data;
    xrdi_gp_term t;
    xrd_status st = xrdi_gp_term_of(o, &t, err);
    if (st != XRD_OK)
        return st;
    xconv cv;
    memset(&cv, 0, sizeof cv);
    if ((st = check(r, o, &cv, err)) != XRD_OK)
        return st;
    xrdi_gp_header(out, &t, o, r->what);
    double lim[5];
    write_data(out, r, &cv, o->label_hkl, lim);
    if (!(lim[1] > lim[0]))
        return xrd_error_set(err, XRD_ERR_NO_DATA, NULL, 0, "the curves have no finite x range");
    if (!(lim[3] > lim[2]))
        lim[3] = lim[2] + 1;
    int np = r->n_rows;

    /* page layout in screen fractions, from the font size */
    double wpt = t.fmt == XRD_PLOT_PDF ? 72.0 * t.width : t.width;
    double hpt = t.fmt == XRD_PLOT_PDF ? 72.0 * t.height : t.height;
    /* average glyph width, gnuplot's own (wider) estimate used for the key,
     * and the line height, in screen fractions; cairo's bitmap and svg
     * terminals draw a point as 4/3 pixel */
    double pt = t.fmt == XRD_PLOT_PDF ? 1.0 : 4.0 / 3.0;
    double cw = 0.55 * pt * t.font_pt / wpt, kcw = 0.56 * pt * t.font_pt / wpt;
    double ch = 1.1 * pt * t.font_pt / hpt;
    size_t longest = 0;
    for (int p = 0; p < np; p++) {
        size_t l = strlen(r->rows[p].name);
        longest = l > longest ? l : longest;
    }
    if (longest > TICK_NAME_CHARS)
        longest = TICK_NAME_CHARS;
    double left = 11.5 * cw, right = 1.0 - (np ? (longest + 2.0) * cw : 2.5 * cw);
    double bottom = 4.2 * ch, top = 1.0 - ((o->title && *o->title) ? 2.6 : 1.0) * ch;
    double split = bottom + DIFF_PANEL * (top - bottom);

    /* pattern panel y range, as fractions of its height R: the data, below
     * them a gap and one tick row per phase, above them head room so that
     * the key (in the top corner, right or left, where the data under it are
     * lower) stays clear of the curves */
    const double gap_f = 0.03, row_f = 0.05, top_f = 0.04;
    size_t key_chars = 26; /* "R_wp = 12.34 %, GOF = 1.23" */
    for (int p = 0; p < np; p++) {
        size_t n_chars = utf8_len(r->rows[p].legend) + 8; /* + sample and gaps */
        key_chars = n_chars > key_chars ? n_chars : key_chars;
    }
    double below_f = gap_f + row_f * np;
    /* a small figure: the key in a smaller font with tighter lines */
    double key_scale = 1.0, key_spacing = 1.1;
    if (((4 + np) * 1.1 * ch + 0.8 * ch) / (top - split) > 0.35) {
        key_scale = 0.8;
        key_spacing = 1.0;
    }
    double key_w = key_chars * kcw * key_scale;
    double key_h = ((4 + np) * key_spacing + 0.8) * ch * key_scale;
    double frac = key_h / (top - split) + 0.02;
    if (frac > 0.85 - below_f)
        frac = 0.85 - below_f;
    /* slide the key along the top edge; keep the place with the lowest data
     * under it (the rightmost of those within 10 % of the lowest) */
    const int n_try = 24;
    double best_under = INFINITY, key_x0 = left + 0.005;
    double under[24];
    if (key_w > right - left - 0.01)
        key_w = right - left - 0.01;
    for (int k = 0; k < n_try; k++) {
        double sx1 = right - 0.005 - (right - left - 0.01 - key_w) * k / (n_try - 1);
        double x0 = lim[0] + (sx1 - key_w - left) / (right - left) * (lim[1] - lim[0]);
        double x1 = lim[0] + (sx1 - left) / (right - left) * (lim[1] - lim[0]);
        under[k] = highest_between(r, &cv, x0, x1, lim[2]);
        best_under = fmin(best_under, under[k]);
    }
    for (int k = 0; k < n_try; k++)
        if (under[k] <= best_under + 0.1 * (lim[3] - lim[2])) {
            key_x0 = right - 0.005 - (right - left - 0.01 - key_w) * k / (n_try - 1) - key_w;
            best_under = under[k];
            break;
        }
    double R = (lim[3] - lim[2]) / (1.0 - below_f - top_f);
    double R_key = (best_under - lim[2]) / (1.0 - below_f - frac);
    if (R_key > R)
        R = R_key;
    double ybot = lim[2] - below_f * R, ytop = lim[2] + (1.0 - below_f) * R;
    double gap = gap_f * R, row = row_f * R, tick_h = 0.65 * row_f * R;
    /* difference panel: same counts per height when the residuals fit */
    double per_h = (ytop - ybot) / (top - split);
    double dhalf = 0.5 * per_h * (split - bottom);
    if (lim[4] * 1.15 > dhalf)
        dhalf = lim[4] * 1.15;
    if (!(dhalf > 0))
        dhalf = 1;

    fputs("\n# ---- style ----\n", out);
    fprintf(out, "set style line 1 lc rgb 'black' pt 6 ps %s lw 0.6   # observed\n",
            t.fmt == XRD_PLOT_PDF ? "0.3" : "0.45");
    fputs("set style line 2 lc rgb '#D62728' lw 1.6 dt solid      # calculated\n"
          "set style line 3 lc rgb '#7F7F7F' lw 1.2 dt (8,4)      # background\n"
          "set style line 4 lc rgb '#404040' lw 1.0               # difference\n",
          out);
    for (int p = 0; p < np; p++)
        fprintf(out, "set style line %d lc rgb '%s' lw 1.3   # phase %d\n", 11 + p,
                xrdi_gp_phase_colour(p), p + 1);
    fputs("set border lw 1.0\nset tics out nomirror scale 0.8\nset mxtics 5\n"
          "set format y '%g'\n",
          out);
    fprintf(out, "XMIN = ");
    xrdi_gp_num(out, lim[0]);
    fprintf(out, "; XMAX = ");
    xrdi_gp_num(out, lim[1]);
    fprintf(out, "\nset xrange [XMIN:XMAX]\n");
    margins(out, "l", left, "r", right);

    fputs("\nset multiplot\n# ---- upper panel: the pattern ----\n", out);
    margins(out, "t", top, "b", split);
    fputs("set format x ''\nunset xlabel\nset ylabel 'Intensity (counts)'\n", out);
    fputs("set yrange [", out);
    xrdi_gp_num(out, ybot);
    fputc(':', out);
    xrdi_gp_num(out, ytop);
    fputs("]\nset ytics nomirror 0, ", out);
    xrdi_gp_num(out, nice_step(ytop / 4.0));
    fputc('\n', out);
    fputs("set key at screen ", out);
    xrdi_gp_fixed(out, key_x0, 4);
    fputs(", screen ", out);
    xrdi_gp_fixed(out, top - 0.01, 4);
    fputs(" left top reverse Left samplen 2.5 spacing ", out);
    xrdi_gp_fixed(out, key_spacing, 1);
    if (key_scale < 1) {
        fputs(" font ',", out);
        xrdi_gp_fixed(out, key_scale * t.font_pt, 1);
        fputc('\'', out);
    }
    fputs(" title 'R_{wp} = ", out);
    xrdi_gp_fixed(out, 100 * r->Rwp, 2);
    fputs(" %, GOF = ", out);
    xrdi_gp_fixed(out, r->GOF, 2);
    fputc('\'', out);
    if (key_scale < 1) {
        fputs(" font ',", out);
        xrdi_gp_fixed(out, key_scale * t.font_pt, 1);
        fputc('\'', out);
    }
    fputc('\n', out);
    for (int p = 0; p < np; p++) {
        double yc = lim[2] - gap - row * (p + 0.5);
        char nm[TICK_NAME_CHARS + 4];
        const char *full = r->rows[p].name;
        xrdi_gp_clean(full, nm, strlen(full) > TICK_NAME_CHARS ? TICK_NAME_CHARS + 1 : sizeof nm);
        fprintf(out, "set label %d ", p + 1);
        xrdi_gp_quote(out, nm);
        fputs(" at screen ", out);
        xrdi_gp_fixed(out, right + 0.8 * cw, 4);
        fputs(", first ", out);
        xrdi_gp_num(out, yc);
        fprintf(out, " left noenhanced textcolor rgb '%s'\n", xrdi_gp_phase_colour(p));
    }
    fputs("plot $pattern using 1:2 with points ls 1 title 'Observed', \\\n"
          "     '' using 1:3 with lines ls 2 title 'Calculated', \\\n"
          "     '' using 1:4 with lines ls 3 title 'Background'", out);
    for (int p = 0, comp_col = 6; p < np; p++) {
        if (r->rows[p].component) {
            if (np > 1)
                fprintf(out, ", \\\n     $pattern using 1:%d with lines ls %d notitle", comp_col,
                        11 + p);
            comp_col++;
        }
        double y0 = lim[2] - gap - row * (p + 0.5) - 0.5 * tick_h;
        const char *leg = r->rows[p].legend;
        fprintf(out, ", \\\n     $ticks%d using 1:(", p + 1);
        xrdi_gp_num(out, y0);
        fputs("):(0):(", out);
        xrdi_gp_num(out, tick_h);
        fprintf(out, ") with vectors nohead ls %d lw 1.4 title ", 11 + p);
        xrdi_gp_quote(out, leg);
        fputs(" noenhanced", out);
        if (o->label_hkl && r->rows[p].refl) {
            fprintf(out, ", \\\n     $labels%d using 1:(", p + 1);
            xrdi_gp_num(out, y0 + tick_h);
            fprintf(out, "):2 with labels rotate by 90 left font ',8' tc ls %d notitle", 11 + p);
        }
    }
    fputs("\n\n# ---- lower panel: observed - calculated ----\n", out);
    fputs("unset title\nunset label\nunset key\n", out);
    margins(out, "t", split, "b", bottom);
    fputs("set format x '%g'\n", out);
    fprintf(out, "set xlabel '%s'\n", xlabel(o->x_axis));
    fputs("set ylabel 'Obs. − calc.'\nset yrange [", out);
    xrdi_gp_num(out, -dhalf);
    fputc(':', out);
    xrdi_gp_num(out, dhalf);
    fputs("]\nset ytics ", out);
    /* ticks inside 90 % of the half-height, so that none sits at the panel's
     * top edge against the main panel's labels */
    double dstep = nice_step(0.75 * dhalf);
    double mtop = dstep > 0 ? floor(0.9 * dhalf / dstep) : 1.0;
    if (mtop < 1.0)
        mtop = 1.0;
    xrdi_gp_num(out, -mtop * dstep);
    fputc(',', out);
    xrdi_gp_num(out, dstep);
    fputc(',', out);
    xrdi_gp_num(out, mtop * dstep);
    fputc('\n', out);
    if (r->radiation[0]) {
        /* the radiation in the corner of the difference panel */
        fputs("set label 1 ", out);
        xrdi_gp_quote(out, r->radiation);
        fputs(" at graph 0.995, graph 0.1 right front font ',9' noenhanced tc rgb '#404040'\n",
              out);
    }
    fputs("set xzeroaxis lt 1 lc rgb '#AAAAAA' lw 0.8\n"
          "plot $pattern using 1:5 with lines ls 4 notitle\n"
          "unset multiplot\n",
          out);
    xrdi_gp_footer(out);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return XRD_OK;
}

/* The figure of a Le Bail result: one tick row, key entry and component per
 * phase. f->rows is allocated (free it). */
static xrd_status fig_of_fit(const xrd_fit_result *r, fig *f, xrd_error *err)
{
    memset(f, 0, sizeof *f);
    if (!r || r->n_curve < 2 || !r->x || !r->y_obs || !r->y_calc || !r->y_bkg)
        return xrd_error_set(err, XRD_ERR_NO_DATA, NULL, 0,
                             "the fit result has no curves to plot");
    if (r->n_phases < 0 || (r->n_phases > 0 && (!r->phases || !r->y_phase)))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the fit result's phases are missing");
    f->what = "Le Bail fit figure";
    f->n = r->n_curve;
    f->x = r->x;
    f->obs = r->y_obs;
    f->calc = r->y_calc;
    f->bkg = r->y_bkg;
    f->lambda = r->instrument.rad.n_lines > 0 ? r->instrument.rad.lambda_A[0] : NAN;
    if (isfinite(f->lambda))
        snprintf(f->radiation, sizeof f->radiation, "%.20s%s%.6f Å",
                 strcmp(r->instrument.rad.name, "single") ? r->instrument.rad.name : "",
                 strcmp(r->instrument.rad.name, "single") ? ", λ = " : "λ = ", f->lambda);
    f->Rwp = r->Rwp;
    f->GOF = r->GOF;
    f->n_rows = r->n_phases;
    if (r->n_phases > 0) {
        f->rows = calloc((size_t)r->n_phases, sizeof *f->rows);
        if (!f->rows)
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the figure");
    }
    for (int p = 0; p < r->n_phases; p++) {
        fig_row *row = &f->rows[p];
        xrdi_gp_clean(r->phases[p].name, row->name, sizeof row->name);
        legend_text(&r->phases[p], row->legend, sizeof row->legend);
        row->refl = r->phases[p].refl;
        row->n_ticks = r->phases[p].refl ? r->phases[p].n_refl : 0;
        row->component = r->y_phase[p];
    }
    return XRD_OK;
}

xrd_status xrd_plot_fit_script(FILE *out, const xrd_fit_result *r, const xrd_plot_options *o,
                               xrd_error *err)
{
    fig f;
    xrd_status st = fig_of_fit(r, &f, err);
    if (st == XRD_OK)
        st = fit_script(out, &f, o, err);
    free(f.rows);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_fit(const xrd_fit_result *r, const xrd_plot_options *o, FILE *script_copy,
                        xrd_error *err)
{
    fig f;
    xrd_status st = fig_of_fit(r, &f, err);
    if (st == XRD_OK)
        st = xrdi_gp_render(fit_script, &f, o, script_copy, err);
    free(f.rows);
    return st;
}

/* Plain curves with one row of peak ticks. */
static xrd_status fig_of_curves(const xrd_plot_curves_data *d, fig *f, fig_row *row,
                                xrd_error *err)
{
    memset(f, 0, sizeof *f);
    memset(row, 0, sizeof *row);
    if (!d || d->n < 2 || !d->x || !d->y_obs || !d->y_calc || !d->y_bkg)
        return xrd_error_set(err, XRD_ERR_NO_DATA, NULL, 0, "no curves to plot");
    if (d->n_ticks && !d->tick_deg)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the peak positions are missing");
    f->what = d->what && *d->what ? d->what : "fit figure";
    f->n = d->n;
    f->x = d->x;
    f->obs = d->y_obs;
    f->calc = d->y_calc;
    f->bkg = d->y_bkg;
    f->lambda = d->lambda_A;
    if (isfinite(f->lambda) && f->lambda > 0)
        snprintf(f->radiation, sizeof f->radiation, "λ = %.6f Å", f->lambda);
    f->Rwp = d->Rwp;
    f->GOF = d->GOF;
    if (d->n_ticks) {
        xrdi_gp_clean(d->tick_name ? d->tick_name : "peaks", row->name, sizeof row->name);
        xrdi_gp_clean(d->tick_legend ? d->tick_legend : row->name, row->legend,
                      sizeof row->legend);
        row->tick_deg = d->tick_deg;
        row->n_ticks = d->n_ticks;
        f->rows = row;
        f->n_rows = 1;
    }
    return XRD_OK;
}

xrd_status xrd_plot_curves_script(FILE *out, const xrd_plot_curves_data *d,
                                  const xrd_plot_options *o, xrd_error *err)
{
    fig f;
    fig_row row;
    xrd_status st = fig_of_curves(d, &f, &row, err);
    if (st == XRD_OK)
        st = fit_script(out, &f, o, err);
    if (st == XRD_OK && fflush(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the gnuplot script failed");
    return st;
}

xrd_status xrd_plot_curves(const xrd_plot_curves_data *d, const xrd_plot_options *o,
                           FILE *script_copy, xrd_error *err)
{
    fig f;
    fig_row row;
    xrd_status st = fig_of_curves(d, &f, &row, err);
    if (st == XRD_OK)
        st = xrdi_gp_render(fit_script, &f, o, script_copy, err);
    return st;
}
