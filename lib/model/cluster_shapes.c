/* Cluster geometry: spheres cut from any lattice, and of fcc phases the
 * cuboctahedron, the Mackay icosahedron, the sphere twinned on a {111}
 * plane through its centre and the sphere of (111) layers with random
 * deformation faults (docs/debye.md); decahedra in cluster_decahedron.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/cluster_internal.h"

xrd_status xrdi_geom_push(xrdi_geom *g, double x, double y, double z, int site,
                          size_t max_atoms, xrd_error *err)
{
    if (g->n == max_atoms)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "the cluster would have more than %zu atoms (the bound; the "
                             "pair sum grows as N^2): choose a smaller size", max_atoms);
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 1024;
        double *nx = realloc(g->xyz, 3 * cap * sizeof(double));
        if (nx)
            g->xyz = nx;
        int *ns = nx ? realloc(g->site, cap * sizeof(int)) : NULL;
        if (!nx || !ns)
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for %zu atoms",
                                 cap);
        g->site = ns;
        g->cap = cap;
    }
    g->xyz[3 * g->n] = x;
    g->xyz[3 * g->n + 1] = y;
    g->xyz[3 * g->n + 2] = z;
    g->site[g->n] = site;
    g->n++;
    return XRD_OK;
}

/* Cartesian cell vectors (rows: a, b, c; a along x, b in the xy plane). */
static void cell_matrix(const xrd_cell *c, double m[3][3])
{
    double ca = cos(c->alpha * M_PI / 180), cb = cos(c->beta * M_PI / 180),
           cg = cos(c->gamma * M_PI / 180), sg = sin(c->gamma * M_PI / 180);
    double cy = (ca - cb * cg) / sg;
    double cz = sqrt(fmax(0.0, 1.0 - cb * cb - cy * cy));
    double v[3][3] = {{c->a, 0, 0}, {c->b * cg, c->b * sg, 0}, {c->c * cb, c->c * cy, c->c * cz}};
    memcpy(m, v, sizeof v);
}

xrd_status xrdi_geom_sphere(const xrd_cell *cell, const xrdi_sites *s, double radius_A,
                            size_t max_atoms, xrdi_geom *g, xrd_error *err)
{
    double m[3][3];
    cell_matrix(cell, m);
    double vol = xrd_cell_volume(cell);
    double estimate = 4.0 / 3.0 * M_PI * radius_A * radius_A * radius_A / vol * s->n_pos;
    if (estimate > 1.05 * (double)max_atoms + 100)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "a sphere of %g nm holds about %.0f atoms, more than the bound of "
                             "%zu (the pair sum grows as N^2): choose a smaller size",
                             0.2 * radius_A, estimate, max_atoms);
    /* the cell range: |n_i| <= R |row i of the inverse| + 1 */
    double h[3];
    for (int i = 0; i < 3; i++) {
        /* |reciprocal vector i| = |a_j x a_k| / V */
        const double *p = m[(i + 1) % 3], *q = m[(i + 2) % 3];
        double cx = p[1] * q[2] - p[2] * q[1], cyy = p[2] * q[0] - p[0] * q[2],
               czz = p[0] * q[1] - p[1] * q[0];
        h[i] = sqrt(cx * cx + cyy * cyy + czz * czz) / vol;
    }
    int lim[3];
    for (int i = 0; i < 3; i++)
        lim[i] = (int)ceil(radius_A * h[i]) + 1;
    double r2max = radius_A * radius_A * (1.0 + 1e-12);
    for (int i = -lim[0]; i <= lim[0]; i++)
        for (int j = -lim[1]; j <= lim[1]; j++)
            for (int k = -lim[2]; k <= lim[2]; k++)
                for (int p = 0; p < s->n_pos; p++) {
                    double f[3] = {i + s->frac[p][0], j + s->frac[p][1], k + s->frac[p][2]};
                    double r[3];
                    for (int d = 0; d < 3; d++)
                        r[d] = f[0] * m[0][d] + f[1] * m[1][d] + f[2] * m[2][d];
                    if (r[0] * r[0] + r[1] * r[1] + r[2] * r[2] > r2max)
                        continue;
                    xrd_status st = xrdi_geom_push(g, r[0], r[1], r[2], p, max_atoms, err);
                    if (st != XRD_OK)
                        return st;
                }
    /* nearest-neighbour distance: from the atom nearest the centre */
    size_t c0 = 0;
    double best = INFINITY;
    for (size_t i = 0; i < g->n; i++) {
        const double *r = &g->xyz[3 * i];
        double rr = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
        if (rr < best)
            best = rr, c0 = i;
    }
    double nn = INFINITY;
    for (size_t i = 0; i < g->n; i++) {
        if (i == c0)
            continue;
        double dx = g->xyz[3 * i] - g->xyz[3 * c0], dy = g->xyz[3 * i + 1] - g->xyz[3 * c0 + 1],
               dz = g->xyz[3 * i + 2] - g->xyz[3 * c0 + 2];
        double d = dx * dx + dy * dy + dz * dz;
        if (d < nn)
            nn = d;
    }
    g->nn_A = isfinite(nn) ? sqrt(nn) : 0.0;
    return XRD_OK;
}

/* Atoms of an n-shell cuboctahedron or icosahedron (both 13, 55, 147, ...). */
static double magic(int n)
{
    return (10.0 * n * n * n + 15.0 * n * n + 11.0 * n + 3.0) / 3.0;
}

/* fcc points (i, j, k integers, i + j + k even, in units a/2) with |coordinates| <= n
 * and |i| + |j| + |k| <= 2 n: the cuboctahedron of n shells; without the
 * second bound (cube) the cube of edge n a. */
static xrd_status cuboctahedron(double a, int n, int cube, size_t max_atoms, xrdi_geom *g,
                                xrd_error *err)
{
    for (int i = -n; i <= n; i++)
        for (int j = -n; j <= n; j++)
            for (int k = -n; k <= n; k++) {
                if (((i + j + k) & 1) || (!cube && abs(i) + abs(j) + abs(k) > 2 * n))
                    continue;
                xrd_status st = xrdi_geom_push(g, 0.5 * a * i, 0.5 * a * j, 0.5 * a * k, 0,
                                          max_atoms, err);
                if (st != XRD_OK)
                    return st;
            }
    return XRD_OK;
}

/* Mackay icosahedron: shell k (1..n) is the icosahedron of edge k d_t with its
 * edges divided into k and its faces filled (10 k^2 + 2 atoms). The radial
 * spacing is d_t sin(2 pi / 5) = 0.951 d_t; d_t is chosen so that the mean of
 * the radial and tangential nearest-neighbour distances is nn. */
static xrd_status icosahedron(double nn, int n, size_t max_atoms, xrdi_geom *g,
                              xrd_error *err)
{
    const double phi = 0.5 * (1.0 + sqrt(5.0));
    double v[12][3];
    int nv = 0;
    for (int s1 = -1; s1 <= 1; s1 += 2)
        for (int s2 = -1; s2 <= 1; s2 += 2) {
            double p[3][3] = {{0, s1, s2 * phi}, {s1, s2 * phi, 0}, {s2 * phi, 0, s1}};
            for (int c = 0; c < 3; c++, nv++)
                memcpy(v[nv], p[c], sizeof p[c]);
        }
    /* unit icosahedron edge 2, circumradius sqrt(1 + phi^2) */
    double ratio = sqrt(1.0 + phi * phi) / 2.0; /* circumradius / edge = 0.9511 */
    double dt = 2.0 * nn / (1.0 + ratio);
    int edges[30][2], ne = 0, faces[20][3], nf = 0;
    for (int i = 0; i < 12; i++)
        for (int j = i + 1; j < 12; j++) {
            double d2 = 0;
            for (int c = 0; c < 3; c++)
                d2 += (v[i][c] - v[j][c]) * (v[i][c] - v[j][c]);
            if (fabs(d2 - 4.0) > 1e-9)
                continue;
            if (ne < 30)
                edges[ne][0] = i, edges[ne][1] = j, ne++;
            for (int k = j + 1; k < 12; k++) {
                double e1 = 0, e2 = 0;
                for (int c = 0; c < 3; c++) {
                    e1 += (v[i][c] - v[k][c]) * (v[i][c] - v[k][c]);
                    e2 += (v[j][c] - v[k][c]) * (v[j][c] - v[k][c]);
                }
                if (fabs(e1 - 4.0) < 1e-9 && fabs(e2 - 4.0) < 1e-9 && nf < 20)
                    faces[nf][0] = i, faces[nf][1] = j, faces[nf][2] = k, nf++;
            }
        }
    xrd_status st = xrdi_geom_push(g, 0, 0, 0, 0, max_atoms, err);
    for (int k = 1; k <= n && st == XRD_OK; k++) {
        double sc = 0.5 * k * dt; /* unit edge 2 -> k d_t */
        for (int i = 0; i < 12 && st == XRD_OK; i++)
            st = xrdi_geom_push(g, sc * v[i][0], sc * v[i][1], sc * v[i][2], 0, max_atoms, err);
        for (int e = 0; e < ne && st == XRD_OK; e++)
            for (int t = 1; t < k && st == XRD_OK; t++) {
                double u = (double)t / k, p[3];
                for (int c = 0; c < 3; c++)
                    p[c] = sc * (v[edges[e][0]][c] + u * (v[edges[e][1]][c] - v[edges[e][0]][c]));
                st = xrdi_geom_push(g, p[0], p[1], p[2], 0, max_atoms, err);
            }
        for (int f = 0; f < nf && st == XRD_OK; f++)
            for (int i = 1; i < k && st == XRD_OK; i++)
                for (int j = 1; i + j < k && st == XRD_OK; j++) {
                    const double *A = v[faces[f][0]], *B = v[faces[f][1]], *C = v[faces[f][2]];
                    double p[3];
                    for (int c = 0; c < 3; c++)
                        p[c] = sc * (A[c] + (double)i / k * (B[c] - A[c]) +
                                     (double)j / k * (C[c] - A[c]));
                    st = xrdi_geom_push(g, p[0], p[1], p[2], 0, max_atoms, err);
                }
    }
    return st;
}

/* An fcc sphere's atoms (4 per cell) against the bound, before it is built. */
static xrd_status fcc_sphere_bound(double a, double radius_A, size_t max_atoms, xrd_error *err)
{
    double estimate = 4.0 / 3.0 * M_PI * pow(radius_A, 3) / (a * a * a / 4.0);
    if (estimate > 1.05 * (double)max_atoms + 100)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "a sphere of %g nm holds about %.0f atoms, more than the bound of "
                             "%zu (the pair sum grows as N^2): choose a smaller size",
                             0.2 * radius_A, estimate, max_atoms);
    return XRD_OK;
}

/* fcc sphere twinned on the (111) plane through the central atom: the half with
 * r.n >= 0 (n = [111]/sqrt 3) and its mirror image through the plane. */
static xrd_status twinned_sphere(double a, double radius_A, size_t max_atoms, xrdi_geom *g,
                                 xrd_error *err)
{
    xrd_status bound = fcc_sphere_bound(a, radius_A, max_atoms, err);
    if (bound != XRD_OK)
        return bound;
    int lim = (int)ceil(2.0 * radius_A / a) + 1;
    double r2max = radius_A * radius_A * (1.0 + 1e-12), inv = 1.0 / sqrt(3.0);
    xrd_status st = XRD_OK;
    for (int i = -lim; i <= lim && st == XRD_OK; i++)
        for (int j = -lim; j <= lim && st == XRD_OK; j++)
            for (int k = -lim; k <= lim && st == XRD_OK; k++) {
                if ((i + j + k) & 1)
                    continue;
                double x = 0.5 * a * i, y = 0.5 * a * j, z = 0.5 * a * k;
                if (x * x + y * y + z * z > r2max || i + j + k < 0)
                    continue;
                st = xrdi_geom_push(g, x, y, z, 0, max_atoms, err);
                if (st != XRD_OK || i + j + k == 0)
                    continue;
                double h = (x + y + z) * inv; /* height above the twin plane */
                st = xrdi_geom_push(g, x - 2 * h * inv, y - 2 * h * inv, z - 2 * h * inv, 0,
                               max_atoms, err);
            }
    return st;
}

/* fcc sphere of close-packed (111) layers at spacing a / sqrt 3, each layer a
 * triangular net of spacing a / sqrt 2 offset by k (b1 + b2) / 3 (k = 0, 1, 2:
 * A, B, C). Perfect fcc steps k by +1 from layer to layer; an intrinsic
 * (deformation) fault is one step of -1 (...ABCA|CABC...), drawn for every
 * layer with probability alpha (Warren's alpha); a twin fault reverses the
 * sense of the steps from that layer on (...ABCA|CBA..., Warren's beta); both
 * drawn upwards and downwards from the central layer, whose atom at the origin
 * is the centre. */
static xrd_status faulted_sphere(double a, double radius_A, double alpha, double beta,
                                 unsigned long seed, size_t max_atoms, xrdi_geom *g,
                                 xrd_error *err)
{
    xrd_status bound = fcc_sphere_bound(a, radius_A, max_atoms, err);
    if (bound != XRD_OK)
        return bound;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    gsl_rng_set(r, seed * 2654435761UL + 12345UL);
    double nn = a / sqrt(2.0), d = a / sqrt(3.0);
    /* e1, e2 in the layer, e3 its normal; b1 = nn e1, b2 = nn (e1 / 2 + sqrt 3 e2 / 2) */
    const double b1[2] = {nn, 0.0}, b2[2] = {0.5 * nn, 0.5 * sqrt(3.0) * nn};
    const double sh[2] = {(b1[0] + b2[0]) / 3.0, (b1[1] + b2[1]) / 3.0};
    int nl = (int)ceil(radius_A / d) + 1, m = (int)ceil(2.0 * radius_A / nn) + 2;
    int *k = malloc((size_t)(2 * nl + 1) * sizeof(int));
    if (!k) {
        gsl_rng_free(r);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    k[nl] = 0;
    int sense_up = 1, sense_down = 1;
    for (int n = 1; n <= nl; n++) {
        int tu = beta > 0 && gsl_rng_uniform(r) < beta, td = beta > 0 && gsl_rng_uniform(r) < beta;
        sense_up = tu ? -sense_up : sense_up;
        sense_down = td ? -sense_down : sense_down;
        int fu = gsl_rng_uniform(r) < alpha, fd = gsl_rng_uniform(r) < alpha;
        int up = fu ? -sense_up : sense_up, down = fd ? -sense_down : sense_down;
        if (n * d <= radius_A) { /* steps onto layers that hold atoms */
            g->n_faults += fu + fd;
            g->n_twins += tu + td;
            g->n_steps += 2;
        }
        k[nl + n] = (k[nl + n - 1] + up + 3) % 3;
        k[nl - n] = (k[nl - n + 1] - down + 3) % 3;
    }
    gsl_rng_free(r);
    double r2max = radius_A * radius_A * (1.0 + 1e-12);
    xrd_status st = XRD_OK;
    for (int n = -nl; n <= nl && st == XRD_OK; n++) {
        double z = n * d, ox = k[nl + n] * sh[0], oy = k[nl + n] * sh[1];
        for (int i = -m; i <= m && st == XRD_OK; i++)
            for (int j = -m; j <= m && st == XRD_OK; j++) {
                double x = ox + i * b1[0] + j * b2[0], y = oy + i * b1[1] + j * b2[1];
                if (x * x + y * y + z * z <= r2max)
                    st = xrdi_geom_push(g, x, y, z, 0, max_atoms, err);
            }
    }
    free(k);
    return st;
}

xrd_status xrdi_geom_fcc_shape(const xrd_phase *ph, const xrd_cell *cell, const xrdi_sites *s,
                               const xrd_cluster_options *o, size_t max_atoms, xrdi_geom *g,
                               xrd_error *err)
{
    if (ph->sg.number != 225 || s->n_pos != 4)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "a %s is built of an fcc lattice (Fm-3m, one atom per lattice "
                             "point); phase %s is %s with %d positions per cell: use the "
                             "sphere",
                             xrd_cluster_shape_name(o->shape), ph->name, ph->sg.symbol,
                             s->n_pos);
    double a = cell->a, nn = a / sqrt(2.0);
    g->nn_A = nn;
    if (o->shape == XRD_CLUSTER_TWINNED_SPHERE)
        return twinned_sphere(a, 5.0 * o->size_nm, max_atoms, g, err);
    if (o->shape == XRD_CLUSTER_FAULTED_SPHERE)
        return faulted_sphere(a, 5.0 * o->size_nm, o->fault_alpha, o->twin_beta, o->seed,
                              max_atoms, g, err);
    if (o->shape == XRD_CLUSTER_CUBE) { /* fcc points with |i|, |j|, |k| <= n (a / 2) */
        int n = o->shells > 0 ? o->shells : (int)lround(10.0 * o->size_nm / a);
        n = n < 1 ? 1 : n;
        double atoms = (pow(2.0 * n + 1.0, 3) + 1.0) / 2.0;
        if (atoms > (double)max_atoms)
            return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                                 "a cube of edge %d a has %.0f atoms, more than the bound of "
                                 "%zu: choose a smaller size", n, atoms, max_atoms);
        g->shells = n;
        return cuboctahedron(a, n, 1, max_atoms, g, err);
    }
    /* shells n: vertex-to-vertex 2 n nn, diameter 2 n nn + nn; a decahedron's
     * edge n nn, vertex-to-vertex about sqrt(3) n nn */
    int deca = o->shape == XRD_CLUSTER_DECAHEDRON;
    int n = o->shells;
    if (n == 0) {
        n = (int)lround((10.0 * o->size_nm - nn) / ((deca ? sqrt(3.0) : 2.0) * nn));
        if (n < 1)
            n = 1;
    }
    g->shells = n;
    if (deca) /* at most the regular decahedron's (5 n^3 + 15 n^2 + 16 n + 6) / 6 */
        return (5.0 * n * n * n + 15.0 * n * n + 16.0 * n + 6.0) / 6.0 > 4.0 * (double)max_atoms
                   ? xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                                   "a decahedron of edge %d has far more atoms than the bound "
                                   "of %zu: choose a smaller size", n, max_atoms)
                   : xrdi_geom_decahedron(a, n, o->ino_truncation, o->marks_reentrance,
                                          max_atoms, g, err);
    if (magic(n) > (double)max_atoms)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "a %s of %d shells has %.0f atoms, more than the bound of %zu "
                             "(the pair sum grows as N^2): choose a smaller size",
                             xrd_cluster_shape_name(o->shape), n, magic(n), max_atoms);
    g->shells = n;
    if (o->shape == XRD_CLUSTER_CUBOCTAHEDRON)
        return cuboctahedron(a, n, 0, max_atoms, g, err);
    return icosahedron(nn, n, max_atoms, g, err);
}
