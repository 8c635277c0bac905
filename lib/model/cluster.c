/* Atomistic clusters for the Debye equation: the geometry of spheres cut from
 * any phase's lattice, fcc cuboctahedra, Mackay icosahedra and twinned fcc
 * spheres (cluster_shapes.c), then species on the sites (random at the sites'
 * occupancies with a seeded generator, or core-shell). docs/debye.md.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xrdfit/debye.h"
#include "model/cluster_internal.h"
#include "model/structure.h"

void xrd_cluster_options_default(xrd_cluster_options *o)
{
    memset(o, 0, sizeof *o);
    o->shape = XRD_CLUSTER_SPHERE;
    o->size_nm = 3.0;
    o->species = XRD_SPECIES_RANDOM;
    o->seed = 1;
}

void xrd_cluster_free(xrd_cluster *c)
{
    if (!c)
        return;
    free(c->xyz);
    free(c->species);
    free(c);
}

static const char *const SHAPE_NAMES[] = {"sphere", "cuboctahedron", "icosahedron",
                                          "twinned-sphere", "faulted-sphere", "decahedron",
                                          "cube"};

const char *xrd_cluster_shape_name(xrd_cluster_shape s)
{
    return (unsigned)s < sizeof SHAPE_NAMES / sizeof SHAPE_NAMES[0] ? SHAPE_NAMES[s] : "?";
}

int xrd_cluster_shape_parse(const char *name, xrd_cluster_shape *s)
{
    for (size_t i = 0; name && i < sizeof SHAPE_NAMES / sizeof SHAPE_NAMES[0]; i++)
        if (!strcasecmp(name, SHAPE_NAMES[i])) {
            *s = (xrd_cluster_shape)i;
            return 0;
        }
    return -1;
}

/* splitmix64 (Steele, Lea & Flood 2014): a small deterministic generator whose
 * state is local to one build. */
static uint64_t next_u64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double next_unit(uint64_t *state)
{
    return (double)(next_u64(state) >> 11) * (1.0 / 9007199254740992.0);
}

/* The unique positions of the phase's cell with the species on each: sites
 * sharing a position (el=Cu:0.5/Ru:0.5) are one position with two species. */
xrd_status xrdi_cluster_sites(const xrd_phase *ph, xrdi_sites *s, xrd_error *err)
{
    xrdi_cell_atom *atoms = NULL;
    size_t na = 0;
    int equal = 0;
    memset(s, 0, sizeof *s);
    xrd_status st = xrdi_expand_atoms(ph, &atoms, &na, &equal, err);
    if (st != XRD_OK)
        return st;
    if (na == 0) {
        free(atoms);
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase %s has no atoms and no structure keyword (fcc, bcc, hcp, "
                             "diamond, sc) to place a scatterer: a cluster needs positions",
                             ph->name);
    }
    for (size_t i = 0; i < na; i++) {
        double f[3] = {atoms[i].x, atoms[i].y, atoms[i].z_frac};
        for (int d = 0; d < 3; d++)
            f[d] -= floor(f[d] + 1e-9);
        int p = -1;
        for (int q = 0; q < s->n_pos && p < 0; q++) {
            double dd = 0;
            for (int d = 0; d < 3; d++) {
                double e = fabs(f[d] - s->frac[q][d]);
                e = e > 0.5 ? 1.0 - e : e;
                dd += e;
            }
            if (dd < 1e-6)
                p = q;
        }
        if (p < 0) {
            if (s->n_pos == XRDI_MAX_POS) {
                free(atoms);
                return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                                     "phase %s has more than %d positions in its cell",
                                     ph->name, XRDI_MAX_POS);
            }
            p = s->n_pos++;
            memcpy(s->frac[p], f, sizeof f);
        }
        /* the species (element and B) of this atom */
        int sp = -1;
        for (int k = 0; k < s->n_species; k++)
            if (s->z[k] == atoms[i].z && s->biso[k] == atoms[i].biso_A2)
                sp = k;
        if (sp < 0) {
            if (s->n_species == XRD_DEBYE_MAX_SPECIES) {
                free(atoms);
                return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                                     "phase %s has more than %d species", ph->name,
                                     XRD_DEBYE_MAX_SPECIES);
            }
            sp = s->n_species++;
            s->z[sp] = atoms[i].z;
            s->biso[sp] = atoms[i].biso_A2;
        }
        int m = s->n_on[p];
        if (m < XRD_DEBYE_MAX_SPECIES) {
            s->on[p][m] = sp;
            s->occ[p][m] = atoms[i].occ;
            s->n_on[p]++;
        }
    }
    free(atoms);
    for (int p = 0; p < s->n_pos; p++) {
        double sum = 0;
        for (int m = 0; m < s->n_on[p]; m++)
            sum += s->occ[p][m];
        if (!(sum > 0) || sum > 1.0 + 1e-6)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase %s: the occupancies on position %.4g,%.4g,%.4g sum to "
                                 "%g: a cluster needs 0 < sum <= 1",
                                 ph->name, s->frac[p][0], s->frac[p][1], s->frac[p][2], sum);
    }
    return XRD_OK;
}

/* An atom's distance from the centre, for ordering (ties by index). */
typedef struct {
    double r2;
    size_t i;
} by_r;

static int cmp_by_r(const void *a, const void *b)
{
    const by_r *x = a, *y = b;
    if (x->r2 != y->r2)
        return x->r2 < y->r2 ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

/* Draw the species of every position (vacancies removed); core-shell fills the
 * innermost core share with the first species of each position's list. */
static xrd_status place_species(xrd_cluster *c, const xrdi_geom *g, const xrdi_sites *s,
                                const xrd_cluster_options *o, xrd_error *err)
{
    uint64_t state = (uint64_t)o->seed * 0x2545F4914F6CDD1Dull + 1;
    c->xyz = malloc(3 * g->n * sizeof(double) + 1);
    c->species = malloc(g->n + 1);
    by_r *order = NULL;
    if (!c->xyz || !c->species)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for %zu atoms", g->n);
    size_t n_core = 0;
    if (o->species == XRD_SPECIES_CORE_SHELL) {
        order = malloc(g->n * sizeof *order + 1);
        if (!order)
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        for (size_t i = 0; i < g->n; i++) {
            const double *r = &g->xyz[3 * i];
            order[i].r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
            order[i].i = i;
        }
        qsort(order, g->n, sizeof *order, cmp_by_r);
        double f = o->core_fraction;
        if (!(f > 0)) {
            int p0 = g->site[0];
            double sum = 0;
            for (int m = 0; m < s->n_on[p0]; m++)
                sum += s->occ[p0][m];
            f = s->occ[p0][0] / sum;
        }
        n_core = (size_t)llround(f * (double)g->n);
    }
    unsigned char *core = calloc(g->n + 1, 1);
    if (!core) {
        free(order);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; order && k < n_core; k++)
        core[order[k].i] = 1;
    free(order);
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++) {
        int p = g->site[i], sp = -1;
        if (o->species == XRD_SPECIES_CORE_SHELL) {
            double rest = 0;
            for (int m = 1; m < s->n_on[p]; m++)
                rest += s->occ[p][m];
            if (core[i] || s->n_on[p] == 1) {
                sp = s->on[p][0];
            } else {
                double u = next_unit(&state) * rest, cum = 0;
                for (int m = 1; m < s->n_on[p] && sp < 0; m++)
                    if (u < (cum += s->occ[p][m]))
                        sp = s->on[p][m];
                if (sp < 0)
                    sp = s->on[p][s->n_on[p] - 1];
            }
        } else {
            double u = next_unit(&state), cum = 0;
            for (int m = 0; m < s->n_on[p] && sp < 0; m++)
                if (u < (cum += s->occ[p][m]))
                    sp = s->on[p][m];
            if (sp < 0)
                continue; /* a vacancy */
        }
        memcpy(&c->xyz[3 * n], &g->xyz[3 * i], 3 * sizeof(double));
        c->species[n] = (unsigned char)sp;
        c->count[sp]++;
        n++;
    }
    free(core);
    c->n = n;
    if (n == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the cluster has no atoms (size %g nm too small for the lattice)",
                             o->size_nm);
    return XRD_OK;
}

xrd_status xrd_cluster_build(const xrd_phase *ph, const xrd_cluster_options *o,
                             xrd_cluster **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output cluster given");
    *out = NULL;
    if (!ph || !o)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "a cluster needs a phase and options");
    if ((unsigned)o->shape > XRD_CLUSTER_CUBE)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "unknown cluster shape %d",
                             (int)o->shape);
    if (o->shells < 0 || o->shells > 200 ||
        (o->shells == 0 && !(o->size_nm > 0 && o->size_nm <= 100)))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the cluster size must be 0 < D <= 100 nm (or 1..200 shells), "
                             "found %g nm, %d shells", o->size_nm, o->shells);
    if (o->species != XRD_SPECIES_RANDOM && o->species != XRD_SPECIES_CORE_SHELL)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "unknown species mode %d",
                             (int)o->species);
    if (!(o->fault_alpha >= 0 && o->fault_alpha <= 0.5))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the fault probability must be in [0, 0.5], found %g", o->fault_alpha);
    if (!(o->twin_beta >= 0 && o->twin_beta <= 0.5))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the twin fault probability must be in [0, 0.5], found %g",
                             o->twin_beta);
    if ((o->fault_alpha > 0 || o->twin_beta > 0) && o->shape != XRD_CLUSTER_FAULTED_SPHERE)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a fault probability goes with the faulted-sphere shape");
    if (!(o->ino_truncation >= 0 && o->ino_truncation <= 0.5) ||
        !(o->marks_reentrance >= 0 && o->marks_reentrance <= 0.5))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the Ino truncation and the Marks re-entrance must be in [0, 0.5], "
                             "found %g and %g", o->ino_truncation, o->marks_reentrance);
    if ((o->ino_truncation > 0 || o->marks_reentrance > 0) && o->shape != XRD_CLUSTER_DECAHEDRON)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a truncation or re-entrance goes with the decahedron");
    if (!(o->core_fraction >= 0 && o->core_fraction <= 1))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the core fraction must be in [0, 1], found %g", o->core_fraction);
    size_t max_atoms = o->max_atoms ? o->max_atoms : XRD_CLUSTER_MAX_ATOMS_DEFAULT;
    if (max_atoms > XRD_CLUSTER_MAX_ATOMS_HARD)
        max_atoms = XRD_CLUSTER_MAX_ATOMS_HARD;
    xrd_cell cell = ph->cell;
    xrd_spacegroup_constrain_cell(&ph->sg, &cell);
    xrd_status st = xrd_cell_validate(&cell, err);
    if (st != XRD_OK)
        return st;
    xrdi_sites *s = malloc(sizeof *s);
    if (!s)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    if ((st = xrdi_cluster_sites(ph, s, err)) != XRD_OK) {
        free(s);
        return st;
    }
    int mixed = 0;
    for (int p = 0; p < s->n_pos; p++)
        mixed |= s->n_on[p] >= 2;
    if (o->species == XRD_SPECIES_CORE_SHELL && !mixed) {
                free(s);
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase %s: a core-shell cluster needs two elements on "
                                     "the site (el=Cu:0.5/Ru:0.5: the first is the core)",
                                     ph->name);
    }
    xrdi_geom g;
    memset(&g, 0, sizeof g);
    if (o->shape == XRD_CLUSTER_SPHERE)
        st = xrdi_geom_sphere(&cell, s, 0.5 * 10.0 * o->size_nm, max_atoms, &g, err);
    else
        st = xrdi_geom_fcc_shape(ph, &cell, s, o, max_atoms, &g, err);
    xrd_cluster *c = calloc(1, sizeof *c);
    if (st == XRD_OK && !c)
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    if (st == XRD_OK) {
        c->n_species = s->n_species;
        for (int k = 0; k < s->n_species; k++) {
            c->z[k] = s->z[k];
            c->biso_A2[k] = s->biso[k];
        }
        c->shape = o->shape;
        c->shells = g.shells;
        c->nn_A = g.nn_A;
        c->n_faults = g.n_faults;
        c->n_steps = g.n_steps;
        c->n_twins = g.n_twins;
        st = place_species(c, &g, s, o, err);
    }
    if (st == XRD_OK) {
        double rmax = 0;
        for (size_t i = 0; i < c->n; i++) {
            const double *r = &c->xyz[3 * i];
            double rr = sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
            rmax = rr > rmax ? rr : rmax;
        }
        c->diameter_nm = (2.0 * rmax + c->nn_A) / 10.0;
        *out = c;
        c = NULL;
    }
    xrd_cluster_free(c);
    free(g.xyz);
    free(g.site);
    free(s);
    return st;
}

xrd_status xrd_cluster_write_xyz(const xrd_cluster *c, const char *path, const char *comment,
                                 xrd_error *err)
{
    if (!c || !path)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no cluster or path given");
    FILE *f = fopen(path, "w");
    if (!f)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot open the file for writing");
    fprintf(f, "%zu\n", c->n);
    fprintf(f, "%s\n", comment ? comment : "xrdfit cluster (Angstrom)");
    for (size_t i = 0; i < c->n; i++) {
        int z = c->z[c->species[i]];
        const char *sym = z > 0 ? xrd_element_symbol(z) : "X";
        fprintf(f, "%-2s %12.6f %12.6f %12.6f\n", sym ? sym : "X", c->xyz[3 * i],
                c->xyz[3 * i + 1], c->xyz[3 * i + 2]);
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "could not write the whole file");
    return XRD_OK;
}
