/* Locale-independent number formatting and JSON string escaping.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/numfmt.h"

#include <math.h>
#include <string.h>

#include "core/numparse.h"

/* printf follows LC_NUMERIC: put the decimal point back to '.' */
static void dot(char *s)
{
    for (; *s; s++)
        if (*s == ',')
            *s = '.';
}

char *xrdi_fmt_fixed(double v, int decimals, char *buf, size_t n)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    snprintf(buf, n, "%.*f", decimals, v);
    dot(buf);
    /* no "-0.0000": a value that rounds to zero has no sign */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

char *xrdi_fmt_json(double v, char *buf, size_t n)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "null");
        return buf;
    }
    snprintf(buf, n, "%.10g", v);
    dot(buf);
    return buf;
}

char *xrdi_fmt_shortest(double v, char *buf, size_t n)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return buf;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, n, "%.*g", digits, v);
        dot(buf);
        if (xrdi_strtod(buf, NULL) == v)
            break; /* else 17 digits: within an ulp of v */
    }
    return buf;
}

void xrdi_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}
