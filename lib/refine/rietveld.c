/* Rietveld refinement: the intensities of a phase from its structure (the
 * phase's scale and a B shift are what is refined), and the quantities that
 * follow from the scales: weight fractions by Hill & Howard (1987), volume and
 * mole fractions, density and mass absorption, R_Bragg and R_F.
 *
 * Convention: a group's integrated intensity is S sum|F|^2 LP / V^2 (the
 * simulator's, xrd_phase_intensities), so S is proportional to the phase's
 * volume fraction and w_p = S_p rho_p / sum_q S_q rho_q with rho = M_cell / V
 * (the classical S (ZMV) written for intensities that carry 1/V^2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/rietveld.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "model/peak.h"
#include "model/structure.h"
#include "refine/fit_internal.h"
#include "refine/strategy.h"

/* classical electron radius (cm) and the atomic mass constant (g), CODATA 2018 */
#define R_E_CM 2.8179403262e-13
#define U_G 1.66053906660e-24

typedef struct {
    size_t k;
    double d;
} by_d;

static int cmp_d(const void *a, const void *b)
{
    const by_d *x = a, *y = b;
    return (x->d < y->d) - (x->d > y->d); /* decreasing d */
}

/* The hkl entries of a textured phase as xrd_phase_intensities sums them. */
typedef struct {
    xrdi_mphase *ph;
    const xrd_cell *cell;
    const by_d *order;  /* sorted position -> group */
    size_t cap;
    int failed;
} md_collect;

/* cos^2 of the angle between the reciprocal vectors hkl and HKL (G* metric:
 * g1.g2 = (|g1+g2|^2 - |g1|^2 - |g2|^2) / 2). */
static double cos2_between(const xrd_cell *c, int h, int k, int l, const int *ax)
{
    double q1 = xrd_cell_inv_d2(c, h, k, l), q2 = xrd_cell_inv_d2(c, ax[0], ax[1], ax[2]);
    double dot = 0.5 * (xrd_cell_inv_d2(c, h + ax[0], k + ax[1], l + ax[2]) - q1 - q2);
    double c2 = q1 > 0 && q2 > 0 ? dot * dot / (q1 * q2) : 0.0;
    return c2 > 1.0 ? 1.0 : c2;
}

static void md_entry(void *user, size_t g, int h, int k, int l, double i_hkl)
{
    md_collect *c = user;
    xrdi_mphase *ph = c->ph;
    if (c->failed)
        return;
    if (ph->n_md == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        size_t *ng = realloc(ph->md_group, cap * sizeof(size_t));
        if (ng)
            ph->md_group = ng;
        double *ni = ng ? realloc(ph->md_i, cap * sizeof(double)) : NULL;
        if (ni)
            ph->md_i = ni;
        double *nc = ni ? realloc(ph->md_c2, cap * sizeof(double)) : NULL;
        if (!nc) {
            c->failed = 1;
            return;
        }
        ph->md_c2 = nc;
        c->cap = cap;
    }
    ph->md_group[ph->n_md] = c->order[g].k;
    ph->md_i[ph->n_md] = i_hkl;
    ph->md_c2[ph->n_md] = cos2_between(c->cell, h, k, l, ph->md_hkl);
    ph->n_md++;
}

xrd_status xrdi_rietveld_structure(xrdi_model *m, xrd_error *err)
{
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        if (!ph->rietveld || ph->n_refl == 0)
            continue;
        size_t n = ph->n_refl;
        /* the refined parameters drive the others of the lattice (b = a ...) */
        xrd_phase cur = ph->phase;
        xrd_spacegroup_constrain_cell(&cur.sg, &cur.cell);
        by_d *o = malloc(n * sizeof *o);
        xrd_reflection *r = malloc(n * sizeof *r);
        double *out = malloc(n * sizeof *out);
        if (!o || !r || !out) {
            free(o);
            free(r);
            free(out);
            return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        }
        for (size_t k = 0; k < n; k++) {
            const xrdi_refl *g = &ph->refl[k];
            o[k].k = k;
            o[k].d = 1.0 / sqrt(xrd_cell_inv_d2(&cur.cell, g->h, g->k, g->l));
        }
        qsort(o, n, sizeof *o, cmp_d);
        for (size_t j = 0; j < n; j++) {
            const xrdi_refl *g = &ph->refl[o[j].k];
            r[j].h = g->h;
            r[j].k = g->k;
            r[j].l = g->l;
            r[j].multiplicity = g->mult;
            r[j].d_A = o[j].d;
        }
        xrd_reflist rl = {n, r};
        md_collect mc = {ph, &cur.cell, o, 0, 0};
        ph->n_md = 0;
        xrd_status st = xrdi_phase_intensities_hkl(&cur, &rl, m->inst.rad.lambda_A[0], &m->iopt,
                                                   out, NULL, ph->md_on ? md_entry : NULL, &mc,
                                                   err);
        if (st == XRD_OK && mc.failed)
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        if (st == XRD_OK)
            for (size_t j = 0; j < n; j++) {
                xrdi_refl *g = &ph->refl[o[j].k];
                g->i_struct = isfinite(out[j]) && out[j] > 0 ? out[j] : 0.0;
                g->d_A = o[j].d;
            }
        free(o);
        free(r);
        free(out);
        if (st != XRD_OK)
            return st;
    }
    return XRD_OK;
}

void xrdi_rietveld_start_scales(xrdi_model *m, double s0)
{
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        if (!ph->rietveld)
            continue;
        double sum = 0;
        for (size_t k = 0; k < ph->n_refl; k++)
            sum += ph->refl[k].i_struct;
        ph->scale = sum > 0 ? s0 * (double)ph->n_refl / sum : 1.0;
    }
}

/* Atoms per formula unit of a formula such as "LaB6", "Cu0.5Ru0.5", "Fe2O3";
 * 0 when it cannot be read (parentheses, charges, empty). */
static double formula_atoms(const char *f)
{
    double n = 0;
    const char *p = f;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    while (*p) {
        if (!(*p >= 'A' && *p <= 'Z'))
            return 0;
        p++;
        while (*p >= 'a' && *p <= 'z')
            p++;
        const char *end;
        double c = xrdi_strtod(p, &end);
        if (end == p)
            c = 1;
        if (!(c > 0) || !isfinite(c))
            return 0;
        n += c;
        p = end;
        while (*p == ' ')
            p++;
    }
    return n;
}

/* Cell mass (u), atoms in the cell and the photoabsorption cross-section of
 * the cell (cm^2; NaN without a dispersion table) of a phase. 0 on success. */
static int cell_contents(const xrdi_model *m, const xrd_phase *ph, double *mass, double *atoms,
                         double *sigma_cm2)
{
    xrdi_cell_atom *at = NULL;
    size_t na = 0;
    int equal = 0;
    *mass = *atoms = 0;
    *sigma_cm2 = NAN;
    if (xrdi_expand_atoms(ph, &at, &na, &equal, NULL) != XRD_OK || na == 0 || equal) {
        free(at);
        return -1;
    }
    double lam_cm = m->inst.rad.lambda_A[0] * 1e-8, sig = 0;
    int have = m->iopt.dispersion != NULL;
    for (size_t j = 0; j < na; j++) {
        *mass += at[j].occ * xrd_atomic_mass_u(at[j].z);
        *atoms += at[j].occ;
        double fp, fpp;
        if (have && xrd_dispersion_at(m->iopt.dispersion, at[j].z, m->inst.rad.lambda_A[0], &fp,
                                      &fpp, NULL) == XRD_OK)
            sig += at[j].occ * 2.0 * R_E_CM * lam_cm * fpp;
        else
            have = 0;
    }
    if (have)
        *sigma_cm2 = sig;
    free(at);
    return isfinite(*mass) && *mass > 0 ? 0 : -1;
}

/* R_Bragg and R_F of phase p: each group's "observed" intensity is its
 * calculated one times the profile-weighted ratio of the net observed to
 * the net calculated counts under it (Rietveld's partition). */
static void agreement(const struct xrd_fit *f, int p, double *r_bragg, double *r_f)
{
    const xrdi_model *m = &f->m;
    const xrd_fit_result *r = &f->res;
    const xrdi_mphase *ph = &m->ph[p];
    double *prof = malloc(m->n * sizeof(double));
    double sb = 0, so = 0, sf = 0, sfo = 0;
    *r_bragg = *r_f = NAN;
    if (!prof)
        return;
    for (size_t k = 0; k < ph->n_refl; k++) {
        size_t i0, cnt;
        xrdi_peak pk;
        /* groups centred in the data: a tail alone does not partition */
        if (ph->refl[k].off || xrdi_peak_setup(m, p, k, 0, &pk) != 1 ||
            pk.pos_deg < m->x_lo || pk.pos_deg > m->x_hi ||
            xrdi_model_refl_profile(m, p, k, prof, &i0, &cnt) || cnt == 0)
            continue;
        double num = 0, den = 0;
        for (size_t i = 0; i < cnt; i++) {
            size_t ii = i0 + i;
            double net_c = r->y_calc[ii] - r->y_bkg[ii];
            if (!(net_c > 0) || !(prof[i] > 0))
                continue;
            num += prof[i] * (r->y_obs[ii] - r->y_bkg[ii]) / net_c;
            den += prof[i];
        }
        if (!(den > 0))
            continue;
        double ic = ph->refl[k].intensity * ph->scale, io = ic * num / den;
        if (!(ic > 0))
            continue;
        if (io < 0)
            io = 0;
        sb += fabs(io - ic);
        so += io;
        sf += fabs(sqrt(io) - sqrt(ic));
        sfo += sqrt(io);
    }
    free(prof);
    if (so > 0)
        *r_bragg = sb / so;
    if (sfo > 0)
        *r_f = sf / sfo;
}

xrd_status xrdi_rietveld_settle(struct xrd_fit *f, int *converged, char *why, size_t why_n,
                                xrd_error *err)
{
    if (!*converged || !f->opt.rietveld)
        return XRD_OK;
    xrd_status st = xrdi_rietveld_structure(&f->m, err);
    if (st != XRD_OK)
        return st;
    xrdi_apply_ties(&f->m);
    double chi2;
    return xrdi_refine_from_here(f, converged, &chi2, why, why_n, err);
}

void xrdi_rietveld_results(struct xrd_fit *f, const double *cov, size_t ns)
{
    xrdi_model *m = &f->m;
    xrd_fit_result *r = &f->res;
    int np = m->n_phases, idx[8];
    r->surface_roughness = m->sr_on;
    r->sr_p = m->sr_on ? m->sr_p : NAN;
    r->sr_q = m->sr_on ? m->sr_q : NAN;
    r->sr_p_esd = m->sr_on ? xrdi_fit_par_esd(r, "surface_roughness_P", NAN) : NAN;
    r->sr_q_esd = m->sr_on ? xrdi_fit_par_esd(r, "surface_roughness_Q", NAN) : NAN;
    const xrd_sim_options *io = &m->iopt;
    if (m->inst.rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A)
        snprintf(r->intensity_model, sizeof r->intensity_model,
                 "electrons, kinematic: f_e (Peng et al. 1996), no polarisation, Lorentz "
                 "1/(sin^2 theta cos theta) of a ring per unit length");
    else
        snprintf(r->intensity_model, sizeof r->intensity_model,
                 "f0 (Cromer-Mann)%s, LP %s",
                 io->dispersion ? " + f' + i f'' (NIST FFAST)" : ", no f' f''",
                 io->polarization == XRD_POL_SYNCHROTRON     ? "synchrotron (P = 1)"
                 : io->polarization == XRD_POL_MONOCHROMATOR ? "with a monochromator"
                                                             : "unpolarised");
    double a[8], rho[8], mfu[8];
    size_t q = 0;
    for (int p = 0; p < np; p++) {
        xrd_phase_result *pr = &r->phases[p];
        pr->rietveld = m->ph[p].rietveld;
        pr->scale = pr->scale_esd = pr->biso_A2 = pr->biso_esd_A2 = NAN;
        pr->cell_mass_u = pr->density_g_cm3 = pr->mu_mass_cm2_g = NAN;
        pr->weight_fraction = pr->weight_fraction_esd = NAN;
        pr->volume_fraction = pr->volume_fraction_esd = pr->mole_fraction = NAN;
        pr->r_bragg = pr->r_f = NAN;
        idx[p] = -1;
        if (!pr->rietveld)
            continue;
        idx[p] = (int)q++;
        const xrdi_mphase *ph = &m->ph[p];
        xrd_phase cur = ph->phase;
        xrd_spacegroup_constrain_cell(&cur.sg, &cur.cell);
        double mass, atoms, sig, V = xrd_cell_volume(&cur.cell);
        pr->scale = ph->scale;
        pr->scale_esd = idx[p] < (int)ns ? sqrt(fmax(cov[idx[p] * ns + idx[p]], 0.0)) : NAN;
        pr->biso_A2 = ph->biso_shift;
        pr->po_on = ph->md_on;
        pr->po_r = pr->po_r_esd = NAN;
        if (ph->md_on) {
            memcpy(pr->po_hkl, ph->md_hkl, sizeof pr->po_hkl);
            xrdi_pref rm = {XRDI_P_MD, p, 0};
            char mn[96];
            xrdi_param_name(m, rm, mn, sizeof mn);
            pr->po_r = ph->md_r;
            pr->po_r_esd = xrdi_fit_par_esd(r, mn, NAN);
        }
        pr->n_sites = ph->phase.n_atoms;
        for (int s = 0; s < ph->phase.n_atoms && s < XRD_MAX_ATOMS; s++) {
            pr->sites[s] = ph->phase.atoms[s];
            pr->sites[s].biso_A2 += ph->biso_shift;
        }
        char nm[96];
        xrdi_pref rb = {XRDI_P_BISO, p, 0};
        xrdi_param_name(m, rb, nm, sizeof nm);
        pr->biso_esd_A2 = f->opt.refine_biso ? xrdi_fit_par_esd(r, nm, NAN) : 0.0;
        agreement(f, p, &pr->r_bragg, &pr->r_f);
        a[p] = rho[p] = mfu[p] = NAN;
        if (cell_contents(m, &cur, &mass, &atoms, &sig) || !(V > 0))
            continue;
        pr->cell_mass_u = mass;
        pr->density_g_cm3 = mass * U_G / (V * 1e-24);
        pr->mu_mass_cm2_g = isfinite(sig) ? sig / (mass * U_G) : NAN;
        rho[p] = mass / V;
        a[p] = ph->scale * rho[p];
        double per_fu = formula_atoms(ph->phase.formula);
        double z_fu = per_fu > 0 && atoms / per_fu >= 0.999 ? atoms / per_fu : atoms;
        mfu[p] = mass / z_fu;
    }
    /* fractions among the Rietveld phases, esds by the delta method */
    double sa = 0, sv = 0, sn = 0;
    for (int p = 0; p < np; p++)
        if (idx[p] >= 0 && isfinite(a[p])) {
            sa += a[p];
            sv += m->ph[p].scale;
            sn += a[p] / mfu[p];
        }
    if (!(sa > 0) || !(sv > 0))
        return;
    for (int p = 0; p < np; p++) {
        if (idx[p] < 0 || !isfinite(a[p]))
            continue;
        xrd_phase_result *pr = &r->phases[p];
        pr->weight_fraction = a[p] / sa;
        pr->volume_fraction = m->ph[p].scale / sv;
        pr->mole_fraction = a[p] / mfu[p] / sn;
        /* d w_p / d S_t = rho_t (delta_pt sa - a_p) / sa^2, likewise for v with rho = 1 */
        double gw[8] = {0}, gv[8] = {0};
        for (int t = 0; t < np; t++) {
            if (idx[t] < 0 || !isfinite(a[t]))
                continue;
            gw[idx[t]] = rho[t] * ((t == p ? sa : 0.0) - a[p]) / (sa * sa);
            gv[idx[t]] = ((t == p ? sv : 0.0) - m->ph[p].scale) / (sv * sv);
        }
        double vw = 0, vv = 0;
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < ns; j++) {
                vw += gw[i] * cov[i * ns + j] * gw[j];
                vv += gv[i] * cov[i * ns + j] * gv[j];
            }
        pr->weight_fraction_esd = sqrt(fmax(vw, 0.0));
        pr->volume_fraction_esd = sqrt(fmax(vv, 0.0));
    }
}
