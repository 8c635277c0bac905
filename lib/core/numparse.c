/* Locale-independent decimal number parsing.
 * Exact (correctly rounded) when the significand has at most 15-16 digits and
 * the decimal exponent is within +-22 (Clinger's fast path), which covers every
 * number in measured data files; otherwise accurate to about one ulp.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/numparse.h"

#include <math.h>
#include <stdint.h>
#include <strings.h>

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

double xrdi_strtod(const char *s, const char **end)
{
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = (*p++ == '-');
    if ((*p == 'i' || *p == 'I') && !strncasecmp(p, "inf", 3)) {
        p += strncasecmp(p, "infinity", 8) ? 3 : 8;
        if (end)
            *end = p;
        return neg ? -INFINITY : INFINITY;
    }
    if ((*p == 'n' || *p == 'N') && !strncasecmp(p, "nan", 3)) {
        if (end)
            *end = p + 3;
        return NAN;
    }
    uint64_t mant = 0;
    int dropped = 0, any = 0;
    long exp10 = 0;
    while (is_digit(*p)) {
        any = 1;
        if (mant < 100000000000000000ULL) {
            mant = mant * 10 + (uint64_t)(*p - '0');
        } else {
            dropped++;
        }
        p++;
    }
    exp10 += dropped;
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            any = 1;
            if (mant < 100000000000000000ULL) {
                mant = mant * 10 + (uint64_t)(*p - '0');
                exp10--;
            }
            p++;
        }
    }
    if (!any) {
        if (end)
            *end = s;
        return 0.0;
    }
    if (*p == 'e' || *p == 'E' || *p == 'd' || *p == 'D') {
        const char *q = p + 1;
        int eneg = 0;
        if (*q == '+' || *q == '-')
            eneg = (*q++ == '-');
        if (is_digit(*q)) {
            long e = 0;
            while (is_digit(*q)) {
                if (e < 100000)
                    e = e * 10 + (*q - '0');
                q++;
            }
            exp10 += eneg ? -e : e;
            p = q;
        }
    }
    if (end)
        *end = p;
    double v;
    if (mant == 0) {
        v = 0.0;
    } else if (mant < (1ULL << 53) && exp10 >= -22 && exp10 <= 22) {
        v = (double)mant;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
    } else {
        long double lv = (long double)mant * powl(10.0L, (long double)exp10);
        v = (double)lv;
    }
    return neg ? -v : v;
}

int xrdi_parse_finite(const char *s, double *out)
{
    if (!s)
        return -1;
    while (*s == ' ' || *s == '\t')
        s++;
    const char *end;
    double v = xrdi_strtod(s, &end);
    if (end == s)
        return -1;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
