/* The multi-peak fit's model: every peak a profile per radiation line within
 * its window, plus the Chebyshev background, evaluated over a block of rows
 * with the analytic derivatives of the profile strategy tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "core/search.h"
#include "refine/peak_fit_internal.h"

/* Centre of line l from the line-0 centre c0, with d c / d c0; 0 if unreachable. */
static int line_centre(const pf_ctx *c, int l, double c0, double *cl, double *dcl)
{
    if (l == 0) {
        *cl = c0;
        *dcl = 1.0;
        return 1;
    }
    double th = c0 * M_PI / 360.0;
    double s = sin(th) * c->lam[l] / c->lam[0];
    if (!(s > 0 && s < 1))
        return 0;
    double th2 = asin(s);
    *cl = th2 * 360.0 / M_PI;
    *dcl = c->lam[l] / c->lam[0] * cos(th) / cos(th2);
    return 1;
}

/* The lines of a peak (parameters pk: position, area, shape) and their
 * windows; -1 when the shape is invalid. A line that cannot be reached
 * (beyond 180 deg) gets an empty range. */
static int peak_lines(const pf_ctx *c, const double *pk, double ratio, pf_line *ln)
{
    const double *shape = pk + 2;
    if (!c->t->valid(shape))
        return -1;
    double w = c->t->window(shape, c->tail);
    double span = c->x_hi - c->x_lo;
    if (!(w < span))
        w = span;
    for (int l = 0; l < c->n_lines; l++) {
        pf_line *L = &ln[l];
        L->a = L->b = 0;
        if (!line_centre(c, l, pk[0], &L->cl, &L->dcl))
            continue;
        L->wl = l == 0 ? 1.0 : (l == 1 ? ratio : c->wt[l]);
        L->a = xrdi_lower_bound(c->x, c->n, L->cl - w);
        L->b = xrdi_lower_bound(c->x, c->n, L->cl + w);
    }
    return 0;
}

/* Add line L of the peak pk on points [a, b) to calc and, when J is not NULL,
 * its derivatives (divided by sigma) to the peak's columns (col_k) and to
 * the Ka2 ratio's (line 1) of the rows J + i * ldj. */
static void add_line(pf_ctx *c, const double *pk, size_t col_k, int l, const pf_line *L,
                     size_t a, size_t b, double *calc, double *J, size_t ldj)
{
    const size_t cnt = b - a;
    const double area = pk[1];
    for (size_t i = 0; i < cnt; i++)
        c->dx[i] = c->x[a + i] - L->cl;
    c->t->eval(c->dx, cnt, pk + 2, c->prof, J ? c->ddx : NULL, J ? c->dsh : NULL);
    const double aw = area * L->wl;
    for (size_t i = 0; i < cnt; i++)
        calc[a + i] += aw * c->prof[i];
    if (!J)
        return;
    const double adc = aw * L->dcl, wl = L->wl;
    const int ns = c->ns, ratio_col = l == 1 && c->refine_ratio;
    for (size_t i = 0; i < cnt; i++) {
        const double f = c->isg[a + i];
        double *row = J + (a + i) * ldj + col_k;
        row[0] -= adc * c->ddx[i] * f;
        row[1] += wl * c->prof[i] * f;
        for (int s = 0; s < ns; s++)
            row[2 + s] += aw * c->dsh[(size_t)s * cnt + i] * f;
        if (ratio_col)
            J[(a + i) * ldj + c->off_ratio] += area * c->prof[i] * f;
    }
}

/* Add one peak, all its lines, to calc (no derivatives). -1 for an invalid shape. */
int xrdi_pf_add_peak(pf_ctx *c, const double *pk, double ratio, double *calc)
{
    pf_line ln[XRD_MAX_LINES];
    if (peak_lines(c, pk, ratio, ln))
        return -1;
    for (int l = 0; l < c->n_lines; l++)
        if (ln[l].b > ln[l].a)
            add_line(c, pk, 0, l, &ln[l], ln[l].a, ln[l].b, calc, NULL, 0);
    return 0;
}

/* Model rows [i0, i1) (xrdi_block_fn): calc[i0..i1) always, residuals r and
 * Jacobian rows J (stride ldj, natural parameters, divided by sigma) when
 * asked: background, then every peak line's part of the rows. */
int xrdi_pf_block(const double *v, size_t i0, size_t i1, double *r, double *J, size_t ldj,
                  void *vctx)
{
    pf_ctx *c = vctx;
    double *calc = c->calc;
    const int nl = c->n_lines;
    double ratio = c->refine_ratio ? v[c->off_ratio] : (nl > 1 ? c->wt[1] : 0);
    for (size_t k = 0; k < c->npk; k++)
        if (peak_lines(c, v + k * (size_t)c->stride, ratio, c->lines + k * (size_t)nl))
            return -1;
    const double *bk = v + c->off_bkg;
    for (size_t i = i0; i < i1; i++) {
        const double *t = c->T + i * (size_t)c->nb;
        double b = 0;
        for (int j = 0; j < c->nb; j++)
            b += bk[j] * t[j];
        calc[i] = b;
    }
    /* J rows relative to i0, so that add_line can index J + i * ldj */
    double *J0 = J ? J - i0 * ldj : NULL;
    if (J)
        for (size_t i = i0; i < i1; i++) {
            double *row = J0 + i * ldj;
            memset(row, 0, c->np * sizeof(double));
            for (int j = 0; j < c->nb; j++)
                row[c->off_bkg + (size_t)j] = c->T[i * (size_t)c->nb + (size_t)j] * c->isg[i];
        }
    for (size_t k = 0; k < c->npk; k++)
        for (int l = 0; l < nl; l++) {
            const pf_line *L = &c->lines[k * (size_t)nl + (size_t)l];
            size_t a = L->a > i0 ? L->a : i0, b = L->b < i1 ? L->b : i1;
            if (b > a)
                add_line(c, v + k * (size_t)c->stride, k * (size_t)c->stride, l, L, a, b, calc,
                         J0, ldj);
        }
    if (r) {
        int bad = 0;
        for (size_t i = i0; i < i1; i++) {
            r[i - i0] = (calc[i] - c->y[i]) * c->isg[i];
            bad |= !isfinite(r[i - i0]);
        }
        if (bad)
            return -1;
    }
    return 0;
}
