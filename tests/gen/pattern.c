/* xrdgen: the forward model. For every phase, reflection and wavelength line:
 *   position  2theta_obs = 2theta_Bragg + zero - (2 s cos theta / R)(180/pi)
 *   area      scale * ratio * sum|F|^2(DW incl.) * LP(2theta) / V_cell^2
 *   Gaussian  FWHM^2 = U tan^2 + V tan + W  (+) strain, integral breadth
 *             beta = 4 eps tan(theta) rad, added in quadrature as FWHMs
 *   Lorentz   FWHM = X tan + Y / cos + size, integral breadth beta = lambda /
 *             (L_vol cos theta) rad, L_vol = 3D/4 for spheres of diameter D
 *   (--size-profile sphere: the exact profile of spheres of diameter D instead)
 *   Voigt (libcerf) [x] axial-divergence kernel (FCJ from the slit geometry,
 *   profile.c, or the one-sided exponential of --axial-exp, kernel_exp.c), on
 *   a fine uniform 2theta grid (nsub nodes per output step), then each output
 *   point is the exact integral of the piecewise-linear fine curve over its
 *   bin divided by the bin width (per degree 2theta, or per 1/A when x is q),
 *   scaled so the strongest point is --counts above background, plus
 *   background, plus noise; with --time-per-step T the counts are then
 *   divided by T (counts per second).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gen.h"

static double x_to_tth(const gen_config *cfg, double x)
{
    if (cfg->xunit == X_TTH) return x;
    return 2.0 * asin(x * cfg->lambda_A[0] / (4.0 * GEN_PI)) / GEN_DEG;
}

/* integral of the linear interpolant of f (grid g) from t0 to t */
static double cum(const gen_grid *g, const double *f, const double *c, double t)
{
    double u = (t - g->t0) / g->dt;
    long j = (long)floor(u);
    if (j < 0) j = 0;
    if (j > (long)g->n - 2) j = (long)g->n - 2;
    double x = t - (g->t0 + j * g->dt);
    return c[j] + f[j] * x + (f[j + 1] - f[j]) * x * x / (2.0 * g->dt);
}

static int add_phase(const gen_config *cfg, gen_phase *ph, const gen_grid *g, double *acc)
{
    double lv_A = ph->size_nm > 0.0 ? 0.75 * ph->size_nm * 10.0 : 0.0;
    double v2 = ph->volume_A3 * ph->volume_A3;
    for (int r = 0; r < ph->nrefl; r++) {
        const gen_refl *rf = &ph->refl[r];
        for (int j = 0; j < cfg->nlines; j++) {
            double st = cfg->lambda_A[j] / (2.0 * rf->d_A);
            if (st >= 1.0) continue;
            double th = asin(st), tt = 2.0 * th / GEN_DEG, tn = tan(th), cs = cos(th);
            double area = ph->scale * cfg->ratio[j] * rf->f2sum * gen_lp(tt, cfg->mono_deg) / v2;
            double hg2 = cfg->U * tn * tn + cfg->V * tn + cfg->W;
            if (hg2 < 0.0) hg2 = 0.0;
            double beta_e = 4.0 * ph->strain * tn / GEN_DEG;            /* deg */
            double h_e = beta_e * 2.0 * sqrt(log(2.0) / GEN_PI);         /* Gaussian FWHM */
            double hg = sqrt(hg2 + h_e * h_e);
            double hl = cfg->X * tn + cfg->Y / cs; /* TCH: Y / cos, SCIENCE.md */
            if (hl < 0.0) hl = 0.0;
            if (lv_A > 0.0 && !cfg->sphere) hl += 2.0 / GEN_PI * (cfg->lambda_A[j] / (lv_A * cs)) / GEN_DEG;
            double kd = cfg->sphere && lv_A > 0.0 ? ph->size_nm * 10.0 * cs * GEN_DEG / cfg->lambda_A[j] : 0.0;
            double sigma = hg / (2.0 * sqrt(2.0 * log(2.0))), gamma = 0.5 * hl;
            if (sigma <= 0.0 && gamma <= 0.0 && kd <= 0.0) {
                fprintf(stderr, "xrdgen: zero peak width: give --instrument, size= or strain=\n");
                return 1;
            }
            double c = tt + cfg->zero_deg - 2.0 * cfg->disp_mm * cs / cfg->radius_mm / GEN_DEG;
            gen_env env;
            gen_env_init(&env, cfg, ph, rf, cfg->lambda_A[j], th, c - tt);
            gen_kernel k = {0, 0, NULL};
            int krc = cfg->axial_exp_deg > 0.0 ? gen_exp_kernel(c, cfg->axial_exp_deg, g->dt, &k)
                                               : gen_fcj_kernel(c, cfg->s_l, cfg->h_l, g->dt, &k);
            if (krc == -2) {
                gen_kernel_free(&k);
                fprintf(stderr, "xrdgen: --axial-exp: the kernel at 2theta %g deg is wider than "
                        "2e7 fine steps (smaller W or a range away from 0 and 180 deg)\n", c);
                return 1;
            }
            if (krc != 0
                || (kd > 0.0 ? gen_add_peak_sphere(g, c, area, sigma, gamma, kd, &env, &k, acc)
                             : gen_add_peak(g, c, area, sigma, gamma, &env, &k, acc)) != 0) {
                gen_kernel_free(&k);
                fprintf(stderr, "xrdgen: out of memory\n");
                return 1;
            }
            gen_kernel_free(&k);
        }
    }
    return 0;
}

int gen_pattern(gen_config *cfg, double **xo, double **yo, size_t *no)
{
    size_t n = (size_t)floor((cfg->x1 - cfg->x0) / cfg->step + 1e-9) + 1;
    double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    double *yp = calloc(n * (size_t)(cfg->nphase ? cfg->nphase : 1), sizeof *yp);
    if (!x || !y || !yp) { free(x); free(y); free(yp); return 1; }
    for (size_t i = 0; i < n; i++) x[i] = cfg->x0 + (double)i * cfg->step;
    double elo = x[0] - 0.5 * cfg->step, ehi = x[n - 1] + 0.5 * cfg->step;
    if (cfg->xunit == X_TTH && elo < 1e-6) elo = 1e-6;
    if (cfg->xunit == X_Q && elo < 1e-9) elo = 1e-9;
    gen_grid g;
    g.t0 = x_to_tth(cfg, elo);
    double tend = x_to_tth(cfg, ehi);
    if (cfg->xunit == X_TTH) {
        g.dt = cfg->step / cfg->nsub;
        g.n = (size_t)ceil((tend - g.t0) / g.dt - 1e-9) + 1;
    } else {
        g.dt = (x_to_tth(cfg, elo + cfg->step) - g.t0) / cfg->nsub;
        g.n = (size_t)ceil((tend - g.t0) / g.dt) + 1;
    }
    if (g.n < 2) g.n = 2;
    double *acc = malloc(g.n * sizeof *acc), *cacc = malloc(g.n * sizeof *cacc);
    if (!acc || !cacc) { free(x); free(y); free(yp); free(acc); free(cacc); return 1; }

    double lmin = cfg->lambda_A[0];
    for (int j = 1; j < cfg->nlines; j++) lmin = fmin(lmin, cfg->lambda_A[j]);
    double ttcut = 2.0 * tend + 10.0; /* reflections up to here (all, for lab ranges) */
    double dmin = ttcut >= 180.0 ? lmin / 2.0 : lmin / (2.0 * sin(0.5 * ttcut * GEN_DEG));
    int rc = 0;
    for (int p = 0; p < cfg->nphase && rc == 0; p++) {
        gen_phase *ph = &cfg->ph[p];
        if (gen_reflections(ph, dmin * (1.0 - 1e-9), cfg->lambda_A[0] < GEN_ELECTRON_LAMBDA_A) != 0) { rc = 1; break; }
        for (size_t j = 0; j < g.n; j++) acc[j] = 0.0;
        rc = add_phase(cfg, ph, &g, acc);
        if (rc) break;
        cacc[0] = 0.0;
        for (size_t j = 1; j < g.n; j++) cacc[j] = cacc[j - 1] + 0.5 * (acc[j - 1] + acc[j]) * g.dt;
        for (size_t i = 0; i < n; i++) {
            double a = x_to_tth(cfg, i == 0 ? elo : x[i] - 0.5 * cfg->step);
            double b = x_to_tth(cfg, x[i] + 0.5 * cfg->step);
            double wx = i == 0 ? x[i] + 0.5 * cfg->step - elo : cfg->step;
            yp[(size_t)p * n + i] = (cum(&g, acc, cacc, b) - cum(&g, acc, cacc, a)) / wx;
        }
    }
    free(acc);
    free(cacc);
    if (rc) { free(x); free(y); free(yp); return rc; }

    double mx = 0.0;
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int p = 0; p < cfg->nphase; p++) s += yp[(size_t)p * n + i];
        y[i] = s;
        if (s > mx) mx = s;
    }
    cfg->peak_max_raw = mx;
    cfg->k_counts = mx > 0.0 ? cfg->counts / mx : 0.0;
    double tot = 0.0;
    for (int p = 0; p < cfg->nphase; p++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++) s += yp[(size_t)p * n + i];
        cfg->ph[p].integral = s * cfg->step * cfg->k_counts;
        tot += cfg->ph[p].integral;
    }
    for (int p = 0; p < cfg->nphase; p++) cfg->ph[p].share = tot > 0.0 ? cfg->ph[p].integral / tot : 0.0;
    int negative = 0;
    for (size_t i = 0; i < n; i++) {
        double b = gen_background(cfg, x[i]);
        if (b < 0.0) negative = 1;
        y[i] = b + cfg->k_counts * y[i];
    }
    if (negative)
        fprintf(stderr, "xrdgen: warning: the background is negative somewhere in the range\n");
    free(yp);
    gen_noise(cfg, y, n);
    if (cfg->time_per_step_s > 0.0)
        for (size_t i = 0; i < n; i++) y[i] /= cfg->time_per_step_s;
    *xo = x;
    *yo = y;
    *no = n;
    return 0;
}
