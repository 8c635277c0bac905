/* xrdfit: status codes and the error record every fallible function fills.
 * Copyright (C) 2026 the xrdfit developers. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ERROR_H
#define XRDFIT_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible library function returns one of these; XRD_OK is 0. */
typedef enum {
    XRD_OK = 0,
    XRD_ERR_IO,            /* a file cannot be opened or read */
    XRD_ERR_TOO_LARGE,     /* input exceeds a stated size limit */
    XRD_ERR_BINARY,        /* a text file was expected, binary content found */
    XRD_ERR_NO_DATA,       /* no numeric data in the input */
    XRD_ERR_TOO_FEW,       /* too few points / reflections / observations */
    XRD_ERR_PARSE,         /* a token is not what was expected (not a number ...) */
    XRD_ERR_COLUMNS,       /* a line has a wrong number of columns */
    XRD_ERR_NONFINITE,     /* nan or inf where a finite number is needed */
    XRD_ERR_NOT_MONOTONIC, /* x duplicated or unsorted */
    XRD_ERR_SIGMA,         /* sigma <= 0 */
    XRD_ERR_XML,           /* XML not well formed */
    XRD_ERR_SCHEMA,        /* XML not valid against the schema */
    XRD_ERR_NOT_FOUND,     /* a named thing (phase, radiation ...) does not exist */
    XRD_ERR_INVALID,       /* an argument or value is out of its domain */
    XRD_ERR_UNSUPPORTED,   /* a valid request xrdfit does not implement */
    XRD_ERR_NOMEM,         /* allocation failed */
    XRD_ERR_NUMERIC,       /* a numerical failure (singular matrix, NaN in a model) */
    XRD_ERR_NOT_CONVERGED, /* an iterative fit did not converge */
    XRD_ERR_EXTERNAL,      /* an external program (gnuplot) failed or is missing */
    XRD_ERR_CANCELLED      /* the caller asked to stop (a series interrupted) */
} xrd_status;

/* Where and why something failed. file/line locate the offending input
 * (line 0 = not tied to a line); message is a full sentence for a user. */
typedef struct {
    xrd_status code;
    long line;
    char file[512];
    char message[1024];
} xrd_error;

/* Reset err to XRD_OK with empty fields. err may be NULL (then nothing happens). */
void xrd_error_clear(xrd_error *err);

/* Fill err (may be NULL) with code, file (may be NULL), line and a printf-style
 * message; returns code so callers can write `return xrd_error_set(...)`. */
xrd_status xrd_error_set(xrd_error *err, xrd_status code, const char *file, long line,
                         const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Short stable identifier of a status ("not-monotonic", "schema" ...), for
 * scripts and tests; never NULL. */
const char *xrd_status_name(xrd_status code);

/* Format err as "file:line: message" (parts omitted when empty) into buf of
 * size n; returns the number of characters that would have been written. */
int xrd_error_format(const xrd_error *err, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
