/* A series' JSON-lines records: one line per pattern with its place in the
 * series, its path and its summary row (and the full fit or analysis JSON),
 * written in one piece so that an interrupted run leaves whole lines; read
 * back for --resume and --merge. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_parse.h"
#include "report/json_writer.h"
#include "xrdfit/series.h"

/* A longest line: the fit JSON of a many-phase fit with thousands of
 * reflections stays far below this. */
#define RECORD_MAX_LINE (64u << 20)

void xrd_series_record_init(xrd_series_record *rec)
{
    memset(rec, 0, sizeof *rec);
    xrd_series_row_clear(&rec->row, NAN);
}

static void write_phase(xrdi_json *j, const xrd_series_phase *q, int n_el)
{
    xrdi_json_obj(j);
    xrdi_json_ks(j, "name", q->name);
    xrdi_json_ks(j, "structure", q->structure);
    xrdi_json_kn(j, "a_A", q->a_A);
    xrdi_json_kn(j, "a_esd_A", q->a_esd_A);
    xrdi_json_kn(j, "c_A", q->c_A);
    xrdi_json_kn(j, "c_esd_A", q->c_esd_A);
    xrdi_json_kn(j, "size_nm", q->size_nm);
    xrdi_json_kn(j, "size_esd_nm", q->size_esd_nm);
    xrdi_json_kn(j, "strain", q->strain);
    xrdi_json_kn(j, "strain_esd", q->strain_esd);
    xrdi_json_kn(j, "weight_fraction", q->weight_fraction);
    xrdi_json_kn(j, "weight_fraction_esd", q->weight_fraction_esd);
    if (n_el > 0) {
        xrdi_json_key(j, "x");
        xrdi_json_arr(j);
        for (int e = 0; e < n_el; e++)
            xrdi_json_num(j, q->x[e]);
        xrdi_json_arr_end(j);
        xrdi_json_key(j, "x_esd");
        xrdi_json_arr(j);
        for (int e = 0; e < n_el; e++)
            xrdi_json_num(j, q->x_esd[e]);
        xrdi_json_arr_end(j);
    }
    xrdi_json_obj_end(j);
}

static void write_record(FILE *m, const xrd_series_record *rec)
{
    const xrd_series_row *r = &rec->row;
    xrdi_json j;
    xrdi_json_begin(&j, m);
    xrdi_json_obj(&j);
    xrdi_json_ki(&j, "index", (long)rec->index);
    xrdi_json_ks(&j, "pattern", rec->pattern);
    xrdi_json_key(&j, "row");
    xrdi_json_obj(&j);
    xrdi_json_ks(&j, "kind", rec->analysis ? "analysis" : "fit");
    xrdi_json_kn(&j, "temperature_K", r->temperature_K);
    xrdi_json_ks(&j, "status", xrd_status_name(r->status));
    xrdi_json_kb(&j, "converged", r->converged);
    xrdi_json_ks(&j, "message", r->message);
    xrdi_json_kn(&j, "Rwp", r->Rwp);
    xrdi_json_kn(&j, "GOF", r->GOF);
    xrdi_json_ki(&j, "verdict", (long)r->verdict);
    if (rec->analysis) {
        xrdi_json_ks(&j, "verdict_name",
                     r->status == XRD_OK ? xrd_verdict_name(r->verdict, r->n_phases) : "");
        xrdi_json_ki(&j, "max_phases", rec->max_phases);
        xrdi_json_key(&j, "elements");
        xrdi_json_arr(&j);
        for (int e = 0; e < rec->n_elements; e++)
            xrdi_json_str(&j, rec->elements[e]);
        xrdi_json_arr_end(&j);
    }
    xrdi_json_ki(&j, "n_phases", r->n_phases);
    xrdi_json_key(&j, "phases");
    xrdi_json_arr(&j);
    for (int k = 0; k < r->n_phases && k < XRD_SERIES_MAX_PHASES; k++)
        write_phase(&j, &r->phase[k], rec->analysis ? rec->n_elements : 0);
    xrdi_json_arr_end(&j);
    xrdi_json_obj_end(&j); /* row */
    xrdi_json_obj_end(&j);
}

/* text without its newlines and the indentation after each (a space after
 * a comma): the writers' strings hold no raw newline, so this keeps every
 * value */
static void one_line(FILE *f, const char *s, size_t len)
{
    char last = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            while (i + 1 < len && s[i + 1] == ' ')
                i++;
            if (last == ',')
                fputc(' ', f);
            continue;
        }
        fputc(s[i], f);
        last = s[i];
    }
}

xrd_status xrd_series_record_write(FILE *f, const xrd_series_record *rec, const char *key,
                                   const char *detail_json, size_t detail_len, xrd_error *err)
{
    if (!f || !rec)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no file or record to write");
    char *buf = NULL, *line = NULL;
    size_t len = 0, llen = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    write_record(m, rec);
    fclose(m);
    FILE *l = buf ? open_memstream(&line, &llen) : NULL;
    if (!l) {
        free(buf);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    /* the record object without its closing brace, then the detail */
    size_t close = len;
    while (close > 0 && buf[close - 1] != '}')
        close--;
    one_line(l, buf, close > 0 ? close - 1 : 0);
    if (key && detail_json && detail_len) {
        fprintf(l, ", \"%s\": ", key);
        one_line(l, detail_json, detail_len);
    }
    fputs("}\n", l);
    fclose(l);
    free(buf);
    /* one write per line: a reader (or an interrupted run) sees whole lines */
    int bad = !line || fwrite(line, 1, llen, f) != llen || fflush(f) != 0;
    free(line);
    return bad ? xrd_error_set(err, XRD_ERR_IO, NULL, 0, "cannot write the record of %s",
                               rec->pattern)
               : XRD_OK;
}

/* ---- reading ---- */

static double num_or_nan(const xrdi_jval *v)
{
    return v && v->type == XRDI_J_NUM ? v->num : NAN;
}

static int copy_str(const xrdi_jval *v, char *out, size_t cap)
{
    if (!v || v->type != XRDI_J_STR || strlen(v->str) >= cap)
        return -1;
    memcpy(out, v->str, strlen(v->str) + 1);
    return 0;
}

static xrd_status status_of(const char *name)
{
    for (int c = XRD_OK; c <= XRD_ERR_CANCELLED; c++)
        if (!strcmp(name, xrd_status_name((xrd_status)c)))
            return (xrd_status)c;
    return XRD_ERR_INVALID;
}

static void read_array(const xrdi_jval *a, double *out, int n)
{
    for (int e = 0; a && a->type == XRDI_J_ARR && e < n && (size_t)e < a->n; e++)
        out[e] = num_or_nan(&a->items[e]);
}

static int read_phase(const xrdi_jval *v, xrd_series_phase *q, int n_el)
{
    if (!v || v->type != XRDI_J_OBJ)
        return -1;
    if (copy_str(xrdi_json_get(v, "name"), q->name, sizeof q->name) ||
        copy_str(xrdi_json_get(v, "structure"), q->structure, sizeof q->structure))
        return -1;
    q->a_A = num_or_nan(xrdi_json_get(v, "a_A"));
    q->a_esd_A = num_or_nan(xrdi_json_get(v, "a_esd_A"));
    q->c_A = num_or_nan(xrdi_json_get(v, "c_A"));
    q->c_esd_A = num_or_nan(xrdi_json_get(v, "c_esd_A"));
    q->size_nm = num_or_nan(xrdi_json_get(v, "size_nm"));
    q->size_esd_nm = num_or_nan(xrdi_json_get(v, "size_esd_nm"));
    q->strain = num_or_nan(xrdi_json_get(v, "strain"));
    q->strain_esd = num_or_nan(xrdi_json_get(v, "strain_esd"));
    q->weight_fraction = num_or_nan(xrdi_json_get(v, "weight_fraction"));
    q->weight_fraction_esd = num_or_nan(xrdi_json_get(v, "weight_fraction_esd"));
    read_array(xrdi_json_get(v, "x"), q->x, n_el);
    read_array(xrdi_json_get(v, "x_esd"), q->x_esd, n_el);
    return 0;
}

static int read_row(const xrdi_jval *r, xrd_series_record *rec)
{
    xrd_series_row *row = &rec->row;
    const xrdi_jval *kind = xrdi_json_get(r, "kind"), *st = xrdi_json_get(r, "status");
    const xrdi_jval *conv = xrdi_json_get(r, "converged"), *ph = xrdi_json_get(r, "phases");
    const xrdi_jval *np = xrdi_json_get(r, "n_phases"), *vd = xrdi_json_get(r, "verdict");
    if (!kind || kind->type != XRDI_J_STR || !st || st->type != XRDI_J_STR || !conv ||
        conv->type != XRDI_J_BOOL || !ph || ph->type != XRDI_J_ARR || !np ||
        np->type != XRDI_J_NUM || np->num < 0 || np->num > XRD_SERIES_MAX_PHASES ||
        (size_t)np->num != ph->n || !vd || vd->type != XRDI_J_NUM || vd->num < 0 ||
        vd->num > XRD_VERDICT_NO_PHASE)
        return -1;
    if (strcmp(kind->str, "fit") && strcmp(kind->str, "analysis"))
        return -1;
    rec->analysis = !strcmp(kind->str, "analysis");
    row->temperature_K = num_or_nan(xrdi_json_get(r, "temperature_K"));
    row->status = status_of(st->str);
    row->converged = conv->num != 0;
    if (copy_str(xrdi_json_get(r, "message"), row->message, sizeof row->message))
        return -1;
    row->Rwp = num_or_nan(xrdi_json_get(r, "Rwp"));
    row->GOF = num_or_nan(xrdi_json_get(r, "GOF"));
    row->verdict = (xrd_verdict)(int)vd->num;
    row->n_phases = (int)np->num;
    if (rec->analysis) {
        const xrdi_jval *el = xrdi_json_get(r, "elements"), *mp = xrdi_json_get(r, "max_phases");
        if (!el || el->type != XRDI_J_ARR || el->n > XRD_ANALYZE_MAX_ELEMENTS || !mp ||
            mp->type != XRDI_J_NUM || mp->num < 1 || mp->num > XRD_ANALYZE_MAX_PHASES)
            return -1;
        rec->max_phases = (int)mp->num;
        rec->n_elements = (int)el->n;
        for (size_t e = 0; e < el->n; e++)
            if (copy_str(&el->items[e], rec->elements[e], sizeof rec->elements[e]))
                return -1;
    }
    for (size_t k = 0; k < ph->n; k++)
        if (read_phase(&ph->items[k], &row->phase[k], rec->n_elements))
            return -1;
    return 0;
}

xrd_status xrd_series_record_parse(const char *text, size_t len, const char *file, long line,
                                   xrd_series_record *rec, xrd_error *err)
{
    xrd_series_record_init(rec);
    xrdi_jval v;
    xrd_status st = xrdi_json_parse(text, len, file, &v, err);
    if (st != XRD_OK) {
        if (err)
            err->line = line;
        return st;
    }
    const xrdi_jval *ix = xrdi_json_get(&v, "index"), *row = xrdi_json_get(&v, "row");
    int bad = !ix || ix->type != XRDI_J_NUM || ix->num < 0 || ix->num > 1e12 ||
              ix->num != floor(ix->num) ||
              copy_str(xrdi_json_get(&v, "pattern"), rec->pattern, sizeof rec->pattern) ||
              !row || row->type != XRDI_J_OBJ || read_row(row, rec);
    if (!bad)
        rec->index = (size_t)ix->num;
    xrdi_json_free(&v);
    return bad ? xrd_error_set(err, XRD_ERR_PARSE, file, line,
                               "expected a series record (an object with index, pattern and "
                               "row: kind, status, converged, message, verdict, n_phases, "
                               "phases), found another JSON value")
               : XRD_OK;
}

xrd_status xrd_series_records_read(const char *path, xrd_series_record **out, size_t *n,
                                   int *truncated, xrd_error *err)
{
    *out = NULL;
    *n = 0;
    if (truncated)
        *truncated = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot open the JSON-lines file");
    char *line = NULL;
    size_t cap_line = 0, cap = 0;
    ssize_t got;
    long ln = 0;
    xrd_status st = XRD_OK;
    while ((got = getline(&line, &cap_line, f)) > 0) {
        ln++;
        if ((size_t)got > RECORD_MAX_LINE) {
            st = xrd_error_set(err, XRD_ERR_TOO_LARGE, path, ln,
                               "a record of %zd bytes (at most %u)", got, RECORD_MAX_LINE);
            break;
        }
        if (line[got - 1] != '\n') {
            /* the last line of an interrupted run: not a record */
            if (truncated)
                *truncated = 1;
            break;
        }
        size_t blank = strspn(line, " \t\r\n");
        if ((ssize_t)blank == got)
            continue;
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            xrd_series_record *nr = realloc(*out, nc * sizeof *nr);
            if (!nr) {
                st = xrd_error_set(err, XRD_ERR_NOMEM, path, ln, "out of memory");
                break;
            }
            *out = nr;
            cap = nc;
        }
        st = xrd_series_record_parse(line, (size_t)got, path, ln, &(*out)[*n], err);
        if (st != XRD_OK)
            break;
        (*n)++;
    }
    free(line);
    if (st == XRD_OK && ferror(f))
        st = xrd_error_set(err, XRD_ERR_IO, path, ln, "read error");
    fclose(f);
    if (st != XRD_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return st;
}
