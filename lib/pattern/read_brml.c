/* Bruker BRML (DIFFRAC.SUITE): a zip whose Experiment0/RawDataN.xml holds scan
 * N: <DataRoute>/<ScanInformation>/<ScanAxes> lists the scanned axes in the
 * order their values appear in each <Datum> after two leading fields (time per
 * step and an enable flag); the last field is the intensity. Header: the tube's
 * WaveLengthAlpha1/2 and WaveLengthRatio (Value attributes), TubeMaterial,
 * TimePerStep. Zip through libzip (zip_entry.c), XML through the safe parser.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "core/xml_safe.h"
#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define BRML_MAX_FIELDS 64

/* The fields of a Datum ("1,1,44,18.028,...") into v; their count or -1. */
static int fields(const xmlNode *d, double *v)
{
    xmlChar *t = xmlNodeGetContent(d);
    if (!t)
        return -1;
    const char *s = (const char *)t, *e;
    int k = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (k >= BRML_MAX_FIELDS) {
            k = -1;
            break;
        }
        v[k] = xrdi_strtod(s, &e);
        if (e == s || !isfinite(v[k])) {
            k = -1;
            break;
        }
        k++;
        s = e;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != ',')
            break;
        s++;
    }
    if (k > 0 && *s && *s != ' ' && *s != '\n' && *s != '\r')
        k = -1;
    xmlFree(t);
    return k;
}

static xrd_status parse_raw(xmlNodePtr root, const char *label, xrd_pattern *p, xrd_error *err)
{
    xmlNodePtr route = xrdi_xml_find(root, "DataRoute");
    xmlNodePtr axes = route ? xrdi_xml_find(route, "ScanAxes") : NULL;
    if (!axes)
        return xrd_error_set(err, XRD_ERR_NO_DATA, label, root ? xrdi_xml_line(root) : 0,
                             "no <DataRoute> with <ScanAxes>");
    int idx = -1, k = 0;
    for (xmlNodePtr a = xrdi_xml_child(axes, "ScanAxisInfo"); a; a = xrdi_xml_next(a, "ScanAxisInfo"), k++) {
        char id[32];
        if (!xrdi_xml_text(a, "AxisId", id, sizeof id) && !strcmp(id, "TwoTheta") && idx < 0)
            idx = k;
    }
    if (idx < 0)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, label, xrdi_xml_line(axes),
                             "the scan has no 2theta axis (a rocking curve or another scan)");
    size_t n = 0;
    for (xmlNodePtr d = xrdi_xml_child(route, "Datum"); d; d = xrdi_xml_next(d, "Datum"))
        n++;
    if (n < 2)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, label, xrdi_xml_line(route),
                             "%zu <Datum>; a pattern needs at least 2", n);
    free(p->x), free(p->y), free(p->sigma);
    p->x = malloc(n * sizeof(double));
    p->y = malloc(n * sizeof(double));
    p->sigma = malloc(n * sizeof(double));
    p->n = n;
    if (!p->x || !p->y || !p->sigma)
        return xrd_error_set(err, XRD_ERR_NOMEM, label, 0, "out of memory");
    size_t i = 0;
    int nf0 = -1;
    for (xmlNodePtr d = xrdi_xml_child(route, "Datum"); d; d = xrdi_xml_next(d, "Datum"), i++) {
        double v[BRML_MAX_FIELDS];
        int nf = fields(d, v);
        if (nf < 3 + idx || (nf0 >= 0 && nf != nf0)) /* idx >= 0: also nf < 0 */
            return xrd_error_set(err, XRD_ERR_PARSE, label, xrdi_xml_line(d),
                                 "a <Datum> with %d comma-separated numbers (expected %d, the "
                                 "2theta in field %d and the intensity last)",
                                 nf, nf0 >= 0 ? nf0 : 3 + idx, 3 + idx);
        nf0 = nf;
        p->x[i] = v[2 + idx];
        p->y[i] = v[nf - 1];
        p->sigma[i] = 1.0;
    }
    double t = 0;
    xmlNodePtr tps = xrdi_xml_find(route, "TimePerStep");
    if (tps) {
        char b[32];
        const char *e;
        if (!xrdi_xml_text(tps, NULL, b, sizeof b)) {
            t = xrdi_strtod(b, &e);
            if (e == b || !(t > 0))
                t = 0;
        }
    }
    p->meta.time_per_step_s = t;
    double l1 = xrdi_xml_double(xrdi_xml_find(root, "WaveLengthAlpha1"), "Value"),
           l2 = xrdi_xml_double(xrdi_xml_find(root, "WaveLengthAlpha2"), "Value"),
           r = xrdi_xml_double(xrdi_xml_find(root, "WaveLengthRatio"), "Value");
    if (l1 >= 0.01 && l1 <= 20)
        p->wavelength_A = l1;
    if (l2 >= 0.01 && l2 <= 20 && l2 != l1)
        p->meta.wavelength2_A = l2;
    if (r > 0 && r <= 1)
        p->meta.ka2_ratio = r;
    xmlNodePtr tm = xrdi_xml_find(root, "TubeMaterial");
    if (tm)
        xrdi_xml_text(tm, NULL, p->meta.anode, sizeof p->meta.anode);
    return XRD_OK;
}

xrd_status xrdi_read_brml(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                          xrd_error *err)
{
    *out = NULL;
    int n_scans = 0;
    xrd_status cst = xrdi_zip_count(src, "Experiment0/RawData%d.xml", 10000, &n_scans, err);
    if (cst)
        return cst;
    if (n_scans == 0)
        return xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                             "the BRML archive holds no Experiment0/RawData0.xml");
    if (o->scan >= n_scans)
        return xrd_error_set(err, XRD_ERR_INVALID, src->name, 0,
                             "--scan %d: the BRML file holds %d scan%s", o->scan + 1, n_scans,
                             n_scans == 1 ? "" : "s");
    char member[64], label[600];
    snprintf(member, sizeof member, "Experiment0/RawData%d.xml", o->scan);
    snprintf(label, sizeof label, "%s:%s", src->name, member);
    char *xml = NULL;
    size_t len = 0;
    xrd_status st = xrdi_zip_read(src, member, XRD_PATTERN_MAX_BYTES, &xml, &len, err);
    if (st)
        return st;
    xmlDocPtr doc = NULL;
    st = xrdi_xml_parse_memory(xml, len, label, &doc, err);
    free(xml);
    if (st)
        return st;
    xrd_pattern *p = xrd_pattern_new(0);
    if (!p) {
        xmlFreeDoc(doc);
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    }
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "brml");
    st = parse_raw(xmlDocGetRootElement(doc), label, p, err);
    xmlFreeDoc(doc);
    if (st) {
        xrd_pattern_free(p);
        return st;
    }
    p->meta.n_scans = n_scans;
    p->meta.scan = o->scan;
    p->unit = XRD_X_TWO_THETA_DEG;
    *out = p;
    return XRD_OK;
}
