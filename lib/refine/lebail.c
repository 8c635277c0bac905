/* Le Bail intensity extraction and reflection-group bookkeeping.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/lebail.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/faults.h"
#include "model/peak.h"
#include "refine/rietveld.h"
#include "xrdfit/simulate.h"

/* trapezoid weight of point i (its share of the x axis) */
static double step_at(const xrdi_model *m, size_t i)
{
    const double *x = m->x;
    size_t n = m->n;
    double a = i > 0 ? x[i] - x[i - 1] : x[1] - x[0];
    double b = i + 1 < n ? x[i + 1] - x[i] : a;
    /* across a gap (a scan window boundary) use the local step only */
    if (a > 5.0 * b)
        a = b;
    if (b > 5.0 * a)
        b = a;
    return 0.5 * (a + b);
}

#define LEBAIL_TRIM 1e-4

/* Le Bail iterations on cached profiles: the non-linear parameters do not
 * change between iterations, so each group's windowed profile (all lines) is
 * computed once; an iteration is then a few multiply-adds per point. */
typedef struct {
    xrdi_refl *r;
    double amp; /* phase scale */
    int fixed;  /* a Rietveld phase's group: its structure sets the intensity */
    size_t i0, cnt;
    float *prof;
} cached;

int xrdi_lebail_converge(xrdi_model *m, double tol, int max_cycles)
{
    size_t n = m->n, ng = 0, total = 0;
    for (int p = 0; p < m->n_phases; p++)
        ng += m->ph[p].n_refl;
    cached *g = calloc(ng ? ng : 1, sizeof(cached));
    double *bk = malloc(n * sizeof(double)), *net = malloc(n * sizeof(double));
    double *dx = malloc(n * sizeof(double)), *tmp = malloc(n * sizeof(double));
    int rc = -1, it = 0;
    size_t q = 0;
    if (!g || !bk || !net || !dx || !tmp)
        goto done;
    for (size_t i = 0; i < n; i++) {
        bk[i] = xrdi_background_at(m, m->x[i]);
        dx[i] = step_at(m, i);
    }
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            cached *c = &g[q];
            if (xrdi_model_refl_profile(m, p, k, tmp, &c->i0, &c->cnt))
                goto done;
            /* the far tails carry no weight in the partition: trimmed where
             * below LEBAIL_TRIM of the peak's height (~1/FWHM for unit area;
             * a group centred outside the data may keep nothing), and held in
             * single precision */
            double H = xrdi_model_fwhm(m, p, m->ph[p].refl[k].d_A);
            double pmax = isfinite(H) && H > 0 ? 1.0 / H : INFINITY;
            size_t a = 0, b = c->cnt;
            while (a < b && tmp[a] < LEBAIL_TRIM * pmax)
                a++;
            while (b > a && tmp[b - 1] < LEBAIL_TRIM * pmax)
                b--;
            c->i0 += a;
            c->cnt = b - a;
            if (c->cnt == 0)
                continue;
            c->prof = malloc(c->cnt * sizeof(float));
            if (!c->prof)
                goto done;
            for (size_t i = 0; i < c->cnt; i++)
                c->prof[i] = (float)tmp[a + i];
            c->r = &m->ph[p].refl[k];
            c->fixed = m->ph[p].rietveld;
            c->amp = m->ph[p].scale * (c->r->cluster >= 0 ? m->cluster_scale[c->r->cluster] : 1.0);
            total += c->cnt;
            q++;
        }
    double *inew = tmp; /* n >= q is not guaranteed: reuse only when it fits */
    double *own = q <= n ? inew : malloc(q * sizeof(double));
    if (!own)
        goto done;
    for (it = 0; it < max_cycles; it++) {
        memset(net, 0, n * sizeof(double));
        for (size_t j = 0; j < q; j++) {
            double a = g[j].r->intensity * g[j].amp;
            for (size_t i = 0; i < g[j].cnt; i++)
                net[g[j].i0 + i] += a * g[j].prof[i];
        }
        double ymax = 0;
        for (size_t i = 0; i < n; i++)
            if (net[i] > ymax)
                ymax = net[i];
        double floor_c = 1e-9 * (ymax > 0 ? ymax : 1.0), imax = 0, dmax = 0;
        for (size_t j = 0; j < q; j++) {
            own[j] = g[j].r->intensity;
            if (g[j].r->joint || g[j].r->tie >= 0 || g[j].fixed)
                continue;
            double num = 0, den = 0;
            for (size_t i = 0; i < g[j].cnt; i++) {
                size_t ii = g[j].i0 + i;
                if (net[ii] <= floor_c || g[j].prof[i] <= 0)
                    continue;
                double w = g[j].prof[i] * dx[ii];
                num += w * (m->y[ii] - bk[ii]) / net[ii];
                den += w;
            }
            if (den > 0) {
                double v = g[j].r->intensity * num / den;
                own[j] = v > 0 && isfinite(v) ? v : 0.0;
            }
        }
        for (size_t j = 0; j < q; j++) {
            double old = g[j].r->intensity;
            if (old > imax)
                imax = old;
            if (fabs(own[j] - old) > dmax)
                dmax = fabs(own[j] - old);
            g[j].r->intensity = own[j];
        }
        xrdi_apply_ties(m);
        m->lebail_change = imax > 0 ? dmax / imax : 0.0;
        if (m->lebail_change < tol) {
            it++;
            break;
        }
    }
    if (own != inew)
        free(own);
    rc = 0;
done:
    if (g)
        for (size_t j = 0; j < ng; j++)
            free(g[j].prof);
    free(g);
    free(bk);
    free(net);
    free(dx);
    free(tmp);
    (void)total;
    return rc < 0 ? -1 : it;
}

double xrdi_lebail_dominance(const xrdi_model *m, int p, size_t k)
{
    size_t n = m->n;
    double *yc = malloc(n * sizeof(double));
    double *pr = malloc(n * sizeof(double));
    double own = 0, tot = 0;
    size_t i0, cnt;
    if (yc && pr && xrdi_model_eval(m, NULL, 0, yc, NULL, 0, NULL) == 0 &&
        xrdi_model_refl_profile(m, p, k, pr, &i0, &cnt) == 0) {
        double ik = m->ph[p].refl[k].intensity * m->ph[p].scale;
        for (size_t j = 0; j < cnt; j++) {
            size_t i = i0 + j;
            double c = ik * pr[j], net = yc[i] - xrdi_background_at(m, m->x[i]);
            if (c <= 0 || net <= 0)
                continue;
            own += c * (c / net);
            tot += c;
        }
    }
    free(yc);
    free(pr);
    return tot > 0 ? own / tot : 0.0;
}

/* Where a group lies against the data: 1 some line's window lies inside the
 * data with points within a FWHM of its centre (the data see all but the
 * neglected tails), 0 every window outside or beyond 2theta = 180 (nothing
 * seen), -1 otherwise (to be integrated). */
static int window_side(const xrdi_model *m, int p, size_t k)
{
    int outside = 1;
    for (int l = 0; l < m->inst.rad.n_lines; l++) {
        xrdi_peak pk;
        int s = xrdi_peak_setup(m, p, k, l, &pk);
        if (s < 0)
            return -1;
        if (s == 0 || pk.hi_deg < m->x_lo || pk.lo_deg > m->x_hi)
            continue;
        outside = 0;
        double H;
        xrd_tch_mix(pk.hg, pk.hl, &H, NULL, NULL, NULL, NULL, NULL);
        if (pk.lo_deg >= m->x_lo && pk.hi_deg <= m->x_hi &&
            xrdi_lower_bound(m->x, m->n, pk.pos_deg + H) -
                    xrdi_lower_bound(m->x, m->n, pk.pos_deg - H) >= 3)
            return 1;
    }
    return outside ? 0 : -1;
}

void xrdi_lebail_update_visibility(xrdi_model *m)
{
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            xrdi_refl *r = &m->ph[p].refl[k];
            r->off = 0;
            int side = window_side(m, p, k);
            r->off = side == 0 || (side < 0 && xrdi_lebail_visible_fraction(m, p, k) < m->tail);
        }
}

double xrdi_lebail_visible_fraction(const xrdi_model *m, int p, size_t k)
{
    double *pr = malloc(m->n * sizeof(double));
    if (!pr)
        return 0.0;
    size_t i0, cnt;
    double s = 0;
    if (xrdi_model_refl_profile(m, p, k, pr, &i0, &cnt) == 0)
        for (size_t j = 0; j < cnt; j++)
            s += pr[j] * step_at(m, i0 + j);
    free(pr);
    double wsum = 0;
    for (int l = 0; l < m->inst.rad.n_lines; l++)
        wsum += l == 0 ? 1.0 : m->inst.rad.weight[l];
    return wsum > 0 ? s / wsum : 0.0;
}

int xrdi_lebail_init_reflections(xrdi_model *m, double i0, xrd_error *err)
{
    double lmax = 0;
    for (int l = 0; l < m->inst.rad.n_lines; l++)
        if (m->inst.rad.lambda_A[l] > lmax)
            lmax = m->inst.rad.lambda_A[l];
    /* reflections up to the data's end plus a margin for the tails of the groups
     * beyond it (a quarter of the range, at least 10 deg), not to 2theta = 180:
     * electron ring profiles end at a few degrees, where d would reach 0.01 A */
    double t_lim = m->x_hi + fmax(10.0, 0.25 * (m->x_hi - m->x_lo));
    double s_lim = t_lim < 180.0 ? sin(0.5 * t_lim * M_PI / 180.0) : 1.0;
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        /* 3 % margin so that a cell refined upwards keeps its high-angle groups */
        double d_min = 0.97 * lmax / (2.0 * s_lim);
        xrd_reflist *rl = NULL;
        if (xrd_reflections_generate_for(&ph->phase.cell, &ph->phase.sg, ph->phase.structure, d_min,
                                         &rl, err) != XRD_OK)
            return -1;
        free(ph->refl);
        ph->refl = NULL;
        ph->n_refl = 0;
        ph->refl = calloc(rl->n ? rl->n : 1, sizeof(xrdi_refl));
        if (!ph->refl) {
            xrd_reflist_free(rl);
            xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for reflections");
            return -1;
        }
        /* intensities expected from the phase's atoms, for the ties: unpolarised
         * (their ratios), with f_e at an electron wavelength */
        double *ex = ph->phase.n_atoms > 0 ? malloc((rl->n ? rl->n : 1) * sizeof(double)) : NULL;
        int equal = 1;
        xrd_sim_options to;
        xrd_sim_options_default(&to);
        to.electron = m->iopt.electron;
        if (ex && xrd_phase_intensities(&ph->phase, rl, m->inst.rad.lambda_A[0], &to, ex, &equal,
                                        NULL) != XRD_OK)
            equal = 1;
        for (size_t k = 0; k < rl->n; k++) {
            const xrd_reflection *r = &rl->refl[k];
            xrdi_refl *o = &ph->refl[ph->n_refl++];
            o->expect = ex && !equal && isfinite(ex[k]) && ex[k] > 0 ? ex[k] : 0.0;
            o->h = r->h;
            o->k = r->k;
            o->l = r->l;
            o->mult = r->multiplicity;
            o->d_A = r->d_A;
            if (xrdi_faults_apply(&ph->phase)) {
                xrdi_fault_coefs(o->h, o->k, o->l, &o->fault_g, &o->fault_v, &o->fault_t,
                                 &o->fault_lh);
                /* the twin term's scale from 2theta to the phase along the stacking
                 * direction, x = (q distance) a / lh, at this cell (held in a
                 * refinement: a shape, not a parameter) */
                double l0 = m->inst.rad.lambda_A[0], sn = l0 / (2.0 * o->d_A);
                if (o->fault_lh > 0 && sn < 1.0)
                    o->twin_rod = M_PI / 180.0 * (2.0 * M_PI * sqrt(1.0 - sn * sn) / l0) *
                                  ph->phase.cell.a / o->fault_lh;
            }
            o->intensity = i0;
            o->cluster = -1;
            o->tie = -1;
            o->off = 0;
        }
        free(ex);
        xrd_reflist_free(rl);
    }
    xrdi_model_set_ties(m);
    /* Rietveld phases: the intensities of their structures at this cell */
    if (xrdi_rietveld_structure(m, err) != XRD_OK)
        return -1;
    xrdi_apply_ties(m);
    return 0;
}
