/* Named characteristic radiation from refdata/radiation.xml ("CuKa" doublet,
 * "CuKa1", "CuKa2" single lines) on a chosen wavelength scale. The file is
 * validated against radiation.rng from the same directory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xml_safe.h"
#include "xrdfit/radiation.h"

/* Split "CuKa1" into element "Cu" and line kind: 0 doublet, 1 Ka1, 2 Ka2;
 * -1 when the name has no Ka suffix. */
static int split_name(const char *name, char *el, size_t n)
{
    size_t l = strlen(name);
    int kind;
    size_t cut;
    if (l > 3 && !strcasecmp(name + l - 3, "ka1")) {
        kind = 1;
        cut = l - 3;
    } else if (l > 3 && !strcasecmp(name + l - 3, "ka2")) {
        kind = 2;
        cut = l - 3;
    } else if (l > 2 && !strcasecmp(name + l - 2, "ka")) {
        kind = 0;
        cut = l - 2;
    } else {
        return -1;
    }
    if (cut == 0 || cut >= n)
        return -1;
    memcpy(el, name, cut);
    el[cut] = '\0';
    return kind;
}

static void known_names(xmlNodePtr root, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (xmlNodePtr a = xrdi_xml_child(root, "anode"); a; a = xrdi_xml_next(a, "anode")) {
        char el[8];
        if (xrdi_xml_text(a, "element", el, sizeof el))
            continue;
        int w = snprintf(buf + o, n - o, "%s%sKa %sKa1 %sKa2", o ? " " : "", el, el, el);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
}

static void scale_names(xmlNodePtr anode, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (xmlNodePtr s = xrdi_xml_child(anode, "scale"); s; s = xrdi_xml_next(s, "scale")) {
        char sn[32];
        if (xrdi_xml_text(s, "name", sn, sizeof sn))
            continue;
        int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", sn);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
}

static xmlNodePtr find_scale(xmlNodePtr anode, const char *scale)
{
    for (xmlNodePtr s = xrdi_xml_child(anode, "scale"); s; s = xrdi_xml_next(s, "scale")) {
        char sn[32];
        if (!xrdi_xml_text(s, "name", sn, sizeof sn) && !strcasecmp(sn, scale))
            return s;
    }
    return NULL;
}

static const char *source_text(xmlNodePtr root, const xmlNode *node, char *buf, size_t n)
{
    char id[64];
    buf[0] = '\0';
    if (xrdi_xml_text(node, "source", id, sizeof id))
        return NULL;
    xmlNodePtr srcs = xrdi_xml_child(root, "sources");
    for (xmlNodePtr s = xrdi_xml_child(srcs, "source"); s; s = xrdi_xml_next(s, "source")) {
        char sid[64];
        if (!xrdi_xml_text(s, "id", sid, sizeof sid) && !strcmp(sid, id)) {
            xrdi_xml_text(s, NULL, buf, n); /* may be cut to n - 1 */
            return buf;
        }
    }
    return NULL;
}

static xrd_status extract(xmlNodePtr root, const char *path, const char *name, const char *scale,
                          xrd_radiation *out, xrd_error *err)
{
    char el[8] = "";
    int kind = split_name(name, el, sizeof el);
    xmlNodePtr anode = NULL;
    for (xmlNodePtr a = xrdi_xml_child(root, "anode"); a && kind >= 0; a = xrdi_xml_next(a, "anode")) {
        char e[8];
        if (!xrdi_xml_text(a, "element", e, sizeof e) && !strcasecmp(e, el)) {
            anode = a;
            snprintf(el, sizeof el, "%s", e);
            break;
        }
    }
    if (!anode) {
        char known[512];
        known_names(root, known, sizeof known);
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "unknown radiation '%s'; known: %s (or give one wavelength with "
                             "--wavelength)",
                             name, known);
    }
    xmlNodePtr sc = NULL;
    if (scale) {
        sc = find_scale(anode, scale);
        if (!sc) {
            char sn[128];
            scale_names(anode, sn, sizeof sn);
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "%sKa has no wavelengths on the scale '%s'; available: %s", el,
                                 scale, sn);
        }
    } else {
        char def[32];
        if (!xrdi_xml_text(anode, "default-scale", def, sizeof def))
            sc = find_scale(anode, def);
        if (!sc && !xrdi_xml_text(root, "default-scale", def, sizeof def))
            sc = find_scale(anode, def);
        if (!sc)
            sc = xrdi_xml_child(anode, "scale");
    }
    xmlNodePtr l1 = NULL, l2 = NULL, ratio = xrdi_xml_child(sc, "ratio");
    for (xmlNodePtr l = xrdi_xml_child(sc, "line"); l; l = xrdi_xml_next(l, "line")) {
        char ln[8];
        if (xrdi_xml_text(l, "name", ln, sizeof ln))
            continue;
        if (!strcmp(ln, "Ka1"))
            l1 = l;
        else if (!strcmp(ln, "Ka2"))
            l2 = l;
    }
    if (!l1 || !l2 || !ratio)
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(sc),
                             "a <scale> needs Ka1, Ka2 and ratio");
    double k1, k2, r;
    xrd_status st;
    if ((st = xrdi_xml_number(l1, NULL, path, "Ka1 wavelength", &k1, err)) ||
        (st = xrdi_xml_number(l2, NULL, path, "Ka2 wavelength", &k2, err)) ||
        (st = xrdi_xml_number(ratio, NULL, path, "Ka2/Ka1 ratio", &r, err)))
        return st;
    if (!(k2 > k1))
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(l2),
                             "Ka2 (%g A) must be longer than Ka1 (%g A)", k2, k1);
    xrd_radiation rad;
    memset(&rad, 0, sizeof rad);
    xrdi_xml_text(sc, "name", rad.scale, sizeof rad.scale);
    char s1[512], s2[512];
    const char *t1 = source_text(root, l1, s1, sizeof s1);
    const char *t2 = kind == 0 ? source_text(root, ratio, s2, sizeof s2) : NULL;
    char both[1100];
    snprintf(both, sizeof both, "%s%s%s", t1 ? t1 : "?", t2 ? "; ratio: " : "", t2 ? t2 : "");
    size_t bl = strlen(both);
    if (bl >= sizeof rad.source)
        bl = sizeof rad.source - 1; /* a long citation is cut */
    memcpy(rad.source, both, bl);
    rad.source[bl] = '\0';
    if (kind == 0) {
        snprintf(rad.name, sizeof rad.name, "%sKa", el);
        rad.n_lines = 2;
        rad.lambda_A[0] = k1;
        rad.lambda_A[1] = k2;
        rad.weight[0] = 1;
        rad.weight[1] = r;
        snprintf(rad.line_name[0], sizeof rad.line_name[0], "Ka1");
        snprintf(rad.line_name[1], sizeof rad.line_name[1], "Ka2");
    } else {
        snprintf(rad.name, sizeof rad.name, "%sKa%d", el, kind);
        rad.n_lines = 1;
        rad.lambda_A[0] = kind == 1 ? k1 : k2;
        rad.weight[0] = 1;
        snprintf(rad.line_name[0], sizeof rad.line_name[0], "Ka%d", kind);
    }
    *out = rad;
    return XRD_OK;
}

xrd_status xrd_radiation_lookup(const char *radiation_xml, const char *name,
                                const char *scale, xrd_radiation *out, xrd_error *err)
{
    if (!radiation_xml || !name || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_radiation_lookup needs a file, a name and an output");
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_load_beside(radiation_xml, "radiation.rng", &doc, err);
    if (!st)
        st = extract(xmlDocGetRootElement(doc), radiation_xml, name, scale, out, err);
    if (doc)
        xmlFreeDoc(doc);
    return st;
}
