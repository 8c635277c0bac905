/* The profile misfit near the strongest reflections of a fit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "misfit.h"

#include <math.h>

/* local figures over [pos - 3H, pos + 3H]: Rwp, and the mean of
 * (obs - calc)/sigma (sigma = sqrt(calc), at least 1) on each side */
static void local(const xrd_fit_result *r, double pos, double H, double *rwp, double *lo_side,
                  double *hi_side)
{
    double num = 0, den = 0, sl = 0, sh = 0;
    int nl = 0, nh = 0;
    for (size_t i = 0; i < r->n_curve; i++) {
        double dx = r->x[i] - pos;
        if (fabs(dx) > 3.0 * H)
            continue;
        double s2 = r->y_calc[i] > 1.0 ? r->y_calc[i] : 1.0, d = r->y_obs[i] - r->y_calc[i];
        num += d * d / s2;
        den += r->y_obs[i] * r->y_obs[i] / s2;
        double z = d / sqrt(s2);
        if (dx < 0) {
            sl += z;
            nl++;
        } else {
            sh += z;
            nh++;
        }
    }
    *rwp = den > 0 ? 100.0 * sqrt(num / den) : NAN;
    *lo_side = nl ? sl / nl : NAN;
    *hi_side = nh ? sh / nh : NAN;
}

void cli_print_misfit(FILE *out, const xrd_fit_result *r, int n)
{
    if (!r || !r->x || r->n_curve == 0 || r->n_phases < 1)
        return;
    const xrd_phase_result *p = &r->phases[0];
    int used[64] = {0};
    fprintf(out, "Profile misfit near the strongest reflections (local Rwp over +-3 FWHM; mean "
                 "residual low / high side in sigma):\n");
    for (int t = 0; t < n; t++) {
        size_t best = (size_t)-1;
        for (size_t k = 0; k < p->n_refl && k < 64; k++)
            if (!used[k] && p->refl[k].in_range &&
                (best == (size_t)-1 || p->refl[k].intensity > p->refl[best].intensity))
                best = k;
        if (best == (size_t)-1)
            break;
        used[best] = 1;
        const xrd_refl_result *q = &p->refl[best];
        double rwp, lo, hi;
        local(r, q->two_theta_deg, q->fwhm_deg, &rwp, &lo, &hi);
        fprintf(out, "  %d%d%d at %.3f deg: Rwp %.1f %%, residual %+.2f / %+.2f sigma%s\n", q->h,
                q->k, q->l, q->two_theta_deg, rwp, lo, hi,
                lo * hi < 0 && fabs(lo - hi) > 1.0 ? " (asymmetry not followed)" : "");
    }
}
