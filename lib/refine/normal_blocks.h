/* The normal matrix of a set of model parameters accumulated over blocks of
 * points (internal): the points x parameters Jacobian is never stored.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_NORMAL_BLOCKS_H
#define XRDFIT_REFINE_NORMAL_BLOCKS_H

#include "model/model.h"

struct xrdi_nb_ws;

/* M ((np+1) x (np+1), row-major, full) = [J | w y]^T [J | w y] at the model's
 * current values, on m->threads threads (the result does not depend on how
 * many), J the weighted derivatives of the calculated pattern for
 * refs (columns j scaled by colscale[j] for j < n_scaled when colscale is not
 * NULL). Each block of rows is evaluated once with every peak set up in
 * advance, and only the columns it touches enter the product. clamped (may be
 * NULL) receives how many peaks inside the data have their Gaussian width^2 at
 * or below 0 (held at the floor). Counts one evaluation with Jacobian in
 * m->counts. 0, or -1 (no memory, or the model cannot be evaluated). */
int xrdi_normal_blocks(const xrdi_model *m, const xrdi_pref *refs, size_t np,
                       const double *colscale, size_t n_scaled, double *M, size_t *clamped,
                       struct xrdi_nb_ws *ws);

/* Buffers kept between calls with the same np (repeated passes of one
 * refinement): NULL in xrdi_normal_blocks allocates for the call only. One set
 * of block buffers per thread, one matrix per chunk of blocks. */
#define XRDI_NB_MAX_THREADS 16
typedef struct {
    double *J, *P, *acc, *wy;
    size_t *map;
} xrdi_nb_thread;

typedef struct xrdi_nb_ws {
    size_t cap_rows, cap_np, cap_chunks;
    int cap_threads;
    xrdi_nb_thread t[XRDI_NB_MAX_THREADS];
    double *chunk_M;
} xrdi_nb_ws;

void xrdi_nb_ws_free(xrdi_nb_ws *ws);

#endif
