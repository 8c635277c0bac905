/* Locale-independent number parsing for the library (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_NUMPARSE_H
#define XRDFIT_CORE_NUMPARSE_H

/* Parse a decimal floating-point number ("1.5", "-2e-3", "inf", "nan") from s
 * with '.' as the decimal point whatever the process locale. *end is set past
 * the last character used (to s when nothing was parsed). */
double xrdi_strtod(const char *s, const char **end);

/* Parse a whole string as a finite number; 0 on success, -1 otherwise. */
int xrdi_parse_finite(const char *s, double *out);

#endif
