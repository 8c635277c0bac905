/* A minimal JSON parser into a tree (internal): RFC 8259 values, numbers
 * parsed locale-free, strings decoded to UTF-8 (\u0000 refused), depth and
 * size limits, errors with the line. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_JSON_PARSE_H
#define XRDFIT_CORE_JSON_PARSE_H

#include <stddef.h>
#include "xrdfit/error.h"

#define XRDI_JSON_MAX_NEST 64

typedef enum { XRDI_J_NULL, XRDI_J_BOOL, XRDI_J_NUM, XRDI_J_STR, XRDI_J_ARR, XRDI_J_OBJ } xrdi_jtype;

typedef struct xrdi_jval {
    xrdi_jtype type;
    long line;
    double num;                /* NUM; BOOL: 0 or 1 */
    char *str;                 /* STR */
    size_t n;                  /* ARR / OBJ: number of items */
    struct xrdi_jval *items;   /* ARR / OBJ */
    char **keys;               /* OBJ: n keys */
} xrdi_jval;

/* Parse text (len bytes, NUL-terminated) into *out; file names errors. */
xrd_status xrdi_json_parse(const char *text, size_t len, const char *file, xrdi_jval *out,
                           xrd_error *err);

/* Free what xrdi_json_parse allocated inside v (not v itself). */
void xrdi_json_free(xrdi_jval *v);

/* Member key of object v, or NULL (also when v is not an object). */
const xrdi_jval *xrdi_json_get(const xrdi_jval *v, const char *key);

#endif
