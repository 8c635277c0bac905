/* The size database of the Debye-equation refinement: clusters of one shape
 * from small to large, each reduced to its unit-scatterer pair sum on a fine
 * grid of q at the lattice constant it was built with. A cluster cut from a
 * lattice a scatters at q what the database's holds at q a / a0, so the
 * lattice constant is refined without rebuilding; the size distribution is a
 * set of weights over the database (as DEBUSSY's sampled sizes).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/xrdfit.h"
#include "model/cluster_internal.h"
#include "model/debye_hist.h"
#include "model/debye_internal.h"

#define STEP 1.02          /* geometric step of sphere diameters, in units of a */
#define MAX_DB_SIZES 400
#define BIN_A 0.002

void xrdi_debye_db_free(xrdi_debye_db *db)
{
    if (!db)
        return;
    free(db->d_nm);
    free(db->atoms);
    free(db->S);
    memset(db, 0, sizeof *db);
}

double xrdi_debye_db_pairs(const xrdi_debye_db *db, int j, double qp)
{
    double u = (qp - db->q0) / db->dq;
    if (!(u >= 0) || u > (double)(db->nq - 1))
        return 0.0;
    size_t k = (size_t)u;
    if (k >= db->nq - 1)
        k = db->nq - 2;
    double f = u - (double)k;
    const double *s = db->S + (size_t)j * db->nq;
    return (1.0 - f) * s[k] + f * s[k + 1];
}

/* One cluster of the database: its atoms, then its histogram. */
typedef struct {
    xrd_cluster *c;
    xrd_debye_hist *h;
    double atoms, d_nm, diameter_nm;
} entry;

/* A position as an integer key (1e-4 A), for matching atoms between clusters. */
typedef struct {
    long long k[3];
    size_t i;
} poskey;

static void key_of(const double *r, poskey *p)
{
    for (int d = 0; d < 3; d++)
        p->k[d] = llround(r[d] * 1e4);
}

static int cmp_key(const void *a, const void *b)
{
    const poskey *p = a, *q = b;
    for (int d = 0; d < 3; d++)
        if (p->k[d] != q->k[d])
            return p->k[d] < q->k[d] ? -1 : 1;
    return 0;
}

/* Group of each atom of the largest cluster: the first (smallest) member that
 * holds it. 1 when the members are nested (each holds the one before, every
 * atom at a position of the largest), else 0 (then each is counted alone). */
static int nest_groups(entry *ent, int n, int *group)
{
    const xrd_cluster *big = ent[n - 1].c;
    poskey *keys = malloc(big->n * sizeof *keys);
    if (!keys)
        return 0;
    for (size_t i = 0; i < big->n; i++) {
        key_of(&big->xyz[3 * i], &keys[i]);
        keys[i].i = i;
        group[i] = -1;
    }
    qsort(keys, big->n, sizeof *keys, cmp_key);
    int nested = 1;
    size_t seen = 0;
    for (int g = 0; g < n && nested; g++) {
        const xrd_cluster *c = ent[g].c;
        size_t new_atoms = 0;
        for (size_t a = 0; a < c->n && nested; a++) {
            poskey q;
            key_of(&c->xyz[3 * a], &q);
            const poskey *hit = bsearch(&q, keys, big->n, sizeof *keys, cmp_key);
            if (!hit) {
                nested = 0;
                break;
            }
            if (group[hit->i] < 0) {
                group[hit->i] = g;
                new_atoms++;
            }
        }
        seen += new_atoms;
        nested = nested && seen == c->n; /* it holds every atom of the smaller ones */
    }
    free(keys);
    return nested && seen == big->n;
}

/* The histograms of every entry: in one pass when they are nested. */
static xrd_status histograms(entry *ent, int n, int n_threads, xrd_error *err)
{
    int *group = malloc(ent[n - 1].c->n * sizeof(int));
    xrd_debye_hist **h = malloc((size_t)n * sizeof *h);
    xrd_status st = XRD_OK;
    if (!group || !h) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    } else if (nest_groups(ent, n, group)) {
        st = xrdi_debye_hist_nested(ent[n - 1].c, group, n, BIN_A, n_threads, h, err);
        for (int j = 0; st == XRD_OK && j < n; j++)
            ent[j].h = h[j];
    } else {
        for (int j = 0; st == XRD_OK && j < n; j++)
            st = xrd_debye_hist_build(ent[j].c, BIN_A, n_threads, &ent[j].h, err);
    }
    free(group);
    free(h);
    return st;
}

static xrd_status one_cluster(const xrd_phase *ph, const xrd_cluster_options *co, entry *e,
                              xrd_error *err)
{
    xrd_status st = xrd_cluster_build(ph, co, &e->c, err);
    if (st != XRD_OK)
        return st;
    xrd_cluster *c = e->c;
    /* every atom a unit scatterer: the species enter the refinement as the
     * random alloy's mean <f>^2 and <f^2> */
    memset(c->species, 0, c->n);
    c->n_species = 1;
    c->z[0] = 0;
    c->biso_A2[0] = 0;
    c->count[0] = c->n;
    /* decahedra grow from their bottom tip: put it back at the origin so that the
     * family is nested (the histogram does not see a translation) */
    if (c->shape == XRD_CLUSTER_DECAHEDRON)
        for (size_t i = 0; i < c->n; i++)
            c->xyz[3 * i + 2] += 0.5 * c->shells * c->nn_A;
    e->atoms = (double)c->n;
    e->diameter_nm = c->diameter_nm;
    return XRD_OK;
}

xrd_status xrdi_debye_db_build(const xrd_phase *ph, const xrd_cluster_options *co0, double d_min_nm,
                               double d_max_nm, double q_lo, double q_hi, size_t max_atoms,
                               int n_threads, xrdi_debye_db *db, xrd_error *err)
{
    memset(db, 0, sizeof *db);
    xrd_cluster_shape shape = co0->shape;
    if (shape == XRD_CLUSTER_FAULTED_SPHERE || (unsigned)shape > XRD_CLUSTER_CUBE)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "a Debye refinement takes spheres, cuboctahedra, icosahedra, "
                             "twinned spheres, decahedra or cubes, not %s",
                             xrd_cluster_shape_name(shape));
    if (!(d_min_nm > 0 && d_max_nm >= d_min_nm && d_max_nm <= 100))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the size database needs 0 < min <= max <= 100 nm, found %g to %g",
                             d_min_nm, d_max_nm);
    if (!(q_lo >= 0 && q_hi > q_lo && q_hi <= 4.0 * M_PI * 2.0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the q range of the size database must satisfy 0 <= %g < %g <= "
                             "25.1 1/A", q_lo, q_hi);
    xrdi_sites *s = malloc(sizeof *s);
    if (!s)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    xrd_status st = xrdi_cluster_sites(ph, s, err);
    int z_pos = s->n_pos;
    free(s);
    if (st != XRD_OK)
        return st;
    xrd_cell cell = ph->cell;
    xrd_spacegroup_constrain_cell(&ph->sg, &cell);
    double v_atom = xrd_cell_volume(&cell) / z_pos; /* A^3 */
    entry *ent = calloc(MAX_DB_SIZES, sizeof *ent);
    if (!ent)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    int n = 0;
    xrd_cluster_options co = *co0;
    co.max_atoms = max_atoms;
    co.species = XRD_SPECIES_RANDOM;
    int poly = shape == XRD_CLUSTER_CUBOCTAHEDRON || shape == XRD_CLUSTER_ICOSAHEDRON ||
               shape == XRD_CLUSTER_DECAHEDRON || shape == XRD_CLUSTER_CUBE;
    /* spheres at diameters u_k = 1.02^k lattice constants: the same clusters
     * whatever the start's a, so the result does not depend on it */
    double a_nm = cell.a / 10.0;
    double d_req = a_nm * pow(STEP, floor(log(d_min_nm / STEP / a_nm) / log(STEP))), last_atoms = 0;
    for (int step = 1; n < MAX_DB_SIZES && st == XRD_OK; step++) {
        if (poly)
            co.shells = step;
        else
            co.size_nm = d_req;
        entry e = {NULL, NULL, 0, 0, 0};
        xrd_error e2;
        xrd_error_clear(&e2);
        st = one_cluster(ph, &co, &e, &e2);
        if (st == XRD_ERR_TOO_LARGE) { /* the atom bound ends the database */
            st = XRD_OK;
            break;
        }
        if (st != XRD_OK) {
            if (err)
                *err = e2;
            break;
        }
        e.d_nm = cbrt(6.0 * e.atoms * v_atom / M_PI) / 10.0;
        d_req *= STEP;
        if (e.d_nm > d_max_nm * STEP) {
            xrd_cluster_free(e.c);
            break;
        }
        if (e.atoms == last_atoms || e.d_nm < d_min_nm / STEP || e.atoms < 2) {
            xrd_cluster_free(e.c);
            continue;
        }
        last_atoms = e.atoms;
        ent[n++] = e;
    }
    if (st == XRD_OK && n == 0)
        st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                           "no %s of phase %s between %g and %g nm (within %zu atoms)",
                           xrd_cluster_shape_name(shape), ph->name, d_min_nm, d_max_nm,
                           max_atoms ? max_atoms : (size_t)XRD_CLUSTER_MAX_ATOMS_DEFAULT);
    if (st == XRD_OK)
        st = histograms(ent, n, n_threads, err);
    if (st == XRD_OK) {
        double dmax_A = 10.0 * ent[n - 1].diameter_nm;
        db->n = n;
        db->a0_A = cell.a;
        db->dq = fmin(0.0005, 2.0 * M_PI / (60.0 * dmax_A));
        db->q0 = q_lo;
        db->nq = (size_t)((q_hi - q_lo) / db->dq) + 3;
        db->d_nm = malloc((size_t)n * sizeof(double));
        db->atoms = malloc((size_t)n * sizeof(double));
        db->S = db->nq < 4000000 ? malloc((size_t)n * db->nq * sizeof(double)) : NULL;
        if (!db->d_nm || !db->atoms || !db->S)
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0,
                               "out of memory for %d sizes of %zu points", n, db->nq);
    }
    xrd_debye_options dopt = {NULL, 0};
    for (int j = 0; j < n && st == XRD_OK; j++) {
        double *S = db->S + (size_t)j * db->nq;
        st = xrd_debye_intensity(ent[j].h, &dopt, db->q0, db->dq, db->nq, n_threads, S, err);
        for (size_t k = 0; st == XRD_OK && k < db->nq; k++)
            S[k] -= ent[j].atoms;
        db->d_nm[j] = ent[j].d_nm;
        db->atoms[j] = ent[j].atoms;
        if (ent[j].atoms > (double)db->max_atoms)
            db->max_atoms = (size_t)ent[j].atoms;
    }
    for (int j = 0; j < n; j++) {
        xrd_debye_hist_free(ent[j].h);
        xrd_cluster_free(ent[j].c);
    }
    free(ent);
    if (st != XRD_OK)
        xrdi_debye_db_free(db);
    return st;
}
