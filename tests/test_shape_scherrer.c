/* Scherrer constants of crystal shapes (xrd_scherrer_k_shape) against
 * Langford & Wilson (1978): the cube's K_beta of 100, 110, 111 (1, 1.0607,
 * 1.1547 for the edge), the sphere's 4/3 (diameter); the same K for equivalent
 * reflections; the octahedron's and tetrahedron's 100 against their closed forms
 * (sqrt 2 and 2 sqrt 2 for the edge: the mean thickness normal to a 4-fold axis);
 * errors for 000 and an unknown shape. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

static double K(xrd_crystal_shape s, int h, int k, int l)
{
    double v = NAN;
    if (xrd_scherrer_k_shape(s, h, k, l, &v, NULL) != XRD_OK)
        return NAN;
    return v;
}

static void test_cube_and_sphere(void)
{
    ASSERT_NEAR(K(XRD_SHAPE_CUBE, 1, 0, 0), 1.0, 2e-4);
    ASSERT_NEAR(K(XRD_SHAPE_CUBE, 2, 2, 0), 1.0607, 2e-4);
    ASSERT_NEAR(K(XRD_SHAPE_CUBE, 1, 1, 1), 1.1547, 2e-4);
    ASSERT_NEAR(K(XRD_SHAPE_SPHERE, 3, 1, 1), 4.0 / 3.0, 1e-12);
}

static void test_equivalent_reflections(void)
{
    xrd_crystal_shape s[3] = {XRD_SHAPE_CUBE, XRD_SHAPE_OCTAHEDRON, XRD_SHAPE_TETRAHEDRON};
    for (int i = 0; i < 3; i++) {
        double a = K(s[i], 3, 1, 1), b = K(s[i], 1, -3, 1), c = K(s[i], -1, -1, -3);
        ASSERT_MSG(fabs(a - b) < 2e-4 && fabs(a - c) < 2e-4, "%s: 311 %.5f, 1-31 %.5f, "
                   "-1-1-3 %.5f", xrd_crystal_shape_name(s[i]), a, b, c);
    }
}

static void test_closed_forms(void)
{
    ASSERT_NEAR(K(XRD_SHAPE_OCTAHEDRON, 0, 0, 2), sqrt(2.0), 2e-4);
    ASSERT_NEAR(K(XRD_SHAPE_TETRAHEDRON, 2, 0, 0), 2.0 * sqrt(2.0), 4e-4);
}

static void test_errors(void)
{
    double v;
    xrd_error e;
    xrd_error_clear(&e);
    ASSERT(xrd_scherrer_k_shape(XRD_SHAPE_CUBE, 0, 0, 0, &v, &e) == XRD_ERR_INVALID);
    ASSERT(xrd_scherrer_k_shape((xrd_crystal_shape)42, 1, 1, 1, &v, &e) == XRD_ERR_INVALID);
    xrd_crystal_shape s;
    ASSERT(xrd_crystal_shape_parse("Octahedron", &s) == 0 && s == XRD_SHAPE_OCTAHEDRON);
    ASSERT(xrd_crystal_shape_parse("pyramid", &s) == -1);
}

int main(void)
{
    RUN(test_cube_and_sphere);
    RUN(test_equivalent_reflections);
    RUN(test_closed_forms);
    RUN(test_errors);
    TH_EXIT();
}
