/* Compositions of the phases of the chosen model: every given element gets a
 * fraction (or null with a reason). Two end members - two elements, or the
 * groups a --ratio forms - give Vegard's law along the line between them; one
 * element is compared with its reference lattice constant.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "analysis/analyze_internal.h"
#include "xrdfit/report.h"
#include "xrdfit/simulate.h"

#define NOT_BY_ONE "composition not determined by one lattice constant"

static int element_index(const xrd_analyze_options *o, const char *el)
{
    for (int k = 0; k < o->n_elements; k++)
        if (!strcasecmp(o->elements[k], el))
            return k;
    return -1;
}

xrd_status xrdi_analyze_check_elements(const xrd_analyze_options *o, xrd_error *err)
{
    if (o->n_elements < 1 || o->n_elements > XRD_ANALYZE_MAX_ELEMENTS)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "give the alloy's 1 to %d elements (e.g. Cu,Ru), found %d",
                             XRD_ANALYZE_MAX_ELEMENTS, o->n_elements);
    for (int k = 0; k < o->n_elements; k++) {
        if (xrd_element_number(o->elements[k]) == 0)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "'%s' is not a chemical element symbol xrdfit knows (H to Bi)",
                                 o->elements[k]);
        for (int j = 0; j < k; j++)
            if (!strcasecmp(o->elements[j], o->elements[k]))
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "element %s is given twice", o->elements[k]);
        if (o->element_a_A[k] > 0 && o->n_structures != 1)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "%s is given with its lattice constant: that needs a single "
                                 "--structure (the constant is that of one structure)",
                                 o->elements[k]);
    }
    int used[XRD_ANALYZE_MAX_ELEMENTS] = {0};
    for (int q = 0; q < o->n_ratios; q++) {
        const xrd_analyze_ratio *ra = &o->ratios[q];
        if (ra->n < 2 || ra->n > XRD_ANALYZE_MAX_ELEMENTS)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "a ratio names 2 or more elements (Pt:Pd=1:1)");
        for (int i = 0; i < ra->n; i++) {
            int k = element_index(o, ra->element[i]);
            if (k < 0)
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "the ratio names %s, which is not among the elements",
                                     ra->element[i]);
            if (used[k])
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "%s appears in two ratios (or twice in one): give each "
                                     "element in one ratio at most", o->elements[k]);
            if (!(isfinite(ra->weight[i]) && ra->weight[i] > 0))
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "the ratio's parts must be positive numbers");
            used[k] = 1;
        }
        if (ra->n == o->n_elements)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "the ratio covers every element: the composition is given, "
                                 "nothing is left to determine from the lattice constant");
    }
    return XRD_OK;
}

/* Groups of elements: the ratios, then every other element alone.
 * group[k] = group of element k, w[k] its normalised weight in the group. */
static int make_groups(const xrd_analyze_options *o, int *group, double *w)
{
    int ng = 0;
    for (int k = 0; k < o->n_elements; k++)
        group[k] = -1;
    for (int q = 0; q < o->n_ratios; q++) {
        const xrd_analyze_ratio *ra = &o->ratios[q];
        double sum = 0;
        for (int i = 0; i < ra->n; i++)
            sum += ra->weight[i];
        for (int i = 0; i < ra->n; i++) {
            int k = element_index(o, ra->element[i]);
            group[k] = ng;
            w[k] = ra->weight[i] / sum;
        }
        ng++;
    }
    for (int k = 0; k < o->n_elements; k++)
        if (group[k] < 0) {
            group[k] = ng++;
            w[k] = 1.0;
        }
    return ng;
}

static void constraint_text(const xrd_analyze_options *o, char *buf, size_t n)
{
    buf[0] = '\0';
    size_t l = 0;
    for (int q = 0; q < o->n_ratios && l < n; q++) {
        const xrd_analyze_ratio *ra = &o->ratios[q];
        l += (size_t)snprintf(buf + l, n - l, "%s", q ? ", " : "");
        for (int i = 0; i < ra->n && l < n; i++)
            l += (size_t)snprintf(buf + l, n - l, "%s%s", i ? ":" : "", ra->element[i]);
        for (int i = 0; i < ra->n && l < n; i++)
            l += (size_t)snprintf(buf + l, n - l, "%s%g", i ? ":" : "=", ra->weight[i]);
    }
}

/* every fraction null with the reason; an element without an end member in
 * the structure says so */
static void all_null(xrd_analyze_phase *ap, const xrd_analyze_options *o, const xrdi_struct *s,
                     const char *why)
{
    for (int k = 0; k < o->n_elements; k++) {
        xrd_analyze_fraction *f = &ap->fraction[k];
        f->x = f->x_esd = NAN;
        if (s && !s->has_end[k] && !strstr(why, "end member"))
            snprintf(f->reason, sizeof f->reason, "%.100s; no %s end member for %s in the library",
                     why, s->name, o->elements[k]);
        else
            snprintf(f->reason, sizeof f->reason, "%.159s", why);
    }
}

/* End member g of the pseudo-binary: the weighted mean of its elements' end
 * members (a linear combination, esd sqrt(sum w^2 s^2)). 0 when one is missing. */
static int group_end(const xrd_analyze_options *o, const xrdi_struct *s, const int *group,
                     const double *w, int g, xrd_vegard_end *e)
{
    memset(e, 0, sizeof *e);
    double a = 0, v = 0;
    size_t l = 0;
    int n = 0;
    for (int k = 0; k < o->n_elements; k++) {
        if (group[k] != g)
            continue;
        if (!s->has_end[k])
            return 0;
        a += w[k] * s->end[k].a_A;
        v += w[k] * w[k] * s->end[k].a_esd_A * s->end[k].a_esd_A;
        n++;
    }
    for (int k = 0; k < o->n_elements && l < sizeof e->label; k++)
        if (group[k] == g) {
            if (n == 1) {
                *e = s->end[k];
                return 1;
            }
            l += (size_t)snprintf(e->label + l, sizeof e->label - l, "%s%.2g", o->elements[k],
                                  w[k]);
        }
    e->a_A = e->a_ref_A = a;
    e->a_esd_A = sqrt(v);
    e->cubic = strcmp(s->name, "hcp") != 0;
    snprintf(e->structure, sizeof e->structure, "%s", s->name);
    snprintf(e->note, sizeof e->note, "weighted mean of the end members of the ratio");
    return 1;
}

static void single_element(xrd_analyze_phase *ap, const xrd_analyze_options *o,
                           const xrdi_struct *s, const xrd_phase_result *p)
{
    ap->fraction[0].x = 1.0;
    ap->fraction[0].x_esd = 0.0;
    ap->delta_c_A = ap->delta_c_esd_A = NAN;
    if (!s->has_end[0]) {
        snprintf(ap->message, sizeof ap->message, "%.255s", s->note);
        ap->delta_a_A = ap->delta_a_esd_A = ap->expansion = ap->expansion_esd = NAN;
        return;
    }
    ap->have_reference = 1;
    ap->reference = s->end[0];
    ap->reference_c_A = s->end_c_A[0];
    double ar = s->end[0].a_A, sr = s->end[0].a_esd_A;
    ap->delta_a_A = p->cell.a - ar;
    ap->delta_a_esd_A = sqrt(p->cell_esd.a * p->cell_esd.a + sr * sr);
    ap->expansion = ap->delta_a_A / ar;
    ap->expansion_esd = ap->delta_a_esd_A / ar;
    if (s->end_c_A[0] > 0 && p->cell.c > 0) {
        ap->delta_c_A = p->cell.c - s->end_c_A[0];
        ap->delta_c_esd_A = p->cell_esd.c;
    }
    double z = ap->delta_a_esd_A > 0 ? fabs(ap->delta_a_A) / ap->delta_a_esd_A : INFINITY;
    char da[48], ex[48], dc[80] = "";
    xrd_format_esd(ap->delta_a_A, ap->delta_a_esd_A, 4, da, sizeof da);
    xrd_format_esd(100.0 * ap->expansion, 100.0 * ap->expansion_esd, 3, ex, sizeof ex);
    if (isfinite(ap->delta_c_A)) {
        char c1[48];
        snprintf(dc, sizeof dc, ", c - c(%s) = %s A", o->elements[0],
                 xrd_format_esd(ap->delta_c_A, ap->delta_c_esd_A, 4, c1, sizeof c1));
    }
    char msg[640];
    snprintf(msg, sizeof msg,
             "a - a(%s) = %s A (%s %%, %s) against the reference %s a = %.4f A%s%s%s", o->elements[0],
             da, ex, ap->delta_a_A >= 0 ? "expansion" : "contraction",
             s->end[0].phase[0] ? s->end[0].phase : s->end[0].label, ar, dc,
             z > 3 ? ": more than 3 esd (strain, size, impurities or temperature)" : ": within 3 esd",
             sr > 0 ? "" : " (the reference has no esd: the fit's alone)");
    snprintf(ap->message, sizeof ap->message, "%.255s", msg);
}

/* src into dst of n bytes, cut to fit (two members of one result: no
 * snprintf, whose restrict arguments the compiler cannot tell apart) */
static void copy_text(char *dst, size_t n, const char *src)
{
    size_t l = strnlen(src, n - 1);
    memmove(dst, src, l);
    dst[l] = '\0';
}

static void one_phase(xrd_analyze_phase *ap, const xrd_analyze_options *o, const xrdi_struct *s,
                      const xrd_phase_result *p)
{
    memset(ap, 0, sizeof *ap);
    ap->n_fractions = o->n_elements;
    for (int k = 0; k < o->n_elements; k++)
        snprintf(ap->fraction[k].element, sizeof ap->fraction[k].element, "%s", o->elements[k]);
    constraint_text(o, ap->constraint, sizeof ap->constraint);
    if (!s) {
        all_null(ap, o, NULL, "no end members in this structure");
        snprintf(ap->message, sizeof ap->message, "no composition: end members unknown");
        return;
    }
    if (o->n_elements == 1) {
        single_element(ap, o, s, p);
        return;
    }
    int group[XRD_ANALYZE_MAX_ELEMENTS];
    double w[XRD_ANALYZE_MAX_ELEMENTS];
    int ng = make_groups(o, group, w);
    if (ng > 2) {
        char why[160];
        snprintf(why, sizeof why,
                 NOT_BY_ONE " (%d unknowns)", ng - 1);
        all_null(ap, o, s, why);
        snprintf(ap->message, sizeof ap->message,
                 NOT_BY_ONE ": %d elements in %d independent parts; give --ratio (e.g. %s:%s=1:1) "
                 "until two parts remain", o->n_elements, ng, o->elements[1], o->elements[2]);
        return;
    }
    xrd_vegard_end e[2];
    for (int g = 0; g < 2; g++)
        if (!group_end(o, s, group, w, g, &e[g])) {
            all_null(ap, o, s, s->note[0] ? s->note : "an end member is missing");
            snprintf(ap->message, sizeof ap->message, "no Vegard composition for %s: %.200s",
                     s->name, s->note);
            return;
        }
    xrd_vegard_setup *vs = &ap->setup;
    vs->end[0] = e[0];
    vs->end[1] = e[1];
    snprintf(vs->structure, sizeof vs->structure, "%s", s->name);
    vs->law = XRD_VEGARD_LINEAR;
    vs->temperature_K = o->temperature_K;
    if (xrd_vegard_composition(vs, p->cell.a, p->cell_esd.a, &ap->r, NULL) != XRD_OK) {
        all_null(ap, o, s, "no lattice constant to compute it from");
        return;
    }
    ap->available = 1;
    copy_text(ap->message, sizeof ap->message, ap->r.message);
    for (int k = 0; k < o->n_elements; k++) {
        xrd_analyze_fraction *fr = &ap->fraction[k];
        if (ap->r.verdict == XRD_VEGARD_UNDETERMINED) {
            fr->x = fr->x_esd = NAN;
            copy_text(fr->reason, sizeof fr->reason, ap->r.message);
            continue;
        }
        double xg = group[k] == 0 ? ap->r.x : 1.0 - ap->r.x;
        fr->x = w[k] * xg;
        fr->x_esd = w[k] * ap->r.x_esd;
    }
}

/* the structure of st named `name` (the last such), NULL when none */
static const xrdi_struct *find_struct(const xrdi_struct *st, int n_struct, const char *name)
{
    const xrdi_struct *s = NULL;
    for (int j = 0; j < n_struct; j++)
        if (!strcmp(st[j].name, name))
            s = &st[j];
    return s;
}

void xrdi_analyze_compositions(xrd_analyze_result *r, const xrd_analyze_options *o,
                               const xrdi_struct *st, int n_struct)
{
    const xrd_fit_result *f = xrd_fit_get_result(r->models[r->best].fit);
    if (!f)
        return;
    for (int k = 0; k < f->n_phases && k < XRD_ANALYZE_MAX_PHASES; k++) {
        xrd_analyze_phase *ap = &r->phase[k];
        xrd_phase_result pa; /* as reported: the cluster model's a when it answers */
        const xrd_phase_result *p =
            xrd_analyze_phase_answer(r, k, &pa, NULL) == XRD_OK ? &pa : &f->phases[k];
        one_phase(ap, o, find_struct(st, n_struct, p->structure), p);
        if (f->n_phases < 2 || o->n_elements < 2)
            continue;
        /* the role: the element with the largest fraction */
        int best = -1;
        for (int e = 0; e < ap->n_fractions; e++)
            if (isfinite(ap->fraction[e].x) &&
                (best < 0 || ap->fraction[e].x > ap->fraction[best].x))
                best = e;
        if (best >= 0) {
            char el[8];
            memcpy(el, ap->fraction[best].element, sizeof el);
            el[sizeof el - 1] = '\0';
            snprintf(ap->role, sizeof ap->role, "%s-rich", el);
        }
    }
}

int xrdi_analyze_site_shares(const xrd_analyze_options *o, const xrdi_struct *st, int n_struct,
                             const char *structure, double a_A, double *share)
{
    for (int k = 0; k < o->n_elements; k++)
        share[k] = 1.0 / o->n_elements;
    const xrdi_struct *s = find_struct(st, n_struct, structure);
    if (!s || o->n_elements < 2 || !(a_A > 0))
        return 0;
    xrd_phase_result p;
    memset(&p, 0, sizeof p);
    p.cell.a = a_A;
    p.cell_esd.a = 0.0;
    snprintf(p.structure, sizeof p.structure, "%s", structure);
    xrd_analyze_phase ap;
    one_phase(&ap, o, s, &p);
    double x[XRD_ANALYZE_MAX_ELEMENTS], sum = 0.0;
    for (int k = 0; k < o->n_elements; k++) {
        if (!isfinite(ap.fraction[k].x))
            return 0;
        x[k] = fmin(1.0, fmax(0.0, ap.fraction[k].x)); /* a beyond an end member: that end */
        sum += x[k];
    }
    if (!(sum > 0))
        return 0;
    for (int k = 0; k < o->n_elements; k++)
        share[k] = x[k] / sum;
    return 1;
}
