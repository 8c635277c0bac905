/* The twin faults' term (peak_twin.c, faults.c) against computations made
 * differently:
 * - the Hilbert transform of the TCH pseudo-Voigt against GSL's Cauchy
 *   principal-value quadrature (qawc) of the profile itself;
 * - the model's asymmetry (beta / sqrt 3) and breadth (beta per layer along
 *   the stacking direction) against the intensity along a reciprocal-lattice
 *   rod summed from the stacking's two-state Markov chain, layer by layer
 *   (transfer matrices, not the eigenvalues the derivation used).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"

#include <complex.h>
#include <gsl/gsl_integration.h>

#include "model/peak.h"

typedef struct {
    const xrdi_peak *pk;
} tch_arg;

static double tch_at(double x, void *p)
{
    const tch_arg *a = p;
    double v;
    xrdi_peak_tch(a->pk, 0, &x, 1, &v, NULL, NULL, NULL, NULL);
    return v;
}

static void test_hilbert_tch(void)
{
    static const double w[][2] = {{0.3, 0.0001}, {0.3, 0.4}, {0.05, 1.2}, {1.0, 0.2}};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(4000);
    ASSERT(ws);
    for (size_t c = 0; c < sizeof w / sizeof w[0]; c++) {
        xrdi_peak pk;
        memset(&pk, 0, sizeof pk);
        pk.pos_deg = 50.0;
        pk.hg = w[c][0];
        pk.hl = w[c][1];
        pk.twin_rod = 1e-6; /* the taper and the periodic term out of reach */
        double H;
        xrd_tch_mix(pk.hg, pk.hl, &H, NULL, NULL, NULL, NULL, NULL);
        pk.lo_deg = pk.pos_deg - 1e4 * H;
        pk.hi_deg = pk.pos_deg + 1e4 * H;
        tch_arg a = {&pk};
        gsl_function f = {tch_at, &a};
        double worst = 0, peak = 0;
        /* to 11 FWHM: Dawson's integral by GSL and, beyond |z| = 8, its series
         * (measured: below 5e-7 of the transform) */
        for (int k = -30; k <= 30; k++) {
            double x = pk.pos_deg + 0.37 * k * H, h, r, e;
            xrdi_peak_twin(&pk, &x, 1, &h, NULL, NULL, NULL, NULL);
            /* H[f](x) = (1/pi) PV int f(t) / (x - t) dt = -(1/pi) qawc(f, c = x) */
            ASSERT(gsl_integration_qawc(&f, x - 3000 * H, x + 3000 * H, x, 1e-12, 1e-9, 4000, ws,
                                        &r, &e) == 0);
            r = -r / M_PI;
            worst = fmax(worst, fabs(h - r) / (fabs(r) + 1e-3 / H));
            peak = fmax(peak, fabs(r));
        }
        ASSERT_MSG(worst < 3e-6 && peak > 0, "hg %g hl %g: Hilbert differs by %g of itself",
                   w[c][0], w[c][1], worst);
    }
    gsl_integration_workspace_free(ws);
}

/* I(phi) = sum_m Phi_m exp(-i m phi), Phi_m = <omega^(s_1 + ... + s_m)> of
 * steps s = +-1 whose sense reverses with probability beta per layer, summed
 * to |m| = M by the 2 x 2 transfer matrix (stationary start). */
static double rod(double beta, double phi, int M)
{
    const double complex om = cexp(2.0 * M_PI * I / 3.0), omc = conj(om);
    double complex vp = 0.5 * om, vm = 0.5 * omc; /* after one step: sense +, - */
    double sum = 1.0;
    for (int m = 1; m <= M; m++) {
        double complex phim = vp + vm;
        sum += 2.0 * creal(phim * cexp(-I * m * phi));
        double complex np = ((1 - beta) * vp + beta * vm) * om;
        double complex nm = (beta * vp + (1 - beta) * vm) * omc;
        vp = np;
        vm = nm;
    }
    return sum;
}

static void test_rod_markov(void)
{
    const double beta = 0.01, node = 2.0 * M_PI / 3.0, b1 = -0.5 * log(1.0 - 2.0 * beta);
    const int M = 6000; /* |lambda|^M ~ exp(-60) */
    double s0 = rod(beta, node, M);
    /* breadth: half maximum at beta' ~ beta from the node (the model's beta per layer) */
    double sh = 0.5 * (rod(beta, node + b1, M) + rod(beta, node - b1, M));
    ASSERT_MSG(fabs(sh / s0 - 0.5) < 0.02, "half width: I(node +- beta) / I(node) = %.4f",
               sh / s0);
    /* asymmetry: antisymmetric / symmetric part = (beta / sqrt 3) x / beta', the
     * tail towards larger phase (|L0| = 3N + 1: higher angles); measured beyond
     * the core, where the node's own second-order shift (0.29 beta^2, which adds
     * 1 / (1 + (x / beta)^2) of it) is below 2 % */
    for (int k = 8; k <= 16; k += 4) {
        double x = k * beta, ip = rod(beta, node + x, M), im = rod(beta, node - x, M);
        double ratio = (ip - im) / (ip + im), model = beta / sqrt(3.0) * x / b1;
        ASSERT_MSG(ratio > 0 && fabs(ratio / model - 1.0) < 0.03,
                   "x = %g: asymmetry %.5f, model %.5f", x, ratio, model);
    }
}

int main(void)
{
    RUN(test_hilbert_tch);
    RUN(test_rod_markov);
    TH_EXIT();
}
