/* analyze --clusters: one phase of atomistic clusters by the Debye equation
 * as the alternative a second lattice must beat. A pentatwinned (decahedral,
 * icosahedral) or polyhedral 2-3 nm particle has peaks that no Bragg profile
 * of one lattice follows, and a second lattice takes up the misfit; the
 * cluster's own pattern does not leave it. The comparison is the verdict's:
 * the chi2 gain of the second lattice over the cluster model, scaled by the
 * cluster model's reduced chi2, against its extra parameters' ln N.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"
#include "xrdfit/report.h"

/* one's phase as a spec: its structure, cell, and the elements in equal shares */
static void phase_spec(const xrd_phase_result *ph, const xrd_analyze_options *o, char *spec,
                       size_t n)
{
    size_t u = (size_t)snprintf(spec, n, "%s:a=%.6f", ph->structure, ph->cell.a);
    if (!strcmp(ph->structure, "hcp") && u < n)
        u += (size_t)snprintf(spec + u, n - u, ",c=%.6f", ph->cell.c);
    for (int k = 0; k < o->n_elements && u < n; k++)
        u += (size_t)snprintf(spec + u, n - u, "%s%s:%.6f", k ? "/" : ",el=", o->elements[k],
                              1.0 / o->n_elements);
}

xrd_status xrdi_analyze_clusters(const xrd_pattern *p, const xrd_instrument *inst,
                                 const xrd_analyze_options *o, const xrd_analyze_model *one,
                                 const xrd_analyze_model *two, int *v, xrd_analyze_result *r,
                                 xrd_error *err)
{
    *v = 1;
    const xrd_fit_result *a = one->fit ? xrd_fit_get_result(one->fit) : NULL;
    const xrd_fit_result *b = two->fit ? xrd_fit_get_result(two->fit) : NULL;
    if (!a || !b || a->n_phases != 1 || !two->converged)
        return XRD_OK;
    char spec[256];
    phase_spec(&a->phases[0], o, spec, sizeof spec);
    xrd_phase ph;
    xrd_error e2;
    xrd_error_clear(&e2);
    if (xrd_phase_parse_spec(spec, NULL, &ph, &e2) != XRD_OK)
        return XRD_OK; /* a structure the cluster builder does not take: no alternative */
    xrd_debye_fit_options d;
    xrd_debye_fit_options_default(&d);
    d.x_min = o->fit.x_min;
    d.x_max = o->fit.x_max;
    if (o->fit.n_background > 0)
        d.n_background = o->fit.n_background;
    d.refine_zero = o->fit.refine_zero;
    d.polarization = o->fit.polarization;
    d.mono_two_theta_deg = o->fit.mono_two_theta_deg;
    d.electron = o->fit.electron_factors;
    d.threads = o->fit.threads;
    d.ino_truncation = 0.25;
    d.marks_reentrance = 0.2;
    r->clusters_tried = 1;
    xrd_status st = xrd_debye_fit_shapes(p, inst, &ph, &d, &r->clusters, &r->clusters_shape, &e2);
    if (st != XRD_OK) { /* a numerical failure is an absent model, as for the starts */
        r->clusters_tried = 0;
        if (st == XRD_ERR_NOMEM) {
            if (err)
                *err = e2;
            return st;
        }
        return XRD_OK;
    }
    xrd_debye_fit_result *c = &r->clusters;
    /* the curves are not kept: the result is a summary */
    xrd_debye_fit_result_free(c);
    if (!c->converged || c->n_points != b->n_points)
        return XRD_OK;
    double scale = c->chi2_red > 1.0 ? c->chi2_red : 1.0;
    double dk = (double)b->n_params - (double)c->n_params;
    double dbic = (c->chi2 - b->chi2) / scale - dk * log((double)b->n_points);
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
