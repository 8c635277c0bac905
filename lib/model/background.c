/* Background: Chebyshev polynomial in x scaled to [-1, 1], an optional c/x
 * term and an optional Gaussian amorphous hump (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "model/model.h"

static double scaled(const xrdi_model *m, double x)
{
    return (2.0 * x - m->x_lo - m->x_hi) / (m->x_hi - m->x_lo);
}

static double hump(const xrd_background *b, double x, double *dh, double *dc, double *dw)
{
    const double k = 4.0 * M_LN2;
    double u = (x - b->hump_center_deg) / b->hump_fwhm_deg;
    double e = exp(-k * u * u);
    if (dh)
        *dh = e;
    if (dc)
        *dc = b->hump_height * e * 2.0 * k * u / b->hump_fwhm_deg;
    if (dw)
        *dw = b->hump_height * e * 2.0 * k * u * u / b->hump_fwhm_deg;
    return b->hump_height * e;
}

double xrdi_background_at(const xrdi_model *m, double x)
{
    const xrd_background *b = &m->bkg;
    double t = scaled(m, x), t0 = 1.0, t1 = t, s = 0.0;
    for (int j = 0; j < b->n_cheb; j++) {
        double tj = j == 0 ? t0 : t1;
        if (j >= 2) {
            double t2 = 2.0 * t * t1 - t0;
            t0 = t1;
            t1 = t2;
            tj = t2;
        }
        s += b->cheb[j] * tj;
    }
    if (b->use_inv_x && x > 0)
        s += b->inv_x / x;
    if (b->use_hump && b->hump_fwhm_deg > 0)
        s += hump(b, x, NULL, NULL, NULL);
    return s;
}

void xrdi_background_cheb(const xrdi_model *m, double x, int k, double *T)
{
    double t = scaled(m, x);
    if (k > 0)
        T[0] = 1.0;
    if (k > 1)
        T[1] = t;
    for (int j = 2; j < k; j++)
        T[j] = 2.0 * t * T[j - 1] - T[j - 2];
}

double xrdi_background_deriv(const xrdi_model *m, xrdi_pref r, double x)
{
    const xrd_background *b = &m->bkg;
    double d = 0.0;
    switch (r.kind) {
    case XRDI_P_BKG: {
        double t = scaled(m, x), t0 = 1.0, t1 = t;
        if (r.index == 0)
            return 1.0;
        for (int j = 2; j <= r.index; j++) {
            double t2 = 2.0 * t * t1 - t0;
            t0 = t1;
            t1 = t2;
        }
        return t1;
    }
    case XRDI_P_INVX:
        return x > 0 ? 1.0 / x : 0.0;
    case XRDI_P_HUMP_H:
        hump(b, x, &d, NULL, NULL);
        return d;
    case XRDI_P_HUMP_C:
        hump(b, x, NULL, &d, NULL);
        return d;
    case XRDI_P_HUMP_W:
        hump(b, x, NULL, NULL, &d);
        return d;
    default:
        return 0.0;
    }
}
