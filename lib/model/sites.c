/* Space-group operators (generators in the notation of International Tables
 * Vol. A, closed into the full group) and the expansion of a phase's atoms to
 * every position of the unit cell (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/structure.h"

/* A Seitz operator: x' = R x + t (fractional coordinates). */
typedef struct {
    int r[9];
    double t[3];
} symop;

/* Generators of the groups xrdfit expands; centring as pure translations.
 * Fd-3m is origin choice 2 (inversion at the origin, diamond atoms at
 * 1/8,1/8,1/8), as the refdata phases and the `diamond` keyword use. */
typedef struct {
    int number;
    const char *gen[8];
} sg_generators;

static const sg_generators GROUPS[] = {
    {47, {"-x,-y,z", "-x,y,-z", "-x,-y,-z"}},                                        /* Pmmm */
    {69, {"-x,-y,z", "-x,y,-z", "-x,-y,-z", "x,y+1/2,z+1/2", "x+1/2,y,z+1/2"}},        /* Fmmm */
    {71, {"-x,-y,z", "-x,y,-z", "-x,-y,-z", "x+1/2,y+1/2,z+1/2"}},                   /* Immm */
    {123, {"-y,x,z", "x,-y,-z", "-x,-y,-z"}},                                        /* P4/mmm */
    {139, {"-y,x,z", "x,-y,-z", "-x,-y,-z", "x+1/2,y+1/2,z+1/2"}},                   /* I4/mmm */
    {191, {"x-y,x,z", "y,x,-z", "-x,-y,-z"}},                                        /* P6/mmm */
    {194, {"x-y,x,z+1/2", "y,x,-z", "-x,-y,-z"}},                                    /* P6_3/mmc */
    {216, {"z,x,y", "y,-x,-z", "x,y+1/2,z+1/2", "x+1/2,y,z+1/2"}},                   /* F-43m */
    {221, {"z,x,y", "-y,x,z", "-x,-y,-z"}},                                          /* Pm-3m */
    {225, {"z,x,y", "-y,x,z", "-x,-y,-z", "x,y+1/2,z+1/2", "x+1/2,y,z+1/2"}},         /* Fm-3m */
    {227, {"z,x,y", "-x+3/4,-y+1/4,z+1/2", "-x+1/4,y+1/2,-z+3/4", "y+3/4,x+1/4,-z+1/2",
           "-x,-y,-z", "x,y+1/2,z+1/2", "x+1/2,y,z+1/2"}},                           /* Fd-3m */
    {229, {"z,x,y", "-y,x,z", "-x,-y,-z", "x+1/2,y+1/2,z+1/2"}},                     /* Im-3m */
};
#define N_GROUPS (sizeof GROUPS / sizeof GROUPS[0])
#define MAX_OPS 192

/* Site of a structure keyword's single atom (as phase specs such as fcc:a=3.6
 * place it), for phases given without atoms. */
typedef struct {
    const char *word;
    int sg;
    double x, y, z;
} keyword_site;

static const keyword_site KEYWORD_SITES[] = {
    {"fcc", 225, 0, 0, 0},
    {"bcc", 229, 0, 0, 0},
    {"hcp", 194, 1.0 / 3.0, 2.0 / 3.0, 0.25},
    {"diamond", 227, 0.125, 0.125, 0.125},
    {"sc", 221, 0, 0, 0},
};

static double wrap(double v)
{
    v -= floor(v);
    if (v > 1.0 - 1e-9)
        v = 0.0;
    return v;
}

/* Parse "x-y,x,z+1/2" into op; 0 or -1 (the table above is fixed text). */
static int parse_op(const char *s, symop *op)
{
    memset(op, 0, sizeof *op);
    int row = 0, sign = 1;
    for (const char *p = s;; p++) {
        char c = *p;
        if (c == ',' || c == '\0') {
            row++;
            if (c == '\0')
                return row == 3 ? 0 : -1;
            if (row >= 3)
                return -1;
            sign = 1;
            continue;
        }
        if (c == '+') {
            sign = 1;
        } else if (c == '-') {
            sign = -1;
        } else if (c == 'x' || c == 'y' || c == 'z') {
            op->r[row * 3 + (c - 'x')] = sign;
            sign = 1;
        } else if (c >= '1' && c <= '9' && p[1] == '/' && p[2] >= '1' && p[2] <= '9') {
            op->t[row] = wrap(sign * (double)(c - '0') / (double)(p[2] - '0'));
            sign = 1;
            p += 2;
        } else {
            return -1;
        }
    }
}

static void compose(const symop *a, const symop *b, symop *out)
{
    /* out = a o b: x -> Ra (Rb x + tb) + ta */
    symop o;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            int s = 0;
            for (int k = 0; k < 3; k++)
                s += a->r[i * 3 + k] * b->r[k * 3 + j];
            o.r[i * 3 + j] = s;
        }
        double t = a->t[i];
        for (int k = 0; k < 3; k++)
            t += a->r[i * 3 + k] * b->t[k];
        o.t[i] = wrap(t);
    }
    *out = o;
}

static int near_periodic(double a, double b)
{
    double d = fabs(a - b);
    return d < 1e-6 || d > 1.0 - 1e-6;
}

static int same_op(const symop *a, const symop *b)
{
    if (memcmp(a->r, b->r, sizeof a->r))
        return 0;
    return near_periodic(a->t[0], b->t[0]) && near_periodic(a->t[1], b->t[1]) &&
           near_periodic(a->t[2], b->t[2]);
}

/* All operators of group `number` into ops (capacity MAX_OPS); count, 0 when
 * the group has no generators here, -1 on an internal inconsistency. */
static int group_ops(int number, symop *ops)
{
    const sg_generators *g = NULL;
    for (size_t i = 0; i < N_GROUPS; i++)
        if (GROUPS[i].number == number)
            g = &GROUPS[i];
    if (!g)
        return 0;
    symop gen[8];
    int ng = 0;
    for (; ng < 8 && g->gen[ng]; ng++)
        if (parse_op(g->gen[ng], &gen[ng]))
            return -1;
    int n = 0;
    parse_op("x,y,z", &ops[n++]);
    /* closure: every product of a known operator with a generator */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < ng; j++) {
            symop c;
            compose(&gen[j], &ops[i], &c);
            int found = 0;
            for (int k = 0; k < n && !found; k++)
                found = same_op(&c, &ops[k]);
            if (found)
                continue;
            if (n == MAX_OPS)
                return -1;
            ops[n++] = c;
        }
    return n;
}

int xrdi_sg_operator_count(int number)
{
    symop ops[MAX_OPS];
    int n = group_ops(number, ops);
    return n < 0 ? 0 : n;
}

static const char *supported_list(void)
{
    return "Pmmm, Fmmm, Immm, P4/mmm, I4/mmm, P6/mmm, P6_3/mmc, F-43m, Pm-3m, Fm-3m, "
           "Fd-3m (origin choice 2), Im-3m";
}

/* Append the distinct images of (x, y, z) under ops to out from n0 on;
 * returns the new length (out holds nops more entries). */
static size_t orbit(const symop *ops, int nops, const double xyz[3], int z, double occ,
                    double biso, xrdi_cell_atom *out, size_t n0)
{
    size_t n = n0;
    for (int o = 0; o < nops; o++) {
        double p[3];
        for (int i = 0; i < 3; i++) {
            double v = ops[o].t[i];
            for (int k = 0; k < 3; k++)
                v += ops[o].r[i * 3 + k] * xyz[k];
            p[i] = wrap(v);
        }
        int dup = 0;
        for (size_t q = n0; q < n && !dup; q++)
            dup = near_periodic(out[q].x, p[0]) && near_periodic(out[q].y, p[1]) &&
                  near_periodic(out[q].z_frac, p[2]);
        if (dup)
            continue;
        xrdi_cell_atom a = {z, occ, biso, p[0], p[1], p[2]};
        out[n++] = a;
    }
    return n;
}

xrd_status xrdi_expand_atoms(const xrd_phase *ph, xrdi_cell_atom **out, size_t *n, int *equal,
                             xrd_error *err)
{
    *out = NULL;
    *n = 0;
    *equal = 0;
    /* the sites to expand: the phase's atoms, or the keyword's unit scatterer */
    int n_sites = ph->n_atoms;
    double site_xyz[XRD_MAX_ATOMS][3];
    int site_z[XRD_MAX_ATOMS];
    double site_occ[XRD_MAX_ATOMS], site_b[XRD_MAX_ATOMS];
    if (n_sites > XRD_MAX_ATOMS)
        n_sites = XRD_MAX_ATOMS;
    for (int i = 0; i < n_sites; i++) {
        const xrd_atom *a = &ph->atoms[i];
        site_z[i] = xrd_element_number(a->element);
        if (site_z[i] == 0)
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "phase %s: atom %s: no X-ray scattering factor for element "
                                 "'%s' (xrdfit has H to Bi)",
                                 ph->name, a->label, a->element);
        site_xyz[i][0] = a->x;
        site_xyz[i][1] = a->y;
        site_xyz[i][2] = a->z;
        site_occ[i] = a->occupancy;
        site_b[i] = a->biso_A2;
    }
    if (n_sites == 0) {
        *equal = 1;
        for (size_t k = 0; k < sizeof KEYWORD_SITES / sizeof KEYWORD_SITES[0]; k++)
            if (!strcasecmp(ph->structure, KEYWORD_SITES[k].word) &&
                ph->sg.number == KEYWORD_SITES[k].sg) {
                site_xyz[0][0] = KEYWORD_SITES[k].x;
                site_xyz[0][1] = KEYWORD_SITES[k].y;
                site_xyz[0][2] = KEYWORD_SITES[k].z;
                site_z[0] = 0;
                site_occ[0] = 1.0;
                site_b[0] = 0.0;
                n_sites = 1;
            }
        if (n_sites == 0)
            return XRD_OK; /* |F|^2 = 1 per reflection */
    }
    symop *ops = malloc(MAX_OPS * sizeof(symop));
    if (!ops)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    int nops = group_ops(ph->sg.number, ops);
    if (nops <= 0) {
        free(ops);
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "phase %s: calculated intensities need the symmetry operators of "
                             "%s (%d), which xrdfit does not have; it has %s",
                             ph->name, ph->sg.symbol, ph->sg.number, supported_list());
    }
    xrdi_cell_atom *atoms = malloc((size_t)n_sites * (size_t)nops * sizeof(xrdi_cell_atom));
    if (!atoms) {
        free(ops);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    size_t na = 0;
    for (int i = 0; i < n_sites; i++)
        na = orbit(ops, nops, site_xyz[i], site_z[i], site_occ[i], site_b[i], atoms, na);
    free(ops);
    *out = atoms;
    *n = na;
    return XRD_OK;
}
