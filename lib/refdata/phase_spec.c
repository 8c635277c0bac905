/* Phases given on the command line ("fcc:a=3.77", "Cu:a=3.62,name=core",
 * "fcc:a=3.72,el=Cu:0.46/Ru:0.54") and the small phase helpers (init,
 * source lookup).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/numparse.h"
#include "refdata/phase_internal.h"
#include "xrdfit/simulate.h"

/* Structure keywords and what they stand for; the atom is the position of
 * the single site (filled only when el= names its element(s)). */
typedef struct {
    const char *word;
    const char *sg;
    double x, y, z;
} structure_kw;

static const structure_kw keywords[] = {
    {"fcc", "Fm-3m", 0, 0, 0},
    {"bcc", "Im-3m", 0, 0, 0},
    {"hcp", "P6_3/mmc", 1.0 / 3.0, 2.0 / 3.0, 0.25},
    {"diamond", "Fd-3m", 0.125, 0.125, 0.125},
    {"sc", "Pm-3m", 0, 0, 0},
};
#define N_KEYWORDS (sizeof keywords / sizeof keywords[0])

xrd_status xrd_phase_init(xrd_phase *ph, const char *name, const xrd_spacegroup *sg,
                          const xrd_cell *cell, xrd_error *err)
{
    if (!ph || !sg || !cell)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_phase_init needs a phase, a space group and a cell");
    xrd_phase p;
    memset(&p, 0, sizeof p);
    snprintf(p.name, sizeof p.name, "%s", name && *name ? name : sg->symbol);
    snprintf(p.structure, sizeof p.structure, "%s", sg->symbol);
    snprintf(p.status, sizeof p.status, "user");
    p.sg = *sg;
    p.cell = *cell;
    xrd_spacegroup_constrain_cell(sg, &p.cell);
    xrd_status st = xrd_cell_validate(&p.cell, err);
    if (st)
        return st;
    *ph = p;
    return XRD_OK;
}

const char *xrd_phase_source(const xrd_phase *ph, const char *field)
{
    if (!ph || !field)
        return NULL;
    for (int i = 0; i < ph->n_sources && i < XRD_MAX_SOURCES; i++)
        if (!strcmp(ph->sources[i].field, field))
            return ph->sources[i].text;
    return NULL;
}

static void set_source(xrd_phase *ph, const char *field, const char *text)
{
    for (int i = 0; i < ph->n_sources; i++)
        if (!strcmp(ph->sources[i].field, field)) {
            snprintf(ph->sources[i].text, sizeof ph->sources[i].text, "%s", text);
            return;
        }
    if (ph->n_sources < XRD_MAX_SOURCES) {
        xrd_source *s = &ph->sources[ph->n_sources++];
        snprintf(s->field, sizeof s->field, "%s", field);
        snprintf(s->text, sizeof s->text, "%s", text);
    }
}

/* Index 0..5 of a cell key, 6 for "name", 7 for "el", -1 if unknown. */
static int key_index(const char *k)
{
    for (int i = 0; i < 6; i++)
        if (!strcmp(k, xrdi_cell_names[i]))
            return i;
    if (!strcmp(k, "el"))
        return 7;
    return strcmp(k, "name") ? -1 : 6;
}

/* Nominal isotropic displacement parameter of atoms given with el= (A^2), as
 * the reference phases use: it changes calculated intensities only. */
#define EL_BISO 0.5
#define EL_MAX 8

/* Fill the single site at xyz of ph from el=VALUE: "Cu" (full site), "Cu/Ru"
 * (equal shares) or "Cu:0.46/Ru:0.54" (shares, normalised to a full site). */
static xrd_status fill_elements(xrd_phase *ph, const char *spec, const char *value,
                                const double xyz[3], double biso, xrd_error *err)
{
    char buf[256];
    if (!value[0] || strlen(value) >= sizeof buf)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase '%s': el= expects an element or a mixed site such as "
                             "el=Cu:0.5/Ru:0.5",
                             spec);
    snprintf(buf, sizeof buf, "%s", value);
    int z[EL_MAX], n = 0, with_frac = -1;
    double frac[EL_MAX], total = 0;
    char *save = NULL;
    for (char *part = strtok_r(buf, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (n == EL_MAX)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase '%s': el= names more than %d elements", spec, EL_MAX);
        char *colon = strchr(part, ':');
        if (colon)
            *colon = '\0';
        if (with_frac >= 0 && with_frac != (colon != NULL))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase '%s': el= gives a share for some elements only: give "
                                 "one for each (el=Cu:0.46/Ru:0.54) or none (equal shares)",
                                 spec);
        with_frac = colon != NULL;
        z[n] = xrd_element_number(part);
        if (z[n] == 0)
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "phase '%s': el=: '%s' is not an element xrdfit has scattering "
                                 "factors for (H to Bi)",
                                 spec, part);
        for (int i = 0; i < n; i++)
            if (z[i] == z[n])
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': el= names %s twice", spec, part);
        frac[n] = 1.0;
        if (colon && (xrdi_parse_finite(colon + 1, &frac[n]) || !(frac[n] > 0)))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase '%s': el=: the share of %s must be a number > 0, found "
                                 "'%s'",
                                 spec, part, colon + 1);
        total += frac[n];
        n++;
    }
    if (n == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase '%s': el= expects an element or a mixed site such as "
                             "el=Cu:0.5/Ru:0.5",
                             spec);
    ph->n_atoms = 0;
    ph->formula[0] = '\0';
    size_t fl = 0;
    for (int i = 0; i < n; i++) {
        xrd_atom *a = &ph->atoms[ph->n_atoms++];
        memset(a, 0, sizeof *a);
        const char *sym = xrd_element_symbol(z[i]);
        snprintf(a->element, sizeof a->element, "%s", sym);
        snprintf(a->label, sizeof a->label, "%s1", sym);
        a->x = xyz[0];
        a->y = xyz[1];
        a->z = xyz[2];
        a->occupancy = frac[i] / total;
        a->biso_A2 = biso;
        int w = n == 1 ? snprintf(ph->formula + fl, sizeof ph->formula - fl, "%s", sym)
                       : snprintf(ph->formula + fl, sizeof ph->formula - fl, "%s%.4g", sym,
                                  a->occupancy);
        if (w > 0 && (size_t)w < sizeof ph->formula - fl)
            fl += (size_t)w;
    }
    set_source(ph, "atoms", "elements and site shares given on the command line (el=); "
                            "B = 0.5 A^2 nominal unless a reference phase gives one");
    return XRD_OK;
}

/* "a, b, c and beta": the free parameters of mask, into buf. */
static const char *system_hint(unsigned mask, char *buf, size_t n)
{
    static const char *const names[6] = {"a", "b", "c", "alpha", "beta", "gamma"};
    int total = 0, done = 0;
    for (int k = 0; k < 6; k++)
        total += (mask >> k) & 1u;
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < 6; k++) {
        if (!((mask >> k) & 1u))
            continue;
        const char *sep = done == 0 ? "" : done == total - 1 ? " and " : ", ";
        int w = snprintf(buf + len, n - len, "%s%s", sep, names[k]);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
        done++;
    }
    return buf;
}

/* Cut buf after its head: up to the first ',' or to a ':' that starts
 * key=value pairs (a ':' followed by a setting such as "Fd-3m:2" stays in the
 * head). Returns the rest (NULL when there is none). */
static char *split_head(char *buf)
{
    size_t hl = 0;
    for (;;) {
        size_t l = strcspn(buf + hl, ":,");
        hl += l;
        if (buf[hl] == '\0')
            return NULL;
        if (buf[hl] == ',') {
            buf[hl] = '\0';
            return buf + hl + 1;
        }
        /* ':' */
        size_t seg = strcspn(buf + hl + 1, ":,");
        if (memchr(buf + hl + 1, '=', seg)) {
            buf[hl] = '\0';
            return buf + hl + 1;
        }
        hl++; /* setting suffix: keep in head */
    }
}

/* A phase given as a CIF file (FILE.cif). */
static int is_cif(const char *s)
{
    size_t n = strlen(s);
    return n > 4 && !strcasecmp(s + n - 4, ".cif");
}

int xrd_phase_spec_needs_library(const char *spec)
{
    char buf[512];
    if (!spec || strlen(spec) >= sizeof buf)
        return 1;
    if (is_cif(spec))
        return 0;
    snprintf(buf, sizeof buf, "%s", spec);
    split_head(buf);
    for (size_t i = 0; i < N_KEYWORDS; i++)
        if (!strcasecmp(buf, keywords[i].word))
            return 0;
    return 1;
}

xrd_status xrd_phase_parse_spec(const char *spec, const xrd_phase_library *lib,
                                xrd_phase *out, xrd_error *err)
{
    if (!spec || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no phase given");
    if (is_cif(spec))
        return xrd_phase_load_cif(spec, out, err);
    char buf[512];
    if (strlen(spec) >= sizeof buf)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "phase '%.40s...' is too long", spec);
    snprintf(buf, sizeof buf, "%s", spec);

    /* FILE.cif:a=...,name=...: a CIF phase with start values replaced */
    xrd_phase cifph;
    int from_cif = 0;
    char *rest = NULL;
    for (char *q = strchr(buf, ':'); q; q = strchr(q + 1, ':')) {
        *q = '\0';
        if (is_cif(buf)) {
            xrd_status cs = xrd_phase_load_cif(buf, &cifph, err);
            if (cs)
                return cs;
            from_cif = 1;
            rest = q + 1;
            break;
        }
        *q = ':';
    }
    if (!from_cif)
        rest = split_head(buf);
    char *head = buf;
    if (!head[0])
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase '%s': expected a structure (fcc, bcc, hcp, diamond, sc), a "
                             "space group or a library name before ':'",
                             spec);

    /* Key=value pairs. */
    double val[6] = {0, 0, 0, 0, 0, 0};
    int given[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    char name[64] = "";
    const char *el = NULL;
    if (rest) {
        char *save = NULL;
        for (char *tok = strtok_r(rest, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(tok, '=');
            if (!eq)
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': expected key=value, found '%s'", spec, tok);
            *eq = '\0';
            const char *v = eq + 1;
            int k = key_index(tok);
            if (k < 0)
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': unknown key '%s'; known keys: a b c alpha beta "
                                     "gamma name el",
                                     spec, tok);
            if (given[k])
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': key '%s' is given twice", spec, tok);
            given[k] = 1;
            if (k == 7) {
                el = v;
                continue;
            }
            if (k == 6) {
                if (!v[0] || strlen(v) >= sizeof name)
                    return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                         "phase '%s': name must have 1 to %zu characters", spec,
                                         sizeof name - 1);
                snprintf(name, sizeof name, "%s", v);
                continue;
            }
            if (xrdi_parse_finite(v, &val[k]))
                return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                                     "phase '%s': %s must be a number, found '%s'", spec, tok, v);
            if (k < 3 && !(val[k] > 0))
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': %s must be a positive length in Angstrom, "
                                     "found %g",
                                     spec, tok, val[k]);
            if (k >= 3 && !(val[k] > 0 && val[k] < 180))
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': %s must be an angle between 0 and 180 degrees, "
                                     "found %g",
                                     spec, tok, val[k]);
        }
    }

    xrd_phase ph;
    xrd_status st;
    const structure_kw *kw = NULL;
    for (size_t i = 0; i < N_KEYWORDS; i++)
        if (!strcasecmp(head, keywords[i].word))
            kw = &keywords[i];
    const xrd_phase *libph = from_cif ? &cifph : kw ? NULL : xrd_phase_library_find(lib, head);
    xrd_spacegroup sg;
    if (libph) {
        ph = *libph;
        sg = ph.sg;
    } else {
        xrd_error sub;
        xrd_error_clear(&sub);
        st = xrd_spacegroup_lookup(kw ? kw->sg : head, &sg, &sub);
        if (st == XRD_ERR_UNSUPPORTED)
            return xrd_error_set(err, st, NULL, 0, "phase '%s': %s", spec, sub.message);
        if (st)
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "phase '%s': '%s' is not a structure (fcc, bcc, hcp, diamond, "
                                 "sc), %sa space-group symbol",
                                 spec, head, lib ? "a library phase (xrdfit phases) nor " : "");
    }

    /* The keys must be exactly free parameters of the system. */
    unsigned freemask = xrd_spacegroup_cell_free(&sg);
    char hint[48];
    for (int k = 0; k < 6; k++)
        if (given[k] && !(freemask & (1u << k)))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase '%s': %s is fixed by the %s system (%s); give only %s",
                                 spec, xrdi_cell_names[k], xrd_crystal_system_name(sg.system),
                                 sg.symbol, system_hint(freemask, hint, sizeof hint));
    if (!libph) {
        for (int k = 0; k < 6; k++)
            if ((freemask & (1u << k)) && !given[k])
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "phase '%s': %s is missing; a %s cell (%s) needs %s, "
                                     "e.g. %s:a=%s",
                                     spec, xrdi_cell_names[k],
                                     xrd_crystal_system_name(sg.system), sg.symbol,
                                     system_hint(freemask, hint, sizeof hint), head,
                                     sg.system == XRD_SYS_CUBIC ? "3.61" : "2.70,c=4.28");
        xrd_cell cell = {val[0], val[1], val[2], 90, 90, 90};
        if (given[3])
            cell.alpha = val[3];
        if (given[4])
            cell.beta = val[4];
        if (given[5])
            cell.gamma = val[5];
        if ((st = xrd_phase_init(&ph, name[0] ? name : head, &sg, &cell, err)))
            return st;
        if (kw) {
            snprintf(ph.structure, sizeof ph.structure, "%s", kw->word);
            ph.n_atoms = 0; /* placeholder structure: no element known */
        }
        for (int k = 0; k < 6; k++)
            if (given[k])
                set_source(&ph, xrdi_cell_names[k], "given on the command line");
    } else {
        int changed = 0;
        double *cv[6] = {&ph.cell.a, &ph.cell.b, &ph.cell.c,
                         &ph.cell.alpha, &ph.cell.beta, &ph.cell.gamma};
        double *ev[6] = {&ph.cell_esd.a, &ph.cell_esd.b, &ph.cell_esd.c,
                         &ph.cell_esd.alpha, &ph.cell_esd.beta, &ph.cell_esd.gamma};
        for (int k = 0; k < 6; k++)
            if (given[k]) {
                *cv[k] = val[k];
                *ev[k] = 0;
                changed = 1;
                set_source(&ph, xrdi_cell_names[k],
                           "start value given on the command line (library value replaced)");
            }
        if (changed) {
            xrd_spacegroup_constrain_cell(&sg, &ph.cell);
            if (sg.system == XRD_SYS_CUBIC)
                ph.cell_esd.b = ph.cell_esd.c = ph.cell_esd.a;
            if ((st = xrd_cell_validate(&ph.cell, err)))
                return st;
            snprintf(ph.status, sizeof ph.status, "user");
        }
        if (name[0])
            snprintf(ph.name, sizeof ph.name, "%s", name);
    }
    if (el) {
        double xyz[3];
        double biso = EL_BISO;
        if (kw) {
            xyz[0] = kw->x;
            xyz[1] = kw->y;
            xyz[2] = kw->z;
        } else if (libph && libph->n_atoms == 1) {
            xyz[0] = libph->atoms[0].x;
            xyz[1] = libph->atoms[0].y;
            xyz[2] = libph->atoms[0].z;
            biso = libph->atoms[0].biso_A2;
        } else if (libph) {
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase '%s': el= fills the single site of fcc, bcc, hcp, "
                                 "diamond or sc, or of a one-site reference phase; %s has %d "
                                 "sites",
                                 spec, libph->name, libph->n_atoms);
        } else {
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase '%s': el= fills the single site of fcc, bcc, hcp, "
                                 "diamond or sc, or of a one-site reference phase; a space "
                                 "group alone (%s) places no site",
                                 spec, head);
        }
        if ((st = fill_elements(&ph, spec, el, xyz, biso, err)))
            return st;
    }
    *out = ph;
    return XRD_OK;
}
