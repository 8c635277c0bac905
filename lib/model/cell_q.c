/* Reciprocal metric of a phase in its free cell parameters (internal):
 * Q = 1/d^2 and dQ/d(a, b, c) for cubic, tetragonal, hexagonal and
 * orthorhombic cells. SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/model.h"

void xrdi_cell_q(const xrdi_mphase *p, int h, int k, int l, double *q, double dq[3])
{
    const xrd_cell *c = &p->phase.cell;
    double hh = (double)h, kk = (double)k, ll = (double)l;
    dq[0] = dq[1] = dq[2] = 0.0;
    switch (p->phase.sg.system) {
    case XRD_SYS_CUBIC: {
        double s = hh * hh + kk * kk + ll * ll;
        *q = s / (c->a * c->a);
        dq[0] = -2.0 * *q / c->a;
        break;
    }
    case XRD_SYS_TETRAGONAL: {
        double qa = (hh * hh + kk * kk) / (c->a * c->a), qc = ll * ll / (c->c * c->c);
        *q = qa + qc;
        dq[0] = -2.0 * qa / c->a;
        dq[1] = -2.0 * qc / c->c;
        break;
    }
    case XRD_SYS_HEXAGONAL:
    case XRD_SYS_TRIGONAL: {
        double qa = 4.0 / 3.0 * (hh * hh + hh * kk + kk * kk) / (c->a * c->a);
        double qc = ll * ll / (c->c * c->c);
        *q = qa + qc;
        dq[0] = -2.0 * qa / c->a;
        dq[1] = -2.0 * qc / c->c;
        break;
    }
    default: { /* orthorhombic */
        double qa = hh * hh / (c->a * c->a), qb = kk * kk / (c->b * c->b),
               qc = ll * ll / (c->c * c->c);
        *q = qa + qb + qc;
        dq[0] = -2.0 * qa / c->a;
        dq[1] = -2.0 * qb / c->b;
        dq[2] = -2.0 * qc / c->c;
        break;
    }
    }
}
