/* xrdgen: peak shape of one reflection on the fine 2theta grid.
 * Shape = true Voigt (libcerf, unit area; sigma = Gaussian standard deviation,
 * gamma = Lorentzian half width at half maximum, both in degrees 2theta)
 * convolved numerically with the Finger-Cox-Jephcoat axial-divergence kernel.
 *
 * FCJ kernel, derived here from the geometry (FCJ, J. Appl. Cryst. 27 (1994)
 * 892): a ray from axial height z_s on the sample to axial height z_d on the
 * receiving slit, both at goniometer radius L, with h = |z_d - z_s| / L, lies on
 * the Debye cone of half-angle 2theta when the detector sits at 2phi with
 *     cos 2phi = cos 2theta * sqrt(1 + h^2).
 * z_s uniform on [-H, H] and z_d uniform on [-S, S] (H, S half-lengths) give
 * h the trapezoid density T(h) = 2 min(H,S)/L (h <= |H-S|/L),
 * (H+S)/L - h (up to (H+S)/L). The weight of detector angle 2phi is
 * T(h) / |d(2psi)/dh| (2psi the true angle for fixed 2phi), which in the
 * variable h becomes  T(h) sqrt(1+h^2) / sin 2phi(h) dh  - smooth, so we
 * integrate it by the midpoint rule in h (4000 nodes) and deposit each
 * node's weight on the grid by linear (cloud-in-cell) splitting, which keeps
 * the first moment (the peak shift) exact. Rays with |cos 2theta| sqrt(1+h^2)
 * > 1 miss the detector and are dropped. The other axial kernel, the
 * exponential of --axial-exp, is in kernel_exp.c and shares nothing with this.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cerf.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"

double gen_voigt_fwhm(double sigma, double gamma)
{
    double fg = 2.0 * sqrt(2.0 * log(2.0)) * sigma, fl = 2.0 * gamma;
    return 0.5346 * fl + sqrt(0.2166 * fl * fl + fg * fg); /* Olivero & Longbothum 1977 */
}

void gen_kernel_free(gen_kernel *k)
{
    free(k->w);
    k->w = NULL;
    k->n = 0;
}

int gen_fcj_kernel(double two_theta_deg, double s_l, double h_l, double dt, gen_kernel *k)
{
    k->m0 = 0;
    k->n = 1;
    k->w = malloc(sizeof(double));
    if (!k->w) return -1;
    k->w[0] = 1.0;
    if (s_l + h_l <= 0.0) return 0;
    const int NH = 4000;
    double hmax = s_l + h_l, hlo = fabs(s_l - h_l), flat = 2.0 * fmin(s_l, h_l);
    double tt = two_theta_deg * GEN_DEG, c2 = cos(tt);
    double umin = 0.0, umax = 0.0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            int m0 = (int)floor(umin), m1 = (int)floor(umax) + 1;
            free(k->w);
            k->m0 = m0;
            k->n = m1 - m0 + 1;
            k->w = calloc((size_t)k->n, sizeof(double));
            if (!k->w) return -1;
        }
        double sum = 0.0;
        for (int i = 0; i < NH; i++) {
            double h = (i + 0.5) / NH * hmax;
            double t = h <= hlo ? flat : hmax - h;
            double c = c2 * sqrt(1.0 + h * h);
            if (fabs(c) >= 1.0) continue;
            double phi2 = acos(c), s2 = sin(phi2);
            if (s2 < 1e-12) continue;
            double w = t * sqrt(1.0 + h * h) / s2;
            double u = (phi2 - tt) / GEN_DEG / dt;
            if (pass == 0) {
                if (u < umin) umin = u;
                if (u > umax) umax = u;
            } else {
                int m = (int)floor(u);
                double f = u - m;
                k->w[m - k->m0] += w * (1.0 - f);
                k->w[m + 1 - k->m0] += w * f;
                sum += w;
            }
        }
        if (pass == 1) {
            if (sum <= 0.0) { /* every ray lost (2theta near 0 or 180): no peak */
                memset(k->w, 0, (size_t)k->n * sizeof(double));
                return 0;
            }
            for (int i = 0; i < k->n; i++) k->w[i] /= sum;
        }
    }
    return 0;
}

static double shape(double x, double sigma, double gamma)
{
    if (gamma <= 1e-12 * sigma) /* pure Gaussian */
        return exp(-0.5 * x * x / (sigma * sigma)) / (sigma * sqrt(2.0 * GEN_PI));
    if (sigma <= 1e-12 * gamma) /* pure Lorentzian */
        return gamma / (GEN_PI * (x * x + gamma * gamma));
    return voigt(x, sigma, gamma);
}

/* the sample's profile at the fine node t: symmetric, or in q with the envelope */
static double sample_at(const gen_env *env, double t, double c, double sigma, double gamma)
{
    if (!env || !env->on) return shape(t - c, sigma, gamma);
    return shape(gen_env_arg(env, t, c), sigma, gamma) * gen_env_factor(env, t);
}

int gen_add_peak(const gen_grid *g, double c, double area, double sigma, double gamma,
                 const gen_env *env, const gen_kernel *k, double *acc)
{
    if (area == 0.0) return 0;
    double fwhm = gen_voigt_fwhm(sigma, gamma);
    /* Window: +-200 FWHM (Lorentzian area lost beyond: < 0.2 %), and pure
     * Gaussians to +-12 sigma; plus the extent of the kernel. */
    double win = gamma > 0.0 ? 200.0 * fwhm : 12.0 * sigma;
    double lo = c + k->m0 * g->dt - win, hi = c + (k->m0 + k->n) * g->dt + win;
    long ja = (long)floor((lo - g->t0) / g->dt), jb = (long)ceil((hi - g->t0) / g->dt);
    if (ja < 0) ja = 0;
    if (jb > (long)g->n - 1) jb = (long)g->n - 1;
    if (jb < ja) return 0;
    if (k->n == 1 && k->m0 == 0) {
        for (long j = ja; j <= jb; j++)
            acc[j] += area * k->w[0] * sample_at(env, g->t0 + j * g->dt, c, sigma, gamma);
        return 0;
    }
    /* V at virtual node p = j - m for m in [m0, m0+n-1] */
    long p0 = ja - (k->m0 + k->n - 1), p1 = jb - k->m0;
    size_t np = (size_t)(p1 - p0 + 1);
    double *v = malloc(np * sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < np; i++) v[i] = sample_at(env, g->t0 + (double)(p0 + (long)i) * g->dt, c, sigma, gamma);
    for (long j = ja; j <= jb; j++) {
        double s = 0.0;
        for (int i = 0; i < k->n; i++) s += k->w[i] * v[j - (k->m0 + i) - p0];
        acc[j] += area * s;
    }
    free(v);
    return 0;
}

/* Fourier transform (unit area, f >= 0 in 1/deg) of the size profile of
 * monodisperse spheres of diameter D: the common-volume function
 * A(L) = 1 - 3/2 (L/D) + 1/2 (L/D)^3 for L <= D, 0 beyond, with
 * L = f / (k D) scaled so that x = f / kd, kd = D cos(theta) (pi/180) / lambda. */
static double sphere_ft(double f, double kd)
{
    double x = f / kd;
    return x >= 1.0 ? 0.0 : 1.0 - 1.5 * x + 0.5 * x * x * x;
}

int gen_add_peak_sphere(const gen_grid *g, double c, double area, double sigma, double gamma,
                        double kd, const gen_env *env, const gen_kernel *k, double *acc)
{
    if (area == 0.0) return 0;
    /* Lorentzian-equivalent width of the sphere profile for the window only:
     * integral breadth 1/(kd (3/4)) deg, HWHM ~ beta / pi. */
    double geq = gamma + 4.0 / (3.0 * kd) / GEN_PI;
    double win = 200.0 * gen_voigt_fwhm(sigma, geq);
    double lo = c + k->m0 * g->dt - win, hi = c + (k->m0 + k->n) * g->dt + win;
    long ja = (long)floor((lo - g->t0) / g->dt), jb = (long)ceil((hi - g->t0) / g->dt);
    if (ja < 0) ja = 0;
    if (jb > (long)g->n - 1) jb = (long)g->n - 1;
    if (jb < ja) return 0;
    /* virtual nodes needed by the kernel shift-sum, plus the centre itself */
    long p0 = ja - (k->m0 + k->n - 1), p1 = jb - k->m0;
    long pc = (long)floor((c - g->t0) / g->dt);
    long q0 = p0 < pc ? p0 : pc, q1 = p1 > pc ? p1 : pc;
    size_t need = (size_t)(q1 - q0 + 1), m = 1024;
    while (m < 2 * need) m *= 2; /* period >= twice the span: wrapped tails stay small */
    long d0 = q0 - (long)((m - need) / 2); /* node index of FFT sample 0 */
    double *z = malloc(m * sizeof *z);
    if (!z) return -1;
    double T = (double)m * g->dt, cc = c - (g->t0 + (double)d0 * g->dt);
    for (size_t i = 0; i <= m / 2; i++) {
        double f = (double)i / T;
        double amp = exp(-2.0 * GEN_PI * GEN_PI * sigma * sigma * f * f - 2.0 * GEN_PI * gamma * f)
                   * sphere_ft(f, kd) / g->dt;
        double ph = -2.0 * GEN_PI * f * cc;
        if (i == 0) z[0] = amp;
        else if (i == m / 2) z[i] = amp * cos(ph);
        else {
            z[i] = amp * cos(ph);
            z[m - i] = amp * sin(ph);
        }
    }
    gsl_fft_halfcomplex_radix2_inverse(z, 1, m);
    if (env && env->on) {
        /* the profile in q: z read at c + u(t) (linear between its nodes), times g(t)/g_k,
         * at the nodes the kernel sum reads (p0..p1), into a copy */
        double *zz = malloc((size_t)(p1 - p0 + 1) * sizeof *zz);
        if (!zz) { free(z); return -1; }
        for (long p = p0; p <= p1; p++) {
            double t = g->t0 + (double)p * g->dt;
            double u = (c + gen_env_arg(env, t, c) - g->t0) / g->dt - (double)d0;
            long i = (long)floor(u);
            double w = u - (double)i, v = 0.0;
            if (i >= 0 && i + 1 < (long)m) v = z[i] * (1.0 - w) + z[i + 1] * w;
            zz[p - p0] = v * gen_env_factor(env, t);
        }
        for (long j = ja; j <= jb; j++) {
            double s = 0.0;
            for (int i = 0; i < k->n; i++) s += k->w[i] * zz[j - (k->m0 + i) - p0];
            acc[j] += area * s;
        }
        free(zz);
        free(z);
        return 0;
    }
    for (long j = ja; j <= jb; j++) {
        double s = 0.0;
        for (int i = 0; i < k->n; i++) s += k->w[i] * z[j - (k->m0 + i) - d0];
        acc[j] += area * s;
    }
    free(z);
    return 0;
}
