/* The instrument of a Debye-equation pattern: the angle each observed point
 * shows (zero, displacement) and the weights of the TCH pseudo-Voigt of U V W
 * X Y with which the pattern is convolved (no axial asymmetry). Shared by the
 * simulator and the refinement. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "xrdfit/xrdfit.h"
#include "model/debye_internal.h"

#define DEG (M_PI / 180.0)
#define REACH_FWHM 20.0

double xrdi_debye_true_2theta(const xrd_instrument *inst, double zero_deg, double disp_mm,
                              double x_deg)
{
    double t = x_deg - zero_deg;
    if (inst->geometry == XRD_GEOM_BRAGG_BRENTANO && inst->radius_mm > 0)
        t += 2.0 * disp_mm * cos(0.5 * t * DEG) / inst->radius_mm / DEG;
    return t;
}

/* TCH FWHM and eta of the instrument at 2theta (deg). */
static void tch(const xrd_instrument *inst, double tt, double *H, double *eta)
{
    double th = 0.5 * tt * DEG, t = tan(th);
    const double *p = inst->uvwxy;
    double hg2 = p[0] * t * t + p[1] * t + p[2];
    double hg = hg2 > 0 ? sqrt(hg2) : 0.0, hl = p[3] * t + p[4] / cos(th);
    if (hl < 0)
        hl = 0;
    double h5 = pow(hg, 5) + 2.69269 * pow(hg, 4) * hl + 2.42843 * pow(hg, 3) * hl * hl +
                4.47163 * hg * hg * pow(hl, 3) + 0.07842 * hg * pow(hl, 4) + pow(hl, 5);
    *H = h5 > 0 ? pow(h5, 0.2) : 0.0;
    double r = *H > 0 ? hl / *H : 0.0;
    *eta = 1.36603 * r - 0.47719 * r * r + 0.11116 * r * r * r;
}

static double pv(double x, double H, double eta)
{
    double g = 2.0 / H * sqrt(M_LN2 / M_PI) * exp(-4.0 * M_LN2 * x * x / (H * H));
    double l = 2.0 / (M_PI * H) / (1.0 + 4.0 * x * x / (H * H));
    return eta * l + (1.0 - eta) * g;
}

size_t xrdi_debye_row_span(const xrd_instrument *inst, const double *tt, size_t n, size_t i,
                           size_t *j0)
{
    double H, eta;
    tch(inst, tt[i], &H, &eta);
    *j0 = i;
    if (!(H > 0))
        return 0;
    double reach = REACH_FWHM * H;
    size_t a = i, b = i;
    while (a > 0 && fabs(tt[a - 1] - tt[i]) <= reach)
        a--;
    while (b + 1 < n && fabs(tt[b + 1] - tt[i]) <= reach)
        b++;
    *j0 = a;
    return b - a + 1;
}

void xrdi_debye_row_weights(const xrd_instrument *inst, const double *tt, size_t n, size_t i,
                            size_t j0, size_t len, double *w)
{
    double H, eta, den = 0;
    tch(inst, tt[i], &H, &eta);
    for (size_t k = 0; k < len; k++) {
        size_t j = j0 + k;
        double dl = j > 0 ? fabs(tt[j] - tt[j - 1]) : 0, dr = j + 1 < n ? fabs(tt[j + 1] - tt[j]) : 0;
        w[k] = pv(tt[j] - tt[i], H, eta) * 0.5 * (dl + dr);
        den += w[k];
    }
    for (size_t k = 0; k < len; k++)
        w[k] = den > 0 ? w[k] / den : (j0 + k == i ? 1.0 : 0.0);
}
