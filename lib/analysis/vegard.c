/* Vegard's and Zen's laws with a bowing parameter: composition from a
 * lattice constant and back, end members from the reference library,
 * structure and temperature checks. Conventions in include/xrdfit/vegard.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/numfmt.h"
#include "xrdfit/report.h"
#include "xrdfit/vegard.h"

/* esd of x above which a composition is not reported (x from 0 to 1 moves
 * the lattice constant by less than 3 combined esds) */
#define UNDETERMINED_ESD (1.0 / 3.0)
/* distance beyond [0, 1], in esds, from which x is called outside */
#define OUTSIDE_SIGMAS 2.0

static int label_char_ok(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

xrd_status xrd_vegard_end_parse(const char *spec, const xrd_phase_library *lib,
                                xrd_vegard_end *out, xrd_error *err)
{
    memset(out, 0, sizeof *out);
    out->cubic = -1;
    if (!spec || !*spec)
        return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                             "an end member is empty: give a reference phase (Cu, Ru-fcc) "
                             "or ELEMENT:A(ESD) (Cu:3.6149(1))");
    const char *colon = strchr(spec, ':');
    if (colon) {
        size_t n = (size_t)(colon - spec);
        if (n == 0 || n >= sizeof out->label)
            return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                                 "end member '%.64s': expected ELEMENT:A(ESD) with a label of "
                                 "1 to %zu characters before the colon",
                                 spec, sizeof out->label - 1);
        for (size_t i = 0; i < n; i++)
            if (!label_char_ok(spec[i]))
                return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                                     "end member '%.64s': the label may hold letters, digits, "
                                     "'-' and '_' only",
                                     spec);
        memcpy(out->label, spec, n);
        out->label[n] = '\0';
        xrd_error e2;
        if (xrd_parse_value_esd(colon + 1, &out->a_A, &out->a_esd_A, &e2) != XRD_OK)
            return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0, "end member '%.64s': %s", spec,
                                 e2.message);
        if (!(out->a_A > 0))
            return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                                 "end member '%.64s': the lattice constant must be positive",
                                 spec);
        out->a_ref_A = out->a_A;
        return XRD_OK;
    }
    const xrd_phase *ph = lib ? xrd_phase_library_find(lib, spec) : NULL;
    if (!ph)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "no reference phase '%.64s' (see `xrdfit phases`); give the end "
                             "member as ELEMENT:A(ESD), e.g. %.15s:3.615(1)",
                             spec, spec);
    const char *label = ph->formula[0] ? ph->formula : ph->name;
    snprintf(out->label, sizeof out->label, "%.15s", label);
    snprintf(out->phase, sizeof out->phase, "%s", ph->name);
    snprintf(out->structure, sizeof out->structure, "%s", ph->structure);
    snprintf(out->status, sizeof out->status, "%s", ph->status);
    out->cubic = ph->sg.system == XRD_SYS_CUBIC;
    out->a_A = out->a_ref_A = ph->cell.a;
    out->a_esd_A = ph->cell_esd.a > 0 ? ph->cell_esd.a : 0.0;
    out->temperature_K = out->temperature_ref_K = ph->temperature_K;
    out->cte_per_K = ph->cte_per_K;
    if (out->a_esd_A == 0 && strcasecmp(ph->status, "measured") &&
        strcasecmp(ph->status, "certified"))
        snprintf(out->note, sizeof out->note,
                 "%s is %s: its lattice constant is approximate and has no esd in refdata "
                 "(0 used); see `xrdfit phases %s`",
                 ph->name, ph->status, ph->name);
    return XRD_OK;
}

xrd_status xrd_vegard_end_at_temperature(xrd_vegard_end *e, double T_K, xrd_error *err)
{
    if (!(isfinite(T_K) && T_K > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the temperature must be a positive number of kelvin, found %g",
                             T_K);
    double T0 = e->temperature_ref_K;
    if (e->a_ref_A <= 0)
        e->a_ref_A = e->a_A;
    /* always start from the reference value; notes are appended */
    double scale0 = e->a_ref_A > 0 ? e->a_esd_A / e->a_A : 0.0;
    e->a_A = e->a_ref_A;
    e->a_esd_A = scale0 * e->a_A;
    e->temperature_K = T0;
    size_t used = strlen(e->note);
    char *note = e->note + used;
    size_t room = sizeof e->note - used;
    const char *sep = used ? "; " : "";
    if (T0 <= 0) {
        snprintf(note, room, "%stemperature of the value not stated: used as given at %.0f K",
                 sep, T_K);
        return XRD_OK;
    }
    if (fabs(T_K - T0) < 1e-9)
        return XRD_OK;
    if (!(e->cte_per_K != 0.0 && isfinite(e->cte_per_K))) {
        snprintf(note, room,
                 "%sno thermal-expansion coefficient in refdata for %s: the value at %.0f K "
                 "is used uncorrected at %.0f K",
                 sep, e->phase[0] ? e->phase : e->label, T0, T_K);
        return XRD_OK;
    }
    double f = 1.0 + e->cte_per_K * (T_K - T0);
    e->a_A = e->a_ref_A * f;
    e->a_esd_A = e->a_esd_A * f;
    e->temperature_K = T_K;
    return XRD_OK;
}

/* Library phase of the same element (formula) in structure st, or NULL. */
static const xrd_phase *same_element_in(const xrd_phase_library *lib, const char *label,
                                        const char *st)
{
    if (!lib)
        return NULL;
    for (size_t i = 0; i < lib->n; i++) {
        const xrd_phase *p = &lib->phases[i];
        const char *f = p->formula[0] ? p->formula : p->name;
        if (!strcasecmp(f, label) && !strcasecmp(p->structure, st))
            return p;
    }
    return NULL;
}

xrd_status xrd_vegard_end_for_element(const xrd_phase_library *lib, const char *element,
                                      const char *structure, xrd_vegard_end *out,
                                      xrd_error *err)
{
    const xrd_phase *p =
        (element && structure) ? same_element_in(lib, element, structure) : NULL;
    if (!p)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "the library has no %.31s phase of %.31s to serve as end member; "
                             "give its %.31s lattice constant as %.31s:A(ESD)",
                             structure ? structure : "(no structure)", element ? element : "",
                             structure ? structure : "", element ? element : "");
    return xrd_vegard_end_parse(p->name, lib, out, err);
}

xrd_status xrd_vegard_setup_init(xrd_vegard_setup *s, const char *spec_a, const char *spec_b,
                                 const char *structure, const xrd_phase_library *lib,
                                 xrd_vegard_law law, double bowing, double bowing_esd,
                                 double temperature_K, xrd_error *err)
{
    memset(s, 0, sizeof *s);
    xrd_status st;
    if ((st = xrd_vegard_end_parse(spec_a, lib, &s->end[0], err)) != XRD_OK)
        return st;
    if ((st = xrd_vegard_end_parse(spec_b, lib, &s->end[1], err)) != XRD_OK)
        return st;
    if (!strcasecmp(s->end[0].label, s->end[1].label))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "both end members are %s: give two different ones",
                             s->end[0].label);
    if (!isfinite(bowing) || !(isfinite(bowing_esd) && bowing_esd >= 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the bowing parameter must be finite with a non-negative esd");
    if (!(isfinite(temperature_K) && temperature_K >= 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the temperature must be a positive number of kelvin, found %g",
                             temperature_K);
    s->law = law;
    s->bowing = bowing;
    s->bowing_esd = bowing_esd;
    s->temperature_K = temperature_K;
    if (structure && *structure)
        snprintf(s->structure, sizeof s->structure, "%s", structure);
    else
        for (int i = 0; i < 2 && !s->structure[0]; i++)
            snprintf(s->structure, sizeof s->structure, "%s", s->end[i].structure);

    for (int i = 0; i < 2 && s->structure[0]; i++) {
        const xrd_vegard_end *e = &s->end[i];
        if (!e->structure[0] || !strcasecmp(e->structure, s->structure))
            continue;
        const xrd_phase *alt = same_element_in(lib, e->label, s->structure);
        if (alt)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "end member %s is %s (reference phase %s) but the alloy is "
                                 "%s: an end member must have the alloy's structure; use the "
                                 "%s reference phase %s instead",
                                 e->label, e->structure, e->phase, s->structure, s->structure,
                                 alt->name);
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "end member %s is %s (reference phase %s) but the alloy is %s, "
                             "and the library has no %s phase of %s: an end member must have "
                             "the alloy's structure; give its %s lattice constant as %s:A(ESD)",
                             e->label, e->structure, e->phase, s->structure, s->structure,
                             e->label, s->structure, e->label);
    }
    if (law == XRD_VEGARD_ZEN)
        for (int i = 0; i < 2; i++)
            if (s->end[i].cubic == 0)
                return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                                     "Zen's law (a^3 as the atomic volume) is implemented for "
                                     "cubic structures only; end member %s is %s",
                                     s->end[i].label, s->end[i].structure);
    if (temperature_K > 0)
        for (int i = 0; i < 2; i++)
            if ((st = xrd_vegard_end_at_temperature(&s->end[i], temperature_K, err)) != XRD_OK)
                return st;
    return XRD_OK;
}

int xrd_vegard_find_end(const xrd_vegard_setup *s, const char *label)
{
    for (int i = 0; i < 2; i++)
        if (label && !strcasecmp(s->end[i].label, label))
            return i;
    return -1;
}

/* The law in its linear coordinate y: y = a (Vegard) or a^3 (Zen). */
static double to_y(const xrd_vegard_setup *s, double a)
{
    return s->law == XRD_VEGARD_ZEN ? a * a * a : a;
}
static double dy_da(const xrd_vegard_setup *s, double a)
{
    return s->law == XRD_VEGARD_ZEN ? 3.0 * a * a : 1.0;
}

typedef struct {
    double yA, yB, syA, syB, b, sb;
} law_terms;

static law_terms terms(const xrd_vegard_setup *s)
{
    const xrd_vegard_end *A = &s->end[0], *B = &s->end[1];
    law_terms t = {to_y(s, A->a_A), to_y(s, B->a_A), A->a_esd_A * dy_da(s, A->a_A),
                   B->a_esd_A * dy_da(s, B->a_A), -s->bowing, s->bowing_esd};
    /* the user's b follows SCIENCE.md, a = ... + b x(1-x); t.b enters with a minus */
    return t;
}

/* dy/dx at x */
static double slope(const law_terms *t, double x)
{
    return t->yA - t->yB - t->b * (1.0 - 2.0 * x);
}

/* sigma_y contributions of the end members and b at x (squared) */
static double ends_var(const law_terms *t, double x)
{
    double w = x * (1.0 - x);
    return x * x * t->syA * t->syA + (1.0 - x) * (1.0 - x) * t->syB * t->syB +
           w * w * t->sb * t->sb;
}

static double dist01(double x)
{
    return x < 0 ? -x : (x > 1 ? x - 1 : 0.0);
}

static void range_verdict(const xrd_vegard_setup *s, xrd_vegard_result *r, int extrapolation)
{
    char xs[64];
    xrd_format_esd(r->x, r->x_esd, 3, xs, sizeof xs);
    double d = dist01(r->x);
    r->verdict = XRD_VEGARD_IN_RANGE;
    r->message[0] = '\0';
    if (d <= 1e-9)
        return;
    if (d > OUTSIDE_SIGMAS * r->x_esd + 1e-9) {
        r->verdict = XRD_VEGARD_OUTSIDE;
        if (extrapolation)
            snprintf(r->message, sizeof r->message,
                     "x(%s) = %s is outside [0,1]: the lattice constant is an extrapolation "
                     "of the law",
                     s->end[0].label, xs);
        else
            snprintf(r->message, sizeof r->message,
                     "x(%s) = %s is outside [0,1]: strain, size effects or a wrong end member",
                     s->end[0].label, xs);
    } else {
        snprintf(r->message, sizeof r->message,
                 "x(%s) = %s lies outside [0,1] but within %.0f esd of it", s->end[0].label, xs,
                 OUTSIDE_SIGMAS);
    }
}

static xrd_status undetermined(const xrd_vegard_setup *s, xrd_vegard_result *r,
                               const char *fmt_extra, double sx)
{
    const xrd_vegard_end *A = &s->end[0], *B = &s->end[1];
    char a1[48], a2[48], dif[24], cmb[24];
    xrd_format_esd(A->a_A, A->a_esd_A, 4, a1, sizeof a1);
    xrd_format_esd(B->a_A, B->a_esd_A, 4, a2, sizeof a2);
    r->verdict = XRD_VEGARD_UNDETERMINED;
    r->x = NAN;
    r->x_esd = NAN;
    if (fmt_extra) {
        snprintf(r->message, sizeof r->message,
                 "the composition cannot be determined: %.240s (end members %.15s %.24s A, "
                 "%.15s %.24s A)",
                 fmt_extra, A->label, a1, B->label, a2);
        return XRD_OK;
    }
    double comb = sx * fabs(A->a_A - B->a_A);
    snprintf(r->message, sizeof r->message,
             "the composition cannot be determined: the end members %.15s (%.24s A) and %.15s "
             "(%.24s A) differ by only %.23s A, less than 3 times the combined esd %.23s A (the "
             "esd of x "
             "would be %.2f); a more precise lattice constant or other end members are needed",
             A->label, a1, B->label, a2, xrdi_fmt_fixed(fabs(A->a_A - B->a_A), 4, dif, sizeof dif),
             xrdi_fmt_fixed(comb, 4, cmb, sizeof cmb), sx);
    return XRD_OK;
}

xrd_status xrd_vegard_composition(const xrd_vegard_setup *s, double a_A, double a_esd_A,
                                  xrd_vegard_result *out, xrd_error *err)
{
    memset(out, 0, sizeof *out);
    if (!(isfinite(a_A) && a_A > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the lattice constant must be a positive number of Angstrom, "
                             "found %g",
                             a_A);
    if (!(isfinite(a_esd_A) && a_esd_A >= 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the esd of the lattice constant must not be negative, found %g",
                             a_esd_A);
    out->from_lattice = 1;
    out->a_A = a_A;
    out->a_esd_A = a_esd_A;
    law_terms t = terms(s);
    double y = to_y(s, a_A), sy = a_esd_A * dy_da(s, a_A);
    double D = t.yA - t.yB;
    double x;
    if (t.b == 0.0) {
        if (D == 0.0)
            return undetermined(s, out, "the end members have the same lattice constant", 0);
        x = (y - t.yB) / D;
    } else {
        /* b x^2 + (D - b) x + (yB - y) = 0, roots by the stable formula */
        double qa = t.b, qb = D - t.b, qc = t.yB - y;
        double disc = qb * qb - 4.0 * qa * qc;
        if (disc < 0) {
            char m[200], av[24], aev[24];
            double xe = -qb / (2.0 * qa);
            double aext = t.yB + xe * D - t.b * xe * (1.0 - xe);
            if (s->law == XRD_VEGARD_ZEN)
                aext = cbrt(aext);
            snprintf(m, sizeof m,
                     "no composition gives a = %.23s A with this bowing parameter (a(x) turns "
                     "at x = %.3f, a = %.23s A)",
                     xrdi_fmt_fixed(a_A, 4, av, sizeof av), xe,
                     xrdi_fmt_fixed(aext, 4, aev, sizeof aev));
            return undetermined(s, out, m, 0);
        }
        double q = -0.5 * (qb + copysign(sqrt(disc), qb));
        double r1 = q / qa, r2 = q != 0.0 ? qc / q : r1;
        double d1 = dist01(r1), d2 = dist01(r2);
        if (d1 <= 1e-9 && d2 <= 1e-9 && fabs(r1 - r2) > 1e-9) {
            char m[200];
            snprintf(m, sizeof m,
                     "with this bowing parameter a(x) is not monotonic in [0,1]: x(%s) = %.3f "
                     "and x(%s) = %.3f give the same a",
                     s->end[0].label, fmin(r1, r2), s->end[0].label, fmax(r1, r2));
            return undetermined(s, out, m, 0);
        }
        x = (d1 < d2 || (d1 == d2 && fabs(r1 - 0.5) <= fabs(r2 - 0.5))) ? r1 : r2;
    }
    double sl = slope(&t, x);
    /* determinability: esd of x with x held in [0, 1], so that a wild x
     * does not decide it */
    double xc = x < 0 ? 0 : (x > 1 ? 1 : x);
    double slc = slope(&t, xc);
    if (sl == 0.0 || slc == 0.0)
        return undetermined(s, out,
                            "the lattice constant does not change with x at this composition",
                            0);
    double sxc = sqrt(sy * sy + ends_var(&t, xc)) / fabs(slc);
    if (sxc > UNDETERMINED_ESD)
        return undetermined(s, out, NULL, sxc);
    out->x = x;
    out->x_esd = sqrt(sy * sy + ends_var(&t, x)) / fabs(sl);
    range_verdict(s, out, 0);
    return XRD_OK;
}

xrd_status xrd_vegard_lattice(const xrd_vegard_setup *s, double x, double x_esd,
                              xrd_vegard_result *out, xrd_error *err)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(x))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the fraction x must be finite");
    if (!(isfinite(x_esd) && x_esd >= 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the esd of x must not be negative, found %g", x_esd);
    law_terms t = terms(s);
    double y = x * t.yA + (1.0 - x) * t.yB - t.b * x * (1.0 - x);
    double sl = slope(&t, x);
    double sy = sqrt(ends_var(&t, x) + sl * sl * x_esd * x_esd);
    if (!(y > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the law gives no positive lattice constant at x = %g", x);
    double a = s->law == XRD_VEGARD_ZEN ? cbrt(y) : y;
    out->from_lattice = 0;
    out->x = x;
    out->x_esd = x_esd;
    out->a_A = a;
    out->a_esd_A = sy / dy_da(s, a);
    range_verdict(s, out, 1);
    return XRD_OK;
}

char *xrd_vegard_format_composition(const xrd_vegard_setup *s, const xrd_vegard_result *r,
                                    char *buf, size_t n)
{
    if (r->verdict == XRD_VEGARD_UNDETERMINED) {
        snprintf(buf, n, "%s", r->message);
        return buf;
    }
    char x1[64], x2[64];
    xrd_format_esd(r->x, r->x_esd, 3, x1, sizeof x1);
    xrd_format_esd(1.0 - r->x, r->x_esd, 3, x2, sizeof x2);
    snprintf(buf, n, "x(%s) = %s, x(%s) = %s", s->end[0].label, x1, s->end[1].label, x2);
    return buf;
}
