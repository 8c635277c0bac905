/* Binary search in sorted arrays. SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/search.h"

size_t xrdi_lower_bound(const double *x, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
