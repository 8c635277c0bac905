/* Space-group operations from spglib's table of the 530 settings: each is a
 * group, orbits and absences follow the International Tables, settings and
 * origin choices are resolved, operations read as text identify their
 * group, and the rhombohedral and hexagonal descriptions of one lattice
 * give one powder pattern. SPDX-License-Identifier: GPL-3.0-or-later */
#include "harness.h"

#include "xrdfit/crystal.h"

static xrd_spacegroup sg_of(const char *s)
{
    xrd_spacegroup sg;
    memset(&sg, 0, sizeof sg);
    xrd_error e;
    if (xrd_spacegroup_lookup(s, &sg, &e) != XRD_OK)
        sg.number = -1;
    return sg;
}

/* full operation i of sg (coset rep o, centring c) applied to op j: member? */
static int contains(const xrd_spacegroup *sg, const signed char r[9], const int t24[3])
{
    for (int o = 0; o < sg->n_ops; o++) {
        if (memcmp(sg->ops[o].r, r, 9))
            continue;
        for (int c = 0; c < sg->n_centring; c++) {
            int ok = 1;
            for (int i = 0; i < 3 && ok; i++)
                ok = ((t24[i] - sg->ops[o].t24[i] - sg->centring_t24[c][i]) % 24 + 24) % 24 == 0;
            if (ok)
                return 1;
        }
    }
    return 0;
}

/* Every tabulated setting is closed under composition, its general position
 * has n_ops x n_centring images, its name resolves back to it, and its
 * absences are invariant under its point group (allowed(h) = allowed(hR)). */
static void every_setting_is_a_group(void)
{
    int checked = 0;
    for (int hall = 1; hall <= 530; hall++) {
        xrd_spacegroup sg;
        xrd_error e;
        ASSERT_MSG(xrd_spacegroup_by_hall(hall, &sg, &e) == XRD_OK, "hall %d: %s", hall,
                   e.message);
        ASSERT(sg.hall_number == hall && sg.number >= 1 && sg.number <= 230);
        for (int a = 0; a < sg.n_ops; a++)
            for (int b = 0; b < sg.n_ops; b++) {
                signed char r[9];
                int t[3];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        int s = 0;
                        for (int k = 0; k < 3; k++)
                            s += sg.ops[a].r[i * 3 + k] * sg.ops[b].r[k * 3 + j];
                        r[i * 3 + j] = (signed char)s;
                    }
                    int v = sg.ops[a].t24[i];
                    for (int k = 0; k < 3; k++)
                        v += sg.ops[a].r[i * 3 + k] * sg.ops[b].t24[k];
                    t[i] = v;
                }
                ASSERT_MSG(contains(&sg, r, t), "hall %d (%s): product of ops %d and %d is "
                           "not in the group", hall, sg.symbol, a, b);
            }
        const double general[3] = {0.1234, 0.3456, 0.0789};
        int m = xrd_spacegroup_orbit(&sg, general, NULL, 0);
        ASSERT_MSG(m == sg.n_ops * sg.n_centring, "hall %d: general position has %d images, "
                   "group order %d", hall, m, sg.n_ops * sg.n_centring);
        char name[48];
        xrd_spacegroup back;
        xrd_spacegroup_name(&sg, name, sizeof name);
        ASSERT_MSG(xrd_spacegroup_lookup(name, &back, &e) == XRD_OK && back.hall_number == hall,
                   "hall %d: name '%s' resolves to hall %d", hall, name, back.hall_number);
        for (int h = -4; h <= 4; h++)
            for (int k = -4; k <= 4; k++)
                for (int l = -4; l <= 4; l++) {
                    int al = xrd_spacegroup_allows(&sg, h, k, l);
                    for (int o = 0; o < sg.n_ops; o++) {
                        const signed char *R = sg.ops[o].r;
                        int h2 = h * R[0] + k * R[3] + l * R[6], k2 = h * R[1] + k * R[4] + l * R[7],
                            l2 = h * R[2] + k * R[5] + l * R[8];
                        ASSERT_MSG(xrd_spacegroup_allows(&sg, h2, k2, l2) == al,
                                   "hall %d (%s): %d%d%d and its equivalent %d%d%d differ", hall,
                                   sg.symbol, h, k, l, h2, k2, l2);
                    }
                }
        checked++;
    }
    ASSERT(checked == 530);
}

static int allowed(const char *sym, int h, int k, int l)
{
    xrd_spacegroup sg = sg_of(sym);
    return sg.number > 0 && xrd_spacegroup_allows(&sg, h, k, l);
}

/* Reflection conditions of International Tables Vol. A in non-standard
 * settings and groups the old hand-written table lacked. */
static void conditions_in_settings(void)
{
    /* P2_1/c (unique b): h0l l = 2n, 0k0 k = 2n */
    ASSERT(!allowed("P2_1/c", 1, 0, 1) && allowed("P2_1/c", 1, 0, 2) &&
           !allowed("P2_1/c", 0, 3, 0) && allowed("P2_1/c", 0, 2, 0));
    /* P2_1/n: h0l h + l = 2n */
    ASSERT(!allowed("P2_1/n", 1, 0, 0) && allowed("P2_1/n", 1, 0, 1) &&
           !allowed("P2_1/n", 2, 0, 1));
    /* P 1 1 2_1/b (unique c): hk0 k = 2n, 00l l = 2n */
    ASSERT(!allowed("P 1 1 2_1/b", 1, 1, 0) && allowed("P 1 1 2_1/b", 1, 2, 0) &&
           !allowed("P 1 1 2_1/b", 0, 0, 1) && allowed("P 1 1 2_1/b", 0, 1, 1));
    /* C2/c: hkl h + k = 2n; h0l h, l = 2n */
    ASSERT(!allowed("C2/c", 1, 0, 1) && !allowed("C2/c", 2, 0, 1) && allowed("C2/c", 2, 0, 2) &&
           allowed("C2/c", 1, 1, -1) && !allowed("C2/c", 1, 0, 0));
    /* Pbnm (Pnma with axes cab): 0kl k = 2n; h0l h + l = 2n; 00l l = 2n */
    ASSERT(!allowed("Pbnm", 0, 1, 1) && allowed("Pbnm", 0, 2, 1) && !allowed("Pbnm", 1, 0, 0) &&
           allowed("Pbnm", 1, 0, 1) && !allowed("Pbnm", 0, 0, 1) && allowed("Pbnm", 1, 1, 1));
    /* Ia-3d: h+k+l = 2n; 0kl k, l = 2n; hhl 2h + l = 4n; h00 h = 4n */
    ASSERT(allowed("Ia-3d", 2, 1, 1) && !allowed("Ia-3d", 1, 1, 0) &&
           !allowed("Ia-3d", 0, 1, 1) && allowed("Ia-3d", 2, 2, 0) &&
           !allowed("Ia-3d", 2, 0, 0) && allowed("Ia-3d", 4, 0, 0) &&
           !allowed("Ia-3d", 2, 2, 2) && allowed("Ia-3d", 3, 2, 1));
    /* Fd-3c (228): hhl h, l = 2n besides the d-glides: 111 absent, 220 present */
    ASSERT(!allowed("Fd-3c", 1, 1, 1) && allowed("Fd-3c", 2, 2, 0));
    /* P6_3/mmc on every axis choice of hexagonal axes: 001 absent */
    ASSERT(!allowed("P6_3/mmc", 0, 0, 1) && allowed("P6_3/mmc", 0, 0, 2));
}

/* Absences do not depend on the origin: the two origin choices of every
 * group that has two agree on every hkl of a box. */
static void origin_choices_agree(void)
{
    int pairs = 0;
    for (int n = 1; n <= 230; n++) {
        char s1[16], s2[16];
        snprintf(s1, sizeof s1, "%d:1", n);
        snprintf(s2, sizeof s2, "%d:2", n);
        xrd_spacegroup a, b;
        if (xrd_spacegroup_lookup(s1, &a, NULL) != XRD_OK ||
            xrd_spacegroup_lookup(s2, &b, NULL) != XRD_OK)
            continue;
        for (int h = -6; h <= 6; h++)
            for (int k = -6; k <= 6; k++)
                for (int l = -6; l <= 6; l++)
                    ASSERT_MSG(xrd_spacegroup_allows(&a, h, k, l) ==
                                   xrd_spacegroup_allows(&b, h, k, l),
                               "group %d: %d%d%d differs between origin choices", n, h, k, l);
        pairs++;
    }
    ASSERT_MSG(pairs == 24, "%d groups with two origin choices, ITA has 24", pairs);
    /* the default is origin choice 2 (inversion at the origin) */
    ASSERT(!strcmp(sg_of("Fd-3m").setting, "2") && !strcmp(sg_of("Fd-3m:1").setting, "1"));
}

/* The same group from a list of operations: tabulated ones are recognised
 * as their setting; an origin shifted by (1/4,0,0) keeps group and
 * absences; broken lists are refused with the operation named. */
static void group_from_operations(void)
{
    const char *p21c[] = {"x,y,z", "-x,y+1/2,-z+1/2", "-x,-y,-z", "x,-y+1/2,z+1/2"};
    xrd_spacegroup g;
    xrd_error e;
    ASSERT_MSG(xrd_spacegroup_from_ops(p21c, 4, &g, &e) == XRD_OK, "%s", e.message);
    ASSERT(g.number == 14 && g.hall_number == 81 && g.unique_axis == 'b');
    const char *shifted[] = {"x,y,z", "1/2-x, 1/2+y, 1/2-z", "-x+0.5,-y,-z", "x,-y+1/2,z+1/2"};
    ASSERT_MSG(xrd_spacegroup_from_ops(shifted, 4, &g, &e) == XRD_OK, "%s", e.message);
    ASSERT(g.number == 14 && g.hall_number == 0);
    xrd_spacegroup ref = sg_of("P2_1/c");
    for (int h = -5; h <= 5; h++)
        for (int k = -5; k <= 5; k++)
            for (int l = -5; l <= 5; l++)
                ASSERT(xrd_spacegroup_allows(&g, h, k, l) == xrd_spacegroup_allows(&ref, h, k, l));
    /* generators alone close into the group: F centring from two vectors */
    const char *fcc[] = {"x,y+1/2,z+1/2", "x+1/2,y,z+1/2", "z,x,y", "-y,x,z", "-x,-y,-z"};
    ASSERT_MSG(xrd_spacegroup_from_ops(fcc, 5, &g, &e) == XRD_OK, "%s", e.message);
    ASSERT(g.number == 225 && g.centring == 'F' && g.n_centring == 4 && g.n_ops == 48);
    const char *bad[] = {"x,y,z", "-x,y"};
    ASSERT(xrd_spacegroup_from_ops(bad, 2, &g, &e) == XRD_ERR_PARSE &&
           strstr(e.message, "operation 2"));
    const char *seventh[] = {"x,y,z", "x+1/7,y,z"};
    ASSERT(xrd_spacegroup_from_ops(seventh, 2, &g, &e) == XRD_ERR_INVALID);
    const char *nongroup[] = {"x,y,z", "2x,y,z"};
    ASSERT(xrd_spacegroup_from_ops(nongroup, 2, &g, &e) == XRD_ERR_PARSE);
    ASSERT(xrd_spacegroup_from_hall_symbol("-P 2ybc", &g, &e) == XRD_OK && g.number == 14);
    ASSERT(xrd_spacegroup_from_hall_symbol("-P 9", &g, &e) == XRD_ERR_NOT_FOUND);
}

/* Corundum described on hexagonal axes (R-3c:H) and on rhombohedral axes
 * (R-3c:R, a_r = sqrt(3a^2 + c^2)/3, sin(alpha/2) = 3a / (2 sqrt(3a^2 + c^2)))
 * gives the same d-spacings and multiplicities. */
static void rhombohedral_equals_hexagonal(void)
{
    double a = 4.7602, c = 12.9933;
    xrd_cell hex = {a, a, c, 90, 90, 120};
    double ar = sqrt(3 * a * a + c * c) / 3.0;
    double al = 2.0 * asin(3.0 * a / (2.0 * sqrt(3 * a * a + c * c))) * 180.0 / M_PI;
    xrd_cell rh = {ar, ar, ar, al, al, al};
    xrd_spacegroup H = sg_of("R-3c"), R = sg_of("R-3c:R");
    ASSERT(H.number == 167 && !H.rhombohedral_axes && R.number == 167 && R.rhombohedral_axes);
    ASSERT(xrd_spacegroup_cell_free(&R) == 9 && xrd_spacegroup_cell_free(&H) == 5);
    xrd_reflist *LH = NULL, *LR = NULL;
    xrd_error e;
    ASSERT(xrd_reflections_generate(&hex, &H, 0.9, &LH, &e) == XRD_OK);
    ASSERT_MSG(xrd_reflections_generate(&rh, &R, 0.9, &LR, &e) == XRD_OK, "%s", e.message);
    ASSERT_MSG(LH->n == LR->n, "hexagonal %zu groups, rhombohedral %zu", LH->n, LR->n);
    for (size_t i = 0; i < LH->n; i++) {
        ASSERT_NEAR(LR->refl[i].d_A, LH->refl[i].d_A, 1e-9 * LH->refl[i].d_A);
        ASSERT(LR->refl[i].multiplicity == LH->refl[i].multiplicity);
    }
    xrd_reflist_free(LH);
    xrd_reflist_free(LR);
}

/* Monoclinic d-spacings from the textbook closed form, unique axis b:
 * 1/d^2 = (h^2/a^2 + k^2 sin^2(beta)/b^2 + l^2/c^2 - 2hl cos(beta)/(ac)) / sin^2(beta). */
static void monoclinic_closed_form(void)
{
    xrd_cell m = {4.6837, 3.4226, 5.1288, 90, 99.54, 90};
    double be = m.beta * M_PI / 180.0, sb = sin(be), cb = cos(be);
    const int hkl[4][3] = {{1, 1, -1}, {1, 1, 1}, {2, 0, -2}, {1, 1, 0}};
    for (int i = 0; i < 4; i++) {
        double h = hkl[i][0], k = hkl[i][1], l = hkl[i][2];
        double q = (h * h / (m.a * m.a) + k * k * sb * sb / (m.b * m.b) + l * l / (m.c * m.c) -
                    2 * h * l * cb / (m.a * m.c)) / (sb * sb);
        ASSERT_NEAR(xrd_cell_inv_d2(&m, hkl[i][0], hkl[i][1], hkl[i][2]), q, 1e-12 * q);
    }
}

int main(void)
{
    RUN(every_setting_is_a_group);
    RUN(conditions_in_settings);
    RUN(origin_choices_agree);
    RUN(group_from_operations);
    RUN(rhombohedral_equals_hexagonal);
    RUN(monoclinic_closed_form);
    TH_EXIT();
}
