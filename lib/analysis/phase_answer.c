/* The phases of an analysis as reported: the chosen Le Bail model's, or, where
 * a Debye-equation cluster model is the answer (alt_clusters.c for one phase,
 * cluster_mixture.c for two), the Le Bail phase with the clusters' lattice
 * constant and size.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "analysis/analyze_internal.h"

/* phase `out` of Le Bail fit f with a cluster population's a (esd a_esd), c
 * (0: the phase's c/a), equal-volume diameter d (esd d_esd), from a cluster
 * fit of misfit factor f_c (GOF x serial factor). The cluster fit holds the
 * displacement and has no instrument priors: the Le Bail fit's instrument
 * part of the esd is added, rescaled from that fit's misfit factor to f_c. */
static void from_clusters(xrd_phase_result *out, const xrd_fit_result *f, double a, double a_esd,
                          double c, double d, double d_esd, double f_c)
{
    double f_lb = fmax(1.0, f->GOF) * fmax(1.0, f->serial_factor);
    double ratio = out->cell.c / out->cell.a, inst_a = out->cell_esd_inst.a * f_c / f_lb;
    double esd = sqrt(a_esd * a_esd + inst_a * inst_a);
    out->cell.a = a;
    out->cell_esd.a = esd;
    out->cell_esd_stat.a = a_esd;
    out->cell_esd_inst.a = inst_a;
    if (out->sg.system == XRD_SYS_CUBIC) {
        out->cell.b = out->cell.c = a;
    } else {
        out->cell.b = a;
        out->cell.c = c > 0 ? c : ratio * a;
        out->cell_esd.c = ratio * esd;
        out->cell_esd_stat.c = ratio * a_esd;
        out->cell_esd_inst.c = ratio * inst_a;
    }
    out->size_status = 1;
    out->size_lognormal = 0;
    out->sphere_diameter_nm = d;
    out->sphere_diameter_esd_nm = d_esd;
    out->size_nm = 0.75 * d;
    out->size_esd_nm = 0.75 * d_esd;
    out->strain = out->strain_esd = NAN;
    out->faults_refined = out->twins_refined = 0;
    out->debye_clusters = 1;
}

int xrdi_analyze_mixture_population(const xrd_analyze_result *r, const xrd_fit_result *f, int k)
{
    const xrd_debye_fit_result *m = &r->mixture;
    /* population 1 goes with the phase nearer its a */
    double d0 = fabs(f->phases[0].cell.a - m->a_A) + fabs(f->phases[1].cell.a - m->a2_A);
    double d1 = fabs(f->phases[1].cell.a - m->a_A) + fabs(f->phases[0].cell.a - m->a2_A);
    int first = d0 <= d1 ? 0 : 1; /* the phase of population 1 */
    return k == first ? 0 : 1;
}

xrd_status xrd_analyze_phase_answer(const xrd_analyze_result *r, int k, xrd_phase_result *out,
                                    xrd_error *err)
{
    const xrd_fit_result *f =
        r && r->best >= 0 && r->best < r->n_models && r->models[r->best].fit
            ? xrd_fit_get_result(r->models[r->best].fit)
            : NULL;
    if (!f || k < 0 || k >= f->n_phases || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no phase %d in the chosen model", k);
    *out = f->phases[k];
    const xrd_debye_fit_result *c = &r->clusters, *m = &r->mixture;
    if (r->clusters_won && f->n_phases == 1 && c->a_A > 0) {
        from_clusters(out, f, c->a_A, c->a_esd_A, c->c_A, c->d_median_nm, c->d_median_esd_nm,
                      fmax(1.0, c->GOF) * fmax(1.0, c->berar_lelann_factor));
    } else if (r->mixture_won && f->n_phases == 2 && m->a_A > 0 && m->a2_A > 0) {
        double fm = fmax(1.0, m->GOF) * fmax(1.0, m->berar_lelann_factor);
        if (xrdi_analyze_mixture_population(r, f, k) == 0)
            from_clusters(out, f, m->a_A, m->a_esd_A, 0, m->d_median_nm, m->d_median_esd_nm, fm);
        else
            from_clusters(out, f, m->a2_A, m->a2_esd_A, 0, m->d2_nm, m->d2_esd_nm, fm);
    }
    return XRD_OK;
}
