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
    o->jf = strcmp(o->jsonl, "-") ? fopen(o->jsonl, o->append ? "a" : "w") : stdout;
    if (!o->jf) {
        xrd_error err;
        xrd_error_set(&err, XRD_ERR_IO, o->jsonl, 0, "cannot write the JSON-lines file");
        return cli_fail(&err);
    }
    return CLI_OK;
}

/* The pattern's record: its row and, when there is one, the fit or analysis
 * JSON. */
static void json_line(cli_series_out *o, size_t index, const xrd_series_row *row,
                      const xrd_fit_result *r, const xrd_analyze_result *an)
{
    xrd_series_record *rec = malloc(sizeof *rec);
    if (!rec)
        return;
    xrd_series_record_init(rec);
    rec->index = o->index ? o->index[index] : index;
    snprintf(rec->pattern, sizeof rec->pattern, "%s", o->paths[index]);
    rec->analysis = o->analysis;
    rec->max_phases = o->n_phases;
    rec->n_elements = o->n_elements;
    for (int e = 0; e < o->n_elements; e++)
        memcpy(rec->elements[e], o->elements[e], sizeof rec->elements[e]);
    rec->row = *row;
    char *buf = NULL;
    size_t len = 0;
    xrd_error err;
    FILE *m = (an || r) ? open_memstream(&buf, &len) : NULL;
    if (m) {
        xrd_report_meta meta = {o->paths[index], NULL, 0, NULL};
        int ok = (an ? xrd_report_analyze_json(m, an, o->paths[index], &err)
                     : xrd_report_fit_json(m, r, &meta, &err)) == XRD_OK;
        fclose(m);
        if (!ok)
            len = 0;
    }
    if (xrd_series_record_write(o->jf, rec, an ? "analysis" : "fit", buf, len, &err) != XRD_OK &&
        !o->write_failed) {
        o->write_failed = 1;
        fprintf(stderr, "xrdfit series: %s: %s\n", o->jsonl, err.message);
    }
    free(buf);
    free(rec);
}

void cli_series_out_item(void *user, size_t index, const xrd_series_row *row,
                         const xrd_fit_result *r, const xrd_analyze_result *an)
{
    cli_series_out *o = user;
    if (o->jf)
        json_line(o, index, row, r, an);
    o->done++;
    if (o->progress) {
        double el = now_s() - o->t0, rate = el > 0 ? (double)o->done / el : 0;
        double eta = rate > 0 ? (double)(o->n_todo - o->done) / rate : 0;
        fprintf(stderr, "\rxrdfit series: %zu / %zu, %.1f per s, %.0f s left   ", o->done,
                o->n_todo, rate, eta);
        if (o->done == o->n_todo)
            fputc('\n', stderr);
    }
}

static int write_table_file(const cli_series_out *o, const xrd_series_row *rows)
{
    xrd_error err;
    if (!strcmp(o->table, "-")) {
        cli_series_write_table(stdout, o, rows);
        return fflush(stdout) ? cli_usage("series", "cannot write the table") : CLI_OK;
    }
    char tmp[4096];
    if (cli_tmp_path(o->table, tmp, sizeof tmp))
        return cli_usage("series", "the file name %s is too long", o->table);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        xrd_error_set(&err, XRD_ERR_IO, o->table, 0, "cannot write the table (%s)", tmp);
        return cli_fail(&err);
    }
    cli_series_write_table(f, o, rows);
    if (ferror(f) | fclose(f)) {
        remove(tmp);
        xrd_error_set(&err, XRD_ERR_IO, o->table, 0, "cannot write the table");
        return cli_fail(&err);
    }
    return cli_commit(tmp, o->table);
}

int cli_series_out_close(cli_series_out *o, const xrd_series_row *rows, int ok)
{
    int rc = CLI_OK;
    if (o->jf && o->jf != stdout && fclose(o->jf)) {
        xrd_error err;
        xrd_error_set(&err, XRD_ERR_IO, o->jsonl, 0, "cannot write the JSON-lines file");
        rc = cli_fail(&err);
    }
    if (o->write_failed && rc == CLI_OK)
        rc = CLI_DATA_ERROR;
    o->jf = NULL;
    if (!ok)
        return rc;
    size_t bad = 0, cancelled = 0;
    for (size_t i = 0; i < o->n; i++) {
        cancelled += rows[i].status == XRD_ERR_CANCELLED;
        bad += !rows[i].converged && rows[i].status != XRD_ERR_CANCELLED;
    }
    if (o->table) {
        int trc = write_table_file(o, rows);
        if (rc == CLI_OK)
            rc = trc;
    }
    FILE *s = (o->table && !strcmp(o->table, "-")) || (o->jsonl && !strcmp(o->jsonl, "-"))
                  ? stderr
                  : stdout;
    fprintf(s, "series: %zu patterns, %zu converged", o->n - cancelled, o->n - cancelled - bad);
    if (o->n_resumed)
        fprintf(s, " (%zu from the JSON lines of an earlier run)", o->n_resumed);
    fprintf(s, ", %.2f s\n", now_s() - o->t0);
    if (cancelled)
        fprintf(s, "  interrupted: %zu patterns not fitted (--resume with the same --jsonl goes "
                   "on)\n", cancelled);
    if (o->analysis) {
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
    cli_series_group grp[CLI_SERIES_MAX_GROUPS];
    int n_grp = cli_series_groups(o, rows, grp);
    for (int g = 0; g < n_grp; g++) {
        xrd_series_trend t;
        if (xrd_series_trend_of(rows, o->n, grp[g].k, grp[g].np, &t, NULL) != XRD_OK)
            continue;
        char b1[64], b2[64];
        fprintf(s, "  %s: a = %.6f A at %.1f K, da/dT = %s 1e-5 A/K, linear expansion %s "
                   "1e-6/K over %zu patterns (chi2/dof %.2f)\n",
                grp[g].name, t.a_ref_A, t.t_ref_K,
                xrd_format_esd(1e5 * t.slope_A_per_K, 1e5 * t.slope_esd, 3, b1, sizeof b1),
                xrd_format_esd(1e6 * t.alpha_per_K, 1e6 * t.alpha_esd_per_K, 3, b2, sizeof b2),
                t.n, t.chi2_red);
    }
    if (bad) {
        for (size_t i = 0; i < o->n; i++)
            if (!rows[i].converged && rows[i].status != XRD_ERR_CANCELLED)
                fprintf(stderr, "xrdfit series: %s: %s\n", o->paths[i],
                        rows[i].message[0] ? rows[i].message : "not converged");
        rc = rc == CLI_OK ? CLI_DATA_ERROR : rc;
    }
    if (o->trend_plot) {
        int prc = cli_series_trend_figure(o, rows);
        if (rc == CLI_OK)
            rc = prc;
    }
    if (o->map_plot || o->waterfall_plot) {
        int prc = cli_series_map_figures(o, rows);
        if (rc == CLI_OK)
            rc = prc;
    }
    if (cancelled && rc == CLI_OK)
        rc = CLI_INTERRUPTED;
    return rc;
}
