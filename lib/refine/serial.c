/* Serially correlated residuals (internal): when the model misses the
 * profile, neighbouring residuals share a sign and the data hold fewer
 * independent observations than points. The Berar-Lelann factor
 * sqrt((1 + rho)/(1 - rho)), rho = 1 - DW/2 from the Durbin-Watson statistic
 * (Berar & Lelann, J. Appl. Cryst. 24 (1991) 1), is how much the esds are too
 * small; its square is how much less the data weigh against the restraints
 * of the instrument model, which is what this file applies.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/serial.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/fit_internal.h"
#include "refine/strategy.h"

/* Restraints are reweighed only past this factor^2: below it the residuals
 * are as good as independent and a second pass would change nothing. */
#define SERIAL_BOOST_MIN 1.5

double xrdi_serial_factor(double durbin_watson)
{
    double rho = 1.0 - 0.5 * durbin_watson;
    if (!isfinite(rho) || !(rho > 0) || !(rho < 1))
        return 1.0;
    return sqrt((1.0 + rho) / (1.0 - rho));
}

double xrdi_fit_durbin_watson(const struct xrd_fit *f)
{
    const xrdi_model *m = &f->m;
    size_t n = m->n;
    double *yc = malloc(n * sizeof(double));
    if (!yc || xrdi_model_eval(&f->m, NULL, 0, yc, NULL, 0, NULL)) {
        free(yc);
        return NAN;
    }
    double num = 0, den = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        double r = (m->y[i] - yc[i]) * m->w[i];
        den += r * r;
        if (i > 0)
            num += (r - prev) * (r - prev);
        prev = r;
    }
    free(yc);
    return den > 0 ? num / den : NAN;
}

/* Any instrument term restrained among the refined parameters? */
static int has_restraints(const struct xrd_fit *f)
{
    xrdi_pset s;
    xrdi_pset_all(f, &s);
    for (size_t j = 0; j < s.np; j++)
        if (xrdi_fit_prior(f, s.ref[j].kind))
            return 1;
    return 0;
}

/* The refined values and every group's intensity, to return to. */
typedef struct {
    xrdi_pset s;
    double v[XRDI_MAX_PARAMS];
    double cluster[XRDI_MAX_CLUSTERS];
    size_t n_int;
    double *inten;
} snapshot;

static int take(struct xrd_fit *f, snapshot *sn)
{
    xrdi_model *m = &f->m;
    xrdi_pset_all(f, &sn->s);
    for (size_t j = 0; j < sn->s.np; j++)
        sn->v[j] = *xrdi_param_ptr(m, sn->s.ref[j]);
    memcpy(sn->cluster, m->cluster_scale, sizeof sn->cluster);
    sn->n_int = 0;
    for (int p = 0; p < m->n_phases; p++)
        sn->n_int += m->ph[p].n_refl;
    sn->inten = malloc((sn->n_int ? sn->n_int : 1) * sizeof(double));
    if (!sn->inten)
        return -1;
    size_t k = 0;
    for (int p = 0; p < m->n_phases; p++)
        for (size_t i = 0; i < m->ph[p].n_refl; i++)
            sn->inten[k++] = m->ph[p].refl[i].intensity;
    return 0;
}

static void restore(struct xrd_fit *f, const snapshot *sn)
{
    xrdi_model *m = &f->m;
    for (size_t j = 0; j < sn->s.np; j++)
        *xrdi_param_ptr(m, sn->s.ref[j]) = sn->v[j];
    memcpy(m->cluster_scale, sn->cluster, sizeof sn->cluster);
    size_t k = 0;
    for (int p = 0; p < m->n_phases; p++)
        for (size_t i = 0; i < m->ph[p].n_refl; i++)
            m->ph[p].refl[i].intensity = sn->inten[k++];
    xrdi_apply_ties(m);
}

xrd_status xrdi_fit_serial_restraints(struct xrd_fit *f, int *converged, char *why,
                                      size_t why_n, xrd_error *err)
{
    f->prior_boost = 1.0;
    if (f->opt.ignore_serial_correlation || !*converged || !has_restraints(f))
        return XRD_OK;
    double bl = xrdi_serial_factor(xrdi_fit_durbin_watson(f));
    double boost = bl * bl;
    if (!(boost > SERIAL_BOOST_MIN))
        return XRD_OK;
    xrdi_fit_log(f, "serially correlated residuals (Berar-Lelann factor %.2f): the restraints "
                    "weigh %.3g x more; refining again from here", bl, boost);
    snapshot sn;
    if (take(f, &sn)) {
        free(sn.inten);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    f->prior_boost = boost;
    double chi2;
    char w[256] = "";
    xrd_status st = xrdi_refine_from_here(f, converged, &chi2, w, sizeof w, err);
    if (st == XRD_OK && !*converged) {
        /* the reweighed problem did not settle (seen on a profile missed
         * grossly): keep the converged solution of the data's own weights */
        xrdi_fit_log(f, "  the reweighed refinement did not converge (%s): the first solution "
                        "is kept", w);
        restore(f, &sn);
        f->prior_boost = 1.0;
        *converged = 1;
        why[0] = 0;
    }
    free(sn.inten);
    return st;
}
