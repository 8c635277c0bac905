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

/* Number of points with y < 0. */
size_t xrdi_count_negative(const double *y, size_t n);

#endif
