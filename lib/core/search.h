/* Searching sorted arrays (internal). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_SEARCH_H
#define XRDFIT_CORE_SEARCH_H

#include <stddef.h>

/* Index of the first x[i] >= v in the increasing array x[0..n) (n when none). */
size_t xrdi_lower_bound(const double *x, size_t n, double v);

#endif
