/* A phase from a CIF through the COMCIFS CIF API (libcif): the first data
 * block with a cell. Cell lengths and angles with their standard
 * uncertainties; the space group from the listed symmetry operations, else
 * the Hall symbol, the H-M symbol (_space_group_name_H-M_alt or the older
 * _symmetry_space_group_name_H-M, ICSD's S/Z/H/R setting words read), the
 * number; atom sites from the _atom_site_ loop (label, type symbol,
 * fractional x y z, occupancy, B or U iso, U converted to B = 8 pi^2 U).
 * The source of every value is the file with its data block, database codes
 * and journal reference; a missing temperature or B iso gets a source saying
 * so. Status "imported".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/cif_parse.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

#include "core/xml_safe.h"
#include "crystal/cellmath.h"
#include "xrdfit/phase.h"

#define CIF_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* A Unicode string into buf (UTF-8), freed; 0 ok. */
static int utf8_text(UChar *t, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!t)
        return -1;
    UErrorCode ec = U_ZERO_ERROR;
    int32_t len = 0;
    u_strToUTF8(buf, (int32_t)n - 1, &len, t, -1, &ec);
    free(t);
    if (U_FAILURE(ec) || len >= (int32_t)n)
        return -1;
    buf[len] = '\0';
    return 0;
}

/* Text of a value into buf (UTF-8); 0 ok. */
static int value_text(cif_value_tp *v, char *buf, size_t n)
{
    UChar *t = NULL;
    buf[0] = '\0';
    if (!v || XRDI_CIF->cif_value_get_text(v, &t) != CIF_OK || !t)
        return -1;
    return utf8_text(t, buf, n);
}

/* A scalar item: number (and su) or text; 0 when found. */
static int item_number(cif_block_tp *b, const char *name, double *v, double *su)
{
    UChar *u = xrdi_cif_name(name);
    cif_value_tp *val = NULL;
    int rc = -1;
    if (u && XRDI_CIF->cif_container_get_value(b, u, &val) == CIF_OK && val) {
        if (XRDI_CIF->cif_value_get_number(val, v) == CIF_OK && isfinite(*v)) {
            rc = 0;
            if (su && (XRDI_CIF->cif_value_get_su(val, su) != CIF_OK || !isfinite(*su)))
                *su = 0;
        }
        XRDI_CIF->cif_value_free(val);
    }
    free(u);
    return rc;
}

static int item_text(cif_block_tp *b, const char *name, char *buf, size_t n)
{
    UChar *u = xrdi_cif_name(name);
    cif_value_tp *val = NULL;
    int rc = -1;
    if (u && XRDI_CIF->cif_container_get_value(b, u, &val) == CIF_OK && val) {
        rc = value_text(val, buf, n);
        XRDI_CIF->cif_value_free(val);
    }
    free(u);
    return rc;
}

static double packet_number(cif_packet_tp *pk, const UChar *name, double dflt)
{
    cif_value_tp *v = NULL;
    double x;
    if (name && XRDI_CIF->cif_packet_get_item(pk, name, &v) == CIF_OK && v &&
        XRDI_CIF->cif_value_get_number(v, &x) == CIF_OK && isfinite(x))
        return x;
    return dflt;
}

/* A walk over the packets of the loop that holds item `name`. */
typedef struct {
    cif_loop_tp *loop;
    cif_pktitr_tp *it;
    cif_packet_tp *pk;
} loop_walk;

/* 0 when the block has a loop with name and its packets can be read. */
static int walk_open(cif_block_tp *b, const UChar *name, loop_walk *w)
{
    memset(w, 0, sizeof *w);
    if (!name || XRDI_CIF->cif_container_get_item_loop(b, name, &w->loop) != CIF_OK || !w->loop)
        return -1;
    return XRDI_CIF->cif_loop_get_packets(w->loop, &w->it) == CIF_OK ? 0 : -1;
}

/* 1 with the next packet in w->pk, 0 at the end. */
static int walk_next(loop_walk *w)
{
    return w->it && XRDI_CIF->cif_pktitr_next_packet(w->it, &w->pk) == CIF_OK;
}

static void walk_close(loop_walk *w)
{
    if (w->pk)
        XRDI_CIF->cif_packet_free(w->pk);
    if (w->it)
        (void)!XRDI_CIF->cif_pktitr_close(w->it);
    if (w->loop)
        XRDI_CIF->cif_loop_free(w->loop);
    memset(w, 0, sizeof *w);
}

/* Anisotropic displacements (_atom_site_aniso_ loop, U_ij or B_ij) as the
 * equivalent isotropic B = 8 pi^2 U_eq, U_eq = 1/3 sum_ij U_ij a*_i a*_j
 * (a_i . a_j) (Fischer & Tillmanns, Acta Cryst. C44 (1988) 775), for sites
 * with no iso value: the powder intensities here are isotropic. */
#define MAX_ANISO XRD_MAX_ATOMS
typedef struct {
    int n;
    char label[MAX_ANISO][16];
    double biso[MAX_ANISO];
} aniso_table;

static void aniso_read(cif_block_tp *b, const xrd_cell *c, aniso_table *t)
{
    static const char *const uk[6] = {"_atom_site_aniso_U_11", "_atom_site_aniso_U_22",
                                      "_atom_site_aniso_U_33", "_atom_site_aniso_U_12",
                                      "_atom_site_aniso_U_13", "_atom_site_aniso_U_23"};
    static const char *const bk[6] = {"_atom_site_aniso_B_11", "_atom_site_aniso_B_22",
                                      "_atom_site_aniso_B_33", "_atom_site_aniso_B_12",
                                      "_atom_site_aniso_B_13", "_atom_site_aniso_B_23"};
    t->n = 0;
    double gs[9];
    if (xrdi_reciprocal_metric(c, gs))
        return;
    const double ca = cos(c->alpha * M_PI / 180), cb = cos(c->beta * M_PI / 180),
                 cg = cos(c->gamma * M_PI / 180);
    const double g[9] = {c->a * c->a,      c->a * c->b * cg, c->a * c->c * cb,
                         c->a * c->b * cg, c->b * c->b,      c->b * c->c * ca,
                         c->a * c->c * cb, c->b * c->c * ca, c->c * c->c};
    const double as[3] = {sqrt(gs[0]), sqrt(gs[4]), sqrt(gs[8])};
    UChar *ul = xrdi_cif_name("_atom_site_aniso_label");
    UChar *un[6], *bn[6];
    for (int k = 0; k < 6; k++) {
        un[k] = xrdi_cif_name(uk[k]);
        bn[k] = xrdi_cif_name(bk[k]);
    }
    loop_walk w;
    if (!walk_open(b, ul, &w)) {
        while (t->n < MAX_ANISO && walk_next(&w)) {
            cif_packet_tp *pk = w.pk;
            cif_value_tp *v = NULL;
            char lab[64] = "";
            if (XRDI_CIF->cif_packet_get_item(pk, ul, &v) != CIF_OK || value_text(v, lab, sizeof lab))
                continue;
            double u[6];
            int ok = 1;
            for (int k = 0; k < 6 && ok; k++) {
                u[k] = packet_number(pk, un[k], NAN);
                if (!isfinite(u[k])) {
                    u[k] = packet_number(pk, bn[k], NAN) / (8.0 * M_PI * M_PI);
                }
                ok = isfinite(u[k]);
            }
            if (!ok)
                continue;
            const double U[9] = {u[0], u[3], u[4], u[3], u[1], u[5], u[4], u[5], u[2]};
            double ueq = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    ueq += U[i * 3 + j] * as[i] * as[j] * g[i * 3 + j];
            ueq /= 3.0;
            if (!(ueq > 0) || !isfinite(ueq))
                continue;
            snprintf(t->label[t->n], sizeof t->label[0], "%.15s", lab);
            t->biso[t->n++] = 8.0 * M_PI * M_PI * ueq;
        }
    }
    walk_close(&w);
    free(ul);
    for (int k = 0; k < 6; k++) {
        free(un[k]);
        free(bn[k]);
    }
}

/* The atom sites; the labels of the sites without B or U iso (given the
 * nominal 0.5 A^2) into nominal (size nn), *n_given counts those with one. */
static xrd_status atoms(cif_block_tp *b, const char *path, xrd_phase *ph, char *nominal,
                        size_t nn, int *n_given, xrd_error *err)
{
    UChar *ulab = xrdi_cif_name("_atom_site_label"), *utyp = xrdi_cif_name("_atom_site_type_symbol"),
          *ux = xrdi_cif_name("_atom_site_fract_x"), *uy = xrdi_cif_name("_atom_site_fract_y"),
          *uz = xrdi_cif_name("_atom_site_fract_z"), *uo = xrdi_cif_name("_atom_site_occupancy"),
          *ub = xrdi_cif_name("_atom_site_B_iso_or_equiv"), *uu = xrdi_cif_name("_atom_site_U_iso_or_equiv");
    loop_walk w;
    memset(&w, 0, sizeof w);
    xrd_status st = XRD_OK;
    aniso_table aniso;
    aniso_read(b, &ph->cell, &aniso);
    if (!ux || XRDI_CIF->cif_container_get_item_loop(b, ux, &w.loop) != CIF_OK || !w.loop)
        goto done; /* no sites: a cell and a space group only */
    if (XRDI_CIF->cif_loop_get_packets(w.loop, &w.it) != CIF_OK) {
        st = xrd_error_set(err, XRD_ERR_PARSE, path, 0, "cannot read the CIF's atom sites");
        goto done;
    }
    while (walk_next(&w)) {
        cif_packet_tp *pk = w.pk;
        if (ph->n_atoms == XRD_MAX_ATOMS) {
            st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, path, 0,
                               "the CIF has more than %d atom sites", XRD_MAX_ATOMS);
            break;
        }
        xrd_atom *a = &ph->atoms[ph->n_atoms];
        memset(a, 0, sizeof *a);
        char lab[64] = "", typ[64] = "";
        cif_value_tp *v = NULL;
        if (ulab && XRDI_CIF->cif_packet_get_item(pk, ulab, &v) == CIF_OK)
            value_text(v, lab, sizeof lab);
        v = NULL;
        if (utyp && XRDI_CIF->cif_packet_get_item(pk, utyp, &v) == CIF_OK)
            value_text(v, typ, sizeof typ);
        const char *src = typ[0] ? typ : lab;
        /* the element: the leading letters of the type symbol ("O2-" -> O, "Ce4+" -> Ce) */
        size_t k = 0;
        if (src[0] >= 'A' && src[0] <= 'Z') {
            a->element[k++] = src[0];
            if (src[1] >= 'a' && src[1] <= 'z')
                a->element[k++] = src[1];
        }
        a->element[k] = '\0';
        snprintf(a->label, sizeof a->label, "%.15s", lab[0] ? lab : a->element);
        a->x = packet_number(pk, ux, NAN);
        a->y = packet_number(pk, uy, NAN);
        a->z = packet_number(pk, uz, NAN);
        a->occupancy = packet_number(pk, uo, 1.0);
        double biso = packet_number(pk, ub, NAN), uiso = packet_number(pk, uu, NAN);
        if (!isfinite(biso) && !isfinite(uiso))
            for (int q = 0; q < aniso.n; q++)
                if (!strcmp(aniso.label[q], a->label))
                    biso = aniso.biso[q];
        a->biso_A2 = isfinite(biso) ? biso : isfinite(uiso) ? 8.0 * M_PI * M_PI * uiso : 0.5;
        if (isfinite(biso) || isfinite(uiso)) {
            (*n_given)++;
        } else {
            size_t used = strlen(nominal);
            snprintf(nominal + used, nn - used, "%s%s", used ? ", " : "", a->label);
        }
        if (!a->element[0] || !isfinite(a->x) || !isfinite(a->y) || !isfinite(a->z) ||
            !(a->occupancy > 0 && a->occupancy <= 1.0001)) {
            st = xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                               "atom site %d ('%s') has no element, position or a valid "
                               "occupancy", ph->n_atoms + 1, lab);
            break;
        }
        if (a->occupancy > 1)
            a->occupancy = 1; /* 1.0001: a rounded full site */
        ph->n_atoms++;
    }
done:
    walk_close(&w);
    free(ulab), free(utyp), free(ux), free(uy), free(uz), free(uo), free(ub), free(uu);
    return st;
}

/* The symmetry operations of the CIF (_space_group_symop_operation_xyz or
 * the older _symmetry_equiv_pos_as_xyz) into xyz[] (each XYZ_LEN bytes);
 * their number, 0 when the CIF lists none, -1 on more than 192. */
#define XYZ_LEN 96
static int symops(cif_block_tp *b, char (*xyz)[XYZ_LEN], int cap)
{
    static const char *const tags[2] = {"_space_group_symop_operation_xyz",
                                        "_symmetry_equiv_pos_as_xyz"};
    for (int t = 0; t < 2; t++) {
        UChar *u = xrdi_cif_name(tags[t]);
        loop_walk w;
        int n = 0;
        if (!walk_open(b, u, &w)) {
            while (walk_next(&w)) {
                cif_value_tp *v = NULL;
                if (n == cap) {
                    n = -1;
                    break;
                }
                if (XRDI_CIF->cif_packet_get_item(w.pk, u, &v) == CIF_OK && !value_text(v, xyz[n], XYZ_LEN))
                    n++;
            }
        }
        walk_close(&w);
        free(u);
        if (n != 0)
            return n;
    }
    return 0;
}

/* An H-M symbol as databases write it, with the setting as a last word
 * (ICSD: "F d -3 m S" origin choice 1, "Z" origin choice 2, "H"/"R" axes):
 * rewritten to the ":1" form xrd_spacegroup_lookup reads. */
static void hm_setting_word(char *sym, size_t n)
{
    size_t len = strlen(sym);
    while (len && sym[len - 1] == ' ')
        sym[--len] = '\0';
    if (len < 3 || sym[len - 2] != ' ' || strchr(sym, ':'))
        return;
    const char *code = NULL;
    switch (sym[len - 1]) {
    case 'S': code = "1"; break;
    case 'Z': code = "2"; break;
    case 'H': code = "H"; break;
    case 'R': code = "R"; break;
    default: return;
    }
    sym[len - 2] = '\0';
    size_t m = strlen(sym);
    snprintf(sym + m, n - m, ":%s", code);
}

/* The space group: the listed operations when there are any (they fix the
 * setting and origin), else the Hall symbol, the H-M symbol, the number. A
 * named group that contradicts the operations is an error. */
static xrd_status space_group(cif_block_tp *b, const char *path, xrd_spacegroup *sg,
                              xrd_error *err)
{
    char hm[64] = "", hall[64] = "";
    xrd_spacegroup named;
    int have_named = 0;
    if (!item_text(b, "_space_group_name_H-M_alt", hm, sizeof hm) ||
        !item_text(b, "_symmetry_space_group_name_H-M", hm, sizeof hm)) {
        hm_setting_word(hm, sizeof hm);
        have_named = xrd_spacegroup_lookup(hm, &named, NULL) == XRD_OK;
    }
    if (!item_text(b, "_space_group_name_Hall", hall, sizeof hall) ||
        !item_text(b, "_symmetry_space_group_name_Hall", hall, sizeof hall)) {
        xrd_spacegroup h;
        if (xrd_spacegroup_from_hall_symbol(hall, &h, NULL) == XRD_OK) {
            named = h;
            have_named = 1;
        }
    }
    char(*xyz)[XYZ_LEN] = malloc(192 * sizeof *xyz);
    if (!xyz)
        return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory");
    int n = symops(b, xyz, 192);
    xrd_status st = XRD_OK;
    if (n < 0) {
        st = xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                           "the CIF lists more than 192 symmetry operations");
    } else if (n > 0) {
        const char *ptr[192];
        for (int i = 0; i < n; i++)
            ptr[i] = xyz[i];
        st = xrd_spacegroup_from_ops(ptr, n, sg, err);
        if (st == XRD_OK && have_named && named.number != sg->number)
            st = xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                               "the CIF's symmetry operations are those of space group %s "
                               "(%d), but it names %s (%d)", sg->symbol, sg->number,
                               named.symbol, named.number);
    } else if (have_named) {
        *sg = named;
    } else if (hm[0]) {
        st = xrd_spacegroup_lookup(hm, sg, err);
    } else {
        double num = 0;
        if (item_number(b, "_space_group_IT_number", &num, NULL) &&
            item_number(b, "_symmetry_Int_Tables_number", &num, NULL))
            st = xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                               "the CIF names no space group (_space_group_symop_operation_xyz, "
                               "_space_group_name_Hall, _space_group_name_H-M_alt or "
                               "_space_group_IT_number)");
        else
            st = xrd_spacegroup_by_number((int)num, sg, err);
    }
    free(xyz);
    return st;
}

/* Append sep and s (whitespace runs made one space) to out of size n. */
static void append(char *out, size_t n, const char *sep, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!*s)
        return;
    size_t o = strlen(out);
    if (o)
        o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s", sep);
    for (int space = 0; *s && o + 1 < n; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && o + 2 < n)
            out[o++] = ' ';
        space = 0;
        out[o++] = *s;
    }
    if (o < n)
        out[o] = '\0';
}

/* The first two values of an item that may be looped (_publ_author_name)
 * into buf and buf2 (size n each); returns how many values it has. */
static int first_values(cif_block_tp *b, const char *name, char *buf, char *buf2, size_t n)
{
    UChar *u = xrdi_cif_name(name);
    loop_walk w;
    int count = 0;
    buf[0] = buf2[0] = '\0';
    if (!walk_open(b, u, &w)) {
        while (walk_next(&w)) {
            cif_value_tp *v = NULL;
            if (count < 2 && XRDI_CIF->cif_packet_get_item(w.pk, u, &v) == CIF_OK)
                value_text(v, count ? buf2 : buf, n);
            count++;
        }
    }
    walk_close(&w);
    free(u);
    return count;
}

/* Where the phase comes from: the file, its data block, the database codes
 * and the journal reference the CIF states. */
static void provenance(cif_block_tp *b, const char *path, char *out, size_t n)
{
    static const char *const codes[][2] = {
        {"_cod_database_code", "COD"},     {"_database_code_ICSD", "ICSD"},
        {"_database_code_amcsd", "AMCSD"}, {"_database_code_CSD", "CSD"},
        {"_database_code_depnum_ccdc_archive", "CCDC"}};
    char v[256], v2[256], w[600];
    out[0] = '\0';
    snprintf(w, sizeof w, "CIF file %.280s", path);
    append(out, n, "", w);
    UChar *code = NULL;
    if (XRDI_CIF->cif_container_get_code(b, &code) == CIF_OK && !utf8_text(code, v, sizeof v)) {
        snprintf(w, sizeof w, "data block %s", v);
        append(out, n, ", ", w);
    }
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
        if (!item_text(b, codes[k][0], v, sizeof v) && v[0]) {
            snprintf(w, sizeof w, "%s %s", codes[k][1], v);
            append(out, n, "; ", w);
        }
    char ref[512] = "";
    int n_authors = first_values(b, "_publ_author_name", v, v2, sizeof v);
    if (v[0]) {
        const int two = n_authors == 2 && v2[0];
        snprintf(w, sizeof w, "%s%s%s", v, two ? " and " : n_authors > 1 ? " et al." : "",
                 two ? v2 : "");
        append(ref, sizeof ref, "", w);
    }
    if (!item_text(b, "_journal_name_full", v, sizeof v) ||
        !item_text(b, "_journal_name_abbrev", v, sizeof v) ||
        !item_text(b, "_journal_coden_ASTM", v, sizeof v))
        append(ref, sizeof ref, ", ", v);
    if (!item_text(b, "_journal_volume", v, sizeof v))
        append(ref, sizeof ref, " ", v);
    if (!item_text(b, "_journal_year", v, sizeof v) && v[0]) {
        snprintf(w, sizeof w, "(%s)", v);
        append(ref, sizeof ref, " ", w);
    }
    if (!item_text(b, "_journal_page_first", v, sizeof v) && v[0]) {
        char last[64];
        if (!item_text(b, "_journal_page_last", last, sizeof last) && last[0] &&
            strcmp(last, v)) {
            snprintf(w, sizeof w, "%s-%s", v, last);
            append(ref, sizeof ref, " ", w);
        } else {
            append(ref, sizeof ref, " ", v);
        }
    }
    if (!item_text(b, "_journal_paper_doi", v, sizeof v) && v[0]) {
        snprintf(w, sizeof w, "doi:%s", v);
        append(ref, sizeof ref, ", ", w);
    }
    append(out, n, "; ", ref);
}

/* One more source of the phase (field, text). */
static void add_source(xrd_phase *ph, const char *field, const char *text)
{
    if (ph->n_sources >= XRD_MAX_SOURCES)
        return;
    xrd_source *s = &ph->sources[ph->n_sources++];
    snprintf(s->field, sizeof s->field, "%s", field);
    snprintf(s->text, sizeof s->text, "%s", text);
}

static xrd_status from_block(cif_block_tp *b, const char *path, xrd_phase *out, xrd_error *err)
{
    xrd_cell c = {0, 0, 0, 90, 90, 90}, e = {0, 0, 0, 0, 0, 0};
    static const char *const cn[6] = {"_cell_length_a",    "_cell_length_b",
                                      "_cell_length_c",    "_cell_angle_alpha",
                                      "_cell_angle_beta",  "_cell_angle_gamma"};
    double *cv[6] = {&c.a, &c.b, &c.c, &c.alpha, &c.beta, &c.gamma};
    double *ev[6] = {&e.a, &e.b, &e.c, &e.alpha, &e.beta, &e.gamma};
    for (int k = 0; k < 6; k++) {
        int missing = item_number(b, cn[k], cv[k], ev[k]);
        if (missing && k < 3)
            return xrd_error_set(err, XRD_ERR_INVALID, path, 0, "the CIF has no %s", cn[k]);
    }
    xrd_spacegroup sg;
    xrd_status st = space_group(b, path, &sg, err);
    if (st) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
        return st;
    }
    char name[64] = "";
    if (item_text(b, "_chemical_formula_sum", name, sizeof name)) {
        const char *base = strrchr(path, '/');
        snprintf(name, sizeof name, "%.40s", base ? base + 1 : path);
        char *dot = strrchr(name, '.');
        if (dot)
            *dot = '\0';
    }
    for (char *q = name; *q; q++)
        if (*q == ' ')
            *q = '_';
    xrd_phase ph;
    if ((st = xrd_phase_init(&ph, name, &sg, &c, err)))
        return st;
    ph.cell_esd = e;
    item_text(b, "_chemical_formula_sum", ph.formula, sizeof ph.formula);
    snprintf(ph.status, sizeof ph.status, "imported");
    char text[sizeof ph.sources[0].text];
    provenance(b, path, text, sizeof text);
    add_source(&ph, "all", text);
    double t = 0;
    if (!item_number(b, "_cell_measurement_temperature", &t, NULL) && t > 0 && t < 5000)
        ph.temperature_K = t;
    else
        add_source(&ph, "temperature", "not stated in the CIF (no _cell_measurement_temperature): "
                                       "unknown");
    char nominal[sizeof text - 160] = "";
    int n_given = 0;
    if ((st = atoms(b, path, &ph, nominal, sizeof nominal, &n_given, err)))
        return st;
    if (nominal[0]) {
        snprintf(text, sizeof text,
                 "nominal isotropic displacement parameter 0.5 A^2, not a measurement: the CIF "
                 "gives no B or U iso for %s%s",
                 nominal, n_given ? " (the other sites' values are the CIF's)" : "");
        add_source(&ph, "biso", text);
    }
    *out = ph;
    return XRD_OK;
}

xrd_status xrd_phase_load_cif(const char *path, xrd_phase *out, xrd_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    xrd_status st = xrdi_read_file_limited(path, CIF_MAX_BYTES, &buf, &len, err);
    if (st)
        return st;
    cif_tp *cif = NULL;
    st = xrdi_cif_parse(buf, len, path, &cif, err);
    free(buf);
    if (st)
        return st;
    cif_block_tp **blocks = NULL;
    st = XRD_ERR_NO_DATA;
    if (XRDI_CIF->cif_get_all_blocks(cif, &blocks) == CIF_OK) {
        for (size_t k = 0; blocks[k] && st == XRD_ERR_NO_DATA; k++) {
            double a;
            if (item_number(blocks[k], "_cell_length_a", &a, NULL) == 0)
                st = from_block(blocks[k], path, out, err);
        }
        for (size_t k = 0; blocks[k]; k++)
            XRDI_CIF->cif_container_free(blocks[k]);
        free(blocks);
    }
    (void)!XRDI_CIF->cif_destroy(cif);
    if (st == XRD_ERR_NO_DATA)
        return xrd_error_set(err, XRD_ERR_NO_DATA, path, 0,
                             "the CIF has no data block with a cell (_cell_length_a)");
    return st;
}
