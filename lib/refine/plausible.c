/* Is a fit bounded before it starts, and is where it ended a result: more
 * reflection groups or parameters than the points resolve are refused before
 * any work; an end point with the instrument far outside its plausible range
 * or a cell the data do not determine is not converged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "refine/fit_internal.h"
#include "refine/plausible.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Work is bounded before it is done: a cell (or range) with more reflection
 * groups inside the data than one per RESOLVE_POINTS_PER_GROUP points cannot be
 * resolved by them (a start cell many times too large, a q pattern read as
 * 2theta): refused, with the numbers; so is a phase with no reflection inside
 * the data at all (a cell many times too small, a wrong wavelength). */
#define RESOLVE_POINTS_PER_GROUP 10
#define POINTS_PER_PARAMETER 5
xrd_status xrdi_fit_check_bounded(const struct xrd_fit *f, xrd_error *err)
{
    const xrdi_model *m = &f->m;
    double lam = m->inst.rad.lambda_A[0];
    size_t all_in = 0;
    for (int p = 0; p < m->n_phases; p++) {
        size_t in = 0;
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            double s = lam / (2.0 * m->ph[p].refl[k].d_A);
            if (s >= 1.0)
                continue;
            double tth = 2.0 * asin(s) * 180.0 / M_PI;
            in += tth >= m->x_lo && tth <= m->x_hi;
        }
        if (in == 0)
            return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                                 "phase %s (a = %.4g A) has no reflection between %.2f and %.2f deg "
                                 "at %.5g A: check the cell, the wavelength and the x unit",
                                 m->ph[p].phase.name, m->ph[p].phase.cell.a, m->x_lo, m->x_hi,
                                 lam);
        if (in * RESOLVE_POINTS_PER_GROUP > m->n)
            return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                                 "phase %s (a = %.4g A) has %zu reflection groups between %.2f and "
                                 "%.2f deg, more than %zu points can resolve (one per %d points): "
                                 "check the start cell, the wavelength and the x unit",
                                 m->ph[p].phase.name, m->ph[p].phase.cell.a, in, m->x_lo, m->x_hi,
                                 m->n, RESOLVE_POINTS_PER_GROUP);
        all_in += in;
    }
    /* and the whole model: the intensities, the background and at most five
     * profile and cell terms per phase plus four of the instrument */
    size_t np = all_in + (size_t)m->bkg.n_cheb + 5 * (size_t)m->n_phases + 4;
    if (np * POINTS_PER_PARAMETER > m->n)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                             "the model has about %zu parameters (%zu reflection groups, %d "
                             "background terms) for %zu points, more than one per %d points: "
                             "widen the range or use fewer phases",
                             np, all_in, m->bkg.n_cheb, m->n, POINTS_PER_PARAMETER);
    return XRD_OK;
}

/* Restrained terms jointly this improbable under their priors (chi-square
 * tail probability of the sum of their squared standardised offsets) mean
 * the data pulled the instrument where no instrument is */
#define PRIOR_TENSION_P 1e-4

/* An end point outside the instrument's plausible range is no solution:
 * message into buf, 1. */
int xrdi_fit_implausible_end(const struct xrd_fit *f, char *buf, size_t n)
{
    const xrd_instrument *in = &f->m.inst;
    static const xrdi_pkind kinds[3] = {XRDI_P_ZERO, XRDI_P_DISP, XRDI_P_ASYM};
    double t = 0;
    int k = 0;
    char list[128] = "";
    for (int j = 0; j < 3; j++) {
        const xrdi_prior *pr = xrdi_fit_prior(f, kinds[j]);
        if (!pr)
            continue;
        xrdi_pref r = {kinds[j], -1, 0};
        double v = *xrdi_param_ptr((xrdi_model *)&f->m, r), z = (v - pr->mean) / pr->sd;
        t += z * z;
        k++;
        char nm[48];
        xrdi_param_name(&f->m, r, nm, sizeof nm);
        size_t o = strlen(list);
        snprintf(list + o, sizeof list - o, "%s%s %.3g (%+.1f sd)", o ? ", " : "", nm, v, z);
    }
    if (k > 0 && t > gsl_cdf_chisq_Qinv(PRIOR_TENSION_P, k)) {
        snprintf(buf, n,
                 "not converged: the instrument terms ended far outside their plausible range "
                 "(%.110s; p < %.0e): cell or wavelength off, or calibrate the instrument", list,
                 PRIOR_TENSION_P);
        return 1;
    }
    if (fabs(in->zero_deg) > f->opt.zero_limit_deg) {
        snprintf(buf, n,
                 "not converged: the zero ended at %.3f deg, beyond the plausible %.2f deg "
                 "(wrong wavelength, x unit or start cell, or zero and displacement traded)",
                 in->zero_deg, f->opt.zero_limit_deg);
        return 1;
    }
    if (in->geometry == XRD_GEOM_BRAGG_BRENTANO &&
        fabs(in->displacement_mm) > f->opt.displacement_limit_mm) {
        snprintf(buf, n,
                 "not converged: the specimen displacement ended at %.3f mm, beyond the plausible "
                 "%.2f mm (wrong wavelength, radius or start cell)",
                 in->displacement_mm, f->opt.displacement_limit_mm);
        return 1;
    }
    return 0;
}

/* A refined cell parameter whose esd exceeds 5 % of its value, or is not a
 * number, is not determined by the data (no reflection of the phase stands out
 * of the noise): no result. Message into buf, 1. */
int xrdi_fit_undetermined_cell(const struct xrd_fit *f, char *buf, size_t n)
{
    const xrd_fit_result *r = &f->res;
    for (int k = 0; k < r->n_phases; k++) {
        const xrd_phase_result *p = &r->phases[k];
        const double v[3] = {p->cell.a, p->cell.b, p->cell.c};
        const double e[3] = {p->cell_esd.a, p->cell_esd.b, p->cell_esd.c};
        static const char nm[3] = {'a', 'b', 'c'};
        for (int j = 0; j < 3; j++) {
            if (e[j] == 0)
                continue; /* held or tied */
            if (!(e[j] <= 0.05 * fabs(v[j]))) {
                snprintf(buf, n,
                         "not converged: the data do not determine the cell of %s (%c = %.4g A "
                         "with an esd of %.3g A): no reflection of it stands out of the noise",
                         p->name, nm[j], v[j], e[j]);
                return 1;
            }
        }
    }
    return 0;
}

