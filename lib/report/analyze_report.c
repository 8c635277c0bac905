/* Alloy analysis reports: paper-style text and JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "report/fit_json.h"
#include "xrdfit/analyze.h"

/* "Cu0.46Ru0.54" (every element) when the fractions are known */
static void formula(const xrd_analyze_phase *ap, char *buf, size_t n)
{
    size_t l = 0;
    buf[0] = '\0';
    for (int e = 0; e < ap->n_fractions && l < n; e++) {
        char x[32];
        if (!isfinite(ap->fraction[e].x)) {
            snprintf(buf, n, "composition not determined");
            return;
        }
        xrdi_fmt_fixed(ap->fraction[e].x, 2, x, sizeof x);
        l += (size_t)snprintf(buf + l, n - l, "%s%s", ap->fraction[e].element, x);
    }
    if (ap->n_fractions == 1)
        snprintf(buf, n, "%s", ap->fraction[0].element);
}

/* "x(Ru) = 0.20(3), x(Pt) = 0.40(2), ..." or the reason */
static void fractions_text(const xrd_analyze_phase *ap, char *buf, size_t n)
{
    size_t l = 0;
    buf[0] = '\0';
    for (int e = 0; e < ap->n_fractions && l < n; e++) {
        const xrd_analyze_fraction *f = &ap->fraction[e];
        char x[64];
        if (isfinite(f->x))
            xrd_format_esd(f->x, f->x_esd, 3, x, sizeof x);
        else
            snprintf(x, sizeof x, "null");
        l += (size_t)snprintf(buf + l, n - l, "%sx(%s) = %s", e ? ", " : "", f->element, x);
    }
}

static const xrd_fit_result *chosen(const xrd_analyze_result *r)
{
    return r->best >= 0 && r->best < r->n_models ? xrd_fit_get_result(r->models[r->best].fit)
                                                  : NULL;
}

xrd_status xrd_report_analyze_text(FILE *o, const xrd_analyze_result *r, const char *pattern,
                                   xrd_error *err)
{
    char b1[64], b2[64], b3[64], f[64], c[256];
    const xrd_fit_result *fr = chosen(r);
    fprintf(o, "Alloy analysis of %s\n", pattern ? pattern : "(pattern)");
    fprintf(o, "Verdict: %s\n  %s\n", xrd_verdict_name(r->verdict, r->n_phases), r->reason);
    const xrd_fit_result *chosen_fit =
        r->best >= 0 && r->models[r->best].fit ? xrd_fit_get_result(r->models[r->best].fit) : NULL;
    if (chosen_fit && chosen_fit->size_model[0])
        fprintf(o, "Size term: %s\n", chosen_fit->size_model);
    fprintf(o, "  evidence: delta-BIC %s (scaled by GOF^2 of the simpler model: %s), "
               "separation %s esd (%s FWHM), minor share %s %%\n",
            xrdi_fmt_fixed(r->delta_bic, 1, b1, sizeof b1),
            xrdi_fmt_fixed(r->delta_bic_scaled, 1, b2, sizeof b2),
            isnan(r->separation_sigma) ? "n/a" : xrdi_fmt_fixed(r->separation_sigma, 1, b3, sizeof b3),
            isnan(r->separation_fwhm) ? "n/a" : xrdi_fmt_fixed(r->separation_fwhm, 2, c, sizeof c),
            xrdi_fmt_fixed(100.0 * r->minor_share, 1, f, sizeof f));
    for (int k = 0; k < r->n_models; k++) {
        const xrd_fit_result *m = xrd_fit_get_result(r->models[k].fit);
        if (m && m->noise.note[0]) {
            fprintf(o, "Noise: %s\n", m->noise.note);
            break;
        }
    }
    fprintf(o, "Models:\n");
    for (int k = 0; k < r->n_models; k++) {
        const xrd_fit_result *m = xrd_fit_get_result(r->models[k].fit);
        if (!m)
            continue;
        fprintf(o, "  %-14s Rwp %6s %%  GOF %6s  BIC %12.1f  %s%s\n", r->models[k].label,
                xrdi_fmt_fixed(100.0 * m->Rwp, 2, b1, sizeof b1),
                xrdi_fmt_fixed(m->GOF, 2, b2, sizeof b2), m->bic,
                m->converged ? "converged" : "NOT converged", k == r->best ? "   <- chosen" : "");
        if (!r->models[k].plausible)
            fprintf(o, "      not plausible: %s\n", r->models[k].implausible);
    }
    if (!fr) {
        if (r->expected[0])
            fprintf(o, "Expected reflections: %s\n", r->expected);
        fprintf(o, "No result.\n");
        return ferror(o) ? xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the report failed")
                         : XRD_OK;
    }
    fprintf(o, "Rwp = %s %%, GOF = %s, zero = %s deg\n", xrdi_fmt_fixed(100 * fr->Rwp, 2, b1, sizeof b1),
            xrdi_fmt_fixed(fr->GOF, 2, b2, sizeof b2),
            xrd_format_esd(fr->instrument.zero_deg, fr->zero_esd_deg, 4, b3, sizeof b3));
    for (int k = 0; k < fr->n_phases; k++) {
        xrd_phase_result pa; /* as reported: the cluster model's a and D when it answers */
        const xrd_phase_result *p =
            xrd_analyze_phase_answer(r, k, &pa, NULL) == XRD_OK ? &pa : &fr->phases[k];
        const xrd_analyze_phase *ap = &r->phase[k];
        formula(ap, f, sizeof f);
        fprintf(o, "(%c) %s%s%s, a = %s A", 'a' + k, ap->role[0] ? ap->role : p->structure,
                ap->role[0] ? " component" : "", "", xrd_format_esd(p->cell.a, p->cell_esd.a, 5, b1, sizeof b1));
        if (p->sg.system != XRD_SYS_CUBIC)
            fprintf(o, ", c = %s A", xrd_format_esd(p->cell.c, p->cell_esd.c, 5, b1, sizeof b1));
        fprintf(o, ", %s (%s)", p->sg.symbol, p->structure);
        if (p->size_status == 1)
            fprintf(o, ", crystal size %s nm",
                    xrd_format_esd(p->size_nm, p->size_esd_nm, 2, b2, sizeof b2));
        if (p->debye_clusters)
            fprintf(o, " (a and D = %s nm, equal-volume diameter, from the Debye equation of %s "
                       "clusters; Le Bail a = %s A)",
                    xrd_format_esd(p->sphere_diameter_nm, p->sphere_diameter_esd_nm, 2, b2,
                                   sizeof b2),
                    xrd_cluster_shape_name(r->mixture_won ? r->mixture_shape
                                                          : r->clusters_shape),
                    xrd_format_esd(fr->phases[k].cell.a, fr->phases[k].cell_esd.a, 5, b3,
                                   sizeof b3));
        if (p->size_status == 1 && p->size_lognormal) {
            char b4[64];
            fprintf(o, " (lognormal spheres: median %s nm, sigma %s)",
                    xrd_format_esd(p->d_median_nm, p->d_median_esd_nm, 2, b2, sizeof b2),
                    xrd_format_esd(p->size_sigma, p->size_sigma_esd, 2, b4, sizeof b4));
        }
        if (p->faults_refined)
            fprintf(o, ", fault probability alpha %s",
                    xrd_format_esd(p->fault_alpha, p->fault_alpha_esd, 4, b2, sizeof b2));
        if (p->twins_refined)
            fprintf(o, ", twin fault probability beta %s",
                    xrd_format_esd(p->twin_beta, p->twin_beta_esd, 4, b2, sizeof b2));
        if (p->size_status != 1)
            fprintf(o, ", crystal size not determined");
        fprintf(o, ", %s", f);
        if (ap->n_fractions > 1 && ap->available && ap->r.verdict != XRD_VEGARD_UNDETERMINED) {
            char c2[512];
            fractions_text(ap, c2, sizeof c2);
            fprintf(o, " [%s]", c2);
        }
        fprintf(o, ", %s %% of the diffracted intensity",
                xrdi_fmt_fixed(100.0 * p->intensity_share, 0, b3, sizeof b3));
        const xrd_fit_result *rv = r->rietveld ? xrd_fit_get_result(r->rietveld) : NULL;
        if (rv && k < rv->n_phases && isfinite(rv->phases[k].weight_fraction))
            fprintf(o, ", %s wt%%",
                    xrd_format_esd(100.0 * rv->phases[k].weight_fraction,
                                   100.0 * rv->phases[k].weight_fraction_esd, 2, b3, sizeof b3));
        fputc('\n', o);
        if (ap->n_fractions > 1 && !(ap->available && ap->r.verdict != XRD_VEGARD_UNDETERMINED)) {
            for (int e = 0; e < ap->n_fractions; e++)
                fprintf(o, "    x(%s): null (%s)\n", ap->fraction[e].element, ap->fraction[e].reason);
        }
        if (ap->constraint[0] && ap->available)
            fprintf(o, "    constraint: %s (Vegard between %s and %s)\n", ap->constraint,
                    ap->setup.end[0].label, ap->setup.end[1].label);
        if (ap->message[0])
            fprintf(o, "    note: %s\n", ap->message);
        if (p->size_status == 1 && !p->debye_clusters &&
            p->sphere_diameter_nm < XRD_SMALL_CRYSTAL_NM) {
            char note[320];
            xrdi_small_crystal_note(note, sizeof note);
            fprintf(o, "    note: %s\n", note);
        }
        if (k < XRD_ANALYZE_MAX_PHASES && !r->significance[k].significant)
            fprintf(o, "    warning: the extracted intensities of this phase are not significant "
                       "(%d of %d reflection groups at >= 5 sigma, largest %.1f sigma)\n",
                    r->significance[k].n_significant, r->significance[k].n_groups,
                    r->significance[k].z_max);
    }
    fprintf(o, "crystal size: LVol-IB (volume-weighted column length, integral breadth, K = 1); "
               "sphere diameter = 4/3 LVol\n");
    if (r->rietveld_note[0]) {
        const xrd_fit_result *rv = r->rietveld ? xrd_fit_get_result(r->rietveld) : NULL;
        fprintf(o, "%s", r->rietveld_note);
        if (rv)
            fprintf(o, " (Rietveld Rwp %s %%, GOF %s)", xrdi_fmt_fixed(100 * rv->Rwp, 2, b1, sizeof b1),
                    xrdi_fmt_fixed(rv->GOF, 2, b2, sizeof b2));
        fputc('\n', o);
    }
    if (r->clusters_tried) {
        const xrd_debye_fit_result *cl = &r->clusters;
        char e1[64], e2[64];
        fprintf(o, "clusters (Debye equation): %s, a = %s A, D = %s nm "
                   "(equal-volume), GOF %.2f%s%s\n",
                xrd_cluster_shape_name(r->clusters_shape),
                xrd_format_esd(cl->a_A, cl->a_esd_A, 4, e1, sizeof e1),
                xrd_format_esd(cl->d_median_nm, cl->d_median_esd_nm, 2, e2, sizeof e2), cl->GOF,
                cl->converged ? "" : ", not converged",
                r->clusters_won ? ": it explains the pattern better than the Le Bail phase, "
                                  "whose a and D it replaces above"
                : r->mixture_won                   ? ": two lattices of them fit better"
                : r->verdict == XRD_VERDICT_SINGLE ? ": the Le Bail phase fits better"
                                                   : ": the second lattice fits better");
    }
    if (r->mixture_tried) {
        const xrd_debye_fit_result *mx = &r->mixture;
        char e1[64], e2[64], e3[64], e4[64];
        fprintf(o, "two lattices of %s clusters (Debye equation): a = %s A, D = %s nm and "
                   "a = %s A, D = %s nm, share %.0f %%, GOF %.2f%s%s\n",
                xrd_cluster_shape_name(r->mixture_shape),
                xrd_format_esd(mx->a_A, mx->a_esd_A, 4, e1, sizeof e1),
                xrd_format_esd(mx->d_median_nm, mx->d_median_esd_nm, 2, e2, sizeof e2),
                xrd_format_esd(mx->a2_A, mx->a2_esd_A, 4, e3, sizeof e3),
                xrd_format_esd(mx->d2_nm, mx->d2_esd_nm, 2, e4, sizeof e4),
                100.0 * mx->share2, mx->GOF, mx->converged ? "" : ", not converged",
                r->mixture_won ? ": two phases, their a and D above" : ": not significant");
    }
    if (r->phase[0].available) {
        const xrd_vegard_setup *s = &r->phase[0].setup;
        fprintf(o, "Vegard end members: %s a = %.4f A, %s a = %.4f A%s\n", s->end[0].label,
                s->end[0].a_A, s->end[1].label, s->end[1].a_A,
                s->temperature_K > 0 ? " (at the measurement temperature)" : " (as tabulated)");
    }
    if (fflush(o) || ferror(o))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the report failed");
    return XRD_OK;
}

typedef struct {
    const xrd_analyze_result *r;
} hook_ctx;

static void top_hook(xrdi_json *j, void *user)
{
    const xrd_analyze_result *r = ((hook_ctx *)user)->r;
    xrdi_json_ks(j, "verdict", xrd_verdict_name(r->verdict, r->n_phases));
    xrdi_json_ki(j, "n_phases", r->n_phases);
    xrdi_json_ks(j, "verdict_reason", r->reason);
    if (r->expected[0])
        xrdi_json_ks(j, "expected_reflections", r->expected);
    if (r->rietveld_note[0])
        xrdi_json_ks(j, "phase_fractions_note", r->rietveld_note);
    if (r->rietveld) {
        const xrd_fit_result *rv = xrd_fit_get_result(r->rietveld);
        xrdi_json_kn(j, "rietveld_Rwp", rv->Rwp);
        xrdi_json_kn(j, "rietveld_GOF", rv->GOF);
    }
    if (r->clusters_tried) {
        const xrd_debye_fit_result *c = &r->clusters;
        xrdi_json_key(j, "clusters");
        xrdi_json_obj(j);
        xrdi_json_ks(j, "shape", xrd_cluster_shape_name(r->clusters_shape));
        xrdi_json_kb(j, "explains", r->clusters_won);
        xrdi_json_kb(j, "converged", c->converged);
        xrdi_json_kn(j, "a_A", c->a_A);
        xrdi_json_kn(j, "a_esd_A", c->a_esd_A);
        xrdi_json_kn(j, "d_nm", c->d_median_nm);
        xrdi_json_kn(j, "d_esd_nm", c->d_median_esd_nm);
        xrdi_json_kn(j, "chi2", c->chi2);
        xrdi_json_kn(j, "GOF", c->GOF);
        xrdi_json_kn(j, "delta_bic_scaled", r->clusters_delta_bic);
        xrdi_json_ki(j, "n_params", c->n_params);
        xrdi_json_kn(j, "database_d_max_nm", c->db_d_max_nm);
        xrdi_json_obj_end(j);
    }
    if (r->mixture_tried) {
        const xrd_debye_fit_result *c = &r->mixture;
        xrdi_json_key(j, "cluster_mixture");
        xrdi_json_obj(j);
        xrdi_json_kb(j, "two_phases", r->mixture_won);
        xrdi_json_ks(j, "shape", xrd_cluster_shape_name(r->mixture_shape));
        xrdi_json_kb(j, "converged", c->converged);
        xrdi_json_kn(j, "a1_A", c->a_A);
        xrdi_json_kn(j, "a1_esd_A", c->a_esd_A);
        xrdi_json_kn(j, "d1_nm", c->d_median_nm);
        xrdi_json_kn(j, "a2_A", c->a2_A);
        xrdi_json_kn(j, "a2_esd_A", c->a2_esd_A);
        xrdi_json_kn(j, "d2_nm", c->d2_nm);
        xrdi_json_kn(j, "share2", c->share2);
        xrdi_json_kn(j, "chi2", c->chi2);
        xrdi_json_kn(j, "GOF", c->GOF);
        xrdi_json_kn(j, "chi2_two_sizes_one_lattice", r->mixture_same_chi2);
        xrdi_json_obj_end(j);
    }
    xrdi_json_key(j, "evidence");
    xrdi_json_obj(j);
    xrdi_json_kn(j, "delta_bic", r->delta_bic);
    xrdi_json_kn(j, "delta_bic_scaled", r->delta_bic_scaled);
    xrdi_json_kn(j, "separation_sigma", r->separation_sigma);
    xrdi_json_kn(j, "separation_fwhm", r->separation_fwhm);
    xrdi_json_kn(j, "minor_share", r->minor_share);
    xrdi_json_obj_end(j);
    xrdi_json_key(j, "models");
    xrdi_json_arr(j);
    for (int k = 0; k < r->n_models; k++) {
        const xrd_fit_result *m = xrd_fit_get_result(r->models[k].fit);
        if (!m)
            continue;
        xrdi_json_obj(j);
        xrdi_json_ks(j, "label", r->models[k].label);
        xrdi_json_ki(j, "n_phases", r->models[k].n_phases);
        xrdi_json_kb(j, "chosen", k == r->best);
        xrdi_json_kb(j, "plausible", r->models[k].plausible);
        if (!r->models[k].plausible)
            xrdi_json_ks(j, "implausible", r->models[k].implausible);
        xrdi_json_key(j, "fit");
        xrdi_fit_json_object(j, m, NULL);
        xrdi_json_obj_end(j);
    }
    xrdi_json_arr_end(j);
}

static void phase_hook(xrdi_json *j, int k, void *user)
{
    const xrd_analyze_result *r = ((hook_ctx *)user)->r;
    if (k >= XRD_ANALYZE_MAX_PHASES)
        return;
    const xrd_analyze_phase *ap = &r->phase[k];
    const xrd_fit_result *fr = chosen(r);
    if ((r->clusters_won && fr && fr->n_phases == 1) ||
        (r->mixture_won && fr && fr->n_phases == 2)) {
        xrdi_json_ks(j, "cluster_shape", xrd_cluster_shape_name(
                                             r->mixture_won ? r->mixture_shape : r->clusters_shape));
        xrdi_json_kn(j, "a_le_bail_A", fr->phases[k].cell.a);
        xrdi_json_kn(j, "a_le_bail_esd_A", fr->phases[k].cell_esd.a);
        xrdi_json_kn(j, "sphere_diameter_le_bail_nm", fr->phases[k].sphere_diameter_nm);
    }
    xrdi_json_ks(j, "role", ap->role);
    xrdi_json_key(j, "composition");
    xrdi_json_obj(j);
    int determined = ap->n_fractions > 0;
    for (int e = 0; e < ap->n_fractions; e++) {
        const xrd_analyze_fraction *f = &ap->fraction[e];
        char key[32];
        xrdi_json_kn(j, f->element, f->x); /* null when not determined */
        snprintf(key, sizeof key, "%.16s_esd", f->element);
        xrdi_json_kn(j, key, f->x_esd);
        if (!isfinite(f->x)) {
            determined = 0;
            snprintf(key, sizeof key, "%.16s_reason", f->element);
            xrdi_json_ks(j, key, f->reason);
        }
    }
    xrdi_json_kb(j, "determined", determined);
    xrdi_json_ks(j, "law", ap->available ? "Vegard" : ap->have_reference ? "reference" : "");
    xrdi_json_ks(j, "constraint", ap->constraint);
    if (ap->available) {
        xrdi_json_key(j, "end_members");
        xrdi_json_arr(j);
        for (int e = 0; e < 2; e++) {
            xrdi_json_obj(j);
            xrdi_json_ks(j, "label", ap->setup.end[e].label);
            xrdi_json_kn(j, "a_A", ap->setup.end[e].a_A);
            xrdi_json_kn(j, "a_esd_A", ap->setup.end[e].a_esd_A);
            xrdi_json_obj_end(j);
        }
        xrdi_json_arr_end(j);
    }
    xrdi_json_kb(j, "outside_0_1", ap->available && ap->r.verdict == XRD_VEGARD_OUTSIDE);
    xrdi_json_obj_end(j);
    xrdi_json_ks(j, "composition_note", ap->message);
    if (ap->have_reference) {
        xrdi_json_key(j, "reference");
        xrdi_json_obj(j);
        xrdi_json_ks(j, "phase", ap->reference.phase[0] ? ap->reference.phase : ap->reference.label);
        xrdi_json_kn(j, "a_A", ap->reference.a_A);
        xrdi_json_kn(j, "a_esd_A", ap->reference.a_esd_A);
        xrdi_json_kn(j, "delta_a_A", ap->delta_a_A);
        xrdi_json_kn(j, "delta_a_esd_A", ap->delta_a_esd_A);
        xrdi_json_kn(j, "relative_expansion", ap->expansion);
        xrdi_json_kn(j, "relative_expansion_esd", ap->expansion_esd);
        if (ap->reference_c_A > 0) {
            xrdi_json_kn(j, "c_A", ap->reference_c_A);
            xrdi_json_kn(j, "delta_c_A", ap->delta_c_A);
            xrdi_json_kn(j, "delta_c_esd_A", ap->delta_c_esd_A);
        }
        xrdi_json_obj_end(j);
    }
    const xrd_fit_result *rv = r->rietveld ? xrd_fit_get_result(r->rietveld) : NULL;
    const xrd_phase_result *rp = rv && k < rv->n_phases ? &rv->phases[k] : NULL;
    xrdi_json_kn(j, "weight_fraction", rp ? rp->weight_fraction : NAN);
    xrdi_json_kn(j, "weight_fraction_esd", rp ? rp->weight_fraction_esd : NAN);
    xrdi_json_kn(j, "volume_fraction", rp ? rp->volume_fraction : NAN);
    xrdi_json_kn(j, "volume_fraction_esd", rp ? rp->volume_fraction_esd : NAN);
    if (rp) {
        xrdi_json_kn(j, "rietveld_R_Bragg", rp->r_bragg);
        xrdi_json_kn(j, "rietveld_a_A", rp->cell.a);
    }
    const xrd_phase_significance *sg = &r->significance[k];
    xrdi_json_key(j, "significance");
    xrdi_json_obj(j);
    xrdi_json_kb(j, "significant", sg->significant);
    xrdi_json_ki(j, "n_groups", sg->n_groups);
    xrdi_json_ki(j, "n_significant", sg->n_significant);
    xrdi_json_kn(j, "z_max", sg->z_max);
    xrdi_json_obj_end(j);
}

xrd_status xrd_report_analyze_json(FILE *out, const xrd_analyze_result *r, const char *pattern,
                                   xrd_error *err)
{
    const xrd_fit_result *fr = chosen(r);
    xrdi_json j;
    xrdi_json_begin(&j, out);
    hook_ctx hc = {r};
    xrdi_fit_json_hooks h = {top_hook, phase_hook, &hc};
    xrd_report_meta meta = {pattern, NULL, 0, NULL};
    if (fr) {
        /* the phases as reported (xrd_analyze_phase_answer) */
        xrd_fit_result frc = *fr;
        xrd_phase_result pa[XRD_ANALYZE_MAX_PHASES];
        int np = fr->n_phases < XRD_ANALYZE_MAX_PHASES ? fr->n_phases : XRD_ANALYZE_MAX_PHASES;
        for (int k = 0; k < np; k++)
            if (xrd_analyze_phase_answer(r, k, &pa[k], NULL) != XRD_OK)
                pa[k] = fr->phases[k];
        if (np == fr->n_phases)
            frc.phases = pa;
        xrdi_fit_json_object_hooked(&j, &frc, &meta, 0, &h);
    } else {
        xrdi_json_obj(&j);
        xrdi_json_ks(&j, "pattern", pattern);
        xrdi_json_kb(&j, "converged", 0);
        top_hook(&j, &hc);
        xrdi_json_obj_end(&j);
    }
    if (fflush(out) || ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the JSON failed");
    return XRD_OK;
}
