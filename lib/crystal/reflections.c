/* Reflection lists: every allowed hkl with d >= d_min, merged by equal d.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/crystal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crystal/cellmath.h"

/* Largest hkl box searched (number of index triples). At d_min = 0.5 A a
 * 30 A cell needs 121^3 = 1.8e6 triples. */
#define MAX_BOX ((double)6e7)

typedef struct {
    int h, k, l;
    double inv_d2;
} hkl_entry;

static int n_negative(const hkl_entry *e)
{
    return (e->h < 0) + (e->k < 0) + (e->l < 0);
}

/* Order of preference of a representative: fewer negative indices first,
 * then larger h, then k, then l. -1 when a is preferred to b. */
static int prefer(const hkl_entry *a, const hkl_entry *b)
{
    int na = n_negative(a), nb = n_negative(b);
    if (na != nb)
        return na < nb ? -1 : 1;
    if (a->h != b->h)
        return a->h > b->h ? -1 : 1;
    if (a->k != b->k)
        return a->k > b->k ? -1 : 1;
    if (a->l != b->l)
        return a->l > b->l ? -1 : 1;
    return 0;
}

static int by_d_then_pref(const void *pa, const void *pb)
{
    const hkl_entry *a = pa, *b = pb;
    if (a->inv_d2 != b->inv_d2)
        return a->inv_d2 < b->inv_d2 ? -1 : 1;
    return prefer(a, b);
}

/* Relative difference in d of two 1/d^2 values. */
static double rel_d_diff(double q0, double q)
{
    double d0 = 1.0 / sqrt(q0), d = 1.0 / sqrt(q);
    return fabs(d - d0) / d0;
}

/* Cell consistent with the metric of the group's lattice (relative 1e-9). */
static int obeys_metric(const xrd_cell *c, const xrd_spacegroup *sg)
{
    xrd_cell k = *c;
    xrd_spacegroup_constrain_cell(sg, &k);
    const double x[6] = {c->a, c->b, c->c, c->alpha, c->beta, c->gamma};
    const double y[6] = {k.a, k.b, k.c, k.alpha, k.beta, k.gamma};
    for (int i = 0; i < 6; i++)
        if (fabs(x[i] - y[i]) > 1e-9 * fabs(y[i]))
            return 0;
    return 1;
}

xrd_status xrd_reflections_generate_for(const xrd_cell *cell, const xrd_spacegroup *sg,
                                        const char *structure, double d_min_A,
                                        xrd_reflist **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output list given");
    *out = NULL;
    if (!sg)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no space group given");
    xrd_status st = xrd_cell_validate(cell, err);
    if (st)
        return st;
    if (!obeys_metric(cell, sg))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "cell a=%g b=%g c=%g alpha=%g beta=%g gamma=%g does not obey the "
                             "%s metric of %s (apply xrd_spacegroup_constrain_cell first)",
                             cell->a, cell->b, cell->c, cell->alpha, cell->beta, cell->gamma,
                             xrd_crystal_system_name(sg->system), sg->symbol);
    if (!isfinite(d_min_A) || d_min_A <= 0.0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "d_min must be a positive number of Angstrom, found %g", d_min_A);
    double gs[9];
    if (xrdi_reciprocal_metric(cell, gs))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "singular cell metric");

    /* |h| = |a . d*| <= a |d*| <= a / d_min, whatever the angles. */
    const double q_max = (1.0 / (d_min_A * d_min_A)) * (1.0 + 1e-12);
    const double hb = floor(cell->a / d_min_A * (1.0 + 1e-12));
    const double kb = floor(cell->b / d_min_A * (1.0 + 1e-12));
    const double lb = floor(cell->c / d_min_A * (1.0 + 1e-12));
    double box = (2 * hb + 1) * (2 * kb + 1) * (2 * lb + 1);
    if (box > MAX_BOX)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "d_min = %g A is too small for this cell: %.3g index triples to "
                             "search (limit %.3g); raise d_min",
                             d_min_A, box, MAX_BOX);
    const int hm = (int)hb, km = (int)kb, lm = (int)lb;

    size_t cap = 256, n = 0;
    hkl_entry *all = malloc(cap * sizeof *all);
    if (!all)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory (reflection list)");
    for (int h = -hm; h <= hm; h++)
        for (int k = -km; k <= km; k++)
            for (int l = -lm; l <= lm; l++) {
                if (h == 0 && k == 0 && l == 0)
                    continue;
                double x = h, y = k, z = l;
                double q = gs[0] * x * x + gs[4] * y * y + gs[8] * z * z +
                           2.0 * (gs[1] * x * y + gs[2] * x * z + gs[5] * y * z);
                if (!(q <= q_max) || !(q > 0.0))
                    continue;
                if (!xrd_structure_allows(structure, sg, h, k, l))
                    continue;
                if (n == cap) {
                    hkl_entry *grown = realloc(all, 2 * cap * sizeof *all);
                    if (!grown) {
                        free(all);
                        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0,
                                             "out of memory (reflection list)");
                    }
                    all = grown;
                    cap *= 2;
                }
                all[n].h = h;
                all[n].k = k;
                all[n].l = l;
                all[n].inv_d2 = q;
                n++;
            }
    qsort(all, n, sizeof *all, by_d_then_pref);

    xrd_reflist *list = calloc(1, sizeof *list);
    if (!list) {
        free(all);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory (reflection list)");
    }
    list->refl = n ? malloc(n * sizeof *list->refl) : NULL;
    if (n && !list->refl) {
        free(all);
        free(list);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory (reflection list)");
    }
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1, best = i;
        while (j < n && rel_d_diff(all[i].inv_d2, all[j].inv_d2) <= 1e-9) {
            if (prefer(&all[j], &all[best]) < 0)
                best = j;
            j++;
        }
        xrd_reflection *r = &list->refl[list->n++];
        r->h = all[best].h;
        r->k = all[best].k;
        r->l = all[best].l;
        r->multiplicity = (int)(j - i);
        r->d_A = 1.0 / sqrt(all[best].inv_d2);
        i = j;
    }
    free(all);
    *out = list;
    return XRD_OK;
}

xrd_status xrd_reflections_generate(const xrd_cell *cell, const xrd_spacegroup *sg,
                                    double d_min_A, xrd_reflist **out, xrd_error *err)
{
    return xrd_reflections_generate_for(cell, sg, NULL, d_min_A, out, err);
}

void xrd_reflist_free(xrd_reflist *list)
{
    if (!list)
        return;
    free(list->refl);
    free(list);
}
