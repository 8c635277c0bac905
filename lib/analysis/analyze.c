/* The alloy analysis: start values from a scan of the found peaks, multi-start
 * Le Bail fits of one, two (and more) phases in the ranges of the candidate
 * structures (structures.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analyze_internal.h"
#include "analysis/starts.h"
#include "xrdfit/peaks.h"

void xrd_analyze_options_default(xrd_analyze_options *o)
{
    memset(o, 0, sizeof *o);
    snprintf(o->structures[0], sizeof o->structures[0], "fcc");
    o->n_structures = 1;
    o->max_phases = 2;
    o->margin = 0.02;
    o->bic_threshold = 10.0;
    o->separation_min_sigma = 3.0;
    o->minor_share_min = 0.05;
    o->phase_fractions = 1;
    xrd_fit_options_default(&o->fit);
}

void xrd_analyze_result_free(xrd_analyze_result *r)
{
    if (!r)
        return;
    for (int k = 0; k < r->n_models; k++)
        xrd_fit_free(r->models[k].fit);
    xrd_fit_free(r->rietveld);
    free(r);
}

const char *xrd_verdict_name(xrd_verdict v, int n)
{
    switch (v) {
    case XRD_VERDICT_SINGLE: return "single-phase";
    case XRD_VERDICT_MULTI:
        return n == 2 ? "two-phase" : n == 3 ? "three-phase" : "four-phase";
    case XRD_VERDICT_NOT_RESOLVABLE: return "not resolvable";
    case XRD_VERDICT_NO_FIT: return "no converged fit";
    case XRD_VERDICT_NO_PHASE: return "no crystalline phase";
    }
    return "?";
}

typedef struct {
    const xrd_pattern *p;
    const xrd_instrument *inst;
    const xrd_analyze_options *o;
    xrd_analyze_result *r;
} ctx;

/* Fit the phases; on success the model is stored in out (ownership moves). */
static xrd_status fit_model(ctx *c, const char *label, const xrd_phase *ph, int n,
                            double size_nm, xrd_analyze_model *out, xrd_error *err)
{
    xrdi_start_job j;
    xrdi_start_job_init(c->p, c->inst, &c->o->fit, ph, n, size_nm, &j);
    xrdi_starts_run(&j, 1, 1);
    return xrdi_start_job_model(&j, label, out, err);
}

/* Keep the better (converged first, then lower chi2) of best and cand. */
static void keep_better(xrd_analyze_model *best, xrd_analyze_model *cand)
{
    int better = !best->fit || (cand->converged && !best->converged) ||
                 (cand->converged == best->converged && cand->chi2 < best->chi2);
    if (cand->fit && better) {
        xrd_fit_free(best->fit);
        *best = *cand;
    } else {
        xrd_fit_free(cand->fit);
    }
    cand->fit = NULL;
}

static double phase_a(const xrd_analyze_model *m, int k)
{
    return xrd_fit_get_result(m->fit)->phases[k].cell.a;
}

/* A converged fit whose chi2 is within 3 standard deviations of its expected
 * value (chi2 / dof < 1 + 3 sqrt(2 / dof)) leaves nothing for another start to
 * find: no model can fit the counts significantly better than their noise. */
static int at_noise_level(const xrd_analyze_model *m)
{
    const xrd_fit_result *r = m->fit ? xrd_fit_get_result(m->fit) : NULL;
    if (!r || !r->converged || r->n_points <= r->n_params)
        return 0;
    double dof = (double)(r->n_points - r->n_params);
    return r->chi2 / dof < 1.0 + 3.0 * sqrt(2.0 / dof);
}

static double model_size(const xrd_analyze_model *m)
{
    const xrd_fit_result *r = m->fit ? xrd_fit_get_result(m->fit) : NULL;
    if (!r)
        return 0;
    double s = 0;
    int n = 0;
    for (int k = 0; k < r->n_phases; k++)
        if (r->phases[k].size_status == 1) {
            s += r->phases[k].size_nm;
            n++;
        }
    return n ? s / n : 0;
}

/* Best two-phase model of structures i <= j from the scan pair and splits. */
/* 1 when a one-phase model already explains the data to within the counting
 * noise: chi2 <= nu + 2 sqrt(2 nu), nu = N - P. */
static int statistically_complete(const xrd_analyze_model *m)
{
    const xrd_fit_result *r = m->fit ? xrd_fit_get_result(m->fit) : NULL;
    if (!r || !m->converged)
        return 0;
    double nu = (double)r->n_points - (double)r->n_params;
    return nu > 0 && r->chi2 <= nu + 2.0 * sqrt(2.0 * nu);
}

static xrd_status two_phase(ctx *c, const xrdi_struct *si, const xrdi_struct *sj,
                            const xrd_peak_list *pk, const xrd_analyze_model *one_i,
                            const xrd_analyze_model *one_j, int max_starts,
                            xrd_analyze_model *best, xrd_error *err)
{
    int same = si == sj;
    double lambda = c->inst->rad.lambda_A[0];
    double starts[3 + 2 * XRD_ANALYZE_MAX_ELEMENTS][2];
    int ns = 0;
    double a1, a2, sc;
    double lo = c->o->fit.x_min, hi = c->o->fit.x_max;
    if (isnan(lo))
        lo = c->p->x[0];
    if (isnan(hi))
        hi = c->p->x[c->p->n - 1];
    if (xrdi_scan_two(&si->space, &sj->space, same, pk, lambda, lo, hi, &a1, &a2, &sc) == 0) {
        starts[ns][0] = a1;
        starts[ns][1] = a2;
        ns++;
    }
    if (same && one_i->fit) {
        double a = phase_a(one_i, 0);
        for (int k = 0; k < 2; k++) {
            double d = k == 0 ? 0.006 : 0.015;
            starts[ns][0] = a * (1.0 - d);
            starts[ns][1] = a * (1.0 + d);
            ns++;
        }
    } else if (!same) {
        /* each structure at its one-phase value and at its end members */
        double ai = one_i->fit ? phase_a(one_i, 0) : 0.5 * (si->space.a_lo + si->space.a_hi);
        double aj = one_j->fit ? phase_a(one_j, 0) : 0.5 * (sj->space.a_lo + sj->space.a_hi);
        starts[ns][0] = ai;
        starts[ns][1] = aj;
        ns++;
        for (int k = 0; k < sj->n_ends; k++) {
            starts[ns][0] = ai;
            starts[ns][1] = sj->end_a[k];
            ns++;
        }
        for (int k = 0; k < si->n_ends; k++) {
            starts[ns][0] = si->end_a[k];
            starts[ns][1] = aj;
            ns++;
        }
    }
    /* starts stay inside the end-member ranges */
    for (int k = 0; k < ns; k++) {
        starts[k][0] = fmin(fmax(starts[k][0], si->space.a_lo), si->space.a_hi);
        starts[k][1] = fmin(fmax(starts[k][1], sj->space.a_lo), sj->space.a_hi);
    }
    char label[64];
    snprintf(label, sizeof label, "%.15s+%.15s", si->name, sj->name);
    double size = 0.5 * (model_size(one_i) + model_size(one_j));
    memset(best, 0, sizeof *best);
    best->chi2 = best->bic = INFINITY;
    if (ns > max_starts)
        ns = max_starts;
    /* the starts side by side, a wave of `workers` at a time, then taken in
     * their order as if in turn: a start past the noise-level break is fitted
     * only when it shares the break's wave */
    int per_fit;
    int workers = xrdi_starts_workers(&c->o->fit, ns, &per_fit);
    xrdi_start_job *jobs = malloc((size_t)(ns > 0 ? ns : 1) * sizeof *jobs);
    if (!jobs)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    for (int k = 0; k < ns; k++) {
        xrd_phase ph[2];
        xrdi_scan_phase(&si->space, starts[k][0], &ph[0]);
        xrdi_scan_phase(&sj->space, starts[k][1], &ph[1]);
        xrdi_start_job_init(c->p, c->inst, &c->o->fit, ph, 2, size, &jobs[k]);
        if (workers > 1)
            jobs[k].fo.threads = per_fit;
    }
    xrd_status st = XRD_OK;
    int k = 0, done = 0, fitted = 0;
    while (k < ns && !done && st == XRD_OK) {
        int w = ns - k < workers ? ns - k : workers;
        if (w == 1) /* alone: all the threads for its passes */
            jobs[k].fo.threads = c->o->fit.threads;
        xrdi_starts_run(jobs + k, w, w);
        fitted = k + w;
        for (; k < fitted; k++) {
            xrd_analyze_model cand;
            st = xrdi_start_job_model(&jobs[k], label, &cand, err);
            if (st != XRD_OK) {
                k++;
                break;
            }
            keep_better(best, &cand);
            if (at_noise_level(best)) {
                done = 1;
                k++;
                break;
            }
        }
    }
    /* the rest of the last wave, past a break or an error */
    for (; k < fitted; k++)
        xrd_fit_free(jobs[k].fit);
    free(jobs);
    if (st != XRD_OK) {
        xrd_fit_free(best->fit);
        best->fit = NULL;
        return st;
    }
    snprintf(best->label, sizeof best->label, "%s", label);
    best->n_phases = 2;
    return XRD_OK;
}

/* Three phases: the two-phase model plus a third of structure s started at the
 * middle of the first two and at the end members. */
static xrd_status three_phase(ctx *c, const xrd_analyze_model *two, const xrdi_struct *st,
                              int n_struct, xrd_analyze_model *best, xrd_error *err)
{
    const xrd_fit_result *r2 = xrd_fit_get_result(two->fit);
    memset(best, 0, sizeof *best);
    best->chi2 = best->bic = INFINITY;
    for (int s = 0; s < n_struct; s++) {
        double cand_a[1 + XRD_ANALYZE_MAX_ELEMENTS];
        int nc = 0;
        cand_a[nc++] = 0.5 * (r2->phases[0].cell.a + r2->phases[1].cell.a);
        for (int k = 0; k < st[s].n_ends; k++)
            cand_a[nc++] = st[s].end_a[k];
        for (int k = 0; k < nc; k++) {
            xrd_phase ph[3];
            for (int q = 0; q < 2; q++) {
                const xrd_phase_result *pr = &r2->phases[q];
                char spec[96];
                if (pr->sg.system == XRD_SYS_CUBIC)
                    snprintf(spec, sizeof spec, "%s:a=%.6f", pr->structure, pr->cell.a);
                else
                    snprintf(spec, sizeof spec, "%s:a=%.6f,c=%.6f", pr->structure, pr->cell.a,
                             pr->cell.c);
                if (xrd_phase_parse_spec(spec, NULL, &ph[q], err) != XRD_OK)
                    return err ? err->code : XRD_ERR_INVALID;
            }
            xrdi_scan_phase(&st[s].space, cand_a[k], &ph[2]);
            char label[64];
            snprintf(label, sizeof label, "%.40s+%.15s", two->label, st[s].name);
            xrd_analyze_model cand;
            xrd_status e = fit_model(c, label, ph, 3, model_size(two), &cand, err);
            if (e != XRD_OK)
                return e;
            keep_better(best, &cand);
        }
    }
    best->n_phases = 3;
    return XRD_OK;
}

static int add_model(xrd_analyze_result *r, xrd_analyze_model *m, const xrdi_struct *st, int ns)
{
    xrdi_analyze_plausibility(m, st, ns);
    if (!m->fit || r->n_models >= XRD_ANALYZE_MAX_MODELS) {
        xrd_fit_free(m->fit);
        m->fit = NULL;
        return -1;
    }
    r->models[r->n_models] = *m;
    m->fit = NULL;
    return r->n_models++;
}

/* plausible before implausible, converged before not, then lower BIC */
static int better_model(const xrd_analyze_model *a, const xrd_analyze_model *b)
{
    if (a->plausible != b->plausible)
        return a->plausible > b->plausible;
    if (a->converged != b->converged)
        return a->converged > b->converged;
    return a->bic < b->bic;
}

/* 1 when a plausible one-phase model shows significant reflections; else the
 * reason for "no crystalline phase" is written to r */
static int any_phase(xrd_analyze_result *r, const int *one, int ns, double lo, double hi)
{
    double zmax = 0;
    char aside[256] = "";
    for (int k = 0; k < ns; k++) {
        if (one[k] < 0 || !r->models[one[k]].fit)
            continue;
        const xrd_analyze_model *m = &r->models[one[k]];
        const xrd_fit_result *f = xrd_fit_get_result(m->fit);
        xrd_phase_significance sg;
        if (xrd_phase_significance_of(f, 0, XRDI_SIGNIFICANCE_Z, &sg, NULL) != XRD_OK)
            continue;
        if (sg.significant && m->plausible)
            return 1;
        if (sg.significant && !aside[0])
            snprintf(aside, sizeof aside,
                     "; a %s lattice outside the end-member range (a = %.4f A, zero %.2f deg) "
                     "fits peaks: check the x unit (2theta, not q), the wavelength and the "
                     "elements", m->label, f->phases[0].cell.a, f->instrument.zero_deg);
        if (m->plausible && sg.z_max > zmax)
            zmax = sg.z_max;
    }
    snprintf(r->reason, sizeof r->reason,
             "no reflection of any candidate is significant in %.1f-%.1f deg: the strongest "
             "reflection group of a lattice inside the range is %.1f standard deviations "
             "(a phase needs %.0f in two groups, or in its only group)%s",
             lo, hi, zmax, XRDI_SIGNIFICANCE_Z, aside);
    return 0;
}

xrd_status xrd_analyze_options_check(const xrd_analyze_options *o, xrd_error *err)
{
    xrd_status st = xrdi_analyze_check_elements(o, err);
    if (st != XRD_OK)
        return st;
    if (o->n_structures < 1 || o->n_structures > XRD_ANALYZE_MAX_STRUCT)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "give 1 to %d structures",
                             XRD_ANALYZE_MAX_STRUCT);
    for (int k = 0; k < o->n_structures; k++)
        if (strcmp(o->structures[k], "fcc") && strcmp(o->structures[k], "bcc") &&
            strcmp(o->structures[k], "hcp"))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "structure '%s' is not one of fcc, bcc, hcp", o->structures[k]);
    if (o->max_phases < 1 || o->max_phases > 3)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "--max-phases must be 1, 2 or 3");
    return XRD_OK;
}

xrd_status xrd_analyze(const xrd_pattern *p, const xrd_instrument *inst,
                       const xrd_phase_library *lib, const xrd_analyze_options *o,
                       xrd_analyze_result **out, xrd_error *err)
{
    *out = NULL;
    xrd_status st = xrd_analyze_options_check(o, err);
    if (st != XRD_OK)
        return st;
    xrdi_struct sts[XRD_ANALYZE_MAX_STRUCT];
    int ns = 0;
    for (int k = 0; k < o->n_structures; k++) {
        st = xrdi_analyze_setup_structure(o->structures[k], lib, o, &sts[ns], err);
        if (st != XRD_OK)
            return st;
        ns++;
    }
    xrd_analyze_result *r = calloc(1, sizeof *r);
    if (!r)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    r->separation_sigma = NAN;
    r->clusters_delta_bic = NAN;
    r->mixture_same_chi2 = NAN;
    r->separation_fwhm = NAN;
    r->minor_share = NAN;
    r->delta_bic = r->delta_bic_scaled = NAN;
    /* found peaks for the scan (Ka2 companions dropped) */
    xrd_peak_search_options so;
    xrd_peak_search_options_default(&so);
    so.x_min = o->fit.x_min;
    so.x_max = o->fit.x_max;
    so.rad = &inst->rad;
    xrd_peak_list *pk = NULL;
    st = xrd_peak_search(p, &so, &pk, err);
    if (st != XRD_OK) {
        free(r);
        return st;
    }
    ctx c = {p, inst, o, r};
    double lo = isnan(o->fit.x_min) ? p->x[0] : o->fit.x_min;
    double hi = isnan(o->fit.x_max) ? p->x[p->n - 1] : o->fit.x_max;
    /* one phase, each structure */
    int one[XRD_ANALYZE_MAX_STRUCT], best1 = -1;
    xrdi_start_job jobs1[XRD_ANALYZE_MAX_STRUCT];
    int per_fit, workers = xrdi_starts_workers(&o->fit, ns, &per_fit);
    for (int k = 0; k < ns; k++) {
        double a = 0.5 * (sts[k].space.a_lo + sts[k].space.a_hi), sc;
        if (pk->n)
            xrdi_scan_one(&sts[k].space, pk, inst->rad.lambda_A[0], lo, hi, &a, &sc);
        xrd_phase ph;
        xrdi_scan_phase(&sts[k].space, a, &ph);
        xrdi_start_job_init(p, inst, &o->fit, &ph, 1, 0, &jobs1[k]);
        if (workers > 1)
            jobs1[k].fo.threads = per_fit;
    }
    xrdi_starts_run(jobs1, ns, workers);
    for (int k = 0; k < ns; k++) {
        if (st != XRD_OK) {
            xrd_fit_free(jobs1[k].fit);
            continue;
        }
        xrd_analyze_model m;
        st = xrdi_start_job_model(&jobs1[k], sts[k].name, &m, err);
        one[k] = st == XRD_OK ? add_model(r, &m, sts, ns) : -1;
        if (one[k] >= 0 && (best1 < 0 || better_model(&r->models[one[k]], &r->models[best1])))
            best1 = one[k];
    }
    int chosen = best1, best2 = -1;
    r->verdict = best1 >= 0 && r->models[best1].converged ? XRD_VERDICT_SINGLE : XRD_VERDICT_NO_FIT;
    snprintf(r->reason, sizeof r->reason, "%s",
             r->verdict == XRD_VERDICT_SINGLE ? "one phase: no second phase was asked for"
                                              : "no one-phase fit converged");
    if (st == XRD_OK && !any_phase(r, one, ns, lo, hi)) {
        r->verdict = XRD_VERDICT_NO_PHASE;
        chosen = -1;
        xrdi_analyze_expected(sts, ns, inst->rad.lambda_A[0], lo, hi, r->expected,
                              sizeof r->expected);
    }
    /* two phases: every pair of structures */
    if (st == XRD_OK && o->max_phases >= 2 && chosen >= 0) {
        for (int i = 0; i < ns && st == XRD_OK; i++)
            for (int j = i; j < ns && st == XRD_OK; j++) {
                if (one[i] < 0 || one[j] < 0)
                    continue;
                xrd_analyze_model m;
                /* a one-phase fit complete to within the noise leaves little room for
                 * a second phase: one start suffices to show it */
                int starts = statistically_complete(&r->models[best1]) ? 1 : 8;
                st = two_phase(&c, &sts[i], &sts[j], pk, &r->models[one[i]], &r->models[one[j]],
                               starts, &m, err);
                int id = st == XRD_OK ? add_model(r, &m, sts, ns) : -1;
                if (id >= 0 && (best2 < 0 || better_model(&r->models[id], &r->models[best2])))
                    best2 = id;
            }
        if (st == XRD_OK && best2 >= 0) {
            int v = xrdi_analyze_compare(&r->models[best1], &r->models[best2], o, r, r->reason,
                                         sizeof r->reason);
            /* what a second lattice imitates without being one (alternatives.c) */
            for (int alt = 0; alt < XRDI_N_ALTERNATIVES && v != 0 && st == XRD_OK; alt++) {
                xrd_analyze_model ma;
                int va = 1;
                st = xrdi_analyze_alternative(alt, p, inst, o, sts, ns, &r->models[best1],
                                              &r->models[best2], &ma, &va, r, err);
                int id = st == XRD_OK ? add_model(r, &ma, sts, ns) : -1;
                if (id >= 0 && va != 1) {
                    v = va;
                    /* the winning model; for two sizes the one-phase model (its lattice) */
                    chosen = va == 0 ? (alt != XRDI_ALT_TWO_SIZES ? id : best1) : chosen;
                    r->verdict = va == 0 ? XRD_VERDICT_SINGLE : XRD_VERDICT_NOT_RESOLVABLE;
                }
            }
            if (v != 0 && st == XRD_OK) { /* alt_clusters.c */
                int vc = 1;
                st = xrdi_analyze_clusters(p, inst, o, sts, ns, &r->models[best1], &r->models[best2], &vc,
                                           r, err);
                v = vc == 0 ? 0 : v;
                chosen = vc == 0 ? best1 : chosen;
                r->verdict = vc == 0 ? XRD_VERDICT_SINGLE : r->verdict;
            }
            if (v == 1) {
                chosen = best2;
                r->verdict = XRD_VERDICT_MULTI;
            } else if (v == 2) {
                r->verdict = XRD_VERDICT_NOT_RESOLVABLE;
            }
            /* three phases only after two were accepted */
            if (v == 1 && o->max_phases >= 3) {
                xrd_analyze_model m3;
                st = three_phase(&c, &r->models[best2], sts, ns, &m3, err);
                int id = st == XRD_OK ? add_model(r, &m3, sts, ns) : -1;
                if (id >= 0) {
                    xrd_analyze_result tmp = *r;
                    char why[512];
                    if (xrdi_analyze_compare(&r->models[best2], &r->models[id], o, &tmp, why,
                                             sizeof why) == 1) {
                        chosen = id;
                        r->delta_bic = tmp.delta_bic;
                        r->delta_bic_scaled = tmp.delta_bic_scaled;
                        r->separation_sigma = tmp.separation_sigma;
                        r->minor_share = tmp.minor_share;
                        snprintf(r->reason, sizeof r->reason, "%s", why);
                    } else {
                        size_t l = strlen(r->reason);
                        snprintf(r->reason + l, sizeof r->reason - l, "; a third phase: %s", why);
                    }
                }
            }
        }
    }
    /* one phase of small crystals: the lognormal size term when it fits better */
    if (st == XRD_OK && chosen >= 0 && r->verdict == XRD_VERDICT_SINGLE)
        st = xrdi_analyze_size_term(p, inst, &r->models[chosen], err);
    /* ... and the Debye equation of clusters when it fits them better */
    if (st == XRD_OK && chosen >= 0 && r->verdict == XRD_VERDICT_SINGLE)
        st = xrdi_analyze_clusters_answer(p, inst, o, sts, ns, &r->models[chosen], r, err);
    /* ... or two lattices of them, which one Le Bail phase of such breadth imitates */
    if (st == XRD_OK && chosen >= 0 &&
        (r->verdict == XRD_VERDICT_SINGLE || r->verdict == XRD_VERDICT_NOT_RESOLVABLE))
        st = xrdi_analyze_cluster_mixture(p, inst, o, sts, ns, &r->models[chosen], best2, &chosen,
                                          r, err);
    /* two phases of small crystals: their a and D from two lattices of clusters */
    if (st == XRD_OK && chosen >= 0 && r->verdict == XRD_VERDICT_MULTI)
        st = xrdi_analyze_cluster_mixture_answer(p, inst, o, sts, ns, &r->models[chosen], r,
                                                 err);
    xrd_peak_list_free(pk);
    if (st != XRD_OK) {
        xrd_analyze_result_free(r);
        return st;
    }
    r->best = chosen;
    r->n_phases = chosen >= 0 ? r->models[chosen].n_phases : 0;
    if (chosen >= 0) {
        xrdi_analyze_compositions(r, o, sts, ns);
        const xrd_fit_result *fr = xrd_fit_get_result(r->models[chosen].fit);
        for (int k = 0; k < fr->n_phases && k < XRD_ANALYZE_MAX_PHASES; k++)
            xrd_phase_significance_of(fr, k, XRDI_SIGNIFICANCE_Z, &r->significance[k], NULL);
        if (o->phase_fractions && r->n_phases >= 2 && r->verdict == XRD_VERDICT_MULTI)
            xrdi_analyze_fractions(p, inst, o, sts, ns, r);
    }
    *out = r;
    return XRD_OK;
}
