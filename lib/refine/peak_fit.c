/* Multi-peak fit: n profiles (each a Ka1 + Ka2 pair with a two-line radiation)
 * plus a Chebyshev background, Levenberg-Marquardt through lsq.h with the
 * analytic derivatives of the profile strategy tables (the model in
 * peak_fit_model.c, the start values in peak_fit_start.c, indexing in
 * peak_fit_index.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/peaks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "core/search.h"
#include "refine/lsq.h"
#include "refine/peak_fit_internal.h"
#include "refine/start.h"

void xrd_peak_fit_options_default(xrd_peak_fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->profile = NULL;
    o->x_min = NAN;
    o->x_max = NAN;
    o->max_iter = 200;
    o->tail = 1e-3;
}

void xrd_peak_fit_result_free(xrd_peak_fit_result *r)
{
    if (!r)
        return;
    free(r->peaks);
    free(r->x);
    free(r->y_obs);
    free(r->y_calc);
    free(r->y_bkg);
    free(r);
}

/* Gradient of f(shape) by central differences inside the valid domain. */
static void shape_grad(const xrd_profile_type *t, double (*f)(const double *),
                       const double *shape, double *g)
{
    for (int s = 0; s < t->n_shape; s++) {
        double a[XRD_PROFILE_MAX_SHAPE], b[XRD_PROFILE_MAX_SHAPE];
        memcpy(a, shape, sizeof a);
        memcpy(b, shape, sizeof b);
        double h = 1e-6 * (fabs(shape[s]) > 1e-3 ? fabs(shape[s]) : 1e-3);
        a[s] += h;
        b[s] -= h;
        int va = t->valid(a), vb = t->valid(b);
        double f0 = f(shape);
        if (va && vb)
            g[s] = (f(a) - f(b)) / (2 * h);
        else if (va)
            g[s] = (f(a) - f0) / h;
        else if (vb)
            g[s] = (f0 - f(b)) / h;
        else
            g[s] = NAN;
    }
}

static double quad_form(const double *g, const double *cov, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s += g[i] * cov[i * XRD_PROFILE_MAX_SHAPE + j] * g[j];
    return s > 0 ? sqrt(s) : (s == 0 ? 0 : NAN);
}

static int default_background_terms(double span)
{
    int nb = 3 + (int)(span / 20.0);
    return nb > 8 ? 8 : nb;
}

xrd_status xrd_peak_fit(const xrd_pattern *p, const xrd_radiation *rad, const double *start_deg,
                        const double *fwhm_deg, size_t npk, const xrd_peak_fit_options *opt,
                        xrd_peak_fit_result **out, xrd_error *err)
{
    xrd_peak_fit_options o;
    if (opt)
        o = *opt;
    else
        xrd_peak_fit_options_default(&o);
    *out = NULL;
    if (!p || !rad || (npk && !start_deg))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "peak fit: missing pattern, radiation or start positions");
    if (npk == 0)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "no peaks to fit: none was found or given (--at)");
    if (p->unit != XRD_X_TWO_THETA_DEG)
        return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                             "peak fitting needs the x axis in 2theta degrees, found %s",
                             xrd_xunit_name(p->unit));
    if (rad->n_lines < 1 || !(rad->lambda_A[0] > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "peak fit: the radiation has no wavelength");
    const xrd_profile_type *t = o.profile ? o.profile : xrd_profile_get(XRD_PROFILE_PSEUDO_VOIGT);
    double lo = isfinite(o.x_min) ? o.x_min : p->x[0];
    double hi = isfinite(o.x_max) ? o.x_max : p->x[p->n - 1];
    size_t i0 = xrdi_lower_bound(p->x, p->n, lo), i1 = i0;
    while (i1 < p->n && p->x[i1] <= hi)
        i1++;
    size_t n = i1 - i0;
    if (n < 16)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "peak fit needs at least 16 points in %g..%g deg, found %zu", lo,
                             hi, n);
    for (size_t k = 0; k < npk; k++)
        if (!(start_deg[k] > p->x[i0] && start_deg[k] < p->x[i1 - 1]) ||
            !(start_deg[k] < 180))
            return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                                 "peak start position %g deg lies outside the fitted range "
                                 "%g..%g deg", start_deg[k], lo, hi);
    if (o.n_background < 0 || o.n_background > XRD_MAX_CHEB)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "background terms must be 1..%d, found %d", XRD_MAX_CHEB,
                             o.n_background);
    if (!(o.tail > 0 && o.tail < 0.5))
        o.tail = 1e-3;
    if (o.max_iter <= 0)
        o.max_iter = 200;

    pf_ctx c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.n = n;
    c.x = p->x + i0;
    c.y = p->y + i0;
    c.sg = p->sigma + i0;
    c.npk = npk;
    c.ns = t->n_shape;
    c.stride = 2 + c.ns;
    c.x_lo = p->x[i0];
    c.x_hi = p->x[i1 - 1];
    c.nb = o.n_background ? o.n_background : default_background_terms(c.x_hi - c.x_lo);
    c.n_lines = rad->n_lines;
    for (int l = 0; l < rad->n_lines; l++) {
        c.lam[l] = rad->lambda_A[l];
        c.wt[l] = l == 0 ? 1.0 : rad->weight[l];
    }
    c.refine_ratio = o.refine_ka2_ratio && rad->n_lines > 1;
    c.tail = o.tail;
    c.off_bkg = npk * (size_t)c.stride;
    c.off_ratio = c.off_bkg + (size_t)c.nb;
    c.np = c.off_ratio + (c.refine_ratio ? 1 : 0);
    if (n <= c.np + 1)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "%zu points in %g..%g deg cannot determine %zu parameters (%zu "
                             "peaks, %d background terms)",
                             n, lo, hi, c.np, npk, c.nb);

    xrd_status st = XRD_OK;
    xrd_peak_fit_result *R = calloc(1, sizeof *R);
    double *v = calloc(c.np, sizeof(double)), *cov = calloc(c.np * c.np, sizeof(double));
    xrdi_bound *bd = calloc(c.np, sizeof(xrdi_bound));
    c.T = malloc(n * (size_t)c.nb * sizeof(double));
    c.dx = malloc(n * sizeof(double));
    c.prof = malloc(n * sizeof(double));
    c.ddx = malloc(n * sizeof(double));
    c.dsh = malloc(n * (size_t)c.ns * sizeof(double));
    c.calc = malloc(n * sizeof(double));
    c.isg = malloc(n * sizeof(double));
    c.lines = malloc(npk * (size_t)c.n_lines * sizeof *c.lines);
    if (!R || !v || !cov || !bd || !c.T || !c.dx || !c.prof || !c.ddx || !c.dsh || !c.calc ||
        !c.isg || !c.lines) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak fit");
        goto fail;
    }
    R->peaks = calloc(npk, sizeof(xrd_peak_result));
    R->x = malloc(n * sizeof(double));
    R->y_obs = malloc(n * sizeof(double));
    R->y_calc = malloc(n * sizeof(double));
    R->y_bkg = malloc(n * sizeof(double));
    if (!R->peaks || !R->x || !R->y_obs || !R->y_calc || !R->y_bkg) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the peak fit");
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        c.isg[i] = 1.0 / c.sg[i];
    for (size_t i = 0; i < n; i++) {
        double tt = (2.0 * c.x[i] - c.x_lo - c.x_hi) / (c.x_hi - c.x_lo);
        double t0 = 1.0, t1 = tt;
        for (int j = 0; j < c.nb; j++) {
            double tj;
            if (j == 0)
                tj = 1.0;
            else if (j == 1)
                tj = tt;
            else {
                double t2 = 2.0 * tt * t1 - t0;
                t0 = t1;
                t1 = t2;
                tj = t2;
            }
            c.T[i * (size_t)c.nb + (size_t)j] = tj;
        }
    }
    /* start values */
    double step = (c.x_hi - c.x_lo) / (double)(n - 1);
    for (size_t k = 0; k < npk; k++) {
        double h = NAN, F = fwhm_deg && fwhm_deg[k] > 0 ? fwhm_deg[k] : NAN;
        double hh, ff;
        /* smoothing of 2 points (removed from the width in quadrature): at 1
         * point the counting noise of weak, broad peaks stops the walk to the
         * minima early and the width comes out several times too small */
        if (xrdi_rough_peak(c.x, c.y, 0, n, start_deg[k], 2.0, &hh, &ff) == 0) {
            h = hh;
            if (!isfinite(F))
                F = ff;
        }
        if (!(F > 2.0 * step))
            F = 2.0 * step > 0.05 ? 2.0 * step : 0.05;
        if (!(h > 0))
            h = 1.0;
        double *pk = v + k * (size_t)c.stride;
        pk[0] = start_deg[k];
        pk[1] = h * F * 1.2;
        xrdi_pf_start_shape(t, F, pk + 2);
        bd[k * (size_t)c.stride].tr = XRDI_FREE;
        bd[k * (size_t)c.stride + 1].tr = XRDI_POSITIVE;
        bd[k * (size_t)c.stride + 1].lo = 0.0;
        xrdi_pf_shape_bounds(t, bd + k * (size_t)c.stride + 2);
    }
    for (int j = 0; j < c.nb; j++)
        bd[c.off_bkg + (size_t)j].tr = XRDI_FREE;
    if (c.refine_ratio) {
        v[c.off_ratio] = rad->weight[1];
        bd[c.off_ratio].tr = XRDI_INTERVAL;
        bd[c.off_ratio].lo = 0.0;
        bd[c.off_ratio].hi = 1.0;
    }
    xrdi_pf_linear_start(&c, v);

    /* normal equations over row blocks: the fit's J^T J is formed block by
     * block in cache (no stored Jacobian, no BLAS); stop when no parameter is
     * further than 0.01 esd from the solution (chi2_tol 1e-4) */
    xrdi_lsq_block_opts lo_opts;
    xrdi_lsq_block_opts_default(&lo_opts);
    lo_opts.max_iter = o.max_iter;
    lo_opts.chi2_tol = 1e-4;
    lo_opts.cov_out = cov;
    xrdi_lsq_result lr;
    st = xrdi_lsq_solve_blocks(xrdi_pf_block, &c, n, c.np, v, bd, &lo_opts, &lr, err);
    if (st != XRD_OK)
        goto fail;
    R->iterations = lr.iterations;
    R->converged = lr.converged;
    snprintf(R->message, sizeof R->message, "%s", lr.message);

    /* statistics and curves */
    if (xrdi_pf_block(v, 0, n, NULL, NULL, 0, &c)) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, p->source, 0,
                           "the fitted model cannot be evaluated");
        goto fail;
    }
    double s_abs = 0, s_y = 0, s_wr = 0, s_wy = 0;
    for (size_t i = 0; i < n; i++) {
        double d = c.y[i] - c.calc[i], w = 1.0 / (c.sg[i] * c.sg[i]);
        s_abs += fabs(d);
        s_y += fabs(c.y[i]);
        s_wr += w * d * d;
        s_wy += w * c.y[i] * c.y[i];
        R->x[i] = c.x[i];
        R->y_obs[i] = c.y[i];
        R->y_calc[i] = c.calc[i];
        double b = 0;
        for (int j = 0; j < c.nb; j++)
            b += v[c.off_bkg + (size_t)j] * c.T[i * (size_t)c.nb + (size_t)j];
        R->y_bkg[i] = b;
    }
    R->n_curve = n;
    R->n_points = n;
    R->n_params = c.np;
    R->chi2 = s_wr;
    R->Rp = s_y > 0 ? s_abs / s_y : NAN;
    R->Rwp = s_wy > 0 ? sqrt(s_wr / s_wy) : NAN;
    R->Rexp = s_wy > 0 ? sqrt((double)(n - c.np) / s_wy) : NAN;
    R->GOF = R->Rwp / R->Rexp;
    R->profile = t;
    R->rad = *rad;
    R->ka2_ratio = rad->n_lines > 1 ? (c.refine_ratio ? v[c.off_ratio] : rad->weight[1]) : 0;
    R->ka2_ratio_esd = c.refine_ratio ? sqrt(cov[c.off_ratio * c.np + c.off_ratio]) : NAN;
    R->x_lo = c.x_lo;
    R->x_hi = c.x_hi;
    R->n_cheb = c.nb;
    for (int j = 0; j < c.nb; j++) {
        size_t q = c.off_bkg + (size_t)j;
        R->cheb[j] = v[q];
        R->cheb_esd[j] = sqrt(cov[q * c.np + q]);
    }
    R->n_peaks = npk;
    for (size_t k = 0; k < npk; k++) {
        xrd_peak_result *pr = &R->peaks[k];
        size_t b0 = k * (size_t)c.stride;
        const double *pk = v + b0;
        pr->two_theta_deg = pk[0];
        pr->two_theta_esd = sqrt(cov[b0 * c.np + b0]);
        pr->area = pk[1];
        pr->area_esd = sqrt(cov[(b0 + 1) * c.np + b0 + 1]);
        pr->n_shape = c.ns;
        for (int s = 0; s < c.ns; s++) {
            pr->shape[s] = pk[2 + s];
            for (int s2 = 0; s2 < c.ns; s2++)
                pr->shape_cov[s * XRD_PROFILE_MAX_SHAPE + s2] =
                    cov[(b0 + 2 + (size_t)s) * c.np + b0 + 2 + (size_t)s2];
            pr->shape_esd[s] = sqrt(pr->shape_cov[s * XRD_PROFILE_MAX_SHAPE + s]);
            const xrdi_bound *bb = &bd[b0 + 2 + (size_t)s];
            if (fabs(pk[2 + s] - bb->lo) < 1e-9 * (1 + fabs(bb->lo)) ||
                (bb->tr == XRDI_INTERVAL && fabs(pk[2 + s] - bb->hi) < 1e-9))
                pr->shape_at_bound = 1;
        }
        pr->fwhm_deg = t->fwhm(pr->shape);
        pr->breadth_deg = t->integral_breadth(pr->shape);
        double g[XRD_PROFILE_MAX_SHAPE];
        shape_grad(t, t->fwhm, pr->shape, g);
        pr->fwhm_esd = quad_form(g, pr->shape_cov, c.ns);
        shape_grad(t, t->integral_breadth, pr->shape, g);
        pr->breadth_esd = quad_form(g, pr->shape_cov, c.ns);
        double th = pr->two_theta_deg * M_PI / 360.0;
        pr->d_A = rad->lambda_A[0] / (2.0 * sin(th));
        pr->d_esd_A = pr->d_A / (2.0 * tan(th)) * pr->two_theta_esd * M_PI / 180.0;
    }
    *out = R;
    R = NULL;
fail:
    xrd_peak_fit_result_free(R);
    free(v);
    free(cov);
    free(bd);
    free(c.T);
    free(c.dx);
    free(c.prof);
    free(c.ddx);
    free(c.dsh);
    free(c.calc);
    free(c.isg);
    free(c.lines);
    return st;
}
