/* PANalytical XRDML (schema 1.x with <intensities>, 2.x with <counts>), read
 * by xrdfit through its safe XML parser (core/xml_safe.c: no network, no DTD,
 * no entities) because xylib 1.6 fails on 2.x files and parses XML its own way.
 * Each <scan> of every <xrdMeasurement> is one scan (--scan N picks one; the
 * first by default). x: the 2Theta positions (start/end or a list); y: the
 * intensities or counts, times the beam attenuation factors when given (sigma
 * then sqrt(counts) x factor). Header: wavelengths and Ka2 ratio, anode,
 * counting time, radius, sample name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "core/xml_safe.h"
#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define XRDML_MAX_POINTS 50000000

/* The numbers of a list element ("1 2 3") into a new array *out, *n their count. */
static xrd_status numbers(const xmlNode *node, const char *path, const char *what, double **out,
                          size_t *n, xrd_error *err)
{
    *n = 0;
    *out = NULL;
    xmlChar *t = xmlNodeGetContent(node);
    if (!t)
        return xrd_error_set(err, XRD_ERR_NO_DATA, path, xrdi_xml_line(node), "the %s are empty",
                             what);
    size_t cap = 0;
    for (const xmlChar *c = t; *c; c++)
        cap += (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r');
    cap += 1;
    if (cap > XRDML_MAX_POINTS)
        cap = XRDML_MAX_POINTS;
    double *v = malloc(cap * sizeof *v);
    if (!v) {
        xmlFree(t);
        return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory reading the %s", what);
    }
    const char *s = (const char *)t;
    size_t k = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (!*s)
            break;
        const char *end;
        double x = xrdi_strtod(s, &end);
        if (end == s || !isfinite(x) || (*end && *end != ' ' && *end != '\t' && *end != '\n' &&
                                         *end != '\r') || k >= cap) {
            char tok[24];
            snprintf(tok, sizeof tok, "%.20s", s);
            xrd_status e = k >= cap ? xrd_error_set(err, XRD_ERR_TOO_LARGE, path,
                                                    xrdi_xml_line(node),
                                                    "more %s than a scan can hold", what)
                                    : xrd_error_set(err, XRD_ERR_PARSE, path, xrdi_xml_line(node),
                                                    "expected a number in the %s, found '%s'",
                                                    what, tok);
            free(v);
            xmlFree(t);
            return e;
        }
        v[k++] = x;
        s = end;
    }
    xmlFree(t);
    *n = k;
    *out = v;
    return XRD_OK;
}

static void header(xmlNodePtr root, const xmlNode *meas, xrd_pattern *p)
{
    xrd_pattern_meta *m = &p->meta;
    xmlNodePtr w = xrdi_xml_find(meas, "usedWavelength");
    if (w) {
        double l1 = xrdi_xml_double(xrdi_xml_find(w, "kAlpha1"), NULL), l2 = xrdi_xml_double(xrdi_xml_find(w, "kAlpha2"), NULL);
        double r = xrdi_xml_double(xrdi_xml_find(w, "ratioKAlpha2KAlpha1"), NULL);
        if (l1 >= 0.01 && l1 <= 20)
            p->wavelength_A = l1;
        if (l2 >= 0.01 && l2 <= 20 && l2 != l1)
            m->wavelength2_A = l2;
        if (r > 0 && r <= 1)
            m->ka2_ratio = r;
    }
    xmlNodePtr a = xrdi_xml_find(meas, "anodeMaterial");
    if (a)
        xrdi_xml_text(a, NULL, m->anode, sizeof m->anode);
    double rad = xrdi_xml_double(xrdi_xml_find(meas, "radius"), NULL);
    if (rad > 0)
        m->goniometer_radius_mm = rad;
    xmlNodePtr s = xrdi_xml_find(root, "sample");
    if (s) {
        xmlNodePtr nm = xrdi_xml_find(s, "name"), id = xrdi_xml_find(s, "id");
        if (!nm || xrdi_xml_text(nm, NULL, m->sample, sizeof m->sample) || !m->sample[0])
            if (id)
                xrdi_xml_text(id, NULL, m->sample, sizeof m->sample);
    }
    xmlNodePtr ds = xrdi_xml_find(meas, "divergenceSlit");
    if (ds && xrdi_xml_find(ds, "irradiatedLength")) /* programmable slit in automatic mode */
        m->variable_slit = 1;
}

/* The 2Theta positions element of a dataPoints. */
static xmlNodePtr two_theta_positions(const xmlNode *dp)
{
    for (xmlNodePtr c = dp->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "positions"))
            continue;
        char ax[32];
        if (!xrdi_xml_text(c, "axis", ax, sizeof ax) && !strcmp(ax, "2Theta"))
            return c;
    }
    return NULL;
}

static xrd_status read_scan(const xmlNode *scan, const char *path, xrd_pattern *p,
                            xrd_error *err)
{
    xmlNodePtr dp = xrdi_xml_find(scan, "dataPoints");
    if (!dp)
        return xrd_error_set(err, XRD_ERR_NO_DATA, path, xrdi_xml_line(scan),
                             "the scan has no <dataPoints>");
    xmlNodePtr y_node = xrdi_xml_child(dp, "intensities");
    const char *what = "intensities";
    if (!y_node) {
        y_node = xrdi_xml_child(dp, "counts");
        what = "counts";
    }
    if (!y_node)
        return xrd_error_set(err, XRD_ERR_NO_DATA, path, xrdi_xml_line(dp),
                             "the scan has neither <intensities> nor <counts>");
    size_t n = 0;
    double *y = NULL;
    xrd_status st = numbers(y_node, path, what, &y, &n, err);
    if (st)
        return st;
    xmlNodePtr pos = two_theta_positions(dp);
    double *list = NULL, *att = NULL;
    size_t nl = 0, na = 0;
    if (!pos) {
        st = xrd_error_set(err, XRD_ERR_NO_DATA, path, xrdi_xml_line(dp),
                           "the scan has no 2Theta positions");
        goto done;
    }
    if (n < 2) {
        st = xrd_error_set(err, XRD_ERR_TOO_FEW, path, xrdi_xml_line(y_node),
                           "%zu %s; a pattern needs at least 2", n, what);
        goto done;
    }
    xmlNodePtr lp = xrdi_xml_child(pos, "listPositions");
    double x0 = 0, x1 = 0;
    if (lp) {
        st = numbers(lp, path, "2Theta positions", &list, &nl, err);
        if (st)
            goto done;
        if (nl != n) {
            st = xrd_error_set(err, XRD_ERR_COLUMNS, path, xrdi_xml_line(lp),
                               "%zu 2Theta positions for %zu %s", nl, n, what);
            goto done;
        }
    } else {
        xmlNodePtr s0 = xrdi_xml_child(pos, "startPosition"), s1 = xrdi_xml_child(pos, "endPosition");
        if (!s0 || !s1) {
            st = xrd_error_set(err, XRD_ERR_NO_DATA, path, xrdi_xml_line(pos),
                               "the 2Theta positions have no start and end");
            goto done;
        }
        st = xrdi_xml_number(s0, NULL, path, "2Theta start position", &x0, err);
        if (!st)
            st = xrdi_xml_number(s1, NULL, path, "2Theta end position", &x1, err);
        if (st)
            goto done;
    }
    xmlNodePtr an = xrdi_xml_child(dp, "beamAttenuationFactors");
    if (an) {
        st = numbers(an, path, "beam attenuation factors", &att, &na, err);
        if (st)
            goto done;
        if (na != n) {
            st = xrd_error_set(err, XRD_ERR_COLUMNS, path, xrdi_xml_line(an),
                               "%zu beam attenuation factors for %zu %s", na, n, what);
            goto done;
        }
    }
    double t = xrdi_xml_double(xrdi_xml_child(dp, "commonCountingTime"), NULL);
    free(p->x);
    free(p->y);
    free(p->sigma);
    p->x = malloc(n * sizeof(double));
    p->y = y;
    p->sigma = malloc(n * sizeof(double));
    y = NULL;
    p->n = n;
    if (!p->x || !p->sigma) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory reading the scan");
        goto done;
    }
    int attenuated = 0;
    for (size_t i = 0; i < n; i++) {
        p->x[i] = list ? list[i] : x0 + (x1 - x0) * (double)i / (double)(n - 1);
        double f = att ? att[i] : 1.0;
        attenuated |= f != 1.0;
        p->sigma[i] = sqrt(p->y[i] > 1.0 ? p->y[i] : 1.0) * f;
        p->y[i] *= f;
    }
    /* attenuated counts: sigma from the counts before the factor, as a file sigma */
    p->sigma_from_file = attenuated;
    if (t > 0)
        p->meta.time_per_step_s = t;
    char unit[32];
    if (!xrdi_xml_text(y_node, "unit", unit, sizeof unit) && !strcmp(unit, "counts/s") && t > 0)
        p->meta.time_per_step_s = t; /* counts per second: the noise uses the time */
done:
    free(y);
    free(list);
    free(att);
    return st;
}

xrd_status xrdi_read_xrdml(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                           xrd_error *err)
{
    *out = NULL;
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_parse_memory(src->buf, src->len, src->name, &doc, err);
    if (st)
        return st;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "xrdMeasurements")) {
        xmlFreeDoc(doc);
        return xrd_error_set(err, XRD_ERR_PARSE, src->name, root ? xrdi_xml_line(root) : 0,
                             "expected an XRDML document (root <xrdMeasurements>), found <%s>",
                             root ? (const char *)root->name : "nothing");
    }
    /* the scans of every measurement, in order */
    int n_scans = 0;
    xmlNodePtr want = NULL, want_meas = NULL;
    for (xmlNodePtr m = xrdi_xml_child(root, "xrdMeasurement"); m;
         m = xrdi_xml_next(m, "xrdMeasurement"))
        for (xmlNodePtr s = xrdi_xml_child(m, "scan"); s; s = xrdi_xml_next(s, "scan")) {
            if (n_scans == o->scan)
                want = s, want_meas = m;
            n_scans++;
        }
    if (!want) {
        xmlFreeDoc(doc);
        return n_scans == 0
                   ? xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                                   "the XRDML file holds no <scan>")
                   : xrd_error_set(err, XRD_ERR_INVALID, src->name, 0,
                                   "--scan %d: the file holds %d scan%s", o->scan + 1, n_scans,
                                   n_scans == 1 ? "" : "s");
    }
    xrd_pattern *p = xrd_pattern_new(0);
    if (!p) {
        xmlFreeDoc(doc);
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory reading the pattern");
    }
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "xrdml");
    char ver[32] = "";
    xmlNsPtr ns = root->ns;
    if (ns && ns->href) {
        const char *h = (const char *)ns->href, *v = strstr(h, "XRDMeasurement/");
        if (v)
            snprintf(ver, sizeof ver, "%.20s", v + strlen("XRDMeasurement/"));
    }
    snprintf(p->meta.format_version, sizeof p->meta.format_version, "%s", ver);
    p->meta.n_scans = n_scans;
    p->meta.scan = o->scan;
    header(root, want_meas, p);
    st = read_scan(want, src->name, p, err);
    xmlFreeDoc(doc);
    if (st) {
        xrd_pattern_free(p);
        return st;
    }
    p->unit = XRD_X_TWO_THETA_DEG;
    *out = p;
    return XRD_OK;
}
