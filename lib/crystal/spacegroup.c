/* Space groups xrdfit supports: lookup by symbol or number, reflection
 * conditions, and site-specific extinctions of a few structure types.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/crystal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crystal/sgtable.h"

/* The groups whose reflection conditions are implemented. Conditions are
 * the general (integral, zonal and serial) conditions of the International
 * Tables, Vol. A; monoclinic groups in the unique-axis-b setting, R groups
 * on hexagonal axes (obverse), origin choice irrelevant for conditions. */
typedef struct {
    int number;
    xrd_crystal_system system;
    char centring;
} sg_info;

static const sg_info supported[] = {
    {1, XRD_SYS_TRICLINIC, 'P'},     {2, XRD_SYS_TRICLINIC, 'P'},
    {12, XRD_SYS_MONOCLINIC, 'C'},   {14, XRD_SYS_MONOCLINIC, 'P'},
    {47, XRD_SYS_ORTHORHOMBIC, 'P'}, {62, XRD_SYS_ORTHORHOMBIC, 'P'},
    {63, XRD_SYS_ORTHORHOMBIC, 'C'}, {69, XRD_SYS_ORTHORHOMBIC, 'F'},
    {71, XRD_SYS_ORTHORHOMBIC, 'I'}, {123, XRD_SYS_TETRAGONAL, 'P'},
    {129, XRD_SYS_TETRAGONAL, 'P'},  {136, XRD_SYS_TETRAGONAL, 'P'},
    {139, XRD_SYS_TETRAGONAL, 'I'},  {141, XRD_SYS_TETRAGONAL, 'I'},
    {164, XRD_SYS_TRIGONAL, 'P'},    {166, XRD_SYS_TRIGONAL, 'R'},
    {167, XRD_SYS_TRIGONAL, 'R'},    {186, XRD_SYS_HEXAGONAL, 'P'},
    {191, XRD_SYS_HEXAGONAL, 'P'},   {194, XRD_SYS_HEXAGONAL, 'P'},
    {216, XRD_SYS_CUBIC, 'F'},       {221, XRD_SYS_CUBIC, 'P'},
    {224, XRD_SYS_CUBIC, 'P'},       {225, XRD_SYS_CUBIC, 'F'},
    {227, XRD_SYS_CUBIC, 'F'},       {229, XRD_SYS_CUBIC, 'I'},
};
#define N_SUPPORTED (sizeof supported / sizeof supported[0])

static const sg_info *find_supported(int number)
{
    for (size_t i = 0; i < N_SUPPORTED; i++)
        if (supported[i].number == number)
            return &supported[i];
    return NULL;
}

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

size_t xrd_spacegroup_supported(char *buf, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < N_SUPPORTED; i++) {
        char item[48];
        int w = snprintf(item, sizeof item, "%s%s (%d)", i ? ", " : "",
                         xrdi_sg_symbol[supported[i].number], supported[i].number);
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

static xrd_status unsupported(int number, xrd_error *err)
{
    char list[1024];
    xrd_spacegroup_supported(list, sizeof list);
    return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                         "space group %s (%d) is valid but its reflection conditions are not "
                         "implemented; supported: %s",
                         xrdi_sg_symbol[number], number, list);
}

xrd_status xrd_spacegroup_by_number(int number, xrd_spacegroup *out, xrd_error *err)
{
    if (number < 1 || number > 230)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a space-group number is 1..230, found %d", number);
    const sg_info *s = find_supported(number);
    if (!s)
        return unsupported(number, err);
    if (out) {
        memset(out, 0, sizeof *out);
        out->number = number;
        snprintf(out->symbol, sizeof out->symbol, "%s", xrdi_sg_symbol[number]);
        out->system = s->system;
        out->centring = s->centring;
    }
    return XRD_OK;
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

/* Number of the group spelled s (without setting suffix), 0 if none. */
static int number_of_symbol(const char *s)
{
    char want[64], cand[64];
    if (normalise(s, want, sizeof want, 0))
        return 0;
    for (int n = 1; n <= 230; n++)
        if (!normalise(xrdi_sg_symbol[n], cand, sizeof cand, 0) && !strcmp(want, cand))
            return n;
    for (int i = 0; i < xrdi_n_sg_aliases; i++)
        if (!normalise(xrdi_sg_aliases[i].alias, cand, sizeof cand, 0) && !strcmp(want, cand))
            return xrdi_sg_aliases[i].number;
    /* "Fm3m": cubic symbols written without the bar (the older printed
     * form had an overbar that plain text loses). Only cubic groups: there
     * "3" without bar never names a different group with the same letters
     * (checked in tests), whereas P3m1 and P-3m1 are distinct groups. */
    if (normalise(s, want, sizeof want, 1))
        return 0;
    for (int n = 195; n <= 230; n++) {
        if (!strchr(xrdi_sg_symbol[n], '-'))
            continue;
        if (!normalise(xrdi_sg_symbol[n], cand, sizeof cand, 1) && !strcmp(want, cand))
            return n;
    }
    return 0;
}

xrd_status xrd_spacegroup_lookup(const char *symbol, xrd_spacegroup *out, xrd_error *err)
{
    if (!symbol)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no space-group symbol given");
    char buf[64];
    /* trim blanks */
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

    /* a number "225" */
    size_t nd = strspn(buf, "0123456789");
    if (nd == len) {
        long v = nd <= 4 ? strtol(buf, NULL, 10) : 99999;
        return xrd_spacegroup_by_number((int)v, out, err);
    }

    /* setting suffix: ":1" ":2" (origin choice, same conditions), ":H"
     * (hexagonal axes, the only ones supported for R groups), ":R" no. */
    char *colon = strchr(buf, ':');
    int rhombo_axes = 0;
    if (colon) {
        const char *suf = colon + 1;
        if (!strcmp(suf, "1") || !strcmp(suf, "2") || !strcmp(suf, "H") || !strcmp(suf, "h"))
            *colon = '\0';
        else if (!strcmp(suf, "R") || !strcmp(suf, "r")) {
            *colon = '\0';
            rhombo_axes = 1;
        } else
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "'%s' is not a space-group symbol: unknown setting '%s' "
                                 "(known: :1, :2, :H)", symbol, suf);
    }
    int number = number_of_symbol(buf);
    if (number == 0)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "'%s' is not a space-group symbol xrdfit knows (write it as "
                             "Fm-3m, P6_3/mmc, \"P 63/m m c\" or the number 1..230)", buf);
    if (rhombo_axes) {
        if (xrdi_sg_symbol[number][0] != 'R')
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "'%s': the setting ':R' exists only for R groups", symbol);
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "space group %s (%d) on rhombohedral axes is not supported: use "
                             "hexagonal axes (%s or %s:H)",
                             xrdi_sg_symbol[number], number, xrdi_sg_symbol[number],
                             xrdi_sg_symbol[number]);
    }
    return xrd_spacegroup_by_number(number, out, err);
}

/* ---- reflection conditions ------------------------------------------- */

static int even(int x) { return x % 2 == 0; }
static int mod_n(int x, int n) { return ((x % n) + n) % n; }

/* Lattice centring (integral conditions). */
static int centring_allows(char c, int h, int k, int l)
{
    switch (c) {
    case 'I': return even(h + k + l);
    case 'F': return even(h + k) && even(h + l) && even(k + l);
    case 'C': return even(h + k);
    case 'A': return even(k + l);
    case 'B': return even(h + l);
    case 'R': return mod_n(-h + k + l, 3) == 0; /* obverse, hexagonal axes */
    default: return 1;
    }
}

/* Hexagonal zones in three-index form, i = -h-k. "hh-2hl" and its Laue
 * equivalents: two of h, k, i equal. "h-h0l" and equivalents: one of them 0. */
static int hex_hh2hl(int h, int k)
{
    int i = -h - k;
    return h == k || k == i || h == i;
}
static int hex_hmh0l(int h, int k)
{
    int i = -h - k;
    return h == 0 || k == 0 || i == 0;
}

int xrd_spacegroup_allows(const xrd_spacegroup *sg, int h, int k, int l)
{
    if (!sg || (h == 0 && k == 0 && l == 0))
        return 0;
    if (!centring_allows(sg->centring, h, k, l))
        return 0;
    switch (sg->number) {
    case 14: /* P2_1/c, unique axis b: h0l: l=2n; 0k0: k=2n */
        if (k == 0 && !even(l))
            return 0;
        if (h == 0 && l == 0 && !even(k))
            return 0;
        return 1;
    case 62: /* Pnma: 0kl: k+l=2n; hk0: h=2n (h00, 0k0, 00l follow) */
        if (h == 0 && !even(k + l))
            return 0;
        if (l == 0 && !even(h))
            return 0;
        return 1;
    case 63: /* Cmcm: C; h0l: h,l=2n; 00l: l=2n */
        if (k == 0 && !(even(h) && even(l)))
            return 0;
        return 1;
    case 129: /* P4/nmm: hk0: h+k=2n (h00: h=2n follows) */
        if (l == 0 && !even(h + k))
            return 0;
        return 1;
    case 136: /* P4_2/mnm: 0kl (and h0l): k+l=2n; 00l: l=2n; h00: h=2n */
        if (h == 0 && !even(k + l))
            return 0;
        if (k == 0 && !even(h + l))
            return 0;
        return 1;
    case 141: /* I4_1/amd: I; hk0: h,k=2n; 0kl: k+l=2n; hhl: 2h+l=4n; 00l: l=4n */
        if (l == 0 && !(even(h) && even(k)))
            return 0;
        if ((h == 0 || k == 0) && !even(h + k + l))
            return 0;
        if ((h == k || h == -k) && mod_n(2 * h + l, 4) != 0)
            return 0;
        return 1;
    case 167: /* R-3c (hexagonal axes): R; h-h0l: l=2n (with h+l=3n); 000l: l=6n */
        if (hex_hmh0l(h, k) && !even(l))
            return 0;
        return 1;
    case 186: /* P6_3mc */
    case 194: /* P6_3/mmc: hh-2hl: l=2n; 000l: l=2n */
        if (hex_hh2hl(h, k) && !even(l))
            return 0;
        return 1;
    case 224: /* Pn-3m: 0kl (all permutations): k+l=2n; h00: h=2n */
        if ((h == 0 && !even(k + l)) || (k == 0 && !even(h + l)) || (l == 0 && !even(h + k)))
            return 0;
        return 1;
    case 227: /* Fd-3m: F; 0kl (all permutations): k+l=4n; hhl: h+l=2n (follows
               * from F); h00: h=4n (follows from 0kl). */
        if ((h == 0 && mod_n(k + l, 4) != 0) || (k == 0 && mod_n(h + l, 4) != 0) ||
            (l == 0 && mod_n(h + k, 4) != 0))
            return 0;
        return 1;
    default: /* centring only: 1 2 12 47 69 71 123 139 164 166 191 216 221 225 229 */
        return 1;
    }
}

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
