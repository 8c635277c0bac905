/* The lognormal distribution of spheres: its closed-form Fourier coefficients
 * against a brute-force average over the diameters, their derivatives against
 * differences, the integral breadth 1/LVol, and the FFT peak of
 * peak_fourier.c against a direct cosine integral of its transform.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"

#include <string.h>

#include "model/peak.h"
#include "model/size_lognormal.h"

/* the D^3-weighted mean of a sphere's A_D(L) over a lognormal of median 1,
 * by the midpoint rule in ln D over +-8 sigma */
static double brute_A(double y, double sigma)
{
    const int n = 20000;
    double lo = -8.0 * sigma, hi = 8.0 * sigma, h = (hi - lo) / n, num = 0, den = 0;
    for (int i = 0; i < n; i++) {
        double ln = lo + (i + 0.5) * h, d = exp(ln), g = exp(-0.5 * ln * ln / (sigma * sigma));
        double w = g * d * d * d, x = y / d;
        den += w;
        if (x < 1.0)
            num += w * (1.0 - 1.5 * x + 0.5 * x * x * x);
    }
    return num / den;
}

static void test_fourier_coefficients(void)
{
    const double sig[] = {0.05, 0.2, 0.4, 0.8};
    const double ys[] = {0.0, 0.1, 0.5, 0.9, 1.3, 2.5};
    for (size_t a = 0; a < sizeof sig / sizeof sig[0]; a++)
        for (size_t b = 0; b < sizeof ys / sizeof ys[0]; b++) {
            double v = xrdi_lognormal_sphere_A(ys[b], sig[a], NULL, NULL), t = brute_A(ys[b], sig[a]);
            ASSERT_MSG(fabs(v - t) < 2e-4, "A(y = %g, sigma = %g) = %.6f, brute force %.6f", ys[b],
                       sig[a], v, t);
        }
}

static void test_derivatives(void)
{
    const double sig[] = {0.05, 0.3, 0.8};
    const double ys[] = {0.2, 0.7, 1.1, 2.0};
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 4; b++) {
            double y = ys[b], s = sig[a], dy, ds, e = 1e-6;
            xrdi_lognormal_sphere_A(y, s, &dy, &ds);
            double ny = (xrdi_lognormal_sphere_A(y + e, s, NULL, NULL) -
                         xrdi_lognormal_sphere_A(y - e, s, NULL, NULL)) / (2 * e);
            double ns = (xrdi_lognormal_sphere_A(y, s + e, NULL, NULL) -
                         xrdi_lognormal_sphere_A(y, s - e, NULL, NULL)) / (2 * e);
            ASSERT_MSG(fabs(dy - ny) < 1e-6 * (1 + fabs(ny)) && fabs(ds - ns) < 1e-6 * (1 + fabs(ns)),
                       "y %g sigma %g: dA/dy %g (numeric %g), dA/dsigma %g (numeric %g)", y, s, dy,
                       ny, ds, ns);
        }
    /* the slope at L = 0: -3/2 <D^2>/<D^3> */
    double d0;
    xrdi_lognormal_sphere_A(0.0, 0.3, &d0, NULL);
    double n0 = (xrdi_lognormal_sphere_A(1e-7, 0.3, NULL, NULL) - 1.0) / 1e-7;
    ASSERT_MSG(fabs(d0 - n0) < 1e-4, "slope at 0: %g, numeric %g", d0, n0);
}

/* the table of one sigma against the closed form, across and beyond its range */
static void test_table(void)
{
    static xrdi_lognormal_table t;
    const double sig[] = {0.02, 0.25, 0.7, 1.0};
    for (int a = 0; a < 4; a++) {
        xrdi_lognormal_table_init(&t, sig[a]);
        double wa = 0, wd = 0, ws = 0;
        for (double y = 1e-4; y < 3e3; y *= 1.0007) {
            double d1, s1, d2, s2;
            double a1 = xrdi_lognormal_sphere_A(y, sig[a], &d1, &s1);
            double a2 = xrdi_lognormal_table_A(&t, y, &d2, &s2);
            wa = fmax(wa, fabs(a1 - a2));
            wd = fmax(wd, fabs(d1 - d2));
            ws = fmax(ws, fabs(s1 - s2));
        }
        ASSERT_MSG(wa < 1e-9 && wd < 1e-6 && ws < 1e-5,
                   "sigma %g: table off by %g in A, %g in dA/dy, %g in dA/dsigma", sig[a], wa, wd,
                   ws);
    }
}

/* the integral breadth of the size profile is 1 / (2 int_0^inf A dL) = 1/LVol,
 * LVol = 3/4 <D^4>/<D^3> = 3/4 D0 exp(3.5 sigma^2) */
static void test_integral_breadth(void)
{
    const double sig[] = {0.02, 0.25, 0.6};
    for (int a = 0; a < 3; a++) {
        double s = sig[a], h = 1e-4, sum = 0;
        for (double y = 0.5 * h; y < 40.0; y += h)
            sum += xrdi_lognormal_sphere_A(y, s, NULL, NULL) * h;
        double lvol = 0.75 * exp(3.5 * s * s);
        ASSERT_MSG(fabs(2.0 * sum - lvol) < 1e-4 * lvol, "sigma %g: 2 int A = %.6f, LVol %.6f", s,
                   2.0 * sum, lvol);
        double med = xrdi_lognormal_median_nm(1.0 / lvol, s);
        ASSERT_MSG(fabs(med - 1.0) < 1e-12, "median from 1/LVol: %g, expected 1", med);
    }
}

/* the FFT peak against int C(t) cos(2 pi t u) dt by the trapezoid rule on a
 * fine grid of t, C = A(kappa t / D0) exp(-pi^2 hg^2 t^2 / (4 ln 2) - pi hl t) */
static void fft_peak(double sg)
{
    xrdi_peak pk;
    memset(&pk, 0, sizeof pk);
    pk.pos_deg = 40.0;
    pk.hg = 0.08;
    pk.hl = 0.05;
    pk.ln_on = 1;
    pk.ln_sigma = sg;
    pk.ln_inv = 1.0 / 2.5;   /* LVol 2.5 nm */
    pk.ln_kappa = 180.0 / M_PI * 0.15406 / cos(20.0 * M_PI / 180); /* nm deg */
    size_t n = 801;
    double x[801], v[801];
    for (size_t i = 0; i < n; i++)
        x[i] = 25.0 + 0.0375 * (double)i;
    ASSERT(xrdi_peak_fourier(&pk, x, n, v, NULL, NULL, NULL, NULL, NULL) == 0);
    double c = 0.75 * pk.ln_kappa * exp(3.5 * sg * sg) * pk.ln_inv, kg = M_PI * M_PI * pk.hg * pk.hg /
               (4 * M_LN2), worst = 0, area = 0;
    for (size_t i = 0; i < n; i += 40) {
        double u = x[i] - pk.pos_deg, dt = 2e-4, s = 0;
        for (double t = 0; t < 60.0; t += dt) {
            double w = t == 0 ? 0.5 : 1.0;
            s += w * xrdi_lognormal_sphere_A(c * t, sg, NULL, NULL) * exp(-kg * t * t - M_PI *
                 pk.hl * t) * cos(2 * M_PI * t * u);
        }
        s *= 2 * dt;
        if (fabs(s - v[i]) > worst)
            worst = fabs(s - v[i]);
    }
    double peak = 0;
    for (size_t i = 0; i < n; i++) {
        area += v[i] * 0.0375;
        if (v[i] > peak)
            peak = v[i];
    }
    ASSERT_MSG(worst < 2e-6 * peak, "sigma %g: FFT peak differs from the direct integral by %g "
               "(peak %g)", sg, worst, peak);
    /* +-15 deg = +-4 integral breadths hold 95-97 % (the tails beyond fall as
     * a Lorentzian's of about half the breadth) */
    ASSERT_MSG(area > 0.94 && area < 0.98, "sigma %g: area %g over +-15 deg", sg, area);
}

/* a usual spread, and a wide one whose smallest crystals make a part several
 * breadths wide (the grid's period must hold it) */
static void test_fft_peak(void)
{
    fft_peak(0.3);
    if (!th_failed_now)
        fft_peak(0.7);
}

int main(void)
{
    RUN(test_fourier_coefficients);
    RUN(test_derivatives);
    RUN(test_integral_breadth);
    RUN(test_table);
    RUN(test_fft_peak);
    return th_n_fail ? 1 : 0;
}
