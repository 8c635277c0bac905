/* Reading text patterns: x-y(-sigma) columns separated by blanks, commas or
 * semicolons, with comment and header lines, and GSAS FXYE / ESD banks.
 * One pass over the file held in memory; numbers parsed independently of the
 * locale.  SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "pattern/pattern_internal.h"
#include "pattern/read_text_internal.h"
#include "xrdfit/pattern.h"

#define SNIFF_BYTES 4096 /* bytes looked at for the binary test */

static double mib(size_t bytes)
{
    return (double)bytes / (1024.0 * 1024.0);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* 1 when the whole field is one number (finite or not). */
int xrdi_text_field_number(const field *f, double *v)
{
    if (f->n == 0)
        return 0;
    const char *end;
    double d = xrdi_strtod(f->p, &end);
    if (end != f->p + f->n)
        return 0;
    *v = d;
    return 1;
}

/* 1 when the field looks like a number written with a decimal comma ("10,5"). */
static int decimal_comma(const field *f)
{
    const char *comma = memchr(f->p, ',', f->n);
    if (!comma || comma == f->p || comma + 1 >= f->p + f->n)
        return 0;
    for (const char *c = f->p; c < f->p + f->n; c++)
        if (c != comma && !(*c >= '0' && *c <= '9') && !(c == f->p && (*c == '-' || *c == '+')))
            return 0;
    return 1;
}

static int field_is_integer(const field *f)
{
    size_t i = 0;
    if (f->n && (f->p[0] == '+' || f->p[0] == '-'))
        i++;
    if (i >= f->n)
        return 0;
    for (; i < f->n; i++)
        if (f->p[i] < '0' || f->p[i] > '9')
            return 0;
    return 1;
}

/* Split s[0..n) into fields. The separator is ';' when the line has one, else
 * ',' when it has one, else blanks; fields are trimmed, a trailing empty field
 * after a separator is ignored, text from a '#' on is a comment.
 * Returns the number of fields (may exceed MAX_FIELDS; only those are stored);
 * *sep is the separator used (' ' for blanks). */
static int split_fields(const char *s, size_t n, field *f, char *sep)
{
    const char *hash = memchr(s, '#', n);
    if (hash)
        n = (size_t)(hash - s);
    char c = ' ';
    if (memchr(s, ';', n))
        c = ';';
    else if (memchr(s, ',', n))
        c = ',';
    *sep = c;
    int k = 0;
    size_t i = 0;
    if (c == ' ') {
        while (i < n) {
            while (i < n && is_blank(s[i]))
                i++;
            if (i >= n)
                break;
            size_t b = i;
            while (i < n && !is_blank(s[i]))
                i++;
            if (k < MAX_FIELDS) {
                f[k].p = s + b;
                f[k].n = i - b;
            }
            k++;
        }
        return k;
    }
    for (;;) {
        size_t b = i;
        while (i < n && s[i] != c)
            i++;
        size_t e = i;
        while (b < e && is_blank(s[b]))
            b++;
        while (e > b && is_blank(s[e - 1]))
            e--;
        int last = i >= n;
        if (!(last && e == b && k > 0)) { /* drop one trailing empty field */
            if (k < MAX_FIELDS) {
                f[k].p = s + b;
                f[k].n = e - b;
            }
            k++;
        }
        if (last)
            break;
        i++;
    }
    return k;
}

static xrd_status grow(reader *r, xrd_error *err)
{
    if (r->n < r->cap)
        return XRD_OK;
    size_t cap = r->cap ? 2 * r->cap : 1024;
    double *x = realloc(r->x, cap * sizeof *x);
    if (!x)
        return xrd_error_set(err, XRD_ERR_NOMEM, r->name, 0, "out of memory reading the pattern");
    r->x = x;
    double *y = realloc(r->y, cap * sizeof *y);
    if (!y)
        return xrd_error_set(err, XRD_ERR_NOMEM, r->name, 0, "out of memory reading the pattern");
    r->y = y;
    double *s = realloc(r->s, cap * sizeof *s);
    if (!s)
        return xrd_error_set(err, XRD_ERR_NOMEM, r->name, 0, "out of memory reading the pattern");
    r->s = s;
    r->cap = cap;
    return XRD_OK;
}

/* Quote at most 40 characters of a field for a message. */
static void quote(char *buf, size_t n, const field *f)
{
    size_t k = f->n < 40 ? f->n : 40;
    snprintf(buf, n, "'%.*s'%s", (int)k, f->p, f->n > 40 ? "..." : "");
}

/* One point (x already scaled): order, sigma and intensity checks, then store. */
xrd_status xrdi_text_add_point(reader *r, long line, double x, double y, double sig, int has_sig,
                            xrd_error *err)
{
    if (r->n_read > 0) {
        if (x == r->prev_x)
            return xrd_error_set(err, XRD_ERR_NOT_MONOTONIC, r->name, line,
                                 "x is repeated: %.10g at line %ld equals x at line %ld", x,
                                 line, r->prev_line);
        int dir = x > r->prev_x ? 1 : -1;
        if (r->direction == 0)
            r->direction = dir;
        else if (dir != r->direction)
            return xrd_error_set(err, XRD_ERR_NOT_MONOTONIC, r->name, line,
                                 "x is not %s: %.10g at line %ld follows %.10g at line %ld",
                                 r->direction > 0 ? "increasing" : "decreasing", x, line,
                                 r->prev_x, r->prev_line);
    } else {
        r->first_line = line;
    }
    r->prev_x = x;
    r->prev_line = line;
    r->n_read++;
    if (has_sig && !(sig > 0)) {
        if (r->o.skip_zero_sigma) {
            r->pat->n_skipped++;
            return XRD_OK;
        }
        return xrd_error_set(err, XRD_ERR_SIGMA, r->name, line,
                             "sigma must be > 0, found %.10g (use --skip-zero-sigma to drop "
                             "such points)",
                             sig);
    }
    if (y < 0) {
        if (!r->pat->n_negative)
            r->pat->first_negative_line = line;
        r->pat->n_negative++;
    }
    xrd_status st = grow(r, err);
    if (st)
        return st;
    r->x[r->n] = x;
    r->y[r->n] = y;
    r->s[r->n] = has_sig ? sig : 0.0;
    r->n++;
    return XRD_OK;
}

/* Column c (0-based) of line as a finite number. */
xrd_status xrdi_text_get_number(reader *r, long line, const field *f, int c, char sep,
                             double *v, xrd_error *err)
{
    char q[64];
    if (!xrdi_text_field_number(&f[c], v)) {
        quote(q, sizeof q, &f[c]);
        if (f[c].n == 0)
            return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                                 "column %d is empty, expected a number", c + 1);
        if ((sep == ',' && memchr(f[c].p, ' ', f[c].n)) ||
            (sep != ',' && memchr(f[c].p, ',', f[c].n)))
            return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                                 "column %d is %s, not a number; decimal commas? xrdfit "
                                 "expects '.' as the decimal point",
                                 c + 1, q);
        return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                             "column %d is %s, expected a number", c + 1, q);
    }
    if (!isfinite(*v)) {
        quote(q, sizeof q, &f[c]);
        return xrd_error_set(err, XRD_ERR_NONFINITE, r->name, line,
                             "column %d is %s, expected a finite number", c + 1, q);
    }
    return XRD_OK;
}

/* A data line with nf fields. */
static xrd_status data_line(reader *r, long line, const field *f, int nf, char sep,
                            xrd_error *err)
{
    if (r->esd)
        return xrdi_gsas_esd_line(r, line, f, nf, sep, err);
    double probe; /* words after the data started: a parse error, not a column count */
    if (r->ncols > 0 && nf > r->o.col_x && r->o.col_x < MAX_FIELDS &&
        !xrdi_text_field_number(&f[r->o.col_x], &probe))
        return xrdi_text_get_number(r, line, f, r->o.col_x, sep, &probe, err);
    if (r->ncols == 0) { /* first data line fixes the layout */
        if (r->default_cols) {
            if (nf != 2 && nf != 3)
                return xrd_error_set(err, XRD_ERR_COLUMNS, r->name, line,
                                     "expected 2 or 3 columns, found %d%s", nf,
                                     nf > 3 ? " (choose columns with --columns X,Y[,S])" : "");
            r->want_sigma = nf == 3 ? 2 : -1;
        } else {
            int need = r->o.col_x > r->o.col_y ? r->o.col_x : r->o.col_y;
            if (r->want_sigma > need)
                need = r->want_sigma;
            if (r->want_sigma == -2) /* auto with chosen x/y: only an extra third column */
                r->want_sigma = (nf == 3 && need < 2) ? 2 : -1;
            if (nf < need + 1)
                return xrd_error_set(err, XRD_ERR_COLUMNS, r->name, line,
                                     "expected at least %d columns for the chosen columns, "
                                     "found %d",
                                     need + 1, nf);
        }
        r->ncols = nf;
    } else if (nf != r->ncols) {
        return xrd_error_set(err, XRD_ERR_COLUMNS, r->name, line,
                             "expected %d columns like line %ld, found %d", r->ncols,
                             r->first_line, nf);
    }
    double xv, yv, sv = 0;
    xrd_status st = xrdi_text_get_number(r, line, f, r->o.col_x, sep, &xv, err);
    if (!st)
        st = xrdi_text_get_number(r, line, f, r->o.col_y, sep, &yv, err);
    if (!st && r->want_sigma >= 0)
        st = xrdi_text_get_number(r, line, f, r->want_sigma, sep, &sv, err);
    if (st)
        return st;
    return xrdi_text_add_point(r, line, xv * r->o.x_scale, yv, sv, r->want_sigma >= 0, err);
}

/* Length of the valid UTF-8 sequence starting at b[0..n), 0 if invalid. */
static size_t utf8_len(const unsigned char *b, size_t n)
{
    size_t k;
    if (b[0] >= 0xc2 && b[0] <= 0xdf)
        k = 2;
    else if (b[0] >= 0xe0 && b[0] <= 0xef)
        k = 3;
    else if (b[0] >= 0xf0 && b[0] <= 0xf4)
        k = 4;
    else
        return 0;
    if (k > n)
        return n == 0 ? 0 : n; /* cut by the sniff window: give it the benefit */
    for (size_t i = 1; i < k; i++)
        if ((b[i] & 0xc0) != 0x80)
            return 0;
    return k;
}

/* Binary test on the first SNIFF_BYTES: more than 10 % of the bytes are
 * control characters or not part of valid UTF-8 (Latin-1 text with a few
 * accented letters passes). NUL bytes are checked separately. */
static int looks_binary(const unsigned char *b, size_t len)
{
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES, odd = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c >= 0x80) {
            size_t k = utf8_len(b + i, n - i);
            if (k == 0)
                odd++;
            else
                i += k - 1;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
            c == 0x7f)
            odd++;
    }
    return n > 0 && odd * 10 > n;
}

xrd_status xrdi_read_text(const char *buf, size_t len, const char *name,
                          const xrd_read_options *opts, xrd_pattern **out, xrd_error *err)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.name = name;
    xrd_read_options_default(&r.o);
    if (opts)
        r.o = *opts;
    int scale_given = r.o.x_scale != 0 && r.o.x_scale != 1.0;
    if (r.o.x_scale == 0)
        r.o.x_scale = 1.0;
    if (r.o.max_bytes == 0)
        r.o.max_bytes = XRD_PATTERN_MAX_BYTES;
    if (!isfinite(r.o.x_scale) || r.o.x_scale < 0)
        return xrd_error_set(err, XRD_ERR_INVALID, name, 0,
                             "the x scale must be a positive number, found %g", r.o.x_scale);
    if (r.o.col_x < 0 || r.o.col_y < 0 || r.o.col_x >= MAX_FIELDS || r.o.col_y >= MAX_FIELDS ||
        r.o.col_sigma < -2 || r.o.col_sigma >= MAX_FIELDS || r.o.col_x == r.o.col_y)
        return xrd_error_set(err, XRD_ERR_INVALID, name, 0,
                             "invalid columns x=%d y=%d sigma=%d (0-based, below %d, x and y "
                             "different)",
                             r.o.col_x, r.o.col_y, r.o.col_sigma, MAX_FIELDS);
    if ((int)r.o.unit < XRD_X_TWO_THETA_DEG || (int)r.o.unit > XRD_X_LAST)
        return xrd_error_set(err, XRD_ERR_INVALID, name, 0, "unknown x unit %d", (int)r.o.unit);
    r.default_cols = r.o.col_x == 0 && r.o.col_y == 1 && r.o.col_sigma == -2;
    r.want_sigma = r.o.col_sigma;

    if (len > r.o.max_bytes)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, name, 0,
                             "the file has %zu bytes (%.3g MiB), more than the limit of %.3g MiB",
                             len, mib(len), mib(r.o.max_bytes));
    if (len >= 2 && (((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe) ||
                     ((unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff)))
        return xrd_error_set(err, XRD_ERR_BINARY, name, 0,
                             "this file is UTF-16 text; save it as UTF-8 or ASCII");
    const char *nul = memchr(buf, '\0', len);
    if (nul || looks_binary((const unsigned char *)buf, len)) {
        long l = 0;
        if (nul) {
            l = 1;
            for (const char *c = buf; c < nul; c++)
                l += *c == '\n';
        }
        return xrd_error_set(err, XRD_ERR_BINARY, name, l,
                             "this is a binary file, not a text pattern (%s)",
                             nul ? "it contains NUL bytes" : "many control or non-text bytes");
    }

    xrd_pattern *pat = xrd_pattern_new(0);
    if (!pat)
        return xrd_error_set(err, XRD_ERR_NOMEM, name, 0, "out of memory reading the pattern");
    snprintf(pat->source, sizeof pat->source, "%s", name);
    r.pat = pat;

    size_t pos = 0;
    if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
        pos = 3; /* UTF-8 byte order mark */
    size_t header_end = pos; /* header text is buf[header_start .. header_end) */
    long header_last = 0;    /* line number of the last header line */
    size_t header_start = pos;
    long line = 0, first_single = 0;
    xrd_status st = XRD_OK;
    field f[MAX_FIELDS];

    while (pos < len && !st) {
        const char *s = buf + pos;
        /* a line ends at LF, CRLF or a lone CR (old Mac files); buf has no NUL
         * inside (checked above) and one after its end */
        size_t n = strcspn(s, "\r\n");
        size_t next = pos + n;
        if (next < len)
            next += (s[n] == '\r' && s[n + 1] == '\n') ? 2 : 1;
        line++;
        size_t b = 0;
        while (b < n && is_blank(s[b]))
            b++;
        int data_started = r.n_read > 0 || r.ncols > 0;
        if (b == n || s[b] == '#' || s[b] == '!' || s[b] == ';' || s[b] == '\'') {
            if (!data_started)
                header_end = next, header_last = line;
            pos = next;
            continue;
        }
        char sep;
        int nf = split_fields(s + b, n - b, f, &sep);
        if (nf == 0 || (nf == 1 && f[0].n == 0)) { /* only separators or a comment */
            if (!data_started)
                header_end = next, header_last = line;
            pos = next;
            continue;
        }
        if (!data_started && f[0].n == 4 && !memcmp(f[0].p, "BANK", 4)) {
            st = xrdi_gsas_bank_line(&r, line, f, nf, err, scale_given);
            header_end = next, header_last = line;
            pos = next;
            continue;
        }
        if (data_started && f[0].n == 4 && !memcmp(f[0].p, "BANK", 4)) {
            st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, name, line,
                               "a second BANK; only files with one GSAS bank are supported");
            break;
        }
        double v;
        if (!data_started && !r.esd && !r.std) {
            /* a title or column-header line: its first (x) field is not a number */
            if ((nf <= r.o.col_x || !xrdi_text_field_number(&f[r.o.col_x], &v)) &&
                !(nf > r.o.col_x && decimal_comma(&f[r.o.col_x]))) {
                header_end = next, header_last = line;
                pos = next;
                continue;
            }
            if (nf == 1 && r.default_cols) {
                if (field_is_integer(&f[0])) { /* a point count before the data */
                    if (!first_single)
                        first_single = line;
                    header_end = next, header_last = line;
                    pos = next;
                    continue;
                }
            }
        }
        st = r.std ? xrdi_gsas_std_line(&r, line, s, n, err) : data_line(&r, line, f, nf, sep, err);
        pos = next;
    }
    if (!st && r.n_read == 0) {
        if (first_single)
            st = xrd_error_set(err, XRD_ERR_COLUMNS, name, first_single,
                               "expected 2 or 3 columns, found 1");
        else
            st = xrd_error_set(err, XRD_ERR_NO_DATA, name, 0,
                               "no numeric data: %ld line%s of text, comments or headers only",
                               line, line == 1 ? "" : "s");
    }
    if (!st && r.n < 2) {
        if (r.n_read < 2)
            st = xrd_error_set(err, XRD_ERR_TOO_FEW, name, r.first_line,
                               "only one data point (line %ld); a pattern needs at least 2",
                               r.first_line);
        else
            st = xrd_error_set(err, XRD_ERR_TOO_FEW, name, 0,
                               "%zu of %zu points remain after dropping points with sigma <= 0; "
                               "a pattern needs at least 2",
                               r.n, r.n_read);
    }
    if (st) {
        free(r.x);
        free(r.y);
        free(r.s);
        xrd_pattern_free(pat);
        return st;
    }

    /* hand the arrays to the pattern */
    free(pat->x);
    free(pat->y);
    free(pat->sigma);
    pat->x = r.x;
    pat->y = r.y;
    pat->sigma = r.s;
    pat->n = r.n;
    pat->x_scale = r.o.x_scale;
    pat->sigma_from_file = r.want_sigma >= 0 || r.esd || r.std;
    if (!pat->sigma_from_file)
        for (size_t i = 0; i < r.n; i++)
            pat->sigma[i] = sqrt(r.y[i] > 1.0 ? r.y[i] : 1.0);
    if (r.direction < 0) {
        pat->reversed = 1;
        for (size_t i = 0, j = r.n - 1; i < j; i++, j--) {
            double t = pat->x[i];
            pat->x[i] = pat->x[j];
            pat->x[j] = t;
            t = pat->y[i];
            pat->y[i] = pat->y[j];
            pat->y[j] = t;
            t = pat->sigma[i];
            pat->sigma[i] = pat->sigma[j];
            pat->sigma[j] = t;
        }
    }
    pat->header_lines = header_last;
    const char *hdr = buf + header_start;
    size_t hlen = header_end - header_start;
    pat->unit = r.o.unit;
    xrd_xunit hu;
    if (r.bank) {
        if (!r.o.unit_given)
            pat->unit = XRD_X_TWO_THETA_DEG;
    } else if (!r.o.unit_given && xrdi_header_unit(hdr, hlen, &hu)) {
        pat->unit = hu;
        pat->unit_from_header = 1;
    }
    pat->wavelength_A = xrdi_header_wavelength(hdr, hlen);
    pat->meta.time_per_step_s = xrdi_header_time_per_step(hdr, hlen);
    snprintf(pat->meta.format, sizeof pat->meta.format, "%s", r.bank ? "gsas" : "text");
    *out = pat;
    return XRD_OK;
}

