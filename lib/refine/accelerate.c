/* Safeguarded vector extrapolation of the refinement cycles.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/accelerate.h"

#include <math.h>

/* The slowly drifting quantities: cell, zero, displacement, widths. The
 * amplitudes and the background follow them within a cycle. */
static int drifts(xrdi_pkind k)
{
    return k != XRDI_P_BKG && k != XRDI_P_INTENSITY && k != XRDI_P_CLUSTER && k != XRDI_P_SCALE &&
           k != XRDI_P_INVX && k != XRDI_P_HUMP_H && k != XRDI_P_FILM_A && k != XRDI_P_RING_H;
}

size_t xrdi_state_size(const xrdi_model *m, const xrdi_pset *s)
{
    size_t n = 0;
    (void)m;
    for (size_t j = 0; j < s->np; j++)
        n += (size_t)drifts(s->ref[j].kind);
    return n;
}

void xrdi_state_get(xrdi_model *m, const xrdi_pset *s, double *x)
{
    size_t q = 0;
    for (size_t j = 0; j < s->np; j++)
        if (drifts(s->ref[j].kind))
            x[q++] = *xrdi_param_ptr(m, s->ref[j]);
}

void xrdi_state_set(xrdi_model *m, const xrdi_pset *s, const double *x)
{
    size_t q = 0;
    for (size_t j = 0; j < s->np; j++)
        if (drifts(s->ref[j].kind)) {
            double v = x[q++];
            /* bounded parameters stay inside their bounds */
            if (s->bound[j].tr == XRDI_LOWER && v < s->bound[j].lo)
                v = s->bound[j].lo;
            *xrdi_param_ptr(m, s->ref[j]) = v;
        }
    xrdi_apply_ties(m);
    if (m->asym_tied)
        m->inst.asym_hl = m->inst.asym_sl;
}

size_t xrdi_snapshot_size(const xrdi_model *m, const xrdi_pset *s)
{
    size_t n = s->np;
    for (int p = 0; p < m->n_phases; p++)
        n += m->ph[p].n_refl;
    return n;
}

void xrdi_snapshot_get(xrdi_model *m, const xrdi_pset *s, double *x)
{
    size_t q = 0;
    for (size_t j = 0; j < s->np; j++)
        x[q++] = *xrdi_param_ptr(m, s->ref[j]);
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            x[q++] = m->ph[p].refl[k].intensity;
}

void xrdi_snapshot_set(xrdi_model *m, const xrdi_pset *s, const double *x)
{
    size_t q = 0;
    for (size_t j = 0; j < s->np; j++)
        *xrdi_param_ptr(m, s->ref[j]) = x[q++];
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            m->ph[p].refl[k].intensity = x[q++];
    xrdi_apply_ties(m);
    if (m->asym_tied)
        m->inst.asym_hl = m->inst.asym_sl;
}

void xrdi_state_scale(const xrdi_pset *s, const double *esd, double *scale)
{
    size_t q = 0;
    for (size_t j = 0; j < s->np; j++)
        if (drifts(s->ref[j].kind))
            scale[q++] = esd[j];
}

int xrdi_extrapolate(const double *x0, const double *x1, const double *x2, const double *scale,
                     size_t n, double *out)
{
    double d0d0 = 0, d1d1 = 0, d0d1 = 0;
    for (size_t i = 0; i < n; i++) {
        double sc = scale[i];
        if (!(sc > 0 && isfinite(sc)))
            continue;
        double a = (x1[i] - x0[i]) / sc, b = (x2[i] - x1[i]) / sc;
        d0d0 += a * a;
        d1d1 += b * b;
        d0d1 += a * b;
    }
    if (!(d0d0 > 0 && d1d1 > 0))
        return 0;
    double cosang = d0d1 / sqrt(d0d0 * d1d1);
    double r = sqrt(d1d1 / d0d0);
    if (!(cosang > 0.95 && r < 0.98 && r > 0.3))
        return 0;
    double f = r / (1.0 - r);
    if (f > 30.0)
        f = 30.0;
    for (size_t i = 0; i < n; i++)
        out[i] = x2[i] + f * (x2[i] - x1[i]);
    return 1;
}
