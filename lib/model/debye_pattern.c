/* A powder pattern from the Debye equation: clusters (one size, or a number-
 * weighted lognormal ensemble), I(q) on a fine uniform q grid, per wavelength
 * line at its weight and times the polarisation (no Lorentz factor: the DSE is
 * already the orientation average), convolved in 2theta with the instrument's
 * TCH pseudo-Voigt, then scaled, background and Poisson noise as simulate.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/xrdfit.h"
#include "model/debye_internal.h"
#include "model/model.h"
#include "model/structure.h"

#define DEG (M_PI / 180.0)
#define MAX_POINTS 2000000.0
#define MAX_SIZES 25
#define MAX_REALIZATIONS 64

static xrd_status check(const xrd_instrument *inst, const xrd_sim_options *o, xrd_error *err)
{
    if (inst->rad.n_lines < 1 || inst->rad.n_lines > XRD_MAX_LINES)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the instrument has no wavelength");
    for (int l = 0; l < inst->rad.n_lines; l++)
        if (!(inst->rad.lambda_A[l] > 0) || !isfinite(inst->rad.lambda_A[l]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "wavelength line %d of the instrument is not positive", l + 1);
    for (int i = 0; i < 5; i++)
        if (!isfinite(inst->uvwxy[i]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "the instrument profile (U V W X Y) is not finite");
    if (o->grid_unit != XRD_X_TWO_THETA_DEG && o->grid_unit != XRD_X_Q_INV_A &&
        o->grid_unit != XRD_X_Q_INV_NM)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "a simulated grid is uniform in 2theta or q");
    double lo = o->x_min_deg, hi = o->x_max_deg;
    if (o->grid_unit != XRD_X_TWO_THETA_DEG) {
        double qmax = 4.0 * M_PI / inst->rad.lambda_A[0] * (o->grid_unit == XRD_X_Q_INV_NM ? 10 : 1);
        if (!(lo > 0 && hi < qmax && lo < hi))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "the q range must satisfy 0 < min < max < 4 pi / lambda = %g, "
                                 "found %g to %g", qmax, lo, hi);
    } else if (!(lo > 0 && hi < 180 && lo < hi)) {
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the 2theta range must satisfy 0 < min < max < 180 deg, found %g "
                             "to %g", lo, hi);
    }
    if (!(o->step_deg > 0) || (hi - lo) / o->step_deg + 1 > MAX_POINTS ||
        (hi - lo) / o->step_deg < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the step must be > 0, below the range and give at most %.0f "
                             "points, found %g", MAX_POINTS, o->step_deg);
    if (!(o->max_counts > 0) || !isfinite(o->max_counts))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the maximum counts must be > 0, found %g", o->max_counts);
    if (o->n_background < 0 || o->n_background > XRD_MAX_CHEB)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "0 to %d background terms",
                             XRD_MAX_CHEB);
    return XRD_OK;
}

/* Sum of the ensemble's DSE intensities on the uniform q grid. */
static xrd_status ensemble_intensity(const xrd_phase *ph, const xrd_cluster_options *co,
                                     const xrd_debye_ensemble *e, const xrd_debye_options *dopt,
                                     double q0, double dq, size_t nq, int n_threads, double *I,
                                     xrd_debye_info *info, xrd_error *err)
{
    int ns = e && e->sigma > 0 ? (e->n_sizes > 0 ? e->n_sizes : 9) : 1;
    int nr = e && e->n_realizations > 1 ? e->n_realizations : 1;
    if (nr > MAX_REALIZATIONS)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "an ensemble holds 1 to %d realizations of each size, found %d",
                             MAX_REALIZATIONS, nr);
    if (ns > MAX_SIZES || (e && !(e->sigma >= 0 && e->sigma <= 1.0)))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a lognormal ensemble needs 0 <= sigma <= 1 and 1 to %d sizes",
                             MAX_SIZES);
    if (ns > 1 && co->shells > 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a lognormal ensemble is given by the median size, not shells");
    double *Ij = malloc(nq * sizeof(double));
    if (!Ij)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < nq; k++)
        I[k] = 0;
    /* number-weighted lognormal: t = ln(D / D_median) / sigma uniform over +-2.5,
     * weights exp(-t^2 / 2) normalised (the density per ln D) */
    double wsum = 0;
    for (int j = 0; j < ns; j++) {
        double t = ns > 1 ? -2.5 + 5.0 * j / (ns - 1) : 0.0;
        wsum += exp(-0.5 * t * t);
    }
    xrd_status st = XRD_OK;
    for (int jr = 0; jr < ns * nr && st == XRD_OK; jr++) {
        int j = jr / nr;
        double t = ns > 1 ? -2.5 + 5.0 * j / (ns - 1) : 0.0, w = exp(-0.5 * t * t) / wsum / nr;
        xrd_cluster_options cj = *co;
        if (ns > 1)
            cj.size_nm = co->size_nm * exp(e->sigma * t);
        cj.seed = co->seed + (unsigned long)jr;
        xrd_cluster *c = NULL;
        xrd_debye_hist *h = NULL;
        st = xrd_cluster_build(ph, &cj, &c, err);
        if (st == XRD_OK)
            st = xrd_debye_hist_build(c, 0.002, n_threads, &h, err);
        if (st == XRD_OK)
            st = xrd_debye_intensity(h, dopt, q0, dq, nq, n_threads, Ij, err);
        if (st == XRD_OK) {
            for (size_t k = 0; k < nq; k++)
                I[k] += w * Ij[k];
            if (info) {
                info->n_faults += c->n_faults;
                info->n_twins += c->n_twins;
                info->n_steps += c->n_steps;
            }
            if (info && jr == (ns / 2) * nr) {
                info->atoms = c->n;
                info->diameter_nm = c->diameter_nm;
                info->shells = c->shells;
                memcpy(info->count, c->count, sizeof info->count);
                info->bins = xrd_debye_hist_bins(h);
            }
        }
        xrd_debye_hist_free(h);
        xrd_cluster_free(c);
    }
    if (info)
        info->n_sizes = ns;
    free(Ij);
    return st;
}

xrd_status xrd_debye_simulate(const xrd_instrument *inst, const xrd_phase *ph,
                              const xrd_cluster_options *co, const xrd_debye_ensemble *e,
                              const xrd_sim_options *o, int n_threads, xrd_pattern **out,
                              xrd_debye_info *info, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output pattern given");
    *out = NULL;
    if (!inst || !ph || !co || !o)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a DSE simulation needs an instrument, a phase, cluster and "
                             "simulation options");
    if (info)
        memset(info, 0, sizeof *info);
    xrd_status st = check(inst, o, err);
    if (st != XRD_OK)
        return st;
    double lam0 = inst->rad.lambda_A[0];
    int electron = lam0 < XRD_ELECTRON_LAMBDA_MAX_A;
    size_t n = (size_t)floor((o->x_max_deg - o->x_min_deg) / o->step_deg + 1e-9) + 1;
    xrd_pattern *pat = xrd_pattern_new(n);
    double *tt = malloc(n * sizeof(double)), *y0 = malloc(n * sizeof(double));
    double *I = NULL, *row = NULL;
    if (!pat || !tt || !y0) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for %zu points", n);
        goto done;
    }
    /* observed 2theta of each point, and the true 2theta it shows (zero, displacement) */
    for (size_t i = 0; i < n; i++) {
        double x = o->x_min_deg + (double)i * o->step_deg;
        pat->x[i] = o->grid_unit == XRD_X_TWO_THETA_DEG
                        ? x
                        : xrd_x_convert(x, o->grid_unit, XRD_X_TWO_THETA_DEG, lam0);
        tt[i] = xrdi_debye_true_2theta(inst, inst->zero_deg, inst->displacement_mm, pat->x[i]);
    }
    /* the uniform q grid covering every line over the true range */
    double lam_min = lam0, lam_max = lam0;
    for (int l = 1; l < inst->rad.n_lines; l++) {
        lam_min = fmin(lam_min, inst->rad.lambda_A[l]);
        lam_max = fmax(lam_max, inst->rad.lambda_A[l]);
    }
    double t_lo = fmax(1e-3, fmin(tt[0], tt[n - 1])), t_hi = fmin(179.999, fmax(tt[0], tt[n - 1]));
    double q_lo = 4.0 * M_PI * sin(0.5 * t_lo * DEG) / lam_max;
    double q_hi = 4.0 * M_PI * sin(0.5 * t_hi * DEG) / lam_min;
    double dmax_A = (co->shells > 0 ? (2.0 * co->shells + 1.0) * ph->cell.a : 10.0 * co->size_nm) *
                    (e && e->sigma > 0 ? exp(2.5 * e->sigma) : 1.0);
    double dq = fmin(0.001, 2.0 * M_PI / (30.0 * dmax_A));
    size_t nq = (size_t)((q_hi - q_lo) / dq) + 3;
    if (nq > 5000000) {
        st = xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                           "the q range %g to %g 1/A needs %zu DSE points: narrow the range",
                           q_lo, q_hi, nq);
        goto done;
    }
    if (!(I = malloc(nq * sizeof(double)))) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    xrd_debye_options dopt = {electron ? o->electron : NULL, 1};
    if (electron && !o->electron) {
        st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                           "an electron wavelength (%g A) needs the electron scattering "
                           "factors", lam0);
        goto done;
    }
    st = ensemble_intensity(ph, co, e, &dopt, q_lo, dq, nq, n_threads, I, info, err);
    if (st != XRD_OK)
        goto done;
    /* each line at its weight, linear in q between DSE points, times polarisation */
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (int l = 0; l < inst->rad.n_lines; l++) {
            double w = l == 0 ? 1.0 : (inst->rad.weight[l] > 0 ? inst->rad.weight[l] : 0.5);
            double q = 4.0 * M_PI * sin(0.5 * tt[i] * DEG) / inst->rad.lambda_A[l];
            double u = (q - q_lo) / dq;
            if (!(u >= 0) || u > (double)(nq - 1))
                continue;
            size_t k = (size_t)u;
            if (k >= nq - 1)
                k = nq - 2;
            double f = u - (double)k;
            sum += w * ((1.0 - f) * I[k] + f * I[k + 1]);
        }
        y0[i] = sum * xrdi_polarization(o, electron, cos(tt[i] * DEG));
    }
    /* the instrument: a normalised pseudo-Voigt of the TCH width at each point */
    double ymax = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j0, len = xrdi_debye_row_span(inst, tt, n, i, &j0);
        double y = y0[i];
        if (len > 0) {
            double *w = realloc(row, len * sizeof(double));
            if (!w) {
                st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
                goto done;
            }
            row = w;
            xrdi_debye_row_weights(inst, tt, n, i, j0, len, row);
            y = 0;
            for (size_t k = 0; k < len; k++)
                y += row[k] * y0[j0 + k];
        }
        pat->y[i] = y;
        ymax = y > ymax ? y : ymax;
    }
    if (!(ymax > 0)) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the DSE pattern is zero everywhere");
        goto done;
    }
    xrdi_model m;
    memset(&m, 0, sizeof m);
    m.x_lo = pat->x[0];
    m.x_hi = pat->x[n - 1];
    m.bkg.n_cheb = o->n_background;
    for (int j = 0; j < o->n_background; j++)
        m.bkg.cheb[j] = o->background[j];
    double scale = o->max_counts / ymax;
    for (size_t i = 0; i < n; i++) {
        double mu = pat->y[i] * scale + xrdi_background_at(&m, pat->x[i]);
        if (o->noise == XRD_SIM_NOISE_POISSON && mu < 0) {
            st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                               "the background is negative (%g counts) at %g deg: Poisson "
                               "counts need a mean >= 0", mu, pat->x[i]);
            goto done;
        }
        pat->y[i] = mu;
    }
    if (o->noise == XRD_SIM_NOISE_POISSON) {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        if (!r) {
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
            goto done;
        }
        gsl_rng_set(r, o->seed);
        for (size_t i = 0; i < n; i++)
            pat->y[i] = pat->y[i] > 0 ? (double)gsl_ran_poisson(r, pat->y[i]) : 0.0;
        gsl_rng_free(r);
    }
    for (size_t i = 0; i < n; i++) {
        pat->sigma[i] = sqrt(pat->y[i] > 1.0 ? pat->y[i] : 1.0);
        if (o->grid_unit != XRD_X_TWO_THETA_DEG)
            pat->x[i] = o->x_min_deg + (double)i * o->step_deg;
    }
    pat->unit = o->grid_unit;
    pat->wavelength_A = lam0;
    pat->x_scale = 1.0;
    snprintf(pat->source, sizeof pat->source, "simulated by the Debye equation (xrdfit %s)",
             xrd_version());
    *out = pat;
    pat = NULL;
done:
    free(tt);
    free(y0);
    free(I);
    free(row);
    xrd_pattern_free(pat);
    return st;
}
