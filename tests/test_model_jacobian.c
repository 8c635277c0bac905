/* The forward model's analytic Jacobian against central differences, for
 * every kind of parameter, on an fcc + hcp model with a Ka doublet, axial
 * asymmetry, ties of reflections outside the data and an overlap cluster; the
 * peaks symmetric in q with the smooth factors at every point (envelope.c), the
 * size term a Voigt.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"

#include "model/faults.h"
#include "model/model.h"
#include "refine/fit_internal.h"
#include "refine/lebail.h"
#include "xrdfit/xrdfit.h"

static xrd_fit *make_fit(double size_inv, int lognormal)
{
    size_t n = 1200;
    xrd_pattern *p = xrd_pattern_new(n);
    for (size_t i = 0; i < n; i++) {
        p->x[i] = 20.0 + 0.05 * (double)i;
        p->y[i] = 100.0 + 50.0 * sin(0.01 * (double)i);
        p->sigma[i] = 10.0;
    }
    xrd_radiation rad = {"CuKa", "Hoelzer1997", 2, {1.5405929, 1.5444274}, {1.0, 0.5},
                         {"Ka1", "Ka2"}, "", 0.0};
    xrd_instrument inst;
    xrd_instrument_default(&inst, &rad);
    inst.asym_sl = inst.asym_hl = 0.03;
    inst.displacement_mm = 0.05;
    inst.radial_k3_A2 = 0.004; /* a lens distortion (electrons), tested here in 2theta */
    xrd_phase ph[2];
    xrd_phase_parse_spec("fcc:a=3.90", NULL, &ph[0], NULL);
    xrd_phase_parse_spec("hcp:a=2.71,c=4.28", NULL, &ph[1], NULL);
    xrd_fit_options o;
    xrd_fit_options_default(&o);
    o.n_background = 4;
    o.background_hump = 1;
    o.background_inv_x = 1;
    xrd_fit *f = NULL;
    xrd_fit_new(p, &inst, ph, 2, &o, &f, NULL);
    xrd_pattern_free(p);
    if (!f)
        return NULL;
    xrdi_model *m = &f->m;
    xrdi_lebail_init_reflections(m, 1.0, NULL);
    for (int q = 0; q < 2; q++) {
        m->ph[q].size_inv = size_inv * (1.0 + 0.5 * q);
        m->ph[q].strain = 0.002;
        m->ph[q].fault_alpha = 0.03; /* the fcc phase's Warren shifts and breadths */
        /* and its twin faults' breadth and asymmetry (not with a lognormal) */
        m->ph[q].twin_on = !lognormal && xrdi_faults_apply(&m->ph[q].phase);
        m->ph[q].twin_beta = 0.04;
        m->ph[q].size_g_ratio = 0.5 * (1.0 + q) / (1.0 + 0.5 * q);
        /* or a lognormal distribution of spheres (peak_fourier.c) */
        m->ph[q].size_lognormal = lognormal;
        m->ph[q].size_sigma = 0.35 - 0.1 * q;
        for (size_t k = 0; k < m->ph[q].n_refl; k++)
            m->ph[q].refl[k].intensity = 100.0 + 10.0 * (double)k;
    }
    m->bkg.hump_height = 30;
    m->bkg.inv_x = 50;
    for (int j = 0; j < m->bkg.n_cheb; j++)
        m->bkg.cheb[j] = 10.0 / (j + 1);
    /* a cluster of the first two hcp groups */
    m->ph[1].refl[0].cluster = 0;
    m->ph[1].refl[1].cluster = 0;
    m->cluster_scale[0] = 1.3;
    m->n_clusters = 1;
    xrdi_apply_ties(m);
    return f;
}

static void check_all_kinds(double size_inv, double rtol, int lognormal)
{
    xrd_fit *f = make_fit(size_inv, lognormal);
    ASSERT(f);
    xrdi_model *m = &f->m;
    int tied = 0;
    for (size_t k = 0; k < m->ph[0].n_refl; k++)
        tied += m->ph[0].refl[k].tie >= 0;
    ASSERT_MSG(tied > 0, "the fcc phase should have groups tied beyond 80 deg");
    int tref = -1;
    for (size_t k = 0; k < m->ph[0].n_refl && tref < 0; k++)
        if (m->ph[0].refl[k].tie >= 0)
            tref = m->ph[0].refl[k].tie;
    xrdi_pref refs[] = {{XRDI_P_ZERO, -1, 0},   {XRDI_P_DISP, -1, 0},      {XRDI_P_U, -1, 0},
                        {XRDI_P_V, -1, 0},      {XRDI_P_W, -1, 0},         {XRDI_P_X, -1, 0},
                        {XRDI_P_Y, -1, 0},      {XRDI_P_ASYM, -1, 0},      {XRDI_P_K2RATIO, -1, 0},
                        {XRDI_P_BKG, -1, 2},    {XRDI_P_INVX, -1, 0},      {XRDI_P_HUMP_H, -1, 0},
                        {XRDI_P_HUMP_C, -1, 0}, {XRDI_P_HUMP_W, -1, 0},    {XRDI_P_CELL, 0, 0},
                        {XRDI_P_CELL, 1, 0},    {XRDI_P_CELL, 1, 1},       {XRDI_P_SIZE, 0, 0},
                        {XRDI_P_SIZE, 1, 0},    {XRDI_P_STRAIN, 1, 0},     {XRDI_P_SCALE, 0, 0},
                        {lognormal ? XRDI_P_SIZE_SIGMA : XRDI_P_SIZE_G, 0, 0},
                        {lognormal ? XRDI_P_SIZE_SIGMA : XRDI_P_SIZE_G, 1, 0},
                        {XRDI_P_RADIAL, -1, 0}, {XRDI_P_WAVELENGTH, -1, 0},
                        {XRDI_P_FAULT, 0, 0},      {lognormal ? XRDI_P_FAULT : XRDI_P_TWIN, 0, 0},
                        {XRDI_P_INTENSITY, 0, tref}, {XRDI_P_CLUSTER, -1, 0}};
    size_t np = sizeof refs / sizeof refs[0], n = m->n;
    m->asym_tied = 1;
    double *J = malloc(n * np * sizeof(double)), *y0 = malloc(n * sizeof(double));
    double *yp = malloc(n * sizeof(double)), *ym = malloc(n * sizeof(double));
    ASSERT(J && y0 && yp && ym);
    ASSERT(xrdi_model_eval(m, refs, np, y0, J, 0, NULL) == 0);
    for (size_t j = 0; j < np; j++) {
        double *v = xrdi_param_ptr(m, refs[j]), v0 = *v;
        double h = 1e-6 * (fabs(v0) > 1e-3 ? fabs(v0) : 1e-3);
        *v = v0 + h;
        xrdi_apply_ties(m);
        m->inst.asym_hl = m->inst.asym_sl;
        ASSERT(xrdi_model_eval(m, NULL, 0, yp, NULL, 0, NULL) == 0);
        *v = v0 - h;
        xrdi_apply_ties(m);
        m->inst.asym_hl = m->inst.asym_sl;
        ASSERT(xrdi_model_eval(m, NULL, 0, ym, NULL, 0, NULL) == 0);
        *v = v0;
        xrdi_apply_ties(m);
        m->inst.asym_hl = m->inst.asym_sl;
        double worst = 0, scale = 0;
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
            double num = (yp[i] - ym[i]) / (2 * h), an = J[i * np + j];
            if (fabs(num) > scale)
                scale = fabs(num);
            if (fabs(num - an) > worst) {
                worst = fabs(num - an);
                at = i;
            }
        }
        char nm[64];
        xrdi_param_name(m, refs[j], nm, sizeof nm);
        ASSERT_MSG(worst <= rtol * scale + 1e-9, "d/d %s: analytic %g vs numeric differs by %g "
                   "(max %g) at 2theta %.2f", nm, J[at * np + j], worst, scale, m->x[at]);
    }
    free(J);
    free(y0);
    free(yp);
    free(ym);
    xrd_fit_free(f);
}

/* broad nanoparticle peaks: asymmetry through the kernel moments */
static void test_jacobian_broad(void)
{
    check_all_kinds(0.2, 1e-4, 0);
}

/* the size term a lognormal distribution of spheres: the peaks come from
 * their Fourier transform on a grid, broad and sharp */
static void test_jacobian_lognormal(void)
{
    check_all_kinds(0.3, 1e-4, 1);
    check_all_kinds(0.02, 1e-4, 1);
}

/* sharp peaks: the full FCJ convolution near each peak, whose node positions
 * are differentiated by finite differences (1e-3 of the largest derivative) */
static void test_jacobian_sharp(void)
{
    check_all_kinds(0.002, 1e-3, 0);
}

/* The cell derivatives of a low-symmetry phase (general metric path):
 * every free parameter, angles included, against central differences. */
static void check_cell(const char *symbol, xrd_cell cell)
{
    size_t n = 1500;
    xrd_pattern *p = xrd_pattern_new(n);
    ASSERT(p);
    for (size_t i = 0; i < n; i++) {
        p->x[i] = 15.0 + 0.05 * (double)i;
        p->y[i] = 100.0 + 20.0 * sin(0.02 * (double)i);
        p->sigma[i] = 10.0;
    }
    xrd_radiation rad = {"CuKa1", "Hoelzer1997", 1, {1.5405929}, {1.0}, {"Ka1"}, "", 0.0};
    xrd_instrument inst;
    xrd_instrument_default(&inst, &rad);
    xrd_spacegroup sg;
    xrd_phase ph;
    xrd_error e;
    ASSERT_MSG(xrd_spacegroup_lookup(symbol, &sg, &e) == XRD_OK, "%s: %s", symbol, e.message);
    ASSERT_MSG(xrd_phase_init(&ph, "low", &sg, &cell, &e) == XRD_OK, "%s: %s", symbol,
               e.message);
    xrd_fit_options o;
    xrd_fit_options_default(&o);
    o.n_background = 2;
    xrd_fit *f = NULL;
    ASSERT_MSG(xrd_fit_new(p, &inst, &ph, 1, &o, &f, &e) == XRD_OK, "%s: %s", symbol,
               e.message);
    xrd_pattern_free(p);
    xrdi_model *m = &f->m;
    ASSERT(xrdi_lebail_init_reflections(m, 1.0, NULL) == 0);
    m->ph[0].size_inv = 0.05;
    for (size_t k = 0; k < m->ph[0].n_refl; k++)
        m->ph[0].refl[k].intensity = 100.0 + 10.0 * (double)(k % 7);
    xrdi_apply_ties(m);
    int nc = m->ph[0].n_cell_free;
    unsigned mask = xrd_spacegroup_cell_free(&sg);
    int bits = 0;
    for (int k = 0; k < 6; k++)
        bits += (mask >> k) & 1u;
    ASSERT_MSG(nc == bits, "%s: %d free cell parameters, mask has %d", symbol, nc, bits);
    xrdi_pref refs[6];
    for (int j = 0; j < nc; j++) {
        xrdi_pref r = {XRDI_P_CELL, 0, j};
        refs[j] = r;
    }
    double *J = malloc(m->n * (size_t)nc * sizeof(double)), *yp = malloc(m->n * sizeof(double)),
           *ym = malloc(m->n * sizeof(double));
    ASSERT(J && yp && ym);
    ASSERT(xrdi_model_eval(m, refs, (size_t)nc, yp, J, 0, NULL) == 0);
    for (int j = 0; j < nc; j++) {
        double *v = xrdi_param_ptr(m, refs[j]), v0 = *v, h = 1e-6 * fabs(v0);
        *v = v0 + h;
        ASSERT(xrdi_model_eval(m, NULL, 0, yp, NULL, 0, NULL) == 0);
        *v = v0 - h;
        ASSERT(xrdi_model_eval(m, NULL, 0, ym, NULL, 0, NULL) == 0);
        *v = v0;
        double worst = 0, scale = 0;
        for (size_t i = 0; i < m->n; i++) {
            double num = (yp[i] - ym[i]) / (2 * h), an = J[i * (size_t)nc + (size_t)j];
            scale = fmax(scale, fabs(num));
            worst = fmax(worst, fabs(num - an));
        }
        char nm[64];
        xrdi_param_name(m, refs[j], nm, sizeof nm);
        /* 2e-4: the default axial asymmetry's FCJ convolution differentiates its node
         * positions by finite differences (9.9e-5 of the largest derivative without the
         * envelope for P 1 1 2_1/b c; the envelope's own terms are exact to 3e-7) */
        ASSERT_MSG(scale > 0 && worst <= 2e-4 * scale, "%s d/d %s: differs by %g (max %g)",
                   symbol, nm, worst, scale);
    }
    free(J);
    free(yp);
    free(ym);
    xrd_fit_free(f);
}

static void test_jacobian_low_symmetry_cells(void)
{
    xrd_cell mono_b = {4.68, 3.42, 5.13, 90, 99.5, 90}; /* CuO-like, P2_1/c b */
    check_cell("P2_1/c", mono_b);
    xrd_cell mono_c = {4.68, 5.13, 3.42, 90, 90, 99.5};
    check_cell("P 1 1 2_1/b", mono_c);
    xrd_cell tri = {5.1, 6.2, 7.3, 82.0, 95.0, 103.0};
    check_cell("P-1", tri);
    xrd_cell rh = {5.13, 5.13, 5.13, 55.3, 55.3, 55.3}; /* corundum on rhombohedral axes */
    check_cell("R-3c:R", rh);
    xrd_cell tet = {3.785, 3.785, 9.514, 90, 90, 90};
    check_cell("I4_1/amd", tet);
}

/* A Rietveld phase: intensities from the structure at a B shift, textured
 * along 001, on a rough surface; d/d(B shift), d/d(scale), d/d(March-Dollase
 * r) and d/d(Suortti P, Q) against central differences (ties re-impose the
 * structure). */
static void test_jacobian_rietveld(void)
{
    size_t n = 1500;
    xrd_pattern *p = xrd_pattern_new(n);
    ASSERT(p);
    for (size_t i = 0; i < n; i++) {
        p->x[i] = 30.0 + 0.06 * (double)i;
        p->y[i] = 100.0 + 20.0 * sin(0.02 * (double)i);
        p->sigma[i] = 10.0;
    }
    xrd_radiation rad = {"CuKa", "Hoelzer1997", 2, {1.5405929, 1.5444274}, {1.0, 0.5},
                         {"Ka1", "Ka2"}, "", 0.0};
    xrd_instrument inst;
    xrd_instrument_default(&inst, &rad);
    xrd_phase ph;
    ASSERT(xrd_phase_parse_spec("hcp:a=2.71,c=4.28,el=Ru", NULL, &ph, NULL) == XRD_OK);
    xrd_fit_options o;
    xrd_fit_options_default(&o);
    o.n_background = 2;
    o.rietveld = 1;
    xrd_fit *f = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_fit_new(p, &inst, &ph, 1, &o, &f, &e) == XRD_OK, "%s", e.message);
    xrd_pattern_free(p);
    if (!f)
        return;
    xrdi_model *m = &f->m;
    ASSERT(xrd_fit_set_preferred_orientation(f, 0, 0, 0, 1, NULL) == XRD_OK);
    ASSERT(xrdi_lebail_init_reflections(m, 1.0, NULL) == 0);
    m->ph[0].size_inv = 0.05;
    m->ph[0].scale = 40.0;
    m->ph[0].biso_shift = 0.3;
    m->ph[0].md_r = 0.8;
    m->sr_on = 1;
    m->sr_p = 0.6;
    m->sr_q = 0.3;
    xrdi_apply_ties(m);
    ASSERT(m->ph[0].refl[0].intensity > 0 && m->ph[0].n_md > 0);
    xrdi_pref refs[5] = {{XRDI_P_BISO, 0, 0}, {XRDI_P_SCALE, 0, 0}, {XRDI_P_MD, 0, 0},
                         {XRDI_P_SR_P, -1, 0}, {XRDI_P_SR_Q, -1, 0}};
    double *J = malloc(m->n * 5 * sizeof(double)), *yp = malloc(m->n * sizeof(double)),
           *ym = malloc(m->n * sizeof(double));
    ASSERT(J && yp && ym);
    ASSERT(xrdi_model_eval(m, refs, 5, yp, J, 0, NULL) == 0);
    for (int j = 0; j < 5; j++) {
        double *v = xrdi_param_ptr(m, refs[j]), v0 = *v, h = 1e-6 * fabs(v0);
        *v = v0 + h;
        xrdi_apply_ties(m);
        ASSERT(xrdi_model_eval(m, NULL, 0, yp, NULL, 0, NULL) == 0);
        *v = v0 - h;
        xrdi_apply_ties(m);
        ASSERT(xrdi_model_eval(m, NULL, 0, ym, NULL, 0, NULL) == 0);
        *v = v0;
        xrdi_apply_ties(m);
        double worst = 0, scale = 0;
        for (size_t i = 0; i < m->n; i++) {
            double num = (yp[i] - ym[i]) / (2 * h), an = J[i * 5 + (size_t)j];
            scale = fmax(scale, fabs(num));
            worst = fmax(worst, fabs(num - an));
        }
        char nm[64];
        xrdi_param_name(m, refs[j], nm, sizeof nm);
        ASSERT_MSG(scale > 0 && worst <= 1e-5 * scale, "d/d %s: differs by %g (max %g)", nm,
                   worst, scale);
    }
    free(J);
    free(yp);
    free(ym);
    xrd_fit_free(f);
}

/* Warren's fcc fault coefficients against his tables (X-ray Diffraction, 1969,
 * Tables 13.1-13.2): shift G and breadth V per family; the twin asymmetry T
 * of 111 and 200 in the ratio of their centroid shifts, +11 and -14.6 beta
 * tan theta (Cohen & Wagner, J. Appl. Phys. 33 (1962) 2073), and of a member
 * set by hand (3/4 of the 111 members at |L0| = 1, every 200 member at 2). */
static void test_warren_coefficients(void)
{
    static const struct {
        int h, k, l;
        double g, v, t;
    } t[] = {{1, 1, 1, 0.25, 0.4330127, 0.75},       {2, 0, 0, -0.5, 1.0, -1.0},
             {2, 2, 0, 0.25, 0.7071068, 0.5},        {3, 1, 1, -1.0 / 11, 0.4522670, 0.0},
             {2, 2, 2, -0.125, 0.4330127, -0.75},    {4, 0, 0, 0.25, 1.0, 1.0}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        double g, v, tw, lh;
        xrdi_fault_coefs(t[i].h, t[i].k, t[i].l, &g, &v, &tw, &lh);
        ASSERT_MSG(fabs(g - t[i].g) < 1e-6 && fabs(v - t[i].v) < 1e-6 && fabs(tw - t[i].t) < 1e-9,
                   "(%d%d%d): G %.7f V %.7f T %.4f, Warren %.7f %.7f %.4f", t[i].h, t[i].k,
                   t[i].l, g, v, tw, t[i].g, t[i].v, t[i].t);
    }
    double g, v, t111, t200, lh111, lh200;
    xrdi_fault_coefs(1, 1, 1, &g, &v, &t111, &lh111);
    xrdi_fault_coefs(2, 0, 0, &g, &v, &t200, &lh200);
    ASSERT_MSG(fabs(lh111 - 1.0 / sqrt(3.0)) < 1e-12 && fabs(lh200 - 1.0) < 1e-12,
               "mean |L0| / h0: 111 %.6f, 200 %.6f", lh111, lh200);
    ASSERT_MSG(fabs(t200 / t111 - (-14.6 / 11.0)) < 0.01, "T(200) / T(111) = %.4f, Warren's "
               "centroid shifts %.4f", t200 / t111, -14.6 / 11.0);
}

int main(void)
{
    RUN(test_warren_coefficients);
    RUN(test_jacobian_rietveld);
    RUN(test_jacobian_low_symmetry_cells);
    RUN(test_jacobian_broad);
    RUN(test_jacobian_sharp);
    RUN(test_jacobian_lognormal);
    TH_EXIT();
}
