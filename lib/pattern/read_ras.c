/* Rigaku RAS (SmartLab text): blocks *RAS_DATA_START ... *RAS_DATA_END, each
 * a header of *KEY "value" lines (*RAS_HEADER_START/END) and the points
 * (*RAS_INT_START/END), one "2theta intensity attenuation" line each; the
 * intensity is the count times the attenuation factor. Header: Ka1, Ka2,
 * target, sample, scan step and speed (time per step = step / speed), the y
 * unit (counts or cps). The profile lines are also the body of a RASX
 * Profile*.txt (read_rasx.c). Header values may be Shift_JIS; only ASCII
 * keys and numbers are used.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define RAS_MAX_POINTS 50000000

/* Next line of s[0..n) from *pos: its start and length (without CR/LF). */
static int next_line(const char *s, size_t n, size_t *pos, const char **line, size_t *len)
{
    if (*pos >= n)
        return 0;
    size_t a = *pos, b = a;
    while (b < n && s[b] != '\n' && s[b] != '\r')
        b++;
    *line = s + a;
    *len = b - a;
    if (b < n && s[b] == '\r')
        b++;
    if (b < n && s[b] == '\n')
        b++;
    *pos = b;
    return 1;
}

static int is_key(const char *line, size_t len, const char *key)
{
    size_t k = strlen(key);
    return len >= k && !memcmp(line, key, k) && (len == k || line[k] == ' ' || line[k] == '\t');
}

xrd_status xrdi_rigaku_profile(const char *s, size_t n, const char *end_marker, long line0,
                               const char *name, xrd_pattern *p, xrd_error *err)
{
    size_t pos = 0, cap = 0, m = 0;
    const char *line;
    size_t len;
    long ln = line0;
    double *x = NULL, *y = NULL;
    if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
        pos = 3;
    while (next_line(s, n, &pos, &line, &len)) {
        ln++;
        if (end_marker && is_key(line, len, end_marker))
            break;
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == len)
            continue;
        char buf[160];
        size_t k = len - i < sizeof buf - 1 ? len - i : sizeof buf - 1;
        memcpy(buf, line + i, k);
        buf[k] = '\0';
        double v[3] = {0, 0, 1};
        const char *c = buf, *e;
        int nv = 0;
        while (nv < 3) {
            while (*c == ' ' || *c == '\t' || *c == ',')
                c++;
            if (!*c)
                break;
            v[nv] = xrdi_strtod(c, &e);
            if (e == c || !isfinite(v[nv])) {
                free(x), free(y);
                return xrd_error_set(err, XRD_ERR_PARSE, name, ln,
                                     "expected 2theta, intensity and attenuation, found '%.40s'",
                                     buf);
            }
            nv++;
            c = e;
        }
        if (nv < 2) {
            free(x), free(y);
            return xrd_error_set(err, XRD_ERR_COLUMNS, name, ln,
                                 "expected 2theta, intensity and attenuation, found '%.40s'", buf);
        }
        if (m == cap) {
            size_t nc = cap ? 2 * cap : 1024;
            if (nc > RAS_MAX_POINTS) {
                free(x), free(y);
                return xrd_error_set(err, XRD_ERR_TOO_LARGE, name, ln, "more than %d points",
                                     RAS_MAX_POINTS);
            }
            double *nx = realloc(x, nc * sizeof *nx), *ny = nx ? realloc(y, nc * sizeof *ny) : NULL;
            if (!nx || !ny) {
                free(nx ? nx : x), free(y);
                return xrd_error_set(err, XRD_ERR_NOMEM, name, ln, "out of memory");
            }
            x = nx, y = ny, cap = nc;
        }
        x[m] = v[0];
        y[m] = v[1] * v[2];
        m++;
    }
    double *s2 = malloc((m ? m : 1) * sizeof *s2);
    if (!s2) {
        free(x), free(y);
        return xrd_error_set(err, XRD_ERR_NOMEM, name, 0, "out of memory");
    }
    for (size_t i = 0; i < m; i++)
        s2[i] = 1.0;
    free(p->x), free(p->y), free(p->sigma);
    p->x = x ? x : malloc(sizeof(double));
    p->y = y ? y : malloc(sizeof(double));
    p->sigma = s2;
    p->n = m;
    if (!p->x || !p->y)
        return xrd_error_set(err, XRD_ERR_NOMEM, name, 0, "out of memory");
    return XRD_OK;
}

/* The quoted value of a *KEY "value" line into buf. */
static void value(const char *line, size_t len, size_t klen, char *buf, size_t n)
{
    size_t i = klen;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '"'))
        i++;
    size_t j = len;
    while (j > i && (line[j - 1] == '"' || line[j - 1] == ' '))
        j--;
    size_t k = j - i < n - 1 ? j - i : n - 1;
    memcpy(buf, line + i, k);
    buf[k] = '\0';
}

static double value_num(const char *line, size_t len, size_t klen)
{
    char b[64];
    value(line, len, klen, b, sizeof b);
    const char *e;
    double v = xrdi_strtod(b, &e);
    return e != b && isfinite(v) ? v : 0;
}

xrd_status xrdi_read_ras(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                         xrd_error *err)
{
    *out = NULL;
    const char *s = src->buf, *line;
    size_t n = src->len, pos = 0, len;
    long ln = 0;
    int block = -1, in_block = 0, got = 0;
    double step = 0, speed = 0;
    char axis[64] = "", unit[32] = "", speed_unit[32] = "";
    xrd_pattern *p = xrd_pattern_new(0);
    if (!p)
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "rigaku_ras");
    xrd_status st = XRD_OK;
    while (!st && next_line(s, n, &pos, &line, &len)) {
        ln++;
        if (is_key(line, len, "*RAS_DATA_START")) {
            block++;
            in_block = block == o->scan;
            continue;
        }
        if (!in_block)
            continue;
        static const struct {
            const char *key;
            int what;
        } keys[] = {{"*HW_XG_WAVE_LENGTH_ALPHA1", 1}, {"*HW_XG_WAVE_LENGTH_ALPHA2", 2},
                    {"*HW_XG_TARGET_NAME", 3},        {"*FILE_SAMPLE", 4},
                    {"*MEAS_SCAN_STEP", 5},           {"*MEAS_SCAN_SPEED", 6},
                    {"*MEAS_SCAN_AXIS_X_INTERNAL", 7}, {"*MEAS_SCAN_UNIT_Y", 8},
                    {"*MEAS_SCAN_SPEED_UNIT", 9}};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            if (!is_key(line, len, keys[k].key))
                continue;
            size_t kl = strlen(keys[k].key);
            double v = value_num(line, len, kl);
            switch (keys[k].what) {
            case 1: if (v >= 0.01 && v <= 20) p->wavelength_A = v; break;
            case 2: if (v >= 0.01 && v <= 20) p->meta.wavelength2_A = v; break;
            case 3: value(line, len, kl, p->meta.anode, sizeof p->meta.anode); break;
            case 4: value(line, len, kl, p->meta.sample, sizeof p->meta.sample); break;
            case 5: step = v; break;
            case 6: speed = v; break;
            case 7: value(line, len, kl, axis, sizeof axis); break;
            case 8: value(line, len, kl, unit, sizeof unit); break;
            default: value(line, len, kl, speed_unit, sizeof speed_unit); break;
            }
        }
        if (is_key(line, len, "*RAS_INT_START")) {
            if (axis[0] && !strstr(axis, "TwoTheta")) {
                st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, ln,
                                   "scan %d is a '%s' scan, not a 2theta scan", block + 1, axis);
                break;
            }
            st = xrdi_rigaku_profile(s + pos, n - pos, "*RAS_INT_END", ln, src->name, p, err);
            got = 1;
            in_block = 0;
        }
    }
    if (!st && !got)
        st = block < 0 ? xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                                       "no *RAS_DATA_START block in the RAS file")
                       : xrd_error_set(err, XRD_ERR_INVALID, src->name, 0,
                                       "--scan %d: the RAS file holds %d scan%s", o->scan + 1,
                                       block + 1, block == 0 ? "" : "s");
    if (st) {
        xrd_pattern_free(p);
        return st;
    }
    if (step > 0 && speed > 0 && strstr(speed_unit, "min"))
        p->meta.time_per_step_s = 60.0 * step / speed; /* deg / (deg/min) */
    else if (speed > 0 && speed_unit[0] == 's')
        p->meta.time_per_step_s = speed; /* a step scan: seconds per step */
    p->meta.n_scans = block + 1;
    p->meta.scan = o->scan;
    p->unit = XRD_X_TWO_THETA_DEG;
    (void)unit;
    *out = p;
    return XRD_OK;
}
