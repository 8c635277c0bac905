/* Streaming JSON writer. SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/json_writer.h"

#include "core/numfmt.h"

void xrdi_json_begin(xrdi_json *j, FILE *out)
{
    j->out = out;
    j->depth = 0;
    j->count[0] = 0;
    j->after_key = 0;
}

static void indent(xrdi_json *j)
{
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->out);
}

/* separator and indentation before a value or a key */
static void item(xrdi_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0) {
        if (j->count[j->depth]++)
            fputc(',', j->out);
        indent(j);
    }
}

static void open(xrdi_json *j, char c)
{
    item(j);
    fputc(c, j->out);
    if (j->depth + 1 < XRDI_JSON_MAX_DEPTH)
        j->depth++;
    j->count[j->depth] = 0;
}

static void close_(xrdi_json *j, char c)
{
    int had = j->count[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had)
        indent(j);
    fputc(c, j->out);
    if (j->depth == 0)
        fputc('\n', j->out);
}

void xrdi_json_obj(xrdi_json *j) { open(j, '{'); }
void xrdi_json_obj_end(xrdi_json *j) { close_(j, '}'); }
void xrdi_json_arr(xrdi_json *j) { open(j, '['); }
void xrdi_json_arr_end(xrdi_json *j) { close_(j, ']'); }

void xrdi_json_key(xrdi_json *j, const char *key)
{
    item(j);
    xrdi_json_string(j->out, key);
    fputs(": ", j->out);
    j->after_key = 1;
}

void xrdi_json_num(xrdi_json *j, double v)
{
    char b[64];
    item(j);
    fputs(xrdi_fmt_json(v, b, sizeof b), j->out);
}

void xrdi_json_int(xrdi_json *j, long v)
{
    item(j);
    fprintf(j->out, "%ld", v);
}

void xrdi_json_bool(xrdi_json *j, int v)
{
    item(j);
    fputs(v ? "true" : "false", j->out);
}

void xrdi_json_str(xrdi_json *j, const char *s)
{
    item(j);
    xrdi_json_string(j->out, s);
}

void xrdi_json_null(xrdi_json *j)
{
    item(j);
    fputs("null", j->out);
}

void xrdi_json_kn(xrdi_json *j, const char *key, double v)
{
    xrdi_json_key(j, key);
    xrdi_json_num(j, v);
}

void xrdi_json_ki(xrdi_json *j, const char *key, long v)
{
    xrdi_json_key(j, key);
    xrdi_json_int(j, v);
}

void xrdi_json_ks(xrdi_json *j, const char *key, const char *s)
{
    xrdi_json_key(j, key);
    xrdi_json_str(j, s);
}

void xrdi_json_kb(xrdi_json *j, const char *key, int v)
{
    xrdi_json_key(j, key);
    xrdi_json_bool(j, v);
}

void xrdi_json_khkl(xrdi_json *j, const char *key, int h, int k, int l)
{
    xrdi_json_key(j, key);
    xrdi_json_arr(j);
    xrdi_json_int(j, h);
    xrdi_json_int(j, k);
    xrdi_json_int(j, l);
    xrdi_json_arr_end(j);
}
