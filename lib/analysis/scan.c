/* Coarse lattice scan against found peaks. For cubic cells, and hexagonal ones
 * at fixed c/a, every d scales with a, so the reflection list is made once.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "analysis/scan.h"

#include <math.h>
#include <stdlib.h>

#define RAD2DEG (180.0 / M_PI)
#define MAX_GRID_1D 4000
#define MAX_GRID_2D 500

typedef struct {
    size_t n;
    double *d0; /* d at a = a0 */
    double a0;
} refl_set;

static int make_set(const xrdi_scan_space *s, double lambda_A, refl_set *r)
{
    xrd_reflist *rl = NULL;
    /* d down to lambda/2 at the largest a of the range covers every angle */
    double dmin = 0.5 * lambda_A * s->tmpl.cell.a / s->a_hi;
    r->n = 0;
    r->d0 = NULL;
    r->a0 = s->tmpl.cell.a;
    if (xrd_reflections_generate_for(&s->tmpl.cell, &s->tmpl.sg, s->tmpl.structure, dmin, &rl,
                                     NULL) != XRD_OK)
        return -1;
    r->d0 = malloc((rl->n ? rl->n : 1) * sizeof(double));
    if (!r->d0) {
        xrd_reflist_free(rl);
        return -1;
    }
    for (size_t k = 0; k < rl->n; k++)
        r->d0[k] = rl->refl[k].d_A;
    r->n = rl->n;
    xrd_reflist_free(rl);
    return 0;
}

/* positions (2theta, deg) of the set at lattice a inside [lo, hi] */
static size_t positions(const refl_set *r, double a, double lambda_A, double lo, double hi,
                        double *tt)
{
    size_t m = 0;
    for (size_t k = 0; k < r->n; k++) {
        double s = lambda_A / (2.0 * r->d0[k] * a / r->a0);
        if (s >= 1.0)
            continue;
        double t = 2.0 * asin(s) * RAD2DEG;
        if (t >= lo - 1.0 && t <= hi + 1.0)
            tt[m++] = t;
    }
    return m;
}

static double closeness(const xrd_found_peak *p, const double *tt, size_t m)
{
    double best = 0.0;
    double s = p->fwhm_deg > 0 ? p->fwhm_deg / 2.3548 : 0.05;
    for (size_t k = 0; k < m; k++) {
        double d = (p->two_theta_deg - tt[k]) / s;
        double g = exp(-0.5 * d * d);
        if (g > best)
            best = g;
    }
    return best;
}

/* lattice step that moves the highest found peak by a quarter of its width */
static double grid_step(const xrd_peak_list *pk, double a_mid)
{
    double step = INFINITY;
    for (size_t j = 0; j < pk->n; j++) {
        double th = pk->peaks[j].two_theta_deg / (2.0 * RAD2DEG);
        double w = pk->peaks[j].fwhm_deg > 0 ? pk->peaks[j].fwhm_deg : 0.05;
        double st = a_mid * (0.25 * w / RAD2DEG) / (2.0 * tan(th));
        if (st < step)
            step = st;
    }
    return step;
}

void xrdi_scan_phase(const xrdi_scan_space *s, double a, xrd_phase *out)
{
    *out = s->tmpl;
    double f = a / s->tmpl.cell.a;
    out->cell.a *= f;
    out->cell.b *= f;
    out->cell.c *= f;
}

int xrdi_scan_one(const xrdi_scan_space *s, const xrd_peak_list *pk, double lambda_A,
                  double x_lo, double x_hi, double *a_best, double *score)
{
    refl_set r;
    if (pk->n == 0 || make_set(s, lambda_A, &r))
        return -1;
    double *tt = malloc((r.n ? r.n : 1) * sizeof(double));
    if (!tt) {
        free(r.d0);
        return -1;
    }
    double step = grid_step(pk, 0.5 * (s->a_lo + s->a_hi));
    size_t ng = (size_t)((s->a_hi - s->a_lo) / step) + 1;
    if (ng > MAX_GRID_1D)
        ng = MAX_GRID_1D;
    double best = -1, abest = 0.5 * (s->a_lo + s->a_hi);
    for (size_t g = 0; g < ng; g++) {
        double a = ng > 1 ? s->a_lo + (s->a_hi - s->a_lo) * (double)g / (double)(ng - 1) : abest;
        size_t m = positions(&r, a, lambda_A, x_lo, x_hi, tt);
        double sc = 0;
        for (size_t j = 0; j < pk->n; j++)
            sc += pk->peaks[j].height * closeness(&pk->peaks[j], tt, m);
        if (sc > best) {
            best = sc;
            abest = a;
        }
    }
    free(tt);
    free(r.d0);
    *a_best = abest;
    *score = best;
    return 0;
}

int xrdi_scan_two(const xrdi_scan_space *s1, const xrdi_scan_space *s2, int same,
                  const xrd_peak_list *pk, double lambda_A, double x_lo, double x_hi,
                  double *a1, double *a2, double *score)
{
    refl_set r1, r2;
    if (pk->n == 0 || make_set(s1, lambda_A, &r1))
        return -1;
    if (make_set(s2, lambda_A, &r2)) {
        free(r1.d0);
        return -1;
    }
    size_t n1 = (size_t)((s1->a_hi - s1->a_lo) / grid_step(pk, s1->a_lo)) + 1;
    size_t n2 = (size_t)((s2->a_hi - s2->a_lo) / grid_step(pk, s2->a_lo)) + 1;
    if (n1 > MAX_GRID_2D)
        n1 = MAX_GRID_2D;
    if (n2 > MAX_GRID_2D)
        n2 = MAX_GRID_2D;
    /* closeness of every peak to phase 2 at every grid value, computed once */
    double *c2 = malloc(n2 * pk->n * sizeof(double));
    double *c1 = malloc(pk->n * sizeof(double));
    double *tt = malloc(((r1.n > r2.n ? r1.n : r2.n) + 1) * sizeof(double));
    int rc = -1;
    if (!c2 || !c1 || !tt)
        goto done;
    for (size_t g = 0; g < n2; g++) {
        double a = n2 > 1 ? s2->a_lo + (s2->a_hi - s2->a_lo) * (double)g / (double)(n2 - 1) : s2->a_lo;
        size_t m = positions(&r2, a, lambda_A, x_lo, x_hi, tt);
        for (size_t j = 0; j < pk->n; j++)
            c2[g * pk->n + j] = closeness(&pk->peaks[j], tt, m);
    }
    double best = -1;
    for (size_t g1 = 0; g1 < n1; g1++) {
        double a = n1 > 1 ? s1->a_lo + (s1->a_hi - s1->a_lo) * (double)g1 / (double)(n1 - 1) : s1->a_lo;
        size_t m = positions(&r1, a, lambda_A, x_lo, x_hi, tt);
        for (size_t j = 0; j < pk->n; j++)
            c1[j] = closeness(&pk->peaks[j], tt, m);
        for (size_t g2 = 0; g2 < n2; g2++) {
            double b = n2 > 1 ? s2->a_lo + (s2->a_hi - s2->a_lo) * (double)g2 / (double)(n2 - 1) : s2->a_lo;
            if (same && !(b > a * (1.0 + 1e-3)))
                continue;
            double sc = 0;
            for (size_t j = 0; j < pk->n; j++) {
                double c = c1[j] > c2[g2 * pk->n + j] ? c1[j] : c2[g2 * pk->n + j];
                sc += pk->peaks[j].height * c;
            }
            if (sc > best) {
                best = sc;
                *a1 = a;
                *a2 = b;
            }
        }
    }
    *score = best;
    rc = best >= 0 ? 0 : -1;
done:
    free(c1);
    free(c2);
    free(tt);
    free(r1.d0);
    free(r2.d0);
    return rc;
}
