/* Locale-independent number formatting for writers (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_NUMFMT_H
#define XRDFIT_CORE_NUMFMT_H

#include <stddef.h>
#include <stdio.h>

/* value with `decimals` decimals, '.' as decimal point. */
char *xrdi_fmt_fixed(double v, int decimals, char *buf, size_t n);

/* shortest round-trip-safe form (%.10g), '.' as decimal point; "null" when
 * not finite (for JSON). */
char *xrdi_fmt_json(double v, char *buf, size_t n);

/* shortest %g form that xrdi_strtod reads back as exactly v (at most 17
 * significant digits), '.' as decimal point; "nan" / "inf" / "-inf" when not
 * finite. For files that must round-trip (phase XML). */
char *xrdi_fmt_shortest(double v, char *buf, size_t n);

/* Write s as a JSON string literal (quotes and escapes). */
void xrdi_json_string(FILE *out, const char *s);

#endif
