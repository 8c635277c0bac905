/* The variable-projection workspace and a point of its reduced problem,
 * shared by the solver (varpro.c), the evaluation of a point
 * (varpro_reduce.c) and the parameters' split and buffers (varpro_setup.c)
 * (internal). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_VARPRO_INTERNAL_H
#define XRDFIT_REFINE_VARPRO_INTERNAL_H

#include <stddef.h>

#include "refine/fit_internal.h"
#include "refine/normal_blocks.h"

typedef struct {
    struct xrd_fit *f;
    size_t p, q, np, nm;       /* non-linear, linear, all, np + 1 */
    xrdi_pref *ref;            /* np references, non-linear first */
    xrdi_bound *bound;         /* p bounds of the non-linear parameters */
    double *colscale;          /* p: d(natural)/d(solver variable) */
    unsigned char *nonneg;     /* np: linear parameters kept >= 0 */
    double *yc;                /* scratch of np + 1 */
    double *L;                 /* scaled Cholesky factor of M_FF (q x q) */
    double *sc;                /* q scale factors */
    size_t *idx;               /* q free linear parameters (indices into ref) */
    size_t clamped;            /* peaks of the last pass whose Gaussian width^2 went <= 0 */
    double prior_scale;        /* restraints weigh s2 / sd^2: s2 = max(1, chi2/dof) at the
                                  start point (0 until its evaluation) */
    xrdi_nb_ws nb;             /* pass buffers */
} vp;

/* A point of the reduced problem with everything derived from its pass. */
typedef struct {
    double *theta, *c, *M, *S, *g;
    double *Y;                 /* np x p: d(c opt)/d(theta) = -Y, rows of free linear ones */
    unsigned char *fixed;      /* np: linear parameter held at 0 */
    double chi2;
    size_t n_free;
    size_t clamped;            /* peaks with the Gaussian width held at its floor */
} vp_state;

/* The probe value (> 0) of a parameter solved in its square (microstrain, the
 * Gaussian size term, FCJ asymmetry): its value is at least the probe, so the
 * derivative in the square is defined; 0 for every other parameter. */
double xrdi_vp_squared_probe(xrdi_pkind k);

/* Put the non-linear parameters theta (squares taken back to their roots) and
 * the linear ones c (0 where fixed, which may be NULL) into the model, the
 * ties and a tied asymmetry applied; the column scales follow the roots. */
void xrdi_vp_set_point(vp *w, const double *theta, const double *c, const unsigned char *fixed);

/* A pass at (st->theta, the linear parameters c_pass, fixed_pass) and its
 * reduction: st's linear solution, chi2, S and g, the restraints added (the
 * first call sets their scale from the misfit). 0, or -1. */
int xrdi_vp_evaluate(vp *w, vp_state *st, const double *c_pass, const unsigned char *fixed_pass);

/* The workspace of f's refinement of nl: its non-linear parameters (their
 * bounds, the squared ones' upper bound squared), then every linear one.
 * XRD_ERR_NOMEM; free with xrdi_vp_release in either case. */
xrd_status xrdi_vp_setup(vp *w, struct xrd_fit *f, const xrdi_pset *nl, xrd_error *err);

/* Free the workspace's buffers and pass buffers. */
void xrdi_vp_release(vp *w);

/* Allocate a point of p non-linear and np parameters in all (theta and c
 * zeroed). 0, or -1 (free with xrdi_vp_state_free then too). */
int xrdi_vp_state_alloc(vp_state *s, size_t p, size_t np);

/* Free a point's buffers (not s itself). */
void xrdi_vp_state_free(vp_state *s);

#endif
