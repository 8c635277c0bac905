/* The figures of `xrdfit series`: the trend (a, size, weight fraction
 * against temperature or index) and the map / waterfall of the patterns
 * themselves, read again. Written to a temporary file, then renamed.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "series_out.h"

int cli_series_trend_figure(const cli_series_out *o, const xrd_series_row *rows)
{
    size_t n = o->n;
    cli_series_group grp[CLI_SERIES_MAX_GROUPS];
    int n_grp = cli_series_groups(o, rows, grp);
    double *buf = malloc((size_t)n_grp * 7 * n * sizeof(double) + 1);
    xrd_plot_trend_series ser[CLI_SERIES_MAX_GROUPS];
    if (!buf)
        return cli_usage("series", "out of memory");
    int with_t = 1;
    for (size_t i = 0; i < n; i++)
        with_t &= rows[i].status == XRD_ERR_CANCELLED || isfinite(rows[i].temperature_K);
    for (int g = 0; g < n_grp; g++) {
        double *b = buf + (size_t)g * 7 * n;
        for (size_t i = 0; i < n; i++) {
            const xrd_series_phase *q = &rows[i].phase[grp[g].k];
            int ok = cli_series_in_group(&grp[g], &rows[i]);
            b[i] = with_t ? rows[i].temperature_K : (double)(i + 1);
            b[n + i] = ok ? q->a_A : NAN;
            b[2 * n + i] = q->a_esd_A;
            b[3 * n + i] = ok ? q->size_nm : NAN;
            b[4 * n + i] = q->size_esd_nm;
            b[5 * n + i] = ok ? q->weight_fraction : NAN;
            b[6 * n + i] = q->weight_fraction_esd;
        }
        ser[g] = (xrd_plot_trend_series){grp[g].name, n, b, b + n, b + 2 * n, b + 3 * n,
                                         b + 4 * n, b + 5 * n, b + 6 * n};
    }
    xrd_plot_trend_data d = {with_t ? "T (K)" : "pattern", n_grp, ser};
    xrd_plot_options po;
    xrd_plot_options_default(&po);
    char tmp[4096];
    if (cli_tmp_path(o->trend_plot, tmp, sizeof tmp)) {
        free(buf);
        return cli_usage("series", "the file name %s is too long", o->trend_plot);
    }
    po.output = tmp;
    po.title = "";
    xrd_error err;
    xrd_status st = xrd_plot_trend(&d, &po, NULL, &err);
    free(buf);
    if (st != XRD_OK) {
        remove(tmp);
        return cli_fail(&err);
    }
    return cli_commit(tmp, o->trend_plot);
}

#define MAP_MAX_ROWS 400

/* Every pattern (at most MAP_MAX_ROWS, evenly taken) read again and
 * interpolated onto the first one's points inside the range all share. */
int cli_series_map_figures(const cli_series_out *o, const xrd_series_row *rows)
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
        with_t &= rows[i].status == XRD_ERR_CANCELLED || isfinite(rows[i].temperature_K);
    for (size_t r = 0; r < nr; r++) {
        size_t i = r * stride;
        xrd_pattern *q = NULL;
        if (rows[i].status == XRD_ERR_CANCELLED)
            continue;
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
        for (int w = 0; w < 2 && rc == CLI_OK; w++) {
            const char *out = w ? o->waterfall_plot : o->map_plot;
            char tmp[4096];
            if (!out)
                continue;
            if (cli_tmp_path(out, tmp, sizeof tmp)) {
                rc = cli_usage("series", "the file name %s is too long", out);
                break;
            }
            po.output = tmp;
            if ((w ? xrd_plot_waterfall(&d, &po, NULL, &err) : xrd_plot_map(&d, &po, NULL, &err)) !=
                XRD_OK) {
                remove(tmp);
                rc = cli_fail(&err);
            } else {
                rc = cli_commit(tmp, out);
            }
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

