/* Space-group operations: building the list (coset representatives and
 * lattice translations), systematic absences derived from the operations,
 * orbits of positions, and the cell metric each lattice imposes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "crystal/symmetry_internal.h"

#include "core/numparse.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

xrd_crystal_system xrdi_sg_system_of(int number)
{
    if (number <= 2)
        return XRD_SYS_TRICLINIC;
    if (number <= 15)
        return XRD_SYS_MONOCLINIC;
    if (number <= 74)
        return XRD_SYS_ORTHORHOMBIC;
    if (number <= 142)
        return XRD_SYS_TETRAGONAL;
    if (number <= 167)
        return XRD_SYS_TRIGONAL;
    if (number <= 194)
        return XRD_SYS_HEXAGONAL;
    return XRD_SYS_CUBIC;
}

static double wrap1(double v)
{
    v -= floor(v);
    if (v > 1.0 - 1e-9)
        v = 0.0;
    return v;
}

/* Fraction t in 24ths, or -1 when it is no multiple of 1/24. */
static int to24(double t)
{
    double w = wrap1(t) * 24.0, r = floor(w + 0.5);
    if (fabs(w - r) > 1e-4)
        return -1;
    return (int)r % 24;
}

static int is_identity(const int r[9])
{
    static const int id[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    return !memcmp(r, id, sizeof id);
}

static int det3(const int r[9])
{
    return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) +
           r[2] * (r[3] * r[7] - r[4] * r[6]);
}

xrd_status xrdi_sg_set_operations(xrd_spacegroup *sg, const int rot[][9], const double tr[][3],
                                  int n, xrd_error *err)
{
    sg->n_ops = 0;
    sg->n_centring = 0;
    for (int i = 0; i < n; i++) {
        int t[3];
        for (int j = 0; j < 3; j++)
            if ((t[j] = to24(tr[i][j])) < 0)
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "symmetry operation %d: translation %g is not a multiple "
                                     "of 1/24 (no space-group operation has one)",
                                     i + 1, tr[i][j]);
        int d = det3(rot[i]);
        for (int j = 0; j < 9; j++)
            if (abs(rot[i][j]) > 1 && d != 0)
                d = 0;
        if (d != 1 && d != -1)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "symmetry operation %d: its rotation part is not a "
                                 "crystallographic rotation (determinant %d)", i + 1, d);
        if (is_identity(rot[i])) {
            int dup = 0;
            for (int c = 0; c < sg->n_centring && !dup; c++)
                dup = sg->centring_t24[c][0] == t[0] && sg->centring_t24[c][1] == t[1] &&
                      sg->centring_t24[c][2] == t[2];
            if (dup)
                continue;
            if (sg->n_centring == XRD_SG_MAX_CENTRING)
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "more than %d lattice translations among the symmetry "
                                     "operations: not a conventional cell",
                                     XRD_SG_MAX_CENTRING);
            for (int j = 0; j < 3; j++)
                sg->centring_t24[sg->n_centring][j] = (signed char)t[j];
            sg->n_centring++;
        }
        int seen = 0;
        for (int o = 0; o < sg->n_ops && !seen; o++) {
            seen = 1;
            for (int j = 0; j < 9 && seen; j++)
                seen = sg->ops[o].r[j] == rot[i][j];
        }
        if (seen)
            continue;
        if (sg->n_ops == XRD_SG_MAX_OPS)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "more than %d distinct rotations among the symmetry "
                                 "operations: not a space group", XRD_SG_MAX_OPS);
        xrd_symop *op = &sg->ops[sg->n_ops++];
        for (int j = 0; j < 9; j++)
            op->r[j] = (signed char)rot[i][j];
        for (int j = 0; j < 3; j++)
            op->t24[j] = (signed char)t[j];
    }
    if (sg->n_centring == 0 || sg->n_ops == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the symmetry operations lack the identity x,y,z");
    /* lattice letter from the centring vectors (in 24ths: 12 = 1/2, 8 = 1/3) */
    sg->centring = 'P';
    if (sg->n_centring == 4)
        sg->centring = 'F';
    else if (sg->n_centring == 3)
        sg->centring = 'R';
    else if (sg->n_centring == 2) {
        const signed char *v = sg->centring_t24[1];
        if (v[0] == 12 && v[1] == 12 && v[2] == 12)
            sg->centring = 'I';
        else if (v[0] == 0)
            sg->centring = 'A';
        else if (v[1] == 0)
            sg->centring = 'B';
        else if (v[2] == 0)
            sg->centring = 'C';
    }
    sg->system = xrdi_sg_system_of(sg->number);
    sg->rhombohedral_axes = sg->system == XRD_SYS_TRIGONAL && sg->symbol[0] == 'R' &&
                            sg->n_centring == 1;
    /* monoclinic unique axis: the axis whose diagonal sign differs from the
     * other two in the 2-fold or mirror */
    sg->unique_axis = 0;
    for (int o = 0; o < sg->n_ops && sg->system == XRD_SYS_MONOCLINIC; o++) {
        const signed char *r = sg->ops[o].r;
        if (r[1] || r[2] || r[3] || r[5] || r[6] || r[7])
            continue;
        if (r[0] == r[4] && r[4] != r[8])
            sg->unique_axis = 'c';
        else if (r[0] == r[8] && r[0] != r[4])
            sg->unique_axis = 'b';
        else if (r[4] == r[8] && r[0] != r[4])
            sg->unique_axis = 'a';
    }
    if (sg->system == XRD_SYS_MONOCLINIC && !sg->unique_axis)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "monoclinic operations without a 2-fold axis or mirror along a "
                             "cell edge");
    return XRD_OK;
}

/* ---- parsing and closure --------------------------------------------- */

int xrdi_symop_parse(const char *s, int rot[9], double t[3])
{
    memset(rot, 0, 9 * sizeof *rot);
    t[0] = t[1] = t[2] = 0.0;
    int row = 0;
    const char *p = s;
    while (isspace((unsigned char)*p) || *p == '\'' || *p == '"')
        p++;
    for (;;) {
        int sign = 1, any = 0;
        for (;;) { /* terms of one row */
            while (isspace((unsigned char)*p))
                p++;
            if (*p == '+' || *p == '-') {
                sign = *p == '-' ? -1 : 1;
                p++;
                while (isspace((unsigned char)*p))
                    p++;
            } else if (any) {
                break;
            }
            char c = (char)tolower((unsigned char)*p);
            if (c == 'x' || c == 'y' || c == 'z') {
                if (rot[row * 3 + (c - 'x')])
                    return -1;
                rot[row * 3 + (c - 'x')] = sign;
                p++;
            } else if (isdigit((unsigned char)c) || c == '.') {
                const char *end;
                double v = xrdi_strtod(p, &end);
                if (end == p || !isfinite(v) || v > 24)
                    return -1;
                p = end;
                if (*p == '/') {
                    double w = xrdi_strtod(p + 1, &end);
                    if (end == p + 1 || !(w >= 1) || w > 24)
                        return -1;
                    v /= w;
                    p = end;
                }
                while (isspace((unsigned char)*p))
                    p++;
                if (tolower((unsigned char)*p) == 'x' || tolower((unsigned char)*p) == 'y' ||
                    tolower((unsigned char)*p) == 'z')
                    return -1; /* "2x": no space-group operation */
                t[row] += sign * v;
            } else {
                return -1;
            }
            any = 1;
            sign = 1;
        }
        t[row] = wrap1(t[row]);
        while (isspace((unsigned char)*p) || *p == '\'' || *p == '"')
            p++;
        if (*p == ',') {
            if (++row > 2)
                return -1;
            p++;
            continue;
        }
        return *p == '\0' && row == 2 ? 0 : -1;
    }
}

static int same(const int ra[9], const double ta[3], const int rb[9], const double tb[3])
{
    if (memcmp(ra, rb, 9 * sizeof *ra))
        return 0;
    for (int i = 0; i < 3; i++) {
        double d = fabs(ta[i] - tb[i]);
        if (d > 1e-6 && d < 1.0 - 1e-6)
            return 0;
    }
    return 1;
}

int xrdi_sg_close(int rot[XRDI_MAX_FULL_OPS][9], double tr[XRDI_MAX_FULL_OPS][3], int n)
{
    static const int id[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    static const double zero[3] = {0, 0, 0};
    int have_id = 0;
    for (int i = 0; i < n && !have_id; i++)
        have_id = same(rot[i], tr[i], id, zero);
    if (!have_id) {
        if (n >= XRDI_MAX_FULL_OPS)
            return -1;
        memcpy(rot[n], id, sizeof id);
        tr[n][0] = tr[n][1] = tr[n][2] = 0.0;
        n++;
    }
    /* products of every pair until nothing new arises */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int r[9];
            double t[3];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    int s = 0;
                    for (int c = 0; c < 3; c++)
                        s += rot[i][a * 3 + c] * rot[j][c * 3 + b];
                    r[a * 3 + b] = s;
                }
                double v = tr[i][a];
                for (int c = 0; c < 3; c++)
                    v += rot[i][a * 3 + c] * tr[j][c];
                t[a] = wrap1(v);
            }
            int found = 0;
            for (int k = 0; k < n && !found; k++)
                found = same(rot[k], tr[k], r, t);
            if (found)
                continue;
            if (n >= XRDI_MAX_FULL_OPS)
                return -1;
            memcpy(rot[n], r, sizeof r);
            memcpy(tr[n], t, sizeof t);
            n++;
        }
    return n;
}

/* ---- what the operations imply --------------------------------------- */

int xrd_spacegroup_allows(const xrd_spacegroup *sg, int h, int k, int l)
{
    if (!sg || (h == 0 && k == 0 && l == 0))
        return 0;
    for (int c = 1; c < sg->n_centring; c++) {
        const signed char *v = sg->centring_t24[c];
        if ((h * v[0] + k * v[1] + l * v[2]) % 24 != 0)
            return 0;
    }
    for (int o = 0; o < sg->n_ops; o++) {
        const signed char *r = sg->ops[o].r, *t = sg->ops[o].t24;
        if (!t[0] && !t[1] && !t[2])
            continue; /* no translation: never an absence */
        /* h' = h R (h as a row vector) */
        if (h * r[0] + k * r[3] + l * r[6] != h || h * r[1] + k * r[4] + l * r[7] != k ||
            h * r[2] + k * r[5] + l * r[8] != l)
            continue;
        if ((h * t[0] + k * t[1] + l * t[2]) % 24 != 0)
            return 0;
    }
    return 1;
}

static int near_periodic(double a, double b)
{
    double d = fabs(a - b);
    return d < 1e-6 || d > 1.0 - 1e-6;
}

int xrd_spacegroup_orbit(const xrd_spacegroup *sg, const double xyz[3], double (*out)[3],
                         int cap)
{
    /* distinct images are few (<= 192); keep them on the stack to count
     * past cap */
    double img[XRDI_MAX_FULL_OPS][3];
    int n = 0;
    for (int c = 0; c < sg->n_centring; c++)
        for (int o = 0; o < sg->n_ops; o++) {
            double p[3];
            for (int i = 0; i < 3; i++) {
                double v = (sg->ops[o].t24[i] + sg->centring_t24[c][i]) / 24.0;
                for (int j = 0; j < 3; j++)
                    v += sg->ops[o].r[i * 3 + j] * xyz[j];
                p[i] = wrap1(v);
            }
            int dup = 0;
            for (int q = 0; q < n && !dup; q++)
                dup = near_periodic(img[q][0], p[0]) && near_periodic(img[q][1], p[1]) &&
                      near_periodic(img[q][2], p[2]);
            if (dup || n == XRDI_MAX_FULL_OPS)
                continue;
            memcpy(img[n], p, sizeof p);
            if (out && n < cap)
                memcpy(out[n], p, sizeof p);
            n++;
        }
    return n;
}

unsigned xrd_spacegroup_cell_free(const xrd_spacegroup *sg)
{
    switch (sg->system) {
    case XRD_SYS_TRICLINIC: return 63;
    case XRD_SYS_MONOCLINIC:
        return 7u | (sg->unique_axis == 'a' ? 8u : sg->unique_axis == 'c' ? 32u : 16u);
    case XRD_SYS_ORTHORHOMBIC: return 7;
    case XRD_SYS_TETRAGONAL: return 5;
    case XRD_SYS_TRIGONAL: return sg->rhombohedral_axes ? 9u : 5u;
    case XRD_SYS_HEXAGONAL: return 5;
    case XRD_SYS_CUBIC: return 1;
    }
    return 63;
}

void xrd_spacegroup_constrain_cell(const xrd_spacegroup *sg, xrd_cell *cell)
{
    if (!sg || !cell)
        return;
    if (sg->system == XRD_SYS_TRIGONAL && sg->rhombohedral_axes) {
        cell->b = cell->c = cell->a;
        cell->beta = cell->gamma = cell->alpha;
        return;
    }
    if (sg->system == XRD_SYS_MONOCLINIC && sg->unique_axis && sg->unique_axis != 'b') {
        if (sg->unique_axis == 'c')
            cell->alpha = cell->beta = 90.0;
        else
            cell->beta = cell->gamma = 90.0;
        return;
    }
    xrd_cell_constrain(cell, sg->system);
}
