/* Vegard setup and result as JSON. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>

#include "report/json_writer.h"
#include "xrdfit/vegard.h"

static void num_or_null(xrdi_json *j, const char *key, double v, int known)
{
    xrdi_json_key(j, key);
    if (known)
        xrdi_json_num(j, v);
    else
        xrdi_json_null(j);
}

static void str_or_null(xrdi_json *j, const char *key, const char *s)
{
    if (s && *s)
        xrdi_json_ks(j, key, s);
    else {
        xrdi_json_key(j, key);
        xrdi_json_null(j);
    }
}

static const char *verdict_name(xrd_vegard_verdict v)
{
    switch (v) {
    case XRD_VEGARD_IN_RANGE: return "in-range";
    case XRD_VEGARD_OUTSIDE: return "outside";
    default: return "undetermined";
    }
}

xrd_status xrd_vegard_write_json(FILE *out, const xrd_vegard_setup *s,
                                 const xrd_vegard_result *r, xrd_error *err)
{
    xrdi_json j;
    xrdi_json_begin(&j, out);
    xrdi_json_obj(&j);
    xrdi_json_ks(&j, "law", s->law == XRD_VEGARD_ZEN ? "zen" : "vegard");
    xrdi_json_ks(&j, "bowing_convention",
                 s->law == XRD_VEGARD_ZEN ? "a^3 = x a_A^3 + (1-x) a_B^3 + b x (1-x)"
                                          : "a = x a_A + (1-x) a_B + b x (1-x)");
    xrdi_json_kn(&j, "bowing", s->bowing);
    xrdi_json_kn(&j, "bowing_esd", s->bowing_esd);
    str_or_null(&j, "structure", s->structure);
    num_or_null(&j, "temperature_K", s->temperature_K, s->temperature_K > 0);
    xrdi_json_key(&j, "end_members");
    xrdi_json_arr(&j);
    for (int i = 0; i < 2; i++) {
        const xrd_vegard_end *e = &s->end[i];
        xrdi_json_obj(&j);
        xrdi_json_ks(&j, "label", e->label);
        str_or_null(&j, "phase", e->phase);
        str_or_null(&j, "structure", e->structure);
        str_or_null(&j, "status", e->status);
        xrdi_json_kn(&j, "a", e->a_A);
        xrdi_json_kn(&j, "a_esd", e->a_esd_A);
        num_or_null(&j, "temperature_K", e->temperature_K, e->temperature_K > 0);
        xrdi_json_kn(&j, "a_reference", e->a_ref_A);
        num_or_null(&j, "temperature_reference_K", e->temperature_ref_K,
                    e->temperature_ref_K > 0);
        num_or_null(&j, "cte_per_K", e->cte_per_K, e->cte_per_K != 0.0);
        str_or_null(&j, "note", e->note);
        xrdi_json_obj_end(&j);
    }
    xrdi_json_arr_end(&j);
    xrdi_json_ks(&j, "direction", r->from_lattice ? "a_to_x" : "x_to_a");
    xrdi_json_kn(&j, "a", r->a_A);
    xrdi_json_kn(&j, "a_esd", r->a_esd_A);
    xrdi_json_key(&j, "composition");
    if (r->verdict == XRD_VEGARD_UNDETERMINED) {
        xrdi_json_null(&j);
    } else {
        char k[32];
        xrdi_json_obj(&j);
        for (int i = 0; i < 2; i++) {
            double x = i == 0 ? r->x : 1.0 - r->x;
            xrdi_json_kn(&j, s->end[i].label, x);
            snprintf(k, sizeof k, "%s_esd", s->end[i].label);
            xrdi_json_kn(&j, k, r->x_esd);
        }
        xrdi_json_obj_end(&j);
    }
    xrdi_json_ks(&j, "verdict", verdict_name(r->verdict));
    str_or_null(&j, "message", r->message);
    xrdi_json_obj_end(&j);
    if (ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "cannot write the JSON output");
    return XRD_OK;
}
