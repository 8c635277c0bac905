/* A peak whose size term is a lognormal distribution of spheres (internal):
 * the product of the Fourier transforms of the size profile (A(L),
 * size_lognormal.c) and of the Voigt of instrument, strain and faults
 * (exp(-pi^2 hg^2 t^2 / (4 ln 2) - pi hl |t|)), brought back by one inverse
 * FFT onto a grid across the peak and interpolated at the points; the
 * derivatives wrt hg, hl, 1/LVol and sigma by their own transforms, the one
 * wrt the position from the interpolant. This is how the Whole Powder
 * Pattern Modelling of Scardi & Leoni builds its peaks; no closed form exists.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_fft_halfcomplex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/peak.h"
#include "model/size_lognormal.h"

#define FOUR_LN2 2.772588722239781237669
/* grid step: 1/12 to 1/24 of the narrowest width the peak shows; the
 * interpolation (Catmull-Rom, exact for quadratics) errs by < 1e-5 of the
 * peak there (tests/test_size_lognormal.c) */
#define STEPS_PER_WIDTH 12.0
/* the grid's period in widths: the rest of the transform (the Lorentzian
 * taken out) falls as 1/u^4, below 1e-5 of the peak beyond a third of it */
#define PERIOD_WIDTHS 32.0
#define BROAD_WIDTHS 16.0
#define TAPER_FROM 0.75
#define GRID_MIN 64
#define GRID_MAX 8192

/* One peak's grid: its step and length, the Lorentzian taken out of the
 * transform (HWHM gam; dgam its derivatives wrt hg, hl, 1/LVol, sigma) and
 * the five transforms of the rest. */
typedef struct {
    double h;
    size_t n;
    double gam, dgam[4];
    double *f[5]; /* value, d/dhg, d/dhl, d/d(1/LVol), d/dsigma */
} grid;

static size_t pow2_at_least(double v)
{
    size_t n = GRID_MIN;
    while ((double)n < v && n < GRID_MAX)
        n *= 2;
    return n;
}

/* The transform C(t) falls from 1 with the slope -s at t = 0+ (s = pi hl +
 * 3/2 <D^2>/<D^3> per unit of t): a cusp whose profile has Lorentzian tails
 * far beyond any grid one can afford. The Lorentzian of transform e^(-2 pi
 * gam |t|), gam = s / (2 pi), is taken out and added back point by point; the
 * rest, smooth at t = 0, falls as 1/u^4 and fits a grid of some forty widths.
 * A Lorentzian narrower than the grid resolves (a small hl on a sharp
 * Gaussian) is taken out at the narrowest width the grid holds instead: the
 * rest's remaining cusp is then below a Lorentzian of that width. */
static void transforms(const xrdi_peak *pk, grid *g, int nf)
{
    const size_t n = g->n;
    const double dt = 1.0 / ((double)n * g->h);
    const double kg = M_PI * M_PI * pk->hg * pk->hg / FOUR_LN2, kl = M_PI * pk->hl;
    const double sg = pk->ln_sigma, c = 0.75 * pk->ln_kappa * exp(3.5 * sg * sg);
    const double e1 = 1.125 * pk->ln_kappa * exp(sg * sg);
    double s = kl + e1 * pk->ln_inv, ds[4] = {0.0, M_PI, e1, 2.0 * sg * e1 * pk->ln_inv};
    if (s < 2.0 * M_PI * 2.0 * g->h) {
        s = 2.0 * M_PI * 2.0 * g->h;
        ds[1] = ds[2] = ds[3] = 0.0;
    }
    g->gam = s / (2.0 * M_PI);
    for (int q = 0; q < 4; q++)
        g->dgam[q] = ds[q] / (2.0 * M_PI);
    /* e^(-s t) and the Voigt's e^(-kg t^2 - kl t) by their recurrences; A(y)
     * only where it and the Voigt are not negligible (y beyond the largest
     * crystals, z3 > 8.5: A < 1e-16) */
    const double ymax = exp(8.5 * sg + 3.0 * sg * sg), qe = exp(-s * dt);
    const double qg = exp(-2.0 * kg * dt * dt);
    double el = 1.0, v = 1.0, rv = exp(-kg * dt * dt - kl * dt);
    for (size_t k = 0; k <= n / 2; k++) {
        double t = (double)k * dt, y = c * pk->ln_inv * t, dy = 0, dsg = 0, a = 0;
        if (y < ymax && v > 1e-300)
            a = pk->ln_tab ? xrdi_lognormal_table_A(pk->ln_tab, y, nf > 1 ? &dy : NULL,
                                                    nf > 1 ? &dsg : NULL)
                           : xrdi_lognormal_sphere_A(y, sg, nf > 1 ? &dy : NULL,
                                                     nf > 1 ? &dsg : NULL);
        double cv = a * v;
        g->f[0][k] = cv - el;
        if (nf > 1) {
            /* the rest's derivatives: C's, plus t e^(-s t) ds */
            g->f[1][k] = -cv * 2.0 * kg / (pk->hg > 0 ? pk->hg : 1.0) * t * t;
            g->f[2][k] = -cv * M_PI * t + t * el * ds[1];
            /* y = c (1/LVol) t e^...; at a fixed LVol, D0 moves with sigma:
             * dy/dsigma = 7 sigma y */
            g->f[3][k] = dy * c * t * v + t * el * ds[2];
            g->f[4][k] = (dsg + dy * 7.0 * sg * y) * v + t * el * ds[3];
        }
        el *= qe;
        v *= rv;
        rv *= qg;
    }
    for (int q = 0; q < nf; q++) {
        double *d = g->f[q];
        /* halfcomplex order: Re c_k at k, Im c_k (0: an even profile) at n - k */
        for (size_t k = 1; k < n / 2; k++)
            d[n - k] = 0.0;
        gsl_fft_halfcomplex_radix2_backward(d, 1, n);
        for (size_t k = 0; k < n; k++)
            d[k] *= dt;
    }
}

/* Catmull-Rom weights at fraction u of a step, and of the derivative */
static void weights(double u, double w[4], double dw[4])
{
    double u2 = u * u, u3 = u2 * u;
    w[0] = 0.5 * (-u + 2.0 * u2 - u3);
    w[1] = 0.5 * (2.0 - 5.0 * u2 + 3.0 * u3);
    w[2] = 0.5 * (u + 4.0 * u2 - 3.0 * u3);
    w[3] = 0.5 * (-u2 + u3);
    dw[0] = 0.5 * (-1.0 + 4.0 * u - 3.0 * u2);
    dw[1] = 0.5 * (-10.0 * u + 9.0 * u2);
    dw[2] = 0.5 * (1.0 + 8.0 * u - 9.0 * u2);
    dw[3] = 0.5 * (-2.0 * u + 3.0 * u2);
}

int xrdi_peak_fourier(const xrdi_peak *pk, const double *x, size_t cnt, double *val,
                      double *d_pos, double *d_hg, double *d_hl, double *d_size,
                      double *d_sigma)
{
    if (cnt == 0)
        return 0;
    const double pos = pk->pos_deg, sg = pk->ln_sigma;
    /* the narrowest width: the instrument's Voigt and the size profile's
     * central cusp (sharpening as e^(-2 sigma^2) with the spread) together */
    double beta = pk->ln_kappa * pk->ln_inv, ws = 0.77 * beta * exp(-2.0 * sg * sg);
    double w = hypot(pk->hg + pk->hl, ws);
    if (!(w > 0) || !isfinite(w))
        return -1;
    grid g;
    memset(&g, 0, sizeof g);
    /* a power of two: the step (and with it the interpolation's error at a
     * point) does not move with the widths, so that the analytic derivatives
     * are those of the interpolated profile; so is the period (the rest is 0
     * beyond half of it) */
    g.h = exp2(floor(log2(w / STEPS_PER_WIDTH)));
    /* the period also holds the broadest part: the smallest crystals that
     * count, two sigma below the volume-weighted median, whose breadth is
     * beta e^(sigma^2 / 2 + 2 sigma) */
    double wb = beta * exp(0.5 * sg * sg + 2.0 * sg);
    double per = fmax(PERIOD_WIDTHS * w, BROAD_WIDTHS * wb);
    while (per / g.h > GRID_MAX)
        g.h *= 2.0;
    g.n = pow2_at_least(per / g.h);
    int nf = d_pos ? 5 : 1;
    double *buf = malloc(2 * (size_t)nf * g.n * sizeof(double));
    if (!buf)
        return -1;
    for (int q = 0; q < 5; q++)
        g.f[q] = q < nf ? buf + (size_t)q * g.n : NULL;
    transforms(pk, &g, nf);
    const long n = (long)g.n, half = n / 2 - 2;
    /* unwrapped: lin[q][k] at u = (k - n/2) h, so that the four neighbours
     * of a point are consecutive */
    double *lin[5] = {NULL};
    for (int q = 0; q < nf; q++) {
        lin[q] = buf + (size_t)(nf + q) * g.n;
        memcpy(lin[q], g.f[q] + n / 2, (size_t)(n / 2) * sizeof(double));
        memcpy(lin[q] + n / 2, g.f[q], (size_t)(n / 2) * sizeof(double));
    }
    const double ih = 1.0 / g.h, gm = g.gam, gm2 = gm * gm;
    double *out[4] = {d_hg, d_hl, d_size, d_sigma};
    for (size_t i = 0; i < cnt; i++) {
        double u = x[i] - pos, v = u * ih, fl = floor(v), r = 1.0 / (u * u + gm2);
        /* the Lorentzian taken out of the transform */
        double lz = gm * r / M_PI, dlz_du = -2.0 * gm * u * r * r / M_PI;
        double dlz_dg = (u * u - gm2) * r * r / M_PI;
        long j = (long)fl;
        double s = 0, ds = 0, t[4] = {0, 0, 0, 0};
        /* the rest tapered to 0 (a raised cosine) over the outer quarter of
         * the half period, where it is below 1e-5 of the peak: no step */
        double a = fabs(v) / (double)half, tp = 1.0, dtp = 0.0;
        if (a >= 1.0)
            tp = 0.0;
        else if (a > TAPER_FROM) {
            double ph = M_PI * (a - TAPER_FROM) / (1.0 - TAPER_FROM);
            tp = 0.5 * (1.0 + cos(ph));
            dtp = -0.5 * sin(ph) * M_PI / (1.0 - TAPER_FROM) / (double)half * ih * (u < 0 ? -1 : 1);
        }
        if (tp > 0) {
            double wt[4], dw[4];
            weights(v - fl, wt, dw);
            const long k0 = j - 1 + n / 2;
            const double *f0 = lin[0] + k0;
            for (int b = 0; b < 4; b++) {
                s += wt[b] * f0[b];
                ds += dw[b] * f0[b];
            }
            for (int q = 0; q < 4 && d_pos; q++) {
                const double *fq = lin[q + 1] + k0;
                t[q] = tp * (wt[0] * fq[0] + wt[1] * fq[1] + wt[2] * fq[2] + wt[3] * fq[3]);
            }
            /* d/du of tp s */
            ds = ds * ih * tp + s * dtp;
            s *= tp;
        }
        val[i] = s + lz;
        if (!d_pos)
            continue;
        d_pos[i] = -(ds + dlz_du);
        for (int q = 0; q < 4; q++)
            out[q][i] = t[q] + dlz_dg * g.dgam[q];
    }
    free(buf);
    return 0;
}
