/* Alloy analysis internals shared by the search and the verdict (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_ANALYSIS_ANALYZE_INTERNAL_H
#define XRDFIT_ANALYSIS_ANALYZE_INTERNAL_H

#include "analysis/scan.h"
#include "xrdfit/analyze.h"

/* One structure of the search: its scan space and its Vegard setup. */
typedef struct {
    char name[16];
    xrdi_scan_space space;
    int have_vegard;
    xrd_vegard_setup vegard;
    int n_ends;          /* end members found in this structure (with or without Vegard) */
    double end_a[2];
    char note[256];
} xrdi_struct;

/* Decide whether `complex` (one phase more) is to be preferred over `simple`.
 * Returns 1 accept, 0 reject, 2 not resolvable; fills the evidence of r and
 * writes the reason. */
int xrdi_analyze_compare(const xrd_analyze_model *simple, const xrd_analyze_model *complex,
                         const xrd_analyze_options *o, xrd_analyze_result *r, char *reason,
                         size_t n);

/* Mark m plausible or not: every phase's a inside its structure's range
 * (widened by 1 %), and each phase of a multi-phase model with at least two
 * reflections of 10 % or more of its strongest intensity. */
void xrdi_analyze_plausibility(xrd_analyze_model *m, const xrdi_struct *st, int n_struct);

/* Compositions and roles of the chosen model's phases. */
void xrdi_analyze_compositions(xrd_analyze_result *r, const xrdi_struct *st, int n_struct);

#endif
