/* Whether an extra phase is significant, and the compositions of the phases
 * of the chosen model. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"

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
    /* separation of same-structure phases in combined esds (the closest pair) */
    double sep = NAN;
    for (int i = 0; i < b->n_phases; i++)
        for (int j = i + 1; j < b->n_phases; j++) {
            const xrd_phase_result *p = &b->phases[i], *q = &b->phases[j];
            if (strcmp(p->structure, q->structure))
                continue;
            double e = sqrt(p->cell_esd.a * p->cell_esd.a + q->cell_esd.a * q->cell_esd.a);
            double s = e > 0 ? fabs(p->cell.a - q->cell.a) / e : INFINITY;
            if (isnan(sep) || s < sep)
                sep = s;
        }
    r->separation_sigma = sep;
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
    if (!isnan(sep) && !(sep > o->separation_min_sigma)) {
        snprintf(reason, n,
                 "%d phases fit better (scaled delta-BIC %.1f) but their lattice constants differ "
                 "by only %.1f combined esds (<= %.0f): the phases are closer than the peak "
                 "widths allow to separate",
                 b->n_phases, r->delta_bic_scaled, sep, o->separation_min_sigma);
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

void xrdi_analyze_compositions(xrd_analyze_result *r, const xrdi_struct *st, int n_struct)
{
    const xrd_fit_result *f = xrd_fit_get_result(r->models[r->best].fit);
    if (!f)
        return;
    for (int k = 0; k < f->n_phases && k < XRD_ANALYZE_MAX_PHASES; k++) {
        xrd_analyze_phase *ap = &r->phase[k];
        const xrd_phase_result *p = &f->phases[k];
        memset(ap, 0, sizeof *ap);
        const xrdi_struct *s = NULL;
        for (int j = 0; j < n_struct; j++)
            if (!strcmp(st[j].name, p->structure))
                s = &st[j];
        if (!s || !s->have_vegard) {
            snprintf(ap->message, sizeof ap->message, "%s",
                     s && s->note[0] ? s->note : "no composition: end members unknown");
            continue;
        }
        ap->setup = s->vegard;
        if (xrd_vegard_composition(&ap->setup, p->cell.a, p->cell_esd.a, &ap->r, NULL) != XRD_OK)
            continue;
        ap->available = 1;
        snprintf(ap->message, sizeof ap->message, "%s", ap->r.message);
        if (ap->r.verdict != XRD_VEGARD_UNDETERMINED && f->n_phases > 1)
            snprintf(ap->role, sizeof ap->role, "%.12s-rich",
                     ap->r.x >= 0.5 ? ap->setup.end[0].label : ap->setup.end[1].label);
    }
}
