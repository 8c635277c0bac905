/* The model of the Debye-equation refinement: per point and wavelength line
 *   I(q) = sum_j w_j [N_j <f^2>(s) + <f>(s)^2 exp(-2 B s^2) S_j(q a / a0)],
 * the random alloy's mean over its species (self terms without Debye-Waller,
 * as the simulator's), times polarisation, the instrument's rows, then the
 * scale and Chebyshev background by weighted linear least squares.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/xrdfit.h"
#include "model/cluster_internal.h"
#include "model/structure.h"
#include "refine/debye_fit_model.h"

#define DEG (M_PI / 180.0)
#define NS_TABLE 2048
#define MIN_POINTS 20

void xrdi_dfit_free(xrdi_dfit *d)
{
    free(d->x);
    free(d->y);
    free(d->w);
    free(d->cheb);
    free(d->j0);
    free(d->len);
    free(d->off);
    free(d->kw);
    free(d->fm);
    free(d->f2);
    free(d->fa);
    free(d->fb);
    free(d->y0);
    free(d->yc);
    free(d->resid);
    free(d->wj);
    free(d->y02);
    free(d->yc2);
    free(d->wj2);
    free(d->fm2);
    free(d->f22);
    memset(d, 0, sizeof *d);
}

/* The site's species and their shares: every position must hold the same. */
static xrd_status site_mix(const xrd_phase *ph, int *z, double *occ, int *n_sp, double *b_mean,
                           xrd_error *err)
{
    xrdi_sites *s = malloc(sizeof *s);
    if (!s)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    xrd_status st = xrdi_cluster_sites(ph, s, err);
    if (st != XRD_OK) {
        free(s);
        return st;
    }
    *n_sp = s->n_on[0];
    double bsum = 0, osum = 0;
    for (int m = 0; m < s->n_on[0]; m++) {
        z[m] = s->z[s->on[0][m]];
        occ[m] = s->occ[0][m];
        bsum += occ[m] * s->biso[s->on[0][m]];
        osum += occ[m];
    }
    *b_mean = osum > 0 ? bsum / osum : 0.5;
    for (int p = 1; p < s->n_pos && st == XRD_OK; p++) {
        int same = s->n_on[p] == s->n_on[0];
        for (int m = 0; same && m < s->n_on[p]; m++)
            same = s->z[s->on[p][m]] == z[m] && fabs(s->occ[p][m] - occ[m]) < 1e-9;
        if (!same)
            st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                               "phase %s has positions of different species: the Debye "
                               "refinement takes one site (a solid solution, fcc, bcc, hcp)",
                               ph->name);
    }
    free(s);
    return st;
}

/* <f> and <f^2> of a site of n_sp species z with occupancies occ on d's grid
 * of s into fm, f2 (with ab, the first two species' f into d->fa, d->fb) */
static xrd_status site_tables(xrdi_dfit *d, const xrd_debye_fit_options *o, const int *z,
                              const double *occ, int n_sp, double *fm_out, double *f2_out,
                              int ab, xrd_error *err)
{
    for (size_t k = 0; k < d->ns; k++) {
        double s = d->s0 + (double)k * d->ds, fm = 0, f2 = 0;
        for (int m = 0; m < n_sp; m++) {
            double f = 1.0;
            if (z[m] > 0 && d->electron) {
                xrd_status st = xrd_electron_f(o->electron, z[m], s, &f, err);
                if (st != XRD_OK)
                    return st;
            } else if (z[m] > 0) {
                f = xrdi_f0(z[m], s);
            }
            fm += occ[m] * f;
            f2 += occ[m] * f * f;
            if (ab && d->fa && m < 2)
                (m ? d->fb : d->fa)[k] = f;
        }
        fm_out[k] = fm;
        f2_out[k] = f2;
    }
    return XRD_OK;
}

static xrd_status tables(xrdi_dfit *d, const xrd_phase *ph, const xrd_debye_fit_options *o,
                         xrd_error *err)
{
    int z[XRD_DEBYE_MAX_SPECIES], n_sp = 0;
    double occ[XRD_DEBYE_MAX_SPECIES], b_mean = 0.5;
    xrd_status st = site_mix(ph, z, occ, &n_sp, &b_mean, err);
    if (st != XRD_OK)
        return st;
    d->start[XRDI_DF_B] = b_mean;
    if (o->refine_composition) {
        if (n_sp != 2 || z[0] == z[1])
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase %s: refining the composition needs two elements on the "
                                 "site (el=Cu:0.5/Ru:0.5), found %d", ph->name, n_sp);
        d->occ_sum = occ[0] + occ[1];
        d->start[XRDI_DF_X] = occ[0] / d->occ_sum;
        d->z_ab[0] = z[0];
        d->z_ab[1] = z[1];
    }
    double lam_min = d->lam[0], lam_max = d->lam[0];
    for (int l = 1; l < d->n_lines; l++) {
        lam_min = fmin(lam_min, d->lam[l]);
        lam_max = fmax(lam_max, d->lam[l]);
    }
    double t_lo = fmax(0.01, d->x[0] - 2.0), t_hi = fmin(179.9, d->x[d->n - 1] + 2.0);
    d->s0 = sin(0.5 * t_lo * DEG) / lam_max;
    double s_hi = fmin(2.0, sin(0.5 * t_hi * DEG) / lam_min);
    d->ns = NS_TABLE;
    d->ds = (s_hi - d->s0) / (double)(d->ns - 1);
    d->fm = malloc(d->ns * sizeof(double));
    d->f2 = malloc(d->ns * sizeof(double));
    if (o->refine_composition) {
        d->fa = malloc(d->ns * sizeof(double));
        d->fb = malloc(d->ns * sizeof(double));
        if (!d->fa || !d->fb)
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    if (!d->fm || !d->f2)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    st = site_tables(d, o, z, occ, n_sp, d->fm, d->f2, 1, err);
    if (st != XRD_OK || !d->two || !o->phase2)
        return st;
    /* the second population's own site */
    st = site_mix(o->phase2, z, occ, &n_sp, &b_mean, err);
    if (st != XRD_OK)
        return st;
    d->fm2 = malloc(d->ns * sizeof(double));
    d->f22 = malloc(d->ns * sizeof(double));
    if (!d->fm2 || !d->f22)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    return site_tables(d, o, z, occ, n_sp, d->fm2, d->f22, 0, err);
}

static xrd_status rows(xrdi_dfit *d, xrd_error *err)
{
    size_t n = d->n, total = 0;
    d->j0 = malloc(n * sizeof(size_t));
    d->len = malloc(n * sizeof(size_t));
    d->off = malloc(n * sizeof(size_t));
    if (!d->j0 || !d->len || !d->off)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d->len[i] = xrdi_debye_row_span(d->inst, d->x, n, i, &d->j0[i]);
        d->off[i] = total;
        total += d->len[i];
    }
    if (total > 200000000u)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                             "the instrument's profile spans %zu point pairs: the step is too "
                             "fine for its width", total);
    d->kw = malloc((total ? total : 1) * sizeof(double));
    if (!d->kw)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (d->len[i])
            xrdi_debye_row_weights(d->inst, d->x, n, i, d->j0[i], d->len[i], d->kw + d->off[i]);
    return XRD_OK;
}

xrd_status xrdi_dfit_setup(xrdi_dfit *d, const xrd_pattern *p, const xrd_instrument *inst,
                           const xrd_phase *ph, const xrd_debye_fit_options *o,
                           xrd_error *err)
{
    memset(d, 0, sizeof *d);
    d->inst = inst;
    if (p->unit != XRD_X_TWO_THETA_DEG)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "the Debye refinement takes a pattern in 2theta (convert q first)");
    if (inst->rad.n_lines < 1 || inst->rad.n_lines > XRD_MAX_LINES)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the instrument has no wavelength");
    d->n_lines = inst->rad.n_lines;
    for (int l = 0; l < d->n_lines; l++) {
        d->lam[l] = inst->rad.lambda_A[l];
        d->lw[l] = l == 0 ? 1.0 : (inst->rad.weight[l] > 0 ? inst->rad.weight[l] : 0.5);
        if (!(d->lam[l] > 0) || !isfinite(d->lam[l]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "wavelength line %d is not positive", l + 1);
    }
    d->electron = d->lam[0] < XRD_ELECTRON_LAMBDA_MAX_A;
    if (d->electron && !o->electron)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "an electron wavelength (%g A) needs the electron scattering "
                             "factors", d->lam[0]);
    if (o->n_background < 1 || o->n_background > XRD_MAX_CHEB)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "1 to %d background terms, found %d", XRD_MAX_CHEB, o->n_background);
    double lo = isnan(o->x_min) ? -INFINITY : o->x_min, hi = isnan(o->x_max) ? INFINITY : o->x_max;
    size_t n = 0, max_pts = o->max_points ? o->max_points : XRD_FIT_MAX_POINTS;
    for (size_t i = 0; i < p->n; i++)
        n += p->x[i] >= lo && p->x[i] <= hi && p->x[i] > 0 && p->x[i] < 180;
    if (n < MIN_POINTS || n > max_pts)
        return xrd_error_set(err, n < MIN_POINTS ? XRD_ERR_INVALID : XRD_ERR_TOO_LARGE, NULL, 0,
                             "the range holds %zu points: the Debye refinement needs %d to %zu",
                             n, MIN_POINTS, max_pts);
    d->n = n;
    d->nb = o->n_background;
    d->x = malloc(n * sizeof(double));
    d->y = malloc(n * sizeof(double));
    d->w = malloc(n * sizeof(double));
    d->cheb = malloc(n * (size_t)d->nb * sizeof(double));
    d->y0 = malloc(n * sizeof(double));
    d->yc = malloc(n * sizeof(double));
    d->resid = malloc(n * sizeof(double));
    d->two = o->populations == 2;
    d->same_a = d->two && o->same_lattice;
    if (d->two && (o->lognormal || o->refine_composition))
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "two populations have one size and a given composition each (no "
                             "lognormal, no composition refined)");
    if (d->two) {
        d->y02 = malloc(n * sizeof(double));
        d->yc2 = malloc(n * sizeof(double));
    }
    if (!d->x || !d->y || !d->w || !d->cheb || !d->y0 || !d->yc || !d->resid ||
        (d->two && (!d->y02 || !d->yc2)))
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for %zu points", n);
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] >= lo && p->x[i] <= hi && p->x[i] > 0 && p->x[i] < 180) {
            d->x[k] = p->x[i];
            d->y[k] = p->y[i];
            d->w[k] = p->sigma[i] > 0 ? 1.0 / p->sigma[i] : 0.0;
            k++;
        }
    double xl = d->x[0], xh = d->x[n - 1];
    if (!(xh > xl))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the range has no extent");
    for (size_t i = 0; i < n; i++) {
        double t = (2.0 * d->x[i] - xl - xh) / (xh - xl), t0 = 1.0, t1 = t;
        double *c = d->cheb + i * (size_t)d->nb;
        for (int j = 0; j < d->nb; j++) {
            if (j == 0)
                c[j] = 1.0;
            else if (j == 1)
                c[j] = t;
            else {
                double t2 = 2.0 * t * t1 - t0;
                t0 = t1;
                t1 = t2;
                c[j] = t2;
            }
        }
    }
    memset(&d->pol, 0, sizeof d->pol);
    d->pol.polarization = o->polarization;
    d->pol.mono_two_theta_deg = o->mono_two_theta_deg;
    d->lognormal = o->lognormal;
    xrd_cell cell = ph->cell;
    xrd_spacegroup_constrain_cell(&ph->sg, &cell);
    xrd_status st = xrd_cell_validate(&cell, err);
    if (st == XRD_OK)
        st = tables(d, ph, o, err);
    if (st == XRD_OK)
        st = rows(d, err);
    if (st != XRD_OK) {
        xrdi_dfit_free(d);
        return st;
    }
    d->c_over_a = cell.c / cell.a;
    d->start[XRDI_DF_A] = cell.a;
    d->start[XRDI_DF_LND] = 0.0;
    d->start[XRDI_DF_LNS] = log(0.25);
    d->start[XRDI_DF_ZERO] = inst->zero_deg;
    d->start[XRDI_DF_DISP] = inst->displacement_mm;
    d->start[XRDI_DF_A2] = cell.a;
    int on[XRDI_DF_NPAR] = {1, 1, o->lognormal, o->refine_b, o->refine_zero,
                            o->refine_displacement && inst->geometry == XRD_GEOM_BRAGG_BRENTANO &&
                                inst->radius_mm > 0,
                            o->refine_composition, d->two && !d->same_a, d->two};
    int np = 0;
    for (int j = 0; j < XRDI_DF_NPAR; j++)
        d->idx[j] = on[j] ? np++ : -1;
    return XRD_OK;
}

void xrdi_dfit_q_range(const xrdi_dfit *d, double *q_lo, double *q_hi)
{
    double lam_min = d->lam[0], lam_max = d->lam[0];
    for (int l = 1; l < d->n_lines; l++) {
        lam_min = fmin(lam_min, d->lam[l]);
        lam_max = fmax(lam_max, d->lam[l]);
    }
    double t_lo = fmax(0.01, d->x[0] - 2.0), t_hi = fmin(179.9, d->x[d->n - 1] + 2.0);
    *q_lo = 4.0 * M_PI * sin(0.5 * t_lo * DEG) / lam_max * XRDI_DF_A_LO;
    *q_hi = fmin(4.0 * M_PI * 2.0, 4.0 * M_PI * sin(0.5 * t_hi * DEG) / lam_min * XRDI_DF_A_HI);
}

void xrdi_dfit_clamp(const xrdi_dfit *d, double *full)
{
    double a0 = d->db->a0_A;
    full[XRDI_DF_A] = fmin(fmax(full[XRDI_DF_A], a0 * XRDI_DF_A_LO), a0 * XRDI_DF_A_HI);
    full[XRDI_DF_LNS] =
        fmin(fmax(full[XRDI_DF_LNS], log(XRDI_DF_SIGMA_LO)), log(XRDI_DF_SIGMA_HI));
    full[XRDI_DF_X] = fmin(fmax(full[XRDI_DF_X], 0.0), 1.0);
    full[XRDI_DF_A2] = d->same_a ? full[XRDI_DF_A]
                                 : fmin(fmax(full[XRDI_DF_A2], a0 * XRDI_DF_A_LO), a0 * XRDI_DF_A_HI);
    for (int k = 0; k < 2; k++) {
        int j = k ? XRDI_DF_LND2 : XRDI_DF_LND;
        if (!d->lognormal)
            full[j] = fmin(fmax(full[j], log(d->db->d_nm[0])), log(d->db->d_nm[d->db->n - 1]));
    }
}

static double phi(double t)
{
    return 0.5 * erfc(-t / M_SQRT2);
}

/* Edge k (0..n) of the database's cells in ln D: midway between sizes. */
static double edge(const xrdi_debye_db *db, int k)
{
    const double half = 0.5 * log(1.02);
    if (db->n == 1)
        return log(db->d_nm[0]) + (k ? half : -half);
    if (k == 0)
        return 1.5 * log(db->d_nm[0]) - 0.5 * log(db->d_nm[1]);
    if (k == db->n)
        return 1.5 * log(db->d_nm[db->n - 1]) - 0.5 * log(db->d_nm[db->n - 2]);
    return 0.5 * (log(db->d_nm[k - 1]) + log(db->d_nm[k]));
}

double xrdi_dfit_outside(const xrdi_dfit *d, const double *full)
{
    if (!d->lognormal)
        return 0.0;
    double s = exp(full[XRDI_DF_LNS]), mu = full[XRDI_DF_LND] + 3.0 * s * s;
    return phi((edge(d->db, 0) - mu) / s) + 1.0 - phi((edge(d->db, d->db->n) - mu) / s);
}

/* The size weights (number shares) of the database at ln D u (and full's
 * sigma for a lognormal). */
static void weights(const xrdi_dfit *d, const double *full, double u, double *wj)
{
    const xrdi_debye_db *db = d->db;
    for (int j = 0; j < db->n; j++)
        wj[j] = 0;
    if (!d->lognormal || db->n == 1) {
        int j = 0;
        while (j + 2 < db->n && u > log(db->d_nm[j + 1]))
            j++;
        if (db->n == 1) {
            wj[0] = 1;
            return;
        }
        double l0 = log(db->d_nm[j]), l1 = log(db->d_nm[j + 1]);
        double t = fmin(fmax((u - l0) / (l1 - l0), 0.0), 1.0);
        wj[j] = 1.0 - t;
        wj[j + 1] = t;
        return;
    }
    double s = exp(full[XRDI_DF_LNS]), sum = 0;
    double lo = phi((edge(db, 0) - u) / s);
    for (int j = 0; j < db->n; j++) {
        double hi = phi((edge(db, j + 1) - u) / s);
        wj[j] = hi - lo;
        lo = hi;
        sum += wj[j];
    }
    for (int j = 0; j < db->n; j++)
        wj[j] = sum > 0 ? wj[j] / sum : 0.0;
}

/* The scales and background: weighted least squares of y on [yc, yc2, T_k]
 * (nc = 0, 1 or 2 cluster columns), the normal equations equilibrated by
 * their diagonal. */
static int linear(xrdi_dfit *d, int nc)
{
    int m = nc + d->nb;
    double A[(2 + XRD_MAX_CHEB) * (2 + XRD_MAX_CHEB)], b[2 + XRD_MAX_CHEB], col[2 + XRD_MAX_CHEB];
    memset(A, 0, sizeof A);
    memset(b, 0, sizeof b);
    for (size_t i = 0; i < d->n; i++) {
        double w2 = d->w[i] * d->w[i];
        if (nc > 0)
            col[0] = d->yc[i];
        if (nc > 1)
            col[1] = d->yc2[i];
        memcpy(col + nc, d->cheb + i * (size_t)d->nb, (size_t)d->nb * sizeof(double));
        for (int r = 0; r < m; r++) {
            b[r] += w2 * col[r] * d->y[i];
            for (int c = 0; c <= r; c++)
                A[r * m + c] += w2 * col[r] * col[c];
        }
    }
    double sc[2 + XRD_MAX_CHEB];
    for (int r = 0; r < m; r++) {
        if (!(A[r * m + r] > 0))
            return 1;
        sc[r] = 1.0 / sqrt(A[r * m + r]);
    }
    for (int r = 0; r < m; r++) {
        for (int c = 0; c <= r; c++) {
            A[r * m + c] *= sc[r] * sc[c];
            A[c * m + r] = A[r * m + c];
        }
        A[r * m + r] += 1e-13;
        b[r] *= sc[r];
    }
    gsl_matrix_view Av = gsl_matrix_view_array(A, (size_t)m, (size_t)m);
    gsl_vector_view bv = gsl_vector_view_array(b, (size_t)m);
    if (gsl_linalg_cholesky_decomp1(&Av.matrix) || gsl_linalg_cholesky_svx(&Av.matrix, &bv.vector))
        return 1;
    d->scale = nc > 0 ? b[0] * sc[0] : 0.0;
    d->scale2 = nc > 1 ? b[1] * sc[1] : 0.0;
    for (int k = 0; k < d->nb; k++)
        d->bkg[k] = b[k + nc] * sc[k + nc];
    return !isfinite(d->scale) || !isfinite(d->scale2);
}

/* chi2 of the background alone (the linear solution of the last evaluation
 * is kept). */
double xrdi_dfit_chi2_background(xrdi_dfit *d)
{
    double scale = d->scale, scale2 = d->scale2, bkg[XRD_MAX_CHEB];
    memcpy(bkg, d->bkg, sizeof bkg);
    double chi2 = INFINITY;
    if (!linear(d, 0)) {
        chi2 = 0;
        for (size_t i = 0; i < d->n; i++) {
            double bk = 0;
            for (int k = 0; k < d->nb; k++)
                bk += d->bkg[k] * d->cheb[i * (size_t)d->nb + (size_t)k];
            double r = d->w[i] * (d->y[i] - bk);
            chi2 += r * r;
        }
    }
    d->scale = scale;
    d->scale2 = scale2;
    memcpy(d->bkg, bkg, sizeof bkg);
    return chi2;
}

/* the population of weights wj at lattice ratio ar into y0 (before the
 * instrument), then convolved into yc; 1 when an angle is out of reach */
static int population(xrdi_dfit *d, const double *full, const double *wj, double ar,
                      const double *fm_t, const double *f2_t, double *y0, double *yc)
{
    const xrdi_debye_db *db = d->db;
    int act[512], na = 0;
    double nbar = 0;
    for (int j = 0; j < db->n && na < 512; j++)
        if (wj[j] > 1e-12) {
            act[na++] = j;
            nbar += wj[j] * db->atoms[j];
        }
    double B = full[XRDI_DF_B];
    for (size_t i = 0; i < d->n; i++) {
        double tt = xrdi_debye_true_2theta(d->inst, full[XRDI_DF_ZERO], full[XRDI_DF_DISP],
                                           d->x[i]);
        if (!(tt > 0 && tt < 180))
            return 1;
        double sum = 0, sth = sin(0.5 * tt * DEG);
        for (int l = 0; l < d->n_lines; l++) {
            double s = sth / d->lam[l], q = 4.0 * M_PI * s, qp = q * ar;
            double u = (s - d->s0) / d->ds;
            u = fmin(fmax(u, 0.0), (double)(d->ns - 1));
            size_t k = (size_t)u;
            if (k >= d->ns - 1)
                k = d->ns - 2;
            double f = u - (double)k;
            double fm, f2;
            if (d->fa) { /* the composition refined: x of the first element */
                double fa = (1 - f) * d->fa[k] + f * d->fa[k + 1];
                double fb = (1 - f) * d->fb[k] + f * d->fb[k + 1], x = full[XRDI_DF_X];
                fm = d->occ_sum * (x * fa + (1 - x) * fb);
                f2 = d->occ_sum * (x * fa * fa + (1 - x) * fb * fb);
            } else {
                fm = (1 - f) * fm_t[k] + f * fm_t[k + 1];
                f2 = (1 - f) * f2_t[k] + f * f2_t[k + 1];
            }
            double pairs = 0;
            for (int a = 0; a < na; a++)
                pairs += wj[act[a]] * xrdi_debye_db_pairs(db, act[a], qp);
            sum += d->lw[l] * (nbar * f2 + fm * fm * exp(-2.0 * B * s * s) * pairs);
        }
        y0[i] = sum * xrdi_polarization(&d->pol, d->electron, cos(tt * DEG));
    }
    for (size_t i = 0; i < d->n; i++) {
        if (!d->len[i]) {
            yc[i] = y0[i];
            continue;
        }
        const double *kw = d->kw + d->off[i], *y0i = y0 + d->j0[i];
        double s = 0;
        for (size_t k = 0; k < d->len[i]; k++)
            s += kw[k] * y0i[k];
        yc[i] = s;
    }
    return 0;
}

int xrdi_dfit_eval(xrdi_dfit *d, const double *full_in, double *resid, double *model)
{
    const xrdi_debye_db *db = d->db;
    if (!d->wj && !(d->wj = malloc((size_t)db->n * sizeof(double))))
        return 1;
    if (d->two && !d->wj2 && !(d->wj2 = malloc((size_t)db->n * sizeof(double))))
        return 1;
    double full[XRDI_DF_NPAR];
    memcpy(full, full_in, sizeof full);
    xrdi_dfit_clamp(d, full);
    weights(d, full, full[XRDI_DF_LND], d->wj);
    if (population(d, full, d->wj, full[XRDI_DF_A] / db->a0_A, d->fm, d->f2, d->y0, d->yc))
        return 1;
    if (d->two) {
        weights(d, full, full[XRDI_DF_LND2], d->wj2);
        if (population(d, full, d->wj2, full[XRDI_DF_A2] / db->a0_A, d->fm2 ? d->fm2 : d->fm,
                       d->f22 ? d->f22 : d->f2, d->y02, d->yc2))
            return 1;
    }
    if (linear(d, d->two ? 2 : 1))
        return 1;
    for (size_t i = 0; i < d->n; i++) {
        double bk = 0;
        const double *c = d->cheb + i * (size_t)d->nb;
        for (int k = 0; k < d->nb; k++)
            bk += d->bkg[k] * c[k];
        double mu = d->scale * d->yc[i] + (d->two ? d->scale2 * d->yc2[i] : 0.0) + bk;
        resid[i] = d->w[i] * (d->y[i] - mu);
        if (model)
            model[i] = mu;
    }
    return 0;
}
