/* Reading a pattern file in any format: the file is read once into memory
 * (bounded), its format recognised from the content by the registry
 * (formats.c), the reader called, then what every pattern needs: the checks
 * every reader shares (finite, strictly increasing x) and the noise (noise.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

static double mib(size_t bytes)
{
    return (double)bytes / (1024.0 * 1024.0);
}

/* Read the whole of fd into a NUL-terminated buffer, refusing more than limit bytes. */
static xrd_status slurp(int fd, const char *path, size_t limit, char **data, size_t *len,
                        xrd_error *err)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot read: %s", strerror(EISDIR));
    if (S_ISREG(sb.st_mode) && (unsigned long long)sb.st_size > (unsigned long long)limit)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, path, 0,
                             "the file has %lld bytes (%.3g MiB), more than the limit of %.3g MiB",
                             (long long)sb.st_size, (double)sb.st_size / (1024.0 * 1024.0),
                             mib(limit));
    size_t cap = S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 1 : 65536;
    if (cap > limit + 1)
        cap = limit + 1;
    char *b = malloc(cap + 1);
    if (!b)
        return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory reading the file");
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (n > limit) {
                free(b);
                return xrd_error_set(err, XRD_ERR_TOO_LARGE, path, 0,
                                     "the input is larger than the limit of %.3g MiB",
                                     mib(limit));
            }
            size_t ncap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *nb = realloc(b, ncap + 1);
            if (!nb) {
                free(b);
                return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory reading the file");
            }
            b = nb;
            cap = ncap;
        }
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(b);
            return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot read: %s", strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > limit) {
        free(b);
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, path, 0,
                             "the input is larger than the limit of %.3g MiB", mib(limit));
    }
    b[n] = '\0';
    *data = b;
    *len = n;
    return XRD_OK;
}

/* Checks every reader's output gets, then the noise. The text reader checks x
 * line by line itself (with line numbers); binary and XML readers come here
 * with x from a start and a step or a list. */
static xrd_status finish(xrd_pattern *p, const xrd_read_options *o, xrd_error *err)
{
    if (p->n < 2)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "%zu data point%s; a pattern needs at least 2", p->n,
                             p->n == 1 ? "" : "s");
    if (p->x[0] > p->x[p->n - 1]) { /* a scan recorded downwards */
        p->reversed = 1;
        for (size_t i = 0, j = p->n - 1; i < j; i++, j--) {
            double t = p->x[i];
            p->x[i] = p->x[j], p->x[j] = t;
            t = p->y[i];
            p->y[i] = p->y[j], p->y[j] = t;
            t = p->sigma[i];
            p->sigma[i] = p->sigma[j], p->sigma[j] = t;
        }
    }
    for (size_t i = 0; i < p->n; i++) {
        if (!isfinite(p->x[i]) || !isfinite(p->y[i]) || !isfinite(p->sigma[i]))
            return xrd_error_set(err, XRD_ERR_NONFINITE, p->source, 0,
                                 "point %zu is not a finite number (x %g, y %g)", i + 1, p->x[i],
                                 p->y[i]);
        if (i > 0 && !(p->x[i] > p->x[i - 1]))
            return xrd_error_set(err, XRD_ERR_NOT_MONOTONIC, p->source, 0,
                                 "x is not increasing at point %zu: %.10g after %.10g", i + 1,
                                 p->x[i], p->x[i - 1]);
    }
    p->n_negative = xrdi_count_negative(p->y, p->n);
    xrd_sigma_choice sc = o->sigma;
    if (o->col_sigma >= 0)
        sc = XRD_SIGMA_FILE; /* a column the caller named is sigma */
    return xrd_pattern_set_noise(p, sc, p->meta.time_per_step_s, err);
}

static xrd_status read_any(const xrdi_source *src, const xrd_read_options *opts,
                           xrd_pattern **out, xrd_error *err)
{
    xrd_read_options o;
    xrd_read_options_default(&o);
    if (opts)
        o = *opts;
    if (o.scan < 0)
        return xrd_error_set(err, XRD_ERR_INVALID, src->name, 0,
                             "the scan number must be >= 1, found %d", o.scan + 1);
    const xrdi_format *f = xrdi_format_detect(src);
    xrd_status st = f->read(src, &o, out, err);
    if (st)
        return st;
    xrd_pattern *p = *out;
    if (!p->source[0])
        snprintf(p->source, sizeof p->source, "%s", src->name);
    if (!p->meta.format[0])
        snprintf(p->meta.format, sizeof p->meta.format, "%s", f->name);
    st = finish(p, &o, err);
    if (st) {
        xrd_pattern_free(p);
        *out = NULL;
    }
    return st;
}

xrd_status xrd_pattern_read_buffer(const char *buf, size_t len, const char *name,
                                   const xrd_read_options *opts, xrd_pattern **out,
                                   xrd_error *err)
{
    xrd_error_clear(err);
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, name, 0, "no output pointer");
    *out = NULL;
    if (!name)
        name = "(buffer)";
    if (!buf && len)
        return xrd_error_set(err, XRD_ERR_INVALID, name, 0, "no buffer");
    size_t limit = opts && opts->max_bytes ? opts->max_bytes : XRD_PATTERN_MAX_BYTES;
    if (len > limit)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, name, 0,
                             "the input has %zu bytes (%.3g MiB), more than the limit of %.3g MiB",
                             len, mib(len), mib(limit));
    char *copy = malloc(len + 1); /* the readers need a terminating NUL */
    if (!copy)
        return xrd_error_set(err, XRD_ERR_NOMEM, name, 0, "out of memory reading the pattern");
    if (len)
        memcpy(copy, buf, len);
    copy[len] = '\0';
    xrdi_source src = {NULL, name, copy, len};
    xrd_status st = read_any(&src, opts, out, err);
    free(copy);
    return st;
}

xrd_status xrd_pattern_read_file(const char *path, const xrd_read_options *opts,
                                 xrd_pattern **out, xrd_error *err)
{
    xrd_error_clear(err);
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0, "no output pointer");
    *out = NULL;
    if (!path)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no file name");
    size_t limit = opts && opts->max_bytes ? opts->max_bytes : XRD_PATTERN_MAX_BYTES;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    char *data = NULL;
    size_t len = 0;
    xrd_status st = slurp(fd, path, limit, &data, &len, err);
    close(fd);
    if (st)
        return st;
    xrdi_source src = {path, path, data, len};
    st = read_any(&src, opts, out, err);
    free(data);
    return st;
}
