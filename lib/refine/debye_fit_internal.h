/* The Debye-equation refinement with its size database kept or given, and the
 * shapes told apart on a binned pattern (internal; analyze's cluster model).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_DEBYE_FIT_INTERNAL_H
#define XRDFIT_REFINE_DEBYE_FIT_INTERNAL_H

#include "xrdfit/debye_fit.h"
#include "model/debye_internal.h"

/* xrd_debye_fit with the database db_in (not owned; built as usual when NULL
 * or when it does not cover p's q range); keep (may be NULL) receives the
 * database built, for the caller to free with xrdi_debye_db_free. */
xrd_status xrdi_debye_fit_db(const xrd_pattern *p, const xrd_instrument *inst,
                             const xrd_phase *ph, const xrd_debye_fit_options *o,
                             const xrdi_debye_db *db_in, xrdi_debye_db *keep,
                             xrd_debye_fit_result *r, xrd_error *err);

/* xrd_debye_fit_shapes on `screen` (p binned, xrd_pattern_bin), then the best
 * shape refined on p with the database of its screening: r is that fit
 * (n_tried 0: the trials were on the binned pattern), *best its shape. */
xrd_status xrdi_debye_fit_shapes_screened(const xrd_pattern *screen, const xrd_pattern *p,
                                          const xrd_instrument *inst, const xrd_phase *ph,
                                          const xrd_debye_fit_options *o,
                                          xrd_debye_fit_result *r, xrd_cluster_shape *best,
                                          xrd_error *err);

#endif
