/* Outputs of `xrdfit series`. SPDX-License-Identifier: GPL-3.0-or-later */
#include "series_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_series_out_init(cli_series_out *o)
{
    memset(o, 0, sizeof *o);
}

int cli_series_out_open(cli_series_out *o)
{
    o->t0 = now_s();
    if (!o->jsonl)
        return CLI_OK;
    o->jf = strcmp(o->jsonl, "-") ? fopen(o->jsonl, "w") : stdout;
    if (!o->jf) {
        xrd_error err;
        xrd_error_set(&err, XRD_ERR_IO, o->jsonl, 0, "cannot write the JSON-lines file");
        return cli_fail(&err);
    }
    return CLI_OK;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* the pretty-printed fit JSON on one line: strings hold no raw newline, so
 * every newline and the indentation after it go */
static void json_lines(FILE *f, const char *path, const xrd_fit_result *r,
                       const xrd_analyze_result *an, size_t index)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return;
    xrd_report_meta meta = {path, NULL, 0, NULL};
    xrd_error err;
    int ok = (an ? xrd_report_analyze_json(m, an, path, &err)
                 : xrd_report_fit_json(m, r, &meta, &err)) == XRD_OK;
    fclose(m);
    if (ok && buf) {
        fprintf(f, "{\"index\": %zu, \"%s\": ", index, an ? "analysis" : "fit");
        for (size_t i = 0; i < len; i++) {
            if (buf[i] == '\n') {
                while (i + 1 < len && buf[i + 1] == ' ')
                    i++;
                continue;
            }
            fputc(buf[i], f);
        }
        fputs("}\n", f);
        fflush(f);
    }
    free(buf);
}

static void json_line(FILE *f, const char *path, const xrd_fit_result *r, size_t index)
{
    json_lines(f, path, r, NULL, index);
}

static void json_analysis_line(FILE *f, const char *path, const xrd_analyze_result *an,
                               size_t index)
{
    json_lines(f, path, NULL, an, index);
}

void cli_series_out_item(void *user, size_t index, const xrd_series_row *row,
                         const xrd_fit_result *r, const xrd_analyze_result *an)
{
    cli_series_out *o = user;
    if (o->jf) {
        if (an) {
            json_analysis_line(o->jf, o->paths[index], an, index);
        } else if (r) {
            json_line(o->jf, o->paths[index], r, index);
        } else {
            fprintf(o->jf, "{\"index\": %zu, \"pattern\": ", index);
            json_string(o->jf, o->paths[index]);
            fputs(", \"error\": ", o->jf);
            json_string(o->jf, row->message);
            fputs("}\n", o->jf);
            fflush(o->jf);
        }
    }
    o->done++;
    if (o->progress) {
        double el = now_s() - o->t0, rate = el > 0 ? (double)o->done / el : 0;
        double eta = rate > 0 ? (double)(o->n - o->done) / rate : 0;
        fprintf(stderr, "\rxrdfit series: %zu / %zu, %.1f per s, %.0f s left   ", o->done, o->n,
                rate, eta);
        if (o->done == o->n)
            fputc('\n', stderr);
    }
}

static void csv_field(FILE *f, const char *s)
{
    int quote = strpbrk(s, ",\"\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
    fputc('"', f);
}

static void csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, ",%.10g", v);
    else
        fputc(',', f);
}

static int any_c(const xrd_series_row *rows, size_t n, int k)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(rows[i].phase[k].c_A))
            return 1;
    return 0;
}

static int any_wf(const xrd_series_row *rows, size_t n, int k)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(rows[i].phase[k].weight_fraction))
            return 1;
    return 0;
}

/* file, temperature_K, converged, message of a row */
static void row_head(FILE *f, const char *path, const xrd_series_row *r)
{
    csv_field(f, path);
    csv_num(f, r->temperature_K);
    fprintf(f, ",%s,", r->converged ? "true" : "false");
    csv_field(f, r->message);
}

/* An analyze series: verdict and the chosen model's phases, numbered. */
static void write_analysis_table(FILE *f, const cli_series_out *o, const xrd_series_row *rows)
{
    const xrd_analyze_options *ao = o->ao;
    int np = ao->max_phases;
    fputs("file,temperature_K,converged,message,verdict,n_phases,Rwp,GOF", f);
    for (int k = 0; k < np; k++) {
        fprintf(f, ",phase%d.structure,phase%d.a_A,phase%d.a_esd_A,phase%d.c_A,phase%d.size_nm",
                k + 1, k + 1, k + 1, k + 1, k + 1);
        for (int e = 0; e < ao->n_elements; e++)
            fprintf(f, ",phase%d.x_%s,phase%d.x_%s_esd", k + 1, ao->elements[e], k + 1,
                    ao->elements[e]);
        fprintf(f, ",phase%d.weight_fraction,phase%d.weight_fraction_esd", k + 1, k + 1);
    }
    fputc('\n', f);
    for (size_t i = 0; i < o->n; i++) {
        const xrd_series_row *r = &rows[i];
        row_head(f, o->paths[i], r);
        fprintf(f, ",%s,%d", r->status == XRD_OK ? xrd_verdict_name(r->verdict, r->n_phases) : "",
                r->n_phases);
        csv_num(f, 100.0 * r->Rwp);
        csv_num(f, r->GOF);
        for (int k = 0; k < np; k++) {
            const xrd_series_phase *q = &r->phase[k];
            int on = k < r->n_phases;
            fputc(',', f);
            if (on)
                csv_field(f, q->structure);
            csv_num(f, on ? q->a_A : NAN);
            csv_num(f, on ? q->a_esd_A : NAN);
            csv_num(f, on ? q->c_A : NAN);
            csv_num(f, on ? q->size_nm : NAN);
            for (int e = 0; e < ao->n_elements; e++) {
                csv_num(f, on ? q->x[e] : NAN);
                csv_num(f, on ? q->x_esd[e] : NAN);
            }
            csv_num(f, on ? q->weight_fraction : NAN);
            csv_num(f, on ? q->weight_fraction_esd : NAN);
        }
        fputc('\n', f);
    }
}

static void write_table(FILE *f, const cli_series_out *o, const xrd_series_row *rows)
{
    if (o->ao) {
        write_analysis_table(f, o, rows);
        return;
    }
    fputs("file,temperature_K,converged,message,Rwp,GOF", f);
    for (int k = 0; k < o->n_phases; k++) {
        const char *nm = o->phases[k].name;
        fprintf(f, ",%s.a_A,%s.a_esd_A", nm, nm);
        if (any_c(rows, o->n, k))
            fprintf(f, ",%s.c_A,%s.c_esd_A", nm, nm);
        fprintf(f, ",%s.size_nm,%s.size_esd_nm,%s.strain", nm, nm, nm);
        if (any_wf(rows, o->n, k))
            fprintf(f, ",%s.weight_fraction,%s.weight_fraction_esd", nm, nm);
    }
    fputc('\n', f);
    for (size_t i = 0; i < o->n; i++) {
        const xrd_series_row *r = &rows[i];
        row_head(f, o->paths[i], r);
        csv_num(f, 100.0 * r->Rwp);
        csv_num(f, r->GOF);
        for (int k = 0; k < o->n_phases; k++) {
            const xrd_series_phase *q = &r->phase[k];
            csv_num(f, q->a_A);
            csv_num(f, q->a_esd_A);
            if (any_c(rows, o->n, k)) {
                csv_num(f, q->c_A);
                csv_num(f, q->c_esd_A);
            }
            csv_num(f, q->size_nm);
            csv_num(f, q->size_esd_nm);
            csv_num(f, q->strain);
            if (any_wf(rows, o->n, k)) {
                csv_num(f, q->weight_fraction);
                csv_num(f, q->weight_fraction_esd);
            }
        }
        fputc('\n', f);
    }
}

static int trend_figure(const cli_series_out *o, const xrd_series_row *rows)
{
    size_t n = o->n;
    double *buf = malloc((size_t)o->n_phases * 7 * n * sizeof(double) + 1);
    xrd_plot_trend_series ser[8];
    if (!buf)
        return cli_usage("series", "out of memory");
    int with_t = 1;
    for (size_t i = 0; i < n; i++)
        with_t &= isfinite(rows[i].temperature_K);
    for (int k = 0; k < o->n_phases; k++) {
        double *b = buf + (size_t)k * 7 * n;
        for (size_t i = 0; i < n; i++) {
            const xrd_series_phase *q = &rows[i].phase[k];
            int ok = rows[i].converged;
            b[i] = with_t ? rows[i].temperature_K : (double)(i + 1);
            b[n + i] = ok ? q->a_A : NAN;
            b[2 * n + i] = q->a_esd_A;
            b[3 * n + i] = ok ? q->size_nm : NAN;
            b[4 * n + i] = q->size_esd_nm;
            b[5 * n + i] = ok ? q->weight_fraction : NAN;
            b[6 * n + i] = q->weight_fraction_esd;
        }
        ser[k] = (xrd_plot_trend_series){o->phases[k].name, n, b, b + n, b + 2 * n, b + 3 * n,
                                         b + 4 * n, b + 5 * n, b + 6 * n};
    }
    xrd_plot_trend_data d = {with_t ? "T (K)" : "pattern", o->n_phases, ser};
    xrd_plot_options po;
    xrd_plot_options_default(&po);
    po.output = o->trend_plot;
    po.title = "";
    xrd_error err;
    xrd_status st = xrd_plot_trend(&d, &po, NULL, &err);
    free(buf);
    return st == XRD_OK ? CLI_OK : cli_fail(&err);
}

#define MAP_MAX_ROWS 400

/* Every pattern (at most MAP_MAX_ROWS, evenly taken) read again and
 * interpolated onto the first one's points inside the range all share. */
static int map_figures(const cli_series_out *o, const xrd_series_row *rows)
{
    size_t n = o->n, stride = n > MAP_MAX_ROWS ? (n + MAP_MAX_ROWS - 1) / MAP_MAX_ROWS : 1;
    size_t nr = (n + stride - 1) / stride, nx = 0, got = 0;
    xrd_pattern **p = calloc(nr, sizeof *p);
    double *rv = malloc(nr * sizeof(double)), lo = -INFINITY, hi = INFINITY;
    int rc = CLI_OK, with_t = 1;
    xrd_error err;
    if (!p || !rv) {
        free(p);
        free(rv);
        return cli_usage("series", "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        with_t &= isfinite(rows[i].temperature_K);
    for (size_t r = 0; r < nr; r++) {
        size_t i = r * stride;
        xrd_pattern *q = NULL;
        if (xrd_pattern_read_file(o->paths[i], o->ro, &q, &err) != XRD_OK)
            continue;
        if (q->unit != XRD_X_TWO_THETA_DEG) {
            xrd_pattern *c = NULL;
            if (xrd_pattern_convert(q, XRD_X_TWO_THETA_DEG, o->lambda_A, &c, &err) != XRD_OK)
                c = NULL;
            xrd_pattern_free(q);
            q = c;
        }
        if (!q || q->n < 2)
            continue;
        lo = fmax(lo, q->x[0]);
        hi = fmin(hi, q->x[q->n - 1]);
        rv[got] = with_t ? rows[i].temperature_K : (double)(i + 1);
        p[got++] = q;
    }
    double *x = NULL, *y = NULL;
    if (got > 0 && hi > lo) {
        const xrd_pattern *f = p[0];
        x = malloc(f->n * sizeof(double));
        for (size_t i = 0; x && i < f->n; i++)
            if (f->x[i] >= lo && f->x[i] <= hi)
                x[nx++] = f->x[i];
        y = nx ? malloc(got * nx * sizeof(double)) : NULL;
        for (size_t r = 0; y && r < got; r++) {
            const xrd_pattern *q = p[r];
            size_t j = 0;
            for (size_t i = 0; i < nx; i++) {
                while (j + 2 < q->n && q->x[j + 1] < x[i])
                    j++;
                double t = (x[i] - q->x[j]) / (q->x[j + 1] - q->x[j]);
                y[r * nx + i] = q->y[j] + t * (q->y[j + 1] - q->y[j]);
            }
        }
    }
    if (!y) {
        xrd_error_set(&err, XRD_ERR_NO_DATA, NULL, 0,
                      "the series' patterns share no 2theta range to draw a map of");
        rc = cli_fail(&err);
    } else {
        xrd_plot_map_data d = {nx, x, got, rv, y, with_t ? "T (K)" : "pattern"};
        xrd_plot_options po;
        xrd_plot_options_default(&po);
        po.title = "";
        if (o->map_plot) {
            po.output = o->map_plot;
            if (xrd_plot_map(&d, &po, NULL, &err) != XRD_OK)
                rc = cli_fail(&err);
        }
        if (rc == CLI_OK && o->waterfall_plot) {
            po.output = o->waterfall_plot;
            if (xrd_plot_waterfall(&d, &po, NULL, &err) != XRD_OK)
                rc = cli_fail(&err);
        }
    }
    for (size_t r = 0; r < got; r++)
        xrd_pattern_free(p[r]);
    free(p);
    free(rv);
    free(x);
    free(y);
    return rc;
}

int cli_series_out_close(cli_series_out *o, const xrd_series_row *rows, int ok)
{
    int rc = CLI_OK;
    if (o->jf && o->jf != stdout && fclose(o->jf)) {
        xrd_error err;
        xrd_error_set(&err, XRD_ERR_IO, o->jsonl, 0, "cannot write the JSON-lines file");
        rc = cli_fail(&err);
    }
    o->jf = NULL;
    if (!ok)
        return rc;
    size_t bad = 0;
    for (size_t i = 0; i < o->n; i++)
        bad += !rows[i].converged;
    if (o->table) {
        int to_out = !strcmp(o->table, "-");
        FILE *f = to_out ? stdout : fopen(o->table, "w");
        if (!f) {
            xrd_error err;
            xrd_error_set(&err, XRD_ERR_IO, o->table, 0, "cannot write the table");
            return cli_fail(&err);
        }
        write_table(f, o, rows);
        if (!to_out && fclose(f)) {
            xrd_error err;
            xrd_error_set(&err, XRD_ERR_IO, o->table, 0, "cannot write the table");
            rc = cli_fail(&err);
        }
    }
    FILE *s = o->table && !strcmp(o->table, "-") ? stderr : stdout;
    fprintf(s, "series: %zu patterns, %zu converged, %.2f s\n", o->n, o->n - bad,
            now_s() - o->t0);
    if (o->ao) {
        long c = xrd_series_verdict_change(rows, o->n);
        if (c > 0) {
            const xrd_series_row *r = &rows[c];
            fprintf(s, "  verdict: %s, then %s from %s",
                    xrd_verdict_name(rows[0].verdict, rows[0].n_phases),
                    xrd_verdict_name(r->verdict, r->n_phases), o->paths[c]);
            if (isfinite(r->temperature_K))
                fprintf(s, " (%.0f K)", r->temperature_K);
            fputs(" on\n", s);
        } else if (o->n > 0) {
            fprintf(s, "  verdict: no lasting change over the series (first: %s)\n",
                    xrd_verdict_name(rows[0].verdict, rows[0].n_phases));
        }
    }
    for (int k = 0; k < o->n_phases && !o->ao; k++) {
        xrd_series_trend t;
        if (xrd_series_trend_of(rows, o->n, k, &t, NULL) != XRD_OK)
            continue;
        char b1[64], b2[64];
        fprintf(s, "  %s: a = %.6f A at %.1f K, da/dT = %s 1e-5 A/K, linear expansion %s "
                   "1e-6/K over %zu patterns (chi2/dof %.2f)\n",
                o->phases[k].name, t.a_ref_A, t.t_ref_K,
                xrd_format_esd(1e5 * t.slope_A_per_K, 1e5 * t.slope_esd, 3, b1, sizeof b1),
                xrd_format_esd(1e6 * t.alpha_per_K, 1e6 * t.alpha_esd_per_K, 3, b2, sizeof b2),
                t.n, t.chi2_red);
    }
    if (bad) {
        for (size_t i = 0; i < o->n; i++)
            if (!rows[i].converged)
                fprintf(stderr, "xrdfit series: %s: %s\n", o->paths[i],
                        rows[i].message[0] ? rows[i].message : "not converged");
        rc = rc == CLI_OK ? CLI_DATA_ERROR : rc;
    }
    if (o->trend_plot && !o->ao) {
        int prc = trend_figure(o, rows);
        if (rc == CLI_OK)
            rc = prc;
    }
    if (o->map_plot || o->waterfall_plot) {
        int prc = map_figures(o, rows);
        if (rc == CLI_OK)
            rc = prc;
    }
    return rc;
}
