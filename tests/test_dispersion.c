/* Anomalous dispersion (refdata/dispersion.xml), atomic weights, and the
 * structure factor with f' and f'' (the Rietveld intensities).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"
#include "xrdfit/xrdfit.h"

#define LAMBDA_CUKA1 1.5405929 /* Hoelzer et al. 1997 */
#define LAMBDA_MOKA1 0.7093171

static xrd_dispersion *load(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/refdata/dispersion.xml", th_top());
    xrd_dispersion *d = NULL;
    xrd_error e;
    if (xrd_dispersion_load(path, &d, &e) != XRD_OK)
        fprintf(stderr, "load %s: %s\n", path, e.message);
    return d;
}

/* FFAST (Chantler) against the Cromer-Liberman values of International Tables
 * Vol. C, Table 4.2.6.8: the two theories agree to about 0.1 electron away
 * from edges, 0.2 close below one (Ni at Cu Ka, 0.3 keV under its K edge). */
static void test_values_against_tables(void)
{
    xrd_dispersion *d = load();
    ASSERT(d != NULL);
    if (!d)
        return;
    static const struct {
        const char *el;
        double lambda, fp, fpp, tol;
    } T[] = {{"Fe", LAMBDA_CUKA1, -1.134, 3.197, 0.15},
             {"Ni", LAMBDA_CUKA1, -3.003, 0.509, 0.2},
             {"Si", LAMBDA_CUKA1, 0.244, 0.330, 0.15},
             {"Cu", LAMBDA_MOKA1, 0.320, 1.265, 0.15}};
    for (size_t k = 0; k < sizeof T / sizeof T[0]; k++) {
        double fp, fpp;
        ASSERT(xrd_dispersion_at(d, xrd_element_number(T[k].el), T[k].lambda, &fp, &fpp, NULL) ==
               XRD_OK);
        ASSERT_MSG(fabs(fp - T[k].fp) < T[k].tol, "%s f' %.3f (tables %.3f)", T[k].el, fp, T[k].fp);
        ASSERT_MSG(fabs(fpp - T[k].fpp) < 0.08, "%s f'' %.3f (tables %.3f)", T[k].el, fpp,
                   T[k].fpp);
    }
    ASSERT(strstr(xrd_dispersion_source(d), "Chantler") != NULL);
    xrd_dispersion_free(d);
}

static void test_errors(void)
{
    xrd_dispersion *d = load();
    ASSERT(d != NULL);
    if (!d)
        return;
    double fp, fpp;
    xrd_error e;
    /* 200 kV electrons are far outside the X-ray table */
    ASSERT(xrd_dispersion_at(d, 29, 0.025, &fp, &fpp, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "outside the dispersion table") != NULL);
    ASSERT(xrd_dispersion_at(d, 0, LAMBDA_CUKA1, &fp, &fpp, &e) == XRD_ERR_NOT_FOUND);
    xrd_dispersion_free(d);
    /* energies out of order: refused with the line */
    char dir[512], rng[512], xml[600], cmd[1600];
    snprintf(dir, sizeof dir, "%s/dispersion-bad", th_tmpdir());
    snprintf(rng, sizeof rng, "%s/refdata/dispersion.rng", th_top());
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s/'", dir, rng, dir);
    ASSERT(system(cmd) == 0);
    snprintf(xml, sizeof xml, "%s/dispersion.xml", dir);
    FILE *f = fopen(xml, "w");
    ASSERT(f != NULL);
    if (!f)
        return;
    fprintf(f, "<dispersion version=\"1\" e_min_eV=\"4000\" e_max_eV=\"100000\">\n"
               "<source>a test table, not data</source>\n"
               "<element symbol=\"Cu\" z=\"29\">\n8000 -2 0.6 7000 -1 0.5\n</element>\n"
               "</dispersion>\n");
    fclose(f);
    ASSERT(xrd_dispersion_load(xml, &d, &e) == XRD_ERR_INVALID);
    ASSERT_MSG(strstr(e.message, "increasing") != NULL && e.line == 3, "%s (line %ld)", e.message,
               e.line);
    f = fopen(xml, "w");
    ASSERT(f != NULL);
    if (!f)
        return;
    fprintf(f, "<dispersion version=\"1\" e_min_eV=\"4000\" e_max_eV=\"100000\">\n"
               "<source>a test table, not data</source>\n"
               "<element symbol=\"Cu\" z=\"29\">8000 -2 zero</element>\n</dispersion>\n");
    fclose(f);
    ASSERT(xrd_dispersion_load(xml, &d, &e) == XRD_ERR_SCHEMA);
}

static void test_atomic_mass(void)
{
    ASSERT_NEAR(xrd_atomic_mass_u(29), 63.546, 1e-9);
    ASSERT_NEAR(xrd_atomic_mass_u(26), 55.845, 1e-9);
    ASSERT_NEAR(xrd_atomic_mass_u(57), 138.91, 1e-9);
    ASSERT(isnan(xrd_atomic_mass_u(0)) && isnan(xrd_atomic_mass_u(84)));
    /* increasing with Z except the known inversions (Ar-K, Co-Ni, Te-I) */
    int inversions = 0;
    for (int z = 2; z <= 83; z++)
        inversions += xrd_atomic_mass_u(z) < xrd_atomic_mass_u(z - 1);
    ASSERT_MSG(inversions == 3, "%d inversions", inversions);
}

/* Cu (111) with f0 + f' + i f'': |F|^2 = 16 |f0 + f' + i f''|^2, 8 reflections,
 * LP unpolarised, B = 0; and the intensity falls by (f0+f')^2+f''^2 over f0^2. */
static void test_structure_factor_with_dispersion(void)
{
    xrd_dispersion *d = load();
    ASSERT(d != NULL);
    if (!d)
        return;
    xrd_phase p;
    memset(&p, 0, sizeof p);
    ASSERT(xrd_phase_parse_spec("fcc:a=3.6149,el=Cu", NULL, &p, NULL) == XRD_OK);
    p.atoms[0].biso_A2 = 0;
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate_for(&p.cell, &p.sg, p.structure, 2.0, &rl, NULL) == XRD_OK);
    ASSERT(rl && rl->n == 1);
    if (!rl || rl->n != 1) {
        xrd_dispersion_free(d);
        return;
    }
    xrd_sim_options o;
    xrd_sim_options_default(&o);
    o.dispersion = d;
    double with, without;
    ASSERT(xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, &o, &with, NULL, NULL) == XRD_OK);
    ASSERT(xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, NULL, &without, NULL, NULL) == XRD_OK);
    double dd = rl->refl[0].d_A, s = 1.0 / (2.0 * dd), st = LAMBDA_CUKA1 / (2.0 * dd), f0, fp, fpp;
    xrd_atomic_f0("Cu", s, &f0, NULL);
    xrd_dispersion_at(d, 29, LAMBDA_CUKA1, &fp, &fpp, NULL);
    double c2 = 1.0 - 2.0 * st * st, lp = 0.5 * (1 + c2 * c2) / (st * st * sqrt(1 - st * st));
    double v = pow(3.6149, 3);
    double want = 8.0 * 16.0 * ((f0 + fp) * (f0 + fp) + fpp * fpp) * lp / (v * v);
    ASSERT_NEAR(with / want, 1.0, 1e-9);
    ASSERT_NEAR(with / without, ((f0 + fp) * (f0 + fp) + fpp * fpp) / (f0 * f0), 1e-9);
    ASSERT(with < without); /* f' of Cu at Cu Ka is about -2 */
    xrd_reflist_free(rl);
    xrd_dispersion_free(d);
}

int main(void)
{
    RUN(test_values_against_tables);
    RUN(test_errors);
    RUN(test_atomic_mass);
    RUN(test_structure_factor_with_dispersion);
    TH_EXIT();
}
