/* Blocked accumulation of [J | w y]^T [J | w y] over the points.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/normal_blocks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/peak.h"
#include "refine/normal.h"

/* rows per block: long enough that the per-block work (peak windows, column
 * scan) is small, short enough that memory stays bounded for any pattern */
#define NB_BLOCK 1024

/* A += the product of one block's touched columns (J columns in map, then w y). */
/* J is column-major: column j of the block at J + j * nb. */
static void add_block(const double *J, size_t nb, size_t np, const double *wy, size_t *map,
                      double *P, double *acc, double *M)
{
    size_t nm = np + 1, nc = 0;
    for (size_t j = 0; j < np; j++) {
        const double *col = J + j * nb;
        size_t i = 0;
        while (i < nb && col[i] == 0.0)
            i++;
        if (i < nb)
            map[nc++] = j;
    }
    map[nc++] = np;
    size_t pc = XRDI_NORMAL_PAD(nc);
    for (size_t a = 0; a + 1 < nc; a++) {
        const double *col = J + map[a] * nb;
        for (size_t i = 0; i < nb; i++)
            P[i * pc + a] = col[i];
    }
    for (size_t i = 0; i < nb; i++) {
        double *row = P + i * pc;
        row[nc - 1] = wy[i];
        for (size_t a = nc; a < pc; a++)
            row[a] = 0.0;
    }
    memset(acc, 0, pc * pc * sizeof(double));
    xrdi_normal_acc(P, nb, pc, acc);
    for (size_t a = 0; a < nc; a++)
        for (size_t c = a; c < nc; c++)
            M[map[a] * nm + map[c]] += acc[a * pc + c];
}

void xrdi_nb_ws_free(xrdi_nb_ws *ws)
{
    free(ws->J);
    free(ws->P);
    free(ws->acc);
    free(ws->yc);
    free(ws->wy);
    free(ws->map);
    memset(ws, 0, sizeof *ws);
}

static int ws_fit(xrdi_nb_ws *ws, size_t bl, size_t np)
{
    if (ws->J && ws->cap_rows >= bl && ws->cap_np == np)
        return 0;
    xrdi_nb_ws_free(ws);
    size_t nm = np + 1, pc = XRDI_NORMAL_PAD(nm);
    ws->J = malloc(bl * (np ? np : 1) * sizeof(double));
    ws->P = malloc(bl * pc * sizeof(double));
    ws->acc = malloc(pc * pc * sizeof(double));
    ws->yc = malloc(bl * sizeof(double));
    ws->wy = malloc(bl * sizeof(double));
    ws->map = malloc(nm * sizeof(size_t));
    ws->cap_rows = bl;
    ws->cap_np = np;
    if (ws->J && ws->P && ws->acc && ws->yc && ws->wy && ws->map)
        return 0;
    xrdi_nb_ws_free(ws);
    return -1;
}

int xrdi_normal_blocks(const xrdi_model *m, const xrdi_pref *refs, size_t np,
                       const double *colscale, size_t n_scaled, double *M, size_t *clamped,
                       xrdi_nb_ws *wsp)
{
    size_t n = m->n, nm = np + 1;
    size_t bl = n < NB_BLOCK ? n : NB_BLOCK;
    xrdi_nb_ws local;
    memset(&local, 0, sizeof local);
    xrdi_nb_ws *ws = wsp ? wsp : &local;
    if (ws_fit(ws, bl, np))
        return -1;
    double *J = ws->J, *P = ws->P, *acc = ws->acc, *wy = ws->wy;
    size_t *map = ws->map;
    xrdi_peak_cache cache;
    int rc = -1;
    memset(&cache, 0, sizeof cache);
    int with_asym = 0;
    for (size_t j = 0; j < np; j++)
        with_asym |= refs[j].kind == XRDI_P_ASYM;
    if (xrdi_peak_cache_fill(m, with_asym, &cache))
        goto done;
    if (clamped) {
        *clamped = 0;
        for (size_t i = 0; i < cache.n; i++)
            *clamped += cache.status[i] == 1 && cache.pk[i].hg_clamped &&
                        cache.pk[i].hi_deg >= m->x[0] && cache.pk[i].lo_deg <= m->x[n - 1];
    }
    memset(M, 0, nm * nm * sizeof(double));
    for (size_t b0 = 0; b0 < n; b0 += bl) {
        size_t nb = n - b0 < bl ? n - b0 : bl;
        xrdi_model view = *m;
        view.n = nb;
        view.x = m->x + b0;
        view.y = m->y + b0;
        view.w = m->w + b0;
        view.counts = NULL;
        view.peaks = &cache;
        if (xrdi_model_eval_cols(&view, refs, np, NULL, J, 1))
            goto done;
        if (colscale)
            for (size_t j = 0; j < n_scaled; j++)
                if (colscale[j] != 1.0)
                    for (size_t i = 0; i < nb; i++)
                        J[j * nb + i] *= colscale[j];
        for (size_t i = 0; i < nb; i++)
            wy[i] = view.w[i] * view.y[i];
        add_block(J, nb, np, wy, map, P, acc, M);
    }
    for (size_t a = 0; a < nm; a++)
        for (size_t c = 0; c < a; c++)
            M[a * nm + c] = M[c * nm + a];
    rc = 0;
    for (size_t a = 0; a < nm; a++)
        if (!isfinite(M[a * nm + a]))
            rc = -1;
    if (m->counts) {
        m->counts->evals++;
        m->counts->jacobians++;
    }
done:
    xrdi_peak_cache_free(&cache);
    xrdi_nb_ws_free(&local);
    return rc;
}
