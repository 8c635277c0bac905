/* Weight fractions for the alloy analysis: the chosen model's phases, with the
 * cells the Le Bail fit refined and one mixed site of the composition Vegard's
 * law gave (what it leaves undetermined is shared equally by the elements that
 * have an end member in the phase's structure, else by all), refined again by
 * Rietveld.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"

/* "Cu:0.46/Ru:0.54" from the phase's fractions into buf; 1 when some were not
 * determined (they share what the determined ones leave). */
static int site_of(const xrd_analyze_options *o, const xrd_analyze_phase *ap,
                   const xrdi_struct *st, char *buf, size_t n)
{
    double x[XRD_ANALYZE_MAX_ELEMENTS], known = 0;
    int n_unknown = 0, n_ends = 0;
    for (int e = 0; st && e < o->n_elements; e++)
        n_ends += st->has_end[e] != 0;
    for (int e = 0; e < o->n_elements; e++) {
        x[e] = NAN;
        for (int k = 0; k < ap->n_fractions; k++)
            if (!strcmp(ap->fraction[k].element, o->elements[e]) && isfinite(ap->fraction[k].x))
                x[e] = fmin(fmax(ap->fraction[k].x, 0.0), 1.0);
        if (isfinite(x[e]))
            known += x[e];
        else if (!st || n_ends == 0 || st->has_end[e])
            n_unknown++;
        else
            x[e] = 0.0; /* no end member in this structure: not in the guess */
    }
    if (o->n_elements == 1)
        x[0] = 1.0, n_unknown = 0, known = 1.0;
    double rest = known < 1.0 ? 1.0 - known : 0.0;
    size_t len = 0;
    buf[0] = 0;
    for (int e = 0; e < o->n_elements; e++) {
        double v = isfinite(x[e]) ? x[e] : rest / (n_unknown > 0 ? n_unknown : 1);
        if (!(v > 1e-6))
            continue;
        int w = snprintf(buf + len, n - len, "%s%s:%.6f", len ? "/" : "", o->elements[e], v);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
    }
    return n_unknown > 0;
}

void xrdi_analyze_fractions(const xrd_pattern *p, const xrd_instrument *inst,
                            const xrd_analyze_options *o, const xrdi_struct *sts, int ns,
                            xrd_analyze_result *r)
{
    if (inst->rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A) {
        snprintf(r->rietveld_note, sizeof r->rietveld_note,
                 "no weight fractions by default for electrons (%.4g A): kinematic ring "
                 "intensities (electron scattering factors) hold only for thin films of small "
                 "grains; `xrdfit fit --rietveld` refines them on request",
                 inst->rad.lambda_A[0]);
        return;
    }
    const xrd_fit_result *fr = xrd_fit_get_result(r->models[r->best].fit);
    xrd_phase ph[XRD_ANALYZE_MAX_PHASES];
    int n = fr->n_phases < XRD_ANALYZE_MAX_PHASES ? fr->n_phases : XRD_ANALYZE_MAX_PHASES;
    int guessed = 0;
    xrd_error err;
    for (int k = 0; k < n; k++) {
        const xrd_phase_result *pr = &fr->phases[k];
        char site[256], spec[512];
        const xrdi_struct *st = NULL;
        for (int s = 0; s < ns; s++)
            if (!strcmp(sts[s].name, pr->structure))
                st = &sts[s];
        guessed |= site_of(o, &r->phase[k], st, site, sizeof site);
        int w = snprintf(spec, sizeof spec, "%s:a=%.6f", pr->structure, pr->cell.a);
        if (pr->sg.system != XRD_SYS_CUBIC)
            w += snprintf(spec + w, sizeof spec - (size_t)w, ",c=%.6f", pr->cell.c);
        snprintf(spec + w, sizeof spec - (size_t)w, ",el=%s,name=%s", site, pr->name);
        if (!site[0] || xrd_phase_parse_spec(spec, NULL, &ph[k], &err) != XRD_OK) {
            snprintf(r->rietveld_note, sizeof r->rietveld_note,
                     "no weight fractions: phase %.40s has no site to fill (%.120s)", pr->name,
                     site[0] ? err.message : "no composition");
            return;
        }
    }
    xrd_fit_options fo = o->fit;
    fo.rietveld = 1;
    fo.refine_biso = 1;
    fo.rescue = 0;
    xrd_fit *f = NULL;
    if (xrd_fit_new(p, inst, ph, n, &fo, &f, &err) != XRD_OK || xrd_fit_run(f, &err) != XRD_OK) {
        snprintf(r->rietveld_note, sizeof r->rietveld_note,
                 "no weight fractions: the Rietveld refinement failed (%.180s)", err.message);
        xrd_fit_free(f);
        return;
    }
    const xrd_fit_result *rr = xrd_fit_get_result(f);
    if (!rr->converged) {
        snprintf(r->rietveld_note, sizeof r->rietveld_note,
                 "no weight fractions: the Rietveld refinement did not converge (%.170s)",
                 rr->message);
        xrd_fit_free(f);
        return;
    }
    r->rietveld = f;
    snprintf(r->rietveld_note, sizeof r->rietveld_note,
             "weight fractions by Rietveld (Hill & Howard) on the chosen model, sites of the "
             "Vegard composition%s; relative to the crystalline phases of the model",
             guessed ? " (what it does not determine is shared equally by the elements with an "
                       "end member in the phase's structure)"
                     : "");
}
