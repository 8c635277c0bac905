/* Indexing of fitted peaks: the nearest reflection of a phase within a
 * tolerance, one peak per reflection.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/peaks.h"

#include <math.h>

xrd_status xrd_peak_fit_index(xrd_peak_fit_result *r, const xrd_phase *ph, double tol_deg,
                              size_t *n_indexed, xrd_error *err)
{
    if (n_indexed)
        *n_indexed = 0;
    if (!r || !ph)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "indexing needs a fit and a phase");
    double lam = r->rad.lambda_A[0];
    double tt_max = r->x_hi + 1.0 < 179.0 ? r->x_hi + 1.0 : 179.0;
    double d_min = lam / (2.0 * sin(tt_max * M_PI / 360.0));
    xrd_reflist *L = NULL;
    xrd_status st =
        xrd_reflections_generate_for(&ph->cell, &ph->sg, ph->structure, d_min, &L, err);
    if (st != XRD_OK)
        return st;
    size_t ni = 0;
    for (size_t k = 0; k < r->n_peaks; k++) {
        xrd_peak_result *pr = &r->peaks[k];
        pr->indexed = 0;
        double tol = tol_deg > 0 ? tol_deg : (0.5 * pr->fwhm_deg > 0.3 ? 0.5 * pr->fwhm_deg : 0.3);
        double best = INFINITY;
        size_t bi = 0;
        for (size_t j = 0; j < L->n; j++) {
            double tt = xrd_two_theta_deg(L->refl[j].d_A, lam);
            if (isfinite(tt) && fabs(tt - pr->two_theta_deg) < best) {
                best = fabs(tt - pr->two_theta_deg);
                bi = j;
            }
        }
        if (best <= tol) {
            pr->indexed = 1;
            pr->h = L->refl[bi].h;
            pr->k = L->refl[bi].k;
            pr->l = L->refl[bi].l;
            pr->d_calc_A = L->refl[bi].d_A;
            pr->two_theta_calc_deg = xrd_two_theta_deg(L->refl[bi].d_A, lam);
            ni++;
        }
    }
    /* one peak per reflection: the nearest keeps the label (a broad hump next
     * to a Bragg peak is not a second copy of it) */
    for (size_t k = 0; k < r->n_peaks; k++) {
        xrd_peak_result *a = &r->peaks[k];
        for (size_t q = 0; a->indexed && q < r->n_peaks; q++) {
            const xrd_peak_result *b = &r->peaks[q];
            if (q == k || !b->indexed || b->h != a->h || b->k != a->k || b->l != a->l ||
                b->d_calc_A != a->d_calc_A)
                continue;
            double da = fabs(a->two_theta_deg - a->two_theta_calc_deg);
            double db = fabs(b->two_theta_deg - b->two_theta_calc_deg);
            if (da > db || (da == db && k > q)) {
                a->indexed = 0;
                a->h = a->k = a->l = 0;
                ni--;
            }
        }
    }
    xrd_reflist_free(L);
    if (n_indexed)
        *n_indexed = ni;
    return XRD_OK;
}
