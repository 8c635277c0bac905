/* The variable projection's parameters split into the non-linear ones and
 * the linear ones (background terms, hump, film and rings, Rietveld scales,
 * Le Bail intensities), its workspace and the buffers of a point.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "refine/varpro_internal.h"

int xrdi_vp_state_alloc(vp_state *s, size_t p, size_t np)
{
    size_t nm = np + 1;
    s->theta = calloc(p + 1, sizeof(double));
    s->c = calloc(np, sizeof(double));
    s->M = malloc(nm * nm * sizeof(double));
    s->S = malloc((p * p + 1) * sizeof(double));
    s->g = malloc((p + 1) * sizeof(double));
    s->fixed = calloc(np, 1);
    s->Y = calloc(np * p + 1, sizeof(double));
    return s->theta && s->c && s->M && s->S && s->g && s->fixed && s->Y ? 0 : -1;
}

void xrdi_vp_state_free(vp_state *s)
{
    free(s->theta);
    free(s->c);
    free(s->M);
    free(s->S);
    free(s->g);
    free(s->fixed);
    free(s->Y);
}

static int is_linear(xrdi_pkind k)
{
    return k == XRDI_P_BKG || k == XRDI_P_INVX || k == XRDI_P_HUMP_H || k == XRDI_P_FILM_A ||
           k == XRDI_P_RING_H || k == XRDI_P_SCALE ||
           k == XRDI_P_INTENSITY || k == XRDI_P_CLUSTER;
}

/* A reflection group is a linear parameter when it is evaluated and not tied,
 * and its phase's intensities are Le Bail's (a Rietveld phase has its scale). */
static int group_is_linear(const xrdi_mphase *ph, const xrdi_refl *r)
{
    return !ph->rietveld && !r->off && r->tie < 0;
}

/* How many linear parameters: background terms, hump height, groups. */
static size_t linear_count(const xrdi_model *m)
{
    size_t q = (size_t)m->bkg.n_cheb + (m->bkg.use_inv_x != 0) + (m->bkg.use_hump != 0) +
               (m->bkg.use_film != 0) + (size_t)(m->bkg.use_film ? m->bkg.n_rings : 0);
    for (int p = 0; p < m->n_phases; p++) {
        q += m->ph[p].rietveld != 0;
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            q += group_is_linear(&m->ph[p], &m->ph[p].refl[k]);
    }
    return q;
}

/* The linear parameters into out (linear_count entries): background terms,
 * hump height, every evaluated group's intensity (ties follow); nonneg marks
 * those that must stay >= 0. */
static void linear_refs(const xrdi_model *m, xrdi_pref *out, unsigned char *nonneg)
{
    size_t q = 0;
    for (int j = 0; j < m->bkg.n_cheb; j++) {
        xrdi_pref r = {XRDI_P_BKG, -1, j};
        out[q] = r;
        nonneg[q++] = 0;
    }
    if (m->bkg.use_inv_x) {
        xrdi_pref r = {XRDI_P_INVX, -1, 0};
        out[q] = r;
        nonneg[q++] = 0;
    }
    if (m->bkg.use_hump) {
        xrdi_pref r = {XRDI_P_HUMP_H, -1, 0};
        out[q] = r;
        nonneg[q++] = 1;
    }
    if (m->bkg.use_film) {
        xrdi_pref r = {XRDI_P_FILM_A, -1, 0};
        out[q] = r;
        nonneg[q++] = 1;
        for (int j = 0; j < m->bkg.n_rings; j++) {
            xrdi_pref g = {XRDI_P_RING_H, -1, j};
            out[q] = g;
            nonneg[q++] = 1;
        }
    }
    for (int p = 0; p < m->n_phases; p++) {
        if (m->ph[p].rietveld) {
            xrdi_pref r = {XRDI_P_SCALE, p, 0};
            out[q] = r;
            nonneg[q++] = 1;
        }
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            if (group_is_linear(&m->ph[p], &m->ph[p].refl[k])) {
                xrdi_pref r = {XRDI_P_INTENSITY, p, (int)k};
                out[q] = r;
                nonneg[q++] = 1;
            }
    }
}

xrd_status xrdi_vp_setup(vp *w, struct xrd_fit *f, const xrdi_pset *nl, xrd_error *err)
{
    xrdi_model *m = &f->m;
    memset(w, 0, sizeof *w);
    w->f = f;
    size_t p = 0;
    for (size_t j = 0; j < nl->np; j++)
        p += !is_linear(nl->ref[j].kind);
    size_t q = linear_count(m);
    size_t np = p + q, nm = np + 1;
    w->p = p;
    w->q = q;
    w->np = np;
    w->nm = nm;
    w->ref = malloc(np * sizeof(xrdi_pref));
    w->bound = malloc((p + 1) * sizeof(xrdi_bound));
    w->colscale = malloc((p + 1) * sizeof(double));
    w->nonneg = calloc(np, 1);
    w->yc = malloc(nm * sizeof(double));
    w->L = malloc((q * q + 1) * sizeof(double));
    w->sc = malloc((q + 1) * sizeof(double));
    w->idx = malloc((q + 1) * sizeof(size_t));
    if (!w->ref || !w->bound || !w->colscale || !w->nonneg || !w->yc || !w->L || !w->sc || !w->idx)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the refinement");
    size_t a = 0;
    for (size_t j = 0; j < nl->np; j++)
        if (!is_linear(nl->ref[j].kind)) {
            w->ref[a] = nl->ref[j];
            w->bound[a] = nl->bound[j];
            /* a parameter solved in its square has its upper bound squared */
            if (xrdi_vp_squared_probe(w->ref[a].kind) > 0 && w->bound[a].tr == XRDI_INTERVAL)
                w->bound[a].hi *= w->bound[a].hi;
            w->colscale[a] = 1.0;
            a++;
        }
    linear_refs(m, w->ref + p, w->nonneg + p);
    return XRD_OK;
}

void xrdi_vp_release(vp *w)
{
    xrdi_nb_ws_free(&w->nb);
    free(w->ref);
    free(w->bound);
    free(w->colscale);
    free(w->nonneg);
    free(w->yc);
    free(w->L);
    free(w->sc);
    free(w->idx);
}
