/* A candidate structure of the alloy analysis: its end members (given lattice
 * constants or library phases, at the measurement temperature), the lattice
 * range they span widened by the margin, and the template phase the fits
 * start from (c/a of the hcp end members; the elements in equal parts).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"

/* c/a of the hcp end members, 1.60 when none is known */
static double hcp_ratio(const xrdi_struct *st, int n_el)
{
    double s = 0;
    int n = 0;
    for (int k = 0; k < n_el; k++)
        if (st->has_end[k] && st->end_c_A[k] > 0 && st->end[k].a_A > 0) {
            s += st->end_c_A[k] / st->end[k].a_A;
            n++;
        }
    return n ? s / n : 1.60;
}

/* End member of element k in structure name: the given lattice constant or
 * the library phase, brought to the measurement temperature. */
static int find_end(const char *name, const xrd_phase_library *lib, const xrd_analyze_options *o,
                    int k, xrd_vegard_end *e, double *c_A, char *why, size_t n)
{
    xrd_error er;
    xrd_error_clear(&er);
    *c_A = 0;
    if (o->element_a_A[k] > 0) {
        char spec[64];
        snprintf(spec, sizeof spec, "%s:%.9g", o->elements[k], o->element_a_A[k]);
        if (xrd_vegard_end_parse(spec, NULL, e, &er) != XRD_OK) {
            snprintf(why, n, "%.200s", er.message);
            return 0;
        }
        e->a_esd_A = o->element_a_esd_A[k];
        snprintf(e->structure, sizeof e->structure, "%s", name);
        return 1;
    }
    if (xrd_vegard_end_for_element(lib, o->elements[k], name, e, &er) != XRD_OK) {
        snprintf(why, n, "%.200s", er.message);
        return 0;
    }
    const xrd_phase *ph = xrd_phase_library_find(lib, e->phase);
    if (ph && ph->cell.c > 0 && ph->cell.a > 0 && strcmp(name, "hcp") == 0)
        *c_A = ph->cell.c * (e->a_ref_A > 0 ? e->a_A / e->a_ref_A : 1.0);
    if (o->temperature_K > 0) {
        double a0 = e->a_A;
        if (xrd_vegard_end_at_temperature(e, o->temperature_K, &er) == XRD_OK && a0 > 0)
            *c_A *= e->a_A / a0;
    }
    return 1;
}

xrd_status xrdi_analyze_setup_structure(const char *name, const xrd_phase_library *lib,
                                        const xrd_analyze_options *o, xrdi_struct *st,
                                        xrd_error *err)
{
    memset(st, 0, sizeof *st);
    snprintf(st->name, sizeof st->name, "%s", name);
    double lo = INFINITY, hi = -INFINITY;
    /* end members in the alloy's structure: Cu -> Cu, Ru -> Ru-fcc for fcc */
    char missing[160] = "";
    for (int k = 0; k < o->n_elements; k++) {
        char why[256];
        if (find_end(name, lib, o, k, &st->end[k], &st->end_c_A[k], why, sizeof why)) {
            st->has_end[k] = 1;
            st->end_a[st->n_ends++] = st->end[k].a_A;
            lo = fmin(lo, st->end[k].a_A);
            hi = fmax(hi, st->end[k].a_A);
        } else {
            size_t l = strlen(missing);
            snprintf(missing + l, sizeof missing - l, "%s%s", l ? ", " : "", o->elements[k]);
        }
    }
    if (missing[0])
        snprintf(st->note, sizeof st->note,
                 "no %s end member for %.150s in the library: give it as ELEMENT:A(ESD) "
                 "(with a single --structure)", name, missing);
    if (!isfinite(lo))
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "no %s reference phase for %.150s in the library: the lattice range "
                             "cannot be set; give an end member as ELEMENT:A(ESD)", name, missing);
    /* template phase in the structure, c/a from the hcp end members */
    char spec[320];
    double ca = !strcmp(name, "hcp") ? hcp_ratio(st, o->n_elements) : 0;
    int o1 = ca > 0 ? snprintf(spec, sizeof spec, "hcp:a=%.6f,c=%.6f", lo, lo * ca)
                    : snprintf(spec, sizeof spec, "%s:a=%.6f", name, lo);
    /* the given elements in equal parts scatter for the phase (fall-off of the
     * intensities with angle, for reflections outside the range); without
     * scattering factors for them the phase scatters generically */
    int len = o1;
    for (int k = 0; k < o->n_elements && len < (int)sizeof spec; k++)
        len += snprintf(spec + len, sizeof spec - (size_t)len, "%s%s", k ? "/" : ",el=",
                        o->elements[k]);
    xrd_status s = xrd_phase_parse_spec(spec, NULL, &st->space.tmpl, err);
    if (s != XRD_OK) {
        spec[o1] = '\0';
        s = xrd_phase_parse_spec(spec, NULL, &st->space.tmpl, err);
    }
    if (s != XRD_OK)
        return s;
    st->space.a_lo = lo * (1.0 - o->margin);
    st->space.a_hi = hi * (1.0 + o->margin);
    return XRD_OK;
}
