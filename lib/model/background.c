/* Background: Chebyshev polynomial in x scaled to [-1, 1], an optional c/x
 * term, an optional Gaussian amorphous hump and, for electron ring profiles,
 * an amorphous film's power-law fall-off and broad rings (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "model/film.h"

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

/* A Gaussian ring of unit height at x: its value, d/dc and d/dw per unit height. */
static double gauss(double x, double c, double w, double *dc, double *dw)
{
    const double k = 4.0 * M_LN2;
    double u = (x - c) / w, e = exp(-k * u * u);
    if (dc)
        *dc = e * 2.0 * k * u / w;
    if (dw)
        *dw = e * 2.0 * k * u * u / w;
    return e;
}

/* The film's fall-off per unit amplitude, (x0 / x)^p, and d/dp of it. */
static double falloff(const xrd_background *b, double x, double *dp)
{
    if (!(x > 0) || !(b->film_x0_deg > 0)) {
        if (dp)
            *dp = 0;
        return 0;
    }
    double l = log(b->film_x0_deg / x), v = exp(b->film_power * l);
    if (dp)
        *dp = v * l;
    return v;
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
    if (b->use_film) {
        s += b->film_amp * falloff(b, x, NULL);
        for (int j = 0; j < b->n_rings && j < 2; j++)
            if (b->ring_fwhm_deg[j] > 0)
                s += b->ring_height[j] *
                     gauss(x, b->ring_center_deg[j], b->ring_fwhm_deg[j], NULL, NULL);
    }
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
    case XRDI_P_FILM_A:
        return falloff(b, x, NULL);
    case XRDI_P_FILM_P:
        falloff(b, x, &d);
        return b->film_amp * d;
    case XRDI_P_RING_H:
        return gauss(x, b->ring_center_deg[r.index], b->ring_fwhm_deg[r.index], NULL, NULL);
    case XRDI_P_RING_C:
        gauss(x, b->ring_center_deg[r.index], b->ring_fwhm_deg[r.index], &d, NULL);
        return b->ring_height[r.index] * d;
    case XRDI_P_RING_W:
        gauss(x, b->ring_center_deg[r.index], b->ring_fwhm_deg[r.index], NULL, &d);
        return b->ring_height[r.index] * d;
    default:
        return 0.0;
    }
}

double xrdi_film_deg_of_q(const xrdi_model *m, double q)
{
    double v = q * m->inst.rad.lambda_A[0] / (4.0 * M_PI);
    return v >= 0 && v <= 1 ? 2.0 * asin(v) * 180.0 / M_PI : NAN;
}

void xrdi_film_start(xrdi_model *m)
{
    xrd_background *b = &m->bkg;
    b->use_film = 1;
    /* the film is not exactly a power law and two Gaussians (its S(q) has
     * further weak oscillations, its inelastic part another slope): the
     * polynomial gets XRDI_FILM_CHEB_FACTOR x its terms to follow them, BIC
     * counting every one against the film */
    b->n_cheb *= XRDI_FILM_CHEB_FACTOR;
    if (b->n_cheb > XRD_MAX_CHEB)
        b->n_cheb = XRD_MAX_CHEB;
    b->film_amp = 0;
    b->film_power = XRDI_FILM_POWER;
    b->film_x0_deg = m->x_lo > 0 ? m->x_lo : m->x_hi / 10.0;
    b->n_rings = 0;
    for (int j = 0; j < XRDI_FILM_N_RINGS; j++) {
        double c = xrdi_film_deg_of_q(m, XRDI_FILM_RING_Q(j));
        double w = xrdi_film_deg_of_q(m, XRDI_FILM_RING_Q(j) + 0.5 * XRDI_FILM_RING_FWHM_Q(j)) -
                   xrdi_film_deg_of_q(m, XRDI_FILM_RING_Q(j) - 0.5 * XRDI_FILM_RING_FWHM_Q(j));
        /* a ring counts when its centre is inside the range */
        if (!(c > m->x_lo && c < m->x_hi && w > 0))
            continue;
        b->ring_center_deg[b->n_rings] = c;
        b->ring_fwhm_deg[b->n_rings] = w;
        b->ring_height[b->n_rings] = 0;
        b->n_rings++;
    }
}
