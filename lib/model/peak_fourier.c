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

#include "model/peak.h"
#include "model/size_lognormal.h"

#define FOUR_LN2 2.772588722239781237669
/* grid step: this fraction of the narrowest width the peak shows; the
 * interpolation (Catmull-Rom, exact for quadratics) errs by < 1e-4 of the
 * peak there */
#define STEPS_PER_WIDTH 20.0
#define GRID_MIN 64
#define GRID_MAX 32768

/* One peak's grid: its step and length and the five transforms. */
typedef struct {
    double h;
    size_t n;
    double *f[5]; /* value, d/dhg, d/dhl, d/d(1/LVol), d/dsigma */
} grid;

static size_t pow2_at_least(double v)
{
    size_t n = GRID_MIN;
    while ((double)n < v && n < GRID_MAX)
        n *= 2;
    return n;
}

/* the transforms of the product onto g (nf of them: 1 value only, 5 all) */
static void transforms(const xrdi_peak *pk, grid *g, int nf)
{
    const size_t n = g->n;
    const double dt = 1.0 / ((double)n * g->h);
    const double kg = M_PI * M_PI * pk->hg * pk->hg / FOUR_LN2, kl = M_PI * pk->hl;
    const double sg = pk->ln_sigma, c = 0.75 * pk->ln_kappa * exp(3.5 * sg * sg);
    for (size_t k = 0; k <= n / 2; k++) {
        double t = (double)k * dt, y = c * pk->ln_inv * t, dy, ds;
        double a = xrdi_lognormal_sphere_A(y, sg, nf > 1 ? &dy : NULL, nf > 1 ? &ds : NULL);
        double v = exp(-kg * t * t - kl * t), cv = a * v;
        g->f[0][k] = cv;
        if (nf > 1) {
            g->f[1][k] = -cv * 2.0 * kg / (pk->hg > 0 ? pk->hg : 1.0) * t * t;
            g->f[2][k] = -cv * M_PI * t;
            /* y = c (1/LVol) t e^...; at a fixed LVol, D0 moves with sigma:
             * dy/dsigma = 7 sigma y */
            g->f[3][k] = dy * c * t * v;
            g->f[4][k] = (ds + dy * 7.0 * sg * y) * v;
        }
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
    /* the narrowest width: the instrument's Voigt, or the size profile's
     * central cusp, which sharpens as e^(-2 sigma^2) with the spread */
    double beta = pk->ln_kappa * pk->ln_inv, ws = 0.77 * beta * exp(-2.0 * sg * sg);
    double wi = pk->hg + pk->hl;
    double w = wi > 0 && (ws <= 0 || wi < ws) ? wi : ws;
    if (ws > 0 && wi > 0)
        w = sqrt(wi * wi + ws * ws);
    if (!(w > 0) || !isfinite(w))
        return -1;
    double umax = fmax(fabs(x[0] - pos), fabs(x[cnt - 1] - pos));
    /* the period holds the window four times over: the aliased images sit
     * three windows away, far below the tail the window already cuts */
    double period = fmax(4.0 * umax, 40.0 * w);
    grid g;
    /* a power of two: the step (and with it the interpolation's error at a
     * point) does not move with the widths, so that the analytic derivatives
     * are those of the interpolated profile */
    g.h = exp2(floor(log2(w / STEPS_PER_WIDTH)));
    g.n = pow2_at_least(period / g.h);
    g.h = period / (double)g.n > g.h ? period / (double)g.n : g.h;
    int nf = d_pos ? 5 : 1;
    double *buf = malloc((size_t)nf * g.n * sizeof(double));
    if (!buf)
        return -1;
    for (int q = 0; q < 5; q++)
        g.f[q] = q < nf ? buf + (size_t)q * g.n : NULL;
    transforms(pk, &g, nf);
    const long n = (long)g.n;
    const double ih = 1.0 / g.h;
    for (size_t i = 0; i < cnt; i++) {
        double v = (x[i] - pos) * ih, fl = floor(v), wt[4], dw[4];
        long j = (long)fl;
        weights(v - fl, wt, dw);
        long ix[4];
        for (int a = 0; a < 4; a++)
            ix[a] = (((j - 1 + a) % n) + n) % n;
        double s = 0, ds = 0;
        for (int a = 0; a < 4; a++) {
            s += wt[a] * g.f[0][ix[a]];
            ds += dw[a] * g.f[0][ix[a]];
        }
        val[i] = s;
        if (!d_pos)
            continue;
        d_pos[i] = -ds * ih;
        double *out[4] = {d_hg, d_hl, d_size, d_sigma};
        for (int q = 0; q < 4; q++) {
            double t = 0;
            for (int a = 0; a < 4; a++)
                t += wt[a] * g.f[q + 1][ix[a]];
            out[q][i] = t;
        }
    }
    free(buf);
    return 0;
}
