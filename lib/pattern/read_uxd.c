/* Bruker / Siemens UXD text, read by xrdfit: xylib 1.6 frees a block twice on
 * some corrupt UXD files (found by fuzzing), a crash a reader must not have.
 * Layout: "; comment" lines, "_KEY=value" lines (file keys, then per range
 * _STEPTIME, _STEPSIZE, _START ...), and per range a data marker followed by
 * the points: _2THETACOUNTS / _2THETACPS (pairs 2theta, y) or _COUNTS / _CPS
 * (y only, x = _START + i _STEPSIZE, several per line). Header: _WL1, _WL2,
 * _WLRATIO, _ANODE, _SAMPLE, _GONIOMETER_RADIUS, _STEPTIME.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define UXD_MAX_POINTS 50000000

typedef struct {
    double *x, *y;
    size_t n, cap;
} points;

static int push(points *p, double x, double y)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 1024;
        if (nc > UXD_MAX_POINTS)
            return -1;
        double *nx = realloc(p->x, nc * sizeof *nx);
        if (!nx)
            return -1;
        p->x = nx;
        double *ny = realloc(p->y, nc * sizeof *ny);
        if (!ny)
            return -1;
        p->y = ny;
        p->cap = nc;
    }
    p->x[p->n] = x;
    p->y[p->n] = y;
    p->n++;
    return 0;
}

/* "_KEY=value": the value (quotes stripped) into buf when the line has key. */
static int key_value(const char *line, size_t len, const char *key, char *buf, size_t n)
{
    size_t k = strlen(key);
    if (len <= k || memcmp(line, key, k) || line[k] != '=')
        return 0;
    size_t i = k + 1, j = len;
    while (i < j && (line[i] == ' ' || line[i] == '\''))
        i++;
    while (j > i && (line[j - 1] == ' ' || line[j - 1] == '\'' || line[j - 1] == '\r'))
        j--;
    size_t m = j - i < n - 1 ? j - i : n - 1;
    memcpy(buf, line + i, m);
    buf[m] = '\0';
    return 1;
}

static double num(const char *s)
{
    const char *e;
    double v = xrdi_strtod(s, &e);
    return e != s && isfinite(v) ? v : NAN;
}

xrd_status xrdi_read_uxd(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                         xrd_error *err)
{
    *out = NULL;
    const char *s = src->buf;
    size_t n = src->len, pos = 0;
    long ln = 0;
    int range = -1, mode = 0; /* mode: 0 header, 1 pairs, 2 y only (of the wanted range) */
    double start = NAN, step = NAN, xnext = NAN;
    points pt = {NULL, NULL, 0, 0};
    xrd_pattern *p = xrd_pattern_new(0);
    if (!p)
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "uxd");
    xrd_status st = XRD_OK;
    char v[160];
    while (pos < n && !st) {
        const char *line = s + pos;
        size_t len = 0;
        while (pos + len < n && line[len] != '\n')
            len++;
        pos += len + (pos + len < n);
        ln++;
        while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        size_t b = 0;
        while (b < len && (line[b] == ' ' || line[b] == '\t'))
            b++;
        if (b == len || line[b] == ';') {
            if (b < len && strstr(line, "Data for Range") && mode)
                mode = 0;
            continue;
        }
        if (line[b] == '_') {
            const char *l = line + b;
            size_t k = len - b;
            int is_pairs = (k == 13 && !memcmp(l, "_2THETACOUNTS", 13)) ||
                           (k == 10 && !memcmp(l, "_2THETACPS", 10));
            int is_y = (k == 7 && !memcmp(l, "_COUNTS", 7)) || (k == 4 && !memcmp(l, "_CPS", 4));
            if (is_pairs || is_y) {
                range++;
                mode = range == o->scan ? (is_pairs ? 1 : 2) : 0;
                if (mode == 2) {
                    if (!(step > 0) || !isfinite(start)) {
                        st = xrd_error_set(err, XRD_ERR_PARSE, src->name, ln,
                                           "%.*s without a _START and a positive _STEPSIZE "
                                           "before it", (int)k, l);
                        break;
                    }
                    xnext = start;
                }
                continue;
            }
            mode = 0;
            if (range + 1 == o->scan || (range < 0 && o->scan == 0)) {
                if (key_value(l, k, "_START", v, sizeof v))
                    start = num(v);
                else if (key_value(l, k, "_STEPSIZE", v, sizeof v))
                    step = num(v);
                else if (key_value(l, k, "_STEPTIME", v, sizeof v) && num(v) > 0)
                    p->meta.time_per_step_s = num(v);
            }
            if (key_value(l, k, "_WL1", v, sizeof v) && num(v) >= 0.01 && num(v) <= 20)
                p->wavelength_A = num(v);
            else if (key_value(l, k, "_WL2", v, sizeof v) && num(v) >= 0.01 && num(v) <= 20)
                p->meta.wavelength2_A = num(v);
            else if (key_value(l, k, "_WLRATIO", v, sizeof v) && num(v) > 0 && num(v) <= 1)
                p->meta.ka2_ratio = num(v);
            else if (key_value(l, k, "_ANODE", v, sizeof v))
                snprintf(p->meta.anode, sizeof p->meta.anode, "%.7s", v);
            else if (key_value(l, k, "_SAMPLE", v, sizeof v))
                snprintf(p->meta.sample, sizeof p->meta.sample, "%.127s", v);
            else if (key_value(l, k, "_GONIOMETER_RADIUS", v, sizeof v) && num(v) > 0)
                p->meta.goniometer_radius_mm = num(v);
            continue;
        }
        if (!mode)
            continue;
        /* data: pairs, or y values */
        char buf[256];
        size_t m = len - b < sizeof buf - 1 ? len - b : sizeof buf - 1;
        memcpy(buf, line + b, m);
        buf[m] = '\0';
        const char *c = buf, *e;
        double a[64];
        int na = 0;
        while (*c && na < 64) {
            while (*c == ' ' || *c == '\t' || *c == ',')
                c++;
            if (!*c)
                break;
            a[na] = xrdi_strtod(c, &e);
            if (e == c || !isfinite(a[na])) {
                st = xrd_error_set(err, XRD_ERR_PARSE, src->name, ln,
                                   "expected numbers in the data of range %d, found '%.40s'",
                                   range + 1, buf);
                break;
            }
            na++;
            c = e;
        }
        if (st)
            break;
        if (mode == 1 && na != 2) {
            st = xrd_error_set(err, XRD_ERR_COLUMNS, src->name, ln,
                               "expected 2theta and intensity, found %d number%s", na,
                               na == 1 ? "" : "s");
            break;
        }
        for (int q = 0; q < (mode == 1 ? 1 : na); q++) {
            int bad = mode == 1 ? push(&pt, a[0], a[1]) : push(&pt, xnext, a[q]);
            if (mode == 2)
                xnext = start + step * (double)pt.n;
            if (bad) {
                st = xrd_error_set(err, XRD_ERR_TOO_LARGE, src->name, ln,
                                   "more points than a scan can hold");
                break;
            }
        }
    }
    if (!st && pt.n == 0)
        st = range < 0 ? xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                                       "no data block (_2THETACOUNTS, _COUNTS ...) in the UXD file")
                       : xrd_error_set(err, o->scan > range ? XRD_ERR_INVALID : XRD_ERR_NO_DATA,
                                       src->name, 0,
                                       o->scan > range ? "--scan %d: the UXD file holds %d range%s"
                                                       : "range %d holds no points",
                                       o->scan + 1, range + 1, range == 0 ? "" : "s");
    if (st) {
        free(pt.x), free(pt.y);
        xrd_pattern_free(p);
        return st;
    }
    free(p->x), free(p->y), free(p->sigma);
    p->x = pt.x, p->y = pt.y, p->n = pt.n;
    p->sigma = malloc(pt.n * sizeof(double));
    if (!p->sigma) {
        xrd_pattern_free(p);
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    }
    for (size_t i = 0; i < pt.n; i++)
        p->sigma[i] = 1.0;
    p->meta.n_scans = range + 1;
    p->meta.scan = o->scan;
    p->unit = XRD_X_TWO_THETA_DEG;
    *out = p;
    return XRD_OK;
}
