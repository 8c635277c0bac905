/* The pair-distance histogram's layout, shared by debye.c (one cluster) and
 * debye_nested.c (a nested family of clusters in one pass). Internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_DEBYE_HIST_H
#define XRDFIT_MODEL_DEBYE_HIST_H

#include <stdint.h>
#include "xrdfit/debye.h"

#define XRDI_NPAIR_MAX (XRD_DEBYE_MAX_SPECIES * (XRD_DEBYE_MAX_SPECIES + 1) / 2)
/* the offset within a bin in units of bin / 2^20 */
#define XRDI_OFFSET_SCALE 1048576.0

struct xrd_debye_hist {
    int n_species;
    int z[XRD_DEBYE_MAX_SPECIES];
    double biso[XRD_DEBYE_MAX_SPECIES];
    size_t count[XRD_DEBYE_MAX_SPECIES];
    size_t nb[XRDI_NPAIR_MAX];  /* occupied bins of each pair */
    double *r[XRDI_NPAIR_MAX];  /* mean distance of each occupied bin (A) */
    double *w[XRDI_NPAIR_MAX];  /* pairs in it */
};

/* Species pair p of h from nbins accumulators acc[2 b] (pairs) and acc[2 b + 1]
 * (their offsets within bin b in units of bin / 2^20): each occupied bin at its
 * pairs' mean distance. XRD_ERR_NOMEM. */
xrd_status xrdi_hist_from_acc(xrd_debye_hist *h, int p, const uint64_t *acc, size_t nbins,
                              double bin_A, xrd_error *err);

/* The unit-scatterer histograms of a nested family: c's atoms carry group[i]
 * (0 .. n_groups - 1), and member g of the family is every atom of group <= g;
 * out[g] is its histogram (new, xrd_debye_hist_free each), in one pass over
 * c's pairs on n_threads threads. Exact integer sums, as xrd_debye_hist_build:
 * out[g] equals the histogram of member g built alone. */
xrd_status xrdi_debye_hist_nested(const xrd_cluster *c, const int *group, int n_groups,
                                  double bin_A, int n_threads, xrd_debye_hist **out,
                                  xrd_error *err);

#endif
