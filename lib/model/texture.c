/* What the specimen does to a Rietveld phase's intensities besides its
 * structure: surface roughness, and preferred orientation by the March-Dollase function
 * (Dollase, J. Appl. Cryst. 19 (1986) 267), one axis, applied to every hkl of
 * a reflection group (so that equivalent reflections at different angles to
 * the axis are weighed apart). It keeps the total over all orientations: r = 1
 * is a random powder, r < 1 platelets with the axis along the normal of a
 * flat specimen, r > 1 needles.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "model/model.h"

double xrdi_march_dollase(double r, double c2, double *d_dr)
{
    double s2 = 1.0 - c2, u = r * r * c2 + s2 / r;
    double p = pow(u, -1.5);
    if (d_dr)
        *d_dr = -1.5 * p / u * (2.0 * r * c2 - s2 / (r * r));
    return p;
}

double xrdi_surface_roughness(const xrdi_model *m, double d_A, double *dln_dp, double *dln_dq)
{
    if (dln_dp)
        *dln_dp = 0.0;
    if (dln_dq)
        *dln_dq = 0.0;
    double st = m->inst.rad.lambda_A[0] / (2.0 * d_A);
    if (!m->sr_on || !(st > 0 && st < 1))
        return 1.0;
    double P = m->sr_p, Q = m->sr_q;
    double e = exp(-Q / st), e1 = exp(-Q);
    double num = P + (1.0 - P) * e, den = P + (1.0 - P) * e1;
    if (dln_dp)
        *dln_dp = (1.0 - e) / num - (1.0 - e1) / den;
    if (dln_dq)
        *dln_dq = -(1.0 - P) * e / (st * num) + (1.0 - P) * e1 / den;
    return num / den;
}

void xrdi_texture_apply(xrdi_mphase *ph)
{
    for (size_t k = 0; k < ph->n_refl; k++) {
        ph->refl[k].intensity = 0.0;
        ph->refl[k].d_md = 0.0;
    }
    for (size_t e = 0; e < ph->n_md; e++) {
        size_t g = ph->md_group[e];
        if (g >= ph->n_refl)
            continue;
        double dp, p = xrdi_march_dollase(ph->md_r, ph->md_c2[e], &dp);
        ph->refl[g].intensity += ph->md_i[e] * p;
        ph->refl[g].d_md += ph->md_i[e] * dp;
    }
    for (size_t k = 0; k < ph->n_refl; k++) {
        xrdi_refl *r = &ph->refl[k];
        double dw = exp(-0.5 * ph->biso_shift / (r->d_A * r->d_A));
        r->intensity *= dw;
        r->d_md *= dw;
    }
}
