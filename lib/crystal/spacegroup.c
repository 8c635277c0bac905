/* Space groups by name: Hermann-Mauguin symbols in every tabulated setting,
 * numbers, Hall symbols and lists of operations, resolved against spglib's
 * table of the 530 settings (sg_database.c). Also the names of the crystal
 * systems and the site extinctions of a few structure keywords.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/crystal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crystal/sg_database.h"
#include "crystal/symmetry_internal.h"

const char *xrd_crystal_system_name(xrd_crystal_system s)
{
    switch (s) {
    case XRD_SYS_TRICLINIC: return "triclinic";
    case XRD_SYS_MONOCLINIC: return "monoclinic";
    case XRD_SYS_ORTHORHOMBIC: return "orthorhombic";
    case XRD_SYS_TETRAGONAL: return "tetragonal";
    case XRD_SYS_TRIGONAL: return "trigonal";
    case XRD_SYS_HEXAGONAL: return "hexagonal";
    case XRD_SYS_CUBIC: return "cubic";
    }
    return "unknown";
}

xrd_status xrd_spacegroup_by_hall(int hall, xrd_spacegroup *out, xrd_error *err)
{
    xrdi_sg_setting s;
    if (xrdi_sgdb_setting(hall, &s))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a Hall setting number is 1..%d, found %d", XRDI_N_HALL, hall);
    int(*rot)[9] = malloc(XRDI_MAX_FULL_OPS * sizeof *rot);
    double(*tr)[3] = malloc(XRDI_MAX_FULL_OPS * sizeof *tr);
    if (!rot || !tr) {
        free(rot);
        free(tr);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    int n = xrdi_sgdb_operations(hall, rot, tr);
    xrd_spacegroup sg;
    memset(&sg, 0, sizeof sg);
    sg.number = s.number;
    sg.hall_number = hall;
    snprintf(sg.symbol, sizeof sg.symbol, "%s", s.short_hm);
    snprintf(sg.setting, sizeof sg.setting, "%s", s.choice);
    xrd_status st = n > 0 ? xrdi_sg_set_operations(&sg, (const int(*)[9])rot,
                                                   (const double(*)[3])tr, n, err)
                          : xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                          "no operations for Hall setting %d", hall);
    free(rot);
    free(tr);
    if (st == XRD_OK && out)
        *out = sg;
    return st;
}

/* The default setting of a number: origin choice 2, hexagonal axes, else
 * the first tabulated (unique axis b, cell choice 1; standard axes). */
static int default_hall(int number)
{
    int first = 0;
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (xrdi_sgdb_setting(h, &s) || s.number != number)
            continue;
        if (!first)
            first = h;
        if (!strcmp(s.choice, "2") || !strcmp(s.choice, "H"))
            return h;
    }
    return first;
}

xrd_status xrd_spacegroup_by_number(int number, xrd_spacegroup *out, xrd_error *err)
{
    if (number < 1 || number > 230)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a space-group number is 1..230, found %d", number);
    return xrd_spacegroup_by_hall(default_hall(number), out, err);
}

size_t xrd_spacegroup_supported(char *buf, size_t n)
{
    size_t len = 0;
    int last = 0;
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (xrdi_sgdb_setting(h, &s) || s.number == last)
            continue;
        last = s.number;
        char item[48];
        int w = snprintf(item, sizeof item, "%s%s (%d)", len ? ", " : "", s.short_hm,
                         s.number);
        if (w < 0)
            continue;
        if (buf && len + (size_t)w < n)
            memcpy(buf + len, item, (size_t)w + 1);
        else if (buf && n > 0 && len < n)
            buf[len] = '\0';
        len += (size_t)w;
    }
    if (buf && n > 0 && len < n)
        buf[len] = '\0';
    return len;
}

/* Canonical form of a symbol for comparison: no blanks or '_', Unicode
 * minus (U+2212) and subscript digits (U+2080..2089) mapped to ASCII,
 * lower case; with drop_minus also without '-'. Returns -1 if too long. */
static int normalise(const char *s, char *out, size_t n, int drop_minus)
{
    size_t j = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int c = -1;
        if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
            c = '-';
            p += 3;
        } else if (p[0] == 0xE2 && p[1] == 0x82 && p[2] >= 0x80 && p[2] <= 0x89) {
            c = '0' + (p[2] - 0x80);
            p += 3;
        } else if (*p == ' ' || *p == '\t' || *p == '_') {
            p++;
            continue;
        } else {
            c = tolower(*p);
            p++;
        }
        if (drop_minus && c == '-')
            continue;
        if (j + 1 >= n)
            return -1;
        out[j++] = (char)c;
    }
    out[j] = '\0';
    return 0;
}

/* A full symbol without its "1" axis entries: "P 1 2_1/n 1" -> "P 2_1/n"
 * (how monoclinic settings are usually written). */
static void drop_unit_axes(const char *full, char *out, size_t n)
{
    size_t j = 0;
    const char *p = full;
    while (*p && j + 1 < n) {
        if (p != full && p[-1] == ' ' && p[0] == '1' && (p[1] == ' ' || p[1] == '\0')) {
            p += p[1] ? 2 : 1;
            continue;
        }
        out[j++] = *p++;
    }
    out[j] = '\0';
}

/* How well name `want` (normalised) names setting s: 1 full symbol, 2 short
 * symbol, 3 an alternative name or the full symbol without unit axes;
 * 0 no match. */
static int match_rank(const char *want, const xrdi_sg_setting *s)
{
    char cand[64], tmp[64];
    if (!normalise(s->full_hm, cand, sizeof cand, 0) && !strcmp(want, cand))
        return 1;
    if (!normalise(s->short_hm, cand, sizeof cand, 0) && !strcmp(want, cand))
        return 2;
    drop_unit_axes(s->full_hm, tmp, sizeof tmp);
    if (!normalise(tmp, cand, sizeof cand, 0) && !strcmp(want, cand))
        return 3;
    const char *p = s->names;
    while (p && *p) {
        const char *e = strstr(p, " = ");
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len < sizeof tmp) {
            memcpy(tmp, p, len);
            tmp[len] = '\0';
            if (!normalise(tmp, cand, sizeof cand, 0) && !strcmp(want, cand))
                return 3;
        }
        p = e ? e + 3 : NULL;
    }
    return 0;
}

static int same_choice(const char *a, const char *b)
{
    return !strcasecmp(a, b);
}

/* The settings of a group as "1, 2" for messages. */
static void list_choices(int number, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (xrdi_sgdb_setting(h, &s) || s.number != number || !s.choice[0])
            continue;
        int w = snprintf(buf + len, n - len, "%s:%s", len ? ", " : "", s.choice);
        if (w < 0 || (size_t)w >= n - len)
            break;
        len += (size_t)w;
    }
}

/* Older names still in use: alias -> number. */
static const struct {
    const char *alias;
    int number;
} ALIASES[] = {
    {"Abm2", 39}, {"Aba2", 41}, {"Cmca", 64}, {"Cmma", 67}, {"Ccca", 68},
};

/* Hall setting named by `name` (no setting code) with `choice` (NULL:
 * default preference). 0 when nothing matches; -1 when the name matches but
 * not the choice (number of the group in *number). */
static int resolve(const char *name, const char *choice, int *number)
{
    char want[64];
    *number = 0;
    if (normalise(name, want, sizeof want, 0))
        return 0;
    int best_rank = 4, best = 0, best_pref = -1;
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (xrdi_sgdb_setting(h, &s))
            continue;
        int r = match_rank(want, &s);
        if (!r || r > best_rank)
            continue;
        if (r < best_rank) {
            best_rank = r;
            best = 0;
            best_pref = -1;
        }
        *number = s.number;
        int pref;
        if (choice)
            pref = same_choice(s.choice, choice) ? 2 : -1;
        else
            pref = !strcmp(s.choice, "2") || !strcmp(s.choice, "H") ? 1 : 0;
        if (pref > best_pref) {
            best_pref = pref;
            best = pref >= 0 ? h : 0;
        }
    }
    if (*number && !best)
        return -1;
    return best;
}

static int with_choice(int number, const char *choice)
{
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (!xrdi_sgdb_setting(h, &s) && s.number == number && same_choice(s.choice, choice))
            return h;
    }
    return 0;
}

/* Older spellings: aliases, cubic symbols without the bar ("Fm3m": the
 * printed overbar that plain text loses; only cubic groups, where "3"
 * without bar never names another group with the same letters). */
static int old_spelling(const char *name)
{
    char want[64], cand[64];
    if (normalise(name, want, sizeof want, 0))
        return 0;
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (!normalise(ALIASES[i].alias, cand, sizeof cand, 0) && !strcmp(want, cand))
            return ALIASES[i].number;
    if (normalise(name, want, sizeof want, 1))
        return 0;
    int last = 0;
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (xrdi_sgdb_setting(h, &s) || s.number < 195 || s.number == last)
            continue;
        last = s.number;
        if (strchr(s.short_hm, '-') && !normalise(s.short_hm, cand, sizeof cand, 1) &&
            !strcmp(want, cand))
            return s.number;
    }
    return 0;
}

/* Hall symbol comparison: blanks collapsed, case ignored. */
static void hall_norm(const char *s, char *out, size_t n)
{
    size_t j = 0;
    int space = 0;
    for (; *s && j + 1 < n; s++) {
        if (isspace((unsigned char)*s)) {
            space = j > 0;
            continue;
        }
        if (space && j + 2 < n)
            out[j++] = ' ';
        space = 0;
        out[j++] = (char)tolower((unsigned char)*s);
    }
    out[j] = '\0';
}

static int hall_of_symbol(const char *hall)
{
    char want[64], cand[64];
    hall_norm(hall, want, sizeof want);
    for (int h = 1; h <= XRDI_N_HALL; h++) {
        xrdi_sg_setting s;
        if (xrdi_sgdb_setting(h, &s))
            continue;
        hall_norm(s.hall, cand, sizeof cand);
        if (!strcmp(want, cand))
            return h;
    }
    return 0;
}

xrd_status xrd_spacegroup_from_hall_symbol(const char *hall, xrd_spacegroup *out,
                                           xrd_error *err)
{
    int h = hall ? hall_of_symbol(hall) : 0;
    if (!h)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "'%.40s' is not a Hall symbol of a tabulated setting (write it as "
                             "\"-P 2ybc\", \"-F 4vw 2vw 3\")", hall ? hall : "");
    return xrd_spacegroup_by_hall(h, out, err);
}

xrd_status xrd_spacegroup_lookup(const char *symbol, xrd_spacegroup *out, xrd_error *err)
{
    if (!symbol)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no space-group symbol given");
    char buf[64];
    while (*symbol == ' ' || *symbol == '\t')
        symbol++;
    size_t len = strlen(symbol);
    while (len > 0 && (symbol[len - 1] == ' ' || symbol[len - 1] == '\t'))
        len--;
    if (len == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "empty space-group symbol");
    if (len >= sizeof buf)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "'%.*s...' is not a space-group symbol (too long)", 40, symbol);
    memcpy(buf, symbol, len);
    buf[len] = '\0';
    char *colon = strchr(buf, ':');
    const char *choice = NULL;
    if (colon) {
        *colon = '\0';
        choice = colon + 1;
        while (*choice == ' ')
            choice++;
    }
    /* a number "225" or "227:1" */
    size_t nd = strspn(buf, "0123456789");
    if (nd > 0 && nd == strlen(buf)) {
        long v = nd <= 4 ? strtol(buf, NULL, 10) : 99999;
        if (!choice || (v < 1 || v > 230))
            return xrd_spacegroup_by_number((int)v, out, err);
        int h = with_choice((int)v, choice);
        if (h)
            return xrd_spacegroup_by_hall(h, out, err);
        char list[128];
        list_choices((int)v, list, sizeof list);
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "space group %ld has no setting ':%s'%s%s", v, choice,
                             list[0] ? "; it has " : " (it has only one)", list);
    }
    int number = 0;
    int h = resolve(buf, choice, &number);
    if (h > 0)
        return xrd_spacegroup_by_hall(h, out, err);
    if (h < 0) {
        char list[128];
        list_choices(number, list, sizeof list);
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "'%s': space group %s (%d) has no setting ':%s'%s%s", symbol, buf,
                             number, choice, list[0] ? "; it has " : " (it has only one)",
                             list);
    }
    number = old_spelling(buf);
    if (number) {
        if (!choice)
            return xrd_spacegroup_by_number(number, out, err);
        h = with_choice(number, choice);
        if (h)
            return xrd_spacegroup_by_hall(h, out, err);
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "'%s': space group %d has no setting ':%s'", symbol, number,
                             choice);
    }
    if (!choice && (h = hall_of_symbol(buf)) > 0)
        return xrd_spacegroup_by_hall(h, out, err);
    return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                         "'%s' is not a space-group symbol xrdfit knows (write it as Fm-3m, "
                         "P6_3/mmc, \"P 1 21/c 1\", Fd-3m:1, a Hall symbol such as "
                         "\"-P 2ybc\", or the number 1..230)", buf);
}

const char *xrd_spacegroup_name(const xrd_spacegroup *sg, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    snprintf(buf, n, "%s", sg ? sg->symbol : "");
    xrdi_sg_setting s;
    if (!sg || sg->hall_number == 0 || xrdi_sgdb_setting(sg->hall_number, &s))
        return buf;
    char cand[3][48], red[40];
    snprintf(cand[0], sizeof cand[0], "%s", s.short_hm);
    drop_unit_axes(s.full_hm, red, sizeof red);
    size_t j = 0;
    for (const char *p = red; *p && j + 1 < sizeof cand[1]; p++)
        if (*p != ' ')
            cand[1][j++] = *p;
    cand[1][j] = '\0';
    snprintf(cand[2], sizeof cand[2], "%s%s%s", s.short_hm, s.choice[0] ? ":" : "", s.choice);
    for (int i = 0; i < 3; i++) {
        xrd_spacegroup t;
        if (xrd_spacegroup_lookup(cand[i], &t, NULL) == XRD_OK &&
            t.hall_number == sg->hall_number) {
            snprintf(buf, n, "%s", cand[i]);
            return buf;
        }
    }
    snprintf(buf, n, "%s", cand[2]);
    return buf;
}

xrd_status xrd_spacegroup_from_ops(const char *const *xyz, int n, xrd_spacegroup *out,
                                   xrd_error *err)
{
    if (!xyz || n < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no symmetry operations given");
    if (n > XRDI_MAX_FULL_OPS)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "%d symmetry operations given; a space group has at most %d", n,
                             XRDI_MAX_FULL_OPS);
    int(*rot)[9] = malloc(XRDI_MAX_FULL_OPS * sizeof *rot);
    double(*tr)[3] = malloc(XRDI_MAX_FULL_OPS * sizeof *tr);
    xrd_status st = XRD_OK;
    if (!rot || !tr) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        if (xrdi_symop_parse(xyz[i], rot[i], tr[i])) {
            st = xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                               "symmetry operation %d '%.60s' is not of the form "
                               "\"-x+1/2,y,z\"", i + 1, xyz[i]);
            goto out;
        }
    int m = xrdi_sg_close(rot, tr, n);
    if (m < 0) {
        st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                           "the %d symmetry operations generate more than %d: they are not "
                           "the operations of one space group in a conventional cell",
                           n, XRDI_MAX_FULL_OPS);
        goto out;
    }
    int hall = xrdi_sgdb_identify((const int(*)[9])rot, (const double(*)[3])tr, m);
    xrdi_sg_setting s;
    if (!hall || xrdi_sgdb_setting(hall, &s)) {
        st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                           "the %d symmetry operations (closed to %d) are not those of a "
                           "space group that spglib recognises", n, m);
        goto out;
    }
    xrd_spacegroup sg;
    memset(&sg, 0, sizeof sg);
    sg.number = s.number;
    snprintf(sg.symbol, sizeof sg.symbol, "%s", s.short_hm);
    st = xrdi_sg_set_operations(&sg, (const int(*)[9])rot, (const double(*)[3])tr, m, err);
    if (st)
        goto out;
    /* the tabulated setting when the operations are its own */
    xrd_spacegroup tab;
    if (xrd_spacegroup_by_hall(hall, &tab, NULL) == XRD_OK && tab.n_ops == sg.n_ops &&
        tab.n_centring == sg.n_centring) {
        int all = 1;
        for (int i = 0; i < sg.n_ops && all; i++) {
            int found = 0;
            for (int j = 0; j < tab.n_ops && !found; j++)
                found = !memcmp(&sg.ops[i], &tab.ops[j], sizeof sg.ops[i]);
            all = found;
        }
        if (all) {
            sg.hall_number = hall;
            snprintf(sg.setting, sizeof sg.setting, "%s", s.choice);
        }
    }
    if (out)
        *out = sg;
out:
    free(rot);
    free(tr);
    return st;
}

/* ---- site extinctions of structure keywords ---------------------------- */

static int even(int x) { return x % 2 == 0; }
static int mod_n(int x, int n) { return ((x % n) + n) % n; }

int xrd_structure_allows(const char *structure, const xrd_spacegroup *sg, int h, int k,
                         int l)
{
    if (!xrd_spacegroup_allows(sg, h, k, l))
        return 0;
    if (!structure)
        return 1;
    if (!strcmp(structure, "hcp") && (sg->number == 194 || sg->number == 186)) {
        /* atoms only at 2c (1/3,2/3,1/4), (2/3,1/3,3/4): F = 2 cos(2pi((h+2k)/3 + l/4)),
         * which vanishes for h+2k = 3n and l odd. */
        if (mod_n(h + 2 * k, 3) == 0 && !even(l))
            return 0;
        return 1;
    }
    if (!strcmp(structure, "diamond") && sg->number == 227) {
        /* atoms only at 8a: all even needs h+k+l = 4n, so (222), (442) ... vanish */
        if (even(h) && even(k) && even(l) && mod_n(h + k + l, 4) != 0)
            return 0;
        return 1;
    }
    return 1;
}
