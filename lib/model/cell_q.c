/* Reciprocal metric of a phase in its free cell parameters (internal):
 * Q = 1/d^2 and dQ/d(each free parameter). Closed forms for orthogonal
 * and hexagonal cells; otherwise through the metric tensor G, with
 * dQ/dp = -v' (dG/dp) v, v = G^-1 h, summed over the parameters a free one
 * drives (a drives b in a tetragonal cell, alpha drives beta and gamma on
 * rhombohedral axes). Angles in degrees.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "model/model.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

unsigned xrdi_cell_driven(const xrd_spacegroup *sg, int which)
{
    unsigned self = 1u << which;
    switch (sg->system) {
    case XRD_SYS_CUBIC: return which == 0 ? 7u : self;
    case XRD_SYS_TETRAGONAL:
    case XRD_SYS_HEXAGONAL: return which == 0 ? 3u : self;
    case XRD_SYS_TRIGONAL:
        if (sg->rhombohedral_axes)
            return which == 0 ? 7u : which == 3 ? 56u : self;
        return which == 0 ? 3u : self;
    default: return self;
    }
}

static void general(const xrdi_mphase *p, int h, int k, int l, double *q, double *dq)
{
    xrd_cell c = p->phase.cell;
    xrd_spacegroup_constrain_cell(&p->phase.sg, &c);
    const double rad = M_PI / 180.0;
    double ca = cos(c.alpha * rad), cb = cos(c.beta * rad), cg = cos(c.gamma * rad);
    double sa = sin(c.alpha * rad), sb = sin(c.beta * rad), sg = sin(c.gamma * rad);
    double g[9] = {c.a * c.a,      c.a * c.b * cg, c.a * c.c * cb, c.a * c.b * cg, c.b * c.b,
                   c.b * c.c * ca, c.a * c.c * cb, c.b * c.c * ca, c.c * c.c};
    double c11 = g[4] * g[8] - g[5] * g[5], c12 = g[2] * g[5] - g[1] * g[8],
           c13 = g[1] * g[5] - g[2] * g[4], c22 = g[0] * g[8] - g[2] * g[2],
           c23 = g[1] * g[2] - g[0] * g[5], c33 = g[0] * g[4] - g[1] * g[1];
    double det = g[0] * c11 + g[1] * c12 + g[2] * c13;
    if (!(det > 0.0)) {
        *q = NAN;
        return;
    }
    double hh = h, kk = k, ll = l;
    double v0 = (c11 * hh + c12 * kk + c13 * ll) / det, v1 = (c12 * hh + c22 * kk + c23 * ll) / det,
           v2 = (c13 * hh + c23 * kk + c33 * ll) / det;
    *q = hh * v0 + kk * v1 + ll * v2;
    /* -v' dG v for each direct parameter */
    double d[6];
    d[0] = -(2.0 * c.a * v0 * v0 + 2.0 * v0 * (c.b * cg * v1 + c.c * cb * v2));
    d[1] = -(2.0 * c.b * v1 * v1 + 2.0 * v1 * (c.a * cg * v0 + c.c * ca * v2));
    d[2] = -(2.0 * c.c * v2 * v2 + 2.0 * v2 * (c.a * cb * v0 + c.b * ca * v1));
    d[3] = 2.0 * c.b * c.c * sa * rad * v1 * v2;
    d[4] = 2.0 * c.a * c.c * sb * rad * v0 * v2;
    d[5] = 2.0 * c.a * c.b * sg * rad * v0 * v1;
    for (int j = 0; j < p->n_cell_free; j++) {
        unsigned m = xrdi_cell_driven(&p->phase.sg, p->cell_idx[j]);
        double s = 0.0;
        for (int t = 0; t < 6; t++)
            if (m & (1u << t))
                s += d[t];
        dq[j] = s;
    }
}

void xrdi_cell_q(const xrdi_mphase *p, int h, int k, int l, double *q, double dq[XRDI_MAX_CELL])
{
    const xrd_cell *c = &p->phase.cell;
    double hh = (double)h, kk = (double)k, ll = (double)l;
    for (int j = 0; j < XRDI_MAX_CELL; j++)
        dq[j] = 0.0;
    const xrd_spacegroup *sg = &p->phase.sg;
    switch (sg->system) {
    case XRD_SYS_CUBIC: {
        double s = hh * hh + kk * kk + ll * ll;
        *q = s / (c->a * c->a);
        dq[0] = -2.0 * *q / c->a;
        return;
    }
    case XRD_SYS_TETRAGONAL: {
        double qa = (hh * hh + kk * kk) / (c->a * c->a), qc = ll * ll / (c->c * c->c);
        *q = qa + qc;
        dq[0] = -2.0 * qa / c->a;
        dq[1] = -2.0 * qc / c->c;
        return;
    }
    case XRD_SYS_TRIGONAL:
    case XRD_SYS_HEXAGONAL: {
        if (sg->rhombohedral_axes)
            break;
        double qa = 4.0 / 3.0 * (hh * hh + hh * kk + kk * kk) / (c->a * c->a);
        double qc = ll * ll / (c->c * c->c);
        *q = qa + qc;
        dq[0] = -2.0 * qa / c->a;
        dq[1] = -2.0 * qc / c->c;
        return;
    }
    case XRD_SYS_ORTHORHOMBIC: {
        double qa = hh * hh / (c->a * c->a), qb = kk * kk / (c->b * c->b),
               qc = ll * ll / (c->c * c->c);
        *q = qa + qb + qc;
        dq[0] = -2.0 * qa / c->a;
        dq[1] = -2.0 * qb / c->b;
        dq[2] = -2.0 * qc / c->c;
        return;
    }
    case XRD_SYS_MONOCLINIC:
    case XRD_SYS_TRICLINIC:
        break;
    }
    general(p, h, k, l, q, dq);
}
