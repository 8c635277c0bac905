/* Binary and vendor text formats read through xylib (libxy, LGPL): Bruker RAW
 * v1-v3, UXD, CPI, Philips UDF and RD. xylib reads from a path and returns
 * NULL on any failure (its C API catches its exceptions), but leaks the
 * partly built dataset then, so a RAW1.01 file is checked here first: its
 * ranges must lie within the file (DIFFRAC-AT layout: a 712-byte file header
 * with the range count at byte 12; per range a 304-byte header with the steps
 * at +4 and the supplementary header size at +256, then 4-byte floats). The
 * C API cannot count blocks and xylib_get_block throws past the last one, so
 * only RAW1.01 (whose ranges are counted here) offers --scan. The metadata (wavelengths, anode, time per
 * step, radius, sample) is mapped to xrd_pattern_meta. xylib is loaded on the
 * first such file (xylib_loader.c), not at process start.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "pattern/pattern_internal.h"
#include "pattern/xylib_loader.h"
#include "xrdfit/pattern.h"

#define XYLIB_MAX_POINTS 50000000 /* no real scan has more; a corrupt count is refused */

/* The first of keys found in the block's or the dataset's metadata. */
static const char *meta(const xrdi_xylib *xl, void *ds, void *blk, const char *const *keys)
{
    for (; *keys; keys++) {
        const char *v = xl->xylib_block_metadata(blk, *keys);
        if (!v || !*v)
            v = xl->xylib_dataset_metadata(ds, *keys);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* The value without surrounding quotes and blanks into buf. */
static void unquote(const char *v, char *buf, size_t n)
{
    while (*v == ' ' || *v == '\'' || *v == '"')
        v++;
    size_t k = strlen(v);
    while (k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\'' || v[k - 1] == '"'))
        k--;
    if (k >= n)
        k = n - 1;
    memcpy(buf, v, k);
    buf[k] = '\0';
}

static double meta_num(const xrdi_xylib *xl, void *ds, void *blk, const char *const *keys)
{
    const char *v = meta(xl, ds, blk, keys);
    if (!v)
        return 0;
    char b[64];
    unquote(v, b, sizeof b);
    const char *end;
    double x = xrdi_strtod(b, &end);
    return end != b && isfinite(x) && x > 0 ? x : 0;
}

static void fill_meta(const xrdi_xylib *xl, xrd_pattern *p, void *ds, void *blk)
{
    static const char *const k_l1[] = {"ALPHA1", "WL1", "USED_LAMBDA", NULL};
    static const char *const k_l2[] = {"ALPHA2", "WL2", NULL};
    static const char *const k_ratio[] = {"ALPHA_RATIO", "WLRATIO", NULL};
    static const char *const k_anode[] = {"ANODE_MATERIAL", "ANODE", NULL};
    static const char *const k_time[] = {"TIME_PER_STEP", "STEPTIME", "STEP_TIME", NULL};
    static const char *const k_radius[] = {"GONIOMETER_RADIUS", NULL};
    static const char *const k_sample[] = {"SAMPLE_ID", "SAMPLE", NULL};
    static const char *const k_temp[] = {"TEMPERATURE", "TEMP", NULL};
    xrd_pattern_meta *m = &p->meta;
    double l1 = meta_num(xl, ds, blk, k_l1), l2 = meta_num(xl, ds, blk, k_l2);
    if (l1 >= 0.01 && l1 <= 20)
        p->wavelength_A = l1;
    if (l2 >= 0.01 && l2 <= 20 && l2 != l1)
        m->wavelength2_A = l2;
    m->ka2_ratio = meta_num(xl, ds, blk, k_ratio);
    if (m->ka2_ratio > 1)
        m->ka2_ratio = 0;
    const char *a = meta(xl, ds, blk, k_anode);
    if (a)
        unquote(a, m->anode, sizeof m->anode);
    m->time_per_step_s = meta_num(xl, ds, blk, k_time);
    m->goniometer_radius_mm = meta_num(xl, ds, blk, k_radius);
    const char *s = meta(xl, ds, blk, k_sample);
    if (s)
        unquote(s, m->sample, sizeof m->sample);
    double t = meta_num(xl, ds, blk, k_temp);
    if (t > 0 && t < 5000)
        m->temperature_K = t; /* xylib states it in K where the format does */
}

static unsigned long u32le(const unsigned char *b)
{
    return (unsigned long)b[0] | (unsigned long)b[1] << 8 | (unsigned long)b[2] << 16 |
           (unsigned long)b[3] << 24;
}

/* Number of ranges of a RAW1.01 file of len bytes when every range lies inside
 * it; -1 (and why) otherwise. */
static long raw101_ranges(const unsigned char *b, size_t len, char *why, size_t nwhy)
{
    if (len < 712) {
        snprintf(why, nwhy, "the file has %zu bytes, less than the 712 of its header", len);
        return -1;
    }
    unsigned long n = u32le(b + 12);
    if (n == 0 || n > 10000) {
        snprintf(why, nwhy, "the header states %lu ranges", n);
        return -1;
    }
    size_t pos = 712;
    for (unsigned long r = 0; r < n; r++) {
        if (len - pos < 304) {
            snprintf(why, nwhy, "range %lu starts at byte %zu, past the end (%zu bytes)", r + 1,
                     pos, len);
            return -1;
        }
        unsigned long hl = u32le(b + pos), steps = u32le(b + pos + 4), supp = u32le(b + pos + 256);
        if (hl != 304 || steps > XYLIB_MAX_POINTS || supp > len) {
            snprintf(why, nwhy, "range %lu has a header of %lu bytes (304 expected), %lu steps "
                     "and %lu supplementary bytes", r + 1, hl, steps, supp);
            return -1;
        }
        size_t need = 304 + (size_t)supp + 4 * (size_t)steps;
        if (len - pos < need) {
            snprintf(why, nwhy, "range %lu needs %zu bytes from byte %zu, the file ends at %zu "
                     "(truncated)", r + 1, need, pos, len);
            return -1;
        }
        pos += need;
    }
    return (long)n;
}

xrd_status xrdi_read_xylib(const xrdi_source *src, const char *fmt, const xrd_read_options *o,
                           xrd_pattern **out, xrd_error *err)
{
    *out = NULL;
    const xrdi_xylib *xl;
    xrd_status lst = xrdi_xylib_load(&xl, src->name, err);
    if (lst)
        return lst;
    const struct xylibFormat *xf = xl->xylib_get_format_by_name(fmt);
    const char *desc = xf && xf->desc ? xf->desc : fmt;
    if (!src->path)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, 0,
                             "a %s pattern is read from a file only (through xylib)", desc);
    long n_blocks = 1;
    if (!strcmp(fmt, "bruker_raw") && src->len >= 7 && !memcmp(src->buf, "RAW1.01", 7)) {
        char why[200];
        n_blocks = raw101_ranges((const unsigned char *)src->buf, src->len, why, sizeof why);
        if (n_blocks < 0)
            return xrd_error_set(err, XRD_ERR_PARSE, src->name, 0,
                                 "not a readable Bruker RAW1.01 file: %s", why);
        if (o->scan >= n_blocks)
            return xrd_error_set(err, XRD_ERR_INVALID, src->name, 0,
                                 "--scan %d: the file holds %ld range%s", o->scan + 1, n_blocks,
                                 n_blocks == 1 ? "" : "s");
    } else if (o->scan > 0) {
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, 0,
                             "--scan %d: only the first range of a %s file is read", o->scan + 1,
                             desc);
    }
    void *ds = xl->xylib_load_file(src->path, fmt, NULL);
    if (!ds)
        return xrd_error_set(err, XRD_ERR_PARSE, src->name, 0,
                             "xylib cannot read this %s file (truncated or corrupt?)", desc);
    void *blk = xl->xylib_get_block(ds, o->scan);
    int nc = blk ? xl->xylib_count_columns(blk) : 0;
    int ny = nc >= 2 ? xl->xylib_count_rows(blk, 2) : 0;
    if (nc < 2 || ny < 2 || ny > XYLIB_MAX_POINTS) {
        xl->xylib_free_dataset(ds);
        return xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                             "the %s file holds no scan of at least 2 points (%d column%s, %d "
                             "point%s)",
                             desc, nc, nc == 1 ? "" : "s", ny, ny == 1 ? "" : "s");
    }
    xrd_pattern *p = xrd_pattern_new((size_t)ny);
    if (!p) {
        xl->xylib_free_dataset(ds);
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory reading the pattern");
    }
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "%s", fmt);
    const char *ver = xl->xylib_dataset_metadata(ds, "format version");
    if (ver)
        snprintf(p->meta.format_version, sizeof p->meta.format_version, "%s", ver);
    for (int i = 0; i < ny; i++) {
        p->x[i] = xl->xylib_get_data(blk, 1, i);
        p->y[i] = xl->xylib_get_data(blk, 2, i);
        p->sigma[i] = 1.0; /* set by the noise judgement */
    }
    fill_meta(xl, p, ds, blk);
    p->meta.n_scans = (int)n_blocks;
    p->meta.scan = o->scan;
    xl->xylib_free_dataset(ds);
    p->unit = XRD_X_TWO_THETA_DEG;
    *out = p;
    return XRD_OK;
}
