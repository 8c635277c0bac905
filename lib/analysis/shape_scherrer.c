/* Scherrer constants of crystal shapes: for the integral breadth, 1/beta =
 * cos(theta)/lambda x the volume-weighted mean thickness of the crystal normal
 * to the reflecting planes (Stokes & Wilson 1944; Langford & Wilson 1978 tabulate
 * them), Lv = int t^2 dA / int t dA over the crystal's projection along the
 * normal, t the chord. The chords of a convex polyhedron (its faces as
 * half-spaces) are clipped on a grid of the projection; K = size / Lv.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "xrdfit/xrdfit.h"

#define GRID 1200

static const char *const NAMES[] = {"none", "sphere", "cube", "octahedron", "tetrahedron"};

const char *xrd_crystal_shape_name(xrd_crystal_shape s)
{
    return (unsigned)s < sizeof NAMES / sizeof NAMES[0] ? NAMES[s] : "?";
}

int xrd_crystal_shape_parse(const char *name, xrd_crystal_shape *s)
{
    for (size_t i = 1; name && i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (!strcasecmp(name, NAMES[i])) {
            *s = (xrd_crystal_shape)i;
            return 0;
        }
    return -1;
}

/* Lv along unit u of the polyhedron {x: n_f . x <= d_f}, within radius R. */
static double mean_thickness(const double (*n)[3], const double *d, int nf, const double *u,
                             double R)
{
    double a[3] = {1, 0, 0}, e1[3], e2[3];
    if (fabs(u[0]) > 0.9) {
        a[0] = 0;
        a[1] = 1;
    }
    e1[0] = a[1] * u[2] - a[2] * u[1];
    e1[1] = a[2] * u[0] - a[0] * u[2];
    e1[2] = a[0] * u[1] - a[1] * u[0];
    double m = sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
    for (int i = 0; i < 3; i++)
        e1[i] /= m;
    e2[0] = u[1] * e1[2] - u[2] * e1[1];
    e2[1] = u[2] * e1[0] - u[0] * e1[2];
    e2[2] = u[0] * e1[1] - u[1] * e1[0];
    double s1 = 0, s2 = 0;
    for (int i = 0; i < GRID; i++)
        for (int j = 0; j < GRID; j++) {
            double x = R * (2.0 * (i + 0.5) / GRID - 1.0), y = R * (2.0 * (j + 0.5) / GRID - 1.0);
            double lo = -INFINITY, hi = INFINITY;
            for (int f = 0; f < nf && hi > lo; f++) {
                double nu = n[f][0] * u[0] + n[f][1] * u[1] + n[f][2] * u[2];
                double np = x * (n[f][0] * e1[0] + n[f][1] * e1[1] + n[f][2] * e1[2]) +
                            y * (n[f][0] * e2[0] + n[f][1] * e2[1] + n[f][2] * e2[2]);
                if (fabs(nu) < 1e-14) {
                    if (np > d[f])
                        hi = lo;
                    continue;
                }
                double t = (d[f] - np) / nu;
                if (nu > 0)
                    hi = t < hi ? t : hi;
                else
                    lo = t > lo ? t : lo;
            }
            if (hi > lo) {
                s1 += hi - lo;
                s2 += (hi - lo) * (hi - lo);
            }
        }
    return s1 > 0 ? s2 / s1 : NAN;
}

xrd_status xrd_scherrer_k_shape(xrd_crystal_shape s, int h, int k, int l, double *K,
                                xrd_error *err)
{
    double len = sqrt((double)h * h + (double)k * k + (double)l * l);
    if (!(len > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "a Scherrer constant needs hkl "
                                                            "other than 000");
    double u[3] = {h / len, k / len, l / len}, n[8][3], d[8];
    int nf = 0;
    double R = 1.0;
    if (s == XRD_SHAPE_SPHERE) {
        *K = 4.0 / 3.0; /* Lv = 3 D / 4 */
        return XRD_OK;
    } else if (s == XRD_SHAPE_CUBE) { /* edge 1 */
        for (int a = 0; a < 3; a++)
            for (int sg = -1; sg <= 1; sg += 2) {
                memset(n[nf], 0, sizeof n[nf]);
                n[nf][a] = sg;
                d[nf++] = 0.5;
            }
    } else if (s == XRD_SHAPE_OCTAHEDRON) { /* edge 1: vertices at 1/sqrt 2 */
        for (int a = -1; a <= 1; a += 2)
            for (int b = -1; b <= 1; b += 2)
                for (int c = -1; c <= 1; c += 2) {
                    n[nf][0] = a / sqrt(3.0);
                    n[nf][1] = b / sqrt(3.0);
                    n[nf][2] = c / sqrt(3.0);
                    d[nf++] = 1.0 / sqrt(6.0);
                }
    } else if (s == XRD_SHAPE_TETRAHEDRON) { /* vertices (1,1,1) ... / (2 sqrt 2): edge 1 */
        const int v[4][3] = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
        for (int f = 0; f < 4; f++) {
            for (int a = 0; a < 3; a++)
                n[nf][a] = -v[f][a] / sqrt(3.0);
            d[nf++] = 1.0 / (sqrt(3.0) * 2.0 * sqrt(2.0));
        }
    } else {
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "unknown crystal shape %d", (int)s);
    }
    double lv = mean_thickness((const double(*)[3])n, d, nf, u, R);
    if (!(lv > 0))
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the shape's thickness is zero");
    *K = 1.0 / lv;
    return XRD_OK;
}
