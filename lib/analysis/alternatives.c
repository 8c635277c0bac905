/* One-phase alternatives that a second lattice of the same structure must
 * beat before it counts as a phase (issue 17): what a second lattice can
 * imitate without being one.
 *  - a lognormal distribution of spheres on one lattice: a sphere's size
 *    fringes, a lognormal ensemble's tails and sharp top, which the Voigt size
 *    term does not follow (peak_fourier.c);
 *  - two crystal sizes on one lattice: a size distribution (a sphere's size
 *    fringes, a lognormal ensemble's tails) that the Voigt size term does not
 *    follow; the two-phase model with both cells held at the one-phase cell;
 *  - stacking faults (fcc): a faulted crystal shifts 111 up and 200 down
 *    (Warren); the one-phase model with the deformation fault probability
 *    and the lognormal size term (with analyze --twin-faults: the twin fault
 *    probability too, and the Voigt size term; no lognormal alternative).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analyze_internal.h"
#include "analysis/starts.h"
#include "xrdfit/report.h"

/* 1 when every phase of m's fit is fcc. */
static int all_fcc(const xrd_analyze_model *m)
{
    const xrd_fit_result *f = m->fit ? xrd_fit_get_result(m->fit) : NULL;
    if (!f || f->n_phases < 1)
        return 0;
    for (int k = 0; k < f->n_phases; k++)
        if (strcmp(f->phases[k].structure, "fcc"))
            return 0;
    return 1;
}

static int faults_apply(const xrd_analyze_model *one, const xrd_analyze_model *two,
                        const xrd_analyze_options *o)
{
    return !o->fit.refine_faults && one->converged && one->n_phases == 1 && all_fcc(one) &&
           two->n_phases == 2 && all_fcc(two);
}

/* 1 when both phases of `two` have the structure of `one`'s phase */
static int same_structure(const xrd_analyze_model *one, const xrd_analyze_model *two)
{
    const xrd_fit_result *a = one->fit ? xrd_fit_get_result(one->fit) : NULL;
    const xrd_fit_result *b = two->fit ? xrd_fit_get_result(two->fit) : NULL;
    return a && b && one->converged && a->n_phases == 1 && b->n_phases == 2 &&
           !strcmp(b->phases[0].structure, a->phases[0].structure) &&
           !strcmp(b->phases[1].structure, a->phases[0].structure);
}

/* `one`'s phase twice, both cells held at its fitted cell, one of them with
 * larger and one with smaller crystals to start from */
static xrd_status two_sizes_fit(const xrd_pattern *p, const xrd_instrument *inst,
                                const xrd_analyze_options *o, const xrdi_struct *st,
                                const xrd_analyze_model *one, xrd_analyze_model *out,
                                xrd_error *err)
{
    const xrd_fit_result *f = xrd_fit_get_result(one->fit);
    xrd_phase ph[2];
    xrdi_scan_phase(&st->space, f->phases[0].cell.a, &ph[0]);
    ph[0].cell = f->phases[0].cell;
    ph[1] = ph[0];
    xrd_fit_options fo = o->fit;
    fo.hold_cell = 1;
    fo.rescue = 0;
    memset(out, 0, sizeof *out);
    snprintf(out->label, sizeof out->label, "%s, two crystal sizes", f->phases[0].structure);
    out->n_phases = 2;
    out->chi2 = out->bic = INFINITY;
    double d = f->phases[0].size_status == 1 ? f->phases[0].size_nm : 5.0;
    xrd_fit *w = NULL;
    xrd_status s = xrd_fit_new(p, inst, ph, 2, &fo, &w, err);
    if (s == XRD_OK)
        s = xrd_fit_set_phase_broadening(w, 0, 1.5 * d, 0.0, err);
    if (s == XRD_OK)
        s = xrd_fit_set_phase_broadening(w, 1, 0.5 * d, 0.0, err);
    if (s == XRD_OK)
        s = xrd_fit_run(w, err);
    if (s != XRD_OK) {
        xrd_fit_free(w);
        /* a numerical failure is an absent model, as for the starts */
        if (s == XRD_ERR_NUMERIC || s == XRD_ERR_NOT_CONVERGED || s == XRD_ERR_TOO_FEW) {
            if (err)
                memset(err, 0, sizeof *err);
            return XRD_OK;
        }
        return s;
    }
    const xrd_fit_result *res = xrd_fit_get_result(w);
    out->fit = w;
    out->converged = res->converged;
    out->chi2 = res->chi2;
    out->bic = res->bic;
    return XRD_OK;
}

/* `one`'s phase again with a lognormal distribution of spheres and, when
 * faults, also stacking faults, from its cell and size (a faulted cluster's
 * peaks are a finite sphere's too: with the Voigt size term the faulted model
 * left a second lattice the misfit of its profile) */
static xrd_status refit_one(const xrd_pattern *p, const xrd_instrument *inst,
                            const xrd_analyze_options *o, const xrdi_struct *st,
                            const xrd_analyze_model *one, int faults, xrd_analyze_model *out,
                            xrd_error *err)
{
    const xrd_fit_result *f = xrd_fit_get_result(one->fit);
    xrd_phase ph;
    xrdi_scan_phase(&st->space, f->phases[0].cell.a, &ph);
    xrd_fit_options fo = o->fit;
    fo.refine_faults = faults;
    /* twin faults (analyze --twin-faults) go with the Voigt size term */
    fo.size_lognormal = fo.refine_size && !fo.refine_twins;
    xrdi_start_job j;
    double size = f->phases[0].size_status == 1 ? f->phases[0].size_nm : 0.0;
    xrdi_start_job_init(p, inst, &fo, &ph, 1, size, &j);
    xrdi_starts_run(&j, 1, 1);
    char label[64];
    snprintf(label, sizeof label, "%s%s", f->phases[0].structure,
             faults ? " + stacking faults" : ", lognormal spheres");
    return xrdi_start_job_model(&j, label, out, err);
}

static void lognormal_reason(const xrd_analyze_model *alt, const xrd_analyze_model *one,
                             const xrd_analyze_model *two, const char *why, char *reason,
                             size_t n)
{
    const xrd_fit_result *f = xrd_fit_get_result(alt->fit);
    char b[64], c[64];
    double gain2 = one->chi2 - two->chi2, gain = one->chi2 - alt->chi2;
    double share = gain2 > 0 ? 100.0 * gain / gain2 : NAN;
    snprintf(reason, n,
             "one lattice with a lognormal distribution of spheres (median %s nm, sigma %s) "
             "gives %.0f %% of the chi2 gain of a second lattice; against it, %.330s",
             xrd_format_esd(f->phases[0].d_median_nm, f->phases[0].d_median_esd_nm, 2, b,
                            sizeof b),
             xrd_format_esd(f->phases[0].size_sigma, f->phases[0].size_sigma_esd, 2, c, sizeof c),
             share, why);
}

static void faults_reason(const xrd_analyze_model *faulted, const xrd_analyze_model *one,
                          const xrd_analyze_model *two, const char *why, char *reason, size_t n)
{
    const xrd_fit_result *f = xrd_fit_get_result(faulted->fit);
    char b[64], c[64];
    double gain2 = one->chi2 - two->chi2, gainf = one->chi2 - faulted->chi2;
    double share = gain2 > 0 ? 100.0 * gainf / gain2 : NAN;
    char t[96] = "";
    if (f->phases[0].twins_refined)
        snprintf(t, sizeof t, " and twin faults (beta = %s)",
                 xrd_format_esd(f->phases[0].twin_beta, f->phases[0].twin_beta_esd, 4, c,
                                sizeof c));
    snprintf(reason, n,
             "one fcc phase with deformation stacking faults (alpha = %s)%s%s gives %.0f %% of "
             "the chi2 gain of a second fcc lattice; against it, %.150s",
             xrd_format_esd(f->phases[0].fault_alpha, f->phases[0].fault_alpha_esd, 4, b, sizeof b),
             t, f->phases[0].size_lognormal ? " and lognormal spheres" : "", share, why);
}

static void sizes_reason(const xrd_analyze_model *alt, const xrd_analyze_model *one,
                         const xrd_analyze_model *two, const char *why, char *reason, size_t n)
{
    double gain2 = one->chi2 - two->chi2, gain = one->chi2 - alt->chi2;
    double share = gain2 > 0 ? 100.0 * gain / gain2 : NAN;
    const xrd_fit_result *f = xrd_fit_get_result(alt->fit);
    snprintf(reason, n,
             "one lattice with two crystal sizes (%.2f and %.2f nm: a size distribution) gives "
             "%.0f %% of the chi2 gain of a second lattice; against it, %.340s",
             f->phases[0].size_nm, f->phases[1].size_nm, share, why);
}

xrd_status xrdi_analyze_alternative(int which, const xrd_pattern *p, const xrd_instrument *inst,
                                    const xrd_analyze_options *o, const xrdi_struct *sts,
                                    int ns, const xrd_analyze_model *one,
                                    const xrd_analyze_model *two, xrd_analyze_model *out,
                                    int *v, xrd_analyze_result *r, xrd_error *err)
{
    *v = 1;
    memset(out, 0, sizeof *out);
    const xrd_fit_result *f1 = one->fit ? xrd_fit_get_result(one->fit) : NULL;
    int ks = -1;
    for (int k = 0; f1 && k < ns; k++)
        if (!strcmp(sts[k].name, which != XRDI_ALT_FAULTS ? f1->phases[0].structure : "fcc"))
            ks = k;
    if (ks < 0)
        return XRD_OK;
    xrd_status st = XRD_OK;
    if (which == XRDI_ALT_LOGNORMAL && same_structure(one, two) && !o->fit.size_lognormal &&
        o->fit.refine_size && !o->fit.refine_twins)
        st = refit_one(p, inst, o, &sts[ks], one, 0, out, err);
    else if (which == XRDI_ALT_TWO_SIZES && same_structure(one, two))
        st = two_sizes_fit(p, inst, o, &sts[ks], one, out, err);
    else if (which == XRDI_ALT_FAULTS && faults_apply(one, two, o))
        st = refit_one(p, inst, o, &sts[ks], one, 1, out, err);
    if (st != XRD_OK || !out->fit || !out->converged || !(out->bic < one->bic))
        return st;
    xrdi_analyze_plausibility(out, sts, ns);
    xrd_analyze_result *tmp = malloc(sizeof *tmp);
    if (!tmp)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    *tmp = *r;
    char why[512];
    /* the alternative has one phase's lattice: the second lattice must be worth
     * its cell (and its intensities, for the faults) against it */
    *v = xrdi_analyze_compare(out, two, o, tmp, why, sizeof why);
    if (*v != 1) {
        r->delta_bic = tmp->delta_bic;
        r->delta_bic_scaled = tmp->delta_bic_scaled;
        if (which == XRDI_ALT_LOGNORMAL)
            lognormal_reason(out, one, two, why, r->reason, sizeof r->reason);
        else if (which == XRDI_ALT_TWO_SIZES)
            sizes_reason(out, one, two, why, r->reason, sizeof r->reason);
        else
            faults_reason(out, one, two, why, r->reason, sizeof r->reason);
    }
    free(tmp);
    return XRD_OK;
}

xrd_status xrdi_analyze_size_term(const xrd_pattern *p, const xrd_instrument *inst,
                                  xrd_analyze_model *m, xrd_error *err)
{
    xrd_fit *f = m->fit;
    xrd_status st = xrd_fit_choose_size_term(p, inst, &f, err);
    if (st != XRD_OK || f == m->fit)
        return st;
    const xrd_fit_result *r = xrd_fit_get_result(f);
    m->fit = f; /* the Voigt fit was freed */
    m->chi2 = r->chi2;
    m->bic = r->bic;
    m->converged = r->converged;
    size_t l = strlen(m->label);
    snprintf(m->label + l, sizeof m->label - l, ", lognormal spheres");
    return XRD_OK;
}
