/* Decahedra of an fcc lattice: five tetrahedral units sharing a <110> edge
 * (the five-fold axis), each twinned on the {111} planes it shares with its
 * neighbours. One unit is the fcc wedge between (111) and (11-1) about
 * [1-10] (70.53 deg), bounded by (1-11) and (-111) (the regular decahedron,
 * edge n nearest-neighbour distances), optionally by (001) at (1 - t) of the
 * unit's depth (Ino's truncation, {100} facets parallel to the axis) and by
 * {111} planes parallel to the twin planes at (1 - r) of the height over the
 * other twin plane that the truncation leaves (Marks' re-entrant notches at
 * the twin boundaries). The 7.35 deg that five
 * units leave open are closed by a homogeneous strain of each unit in the plane
 * normal to the axis, mapping its wedge of 70.53 deg onto 72 deg (the twin
 * plane's directions stay, the nearest-neighbour distances across the wedge
 * stretch by up to ~2 %). Unrelaxed: no potential.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "model/cluster_internal.h"

static double dot(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

xrd_status xrdi_geom_decahedron(double a, int n, double truncation, double reentrance,
                                size_t max_atoms, xrdi_geom *g, xrd_error *err)
{
    const double s2 = sqrt(2.0), s3 = sqrt(3.0), s6 = sqrt(6.0), eps = 1e-6;
    double nn = a / s2, L = n * nn;
    /* unit vectors in cube coordinates */
    const double ez[3] = {1 / s2, -1 / s2, 0}, w[3] = {0, 0, 1};
    const double n1[3] = {1 / s3, 1 / s3, 1 / s3}, n2[3] = {1 / s3, 1 / s3, -1 / s3};
    const double n3[3] = {1 / s3, -1 / s3, 1 / s3}, n4[3] = {-1 / s3, 1 / s3, 1 / s3};
    /* the twin planes' in-plane directions into the wedge: u1 on plane 1, u2 on 2 */
    const double u1[3] = {-1 / s6, -1 / s6, 2 / s6}, u2[3] = {1 / s6, 1 / s6, 2 / s6};
    double depth = (1.0 - truncation) * L / s2 + eps;       /* (001) */
    /* Marks: a share r of what the truncation leaves of the height over a twin plane */
    double height = (1.0 - truncation) * (1.0 - reentrance) * L * sqrt(2.0 / 3.0) + eps;
    double top = 2.0 * L / s6 + eps;
    /* oblique coordinates: q = alpha u1 + beta u2, alpha from the distance to
     * plane 2, beta from the distance to plane 1 */
    double u1_to_2 = -dot(u1, n2), u2_to_1 = dot(u2, n1);
    /* the strained frame: u1 along x, u2 rotated to 72 deg */
    const double phi = 2.0 * M_PI / 5.0;
    /* |i|, |j| <= L / (a/2) ~ 1.41 n; k >= 0 in the wedge (d1 + d2 = k a / sqrt 3) */
    int m = (int)(1.5 * n) + 2;
    xrd_status st = XRD_OK;
    for (int i = -m; i <= m && st == XRD_OK; i++)
        for (int j = -m; j <= m && st == XRD_OK; j++)
            for (int k = 0; k <= m && st == XRD_OK; k++) {
                if ((i + j + k) & 1)
                    continue;
                double p[3] = {0.5 * a * i, 0.5 * a * j, 0.5 * a * k};
                double d1 = dot(p, n1), d2 = -dot(p, n2), z = dot(p, ez) - 0.5 * L;
                if (d1 < -eps || d2 < -eps || dot(p, n3) > top || dot(p, n4) > eps ||
                    dot(p, w) > depth || d1 > height || d2 > height)
                    continue;
                if (d1 < eps && d2 < eps) { /* the axis, once */
                    st = xrdi_geom_push(g, 0, 0, z, 0, max_atoms, err);
                    continue;
                }
                if (d1 < eps) /* plane 1: the previous unit's plane 2 */
                    continue;
                double al = d2 / u1_to_2, be = d1 / u2_to_1;
                double x = al + be * cos(phi), y = be * sin(phi);
                for (int unit = 0; unit < 5 && st == XRD_OK; unit++) {
                    double c = cos(phi * unit), s = sin(phi * unit);
                    st = xrdi_geom_push(g, c * x - s * y, s * x + c * y, z, 0, max_atoms, err);
                }
            }
    return st;
}
