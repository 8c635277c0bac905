/* Making user strings inert in a gnuplot script.
 * gnuplot does no backslash, backquote (`cmd`) or macro (@var) processing
 * inside single-quoted strings; the only special character there is the
 * quote itself, written twice. A newline would end the command, so control
 * characters become spaces. Enhanced-text markup (^ _ @ & { } ~ \) is left
 * as is: every element drawing a user string is set `noenhanced`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "plot/plot_internal.h"

#include <math.h>
#include <string.h>

#include "core/numfmt.h"

void xrdi_gp_clean(const char *s, char *buf, size_t n)
{
    if (n == 0)
        return;
    size_t w = 0, cap = n - 1;
    if (cap > XRDI_GP_MAX_STRING)
        cap = XRDI_GP_MAX_STRING;
    size_t len = s ? strlen(s) : 0;
    int cut = len > cap;
    size_t end = cut ? cap - (cap >= 3 ? 3 : cap) : len;
    /* never end inside a UTF-8 sequence */
    while (cut && end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80)
        end--;
    for (size_t r = 0; r < end; r++) {
        unsigned char c = (unsigned char)s[r];
        buf[w++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    if (cut)
        for (int k = 0; k < 3 && w < n - 1; k++)
            buf[w++] = '.';
    buf[w] = '\0';
}

void xrdi_gp_quote(FILE *out, const char *s)
{
    char buf[XRDI_GP_MAX_STRING + 1];
    xrdi_gp_clean(s, buf, sizeof buf);
    fputc('\'', out);
    for (const char *p = buf; *p; p++) {
        if (*p == '\'')
            fputc('\'', out);
        fputc(*p, out);
    }
    fputc('\'', out);
}

void xrdi_gp_num(FILE *out, double v)
{
    if (!isfinite(v)) {
        fputs("NaN", out);
        return;
    }
    char buf[40];
    snprintf(buf, sizeof buf, "%.10g", v);
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    fputs(buf, out);
}

void xrdi_gp_fixed(FILE *out, double v, int decimals)
{
    char buf[64];
    fputs(xrdi_fmt_fixed(v, decimals, buf, sizeof buf), out);
}
