/* Le Bail intensity extraction (Le Bail, Duroy & Fourquet 1988), internal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_LEBAIL_H
#define XRDFIT_REFINE_LEBAIL_H

#include "model/model.h"

/* Le Bail (Le Bail, Duroy & Fourquet 1988) on the groups not refined by least
 * squares and not tied: I_k <- I_k * sum_i W_ik (yo_i - b_i)/(yc_i - b_i) /
 * sum_i W_ik, W_ik = profile(k, x_i) * dx_i over the points under k, yc from
 * the current intensities; intensities stay >= 0. Iterated on cached profiles
 * until the largest relative change is below tol or max_cycles; returns the
 * iterations done, -1 on failure. */

int xrdi_lebail_converge(xrdi_model *m, double tol, int max_cycles);

/* Set every phase's reflection groups for its current cell (all groups up to
 * 2theta = 180 deg for the longest wavelength, so that tails of reflections
 * beyond the range are modelled), all intensities = i0. 0, or -1. */
int xrdi_lebail_init_reflections(xrdi_model *m, double i0, xrd_error *err);

/* Share (0..1) of group k's calculated counts that are its own when the
 * overlap with other groups is divided in proportion to their counts: 1 for
 * an isolated peak, 0.5 for two equal peaks on top of each other. */
double xrdi_lebail_dominance(const xrdi_model *m, int p, size_t k);

/* Switch off (skip in every evaluation) the groups with less than the tail
 * fraction of their area inside the data, on the current widths; the window
 * rule applied to whole peaks. */
void xrdi_lebail_update_visibility(xrdi_model *m);

/* Sum over points of profile weight of group k inside the data (0..1 of its
 * area seen): used to tell which groups the data determine. */
double xrdi_lebail_visible_fraction(const xrdi_model *m, int p, size_t k);

#endif
