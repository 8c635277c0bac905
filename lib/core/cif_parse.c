/* CIF text through the COMCIFS CIF API: the buffer is parsed through a memory
 * stream, stopping at the first syntax error, whose line is reported.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdio.h>
#include <stdlib.h>

#include "core/cif_parse.h"

typedef struct {
    int code;
    size_t line;
} parse_err;

static int on_error(int code, size_t line, size_t column, const UChar *text, size_t length,
                    void *data)
{
    (void)column, (void)text, (void)length;
    parse_err *e = data;
    if (!e->code) {
        e->code = code;
        e->line = line;
    }
    return code; /* stop at the first error */
}

UChar *xrdi_cif_name(const char *s)
{
    UChar *u = NULL;
    return XRDI_CIF->cif_cstr_to_ustr(s, -1, &u) == CIF_OK ? u : NULL;
}

xrd_status xrdi_cif_parse(const char *buf, size_t len, const char *name, cif_tp **cif,
                          xrd_error *err)
{
    *cif = NULL;
    xrd_status lst = xrdi_cif_load(name, err);
    if (lst)
        return lst;
    FILE *f = fmemopen((void *)buf, len ? len : 1, "rb");
    struct cif_parse_opts_s *opts = NULL;
    if (!f || XRDI_CIF->cif_parse_options_create(&opts) != CIF_OK) {
        if (f)
            fclose(f);
        return xrd_error_set(err, XRD_ERR_NOMEM, name, 0, "out of memory reading the CIF");
    }
    parse_err pe = {0, 0};
    opts->error_callback = on_error;
    opts->user_data = &pe;
    int rc = XRDI_CIF->cif_parse(f, opts, cif);
    free(opts);
    fclose(f);
    if (rc != CIF_OK || pe.code) {
        if (*cif)
            (void)!XRDI_CIF->cif_destroy(*cif);
        *cif = NULL;
        return xrd_error_set(err, XRD_ERR_PARSE, name, (long)pe.line,
                             "not a readable CIF: a syntax error (CIF API error %d)",
                             pe.code ? pe.code : rc);
    }
    return XRD_OK;
}
