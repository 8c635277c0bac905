/* One reference phase file (refdata/phases/NAME.xml) -> xrd_phase.
 * The RelaxNG schema checks the shape; this file checks what a schema cannot:
 * every source="ID" names an entry of <sources>, the space group exists and
 * matches its number, the cell gives exactly the parameters its crystal
 * system leaves free, lengths and angles are physical.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refdata/phase_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/numparse.h"
#include "core/xml_safe.h"

const char *const xrdi_cell_names[6] = {"a", "b", "c", "alpha", "beta", "gamma"};

/* The <sources> list, looked up by id. */
typedef struct {
    const xmlNode *sources;
} srclist;

static xrd_status add_source(xrd_phase *ph, const srclist *sl, const xmlNode *node,
                             const char *attr, const char *field, const char *path,
                             xrd_error *err)
{
    char id[128];
    if (xrdi_xml_text(node, attr, id, sizeof id) || !id[0])
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(node),
                             "<%s> has no %s attribute: every number needs a source",
                             (const char *)node->name, attr);
    for (xmlNodePtr s = xrdi_xml_child(sl->sources, "source"); s; s = xrdi_xml_next(s, "source")) {
        char sid[128];
        if (xrdi_xml_text(s, "id", sid, sizeof sid) || strcmp(sid, id))
            continue;
        if (ph->n_sources >= XRD_MAX_SOURCES)
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(node),
                                 "more than %d sourced fields", XRD_MAX_SOURCES);
        xrd_source *dst = &ph->sources[ph->n_sources++];
        snprintf(dst->field, sizeof dst->field, "%s", field);
        xrdi_xml_text(s, NULL, dst->text, sizeof dst->text); /* truncation is harmless */
        return XRD_OK;
    }
    return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(node),
                         "%s=\"%s\" of <%s> names no entry of <sources>", attr, id,
                         (const char *)node->name);
}

static xrd_status text_field(const xmlNode *parent, const char *name, char *buf, size_t n,
                             const char *path, xrd_error *err)
{
    xmlNodePtr e = xrdi_xml_child(parent, name);
    if (!e)
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(parent),
                             "element <%s> is missing", name);
    if (xrdi_xml_text(e, NULL, buf, n))
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(e),
                             "<%s> is longer than %zu characters", name, n - 1);
    return XRD_OK;
}

static xrd_status convert(xmlDocPtr doc, const char *path, xrd_phase *ph, xrd_error *err)
{
    memset(ph, 0, sizeof *ph);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || xmlStrcmp(root->name, (const xmlChar *)"phase"))
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(root),
                             "the root element must be <phase>");
    srclist sl = {xrdi_xml_child(root, "sources")};
    /* Duplicate source ids would make a citation ambiguous. */
    for (xmlNodePtr s = xrdi_xml_child(sl.sources, "source"); s; s = xrdi_xml_next(s, "source")) {
        char a[128], b[128];
        xrdi_xml_text(s, "id", a, sizeof a);
        for (xmlNodePtr t = xrdi_xml_next(s, "source"); t; t = xrdi_xml_next(t, "source")) {
            xrdi_xml_text(t, "id", b, sizeof b);
            if (!strcmp(a, b))
                return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(t),
                                     "source id '%s' is defined twice", a);
        }
    }
    xrd_status st;
    if ((st = text_field(root, "name", ph->name, sizeof ph->name, path, err)) ||
        (st = text_field(root, "formula", ph->formula, sizeof ph->formula, path, err)) ||
        (st = text_field(root, "structure", ph->structure, sizeof ph->structure, path, err)) ||
        (st = text_field(root, "status", ph->status, sizeof ph->status, path, err)))
        return st;

    /* Space group. */
    xmlNodePtr sg = xrdi_xml_child(root, "spacegroup");
    char symbol[64];
    double number = 0;
    if (xrdi_xml_text(sg, "symbol", symbol, sizeof symbol))
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(sg ? sg : root),
                             "<spacegroup symbol=...> is missing or too long");
    if ((st = xrdi_xml_number(sg, "number", path, "space-group number", &number, err)))
        return st;
    xrd_error sub;
    xrd_error_clear(&sub);
    st = xrd_spacegroup_lookup(symbol, &ph->sg, &sub);
    if (st == XRD_ERR_UNSUPPORTED)
        return xrd_error_set(err, st, path, xrdi_xml_line(sg), "space group '%s': %s", symbol,
                             sub.message);
    if (st)
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(sg),
                             "unknown space group '%s' (%s)", symbol, sub.message);
    if ((double)ph->sg.number != number)
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(sg),
                             "space group '%s' is number %d, but number=\"%g\" is given", symbol,
                             ph->sg.number, number);
    if ((st = add_source(ph, &sl, sg, "source", "spacegroup", path, err)))
        return st;

    /* Cell: exactly the free parameters of the crystal system. */
    xmlNodePtr cell = xrdi_xml_child(root, "cell");
    if (!cell)
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(root), "<cell> is missing");
    unsigned need = xrd_spacegroup_cell_free(&ph->sg);
    double v[6] = {0, 0, 0, 90, 90, 90}, e[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 6; i++) {
        xmlNodePtr p = xrdi_xml_child(cell, xrdi_cell_names[i]);
        if (!p) {
            if (need & (1u << i))
                return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(cell),
                                     "a %s cell (space group %s) needs <%s>, which is missing",
                                     xrd_crystal_system_name(ph->sg.system), ph->sg.symbol,
                                     xrdi_cell_names[i]);
            continue;
        }
        if (!(need & (1u << i)))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(p),
                                 "<%s> is fixed by the %s system (space group %s); remove it",
                                 xrdi_cell_names[i], xrd_crystal_system_name(ph->sg.system),
                                 ph->sg.symbol);
        char what[32];
        snprintf(what, sizeof what, "cell %s", xrdi_cell_names[i]);
        if ((st = xrdi_xml_number(p, NULL, path, what, &v[i], err)))
            return st;
        if (i < 3 && !(v[i] > 0 && v[i] < 1000))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(p),
                                 "cell %s must be a positive length in Angstrom (below 1000), "
                                 "found %g",
                                 xrdi_cell_names[i], v[i]);
        if (i >= 3 && !(v[i] > 0 && v[i] < 180))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(p),
                                 "cell %s must be an angle between 0 and 180 degrees, found %g",
                                 xrdi_cell_names[i], v[i]);
        if (xmlHasProp(p, (const xmlChar *)"esd")) {
            if ((st = xrdi_xml_number(p, "esd", path, "esd", &e[i], err)))
                return st;
            if (e[i] < 0)
                return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(p),
                                     "esd must not be negative, found %g", e[i]);
        }
        if ((st = add_source(ph, &sl, p, "source", xrdi_cell_names[i], path, err)))
            return st;
    }
    ph->cell = (xrd_cell){v[0], v[1], v[2], v[3], v[4], v[5]};
    ph->cell_esd = (xrd_cell){e[0], e[1], e[2], e[3], e[4], e[5]};
    xrd_spacegroup_constrain_cell(&ph->sg, &ph->cell);
    if (need == 0x01) {
        ph->cell_esd.b = ph->cell_esd.c = ph->cell_esd.a;
    } else if (need == 0x05) {
        ph->cell_esd.b = ph->cell_esd.a;
    }
    if ((st = xrd_cell_validate(&ph->cell, &sub)))
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(cell), "%s", sub.message);

    /* Temperature and thermal expansion. */
    xmlNodePtr t = xrdi_xml_child(root, "temperature");
    if (!t)
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(root),
                             "<temperature> is missing");
    if ((st = xrdi_xml_number(t, NULL, path, "temperature", &ph->temperature_K, err)))
        return st;
    if (!(ph->temperature_K >= 0 && ph->temperature_K < 5000))
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(t),
                             "temperature must be in K between 0 and 5000, found %g",
                             ph->temperature_K);
    if ((st = add_source(ph, &sl, t, "source", "temperature", path, err)))
        return st;
    xmlNodePtr cte = xrdi_xml_child(root, "cte");
    if (cte) {
        if ((st = xrdi_xml_number(cte, NULL, path, "thermal-expansion coefficient",
                                  &ph->cte_per_K, err)))
            return st;
        if (!(fabs(ph->cte_per_K) < 1e-3))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(cte),
                                 "the linear thermal-expansion coefficient is in 1/K "
                                 "(e.g. 16.5e-6), found %g",
                                 ph->cte_per_K);
        if ((st = add_source(ph, &sl, cte, "source", "cte", path, err)))
            return st;
    }

    /* Atoms. */
    xmlNodePtr atoms = xrdi_xml_child(root, "atoms");
    if (!atoms)
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(root), "<atoms> is missing");
    if ((st = add_source(ph, &sl, atoms, "source", "atoms", path, err)) ||
        (st = add_source(ph, &sl, atoms, "biso-source", "biso", path, err)))
        return st;
    for (xmlNodePtr a = xrdi_xml_child(atoms, "atom"); a; a = xrdi_xml_next(a, "atom")) {
        if (ph->n_atoms >= XRD_MAX_ATOMS)
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(a),
                                 "more than %d atoms", XRD_MAX_ATOMS);
        xrd_atom *at = &ph->atoms[ph->n_atoms];
        if (xrdi_xml_text(a, "element", at->element, sizeof at->element))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(a),
                                 "atom element must be a chemical symbol");
        if (xmlHasProp(a, (const xmlChar *)"label")) {
            if (xrdi_xml_text(a, "label", at->label, sizeof at->label))
                return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(a),
                                     "atom label longer than %zu characters",
                                     sizeof at->label - 1);
        } else {
            char el[sizeof at->element];
            memcpy(el, at->element, sizeof el);
            snprintf(at->label, sizeof at->label, "%s%d", el, ph->n_atoms + 1);
        }
        if ((st = xrdi_xml_number(a, "x", path, "atom x", &at->x, err)) ||
            (st = xrdi_xml_number(a, "y", path, "atom y", &at->y, err)) ||
            (st = xrdi_xml_number(a, "z", path, "atom z", &at->z, err)) ||
            (st = xrdi_xml_number(a, "occupancy", path, "atom occupancy", &at->occupancy, err)) ||
            (st = xrdi_xml_number(a, "biso", path, "atom biso", &at->biso_A2, err)))
            return st;
        if (!(at->occupancy > 0 && at->occupancy <= 1))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(a),
                                 "occupancy must be in (0, 1], found %g", at->occupancy);
        if (!(at->biso_A2 >= 0 && at->biso_A2 < 100))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(a),
                                 "biso must be between 0 and 100 A^2, found %g", at->biso_A2);
        ph->n_atoms++;
    }
    if (ph->n_atoms == 0)
        return xrd_error_set(err, XRD_ERR_SCHEMA, path, xrdi_xml_line(atoms),
                             "<atoms> needs at least one <atom>");
    xmlNodePtr note = xrdi_xml_child(root, "note");
    if (note)
        xrdi_xml_text(note, NULL, ph->note, sizeof ph->note); /* a long note is cut */
    return XRD_OK;
}

/* Validate a parsed document and convert it; frees doc. */
static xrd_status load_doc(xmlDocPtr doc, const char *path, xmlRelaxNGPtr schema,
                           xrd_phase *out, xrd_error *err)
{
    xrd_status st = xrdi_schema_validate(schema, doc, path, err);
    if (!st) {
        xrd_phase ph;
        st = convert(doc, path, &ph, err);
        if (!st)
            *out = ph;
    }
    xmlFreeDoc(doc);
    return st;
}

xrd_status xrdi_phase_load_with_schema(const char *path, xmlRelaxNGPtr schema, xrd_phase *out,
                                       xrd_error *err)
{
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_parse_file(path, &doc, err);
    return st ? st : load_doc(doc, path, schema, out, err);
}

xrd_status xrdi_phase_load_memory(const char *buf, size_t len, const char *label,
                                  xmlRelaxNGPtr schema, xrd_phase *out, xrd_error *err)
{
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_parse_memory(buf, len, label, &doc, err);
    return st ? st : load_doc(doc, label, schema, out, err);
}

xrd_status xrd_phase_load_file(const char *path, const char *schema_path, xrd_phase *out,
                               xrd_error *err)
{
    if (!path || !schema_path || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_phase_load_file needs a path, a schema and an output");
    xmlRelaxNGPtr schema = NULL;
    xrd_status st = xrdi_schema_load(schema_path, &schema, err);
    if (st)
        return st;
    st = xrdi_phase_load_with_schema(path, schema, out, err);
    /* the schema belongs to the process cache */
    return st;
}
