/* Elastic electron scattering factors of the neutral atoms from
 * refdata/electron_scattering.xml (Peng et al. 1996, five Gaussians, validated
 * against electron_scattering.rng next to it): f_e(s) = sum a_i exp(-b_i s^2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "core/xml_safe.h"
#include "refdata/electron_internal.h"

#define EL_MAX_Z 83
#define EL_N 5

typedef struct {
    int have;
    double a[EL_N], b[EL_N];
} el_row;

struct xrd_electron_factors {
    double s_max;
    el_row row[EL_MAX_Z + 1];
    char source[512];
};

void xrd_electron_factors_free(xrd_electron_factors *t)
{
    free(t);
}

/* The five numbers of attribute attr of el into v (the schema has checked
 * their count and form; finiteness is checked here). */
static xrd_status read_five(xmlNodePtr el, const char *attr, const char *path, double *v,
                            xrd_error *err)
{
    char buf[256];
    if (xrdi_xml_text(el, attr, buf, sizeof buf))
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(el),
                             "electron scattering table: attribute %s missing or too long", attr);
    const char *p = buf;
    for (int i = 0; i < EL_N; i++) {
        const char *end;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        v[i] = xrdi_strtod(p, &end);
        if (end == p || !isfinite(v[i]))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(el),
                                 "electron scattering table: %s expects %d finite numbers, "
                                 "found '%.40s'", attr, EL_N, buf);
        p = end;
    }
    return XRD_OK;
}

/* One <element>: its symbol must be that of its z, z new, the widths > 0. */
static xrd_status read_element(xmlNodePtr el, const char *path, xrd_electron_factors *t,
                               xrd_error *err)
{
    long line = xrdi_xml_line(el);
    char sym[8];
    int z = (int)xrdi_xml_double(el, "z");
    if (xrdi_xml_text(el, "symbol", sym, sizeof sym))
        sym[0] = '\0';
    const char *want = xrd_element_symbol(z);
    if (!want || strcmp(sym, want))
        return xrd_error_set(err, XRD_ERR_INVALID, path, line,
                             "electron scattering table: element '%s' with z=%d: z=%d is %s", sym,
                             z, z, want ? want : "not an element xrdfit knows (1-83)");
    if (t->row[z].have)
        return xrd_error_set(err, XRD_ERR_INVALID, path, line,
                             "electron scattering table: element %s (z=%d) given twice", sym, z);
    el_row *r = &t->row[z];
    xrd_status st = read_five(el, "a", path, r->a, err);
    if (st == XRD_OK)
        st = read_five(el, "b", path, r->b, err);
    for (int i = 0; st == XRD_OK && i < EL_N; i++)
        if (!(r->b[i] > 0))
            st = xrd_error_set(err, XRD_ERR_INVALID, path, line,
                               "electron scattering table: element %s: width b%d must be > 0 "
                               "A^2, found %g", sym, i + 1, r->b[i]);
    r->have = st == XRD_OK;
    return st;
}

xrd_status xrd_electron_factors_load(const char *xml_path, xrd_electron_factors **out,
                                     xrd_error *err)
{
    if (!xml_path || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_electron_factors_load needs a file and an output");
    *out = NULL;
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_load_beside(xml_path, "electron_scattering.rng", &doc, err);
    xrd_electron_factors *t = st ? NULL : calloc(1, sizeof *t);
    if (!st && !t)
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    if (!st) {
        xmlNodePtr root = xmlDocGetRootElement(doc);
        t->s_max = xrdi_xml_double(root, "s_max_inv_A");
        if (!(t->s_max > 0))
            st = xrd_error_set(err, XRD_ERR_INVALID, xml_path, xrdi_xml_line(root),
                               "electron scattering table: s_max_inv_A must be > 0");
        xrdi_xml_text(xrdi_xml_child(root, "source"), NULL, t->source, sizeof t->source);
        for (xmlNodePtr el = xrdi_xml_child(root, "element"); el && !st;
             el = xrdi_xml_next(el, "element"))
            st = read_element(el, xml_path, t, err);
    }
    if (doc)
        xmlFreeDoc(doc);
    if (st) {
        xrd_electron_factors_free(t);
        return st;
    }
    *out = t;
    return XRD_OK;
}

const char *xrd_electron_factors_source(const xrd_electron_factors *t)
{
    return t ? t->source : "";
}

double xrdi_electron_f(const xrd_electron_factors *t, int z, double s)
{
    if (!t || z < 1 || z > EL_MAX_Z || !t->row[z].have)
        return NAN;
    const el_row *r = &t->row[z];
    double s2 = s * s, f = 0.0;
    for (int i = 0; i < EL_N; i++)
        f += r->a[i] * exp(-r->b[i] * s2);
    return f;
}

xrd_status xrd_electron_f(const xrd_electron_factors *t, int z, double s_inv_A, double *fe_A,
                          xrd_error *err)
{
    if (!t || !fe_A)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_electron_f needs a table and an output");
    *fe_A = NAN;
    if (z < 1 || z > EL_MAX_Z || !t->row[z].have)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "no electron scattering factor for Z = %d in the table", z);
    if (!(s_inv_A >= 0 && s_inv_A <= t->s_max))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "sin(theta)/lambda = %g 1/A is outside the range of the electron "
                             "scattering factors (0 to %g 1/A)", s_inv_A, t->s_max);
    *fe_A = xrdi_electron_f(t, z, s_inv_A);
    return XRD_OK;
}
