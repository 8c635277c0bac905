/* Result of a Le Bail fit: agreement indices, covariance (with the extracted
 * intensities as parameters, so that their correlation with widths and cell is
 * accounted for), per-phase values and calculated curves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crystal/cellmath.h"
#include "model/peak.h"
#include "refine/serial.h"
#include "refine/fit_internal.h"
#include "refine/lebail.h"
#include "refine/rietveld.h"
#include "refine/normal_blocks.h"

/* groups seen by the data with at least this share of their area are parameters */
#define VISIBLE_MIN 0.05

void xrdi_fit_result_clear(xrd_fit_result *r)
{
    for (int p = 0; p < r->n_phases; p++)
        free(r->phases[p].refl);
    free(r->phases);
    free(r->par);
    free(r->correlation);
    free(r->x);
    free(r->y_obs);
    free(r->y_calc);
    free(r->y_bkg);
    if (r->y_phase)
        for (int p = 0; p < r->n_phases; p++)
            free(r->y_phase[p]);
    free(r->y_phase);
    memset(r, 0, sizeof *r);
}

static int same_ref(xrdi_pref a, xrdi_pref b)
{
    return a.kind == b.kind && a.phase == b.phase && a.index == b.index;
}

/* A (nt x nt) = the normal matrix of refs taken from the refinement's last
 * pass at the end point, in natural units. 1 when every ref is there. */
static int from_final(const xrdi_final_normal *fn, const xrdi_pref *refs, size_t nt, double *A)
{
    if (!fn->valid)
        return 0;
    size_t nm = fn->np + 1, *ix = malloc((nt ? nt : 1) * sizeof(size_t));
    double *sc = malloc((nt ? nt : 1) * sizeof(double));
    int ok = ix && sc;
    for (size_t a = 0; a < nt && ok; a++) {
        size_t j = 0;
        while (j < fn->np && !same_ref(fn->ref[j], refs[a]))
            j++;
        ok = j < fn->np;
        ix[a] = j;
        sc[a] = ok && j < fn->n_scaled ? fn->natscale[j] : 1.0;
    }
    for (size_t a = 0; a < nt && ok; a++)
        for (size_t b = 0; b < nt; b++)
            A[a * nt + b] = fn->M[ix[a] * nm + ix[b]] * sc[a] * sc[b];
    free(ix);
    free(sc);
    return ok;
}

/* Parameters of the instrument (position, asymmetry, profile): held at their
 * values for the statistical part of an esd. */
static int is_instrument(xrdi_pkind k)
{
    return k == XRDI_P_ZERO || k == XRDI_P_DISP || k == XRDI_P_ASYM || k == XRDI_P_K2RATIO ||
           k == XRDI_P_WAVELENGTH || k == XRDI_P_RADIAL ||
           k == XRDI_P_U || k == XRDI_P_V || k == XRDI_P_W || k == XRDI_P_X || k == XRDI_P_Y;
}

/* Normal matrix of [non-linear params | intensities] and its inverse; the
 * intensities are those of every group evaluated and not tied (the linear
 * parameters of the refinement). A restraint adds 1/sd^2 to its diagonal at
 * the scale of the data's own (chi2/dof, at least 1), so that cov = (A / s2 + P)^-1 is not
 * inflated where the prior decides. var_stat (np) receives the variances with
 * the instrument parameters held: the conditional covariance of the rest. */
static xrd_status covariance(struct xrd_fit *f, const xrdi_pset *s, double chi2, double serial2,
                             double *cov_nl, double *var_stat, size_t *n_int_out,
                             double *scale_cov, size_t *n_scale, xrd_error *err)
{
    xrdi_model *m = &f->m;
    size_t n = m->n, np = s->np, ni = 0;
    for (int p = 0; p < m->n_phases; p++) {
        ni += m->ph[p].rietveld != 0;
        for (size_t k = 0; k < m->ph[p].n_refl && !m->ph[p].rietveld; k++)
            ni += !m->ph[p].refl[k].off && m->ph[p].refl[k].tie < 0;
    }
    *n_scale = 0;
    size_t nt = np + ni, nm = nt + 1;
    xrdi_pref *refs = malloc((nt ? nt : 1) * sizeof(xrdi_pref));
    double *M = malloc(nm * nm * sizeof(double));
    double *A = malloc(nt * nt * sizeof(double) + 1);
    double *A2 = malloc(nt * nt * sizeof(double) + 1);
    double *cov = malloc(nt * nt * sizeof(double) + 1);
    size_t *keep = malloc((nt ? nt : 1) * sizeof(size_t));
    xrd_status st = XRD_OK;
    *n_int_out = ni;
    if (!refs || !M || !A || !A2 || !cov || !keep) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in covariance");
        goto done;
    }
    memcpy(refs, s->ref, np * sizeof(xrdi_pref));
    size_t q = np, scale_at[8];
    for (int p = 0; p < m->n_phases; p++) {
        if (m->ph[p].rietveld) {
            /* a Rietveld phase's linear parameter is its scale */
            xrdi_pref r = {XRDI_P_SCALE, p, 0};
            scale_at[(*n_scale)++] = q;
            refs[q++] = r;
            continue;
        }
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            if (!m->ph[p].refl[k].off && m->ph[p].refl[k].tie < 0) {
                xrdi_pref r = {XRDI_P_INTENSITY, p, (int)k};
                refs[q++] = r;
            }
    }
    if (!from_final(&f->final, refs, nt, A)) {
        if (xrdi_normal_blocks(m, refs, nt, NULL, 0, M, NULL, NULL)) {
            st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "model failed at the solution");
            goto done;
        }
        for (size_t a = 0; a < nt; a++)
            for (size_t b = 0; b < nt; b++)
                A[a * nt + b] = M[a * nm + b];
    }
    double dof = (double)n - (double)nt;
    double s2 = chi2 / (dof > 1 ? dof : 1);
    if (!(s2 > 1.0))
        s2 = 1.0; /* a GOF below 1 never shrinks the esds below the statistical ones */
    s2 *= serial2; /* serially correlated residuals: fewer independent points */
    for (size_t a = 0; a < np; a++) {
        const xrdi_prior *pr = xrdi_fit_prior(f, refs[a].kind);
        if (pr)
            A[a * nt + a] += s2 / (pr->sd * pr->sd);
    }
    /* the conditional problem: instrument rows and columns left out */
    size_t nk = 0, n_inst = 0;
    for (size_t a = 0; a < nt; a++) {
        if (a < np && is_instrument(refs[a].kind))
            n_inst++;
        else
            keep[nk++] = a;
    }
    for (size_t a = 0; a < nk; a++)
        for (size_t b = 0; b < nk; b++)
            A2[a * nk + b] = A[keep[a] * nt + keep[b]];
    st = xrdi_cov_from_normal(A, nt, s2, cov, NULL, err);
    if (st != XRD_OK)
        goto done;
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < np; b++)
            cov_nl[a * np + b] = cov[a * nt + b];
    for (size_t a = 0; a < *n_scale; a++)
        for (size_t b = 0; b < *n_scale; b++)
            scale_cov[a * *n_scale + b] = cov[scale_at[a] * nt + scale_at[b]];
    for (size_t a = 0; a < np; a++)
        var_stat[a] = cov_nl[a * np + a];
    if (n_inst > 0 && nk > 0) {
        st = xrdi_cov_from_normal(A2, nk, s2, cov, NULL, err);
        if (st != XRD_OK)
            goto done;
        for (size_t a = 0; a < nk && keep[a] < np; a++)
            var_stat[keep[a]] = cov[a * nk + a];
        for (size_t a = 0; a < np; a++)
            if (is_instrument(refs[a].kind))
                var_stat[a] = NAN;
    }
done:
    free(refs);
    free(M);
    free(A);
    free(A2);
    free(cov);
    free(keep);
    return st;
}

double xrdi_fit_par_esd(const xrd_fit_result *r, const char *name, double missing)
{
    for (size_t j = 0; j < r->n_par; j++)
        if (!strcmp(r->par[j].name, name))
            return r->par[j].esd;
    return missing;
}

static double esd_of(const xrd_fit_result *r, const char *name)
{
    return xrdi_fit_par_esd(r, name, 0.0);
}

/* The statistical esd of a parameter (var_stat of the covariance), by name. */
static double esd_stat_of(const xrd_fit_result *r, const double *var_stat, const char *name)
{
    for (size_t j = 0; j < r->n_par; j++)
        if (!strcmp(r->par[j].name, name))
            return var_stat[j] >= 0 ? sqrt(var_stat[j]) : r->par[j].esd;
    return 0.0;
}

/* The instrument's part of an esd: what the total adds to the statistical one. */
static double inst_part(double total, double stat)
{
    double d = total * total - stat * stat;
    return d > 0 ? sqrt(d) : 0.0;
}

/* The esd of a function of the size term (1/L) and its second parameter
 * (kind: the Gaussian ratio, or a lognormal's sigma) from their esds and
 * correlation (gradient d_l, d_g). */
static double size_inv_esd(const xrdi_model *m, const xrd_fit_result *r, int p,
                           xrdi_pkind kind, double d_l, double d_g)
{
    char nl[96], ng[96];
    xrdi_pref rl = {XRDI_P_SIZE, p, 0}, rg = {kind, p, 0};
    xrdi_param_name(m, rl, nl, sizeof nl);
    xrdi_param_name(m, rg, ng, sizeof ng);
    long il = -1, ig = -1;
    for (size_t j = 0; j < r->n_par; j++) {
        if (!strcmp(r->par[j].name, nl))
            il = (long)j;
        if (!strcmp(r->par[j].name, ng))
            ig = (long)j;
    }
    if (il < 0)
        return NAN;
    double el = r->par[il].esd;
    if (ig < 0 || d_g == 0.0)
        return fabs(d_l) * el;
    double eg = r->par[ig].esd;
    double rho = r->correlation ? r->correlation[(size_t)il * r->n_par + (size_t)ig] : 0.0;
    double v = d_l * d_l * el * el + d_g * d_g * eg * eg + 2.0 * d_l * d_g * rho * el * eg;
    return v > 0 ? sqrt(v) : 0.0;
}

/* A lognormal distribution of spheres: 1/LVol and sigma refined; every
 * weighted mean diameter is D0 e^(k sigma^2) with D0 = 1 / (3/4 (1/LVol)
 * e^(3.5 sigma^2)): k = 1/2 (number), 5/2 (area), 7/2 (volume, 4/3 LVol), and
 * its relative esd that of ln D = const - ln(1/LVol) + (k - 7/2) sigma^2. */
static void lognormal_results(const xrdi_model *m, const xrd_fit_result *r, int p,
                              xrd_phase_result *pr)
{
    const xrdi_mphase *mp = &m->ph[p];
    double v = mp->size_inv, sg = mp->size_sigma;
    char nm[96];
    xrdi_pref rg = {XRDI_P_SIZE_SIGMA, p, 0};
    xrdi_param_name(m, rg, nm, sizeof nm);
    pr->size_lognormal = 1;
    pr->size_sigma = sg;
    pr->size_sigma_esd = esd_of(r, nm);
    double e = size_inv_esd(m, r, p, XRDI_P_SIZE_SIGMA, 1.0, 0.0);
    if (!(v > 0) || !isfinite(e) || !(e < 0.5 * v)) {
        pr->size_status = -1;
        return;
    }
    pr->size_status = 1;
    pr->size_nm = 1.0 / v;
    pr->size_esd_nm = e / (v * v);
    pr->sphere_diameter_nm = 4.0 / 3.0 * pr->size_nm;
    pr->sphere_diameter_esd_nm = 4.0 / 3.0 * pr->size_esd_nm;
    double d0 = 4.0 / 3.0 / v * exp(-3.5 * sg * sg);
    const double k[3] = {0.0, 0.5, 2.5};
    double *dst[3] = {&pr->d_median_nm, &pr->d_number_nm, &pr->d_area_nm};
    double *esd[3] = {&pr->d_median_esd_nm, &pr->d_number_esd_nm, &pr->d_area_esd_nm};
    for (int i = 0; i < 3; i++) {
        *dst[i] = d0 * exp(k[i] * sg * sg);
        /* d ln D / d(1/LVol) = -1/v, d ln D / d sigma = 2 (k - 3.5) sigma */
        double rel = size_inv_esd(m, r, p, XRDI_P_SIZE_SIGMA, -1.0 / v, 2.0 * (k[i] - 3.5) * sg);
        *esd[i] = isfinite(rel) ? *dst[i] * rel : NAN;
    }
}

static void phase_results(struct xrd_fit *f, const xrdi_pset *s, const double *var_stat)
{
    xrdi_model *m = &f->m;
    xrd_fit_result *r = &f->res;
    double total = 0, *share = calloc((size_t)m->n_phases, sizeof(double));
    /* the wavelength's relative uncertainty, unless it is refined here */
    double lam_rel = m->inst.rad.lambda_esd_A > 0 ? m->inst.rad.lambda_esd_A / m->inst.rad.lambda_A[0]
                                                  : 0.0;
    for (size_t j = 0; j < s->np; j++)
        if (s->ref[j].kind == XRDI_P_WAVELENGTH)
            lam_rel = 0.0;
    for (int p = 0; p < m->n_phases && share; p++) {
        for (size_t i = 0; i + 1 < m->n; i++)
            share[p] += r->y_phase[p][i] * (m->x[i + 1] - m->x[i]);
        total += share[p];
    }
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *mp = &m->ph[p];
        xrd_phase_result *pr = &r->phases[p];
        snprintf(pr->name, sizeof pr->name, "%s", mp->phase.name);
        snprintf(pr->structure, sizeof pr->structure, "%s", mp->phase.structure);
        pr->sg = mp->phase.sg;
        pr->cell = mp->phase.cell;
        memset(&pr->cell_esd, 0, sizeof pr->cell_esd);
        memset(&pr->cell_esd_stat, 0, sizeof pr->cell_esd_stat);
        memset(&pr->cell_esd_inst, 0, sizeof pr->cell_esd_inst);
        memset(&pr->cell_esd_lambda, 0, sizeof pr->cell_esd_lambda);
        char nm[96];
        for (int j = 0; j < mp->n_cell_free; j++) {
            xrdi_pref ref = {XRDI_P_CELL, p, j};
            xrdi_param_name(m, ref, nm, sizeof nm);
            int which = mp->cell_idx[j];
            double e4[4] = {esd_of(r, nm), esd_stat_of(r, var_stat, nm), 0, 0};
            /* a length scales with the wavelength: its uncertainty adds in quadrature */
            if (which < 3 && lam_rel > 0) {
                e4[3] = xrdi_cell_get(&pr->cell, which) * lam_rel;
                e4[0] = hypot(e4[0], e4[3]);
            }
            e4[2] = inst_part(e4[0], e4[1]);
            xrd_cell *dst[4] = {&pr->cell_esd, &pr->cell_esd_stat, &pr->cell_esd_inst,
                                &pr->cell_esd_lambda};
            for (int t = 0; t < 4; t++) {
                /* the esd goes to every parameter this one drives (a -> b, c) */
                xrd_cell *d = dst[t];
                double *slot[6] = {&d->a, &d->b, &d->c, &d->alpha, &d->beta, &d->gamma};
                unsigned drives = xrdi_cell_driven(&mp->phase.sg, which);
                for (int q = 0; q < 6; q++)
                    if (drives & (1u << q))
                        *slot[q] = e4[t];
            }
        }
        xrd_spacegroup_constrain_cell(&mp->phase.sg, &pr->cell);
        /* size: 1/LVol refined */
        pr->size_status = 0;
        pr->size_nm = pr->size_esd_nm = NAN;
        pr->sphere_diameter_nm = pr->sphere_diameter_esd_nm = NAN;
        xrdi_pref rs = {XRDI_P_SIZE, p, 0};
        xrdi_param_name(m, rs, nm, sizeof nm);
        int refined = 0;
        for (size_t j = 0; j < s->np; j++)
            if (s->ref[j].kind == XRDI_P_SIZE && s->ref[j].phase == p)
                refined = 1;
        pr->size_lognormal = 0;
        pr->size_sigma = pr->size_sigma_esd = NAN;
        pr->d_median_nm = pr->d_median_esd_nm = pr->d_number_nm = pr->d_number_esd_nm = NAN;
        pr->d_area_nm = pr->d_area_esd_nm = NAN;
        if (refined && mp->size_lognormal) {
            lognormal_results(m, r, p, pr);
        } else if (refined) {
            double dl, dg, v = xrdi_size_inv_lvol(mp->size_inv, mp->size_inv * mp->size_g_ratio,
                                                  &dl, &dg);
            /* to the refined 1/L_L and ratio: d/d(1/L_L) = dl + dg ratio, d/dratio = dg / L_L */
            double e = size_inv_esd(m, r, p, XRDI_P_SIZE_G, dl + dg * mp->size_g_ratio,
                                    dg * mp->size_inv);
            if (v > 0 && isfinite(e) && e < 0.5 * v) {
                pr->size_status = 1;
                pr->size_nm = 1.0 / v;
                pr->size_esd_nm = e / (v * v);
                pr->sphere_diameter_nm = 4.0 / 3.0 * pr->size_nm;
                pr->sphere_diameter_esd_nm = 4.0 / 3.0 * pr->size_esd_nm;
            } else {
                pr->size_status = -1;
            }
        }
        pr->strain = mp->strain;
        xrdi_pref re = {XRDI_P_STRAIN, p, 0};
        xrdi_param_name(m, re, nm, sizeof nm);
        pr->strain_esd = esd_of(r, nm);
        pr->faults_refined = 0;
        pr->fault_alpha = mp->fault_alpha;
        pr->fault_alpha_esd = NAN;
        pr->twins_refined = 0;
        pr->twin_beta = mp->twin_beta;
        pr->twin_beta_esd = NAN;
        for (size_t j = 0; j < s->np; j++) {
            xrdi_pkind kd = s->ref[j].kind;
            if ((kd != XRDI_P_FAULT && kd != XRDI_P_TWIN) || s->ref[j].phase != p)
                continue;
            xrdi_pref rf = {kd, p, 0};
            xrdi_param_name(m, rf, nm, sizeof nm);
            if (kd == XRDI_P_FAULT) {
                pr->faults_refined = 1;
                pr->fault_alpha_esd = esd_of(r, nm);
            } else {
                pr->twins_refined = 1;
                pr->twin_beta_esd = esd_of(r, nm);
            }
        }
        pr->intensity_share = share && total > 0 ? share[p] / total : NAN;
        /* reflections the data see */
        pr->refl = calloc(mp->n_refl ? mp->n_refl : 1, sizeof(xrd_refl_result));
        pr->n_refl = 0;
        for (size_t k = 0; k < mp->n_refl && pr->refl; k++) {
            xrdi_peak pk;
            if (xrdi_peak_setup(m, p, k, 0, &pk) != 1)
                continue;
            int in = pk.pos_deg >= m->x_lo && pk.pos_deg <= m->x_hi;
            if (!in && xrdi_lebail_visible_fraction(m, p, k) < VISIBLE_MIN)
                continue;
            xrd_refl_result *o = &pr->refl[pr->n_refl++];
            o->h = mp->refl[k].h;
            o->k = mp->refl[k].k;
            o->l = mp->refl[k].l;
            o->multiplicity = mp->refl[k].mult;
            o->d_A = 1.0 / sqrt(xrd_cell_inv_d2(&pr->cell, o->h, o->k, o->l));
            o->two_theta_deg = pk.pos_deg;
            o->intensity = mp->refl[k].intensity * mp->scale;
            double H;
            xrd_tch_mix(pk.hg, pk.hl, &H, NULL, NULL, NULL, NULL, NULL);
            o->fwhm_deg = H;
            o->in_range = in;
        }
    }
    free(share);
}

xrd_status xrdi_fit_fill_result(struct xrd_fit *f, const xrdi_pset *all, xrd_error *err)
{
    xrdi_model *m = &f->m;
    /* the phase scales are folded into the intensities, which enter the
     * covariance below as parameters of their own */
    xrdi_pset sc, *s = &sc;
    sc.np = 0;
    for (size_t j = 0; j < all->np; j++)
        if (all->ref[j].kind != XRDI_P_SCALE && all->ref[j].kind != XRDI_P_INTENSITY &&
            all->ref[j].kind != XRDI_P_CLUSTER) {
            sc.ref[sc.np] = all->ref[j];
            sc.bound[sc.np] = all->bound[j];
            sc.np++;
        }
    xrd_fit_result *r = &f->res;
    size_t n = m->n, np = s->np;
    xrdi_fit_result_clear(r);
    r->n_phases = m->n_phases;
    r->n_curve = n;
    r->x = malloc(n * sizeof(double));
    r->y_obs = malloc(n * sizeof(double));
    r->y_calc = malloc(n * sizeof(double));
    r->y_bkg = malloc(n * sizeof(double));
    r->y_phase = calloc((size_t)m->n_phases, sizeof(double *));
    r->phases = calloc((size_t)m->n_phases, sizeof(xrd_phase_result));
    r->par = calloc(np ? np : 1, sizeof(xrd_param));
    r->correlation = calloc(np > 0 ? np * np : 1, sizeof(double));
    /* the covariance of the non-linear parameters, then their statistical variances */
    double *cov = calloc(np * np + np + 1, sizeof(double));
    double *var_stat = cov ? cov + np * np : NULL;
    if (!r->x || !r->y_obs || !r->y_calc || !r->y_bkg || !r->y_phase || !r->phases || !r->par ||
        !r->correlation || !cov) {
        free(cov);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the result");
    }
    for (int p = 0; p < m->n_phases; p++)
        if (!(r->y_phase[p] = malloc(n * sizeof(double)))) {
            free(cov);
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the result");
        }
    if (xrdi_model_eval(m, NULL, 0, r->y_calc, NULL, 0, r->y_phase)) {
        free(cov);
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the model failed at the solution");
    }
    double swy2 = 0, chi2 = 0, sabs = 0, sy = 0, swn2 = 0, dw_num = 0, prev_r = 0;
    for (size_t i = 0; i < n; i++) {
        r->x[i] = m->x[i];
        r->y_obs[i] = m->y[i];
        r->y_bkg[i] = xrdi_background_at(m, m->x[i]);
        double w2 = m->w[i] * m->w[i], d = m->y[i] - r->y_calc[i];
        double net = m->y[i] - r->y_bkg[i];
        swy2 += w2 * m->y[i] * m->y[i];
        swn2 += w2 * net * net;
        chi2 += w2 * d * d;
        sabs += fabs(d);
        sy += fabs(m->y[i]);
        double rr = d * m->w[i];
        if (i > 0)
            dw_num += (rr - prev_r) * (rr - prev_r);
        prev_r = rr;
    }
    size_t n_int = 0;
    r->durbin_watson = chi2 > 0 ? dw_num / chi2 : NAN;
    r->berar_lelann_factor = xrdi_serial_factor(r->durbin_watson);
    r->serial_factor = f->opt.ignore_serial_correlation ? 1.0 : r->berar_lelann_factor;
    r->restraint_weight = f->prior_boost > 1.0 ? f->prior_boost : 1.0;
    double scale_cov[64];
    size_t n_scale = 0;
    xrd_status st = covariance(f, s, chi2, r->serial_factor * r->serial_factor, cov, var_stat,
                               &n_int, scale_cov, &n_scale, err);
    if (st != XRD_OK) {
        free(cov);
        return st;
    }
    size_t P = np + n_int;
    r->n_points = n;
    r->n_params = P;
    r->chi2 = chi2;
    double dof = (double)n - (double)P;
    r->chi2_red = chi2 / (dof > 1 ? dof : 1);
    r->Rp = sy > 0 ? sabs / sy : NAN;
    r->Rwp = swy2 > 0 ? sqrt(chi2 / swy2) : NAN;
    r->Rexp = swy2 > 0 && dof > 0 ? sqrt(dof / swy2) : NAN;
    r->GOF = r->Rwp / r->Rexp;
    r->Rwp_bkg = swn2 > 0 ? sqrt(chi2 / swn2) : NAN;
    r->bic = chi2 + (double)P * log((double)n);
    r->n_par = 0;
    for (size_t j = 0; j < np; j++) {
        xrd_param *pp = &r->par[r->n_par++];
        xrdi_param_name(m, s->ref[j], pp->name, sizeof pp->name);
        pp->value = *xrdi_param_ptr(m, s->ref[j]);
        double c = cov[j * np + j];
        pp->esd = c >= 0 ? sqrt(c) : NAN;
        /* on its bound the derivative of a quadrature-added width vanishes: no esd */
        pp->at_bound = s->bound[j].tr == XRDI_LOWER && pp->value <= s->bound[j].lo + 1e-6;
        if (pp->at_bound)
            pp->esd = NAN;
        const xrdi_prior *pr = xrdi_fit_prior(f, s->ref[j].kind);
        pp->prior_mean = pr ? pr->mean : 0.0;
        pp->prior_sd = pr ? pr->sd : 0.0;
        r->n_priors += pr != NULL;
    }
    /* correlation among the reported parameters */
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < np; b++) {
            double d = sqrt(cov[a * np + a] * cov[b * np + b]);
            r->correlation[a * np + b] = d > 0 ? cov[a * np + b] / d : NAN;
        }
    r->instrument = m->inst;
    if (f->opt.refine_wavelength && esd_of(r, "wavelength_A") > 0)
        r->instrument.rad.lambda_esd_A = esd_of(r, "wavelength_A");
    if (f->opt.refine_radial && esd_of(r, "radial_k3_A2") > 0)
        r->instrument.radial_k3_esd_A2 = esd_of(r, "radial_k3_A2");
    r->instrument_calibrated = m->inst.calibrated || f->opt.refine_instrument;
    if (f->opt.refine_instrument)
        snprintf(r->instrument.source, sizeof r->instrument.source,
                 "refined in this fit (U V W X Y%s)", f->opt.refine_asymmetry ? ", asymmetry" : "");
    r->background = m->bkg;
    r->noise = f->noise;
    snprintf(r->background_model, sizeof r->background_model, "%s",
             f->background_model[0] ? f->background_model : "");
    r->size_model[0] = 0;
    if (!r->background_model[0])
        snprintf(r->background_model, sizeof r->background_model, "%d Chebyshev terms%s%s%s",
                 m->bkg.n_cheb, m->bkg.use_hump ? " + amorphous hump" : "",
                 m->bkg.use_inv_x ? " + c/x" : "",
                 m->bkg.use_film ? " + amorphous carbon film" : "");
    r->zero_esd_deg = esd_of(r, "zero_deg");
    r->displacement_esd_mm = esd_of(r, "displacement_mm");
    phase_results(f, s, var_stat);
    xrdi_rietveld_results(f, scale_cov, n_scale);
    free(cov);
    return XRD_OK;
}
