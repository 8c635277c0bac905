/* The Debye equation and the cluster builders: the histogram sum against the
 * direct double sum, forward scattering I(0) = (sum f)^2, magic numbers of
 * cuboctahedra and icosahedra, the fcc nearest-neighbour distance, random
 * composition within binomial error, core-shell order, thread independence,
 * electron factors, and the atom bound. SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"
#include "xrdfit/xrdfit.h"

static xrd_cluster *build(const char *spec, xrd_cluster_shape shape, double size_nm,
                          int shells, xrd_species_mode mode, unsigned long seed)
{
    xrd_phase ph;
    xrd_error e;
    xrd_error_clear(&e);
    if (xrd_phase_parse_spec(spec, NULL, &ph, &e) != XRD_OK) {
        fprintf(stderr, "%s: %s\n", spec, e.message);
        return NULL;
    }
    xrd_cluster_options o;
    xrd_cluster_options_default(&o);
    o.shape = shape;
    o.size_nm = size_nm;
    o.shells = shells;
    o.species = mode;
    o.seed = seed;
    xrd_cluster *c = NULL;
    if (xrd_cluster_build(&ph, &o, &c, &e) != XRD_OK)
        fprintf(stderr, "%s: %s\n", spec, e.message);
    return c;
}

/* (a) histogram DSE against the O(N^2) sum, a random CuAu alloy with B. */
static void test_histogram_vs_direct(void)
{
    xrd_cluster *c = build("fcc:a=3.80,el=Cu:0.6/Au:0.4", XRD_CLUSTER_SPHERE, 1.9, 0,
                           XRD_SPECIES_RANDOM, 7);
    ASSERT(c && c->n > 100 && c->n <= 500 && c->n_species == 2);
    xrd_debye_hist *h = NULL;
    ASSERT(xrd_debye_hist_build(c, 0.002, 2, &h, NULL) == XRD_OK);
    xrd_debye_options o = {NULL, 1};
    enum { NQ = 701 };
    double q0 = 1.0, dq = 0.01, I[NQ], q[NQ], Id[NQ];
    for (int k = 0; k < NQ; k++)
        q[k] = q0 + k * dq;
    ASSERT(xrd_debye_intensity(h, &o, q0, dq, NQ, 2, I, NULL) == XRD_OK);
    ASSERT(xrd_debye_intensity_direct(c, &o, q, NQ, Id, NULL) == XRD_OK);
    double worst = 0, imax = 0;
    for (int k = 0; k < NQ; k++)
        imax = Id[k] > imax ? Id[k] : imax;
    for (int k = 0; k < NQ; k++) {
        double r = fabs(I[k] - Id[k]) / imax;
        worst = r > worst ? r : worst;
    }
    xrd_debye_hist_free(h);
    xrd_cluster_free(c);
    ASSERT_MSG(worst < 1e-4, "largest difference %.3g of the maximum", worst);
}

/* (c) forward scattering of N atoms: I(0) = (sum_i f_i(0))^2 */
static void test_forward_scattering(void)
{
    xrd_cluster *c = build("fcc:a=3.80,el=Cu:0.5/Au:0.5", XRD_CLUSTER_SPHERE, 2.5, 0,
                           XRD_SPECIES_RANDOM, 3);
    ASSERT(c);
    double fsum = 0;
    for (size_t i = 0; i < c->n; i++) {
        double f;
        ASSERT(xrd_atomic_f0(xrd_element_symbol(c->z[c->species[i]]), 0.0, &f, NULL) ==
               XRD_OK);
        fsum += f;
    }
    xrd_debye_hist *h = NULL;
    ASSERT(xrd_debye_hist_build(c, 0.002, 2, &h, NULL) == XRD_OK);
    xrd_debye_options o = {NULL, 1};
    double I[2];
    ASSERT(xrd_debye_intensity(h, &o, 0.0, 1e-4, 2, 1, I, NULL) == XRD_OK);
    xrd_debye_hist_free(h);
    xrd_cluster_free(c);
    ASSERT_NEAR(I[0] / (fsum * fsum), 1.0, 1e-12);
}

/* (d) magic numbers 13, 55, 147, 309, 561 of both polyhedra */
static void test_magic_numbers(void)
{
    const size_t magic[] = {13, 55, 147, 309, 561, 923};
    for (int n = 1; n <= 6; n++) {
        xrd_cluster *a = build("fcc:a=3.615,el=Cu", XRD_CLUSTER_CUBOCTAHEDRON, 0, n,
                               XRD_SPECIES_RANDOM, 1);
        xrd_cluster *b = build("fcc:a=3.615,el=Cu", XRD_CLUSTER_ICOSAHEDRON, 0, n,
                               XRD_SPECIES_RANDOM, 1);
        size_t na = a ? a->n : 0, nb = b ? b->n : 0;
        xrd_cluster_free(a);
        xrd_cluster_free(b);
        ASSERT_MSG(na == magic[n - 1] && nb == magic[n - 1],
                   "%d shells: cuboctahedron %zu, icosahedron %zu atoms, expected %zu", n, na,
                   nb, magic[n - 1]);
        /* the fcc cube of edge n a: the points of [-n, n]^3 with an even sum of
         * coordinates, ((2 n + 1)^3 + (-1)^n) / 2 */
        xrd_cluster *c = build("fcc:a=3.615,el=Cu", XRD_CLUSTER_CUBE, 0, n, XRD_SPECIES_RANDOM, 1);
        size_t nc = c ? c->n : 0, want = (size_t)(((2 * n + 1) * (2 * n + 1) * (2 * n + 1) + (n % 2 ? -1 : 1)) / 2);
        xrd_cluster_free(c);
        ASSERT_MSG(nc == want, "cube of edge %d a: %zu atoms, expected %zu", n, nc, want);
    }
}

/* smallest and largest nearest-neighbour distances over all atoms */
static void nn_range(const xrd_cluster *c, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = 0;
    for (size_t i = 0; i < c->n; i++) {
        double best = INFINITY;
        for (size_t j = 0; j < c->n; j++) {
            if (j == i)
                continue;
            double d = 0;
            for (int k = 0; k < 3; k++)
                d += (c->xyz[3 * i + k] - c->xyz[3 * j + k]) * (c->xyz[3 * i + k] - c->xyz[3 * j + k]);
            best = d < best ? d : best;
        }
        best = sqrt(best);
        *lo = best < *lo ? best : *lo;
        *hi = best > *hi ? best : *hi;
    }
}

/* (d) nearest neighbours: a / sqrt 2 in fcc spheres, cuboctahedra and the twinned sphere;
 * the icosahedron within its +-2.5 % strain; no two atoms closer */
static void test_nearest_neighbours(void)
{
    double a = 3.615, nn = a / sqrt(2.0), lo, hi;
    xrd_cluster_shape shapes[] = {XRD_CLUSTER_SPHERE, XRD_CLUSTER_CUBOCTAHEDRON,
                                  XRD_CLUSTER_TWINNED_SPHERE, XRD_CLUSTER_CUBE,
                                  XRD_CLUSTER_ICOSAHEDRON};
    for (int s = 0; s < 5; s++) {
        xrd_cluster *c = build("fcc:a=3.615,el=Cu", shapes[s], 2.0, 0, XRD_SPECIES_RANDOM, 1);
        ASSERT(c);
        nn_range(c, &lo, &hi);
        xrd_cluster_free(c);
        double tol = shapes[s] == XRD_CLUSTER_ICOSAHEDRON ? 0.03 * nn : 1e-9;
        ASSERT_MSG(lo > nn - tol && hi < nn + tol, "%s: nearest neighbours %.6f to %.6f A, "
                   "a/sqrt2 = %.6f", xrd_cluster_shape_name(shapes[s]), lo, hi, nn);
    }
}

/* decahedra: the regular one of edge n has (5 n^3 + 15 n^2 + 16 n + 6) / 6 atoms
 * (7, 23, 54, 105, 181, 287); nearest neighbours within the 2 % strain that closes
 * the five units; every atom of the inner half of the axis has 12 neighbours (fcc
 * and twin-boundary sites alike); Ino's truncation and Marks' re-entrance remove
 * atoms, never add, and keep the spacing */
static void test_decahedra(void)
{
    double nn = 3.615 / sqrt(2.0), lo, hi;
    xrd_phase ph;
    ASSERT(xrd_phase_parse_spec("fcc:a=3.615,el=Cu", NULL, &ph, NULL) == XRD_OK);
    for (int n = 1; n <= 6; n++) {
        xrd_cluster *c = build("fcc:a=3.615,el=Cu", XRD_CLUSTER_DECAHEDRON, 0, n,
                               XRD_SPECIES_RANDOM, 1);
        ASSERT(c);
        size_t want = (size_t)((5 * n * n * n + 15 * n * n + 16 * n + 6) / 6);
        ASSERT_MSG(c->n == want, "edge %d: %zu atoms, expected %zu", n, c->n, want);
        nn_range(c, &lo, &hi);
        ASSERT_MSG(lo > 0.99 * nn && hi < 1.025 * nn, "edge %d: nearest neighbours %.4f to "
                   "%.4f A, a/sqrt2 = %.4f", n, lo, hi, nn);
        if (n == 6) {
            for (size_t i = 0; i < c->n; i++) {
                const double *r = &c->xyz[3 * i];
                if (hypot(r[0], r[1]) > 1e-6 || fabs(r[2]) > 0.25 * n * nn)
                    continue;
                int k = 0;
                for (size_t j = 0; j < c->n; j++) {
                    double d = 0;
                    for (int m = 0; m < 3; m++)
                        d += (c->xyz[3 * j + m] - r[m]) * (c->xyz[3 * j + m] - r[m]);
                    k += j != i && sqrt(d) < 1.1 * nn;
                }
                ASSERT_MSG(k == 12, "axis atom at z = %.3f: %d neighbours", r[2], k);
            }
            size_t regular = c->n;
            xrd_cluster_free(c);
            xrd_cluster_options o;
            xrd_cluster_options_default(&o);
            o.shape = XRD_CLUSTER_DECAHEDRON;
            o.shells = n;
            o.ino_truncation = 0.3;
            ASSERT(xrd_cluster_build(&ph, &o, &c, NULL) == XRD_OK);
            size_t ino = c->n;
            nn_range(c, &lo, &hi);
            ASSERT(lo > 0.99 * nn && hi < 1.025 * nn);
            xrd_cluster_free(c);
            o.marks_reentrance = 0.3;
            ASSERT(xrd_cluster_build(&ph, &o, &c, NULL) == XRD_OK);
            ASSERT_MSG(c->n < ino && ino < regular, "regular %zu, Ino %zu, Marks %zu atoms",
                       regular, ino, c->n);
        }
        xrd_cluster_free(c);
    }
}

/* (d) composition of a random alloy within 4 binomial standard deviations, and
 * the same seed gives the same cluster */
static void test_random_composition(void)
{
    xrd_cluster *c = build("fcc:a=3.72,el=Cu:0.3/Ru:0.7", XRD_CLUSTER_SPHERE, 5.0, 0,
                           XRD_SPECIES_RANDOM, 11);
    xrd_cluster *d = build("fcc:a=3.72,el=Cu:0.3/Ru:0.7", XRD_CLUSTER_SPHERE, 5.0, 0,
                           XRD_SPECIES_RANDOM, 11);
    ASSERT(c && d && c->n == d->n);
    int same = !memcmp(c->species, d->species, c->n);
    int cu = c->z[0] == 29 ? 0 : 1;
    double n = (double)c->n, x = (double)c->count[cu] / n, sd = sqrt(0.3 * 0.7 / n);
    xrd_cluster_free(c);
    xrd_cluster_free(d);
    ASSERT(same);
    ASSERT_MSG(fabs(x - 0.3) < 4 * sd, "Cu fraction %.4f of %.0f atoms, expected 0.3 +- %.4f",
               x, n, sd);
}

/* (d) core-shell: every Cu (first element, the core) is nearer the centre than every Ru */
static void test_core_shell(void)
{
    xrd_cluster *c = build("fcc:a=3.72,el=Cu:0.4/Ru:0.6", XRD_CLUSTER_SPHERE, 3.0, 0,
                           XRD_SPECIES_CORE_SHELL, 1);
    ASSERT(c);
    double rcore = 0, rshell = INFINITY;
    size_t ncu = 0;
    for (size_t i = 0; i < c->n; i++) {
        const double *r = &c->xyz[3 * i];
        double rr = sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
        if (c->z[c->species[i]] == 29)
            rcore = rr > rcore ? rr : rcore, ncu++;
        else
            rshell = rr < rshell ? rr : rshell;
    }
    double share = (double)ncu / (double)c->n;
    xrd_cluster_free(c);
    ASSERT_MSG(rcore <= rshell + 1e-9, "core out to %.3f A, shell from %.3f A", rcore, rshell);
    ASSERT_NEAR(share, 0.4, 0.5 / 400.0 + 1e-3);
}

/* (e) bit-identical histograms and intensities on 1, 2 and 3 threads */
static void test_threads(void)
{
    xrd_cluster *c = build("fcc:a=3.72,el=Cu:0.5/Ru:0.5", XRD_CLUSTER_ICOSAHEDRON, 3.0, 0,
                           XRD_SPECIES_RANDOM, 5);
    ASSERT(c);
    enum { NQ = 1000 };
    static double I[3][NQ];
    xrd_debye_options o = {NULL, 1};
    for (int t = 0; t < 3; t++) {
        xrd_debye_hist *h = NULL;
        ASSERT(xrd_debye_hist_build(c, 0.002, t + 1, &h, NULL) == XRD_OK);
        ASSERT(xrd_debye_intensity(h, &o, 1.0, 0.005, NQ, t + 1, I[t], NULL) == XRD_OK);
        xrd_debye_hist_free(h);
    }
    xrd_cluster_free(c);
    ASSERT(!memcmp(I[0], I[1], sizeof I[0]) && !memcmp(I[0], I[2], sizeof I[0]));
}

/* electrons: the histogram sum with f_e against the direct sum */
static void test_electron(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/refdata/electron_scattering.xml", th_top());
    xrd_electron_factors *t = NULL;
    ASSERT_MSG(xrd_electron_factors_load(path, &t, NULL) == XRD_OK, "cannot load %.900s", path);
    xrd_cluster *c = build("fcc:a=4.078,el=Au", XRD_CLUSTER_CUBOCTAHEDRON, 0, 3,
                           XRD_SPECIES_RANDOM, 1);
    xrd_debye_hist *h = NULL;
    int ok = c && xrd_debye_hist_build(c, 0.001, 2, &h, NULL) == XRD_OK;
    double q[3] = {2.0, 4.0, 6.0}, I[3], Id[3];
    xrd_debye_options o = {t, 1};
    ok = ok && xrd_debye_intensity(h, &o, 2.0, 2.0, 3, 1, I, NULL) == XRD_OK &&
         xrd_debye_intensity_direct(c, &o, q, 3, Id, NULL) == XRD_OK;
    xrd_debye_hist_free(h);
    xrd_cluster_free(c);
    xrd_electron_factors_free(t);
    ASSERT(ok);
    for (int k = 0; k < 3; k++)
        ASSERT_NEAR(I[k] / Id[k], 1.0, 1e-4);
}

/* errors: the atom bound, polyhedra of a non-fcc phase, a bad size */
static void test_errors(void)
{
    xrd_phase ph;
    ASSERT(xrd_phase_parse_spec("fcc:a=3.615,el=Cu", NULL, &ph, NULL) == XRD_OK);
    xrd_cluster_options o;
    xrd_cluster_options_default(&o);
    o.size_nm = 40;
    xrd_cluster *c = NULL;
    xrd_error e;
    xrd_error_clear(&e);
    ASSERT(xrd_cluster_build(&ph, &o, &c, &e) == XRD_ERR_TOO_LARGE && !c);
    ASSERT(strstr(e.message, "bound"));
    o.size_nm = -1;
    ASSERT(xrd_cluster_build(&ph, &o, &c, NULL) == XRD_ERR_INVALID);
    ASSERT(xrd_phase_parse_spec("bcc:a=2.87,el=Fe", NULL, &ph, NULL) == XRD_OK);
    o.size_nm = 2;
    o.shape = XRD_CLUSTER_ICOSAHEDRON;
    ASSERT(xrd_cluster_build(&ph, &o, &c, NULL) == XRD_ERR_UNSUPPORTED);
    o.shape = XRD_CLUSTER_SPHERE;
    ASSERT(xrd_cluster_build(&ph, &o, &c, NULL) == XRD_OK && c && c->n > 100);
    /* bcc: nearest neighbours a sqrt(3) / 2 */
    double lo, hi;
    nn_range(c, &lo, &hi);
    xrd_cluster_free(c);
    ASSERT_NEAR(lo, 2.87 * sqrt(3.0) / 2.0, 1e-9);
}

int main(void)
{
    RUN(test_histogram_vs_direct);
    RUN(test_forward_scattering);
    RUN(test_magic_numbers);
    RUN(test_nearest_neighbours);
    RUN(test_decahedra);
    RUN(test_random_composition);
    RUN(test_core_shell);
    RUN(test_threads);
    RUN(test_electron);
    RUN(test_errors);
    TH_EXIT();
}
