/* Intensity ties of reflection groups whose centre lies outside the data.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "model/model.h"

/* relative intensity expected for a group at d (A) and wavelength lambda */
static double expected(double mult, double d, double lambda)
{
    double s = lambda / (2.0 * d);
    if (s >= 1.0)
        return 0.0;
    double th = asin(s), c2 = cos(2.0 * th);
    double lp = (1.0 + c2 * c2) / (s * s * cos(th));
    double q = 1.0 / (2.0 * d);
    return mult * lp * exp(-6.8 * q * q);
}

void xrdi_model_set_ties(xrdi_model *m)
{
    double lambda = m->inst.rad.lambda_A[0];
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        /* in-range groups: centre (first line) between the first and last point */
        for (size_t k = 0; k < ph->n_refl; k++) {
            xrdi_refl *r = &ph->refl[k];
            r->tie = -1;
            r->tie_ratio = 0;
        }
        if (ph->rietveld) /* every group has its structure's intensity */
            continue;
        for (size_t k = 0; k < ph->n_refl; k++) {
            xrdi_refl *r = &ph->refl[k];
            double s = lambda / (2.0 * r->d_A);
            double t = s < 1.0 ? 2.0 * asin(s) * 180.0 / M_PI : 180.0;
            if (t >= m->x_lo && t <= m->x_hi)
                continue;
            /* centred less than half a FWHM outside: a quarter or more of its
             * area is measured, enough to refine its own intensity */
            double H = xrdi_model_fwhm(m, p, r->d_A);
            if (isfinite(H) && (t < m->x_lo ? m->x_lo - t : t - m->x_hi) < 0.5 * H)
                continue;
            /* nearest in-range group by angle */
            int best = -1;
            double bd = INFINITY;
            for (size_t j = 0; j < ph->n_refl; j++) {
                double sj = lambda / (2.0 * ph->refl[j].d_A);
                if (sj >= 1.0)
                    continue;
                double tj = 2.0 * asin(sj) * 180.0 / M_PI;
                if (tj < m->x_lo || tj > m->x_hi)
                    continue;
                if (fabs(tj - t) < bd) {
                    bd = fabs(tj - t);
                    best = (int)j;
                }
            }
            if (best < 0)
                continue;
            const xrdi_refl *b = &ph->refl[best];
            double e = expected(b->mult, b->d_A, lambda), er = expected(r->mult, r->d_A, lambda);
            if (b->expect > 0 && r->expect > 0) {
                e = b->expect;
                er = r->expect;
            }
            if (!(e > 0))
                continue;
            r->tie = best;
            r->tie_ratio = er / e;
        }
    }
    xrdi_apply_ties(m);
}

void xrdi_apply_ties(xrdi_model *m)
{
    for (int l = 1; l < m->inst.rad.n_lines && l < 4; l++)
        if (m->lambda_ratio[l] > 0)
            m->inst.rad.lambda_A[l] = m->inst.rad.lambda_A[0] * m->lambda_ratio[l];
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        if (ph->rietveld) {
            if (ph->md_on)
                xrdi_texture_apply(ph);
            for (size_t k = 0; k < ph->n_refl; k++) {
                xrdi_refl *r = &ph->refl[k];
                double sr = xrdi_surface_roughness(m, r->d_A, NULL, NULL);
                if (!ph->md_on)
                    r->intensity = r->i_struct * exp(-0.5 * ph->biso_shift / (r->d_A * r->d_A));
                r->intensity *= sr;
                r->d_md *= sr;
            }
            continue;
        }
        for (size_t k = 0; k < ph->n_refl; k++) {
            xrdi_refl *r = &ph->refl[k];
            if (r->tie >= 0) {
                r->intensity = r->tie_ratio * ph->refl[r->tie].intensity;
                r->cluster = ph->refl[r->tie].cluster;
            }
        }
    }
}
