/* Whether an extra phase is significant, and whether a model is plausible.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"

/* same-structure lattices closer than this many FWHM only reshape peaks */
#define XRDI_RESHAPE_FWHM 0.25
/* ... and closer than this cannot be told apart */
#define XRDI_RESOLVE_FWHM 0.5

void xrdi_analyze_plausibility(xrd_analyze_model *m, const xrdi_struct *st, int n_struct)
{
    const xrd_fit_result *f = m->fit ? xrd_fit_get_result(m->fit) : NULL;
    m->plausible = f != NULL;
    m->implausible[0] = '\0';
    for (int k = 0; f && k < f->n_phases; k++) {
        const xrd_phase_result *p = &f->phases[k];
        for (int s = 0; s < n_struct; s++)
            if (!strcmp(st[s].name, p->structure) &&
                (p->cell.a < st[s].space.a_lo * 0.99 || p->cell.a > st[s].space.a_hi * 1.01)) {
                m->plausible = 0;
                snprintf(m->implausible, sizeof m->implausible,
                         "%s phase %d left the end-member range (a = %.4f A, range %.4f-%.4f A)",
                         p->structure, k + 1, p->cell.a, st[s].space.a_lo, st[s].space.a_hi);
                return;
            }
        if (f->n_phases < 2)
            continue;
        xrd_phase_significance sg;
        if (xrd_phase_significance_of(f, k, XRDI_SIGNIFICANCE_Z, &sg, NULL) == XRD_OK &&
            !sg.significant) {
            m->plausible = 0;
            snprintf(m->implausible, sizeof m->implausible,
                     "the intensities of %s phase %d are not significant (%d of %d reflection "
                     "groups at >= %.0f sigma)",
                     p->structure, k + 1, sg.n_significant, sg.n_groups, XRDI_SIGNIFICANCE_Z);
            return;
        }
        double imax = 0;
        int n_in = 0, n_strong = 0;
        for (size_t q = 0; q < p->n_refl; q++)
            if (p->refl[q].in_range) {
                n_in++;
                if (p->refl[q].intensity > imax)
                    imax = p->refl[q].intensity;
            }
        for (size_t q = 0; q < p->n_refl; q++)
            if (p->refl[q].in_range && p->refl[q].intensity >= 0.1 * imax && imax > 0)
                n_strong++;
        if (n_in >= 2 && n_strong < 2) {
            m->plausible = 0;
            snprintf(m->implausible, sizeof m->implausible,
                     "%s phase %d explains a single peak only (one reflection carries its "
                     "intensity): an unindexed peak, not a phase",
                     p->structure, k + 1);
            return;
        }
    }
}

/* largest separation / FWHM over the strong reflections shared (same hkl) by
 * two phases of one structure */
static double separation_fwhm(const xrd_phase_result *p, const xrd_phase_result *q)
{
    double imax = 0, best = 0;
    for (size_t i = 0; i < p->n_refl; i++)
        if (p->refl[i].intensity > imax)
            imax = p->refl[i].intensity;
    for (size_t i = 0; i < p->n_refl; i++) {
        const xrd_refl_result *a = &p->refl[i];
        if (!a->in_range || a->intensity < 0.1 * imax)
            continue;
        for (size_t j = 0; j < q->n_refl; j++) {
            const xrd_refl_result *b = &q->refl[j];
            if (b->h != a->h || b->k != a->k || b->l != a->l)
                continue;
            double w = 0.5 * (a->fwhm_deg + b->fwhm_deg);
            double s = w > 0 ? fabs(a->two_theta_deg - b->two_theta_deg) / w : 0;
            if (s > best)
                best = s;
        }
    }
    return best;
}
/* The esd of a_p - a_q from the fit's covariance: the parts the two lattice
 * constants share (zero, displacement, asymmetry: the instrument) cancel in
 * their difference. Without the correlation, the combined esds. */
static double difference_esd(const xrd_fit_result *b, const xrd_phase_result *p,
                             const xrd_phase_result *q)
{
    /* the wavelength's part is common to both phases and cancels as well */
    double sp = sqrt(fmax(p->cell_esd.a * p->cell_esd.a -
                              p->cell_esd_lambda.a * p->cell_esd_lambda.a, 0.0)),
           sq = sqrt(fmax(q->cell_esd.a * q->cell_esd.a -
                              q->cell_esd_lambda.a * q->cell_esd_lambda.a, 0.0));
    char np[80], nq[80];
    snprintf(np, sizeof np, "%s.a_A", p->name);
    snprintf(nq, sizeof nq, "%s.a_A", q->name);
    size_t ip = b->n_par, iq = b->n_par;
    for (size_t k = 0; k < b->n_par; k++) {
        if (!strcmp(b->par[k].name, np))
            ip = k;
        if (!strcmp(b->par[k].name, nq))
            iq = k;
    }
    double rho = ip < b->n_par && iq < b->n_par && b->correlation
                     ? b->correlation[ip * b->n_par + iq]
                     : 0.0;
    if (!isfinite(rho))
        rho = 0.0;
    double v = sp * sp + sq * sq - 2.0 * rho * sp * sq;
    return v > 0 ? sqrt(v) : sqrt(sp * sp + sq * sq);
}


int xrdi_analyze_compare(const xrd_analyze_model *simple, const xrd_analyze_model *complex,
                         const xrd_analyze_options *o, xrd_analyze_result *r, char *reason,
                         size_t n)
{
    const xrd_fit_result *a = xrd_fit_get_result(simple->fit);
    const xrd_fit_result *b = complex->fit ? xrd_fit_get_result(complex->fit) : NULL;
    if (!b || !complex->converged) {
        snprintf(reason, n, "the %d-phase fit did not converge", complex->n_phases);
        return 0;
    }
    if (!simple->converged) {
        /* nothing to compare against: the converged model with more phases stands */
        r->delta_bic = r->delta_bic_scaled = NAN;
    }
    /* BIC = chi2 + k ln N; the scaled difference divides the chi2 gain by the
     * simpler model's reduced chi2 so that misfit of both models (real data,
     * GOF > 1) does not pass for significance */
    double ln_n = log((double)b->n_points);
    double dk = (double)b->n_params - (double)a->n_params;
    r->delta_bic = simple->bic - complex->bic;
    double scale = a->chi2_red > 1.0 ? a->chi2_red : 1.0;
    r->delta_bic_scaled = (a->chi2 - b->chi2) / scale - dk * ln_n;
    double minor = 1.0;
    for (int k = 0; k < b->n_phases; k++)
        if (b->phases[k].intensity_share < minor)
            minor = b->phases[k].intensity_share;
    r->minor_share = minor;
    /* separation of same-structure phases in esds of their difference (the closest pair) */
    double sep = NAN;
    for (int i = 0; i < b->n_phases; i++)
        for (int j = i + 1; j < b->n_phases; j++) {
            const xrd_phase_result *p = &b->phases[i], *q = &b->phases[j];
            if (strcmp(p->structure, q->structure))
                continue;
            double e = difference_esd(b, p, q);
            double s = e > 0 ? fabs(p->cell.a - q->cell.a) / e : INFINITY;
            if (isnan(sep) || s < sep)
                sep = s;
        }
    r->separation_sigma = sep;
    double sepw = NAN;
    for (int i = 0; i < b->n_phases; i++)
        for (int j = i + 1; j < b->n_phases; j++)
            if (!strcmp(b->phases[i].structure, b->phases[j].structure)) {
                double w = separation_fwhm(&b->phases[i], &b->phases[j]);
                double w2 = separation_fwhm(&b->phases[j], &b->phases[i]);
                if (w2 > w)
                    w = w2;
                if (isnan(sepw) || w < sepw)
                    sepw = w;
            }
    r->separation_fwhm = sepw;
    if (!complex->plausible) {
        snprintf(reason, n, "the best %d-phase model is not plausible: %s", b->n_phases,
                 complex->implausible);
        return 0;
    }
    if (!(r->delta_bic_scaled > o->bic_threshold)) {
        snprintf(reason, n,
                 "a %d-phase model is not significantly better: scaled delta-BIC %.1f <= %.0f",
                 b->n_phases, r->delta_bic_scaled, o->bic_threshold);
        return 0;
    }
    if (!(minor >= o->minor_share_min)) {
        snprintf(reason, n,
                 "the extra phase carries only %.1f %% of the diffracted intensity (< %.0f %%)",
                 100.0 * minor, 100.0 * o->minor_share_min);
        return 0;
    }
    if (!isnan(sepw) && sepw < XRDI_RESHAPE_FWHM) {
        snprintf(reason, n,
                 "a second lattice only %.2f FWHM away improves the fit (scaled delta-BIC %.1f): "
                 "it reshapes the peaks (profile, strain distribution), it is not a separate phase",
                 sepw, r->delta_bic_scaled);
        return 0;
    }
    if ((!isnan(sep) && !(sep > o->separation_min_sigma)) ||
        (!isnan(sepw) && sepw < XRDI_RESOLVE_FWHM)) {
        snprintf(reason, n,
                 "%d phases fit better (scaled delta-BIC %.1f) but their lattices are %.1f "
                 "esds of their difference and %.2f FWHM apart (need > %.0f and >= %.1f): "
                 "closer than the peak widths allow to separate",
                 b->n_phases, r->delta_bic_scaled, sep, sepw, o->separation_min_sigma,
                 XRDI_RESOLVE_FWHM);
        return 2;
    }
    snprintf(reason, n,
             "%d phases: scaled delta-BIC %.1f > %.0f, minor share %.1f %% >= %.0f %%%s", b->n_phases,
             r->delta_bic_scaled, o->bic_threshold, 100.0 * minor, 100.0 * o->minor_share_min,
             isnan(sep) ? ", different structures" : "");
    if (!isnan(sep)) {
        size_t l = strlen(reason);
        snprintf(reason + l, n - l, ", separation %.1f esd > %.0f", sep, o->separation_min_sigma);
    }
    return 1;
}
