/* Electron scattering factors (refdata/electron_scattering.xml, Peng et al.
 * 1996) against the Mott-Bethe formula, the kinematic Au ring intensities
 * they give, and the loader's errors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"
#include "xrdfit/xrdfit.h"

/* m0 e^2 / (8 pi eps0 h^2) in A: f_e = MB (Z - f_x) / s^2 (s in 1/A) */
#define MOTT_BETHE_A 0.023934

static xrd_electron_factors *load(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/refdata/electron_scattering.xml", th_top());
    xrd_electron_factors *t = NULL;
    xrd_error e;
    if (xrd_electron_factors_load(path, &t, &e) != XRD_OK)
        fprintf(stderr, "load %s: %s\n", path, e.message);
    return t;
}

/* The Mott-Bethe formula turns the X-ray f0 (Cromer-Mann, an independent
 * fit to other Hartree-Fock densities) into f_e: for s = 0.5-1.5 1/A the two
 * agree within 1.5 % for the metals of alloy work and within 8 % for every
 * element H-Bi (the alkali metals Rb and Cs are the worst, about 7.5 %); a
 * mistyped coefficient would stand out. */
static void test_mott_bethe(void)
{
    xrd_electron_factors *t = load();
    ASSERT(t != NULL);
    if (!t)
        return;
    ASSERT(strstr(xrd_electron_factors_source(t), "Peng") != NULL);
    static const char *close[] = {"C", "Al", "Si", "Fe", "Ni", "Cu", "Ru", "Pd", "Ag", "Pt",
                                  "Au", "Pb"};
    double worst = 0;
    int worst_z = 0;
    for (int z = 1; z <= 83; z++) {
        const char *el = xrd_element_symbol(z);
        int strict = 0;
        for (size_t k = 0; k < sizeof close / sizeof close[0]; k++)
            strict |= !strcmp(close[k], el);
        for (double s = 0.5; s <= 1.5 + 1e-9; s += 0.05) {
            double fe, f0;
            ASSERT(xrd_electron_f(t, z, s, &fe, NULL) == XRD_OK);
            ASSERT(xrd_atomic_f0(el, s, &f0, NULL) == XRD_OK);
            double mb = MOTT_BETHE_A * (z - f0) / (s * s), dev = fabs(fe / mb - 1.0);
            if (dev > worst)
                worst = dev, worst_z = z;
            if (strict)
                ASSERT_MSG(dev < 0.015, "%s s %.2f: f_e %.5f A, Mott-Bethe %.5f A", el, s, fe,
                           mb);
        }
    }
    ASSERT_MSG(worst < 0.08, "worst %s: %.1f %%", xrd_element_symbol(worst_z), 100 * worst);
    /* f_e(0) of Au is the sum of the amplitudes of Table 4.3.2.2 */
    double f;
    ASSERT(xrd_electron_f(t, 79, 0.0, &f, NULL) == XRD_OK);
    ASSERT_NEAR(f, 0.9674 + 1.8916 + 3.3993 + 3.0524 + 1.2607, 1e-12);
    xrd_electron_factors_free(t);
}

/* f_e of Au typed from International Tables Vol. C Table 4.3.2.2, apart from
 * the file the library reads. */
static double au_fe(double s)
{
    static const double a[5] = {0.9674, 1.8916, 3.3993, 3.0524, 1.2607};
    static const double b[5] = {0.2358, 1.4712, 5.6758, 18.7119, 61.5286};
    double f = 0;
    for (int i = 0; i < 5; i++)
        f += a[i] * exp(-b[i] * s * s);
    return f;
}

/* Kinematic ring intensity of fcc Au at 200 kV by hand: m 16 f_e^2
 * exp(-2 B s^2) / (sin^2 theta cos theta), no polarisation; the library's
 * ratios I(200)/I(111), I(220)/I(111) agree to 1e-9, and lie below those of
 * the X-ray f0 (which falls off more slowly with s: f_e ~ (Z - f0)/s^2), by
 * more than 8 % and 30 % (0.456 against 0.511, 0.239 against 0.374). */
static void test_au_ring_intensities(void)
{
    xrd_electron_factors *t = load();
    ASSERT(t != NULL);
    if (!t)
        return;
    xrd_phase p;
    memset(&p, 0, sizeof p);
    ASSERT(xrd_phase_parse_spec("fcc:a=4.0782,el=Au", NULL, &p, NULL) == XRD_OK);
    double B = p.atoms[0].biso_A2, lam = xrd_electron_lambda_A(200.0);
    ASSERT_NEAR(lam, 0.025079, 1e-6);
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate_for(&p.cell, &p.sg, p.structure, 1.4, &rl, NULL) == XRD_OK);
    ASSERT(rl && rl->n == 3); /* 111, 200, 220 */
    if (!rl || rl->n != 3) {
        xrd_electron_factors_free(t);
        return;
    }
    xrd_sim_options o;
    xrd_sim_options_default(&o);
    o.electron = t;
    double in[3], hand[3], xray[3];
    ASSERT(xrd_phase_intensities(&p, rl, lam, &o, in, NULL, NULL) == XRD_OK);
    for (int k = 0; k < 3; k++) {
        double d = rl->refl[k].d_A, s = 1.0 / (2.0 * d), st = lam / (2.0 * d), f0;
        double L = 1.0 / (st * st * sqrt(1.0 - st * st)), dw = exp(-2.0 * B * s * s);
        xrd_atomic_f0("Au", s, &f0, NULL);
        hand[k] = rl->refl[k].multiplicity * 16.0 * au_fe(s) * au_fe(s) * dw * L;
        xray[k] = rl->refl[k].multiplicity * 16.0 * f0 * f0 * dw * L;
    }
    for (int k = 1; k < 3; k++) {
        double r = in[k] / in[0], rh = hand[k] / hand[0], rx = xray[k] / xray[0];
        ASSERT_MSG(fabs(r / rh - 1.0) < 1e-9, "I%d/I(111) %.6f, by hand %.6f", k, r, rh);
        ASSERT_MSG(r < (k == 1 ? 0.92 : 0.70) * rx, "I%d/I(111) electrons %.4f, X-ray f0 %.4f",
                   k, r, rx);
        printf("  Au 200 kV: I(%s)/I(111) = %.4f (f_e), %.4f with X-ray f0\n",
               k == 1 ? "200" : "220", r, rx);
    }
    /* without the table an electron wavelength is refused, not given X-ray f0 */
    xrd_error e;
    ASSERT(xrd_phase_intensities(&p, rl, lam, NULL, in, NULL, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "electron scattering factors") != NULL);
    xrd_reflist_free(rl);
    xrd_electron_factors_free(t);
}

/* Writes text as DIR/electron_scattering.xml beside a copy of the schema. */
static void write_table(char *xml, size_t n, const char *text)
{
    char dir[512], rng[512], cmd[1600];
    snprintf(dir, sizeof dir, "%s/electron-bad", th_tmpdir());
    snprintf(rng, sizeof rng, "%s/refdata/electron_scattering.rng", th_top());
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s/'", dir, rng, dir);
    ASSERT(system(cmd) == 0);
    snprintf(xml, n, "%s/electron_scattering.xml", dir);
    FILE *f = fopen(xml, "w");
    ASSERT(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

#define HEAD                                                                              \
    "<electron_scattering version=\"1\" s_max_inv_A=\"2\">\n"                             \
    "<source>a test table, not data</source>\n"

static void test_errors(void)
{
    xrd_electron_factors *t = load();
    ASSERT(t != NULL);
    if (!t)
        return;
    double f;
    xrd_error e;
    ASSERT(xrd_electron_f(t, 84, 0.5, &f, &e) == XRD_ERR_NOT_FOUND);
    ASSERT(xrd_electron_f(t, 29, 2.5, &f, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "outside the range") != NULL);
    xrd_electron_factors_free(t);
    char xml[600], msg[1600];
    xrd_electron_factors *bad = NULL;
    /* a symbol that is not its z's: refused with the file and the line */
    write_table(xml, sizeof xml,
                HEAD "<element symbol=\"Au\" z=\"29\" a=\"1 1 1 1 1\" b=\"1 2 3 4 5\"/>\n"
                     "</electron_scattering>\n");
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_ERR_INVALID && bad == NULL);
    xrd_error_format(&e, msg, sizeof msg);
    ASSERT_MSG(e.line == 3 && strstr(msg, "electron_scattering.xml:3:") &&
                   strstr(msg, "z=29 is Cu"),
               "%.1500s", msg);
    /* an element without its widths: the schema's error at the line */
    write_table(xml, sizeof xml,
                HEAD "<element symbol=\"Cu\" z=\"29\" a=\"1 1 1 1 1\"/>\n"
                     "</electron_scattering>\n");
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_ERR_SCHEMA);
    xrd_error_format(&e, msg, sizeof msg);
    ASSERT_MSG(e.line == 3 && strstr(msg, "electron_scattering.xml:3:"), "%.1500s", msg);
    /* four amplitudes instead of five */
    write_table(xml, sizeof xml,
                HEAD "<element symbol=\"Cu\" z=\"29\" a=\"1 1 1 1\" b=\"1 2 3 4 5\"/>\n"
                     "</electron_scattering>\n");
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_ERR_SCHEMA);
    /* a width of zero, and an element twice */
    write_table(xml, sizeof xml,
                HEAD "<element symbol=\"Cu\" z=\"29\" a=\"1 1 1 1 1\" b=\"1 2 0 4 5\"/>\n"
                     "</electron_scattering>\n");
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_ERR_INVALID);
    ASSERT_MSG(e.line == 3 && strstr(e.message, "b3 must be > 0"), "%s", e.message);
    write_table(xml, sizeof xml,
                HEAD "<element symbol=\"Cu\" z=\"29\" a=\"1 1 1 1 1\" b=\"1 2 3 4 5\"/>\n"
                     "<element symbol=\"Cu\" z=\"29\" a=\"1 1 1 1 1\" b=\"1 2 3 4 5\"/>\n"
                     "</electron_scattering>\n");
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_ERR_INVALID);
    ASSERT_MSG(e.line == 4 && strstr(e.message, "twice"), "%s (line %ld)", e.message, e.line);
    /* a good one-element table loads, and lacks the others */
    write_table(xml, sizeof xml,
                HEAD "<element symbol=\"Cu\" z=\"29\" a=\"1 1 1 1 1\" b=\"1 2 3 4 5\"/>\n"
                     "</electron_scattering>\n");
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_OK && bad != NULL);
    ASSERT(xrd_electron_f(bad, 29, 0.0, &f, NULL) == XRD_OK && fabs(f - 5.0) < 1e-12);
    ASSERT(xrd_electron_f(bad, 79, 0.5, &f, NULL) == XRD_ERR_NOT_FOUND);
    xrd_electron_factors_free(bad);
    bad = NULL;
    /* a missing file */
    snprintf(xml, sizeof xml, "%s/no-such-dir/electron_scattering.xml", th_tmpdir());
    ASSERT(xrd_electron_factors_load(xml, &bad, &e) == XRD_ERR_IO && bad == NULL);
}

int main(void)
{
    RUN(test_mott_bethe);
    RUN(test_au_ring_intensities);
    RUN(test_errors);
    TH_EXIT();
}
