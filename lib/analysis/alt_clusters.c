/* Atomistic clusters by the Debye equation in the verdict and the answer
 * (options.clusters; by default for crystals whose one-phase Le Bail sphere
 * diameter is below XRD_CLUSTERS_AUTO_NM).
 * - As the alternative a second lattice must beat: a pentatwinned
 *   (decahedral, icosahedral) or polyhedral 2-3 nm particle has peaks that no
 *   Bragg profile of one lattice follows, and a second lattice takes up the
 *   misfit; the cluster's own pattern does not leave it. The comparison is the
 *   verdict's: the chi2 gain of the second lattice over the cluster model,
 *   scaled by the cluster model's reduced chi2, against its extra parameters'
 *   ln N.
 * - As the answer for one phase: when the cluster model's BIC, chi2 scaled by
 *   the smaller reduced chi2 of the two, is below the Le Bail model's by the
 *   threshold, its a and D are reported (the Le Bail a of such clusters is off
 *   by 0.005-0.08 A: bench/study_dse_analyze.sh).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"
#include "refine/debye_fit_internal.h"
#include "xrdfit/report.h"

xrd_status xrdi_analyze_cluster_phase(const xrd_analyze_options *o, const xrdi_struct *sts,
                                      int ns, const xrd_phase_result *tpl, double a_A,
                                      xrd_phase *ph)
{
    double share[XRD_ANALYZE_MAX_ELEMENTS];
    xrdi_analyze_site_shares(o, sts, ns, tpl->structure, a_A, share);
    char spec[256];
    size_t u = (size_t)snprintf(spec, sizeof spec, "%s:a=%.6f", tpl->structure, a_A);
    if (!strcmp(tpl->structure, "hcp") && u < sizeof spec)
        u += (size_t)snprintf(spec + u, sizeof spec - u, ",c=%.6f",
                              tpl->cell.c / tpl->cell.a * a_A);
    for (int k = 0, n = 0; k < o->n_elements && u < sizeof spec; k++)
        if (share[k] > 0) /* an element at 0 (a beyond its end member) is not on the site */
            u += (size_t)snprintf(spec + u, sizeof spec - u, "%s%s:%.6f", n++ ? "/" : ",el=",
                                  o->elements[k], share[k]);
    xrd_error e2;
    xrd_error_clear(&e2);
    return xrd_phase_parse_spec(spec, NULL, ph, &e2);
}

void xrdi_analyze_cluster_options(const xrd_analyze_options *o, double d_max_nm,
                                  xrd_debye_fit_options *d)
{
    xrd_debye_fit_options_default(d);
    d->x_min = o->fit.x_min;
    d->x_max = o->fit.x_max;
    d->d_max_nm = d_max_nm;
    if (o->fit.n_background > 0)
        d->n_background = o->fit.n_background;
    d->refine_zero = o->fit.refine_zero;
    d->polarization = o->fit.polarization;
    d->mono_two_theta_deg = o->fit.mono_two_theta_deg;
    d->electron = o->fit.electron_factors;
    d->threads = o->fit.threads;
    d->ino_truncation = 0.25;
    d->marks_reentrance = 0.2;
}

double xrdi_analyze_cluster_d_max(const xrd_fit_result *a)
{
    double hi = 0.0;
    for (int k = 0; k < a->n_phases; k++) {
        const xrd_phase_result *ph = &a->phases[k];
        if (ph->size_status != 1 || !(ph->sphere_diameter_nm > 0))
            return XRDI_CLUSTER_DB_D_MAX_NM;
        hi = fmax(hi, ph->sphere_diameter_nm);
    }
    return fmin(XRDI_CLUSTER_DB_D_MAX_NM, fmax(3.0, 1.25 * hi + 0.5));
}

void xrdi_analyze_reason_cluster_answer(xrd_analyze_result *r, const char *model,
                                        xrd_cluster_shape shape, double gof, double gof_lb,
                                        double dbic)
{
    size_t l = strlen(r->reason);
    snprintf(r->reason + l, sizeof r->reason - l,
             "; a and D from %s of %s clusters by the Debye equation (GOF %.2f against the "
             "Le Bail %.2f, scaled delta-BIC %.0f)",
             model, xrd_cluster_shape_name(shape), gof, gof_lb, dbic);
}

/* whether the cluster model is refined for one-phase result a, and the
 * database's largest diameter: 1.25 x the Le Bail diameter + 0.5 nm (that D
 * runs 0.87-1.6 of a cluster's equal-volume diameter), 3 to 6 nm */
static int wanted(const xrd_analyze_options *o, const xrd_fit_result *a, double *d_max_nm)
{
    *d_max_nm = XRDI_CLUSTER_DB_D_MAX_NM;
    if (o->clusters == XRD_CLUSTERS_NEVER || !a || a->n_phases != 1)
        return 0;
    if (o->clusters == XRD_CLUSTERS_ALWAYS)
        return 1;
    const xrd_phase_result *ph = &a->phases[0];
    if (ph->size_status != 1 || !(ph->sphere_diameter_nm < XRD_CLUSTERS_AUTO_NM))
        return 0;
    *d_max_nm = xrdi_analyze_cluster_d_max(a);
    return 1;
}

size_t xrdi_analyze_cluster_bin(const xrd_pattern *p, const xrd_fit_result *a)
{
    if (p->n < 600)
        return 1;
    double fwhm = INFINITY, step = (p->x[p->n - 1] - p->x[0]) / (double)(p->n - 1);
    for (int k = 0; k < a->n_phases; k++) {
        const xrd_phase_result *ph = &a->phases[k];
        /* a reflection's FWHM is at least its profile's and the size's, 0.9
         * lambda / (D cos theta) (cos theta taken as 1: the narrowest) */
        double size_deg = ph->size_status == 1 && ph->sphere_diameter_nm > 0
                              ? 0.9 * a->instrument.rad.lambda_A[0] /
                                    (10.0 * ph->sphere_diameter_nm) * 180.0 / M_PI
                              : 0.0;
        for (size_t i = 0; i < ph->n_refl; i++)
            if (ph->refl[i].in_range && ph->refl[i].fwhm_deg > 0)
                fwhm = fmin(fwhm, fmax(ph->refl[i].fwhm_deg, size_deg));
    }
    if (!(step > 0) || !isfinite(fwhm))
        return 1;
    double m = floor(fwhm / 15.0 / step);
    m = fmin(m, (double)(p->n / 300));
    return m >= 2 ? (size_t)m : 1;
}

/* every shape on the pattern binned by m (xrd_pattern_bin), then the best one
 * on the pattern itself with that shape's database: the shapes are told
 * apart at about 1/m of the cost, and the model compared with the Le Bail
 * fits has their points */
static xrd_status fit_shapes(const xrd_pattern *p, const xrd_instrument *inst,
                             const xrd_phase *ph, const xrd_debye_fit_options *d, size_t m,
                             xrd_debye_fit_result *out, xrd_cluster_shape *shape, xrd_error *err)
{
    xrd_pattern *b = NULL;
    if (m < 2 || xrd_pattern_bin(p, m, &b, NULL) != XRD_OK)
        return xrd_debye_fit_shapes(p, inst, ph, d, out, shape, err);
    xrd_status st = xrdi_debye_fit_shapes_screened(b, p, inst, ph, d, out, shape, err);
    xrd_pattern_free(b);
    return st;
}

/* refine the cluster model of one-phase result a into r->clusters (once);
 * *ok 1 when it converged on a's points */
static xrd_status refine(const xrd_pattern *p, const xrd_instrument *inst,
                         const xrd_analyze_options *o, const xrdi_struct *sts, int ns,
                         const xrd_fit_result *a, double d_max_nm, xrd_analyze_result *r,
                         int *ok, xrd_error *err)
{
    *ok = 0;
    if (r->clusters_tried) {
        *ok = r->clusters.converged && r->clusters.n_points == a->n_points;
        return XRD_OK;
    }
    xrd_phase ph;
    xrd_debye_fit_options d;
    xrd_error e2;
    xrd_error_clear(&e2);
    if (xrdi_analyze_cluster_phase(o, sts, ns, &a->phases[0], a->phases[0].cell.a, &ph) !=
        XRD_OK)
        return XRD_OK; /* a structure the cluster builder does not take: no alternative */
    xrdi_analyze_cluster_options(o, d_max_nm, &d);
    xrd_status st = fit_shapes(p, inst, &ph, &d, xrdi_analyze_cluster_bin(p, a), &r->clusters,
                               &r->clusters_shape, &e2);
    if (st != XRD_OK) { /* a numerical failure is an absent model, as for the starts */
        memset(&r->clusters, 0, sizeof r->clusters);
        if (st == XRD_ERR_NOMEM) {
            if (err)
                *err = e2;
            return st;
        }
        return XRD_OK;
    }
    r->clusters_tried = 1;
    /* the curves are not kept: the result is a summary */
    xrd_debye_fit_result_free(&r->clusters);
    *ok = r->clusters.converged && r->clusters.n_points == a->n_points;
    return XRD_OK;
}

/* the cluster model of one-phase result a when it is wanted, refined once:
 * NULL when not wanted, absent or not converged on a's points (*st the
 * status: XRD_ERR_NOMEM, else XRD_OK) */
static const xrd_debye_fit_result *model_for(const xrd_pattern *p, const xrd_instrument *inst,
                                             const xrd_analyze_options *o,
                                             const xrdi_struct *sts, int ns,
                                             const xrd_fit_result *a, xrd_analyze_result *r,
                                             xrd_status *st, xrd_error *err)
{
    *st = XRD_OK;
    double d_max;
    if (!a || a->n_phases != 1 || !wanted(o, a, &d_max))
        return NULL;
    int ok;
    *st = refine(p, inst, o, sts, ns, a, d_max, r, &ok, err);
    return *st == XRD_OK && ok ? &r->clusters : NULL;
}

xrd_status xrdi_analyze_clusters(const xrd_pattern *p, const xrd_instrument *inst,
                                 const xrd_analyze_options *o, const xrdi_struct *sts, int ns,
                                 const xrd_analyze_model *one,
                                 const xrd_analyze_model *two, int *v, xrd_analyze_result *r,
                                 xrd_error *err)
{
    *v = 1;
    const xrd_fit_result *a = one->fit ? xrd_fit_get_result(one->fit) : NULL;
    const xrd_fit_result *b = two->fit ? xrd_fit_get_result(two->fit) : NULL;
    if (!b || !two->converged)
        return XRD_OK;
    xrd_status st;
    const xrd_debye_fit_result *c = model_for(p, inst, o, sts, ns, a, r, &st, err);
    if (!c)
        return st;
    double scale = c->chi2_red > 1.0 ? c->chi2_red : 1.0;
    double dk = (double)b->n_params - (double)c->n_params;
    double dbic = (c->chi2 - b->chi2) / scale - dk * log((double)b->n_points);
    r->clusters_delta_bic = dbic;
    if (dbic > o->bic_threshold)
        return XRD_OK;
    *v = 0;
    r->clusters_won = 1;
    r->delta_bic_scaled = dbic;
    r->delta_bic = c->chi2 + (double)c->n_params * log((double)b->n_points) - two->bic;
    char x[64], y[64];
    snprintf(r->reason, sizeof r->reason,
             "one %s phase of %s clusters by the Debye equation (a = %s A, D = %s nm, GOF "
             "%.2f) fits as well as a second lattice: scaled delta-BIC %.1f <= %.0f; the "
             "second lattice took up the cluster's own profile",
             a->phases[0].structure, xrd_cluster_shape_name(r->clusters_shape),
             xrd_format_esd(c->a_A, c->a_esd_A, 4, x, sizeof x),
             xrd_format_esd(c->d_median_nm, c->d_median_esd_nm, 2, y, sizeof y), c->GOF, dbic,
             o->bic_threshold);
    return XRD_OK;
}

xrd_status xrdi_analyze_clusters_answer(const xrd_pattern *p, const xrd_instrument *inst,
                                        const xrd_analyze_options *o, const xrdi_struct *sts,
                                        int ns, const xrd_analyze_model *m,
                                        xrd_analyze_result *r, xrd_error *err)
{
    const xrd_fit_result *a = m->fit ? xrd_fit_get_result(m->fit) : NULL;
    if (r->clusters_won)
        return XRD_OK;
    xrd_status st;
    const xrd_debye_fit_result *c = model_for(p, inst, o, sts, ns, a, r, &st, err);
    if (!c)
        return st;
    /* two models of one phase, neither nested in the other: the misfit scale is
     * the better one's */
    double scale = fmax(1.0, fmin(c->chi2_red, a->chi2_red));
    double dk = (double)c->n_params - (double)a->n_params;
    double dbic = (c->chi2 - a->chi2) / scale + dk * log((double)a->n_points);
    r->clusters_delta_bic = dbic;
    if (!(dbic < -o->bic_threshold))
        return XRD_OK;
    r->clusters_won = 1;
    xrdi_analyze_reason_cluster_answer(r, "one phase", r->clusters_shape, c->GOF, a->GOF, dbic);
    return XRD_OK;
}
