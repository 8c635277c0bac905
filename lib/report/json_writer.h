/* A small streaming JSON writer (internal): objects, arrays, keys, numbers
 * (null for non-finite), strings; two-space indentation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REPORT_JSON_WRITER_H
#define XRDFIT_REPORT_JSON_WRITER_H

#include <stdio.h>

#define XRDI_JSON_MAX_DEPTH 32

typedef struct {
    FILE *out;
    int depth;
    int count[XRDI_JSON_MAX_DEPTH]; /* items written at each level */
    int after_key;
} xrdi_json;

void xrdi_json_begin(xrdi_json *j, FILE *out);
void xrdi_json_obj(xrdi_json *j);          /* { */
void xrdi_json_obj_end(xrdi_json *j);      /* } */
void xrdi_json_arr(xrdi_json *j);          /* [ */
void xrdi_json_arr_end(xrdi_json *j);      /* ] */
void xrdi_json_key(xrdi_json *j, const char *key);
void xrdi_json_num(xrdi_json *j, double v);
void xrdi_json_int(xrdi_json *j, long v);
void xrdi_json_bool(xrdi_json *j, int v);
void xrdi_json_str(xrdi_json *j, const char *s);
void xrdi_json_null(xrdi_json *j);
/* key + value shorthands */
void xrdi_json_kn(xrdi_json *j, const char *key, double v);
void xrdi_json_ki(xrdi_json *j, const char *key, long v);
void xrdi_json_ks(xrdi_json *j, const char *key, const char *s);
void xrdi_json_kb(xrdi_json *j, const char *key, int v);
/* key: [h, k, l] */
void xrdi_json_khkl(xrdi_json *j, const char *key, int h, int k, int l);

#endif
