/* Error record: filling, naming and formatting.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void xrd_error_clear(xrd_error *err)
{
    if (!err)
        return;
    err->code = XRD_OK;
    err->line = 0;
    err->file[0] = '\0';
    err->message[0] = '\0';
}

xrd_status xrd_error_set(xrd_error *err, xrd_status code, const char *file, long line,
                         const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    else
        err->file[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

const char *xrd_status_name(xrd_status code)
{
    switch (code) {
    case XRD_OK: return "ok";
    case XRD_ERR_IO: return "io";
    case XRD_ERR_TOO_LARGE: return "too-large";
    case XRD_ERR_BINARY: return "binary";
    case XRD_ERR_NO_DATA: return "no-data";
    case XRD_ERR_TOO_FEW: return "too-few";
    case XRD_ERR_PARSE: return "parse";
    case XRD_ERR_COLUMNS: return "columns";
    case XRD_ERR_NONFINITE: return "non-finite";
    case XRD_ERR_NOT_MONOTONIC: return "not-monotonic";
    case XRD_ERR_SIGMA: return "sigma";
    case XRD_ERR_XML: return "xml";
    case XRD_ERR_SCHEMA: return "schema";
    case XRD_ERR_NOT_FOUND: return "not-found";
    case XRD_ERR_INVALID: return "invalid";
    case XRD_ERR_UNSUPPORTED: return "unsupported";
    case XRD_ERR_NOMEM: return "no-memory";
    case XRD_ERR_NUMERIC: return "numeric";
    case XRD_ERR_NOT_CONVERGED: return "not-converged";
    case XRD_ERR_EXTERNAL: return "external";
    case XRD_ERR_CANCELLED: return "cancelled";
    }
    return "unknown";
}

int xrd_error_format(const xrd_error *err, char *buf, size_t n)
{
    if (!err)
        return snprintf(buf, n, "(no error record)");
    if (err->file[0] && err->line > 0)
        return snprintf(buf, n, "%s:%ld: %s", err->file, err->line, err->message);
    if (err->file[0])
        return snprintf(buf, n, "%s: %s", err->file, err->message);
    return snprintf(buf, n, "%s", err->message);
}
