/* The multi-peak fit's evaluation context and model (peak_fit_model.c) and
 * its start values (peak_fit_start.c), shared with xrd_peak_fit in
 * peak_fit.c (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFINE_PEAK_FIT_INTERNAL_H
#define XRDFIT_REFINE_PEAK_FIT_INTERNAL_H

#include <stddef.h>

#include "xrdfit/peaks.h"
#include "refine/lsq.h"

typedef struct {
    const xrd_profile_type *t;
    size_t n;              /* points */
    const double *x, *y, *sg;
    size_t npk;            /* peaks */
    int ns, stride;        /* shape parameters, parameters per peak */
    int nb;                /* background terms */
    size_t off_bkg, off_ratio, np;
    int refine_ratio;
    int n_lines;
    double lam[XRD_MAX_LINES], wt[XRD_MAX_LINES];
    double tail, x_lo, x_hi;
    double *T;             /* n x nb Chebyshev values */
    double *isg;           /* n values 1 / sigma */
    double *dx, *prof, *ddx, *dsh, *calc;
    struct pf_line_s *lines; /* npk x n_lines scratch of xrdi_pf_block */
} pf_ctx;

/* One line of one peak: centre, d centre / d position, weight, points [a, b). */
typedef struct pf_line_s {
    double cl, dcl, wl;
    size_t a, b;
} pf_line;

/* Model rows [i0, i1) (xrdi_block_fn): calc[i0..i1) always, residuals r and
 * Jacobian rows J (stride ldj, natural parameters, divided by sigma) when
 * asked: background, then every peak line's part of the rows. */
int xrdi_pf_block(const double *v, size_t i0, size_t i1, double *r, double *J, size_t ldj,
                  void *vctx);

/* Add one peak (parameters pk: position, area, shape), all its lines with the
 * Ka2 ratio ratio, to calc (no derivatives). -1 for an invalid shape. */
int xrdi_pf_add_peak(pf_ctx *c, const double *pk, double ratio, double *calc);

/* Start shape parameters s (t->n_shape of them) of profile t from a FWHM F
 * (deg). */
void xrdi_pf_start_shape(const xrd_profile_type *t, double F, double *s);

/* Bounds b of the t->n_shape shape parameters of profile t: positive, a
 * pseudo-Voigt's eta in [0, 1], Pearson VII exponents at least 0.5. */
void xrdi_pf_shape_bounds(const xrd_profile_type *t, xrdi_bound *b);

/* Linear start: areas and background of v (positions and shapes held) by
 * least squares, a pseudo-Voigt's eta from its Lorentzian and Gaussian parts;
 * v is left as it was where the solve fails. */
void xrdi_pf_linear_start(pf_ctx *c, double *v);

#endif
