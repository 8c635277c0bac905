/* Scattering factors, structure-factor intensities, the el= phase key and the
 * simulator. SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"
#include "xrdfit/xrdfit.h"

#define LAMBDA_CUKA1 1.5405929 /* Hoelzer et al. 1997 */

static xrd_phase parse(const char *spec)
{
    xrd_phase p;
    xrd_error e;
    memset(&p, 0, sizeof p);
    if (xrd_phase_parse_spec(spec, NULL, &p, &e) != XRD_OK)
        fprintf(stderr, "parse %s: %s\n", spec, e.message);
    return p;
}

/* Single-line radiation and a sharp, symmetric instrument. */
static xrd_instrument sharp_instrument(double lambda)
{
    xrd_radiation r;
    xrd_instrument in;
    xrd_radiation_single(lambda, &r, NULL);
    xrd_instrument_default(&in, &r);
    in.geometry = XRD_GEOM_BRAGG_BRENTANO;
    in.uvwxy[0] = 0;
    in.uvwxy[1] = 0;
    in.uvwxy[2] = 1e-4;
    in.uvwxy[3] = 0;
    in.uvwxy[4] = 0.005;
    return in;
}

/* f0(0) = a1+a2+a3+a4+c is the number of electrons, Z, for every element. */
static void test_f0_at_zero_is_z(void)
{
    for (int z = 1; z <= 83; z++) {
        const char *sym = xrd_element_symbol(z);
        double f;
        ASSERT_MSG(sym && xrd_element_number(sym) == z, "Z %d: symbol lookup", z);
        ASSERT(xrd_atomic_f0(sym, 0.0, &f, NULL) == XRD_OK);
        ASSERT_MSG(fabs(f - z) < 0.06, "%s: f0(0) = %.4f, Z = %d", sym, f, z);
    }
    ASSERT(xrd_element_symbol(0) == NULL && xrd_element_symbol(84) == NULL);
}

static void test_f0_decreases(void)
{
    double prev = 1e9;
    for (double s = 0; s <= 2.0; s += 0.05) {
        double f;
        ASSERT(xrd_atomic_f0("Cu", s, &f, NULL) == XRD_OK);
        ASSERT_MSG(f < prev && f > 0, "f0(Cu, %.2f) = %g", s, f);
        prev = f;
    }
    /* lower case is accepted */
    ASSERT(xrd_element_number("cu") == 29 && xrd_element_number("RU") == 44);
}

static void test_f0_errors(void)
{
    xrd_error e;
    double f;
    ASSERT(xrd_atomic_f0("Xx", 0.2, &f, &e) == XRD_ERR_NOT_FOUND);
    ASSERT(strstr(e.message, "'Xx'") != NULL);
    ASSERT(xrd_atomic_f0("Po", 0.2, &f, &e) == XRD_ERR_NOT_FOUND); /* beyond Bi */
    ASSERT(xrd_atomic_f0("Cu", 2.5, &f, &e) == XRD_ERR_INVALID);
    ASSERT(xrd_atomic_f0("Cu", -0.1, &f, &e) == XRD_ERR_INVALID);
}

/* ICDD 04-0836 (Cu): I(200)/I(111) = 0.46; structure factors + LP give it. */
static void test_cu_200_111_ratio(void)
{
    xrd_phase p = parse("fcc:a=3.6149,el=Cu");
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate_for(&p.cell, &p.sg, p.structure, 1.0, &rl, NULL) == XRD_OK);
    double in[32];
    int eq = -1;
    ASSERT(rl->n >= 2 && rl->n <= 32);
    ASSERT(xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, NULL, in, &eq, NULL) == XRD_OK);
    ASSERT(rl->refl[0].h == 1 && rl->refl[1].h == 2 && rl->refl[1].k == 0);
    double r = in[1] / in[0];
    xrd_reflist_free(rl);
    ASSERT(eq == 0);
    ASSERT_MSG(r >= 0.45 && r <= 0.47, "I(200)/I(111) = %.4f", r);
}

/* Integrated intensity of a group = sum over its hkl of |F|^2 LP / V^2:
 * for one Cu atom per primitive cell the fcc (111) group has |F|^2 = 16 f^2
 * over 8 reflections. */
static void test_intensity_absolute(void)
{
    xrd_phase p = parse("fcc:a=3.6149,el=Cu");
    p.atoms[0].biso_A2 = 0;
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate_for(&p.cell, &p.sg, p.structure, 2.0, &rl, NULL) == XRD_OK);
    double in[4];
    ASSERT(rl->n == 1);
    ASSERT(xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, NULL, in, NULL, NULL) == XRD_OK);
    double d = rl->refl[0].d_A, s = 1.0 / (2.0 * d), st = LAMBDA_CUKA1 / (2.0 * d);
    double f;
    xrd_atomic_f0("Cu", s, &f, NULL);
    double c2 = 1.0 - 2.0 * st * st, lp = 0.5 * (1 + c2 * c2) / (st * st * sqrt(1 - st * st));
    double v = pow(3.6149, 3);
    double want = 8.0 * 16.0 * f * f * lp / (v * v);
    xrd_reflist_free(rl);
    ASSERT_NEAR(in[0] / want, 1.0, 1e-9);
}

/* Diamond (Si): atoms expanded by Fd-3m give F(200) = F(222) = 0 (diamond
 * glide), |F(111)|^2 = 32 f^2 and |F(220)|^2 = 64 f^2 per reflection. */
static void test_diamond_extinctions(void)
{
    xrd_phase p = parse("diamond:a=5.431,el=Si");
    p.atoms[0].biso_A2 = 0;
    xrd_phase pc = parse("sc:a=5.431"); /* every hkl: a primitive list */
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate(&pc.cell, &pc.sg, 1.5, &rl, NULL) == XRD_OK);
    double in[64];
    ASSERT(rl->n <= 64);
    ASSERT(xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, NULL, in, NULL, NULL) == XRD_OK);
    double i111 = -1, i200 = -1, i220 = -1, i222 = -1, lp111 = 0, lp220 = 0, f111 = 0, f220 = 0;
    for (size_t k = 0; k < rl->n; k++) {
        const xrd_reflection *r = &rl->refl[k];
        int s = r->h * r->h + r->k * r->k + r->l * r->l;
        double st = LAMBDA_CUKA1 / (2 * r->d_A), c2 = 1 - 2 * st * st;
        double lp = 0.5 * (1 + c2 * c2) / (st * st * sqrt(1 - st * st)), f;
        xrd_atomic_f0("Si", 1.0 / (2 * r->d_A), &f, NULL);
        if (s == 3) { i111 = in[k]; lp111 = lp; f111 = f; }
        if (s == 4) i200 = in[k];
        if (s == 8) { i220 = in[k]; lp220 = lp; f220 = f; }
        if (s == 12) i222 = in[k];
    }
    xrd_reflist_free(rl);
    double v2 = pow(5.431, 6);
    ASSERT(i200 == 0 || i200 < 1e-12 * i111);
    ASSERT(i222 < 1e-12 * i111);
    ASSERT_NEAR(i111 / (8 * 32 * f111 * f111 * lp111 / v2), 1.0, 1e-9);
    ASSERT_NEAR(i220 / (12 * 64 * f220 * f220 * lp220 / v2), 1.0, 1e-9);
}

/* For an atom on a general position, a group of a primitive list is extinct
 * exactly when no hkl of it is allowed by the group's reflection conditions:
 * this checks every space group's operators against xrd_spacegroup_allows. */
static void check_group_absences(const char *group, const char *primitive, int hex)
{
    xrd_error e;
    xrd_spacegroup sg, sgp;
    ASSERT_MSG(xrd_spacegroup_lookup(group, &sg, &e) == XRD_OK, "%s", group);
    ASSERT(xrd_spacegroup_lookup(primitive, &sgp, &e) == XRD_OK);
    xrd_cell cell = {4.1, hex ? 4.1 : 4.6, 5.3, 90, 90, hex ? 120 : 90};
    if (sg.system == XRD_SYS_CUBIC)
        cell.b = cell.c = cell.a;
    if (sg.system == XRD_SYS_TETRAGONAL)
        cell.b = cell.a;
    xrd_phase p;
    ASSERT(xrd_phase_init(&p, group, &sg, &cell, &e) == XRD_OK);
    p.n_atoms = 1;
    memset(&p.atoms[0], 0, sizeof p.atoms[0]);
    strcpy(p.atoms[0].element, "Fe");
    p.atoms[0].x = 0.0731;
    p.atoms[0].y = 0.1893;
    p.atoms[0].z = 0.3127;
    p.atoms[0].occupancy = 1;
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate(&p.cell, &sgp, 1.1, &rl, &e) == XRD_OK);
    double *in = malloc(rl->n * sizeof(double));
    ASSERT(in);
    xrd_status st = xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, NULL, in, NULL, &e);
    if (st != XRD_OK) {
        free(in);
        xrd_reflist_free(rl);
        ASSERT_MSG(0, "%s: %s", group, e.message);
    }
    double imax = 0;
    for (size_t k = 0; k < rl->n; k++)
        if (in[k] > imax)
            imax = in[k];
    int bad = 0;
    char what[128] = "";
    for (size_t k = 0; k < rl->n && !bad; k++) {
        /* any hkl of this d allowed by sg? */
        double q = 1.0 / (rl->refl[k].d_A * rl->refl[k].d_A);
        int any = 0, m = 12;
        for (int h = -m; h <= m && !any; h++)
            for (int kk = -m; kk <= m && !any; kk++)
                for (int l = -m; l <= m && !any; l++) {
                    double qq = xrd_cell_inv_d2(&p.cell, h, kk, l);
                    if (fabs(qq - q) < 1e-7 * q && xrd_spacegroup_allows(&sg, h, kk, l))
                        any = 1;
                }
        int zero = in[k] < 1e-10 * imax;
        if (any == zero) {
            bad = 1;
            snprintf(what, sizeof what, "%d%d%d: allowed %d, intensity %g of %g",
                     rl->refl[k].h, rl->refl[k].k, rl->refl[k].l, any, in[k], imax);
        }
    }
    free(in);
    xrd_reflist_free(rl);
    ASSERT_MSG(!bad, "%s: %s", group, what);
}

static void test_space_group_operators(void)
{
    static const struct { const char *g, *prim; int hex; } G[] = {
        {"Pm-3m", "Pm-3m", 0}, {"Fm-3m", "Pm-3m", 0}, {"Im-3m", "Pm-3m", 0},
        {"Fd-3m", "Pm-3m", 0}, {"F-43m", "Pm-3m", 0}, {"P4/mmm", "P4/mmm", 0},
        {"I4/mmm", "P4/mmm", 0}, {"P6/mmm", "P6/mmm", 1}, {"P6_3/mmc", "P6/mmm", 1},
        {"Pmmm", "Pmmm", 0}, {"Fmmm", "Pmmm", 0}, {"Immm", "Pmmm", 0},
    };
    for (size_t i = 0; i < sizeof G / sizeof G[0]; i++) {
        check_group_absences(G[i].g, G[i].prim, G[i].hex);
        if (th_failed_now)
            return;
    }
}

static void test_unsupported_group(void)
{
    xrd_spacegroup sg;
    xrd_error e;
    ASSERT(xrd_spacegroup_lookup("P4/nmm", &sg, &e) == XRD_OK);
    xrd_cell cell = {4, 4, 5, 90, 90, 90};
    xrd_phase p;
    ASSERT(xrd_phase_init(&p, "t", &sg, &cell, &e) == XRD_OK);
    p.n_atoms = 1;
    memset(&p.atoms[0], 0, sizeof p.atoms[0]);
    strcpy(p.atoms[0].element, "Fe");
    p.atoms[0].occupancy = 1;
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate(&p.cell, &p.sg, 1.5, &rl, &e) == XRD_OK);
    double in[256];
    xrd_status st = rl->n <= 256 ? xrd_phase_intensities(&p, rl, 1.54, NULL, in, NULL, &e)
                                 : XRD_OK;
    xrd_reflist_free(rl);
    /* every group has its operations now: P4/nmm intensities are computed */
    ASSERT_MSG(st == XRD_OK, "P4/nmm: %s", e.message);
    /* an unknown element in the atoms */
    xrd_phase q = parse("fcc:a=3.6,el=Cu");
    strcpy(q.atoms[0].element, "Qq");
    ASSERT(xrd_reflections_generate(&q.cell, &q.sg, 1.5, &rl, &e) == XRD_OK);
    st = xrd_phase_intensities(&q, rl, 1.54, NULL, in, NULL, &e);
    xrd_reflist_free(rl);
    ASSERT(st == XRD_ERR_NOT_FOUND && strstr(e.message, "Qq"));
}

static void test_el_key(void)
{
    xrd_phase p;
    xrd_error e;
    ASSERT(xrd_phase_parse_spec("fcc:a=3.72,el=Cu:0.46/Ru:0.54,name=CuRu", NULL, &p, &e) ==
           XRD_OK);
    ASSERT(p.n_atoms == 2 && !strcmp(p.atoms[0].element, "Cu") &&
           !strcmp(p.atoms[1].element, "Ru"));
    ASSERT_NEAR(p.atoms[0].occupancy, 0.46, 1e-12);
    ASSERT_NEAR(p.atoms[1].occupancy, 0.54, 1e-12);
    ASSERT(p.atoms[0].x == 0 && p.atoms[1].z == 0 && p.atoms[0].biso_A2 == 0.5);
    ASSERT(!strcmp(p.name, "CuRu") && !strcmp(p.structure, "fcc") && p.sg.number == 225);
    ASSERT(!strcmp(p.formula, "Cu0.46Ru0.54"));
    ASSERT(xrd_phase_source(&p, "atoms") != NULL);
    /* shares are normalised; equal shares without numbers; case of symbols */
    ASSERT(xrd_phase_parse_spec("bcc:a=2.9,el=fe:3/cr:1", NULL, &p, &e) == XRD_OK);
    ASSERT(!strcmp(p.atoms[0].element, "Fe") && !strcmp(p.atoms[1].element, "Cr"));
    ASSERT_NEAR(p.atoms[0].occupancy, 0.75, 1e-12);
    ASSERT(xrd_phase_parse_spec("fcc:el=Pt/Ru,a=3.88", NULL, &p, &e) == XRD_OK);
    ASSERT_NEAR(p.atoms[1].occupancy, 0.5, 1e-12);
    /* hcp site at 1/3, 2/3, 1/4; diamond at 1/8 */
    ASSERT(xrd_phase_parse_spec("hcp:a=2.7,c=4.28,el=Ru", NULL, &p, &e) == XRD_OK);
    ASSERT(p.n_atoms == 1 && fabs(p.atoms[0].y - 2.0 / 3.0) < 1e-12 && p.atoms[0].z == 0.25);
    ASSERT(!strcmp(p.formula, "Ru") && p.atoms[0].occupancy == 1.0);
    ASSERT(xrd_phase_parse_spec("diamond:a=5.43,el=Si", NULL, &p, &e) == XRD_OK);
    ASSERT(p.atoms[0].x == 0.125);
    /* a keyword phase without el= still has no atoms */
    ASSERT(xrd_phase_parse_spec("fcc:a=3.7", NULL, &p, &e) == XRD_OK && p.n_atoms == 0);
}

static void el_fails(const char *spec, xrd_status want, const char *needle)
{
    xrd_phase p;
    xrd_error e;
    xrd_error_clear(&e);
    xrd_status st = xrd_phase_parse_spec(spec, NULL, &p, &e);
    if (st != want || !strstr(e.message, needle))
        TH_FAIL("%s: status %s, message '%s'; expected %s with '%s'", spec, xrd_status_name(st),
                e.message, xrd_status_name(want), needle);
}

static void test_el_key_errors(void)
{
    el_fails("fcc:a=3.7,el=Xx", XRD_ERR_NOT_FOUND, "'Xx' is not an element");
    el_fails("fcc:a=3.7,el=Cu:0.5/Ru", XRD_ERR_INVALID, "share for some elements only");
    el_fails("fcc:a=3.7,el=Cu:abc", XRD_ERR_INVALID, "share of Cu must be a number > 0");
    el_fails("fcc:a=3.7,el=Cu:-1/Ru:2", XRD_ERR_INVALID, "share of Cu");
    el_fails("fcc:a=3.7,el=Cu/Cu", XRD_ERR_INVALID, "names Cu twice");
    el_fails("fcc:a=3.7,el=", XRD_ERR_INVALID, "el= expects an element");
    el_fails("fcc:a=3.7,el=Cu,el=Ru", XRD_ERR_INVALID, "given twice");
    el_fails("Fm-3m:a=5.4,el=Ce", XRD_ERR_INVALID, "a space group alone");
    el_fails("fcc:a=3.7,elements=Cu", XRD_ERR_INVALID, "known keys: a b c alpha beta gamma name el");
    if (th_failed_now)
        return;
    /* library phases: a one-site phase takes el=, LaB6 (two sites) does not */
    char dir[1024], schema[1024];
    snprintf(dir, sizeof dir, "%s/refdata/phases", th_top());
    snprintf(schema, sizeof schema, "%s/refdata/phase.rng", th_top());
    xrd_phase_library *lib = NULL;
    xrd_error e;
    ASSERT(xrd_phase_library_load(dir, schema, &lib, &e) == XRD_OK);
    xrd_phase p;
    xrd_status st = xrd_phase_parse_spec("Ru-fcc:a=3.72,el=Cu:0.46/Ru:0.54", lib, &p, &e);
    xrd_status st2 = xrd_phase_parse_spec("LaB6-660c,el=Ce", lib, &p, &e);
    xrd_phase_library_free(lib);
    ASSERT(st == XRD_OK);
    ASSERT(st2 == XRD_ERR_INVALID && strstr(e.message, "LaB6-660c has 2 sites"));
}

static void test_equal_scattering_flag(void)
{
    xrd_phase p = parse("hcp:a=2.7058,c=4.2816");
    xrd_reflist *rl = NULL;
    ASSERT(xrd_reflections_generate_for(&p.cell, &p.sg, p.structure, 1.2, &rl, NULL) == XRD_OK);
    double in[64];
    int eq = 0;
    ASSERT(rl->n <= 64);
    ASSERT(xrd_phase_intensities(&p, rl, LAMBDA_CUKA1, NULL, in, &eq, NULL) == XRD_OK);
    /* unit scatterers on 2c: |F(100)|^2 = 1 per hkl (h-k = 1 mod 3, l even), |F(002)|^2 = 4 */
    double f100 = -1, f002 = -1;
    for (size_t k = 0; k < rl->n; k++) {
        const xrd_reflection *r = &rl->refl[k];
        double st = LAMBDA_CUKA1 / (2 * r->d_A), c2 = 1 - 2 * st * st;
        double lp = 0.5 * (1 + c2 * c2) / (st * st * sqrt(1 - st * st));
        double v = 2.7058 * 2.7058 * sqrt(3) / 2 * 4.2816;
        double f2 = in[k] * v * v / lp / r->multiplicity;
        if (r->h == 1 && r->k == 0 && r->l == 0) f100 = f2;
        if (r->h == 0 && r->k == 0 && r->l == 2) f002 = f2;
    }
    xrd_reflist_free(rl);
    ASSERT(eq == 1);
    ASSERT_NEAR(f100, 1.0, 1e-9);
    ASSERT_NEAR(f002, 4.0, 1e-9);
}

static xrd_pattern *simulate_cu(double size_nm, xrd_sim_noise noise, unsigned long seed,
                                double step, const xrd_instrument *in)
{
    xrd_phase p = parse("fcc:a=3.6149,el=Cu");
    xrd_sim_phase sp;
    xrd_sim_phase_default(&sp);
    sp.size_nm = size_nm;
    xrd_sim_options o;
    xrd_sim_options_default(&o);
    o.x_min_deg = 35;
    o.x_max_deg = 55;
    o.step_deg = step;
    o.noise = noise;
    o.seed = seed;
    xrd_pattern *pat = NULL;
    xrd_error e;
    if (xrd_simulate(in, &p, &sp, 1, &o, &pat, &e) != XRD_OK)
        fprintf(stderr, "simulate: %s\n", e.message);
    return pat;
}

/* The (111) maximum sits at the Bragg angle: 43.30 deg for a = 3.6149 A. */
static void test_cu_111_at_bragg(void)
{
    xrd_instrument in = sharp_instrument(LAMBDA_CUKA1);
    xrd_pattern *p = simulate_cu(200, XRD_SIM_NOISE_NONE, 1, 0.001, &in);
    ASSERT(p);
    size_t im = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] < 46 && p->y[i] > p->y[im])
            im = i;
    double xmax = p->x[im];
    xrd_pattern_free(p);
    double bragg = 2 * asin(LAMBDA_CUKA1 * sqrt(3) / (2 * 3.6149)) * 180 / M_PI;
    ASSERT_NEAR(xmax, bragg, 0.02);
    ASSERT_NEAR(xmax, 43.30, 0.02);
}

/* Noise-free: the signal above the flat background peaks at max_counts. */
static void test_max_counts(void)
{
    xrd_instrument in = sharp_instrument(LAMBDA_CUKA1);
    xrd_pattern *p = simulate_cu(10, XRD_SIM_NOISE_NONE, 1, 0.01, &in);
    ASSERT(p);
    double ymax = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->y[i] > ymax)
            ymax = p->y[i];
    int unit_ok = p->unit == XRD_X_TWO_THETA_DEG && p->wavelength_A == LAMBDA_CUKA1;
    xrd_pattern_free(p);
    ASSERT_NEAR(ymax, 20000.0 + 100.0, 1e-6);
    ASSERT(unit_ok);
}

/* Same seed -> identical counts; another seed -> other counts; Poisson
 * scatter: mean (y - mu)/sqrt(mu) ~ 0, variance ~ 1. */
static void test_noise(void)
{
    xrd_instrument in = sharp_instrument(LAMBDA_CUKA1);
    xrd_pattern *a = simulate_cu(5, XRD_SIM_NOISE_POISSON, 42, 0.01, &in);
    xrd_pattern *b = simulate_cu(5, XRD_SIM_NOISE_POISSON, 42, 0.01, &in);
    xrd_pattern *c = simulate_cu(5, XRD_SIM_NOISE_POISSON, 43, 0.01, &in);
    xrd_pattern *mu = simulate_cu(5, XRD_SIM_NOISE_NONE, 0, 0.01, &in);
    int ok = a && b && c && mu && a->n == b->n && a->n == c->n && a->n == mu->n;
    int same = ok, differ = 0;
    double s1 = 0, s2 = 0;
    int integers = 1;
    for (size_t i = 0; ok && i < a->n; i++) {
        same &= a->y[i] == b->y[i];
        differ += a->y[i] != c->y[i];
        double z = (a->y[i] - mu->y[i]) / sqrt(mu->y[i]);
        s1 += z;
        s2 += z * z;
        integers &= a->y[i] == floor(a->y[i]);
    }
    size_t n = ok ? a->n : 1;
    xrd_pattern_free(a);
    xrd_pattern_free(b);
    xrd_pattern_free(c);
    xrd_pattern_free(mu);
    ASSERT(ok);
    ASSERT(same && integers);
    ASSERT(differ > (int)(n / 2));
    double mean = s1 / n, var = s2 / n - mean * mean;
    ASSERT_MSG(fabs(mean) < 5.0 / sqrt((double)n) && fabs(var - 1) < 0.15,
               "normalised residuals: mean %g, variance %g over %zu points", mean, var, n);
}

/* The background is the Chebyshev series over the range: far from any
 * reflection of a sharp pattern y = c0 + c1 t + c2 (2t^2 - 1). */
static void test_background(void)
{
    xrd_instrument in = sharp_instrument(LAMBDA_CUKA1);
    xrd_phase p = parse("fcc:a=3.6149,el=Cu");
    xrd_sim_phase sp = {0, 0, 1};
    xrd_sim_options o;
    xrd_sim_options_default(&o);
    o.x_min_deg = 20;
    o.x_max_deg = 50; /* Cu (111) at 43.3 */
    o.step_deg = 0.05;
    o.noise = XRD_SIM_NOISE_NONE;
    o.n_background = 3;
    o.background[0] = 300;
    o.background[1] = -50;
    o.background[2] = 20;
    xrd_pattern *pat = NULL;
    xrd_error e;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_OK);
    double worst = 0;
    for (size_t i = 0; i < pat->n; i++) {
        double t = (2 * pat->x[i] - 70) / 30.0;
        double b = 300 - 50 * t + 20 * (2 * t * t - 1);
        if (pat->x[i] < 38 && fabs(pat->y[i] - b) > worst)
            worst = fabs(pat->y[i] - b);
    }
    xrd_pattern_free(pat);
    ASSERT_MSG(worst < 0.5, "largest deviation from the background below 38 deg: %g", worst);
}

static void test_simulate_errors(void)
{
    xrd_instrument in = sharp_instrument(LAMBDA_CUKA1);
    xrd_phase p = parse("fcc:a=3.6149,el=Cu");
    xrd_sim_phase sp = {5, 0, 1};
    xrd_sim_options o;
    xrd_pattern *pat = NULL;
    xrd_error e;
    xrd_sim_options_default(&o);
    o.x_min_deg = 95;
    o.x_max_deg = 10;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_ERR_INVALID && !pat);
    xrd_sim_options_default(&o);
    o.step_deg = 0;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_ERR_INVALID);
    xrd_sim_options_default(&o);
    sp.weight = 0;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "weight"));
    sp.weight = 1;
    sp.size_nm = -1;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_ERR_INVALID);
    sp.size_nm = 5;
    /* a range with no reflection: Cu (111) is at 43 deg */
    o.x_min_deg = 5;
    o.x_max_deg = 15;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "no reflection of any phase lies in 5 to 15"));
    /* Poisson needs a non-negative mean */
    xrd_sim_options_default(&o);
    o.background[0] = -500;
    ASSERT(xrd_simulate(&in, &p, &sp, 1, &o, &pat, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "negative"));
}

int main(void)
{
    RUN(test_f0_at_zero_is_z);
    RUN(test_f0_decreases);
    RUN(test_f0_errors);
    RUN(test_cu_200_111_ratio);
    RUN(test_intensity_absolute);
    RUN(test_diamond_extinctions);
    RUN(test_space_group_operators);
    RUN(test_unsupported_group);
    RUN(test_el_key);
    RUN(test_el_key_errors);
    RUN(test_equal_scattering_flag);
    RUN(test_cu_111_at_bragg);
    RUN(test_max_counts);
    RUN(test_noise);
    RUN(test_background);
    RUN(test_simulate_errors);
    TH_EXIT();
}
