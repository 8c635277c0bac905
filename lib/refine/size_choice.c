/* The size term of small crystals chosen by BIC (issue 17): below
 * XRD_SIZE_CHOICE_NM the Voigt of a Le Bail fit misses the profile of
 * atomistic clusters (a sphere's size fringes and Fourier cusp), and on
 * Debye-equation spheres of 1.5-2.5 nm it leaves a off by up to 0.005 A; a
 * lognormal distribution of spheres (size_lognormal.c, peak_fourier.c) follows
 * them (|da| <= 0.0026 A, GOF 2.9 -> 1.9 at 2 nm). The fit is run again with
 * it from the Voigt fit's cells and sizes, and kept when it lowers the BIC
 * scaled by the misfit (chi2 / dof, at least 1) by XRD_SIZE_CHOICE_DBIC.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/fit_internal.h"

/* Scaled delta-BIC a lognormal size term must gain */
#define XRD_SIZE_CHOICE_DBIC 10.0

/* 1 when the fit took the Voigt size term by default and a phase's crystals
 * are below XRD_SIZE_CHOICE_NM */
static int applies(const struct xrd_fit *f)
{
    const xrd_fit_options *o = &f->opt;
    const xrd_fit_result *r = &f->res;
    if (!f->have_result || !r->converged || !o->size_auto || !o->refine_size || !o->size_gauss ||
        o->size_lognormal || o->refine_twins || o->rietveld || o->classic_cycles)
        return 0;
    for (int k = 0; k < r->n_phases; k++)
        if (r->phases[k].size_status == 1 && r->phases[k].sphere_diameter_nm < XRD_SIZE_CHOICE_NM)
            return 1;
    return 0;
}

xrd_status xrd_fit_choose_size_term(const xrd_pattern *p, const xrd_instrument *inst,
                                    xrd_fit **fit, xrd_error *err)
{
    struct xrd_fit *f = *fit;
    if (!f || !applies(f))
        return XRD_OK;
    int n = f->m.n_phases;
    xrd_phase *ph = malloc((size_t)n * sizeof *ph);
    if (!ph)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    for (int k = 0; k < n; k++)
        ph[k] = f->m.ph[k].phase; /* at the Voigt fit's cell */
    xrd_fit_options fo = f->opt;
    fo.size_lognormal = 1;
    xrd_fit *w = NULL;
    xrd_error e2;
    xrd_error_clear(&e2);
    xrd_status st = xrd_fit_new(p, inst, ph, n, &fo, &w, &e2);
    free(ph);
    for (int k = 0; st == XRD_OK && k < n; k++)
        if (f->res.phases[k].size_status == 1)
            st = xrd_fit_set_phase_broadening(w, k, f->res.phases[k].size_nm, 0.0, &e2);
    if (st == XRD_OK)
        st = xrd_fit_run(w, &e2);
    if (st == XRD_ERR_NOMEM) {
        xrd_fit_free(w);
        return xrd_error_set(err, st, NULL, 0, "%s", e2.message);
    }
    const xrd_fit_result *rv = &f->res, *rl = st == XRD_OK ? xrd_fit_get_result(w) : NULL;
    double s2 = rv->chi2_red > 1.0 ? rv->chi2_red : 1.0;
    double dbic = rl && rl->converged
                      ? (rv->chi2 - rl->chi2) / s2 -
                            ((double)rl->n_params - (double)rv->n_params) *
                                log((double)rv->n_points)
                      : NAN;
    if (isfinite(dbic) && dbic > XRD_SIZE_CHOICE_DBIC) {
        snprintf(w->res.size_model, sizeof w->res.size_model,
                 "a lognormal distribution of spheres, chosen over the Voigt for crystals "
                 "below %.0f nm by BIC (scaled delta-BIC %.0f)", XRD_SIZE_CHOICE_NM, dbic);
        xrd_fit_free(f);
        *fit = w;
        return XRD_OK;
    }
    if (isfinite(dbic))
        snprintf(f->res.size_model, sizeof f->res.size_model,
                 "the Voigt (a lognormal distribution of spheres, tried for crystals below "
                 "%.0f nm, gains a scaled delta-BIC of %.0f, not %.0f)", XRD_SIZE_CHOICE_NM,
                 dbic, XRD_SIZE_CHOICE_DBIC);
    else
        snprintf(f->res.size_model, sizeof f->res.size_model,
                 "the Voigt (a lognormal distribution of spheres, tried for crystals below "
                 "%.0f nm, did not converge)", XRD_SIZE_CHOICE_NM);
    xrd_fit_free(w);
    return XRD_OK;
}
