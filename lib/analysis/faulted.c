/* The single-phase alternative with stacking faults (issue 17): a faulted fcc
 * crystal shifts 111 up and 200 down (Warren), which a second fcc lattice can
 * imitate. Before a second fcc phase is accepted, the one-phase fcc model is
 * refitted with the deformation fault probability refined, and the two-phase
 * model must beat that one. SPDX-License-Identifier: GPL-3.0-or-later */
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

int xrdi_analyze_faults_apply(const xrd_analyze_model *one, const xrd_analyze_model *two,
                              const xrd_analyze_options *o)
{
    return !o->fit.refine_faults && one->converged && one->n_phases == 1 && all_fcc(one) &&
           two->n_phases == 2 && all_fcc(two);
}

static xrd_status faulted_fit(const xrd_pattern *p, const xrd_instrument *inst,
                              const xrd_analyze_options *o, const xrdi_struct *st,
                              const xrd_analyze_model *one, xrd_analyze_model *out,
                              xrd_error *err)
{
    const xrd_fit_result *f = xrd_fit_get_result(one->fit);
    xrd_phase ph;
    xrdi_scan_phase(&st->space, f->phases[0].cell.a, &ph);
    xrd_fit_options fo = o->fit;
    fo.refine_faults = 1;
    xrdi_start_job j;
    double size = f->phases[0].size_status == 1 ? f->phases[0].size_nm : 0.0;
    xrdi_start_job_init(p, inst, &fo, &ph, 1, size, &j);
    xrdi_starts_run(&j, 1, 1);
    return xrdi_start_job_model(&j, "fcc + stacking faults", out, err);
}

static void faults_reason(const xrd_analyze_model *faulted, const xrd_analyze_model *one,
                          const xrd_analyze_model *two, const char *why, char *reason, size_t n)
{
    const xrd_fit_result *f = xrd_fit_get_result(faulted->fit);
    char b[64];
    double gain2 = one->chi2 - two->chi2, gainf = one->chi2 - faulted->chi2;
    double share = gain2 > 0 ? 100.0 * gainf / gain2 : NAN;
    snprintf(reason, n,
             "one fcc phase with deformation stacking faults (alpha = %s) gives %.0f %% of the "
             "chi2 gain of a second fcc lattice; against it, %.360s",
             xrd_format_esd(f->phases[0].fault_alpha, f->phases[0].fault_alpha_esd, 4, b, sizeof b),
             share, why);
}

xrd_status xrdi_analyze_faults_weigh(const xrd_pattern *p, const xrd_instrument *inst,
                                     const xrd_analyze_options *o, const xrdi_struct *sts,
                                     int ns, const xrd_analyze_model *one,
                                     const xrd_analyze_model *two, xrd_analyze_model *out,
                                     int *v, xrd_analyze_result *r, xrd_error *err)
{
    *v = 1;
    int kf = -1;
    for (int k = 0; k < ns; k++)
        if (!strcmp(sts[k].name, "fcc"))
            kf = k;
    memset(out, 0, sizeof *out);
    if (kf < 0)
        return XRD_OK;
    xrd_status st = faulted_fit(p, inst, o, &sts[kf], one, out, err);
    if (st != XRD_OK || !out->fit || !out->converged || !(out->bic < one->bic))
        return st;
    xrdi_analyze_plausibility(out, sts, ns);
    xrd_analyze_result *tmp = malloc(sizeof *tmp);
    if (!tmp)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    *tmp = *r;
    char why[512];
    *v = xrdi_analyze_compare(out, two, o, tmp, why, sizeof why);
    if (*v != 1) {
        r->delta_bic = tmp->delta_bic;
        r->delta_bic_scaled = tmp->delta_bic_scaled;
        faults_reason(out, one, two, why, r->reason, sizeof r->reason);
    }
    free(tmp);
    return XRD_OK;
}
