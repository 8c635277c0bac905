/* The one-pass histograms of a nested family of clusters (fit --debye's size
 * database) against each member's own histogram: the DSE intensities of
 * spheres and of cuboctahedra of growing size are the same to the last bit,
 * on one and on three threads; a bad group is refused.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"
#include "model/debye_hist.h"

enum { MEMBERS = 4, NQ = 800 };

static xrd_cluster *unit_cluster(xrd_cluster_shape shape, double size_nm, int shells)
{
    xrd_phase ph;
    if (xrd_phase_parse_spec("fcc:a=3.72,el=Cu:0.5/Ru:0.5", NULL, &ph, NULL) != XRD_OK)
        return NULL;
    xrd_cluster_options o;
    xrd_cluster_options_default(&o);
    o.shape = shape;
    o.size_nm = size_nm;
    o.shells = shells;
    xrd_cluster *c = NULL;
    if (xrd_cluster_build(&ph, &o, &c, NULL) != XRD_OK)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        c->species[i] = 0;
    c->n_species = 1;
    c->z[0] = 0;
    c->count[0] = c->n;
    return c;
}

/* group of each atom of the largest member: the first member holding it */
static int groups(xrd_cluster **m, int *group)
{
    const xrd_cluster *big = m[MEMBERS - 1];
    for (size_t i = 0; i < big->n; i++) {
        group[i] = -1;
        for (int g = 0; g < MEMBERS && group[i] < 0; g++)
            for (size_t a = 0; a < m[g]->n; a++) {
                double d = 0;
                for (int k = 0; k < 3; k++)
                    d += fabs(m[g]->xyz[3 * a + k] - big->xyz[3 * i + k]);
                if (d < 1e-6) {
                    group[i] = g;
                    break;
                }
            }
        if (group[i] < 0)
            return 0;
    }
    return 1;
}

static void family(xrd_cluster_shape shape, const double *size_nm, const int *shells)
{
    xrd_cluster *m[MEMBERS];
    for (int g = 0; g < MEMBERS; g++) {
        m[g] = unit_cluster(shape, size_nm ? size_nm[g] : 0, shells ? shells[g] : 0);
        ASSERT(m[g]);
    }
    int *group = malloc(m[MEMBERS - 1]->n * sizeof(int));
    ASSERT(group && groups(m, group));
    static double own[NQ], nest[NQ];
    xrd_debye_options o = {NULL, 0};
    for (int threads = 1; threads <= 3; threads += 2) {
        xrd_debye_hist *h[MEMBERS];
        ASSERT(xrdi_debye_hist_nested(m[MEMBERS - 1], group, MEMBERS, 0.002, threads, h, NULL) ==
               XRD_OK);
        for (int g = 0; g < MEMBERS; g++) {
            xrd_debye_hist *one = NULL;
            ASSERT(xrd_debye_hist_build(m[g], 0.002, 1, &one, NULL) == XRD_OK);
            ASSERT(xrd_debye_intensity(one, &o, 0.5, 0.01, NQ, 1, own, NULL) == XRD_OK);
            ASSERT(xrd_debye_intensity(h[g], &o, 0.5, 0.01, NQ, 1, nest, NULL) == XRD_OK);
            ASSERT_MSG(!memcmp(own, nest, sizeof own), "member %d (%zu atoms), %d threads: "
                       "I(q) differs", g, m[g]->n, threads);
            ASSERT(xrd_debye_hist_bins(one) == xrd_debye_hist_bins(h[g]));
            xrd_debye_hist_free(one);
            xrd_debye_hist_free(h[g]);
        }
    }
    free(group);
    for (int g = 0; g < MEMBERS; g++)
        xrd_cluster_free(m[g]);
}

static void test_spheres(void)
{
    const double d[MEMBERS] = {1.0, 1.4, 1.9, 2.5};
    family(XRD_CLUSTER_SPHERE, d, NULL);
}

static void test_cuboctahedra(void)
{
    const int n[MEMBERS] = {1, 2, 3, 4};
    family(XRD_CLUSTER_CUBOCTAHEDRON, NULL, n);
}

static void test_bad_group(void)
{
    xrd_cluster *c = unit_cluster(XRD_CLUSTER_SPHERE, 1.0, 0);
    ASSERT(c);
    int *group = calloc(c->n, sizeof(int));
    ASSERT(group);
    group[c->n - 1] = 7;
    xrd_debye_hist *h[2];
    xrd_error e;
    xrd_error_clear(&e);
    ASSERT(xrdi_debye_hist_nested(c, group, 2, 0.002, 2, h, &e) == XRD_ERR_INVALID);
    ASSERT(h[0] == NULL && h[1] == NULL && strstr(e.message, "group 7"));
    free(group);
    xrd_cluster_free(c);
}

int main(void)
{
    RUN(test_spheres);
    RUN(test_cuboctahedra);
    RUN(test_bad_group);
    TH_EXIT();
}
