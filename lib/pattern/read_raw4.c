/* Bruker RAW4.00 (DIFFRAC.SUITE), read by xrdfit because xylib 1.6 does not
 * recognise it. Layout (as xylib's and GSAS-II's readers describe it, checked
 * on a real file): the magic "RAW4.00", a 61-byte header; then segments of
 * (type u32, length u32, ...) until type 0 or 160, among them 10 (a text tag:
 * name at +12, 24 bytes; value at +36) and 30 (the source: Ka1 at +80, Ka2 at
 * +88, Ka2/Ka1 at +104 as doubles, anode at +116); then the ranges, each a
 * 160-byte header (scan type at +32, start angle +72 and step +80 as doubles,
 * steps +88 u32, time per step +92 float, datum size +136, extra header size
 * +140), its extra header, and steps x datum bytes whose first 4 are the
 * float32 intensity. Only 2theta scans (locked or unlocked coupled, detector
 * or 2theta scans) are patterns. Every offset is checked against the file
 * size: a truncated or corrupt file is one error.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define RAW4_MAX_POINTS 50000000

typedef struct {
    const unsigned char *b;
    size_t n;
} bytes;

static unsigned long u32(const bytes *f, size_t at)
{
    const unsigned char *p = f->b + at;
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
           (unsigned long)p[3] << 24;
}

static double f64(const bytes *f, size_t at)
{
    unsigned long long u = 0;
    for (int k = 7; k >= 0; k--)
        u = u << 8 | f->b[at + (size_t)k];
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static double f32(const bytes *f, size_t at)
{
    unsigned long u = u32(f, at);
    unsigned int w = (unsigned int)u;
    float x;
    memcpy(&x, &w, sizeof x);
    return (double)x;
}

/* A fixed-length text field (NUL padded) into buf. */
static void text(const bytes *f, size_t at, size_t len, char *buf, size_t n)
{
    size_t k = 0;
    while (k < len && k + 1 < n && f->b[at + k] && f->b[at + k] != '\n' && f->b[at + k] != '\r') {
        buf[k] = (char)f->b[at + k];
        k++;
    }
    buf[k] = '\0';
}

static int is_2theta_scan(const char *t)
{
    return !strcmp(t, "Locked Coupled") || !strcmp(t, "Unlocked Coupled") ||
           !strcmp(t, "TwoTheta") || !strcmp(t, "Detector Scan") || !strcmp(t, "2Theta");
}

xrd_status xrdi_read_raw4(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                          xrd_error *err)
{
    *out = NULL;
    bytes f = {(const unsigned char *)src->buf, src->len};
    const char *nm = src->name;
    if (f.n < 61 + 8)
        return xrd_error_set(err, XRD_ERR_PARSE, nm, 0,
                             "a Bruker RAW4.00 file of %zu bytes is shorter than its header", f.n);
    xrd_pattern *p = xrd_pattern_new(0);
    if (!p)
        return xrd_error_set(err, XRD_ERR_NOMEM, nm, 0, "out of memory reading the pattern");
    snprintf(p->source, sizeof p->source, "%s", nm);
    snprintf(p->meta.format, sizeof p->meta.format, "bruker_raw4");
    snprintf(p->meta.format_version, sizeof p->meta.format_version, "RAW4.00");
    size_t pos = 61;
    unsigned long type = 0;
    xrd_status st = XRD_OK;
    int ka2_stated = 0;
    /* the file's segments */
    for (int guard = 0;; guard++) {
        if (f.n - pos < 8 || guard > 100000) {
            st = xrd_error_set(err, XRD_ERR_PARSE, nm, 0,
                               "the segments of the RAW4.00 header run past the end of the file "
                               "(byte %zu of %zu): truncated",
                               pos, f.n);
            goto fail;
        }
        type = u32(&f, pos);
        if (type == 0 || type == 160)
            break;
        unsigned long len = u32(&f, pos + 4);
        if (len < 8 || len > f.n - pos) {
            st = xrd_error_set(err, XRD_ERR_PARSE, nm, 0,
                               "a RAW4.00 header segment (type %lu at byte %zu) has length %lu, "
                               "beyond the file's %zu bytes",
                               type, pos, len, f.n);
            goto fail;
        }
        if (type == 10 && len >= 36) {
            char tag[32], val[128];
            text(&f, pos + 12, 24, tag, sizeof tag);
            text(&f, pos + 36, len - 36, val, sizeof val);
            if (!strcmp(tag, "SAMPLEID"))
                snprintf(p->meta.sample, sizeof p->meta.sample, "%s", val);
        } else if (type == 30 && len >= 120) {
            double l1 = f64(&f, pos + 80), l2 = f64(&f, pos + 88), r = f64(&f, pos + 104);
            if (l1 >= 0.01 && l1 <= 20)
                p->wavelength_A = l1;
            ka2_stated = 1;
            if (l2 >= 0.01 && l2 <= 20 && l2 != l1) {
                p->meta.wavelength2_A = l2;
                if (r > 0 && r <= 1)
                    p->meta.ka2_ratio = r;
            } else if (l2 == 0) {
                p->meta.ka1_only = 1; /* the source is stated without Ka2 */
            }
            text(&f, pos + 116, 4, p->meta.anode, sizeof p->meta.anode);
        }
        pos += len;
    }
    (void)ka2_stated;
    /* the ranges */
    int n_scans = 0, got = 0;
    while (type == 0 || type == 160) {
        if (f.n - pos < 160) {
            st = xrd_error_set(err, XRD_ERR_PARSE, nm, 0,
                               "range %d of the RAW4.00 file starts at byte %zu, too close to the "
                               "end (%zu bytes): truncated",
                               n_scans + 1, pos, f.n);
            goto fail;
        }
        char scan_type[32];
        text(&f, pos + 32, 24, scan_type, sizeof scan_type);
        double start = f64(&f, pos + 72), step = f64(&f, pos + 80);
        unsigned long steps = u32(&f, pos + 88), datum = u32(&f, pos + 136),
                      extra = u32(&f, pos + 140);
        double tps = f32(&f, pos + 92);
        if (datum < 4 || datum > 64 || steps > RAW4_MAX_POINTS || extra > f.n ||
            !isfinite(start) || !isfinite(step)) {
            st = xrd_error_set(err, XRD_ERR_PARSE, nm, 0,
                               "range %d of the RAW4.00 file is not readable: datum %lu bytes, "
                               "%lu steps, extra header %lu bytes",
                               n_scans + 1, datum, steps, extra);
            goto fail;
        }
        size_t data = pos + 160 + (size_t)extra, need = (size_t)steps * (size_t)datum;
        if (data > f.n || need > f.n - data) {
            st = xrd_error_set(err, XRD_ERR_PARSE, nm, 0,
                               "range %d of the RAW4.00 file needs %zu data bytes from byte %zu, "
                               "the file ends at %zu: truncated",
                               n_scans + 1, need, data, f.n);
            goto fail;
        }
        if (n_scans == o->scan) {
            if (!is_2theta_scan(scan_type)) {
                st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, nm, 0,
                                   "range %d of the RAW4.00 file is a '%s' scan, not a 2theta "
                                   "scan",
                                   n_scans + 1, scan_type);
                goto fail;
            }
            if (steps < 2 || !(step > 0)) {
                st = xrd_error_set(err, XRD_ERR_TOO_FEW, nm, 0,
                                   "range %d of the RAW4.00 file has %lu steps of %g deg",
                                   n_scans + 1, steps, step);
                goto fail;
            }
            free(p->x), free(p->y), free(p->sigma);
            p->x = malloc(steps * sizeof(double));
            p->y = malloc(steps * sizeof(double));
            p->sigma = malloc(steps * sizeof(double));
            p->n = steps;
            if (!p->x || !p->y || !p->sigma) {
                st = xrd_error_set(err, XRD_ERR_NOMEM, nm, 0, "out of memory reading the pattern");
                goto fail;
            }
            for (unsigned long i = 0; i < steps; i++) {
                p->x[i] = start + step * (double)i;
                p->y[i] = f32(&f, data + (size_t)i * datum);
                p->sigma[i] = 1.0;
            }
            if (tps > 0 && isfinite(tps))
                p->meta.time_per_step_s = tps;
            got = 1;
        }
        n_scans++;
        pos = data + need;
        if (f.n - pos < 4)
            break;
        type = u32(&f, pos);
    }
    if (!got) {
        st = xrd_error_set(err, XRD_ERR_INVALID, nm, 0, "--scan %d: the RAW4.00 file holds %d "
                           "range%s", o->scan + 1, n_scans, n_scans == 1 ? "" : "s");
        goto fail;
    }
    p->meta.n_scans = n_scans;
    p->meta.scan = o->scan;
    p->unit = XRD_X_TWO_THETA_DEG;
    *out = p;
    return XRD_OK;
fail:
    xrd_pattern_free(p);
    return st;
}
