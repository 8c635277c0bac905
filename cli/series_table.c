/* The CSV table of `xrdfit series`: one row per pattern (patterns an
 * interruption left unfitted are not rows), a header row; fits: per phase
 * a, c where any row has it, size, strain, weight fraction where Rietveld;
 * analyses: the verdict and the chosen model's phases with their
 * compositions. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "series_out.h"

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

const char *cli_series_phase_name(const cli_series_out *o, const xrd_series_row *rows, int k)
{
    if (o->phases)
        return o->phases[k].name;
    for (size_t i = 0; i < o->n; i++)
        if (k < rows[i].n_phases && rows[i].phase[k].name[0])
            return rows[i].phase[k].name;
    return "phase";
}

int cli_series_in_group(const cli_series_group *g, const xrd_series_row *r)
{
    return r->converged && (g->np == 0 || r->n_phases == g->np) && g->k < r->n_phases;
}

int cli_series_groups(const cli_series_out *o, const xrd_series_row *rows, cli_series_group *g)
{
    int m = 0;
    if (!o->analysis) {
        for (int k = 0; k < o->n_phases && m < CLI_SERIES_MAX_GROUPS; k++) {
            g[m] = (cli_series_group){0, k, ""};
            snprintf(g[m].name, sizeof g[m].name, "%s", cli_series_phase_name(o, rows, k));
            m++;
        }
        return m;
    }
    for (int np = 1; np <= o->n_phases && np <= XRD_SERIES_MAX_PHASES; np++) {
        const xrd_series_row *first = NULL;
        for (size_t i = 0; i < o->n && !first; i++)
            if (rows[i].converged && rows[i].verdict && rows[i].n_phases == np)
                first = &rows[i];
        for (int k = 0; first && k < np && m < CLI_SERIES_MAX_GROUPS; k++) {
            const char *s = first->phase[k].structure[0] ? first->phase[k].structure : "phase";
            g[m] = (cli_series_group){np, k, ""};
            if (np == 1)
                snprintf(g[m].name, sizeof g[m].name, "single-phase %s", s);
            else
                snprintf(g[m].name, sizeof g[m].name, "%s: %s %d of %d",
                         xrd_verdict_name(first->verdict, np), s, k + 1, np);
            m++;
        }
    }
    return m;
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
    int np = o->n_phases;
    fputs("file,temperature_K,converged,message,verdict,n_phases,Rwp,GOF", f);
    for (int k = 0; k < np; k++) {
        fprintf(f, ",phase%d.structure,phase%d.a_A,phase%d.a_esd_A,phase%d.c_A,phase%d.size_nm",
                k + 1, k + 1, k + 1, k + 1, k + 1);
        for (int e = 0; e < o->n_elements; e++)
            fprintf(f, ",phase%d.x_%s,phase%d.x_%s_esd", k + 1, o->elements[e], k + 1,
                    o->elements[e]);
        fprintf(f, ",phase%d.weight_fraction,phase%d.weight_fraction_esd", k + 1, k + 1);
    }
    fputc('\n', f);
    for (size_t i = 0; i < o->n; i++) {
        const xrd_series_row *r = &rows[i];
        if (r->status == XRD_ERR_CANCELLED)
            continue;
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
            for (int e = 0; e < o->n_elements; e++) {
                csv_num(f, on ? q->x[e] : NAN);
                csv_num(f, on ? q->x_esd[e] : NAN);
            }
            csv_num(f, on ? q->weight_fraction : NAN);
            csv_num(f, on ? q->weight_fraction_esd : NAN);
        }
        fputc('\n', f);
    }
}

void cli_series_write_table(FILE *f, const cli_series_out *o, const xrd_series_row *rows)
{
    if (o->analysis) {
        write_analysis_table(f, o, rows);
        return;
    }
    fputs("file,temperature_K,converged,message,Rwp,GOF", f);
    for (int k = 0; k < o->n_phases; k++) {
        const char *nm = cli_series_phase_name(o, rows, k);
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
        if (r->status == XRD_ERR_CANCELLED)
            continue;
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
