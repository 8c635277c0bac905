/* Values with a standard uncertainty in the crystallographic notation
 * "3.775(1)": the esd counts units of the value's last decimal.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/numparse.h"
#include "xrdfit/vegard.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static xrd_status bad(xrd_error *err, const char *text, const char *why)
{
    return xrd_error_set(err, XRD_ERR_PARSE, NULL, 0,
                         "expected a number with an optional esd in parentheses, like 3.775(1) "
                         "or 3.6149(12), found '%.64s'%s%s",
                         text ? text : "", why ? ": " : "", why ? why : "");
}

xrd_status xrd_parse_value_esd(const char *text, double *value, double *esd, xrd_error *err)
{
    if (!text || !*text)
        return bad(err, text, "empty");
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    int n_int = 0, n_dec = 0, has_exp = 0;
    while (is_digit(*p)) {
        p++;
        n_int++;
    }
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            p++;
            n_dec++;
        }
    }
    if (n_int + n_dec == 0)
        return bad(err, text, NULL);
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        if (*q == '+' || *q == '-')
            q++;
        if (!is_digit(*q))
            return bad(err, text, "incomplete exponent");
        while (is_digit(*q))
            q++;
        has_exp = 1;
        p = q;
    }
    const char *num_end = p;
    double e = 0.0;
    if (*p == '(') {
        if (has_exp)
            return bad(err, text, "an exponent cannot be combined with an esd in parentheses");
        p++;
        uint64_t n = 0;
        int nd = 0;
        while (is_digit(*p)) {
            if (nd < 15)
                n = n * 10 + (uint64_t)(*p - '0');
            nd++;
            p++;
        }
        if (nd == 0 || *p != ')')
            return bad(err, text, "the esd in parentheses is incomplete");
        if (nd > 15)
            return bad(err, text, "the esd has too many digits");
        p++;
        if (n == 0)
            return bad(err, text, "an esd of (0) is not an uncertainty; leave it out");
        if (n_dec > 22)
            return bad(err, text, "too many decimals");
        e = (double)n / pow(10.0, n_dec);
    }
    if (*p != '\0')
        return bad(err, text, "unexpected text after the number");
    const char *end = NULL;
    double v = xrdi_strtod(text, &end);
    if (end != num_end || !isfinite(v))
        return bad(err, text, "not a finite number");
    *value = v;
    *esd = e;
    return XRD_OK;
}
