/* Internal helpers of the pattern module (not part of the public API).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PATTERN_INTERNAL_H
#define XRDFIT_PATTERN_INTERNAL_H

#include <stddef.h>

#include "xrdfit/pattern.h"

/* Look through the header text hdr[0..len) (the lines before the first data
 * line) for a statement of the x unit, nearest line to the data first.
 * Returns 1 and sets *out when found, 0 otherwise. */
int xrdi_header_unit(const char *hdr, size_t len, xrd_xunit *out);

/* First plausible wavelength stated in the header text ("Wavelength: 4.066e-11 m",
 * "wavelength = 1.5406", "Mean wavelength is: 0.413128"), converted to
 * Angstrom; 0 when none is found. */
double xrdi_header_wavelength(const char *hdr, size_t len);

/* Time per step in seconds stated in the header ("Time per step: 2 s",
 * "Counting time = 500 ms"); 0 when none is found. */
double xrdi_header_time_per_step(const char *hdr, size_t len);

/* The bytes of a pattern: path is NULL for a buffer (name labels it), buf is
 * NUL-terminated at buf[len]. */
typedef struct {
    const char *path;
    const char *name;
    const char *buf;
    size_t len;
} xrdi_source;

/* One entry of the reader registry (formats.c). sniff returns 2 when the
 * content is surely this format, 1 when only the extension says so, 0 not. */
typedef struct {
    const char *name;   /* "xrdml" */
    const char *desc;   /* "PANalytical XRDML 1.x-2.x" */
    const char *exts;   /* ".xrdml" */
    const char *reader; /* "xrdfit" or "xylib" */
    int (*sniff)(const xrdi_source *src);
    xrd_status (*read)(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                       xrd_error *err);
} xrdi_format;

/* The format of src (never NULL: text when nothing else claims it). */
const xrdi_format *xrdi_format_detect(const xrdi_source *src);

/* 1 when src's file name ends with ext (case-insensitive). */
int xrdi_has_ext(const xrdi_source *src, const char *ext);

/* 1 when key occurs in the first max bytes of src. */
int xrdi_starts_with(const xrdi_source *src, const char *magic);
int xrdi_contains(const xrdi_source *src, const char *key, size_t max);

/* The readers (one file each). The text reader: buf NUL-terminated. */
xrd_status xrdi_read_text(const char *buf, size_t len, const char *name,
                          const xrd_read_options *opts, xrd_pattern **out, xrd_error *err);
xrd_status xrdi_read_xrdml(const xrdi_source *src, const xrd_read_options *o,
                           xrd_pattern **out, xrd_error *err);
xrd_status xrdi_read_raw4(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                          xrd_error *err);
xrd_status xrdi_read_ras(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                         xrd_error *err);
xrd_status xrdi_read_rasx(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                          xrd_error *err);
xrd_status xrdi_read_brml(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                          xrd_error *err);

/* Rigaku profile lines "2theta intensity [attenuation]" of s[0..n) up to a line
 * starting with end_marker (NULL: the end) into p (y = intensity x
 * attenuation); line0 numbers the lines before s for errors. */
xrd_status xrdi_rigaku_profile(const char *s, size_t n, const char *end_marker, long line0,
                               const char *name, xrd_pattern *p, xrd_error *err);

/* Member `member` of the zip archive src into a new NUL-terminated buffer
 * (free()); XRD_ERR_NOT_FOUND when absent, XRD_ERR_TOO_LARGE above max_bytes,
 * XRD_ERR_UNSUPPORTED when libzip cannot be loaded. */
xrd_status xrdi_zip_read(const xrdi_source *src, const char *member, size_t max_bytes,
                         char **out, size_t *len, xrd_error *err);

xrd_status xrdi_read_nexus(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                           xrd_error *err);
xrd_status xrdi_read_uxd(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                         xrd_error *err);
xrd_status xrdi_read_pdcif(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                           xrd_error *err);
/* Through xylib, by its format name (needs a file). */
xrd_status xrdi_read_xylib(const xrdi_source *src, const char *xylib_format,
                           const xrd_read_options *o, xrd_pattern **out, xrd_error *err);

/* The k-th smallest of v[0..n) (reorders v), k < n; expected linear time. */
double xrdi_select_kth(double *v, size_t n, size_t k);

/* Number of scans of a zip archive: members fmt with the scan number put in
 * (printf, one or two %d, the same number), counted from 0 in one opening of
 * the archive, at most max, into *count (0 when src is no zip archive).
 * XRD_ERR_UNSUPPORTED when libzip cannot be loaded. */
xrd_status xrdi_zip_count(const xrdi_source *src, const char *fmt, int max, int *count,
                          xrd_error *err);

/* Number of points with y < 0. */
size_t xrdi_count_negative(const double *y, size_t n);

#endif
