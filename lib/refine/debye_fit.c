/* Refinement by the Debye equation (fit --debye): the pattern of clusters of
 * one shape as weights over the size database (model/debye_sizes.c), the
 * lattice constant as the scale of q, the random alloy's <f>^2 and <f^2>, one
 * B, zero and displacement, the instrument's TCH pseudo-Voigt; the scale and
 * the Chebyshev background solved linearly at every step (variable
 * projection), the rest by GSL's Levenberg-Marquardt with central
 * differences. docs/debye_fit.md. SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xrdfit/xrdfit.h"
#include "model/cluster_internal.h"
#include "model/debye_internal.h"
#include "model/structure.h"
#include "refine/debye_fit_internal.h"
#include "refine/debye_fit_model.h"
#include "refine/serial.h"

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

void xrd_debye_fit_options_default(xrd_debye_fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->shape = XRD_CLUSTER_SPHERE;
    o->d_min_nm = 1.0;
    o->d_max_nm = 6.0;
    o->start_sigma = 0.25;
    o->x_min = o->x_max = NAN;
    o->n_background = 6;
    o->refine_b = 1;
    o->refine_zero = 1;
    o->polarization = XRD_POL_UNPOLARIZED;
    o->max_iterations = 200;
    o->max_atoms = 60000;
    o->populations = 1;
}

void xrd_debye_fit_result_free(xrd_debye_fit_result *r)
{
    if (!r)
        return;
    free(r->x);
    free(r->y_obs);
    free(r->y_calc);
    free(r->y_bkg);
    r->x = r->y_obs = r->y_calc = r->y_bkg = NULL;
    r->n = 0;
}

/* the refined parameters of full into the solver's vector x, and back */
static void to_vector(const xrdi_dfit *d, const double *full, gsl_vector *x)
{
    for (int k = 0; k < XRDI_DF_NPAR; k++)
        if (d->idx[k] >= 0)
            gsl_vector_set(x, (size_t)d->idx[k], full[k]);
}

static void from_vector(const xrdi_dfit *d, const gsl_vector *x, double *full)
{
    for (int k = 0; k < XRDI_DF_NPAR; k++)
        if (d->idx[k] >= 0)
            full[k] = gsl_vector_get(x, (size_t)d->idx[k]);
}

/* GSL's residual callback: the solver's vector into the full one. */
static int cb_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    xrdi_dfit *d = params;
    double full[XRDI_DF_NPAR];
    memcpy(full, d->start, sizeof full);
    from_vector(d, x, full);
    /* f may be a column of the Jacobian (GSL's finite differences): strided */
    if (xrdi_dfit_eval(d, full, d->resid, NULL))
        return GSL_EDOM;
    for (size_t i = 0; i < d->n; i++)
        gsl_vector_set(f, i, d->resid[i]);
    return GSL_SUCCESS;
}

static double chi2_at(xrdi_dfit *d, const double *full)
{
    if (xrdi_dfit_eval(d, full, d->resid, NULL))
        return INFINITY;
    double c = 0;
    for (size_t i = 0; i < d->n; i++)
        c += d->resid[i] * d->resid[i];
    return c;
}

/* full[k] set to each of the n values v0 + step * i (i = 0 .. n-1; as a factor
 * of v0 when relative), left at the one of lowest chi2. */
static void scan(xrdi_dfit *d, double *full, int k, double v0, double step, int n, int relative)
{
    double best = INFINITY, v_best = full[k];
    for (int i = 0; i < n; i++) {
        full[k] = relative ? v0 * (1.0 + step * i) : v0 + step * i;
        double c = chi2_at(d, full);
        if (c < best) {
            best = c;
            v_best = full[k];
        }
    }
    full[k] = v_best;
}

#define N_STARTS 3

/* The starts: a scanned over +-4 % at a middle size, then every size of the
 * database (its clusters: the chi2 has kinks between them), the N_STARTS best
 * each with a scanned again; a lognormal's median below the single size. */
static int start_values(xrdi_dfit *d, const double *full0, double (*starts)[XRDI_DF_NPAR])
{
    const xrdi_debye_db *db = d->db;
    int lognormal = d->lognormal;
    d->lognormal = 0;
    double full[XRDI_DF_NPAR];
    memcpy(full, full0, sizeof full);
    full[XRDI_DF_LND] = log(db->d_nm[db->n / 2]);
    scan(d, full, XRDI_DF_A, full[XRDI_DF_A] * 0.96, 0.004 / 0.96, 21, 1);
    double best[N_STARTS];
    int at[N_STARTS], ns = 0;
    for (int j = 0; j < db->n; j++) {
        full[XRDI_DF_LND] = log(db->d_nm[j]);
        double c = chi2_at(d, full);
        int pos = ns < N_STARTS ? ns++ : N_STARTS;
        while (pos > 0 && c < best[pos - 1]) { /* insertion into the sorted best */
            if (pos < N_STARTS) {
                best[pos] = best[pos - 1];
                at[pos] = at[pos - 1];
            }
            pos--;
        }
        if (pos < N_STARTS) {
            best[pos] = c;
            at[pos] = j;
        }
    }
    for (int k = 0; k < ns; k++) {
        memcpy(starts[k], full, sizeof full);
        starts[k][XRDI_DF_LND] = log(db->d_nm[at[k]]);
        scan(d, starts[k], XRDI_DF_A, starts[k][XRDI_DF_A] * 0.996, 0.0005 / 0.996, 17, 1);
        if (lognormal) {
            double sg = exp(starts[k][XRDI_DF_LNS]);
            starts[k][XRDI_DF_LND] -= 3.0 * sg * sg; /* the pattern sees the large ones */
        }
    }
    d->lognormal = lognormal;
    return ns;
}

/* Two populations: the given starts (one), or each single start split into
 * a x 0.99 and x 1.01 at its size (ln D in the database's scale, at a0). */
static void scan_sizes(xrdi_dfit *d, double *s);

static int starts_two(xrdi_dfit *d, const xrd_debye_fit_options *o,
                      double (*starts)[XRDI_DF_NPAR], int n)
{
    const xrdi_debye_db *db = d->db;
    double a0 = db->a0_A;
    if (o->start2_a_A[0] > 0 && o->start2_a_A[1] > 0 && o->start2_d_nm[0] > 0 &&
        o->start2_d_nm[1] > 0) {
        double *s = starts[0];
        s[XRDI_DF_A] = o->start2_a_A[0];
        s[XRDI_DF_A2] = d->same_a ? o->start2_a_A[0] : o->start2_a_A[1];
        s[XRDI_DF_LND] = log(o->start2_d_nm[0] * a0 / o->start2_a_A[0]);
        s[XRDI_DF_LND2] = log(o->start2_d_nm[1] * a0 / s[XRDI_DF_A2]);
        scan_sizes(d, s);
        return 1;
    }
    /* the given lattices (or the single one split by 1 %) at each single start's size */
    int given = o->start2_a_A[0] > 0 && o->start2_a_A[1] > 0;
    for (int k = 0; k < n; k++) {
        double a = starts[k][XRDI_DF_A];
        starts[k][XRDI_DF_A] = given ? o->start2_a_A[0] : d->same_a ? a : 0.99 * a;
        starts[k][XRDI_DF_A2] = d->same_a ? starts[k][XRDI_DF_A]
                                : given   ? o->start2_a_A[1]
                                          : 1.01 * a;
        starts[k][XRDI_DF_LND2] = starts[k][XRDI_DF_LND];
        scan_sizes(d, starts[k]);
    }
    return n;
}

/* Two populations' start s improved by coordinates, the chi2 having kinks
 * between the database's clusters and valleys in a: one common size over the
 * database, then three rounds of each a over +-1 % (then +-0.2 %) and each size
 * over the database with the others held. */
static void scan_sizes(xrdi_dfit *d, double *s)
{
    const xrdi_debye_db *db = d->db;
    double best = chi2_at(d, s), keep[XRDI_DF_NPAR];
    memcpy(keep, s, sizeof keep);
    for (int j = 0; j < db->n; j++) {
        s[XRDI_DF_LND] = s[XRDI_DF_LND2] = log(db->d_nm[j]);
        double c = chi2_at(d, s);
        if (c < best) {
            best = c;
            memcpy(keep, s, sizeof keep);
        }
    }
    memcpy(s, keep, sizeof keep);
    for (int round = 0; round < 3; round++) {
        for (int k = 0; k < 2; k++) { /* the lattices */
            int ka = k ? XRDI_DF_A2 : XRDI_DF_A;
            if (k && d->same_a)
                continue;
            double w = round ? 0.002 : 0.01;
            scan(d, s, ka, s[ka] * (1.0 - w), w / 10.0, 21, 1);
        }
        for (int k = 0; k < 2; k++) { /* the sizes */
            int ku = k ? XRDI_DF_LND2 : XRDI_DF_LND;
            double cur = chi2_at(d, s), u = s[ku];
            for (int j = 0; j < db->n; j++) {
                s[ku] = log(db->d_nm[j]);
                double c = chi2_at(d, s);
                if (c < cur) {
                    cur = c;
                    u = s[ku];
                }
            }
            s[ku] = u;
        }
    }
}

/* Sizes and their esds from ln D0 and ln sigma with covariance c (2 x 2). */
static void sizes(xrd_debye_fit_result *r, int lognormal, double u, double v, double cuu,
                  double cuv, double cvv)
{
    double s = lognormal ? exp(v) : 0.0, s2 = s * s;
    double d0 = exp(u);
    r->d_median_nm = d0;
    r->d_median_esd_nm = cuu >= 0 ? d0 * sqrt(cuu) : NAN;
    r->sigma = lognormal ? s : NAN;
    r->sigma_esd = lognormal && cvv >= 0 ? s * sqrt(cvv) : NAN;
    const double k[3] = {0.5, 2.5, 3.5};
    double *val[3] = {&r->d_number_nm, &r->d_area_nm, &r->d_volume_nm};
    double *esd[3] = {&r->d_number_esd_nm, &r->d_area_esd_nm, &r->d_volume_esd_nm};
    for (int m = 0; m < 3; m++) {
        /* ln D_m = u + 2 k s^2 / 2 ... : d ln D_m / dv = 2 k s^2 */
        double g = 2.0 * k[m] * s2, var = cuu + 2.0 * g * cuv + g * g * cvv;
        *val[m] = d0 * exp(k[m] * s2);
        *esd[m] = lognormal ? (var >= 0 ? *val[m] * sqrt(var) : NAN) : r->d_median_esd_nm;
    }
}

static xrd_status fill_result(xrdi_dfit *d, const double *full, const gsl_matrix *cov,
                              int np_solver, xrd_debye_fit_result *r, xrd_error *err)
{
    size_t n = d->n;
    r->x = malloc(n * sizeof(double));
    r->y_obs = malloc(n * sizeof(double));
    r->y_calc = malloc(n * sizeof(double));
    r->y_bkg = malloc(n * sizeof(double));
    if (!r->x || !r->y_obs || !r->y_calc || !r->y_bkg)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the result");
    r->n = n;
    if (xrdi_dfit_eval(d, full, d->resid, r->y_calc))
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                             "the Debye model cannot be evaluated at the solution");
    double chi2 = 0, swy2 = 0, dw = 0;
    for (size_t i = 0; i < n; i++) {
        r->x[i] = d->x[i];
        r->y_obs[i] = d->y[i];
        double b = 0;
        for (int k = 0; k < d->nb; k++)
            b += d->bkg[k] * d->cheb[i * (size_t)d->nb + (size_t)k];
        r->y_bkg[i] = b;
        chi2 += d->resid[i] * d->resid[i];
        swy2 += d->w[i] * d->w[i] * d->y[i] * d->y[i];
        if (i > 0)
            dw += (d->resid[i] - d->resid[i - 1]) * (d->resid[i] - d->resid[i - 1]);
    }
    r->delta_chi2_clusters = xrdi_dfit_chi2_background(d) - chi2;
    int P = np_solver + (d->two ? 2 : 1) + d->nb;
    double dof = (double)n - P;
    r->n_points = n;
    r->n_params = P;
    r->chi2 = chi2;
    r->chi2_red = chi2 / (dof > 1 ? dof : 1);
    r->Rwp = swy2 > 0 ? sqrt(chi2 / swy2) : NAN;
    r->Rexp = swy2 > 0 && dof > 0 ? sqrt(dof / swy2) : NAN;
    r->GOF = r->Rwp / r->Rexp;
    r->durbin_watson = chi2 > 0 ? dw / chi2 : NAN;
    r->berar_lelann_factor = xrdi_serial_factor(r->durbin_watson);
    r->scale = d->scale;
    r->n_background = d->nb;
    memcpy(r->background, d->bkg, sizeof r->background);
    /* esds: covariance x chi2_red x the Berar-Lelann factor^2 (as fit) */
    double f2 = r->chi2_red * r->berar_lelann_factor * r->berar_lelann_factor;
    double var[XRDI_DF_NPAR];
    for (int k = 0; k < XRDI_DF_NPAR; k++)
        var[k] = d->idx[k] >= 0 && cov ? gsl_matrix_get(cov, (size_t)d->idx[k],
                                                         (size_t)d->idx[k]) * f2 : NAN;
    double cuv = d->idx[XRDI_DF_LND] >= 0 && d->idx[XRDI_DF_LNS] >= 0 && cov
                     ? gsl_matrix_get(cov, (size_t)d->idx[XRDI_DF_LND],
                                      (size_t)d->idx[XRDI_DF_LNS]) * f2
                     : 0.0;
    r->a_A = full[XRDI_DF_A];
    r->a_esd_A = sqrt(var[XRDI_DF_A]);
    r->c_A = d->c_over_a * r->a_A;
    /* the database's diameters are those at a0: a cluster of lattice a is a / a0 as large */
    sizes(r, d->lognormal, full[XRDI_DF_LND] + log(full[XRDI_DF_A] / d->db->a0_A),
          full[XRDI_DF_LNS], var[XRDI_DF_LND], cuv, var[XRDI_DF_LNS]);
    r->b_A2 = full[XRDI_DF_B];
    r->b_esd_A2 = sqrt(var[XRDI_DF_B]);
    r->composition_refined = d->fa != NULL;
    if (d->fa) {
        snprintf(r->element_a, sizeof r->element_a, "%s", xrd_element_symbol(d->z_ab[0]));
        snprintf(r->element_b, sizeof r->element_b, "%s", xrd_element_symbol(d->z_ab[1]));
    }
    r->x_a = d->fa ? full[XRDI_DF_X] : NAN;
    r->x_a_esd = d->fa ? sqrt(var[XRDI_DF_X]) : NAN;
    r->zero_deg = full[XRDI_DF_ZERO];
    r->zero_esd_deg = sqrt(var[XRDI_DF_ZERO]);
    r->displacement_mm = full[XRDI_DF_DISP];
    r->displacement_esd_mm = sqrt(var[XRDI_DF_DISP]);
    r->outside_fraction = xrdi_dfit_outside(d, full);
    r->populations = d->two ? 2 : 1;
    r->a2_A = r->a2_esd_A = r->d2_nm = r->d2_esd_nm = r->share2 = r->cov_a_a2 = NAN;
    if (d->two) {
        int i2 = d->same_a ? XRDI_DF_A : XRDI_DF_A2;
        r->a2_A = full[i2];
        r->a2_esd_A = sqrt(var[i2]);
        r->cov_a_a2 = d->same_a ? var[XRDI_DF_A]
                      : cov ? gsl_matrix_get(cov, (size_t)d->idx[XRDI_DF_A],
                                             (size_t)d->idx[XRDI_DF_A2]) * f2
                            : NAN;
        double d2 = exp(full[XRDI_DF_LND2]) * full[i2] / d->db->a0_A;
        r->d2_nm = d2;
        r->d2_esd_nm = d2 * sqrt(var[XRDI_DF_LND2]);
        double s1 = 0, s2 = 0;
        for (size_t i = 0; i < n; i++) {
            s1 += d->scale * d->yc[i];
            s2 += d->scale2 * d->yc2[i];
        }
        r->share2 = s1 + s2 > 0 ? s2 / (s1 + s2) : NAN;
    }
    return XRD_OK;
}

/* Limits a solution may not reach and still be called converged. */
static void judge(const xrdi_dfit *d, const double *full, xrd_debye_fit_result *r)
{
    xrd_debye_fit_result *out = r;
    const xrdi_debye_db *db = d->db;
    char *m = out->message;
    size_t mn = sizeof out->message;
    double a_rel = full[XRDI_DF_A] / d->db->a0_A;
    if (!(r->delta_chi2_clusters >= 25.0 * fmax(1.0, r->chi2_red))) {
        snprintf(m, mn, "the clusters lower chi2 by only %.3g against the background alone "
                 "(25 x chi2_red needed, 5 sigma): the pattern holds no such clusters",
                 r->delta_chi2_clusters);
        out->converged = 0;
    } else if (a_rel <= XRDI_DF_A_LO + 1e-9 || a_rel >= XRDI_DF_A_HI - 1e-9) {
        snprintf(m, mn, "the lattice constant reached %g A, 8 %% from the start: not this "
                 "phase, or not this wavelength", full[XRDI_DF_A]);
        out->converged = 0;
    } else if (!d->lognormal && (full[XRDI_DF_LND] <= log(db->d_nm[0]) + 1e-9 ||
                                 full[XRDI_DF_LND] >= log(db->d_nm[db->n - 1]) - 1e-9)) {
        snprintf(m, mn, "the size reached the database's %s size (%.2f nm): widen the "
                 "size database (--debye-sizes)", full[XRDI_DF_LND] <= log(db->d_nm[0]) + 1e-9 ? "smallest"
                                                                             : "largest",
                 exp(full[XRDI_DF_LND]));
        out->converged = 0;
    } else if (d->lognormal && r->outside_fraction > 0.02) {
        snprintf(m, mn, "%.0f %% of the distribution's volume lies beyond the database "
                 "(%.2f to %.2f nm): widen --debye-sizes", 100.0 * r->outside_fraction,
                 db->d_nm[0], db->d_nm[db->n - 1]);
        out->converged = 0;
    } else if (d->lognormal && (full[XRDI_DF_LNS] <= log(XRDI_DF_SIGMA_LO) + 1e-6 ||
                                full[XRDI_DF_LNS] >= log(XRDI_DF_SIGMA_HI) - 1e-6)) {
        snprintf(m, mn, "sigma reached its bound (%g to %g): %s", XRDI_DF_SIGMA_LO,
                 XRDI_DF_SIGMA_HI, full[XRDI_DF_LNS] < 0 && exp(full[XRDI_DF_LNS]) < 0.1
                                       ? "one size (fit without --lognormal-size)"
                                       : "no lognormal describes these sizes");
        out->converged = 0;
    } else if (d->two && (full[XRDI_DF_LND2] <= log(db->d_nm[0]) + 1e-9 ||
                          full[XRDI_DF_LND2] >= log(db->d_nm[db->n - 1]) - 1e-9)) {
        snprintf(m, mn, "the second population's size reached the database's %s size",
                 full[XRDI_DF_LND2] <= log(db->d_nm[0]) + 1e-9 ? "smallest" : "largest");
        out->converged = 0;
    } else if (d->two && !d->same_a &&
               (full[XRDI_DF_A2] / db->a0_A <= XRDI_DF_A_LO + 1e-9 ||
                full[XRDI_DF_A2] / db->a0_A >= XRDI_DF_A_HI - 1e-9)) {
        snprintf(m, mn, "the second population's lattice constant reached %g A, 8 %% from "
                 "the start", full[XRDI_DF_A2]);
        out->converged = 0;
    } else if (d->two && !(d->scale2 > 0)) {
        snprintf(m, mn, "the second population's scale is not positive (%g): it is not in "
                 "the pattern", d->scale2);
        out->converged = 0;
    } else if (fabs(full[XRDI_DF_ZERO]) > 0.5) {
        snprintf(m, mn, "the zero ran to %.3f deg (|zero| > 0.5)", full[XRDI_DF_ZERO]);
        out->converged = 0;
    } else if (!(r->scale > 0)) {
        snprintf(m, mn, "the scale is not positive (%g): the clusters are not in the pattern",
                 r->scale);
        out->converged = 0;
    }
}

xrd_status xrd_debye_fit(const xrd_pattern *p, const xrd_instrument *inst, const xrd_phase *ph,
                         const xrd_debye_fit_options *o, xrd_debye_fit_result *r,
                         xrd_error *err)
{
    return xrdi_debye_fit_db(p, inst, ph, o, NULL, NULL, r, err);
}

xrd_status xrdi_debye_fit_db(const xrd_pattern *p, const xrd_instrument *inst,
                             const xrd_phase *ph, const xrd_debye_fit_options *o,
                             const xrdi_debye_db *db_in, xrdi_debye_db *keep,
                             xrd_debye_fit_result *r, xrd_error *err)
{
    if (keep)
        memset(keep, 0, sizeof *keep);
    if (!r)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no result given");
    memset(r, 0, sizeof *r);
    if (!p || !inst || !ph || !o)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a Debye refinement needs a pattern, an instrument, a phase and "
                             "options");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    xrdi_dfit d;
    xrdi_debye_db db;
    memset(&db, 0, sizeof db);
    xrd_status st = xrdi_dfit_setup(&d, p, inst, ph, o, err);
    if (st != XRD_OK)
        return st;
    double q_lo, q_hi;
    xrdi_dfit_q_range(&d, &q_lo, &q_hi);
    xrd_cluster_options co;
    xrd_cluster_options_default(&co);
    co.shape = o->shape;
    co.ino_truncation = o->shape == XRD_CLUSTER_DECAHEDRON ? o->ino_truncation : 0;
    co.marks_reentrance = o->shape == XRD_CLUSTER_DECAHEDRON ? o->marks_reentrance : 0;
    /* a given database must cover this pattern's q' range (2 deg and 8 % of a
     * beyond the points) but for 1 % of it: a binned pattern's range is
     * narrower by half a bin */
    double q_tol = 0.01 * (q_hi - q_lo);
    if (db_in && !(db_in->q0 <= q_lo + q_tol &&
                   db_in->q0 + (double)(db_in->nq - 1) * db_in->dq >= q_hi - q_tol))
        db_in = NULL;
    if (!db_in)
        st = xrdi_debye_db_build(ph, &co, o->d_min_nm, o->d_max_nm, q_lo, q_hi,
                                 o->max_atoms ? o->max_atoms : 60000, o->threads, &db, err);
    r->seconds_database = seconds_since(&t0);
    if (st != XRD_OK) {
        xrdi_dfit_free(&d);
        return st;
    }
    const xrdi_debye_db *dbu = db_in ? db_in : &db;
    d.db = dbu;
    r->n_sizes = dbu->n;
    r->db_d_min_nm = dbu->d_nm[0];
    r->db_d_max_nm = dbu->d_nm[dbu->n - 1];
    r->db_max_atoms = dbu->max_atoms;
    double full[XRDI_DF_NPAR], starts[N_STARTS][XRDI_DF_NPAR];
    memcpy(full, d.start, sizeof full);
    full[XRDI_DF_LNS] = log(o->start_sigma > 0 ? o->start_sigma : 0.25);
    int two = d.two;
    d.two = 0; /* the starts of one population */
    int n_starts = start_values(&d, full, starts);
    d.two = two;
    if (two)
        n_starts = starts_two(&d, o, starts, n_starts);
    int np = 0;
    for (int k = 0; k < XRDI_DF_NPAR; k++)
        if (d.idx[k] >= 0)
            np++;
    size_t n = d.n;
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    par.trs = gsl_multifit_nlinear_trs_lm;
    par.solver = gsl_multifit_nlinear_solver_qr;
    par.fdtype = GSL_MULTIFIT_NLINEAR_CTRDIFF;
    par.h_df = 1e-6;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, n, (size_t)np);
    gsl_vector *x = gsl_vector_alloc((size_t)np);
    gsl_matrix *cov = gsl_matrix_alloc((size_t)np, (size_t)np);
    if (!w || !x || !cov) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in least squares");
        goto done;
    }
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = cb_f;
    fdf.df = NULL;
    fdf.n = n;
    fdf.p = (size_t)np;
    fdf.params = &d;
    /* GSL's default handler aborts; xrdfit never aborts. Set, never restored: an
     * idempotent setting, safe when shapes are fitted on threads (lsq.c too) */
    gsl_set_error_handler_off();
    int max_it = o->max_iterations > 0 ? o->max_iterations : 200;
    /* Levenberg-Marquardt from each start; the lowest chi2 is kept */
    double best_chi2 = INFINITY, best_full[XRDI_DF_NPAR];
    int gs = GSL_EINVAL, info = 0, ran = 0;
    for (int s0 = 0; s0 < n_starts; s0++) {
        memcpy(d.start, starts[s0], sizeof d.start);
        to_vector(&d, starts[s0], x);
        if (gsl_multifit_nlinear_init(x, &fdf, w) != GSL_SUCCESS)
            continue;
        int inf = 0;
        int g = gsl_multifit_nlinear_driver((size_t)max_it, 1e-9, 1e-9, 0.0, NULL, NULL, &inf, w);
        double c2;
        gsl_blas_ddot(w->f, w->f, &c2);
        ran = 1;
        if (!(c2 < best_chi2) && !(g == GSL_SUCCESS && gs != GSL_SUCCESS))
            continue;
        best_chi2 = c2;
        gs = g;
        info = inf;
        r->iterations = (int)gsl_multifit_nlinear_niter(w);
        memcpy(best_full, starts[s0], sizeof best_full);
        from_vector(&d, w->x, best_full);
    }
    if (!ran) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the Debye model cannot be evaluated at the start");
        goto done;
    }
    /* out of steps in a flat valley (two populations of one size, their a's
     * and shares trading): once more from where it stopped, the trust region
     * fresh */
    if (gs == GSL_EMAXITER) {
        memcpy(d.start, best_full, sizeof d.start);
        to_vector(&d, best_full, x);
        int inf = 0, g = GSL_EINVAL;
        if (gsl_multifit_nlinear_init(x, &fdf, w) == GSL_SUCCESS)
            g = gsl_multifit_nlinear_driver((size_t)max_it, 1e-9, 1e-9, 0.0, NULL, NULL, &inf,
                                            w);
        double c2 = INFINITY;
        if (g != GSL_EINVAL)
            gsl_blas_ddot(w->f, w->f, &c2);
        if (c2 <= best_chi2) {
            best_chi2 = c2;
            gs = g;
            info = inf;
            r->iterations += (int)gsl_multifit_nlinear_niter(w);
            from_vector(&d, w->x, best_full);
        }
    }
    /* the covariance from the Jacobian at the solution kept */
    memcpy(d.start, best_full, sizeof d.start);
    memcpy(full, best_full, sizeof full);
    to_vector(&d, full, x);
    int have_cov = gsl_multifit_nlinear_init(x, &fdf, w) == GSL_SUCCESS &&
                   gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov) ==
                       GSL_SUCCESS;
    xrdi_dfit_clamp(&d, full);
    r->converged = gs == GSL_SUCCESS;
    if (gs == GSL_SUCCESS)
        snprintf(r->message, sizeof r->message, "converged in %d steps (%s; best of %d starts)",
                 r->iterations, info == 1 ? "small step" : "small gradient", n_starts);
    else
        snprintf(r->message, sizeof r->message, "not converged after %d steps: %s",
                 r->iterations, gsl_strerror(gs));
    st = fill_result(&d, full, have_cov ? cov : NULL, np, r, err);
    if (st == XRD_OK && r->converged)
        judge(&d, full, r);
    r->seconds_fit = seconds_since(&t0) - r->seconds_database;
done:
    if (st != XRD_OK)
        xrd_debye_fit_result_free(r);
    gsl_multifit_nlinear_free(w);
    gsl_vector_free(x);
    gsl_matrix_free(cov);
    xrdi_dfit_free(&d);
    if (keep && st == XRD_OK && !db_in)
        *keep = db; /* handed over */
    else
        xrdi_debye_db_free(&db);
    return st;
}
