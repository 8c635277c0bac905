/* What the header of a text pattern says: the x unit and the wavelength.
 * The header is the text before the first data line (titles and comments).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "core/numparse.h"
#include "pattern/pattern_internal.h"

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static int is_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Position of key (lower case ASCII or UTF-8) in s[0..n), case-insensitive,
 * starting at a word boundary (not preceded by a letter or digit); -1 if absent.
 * When whole_word, the match must also not be followed by a letter. */
static long find_key(const char *s, size_t n, const char *key, int whole_word)
{
    size_t k = strlen(key);
    if (k == 0 || k > n)
        return -1;
    for (size_t i = 0; i + k <= n; i++) {
        if (i > 0 && is_alnum((unsigned char)s[i - 1]))
            continue;
        size_t j = 0;
        while (j < k && lower((unsigned char)s[i + j]) == (unsigned char)key[j])
            j++;
        if (j < k)
            continue;
        if (whole_word && i + k < n && is_alpha((unsigned char)s[i + k]))
            continue;
        return (long)i;
    }
    return -1;
}

typedef struct {
    const char *key;
    int whole_word;
    xrd_xunit unit;
} unit_key;

/* Checked in this order within a line: the most specific statements first. */
static const unit_key unit_keys[] = {
    /* s = 1/d = q / 2 pi before the q units its titles contain */
    {"s (1/nm", 0, XRD_X_S_INV_NM},
    {"s(1/nm", 0, XRD_X_S_INV_NM},
    {"s_nm", 1, XRD_X_S_INV_NM},
    {"s_inv_nm", 1, XRD_X_S_INV_NM},
    {"s (1/a", 0, XRD_X_S_INV_A},
    {"s(1/a", 0, XRD_X_S_INV_A},
    {"s_inv_a", 1, XRD_X_S_INV_A},
    {"inverse nanomet", 0, XRD_X_Q_INV_NM},
    {"q_nm", 0, XRD_X_Q_INV_NM},
    {"q (nm", 0, XRD_X_Q_INV_NM},
    {"q(nm", 0, XRD_X_Q_INV_NM},
    {"nm^-1", 0, XRD_X_Q_INV_NM},
    {"nm-1", 1, XRD_X_Q_INV_NM},
    {"1/nm", 1, XRD_X_Q_INV_NM},
    {"nm\xe2\x81\xbb\xc2\xb9", 0, XRD_X_Q_INV_NM}, /* nm superscript -1 */
    {"inverse angstr", 0, XRD_X_Q_INV_A},
    {"q_a", 1, XRD_X_Q_INV_A},
    {"q (a", 1, XRD_X_Q_INV_A},
    {"q(a", 1, XRD_X_Q_INV_A},
    {"a^-1", 1, XRD_X_Q_INV_A},
    {"1/a", 1, XRD_X_Q_INV_A},
    {"angstrom^-1", 0, XRD_X_Q_INV_A},
    {"\xc3\xa5^-1", 0, XRD_X_Q_INV_A}, /* lower-case a-ring: our matcher folds only ASCII */
    {"\xc3\x85^-1", 0, XRD_X_Q_INV_A},
    {"1/\xc3\x85", 0, XRD_X_Q_INV_A},
    {"d-spacing", 0, XRD_X_D_A},
    {"d_spacing", 0, XRD_X_D_A},
    {"dspacing", 0, XRD_X_D_A},
    {"d spacing", 0, XRD_X_D_A},
    {"d (a)", 0, XRD_X_D_A},
    {"d(a)", 0, XRD_X_D_A},
    {"d_a", 1, XRD_X_D_A},
    {"d (\xc3\x85)", 0, XRD_X_D_A},
    {"2theta", 0, XRD_X_TWO_THETA_DEG},
    {"2-theta", 0, XRD_X_TWO_THETA_DEG},
    {"2 theta", 0, XRD_X_TWO_THETA_DEG},
    {"two_theta", 0, XRD_X_TWO_THETA_DEG},
    {"twotheta", 0, XRD_X_TWO_THETA_DEG},
    {"2th", 1, XRD_X_TWO_THETA_DEG},
    {"tth", 1, XRD_X_TWO_THETA_DEG},
    {"2\xce\xb8", 0, XRD_X_TWO_THETA_DEG}, /* 2 theta (Greek) */
};

static int line_unit(const char *s, size_t n, xrd_xunit *out)
{
    for (size_t i = 0; i < sizeof unit_keys / sizeof unit_keys[0]; i++)
        if (find_key(s, n, unit_keys[i].key, unit_keys[i].whole_word) >= 0) {
            *out = unit_keys[i].unit;
            return 1;
        }
    return 0;
}

int xrdi_header_unit(const char *hdr, size_t len, xrd_xunit *out)
{
    /* Walk the lines backwards: the column titles just above the data win. */
    size_t end = len;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && hdr[start - 1] != '\n')
            start--;
        if (line_unit(hdr + start, end - start, out))
            return 1;
        end = start > 0 ? start - 1 : 0;
    }
    return 0;
}

/* Start of the number that follows a keyword in s[0..n) (skipping separators
 * and short words), or -1 when none starts within 32 characters or the digits
 * belong to a word. */
static long number_start(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 32) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9')
            break;
        if (c == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
            break;
        i++;
    }
    if (i >= n || i >= 32)
        return -1;
    if (i > 0 && is_alnum((unsigned char)s[i - 1]))
        return -1;
    return (long)i;
}

/* Wavelength stated right after a keyword at s[0..n) (the text following the
 * key); 0 if no plausible value (0.01 to 20 Angstrom after unit conversion). */
static double value_after(const char *s, size_t n)
{
    /* skip separators and short words ("is", "(A)", ":", "=", quotes) */
    long at = number_start(s, n);
    if (at < 0)
        return 0; /* none, or digits inside a word such as LaB6 */
    size_t i = (size_t)at;
    if (i > 0 && (s[i - 1] == '-' || s[i - 1] == '+'))
        i--;
    char num[64];
    size_t k = 0;
    while (i + k < n && k < sizeof num - 1 && s[i + k] != '\n' && s[i + k] != '\r') {
        num[k] = s[i + k];
        k++;
    }
    num[k] = '\0';
    const char *end;
    double v = xrdi_strtod(num, &end);
    if (end == num || !isfinite(v) || v <= 0)
        return 0;
    while (*end == ' ' || *end == '\t' || *end == '"' || *end == '\'' || *end == ',')
        end++;
    if (end[0] == 'm' && !is_alpha((unsigned char)end[1]))
        v *= 1e10; /* metres */
    else if (end[0] == 'n' && end[1] == 'm' && !is_alpha((unsigned char)end[2]))
        v *= 10.0;
    else if (end[0] == 'p' && end[1] == 'm' && !is_alpha((unsigned char)end[2]))
        v *= 0.01;
    else if (v > 1e-12 && v < 1e-8)
        v *= 1e10; /* no unit, but only metres make sense */
    return (v >= 0.01 && v <= 20.0) ? v : 0;
}

double xrdi_header_wavelength(const char *hdr, size_t len)
{
    static const char *const keys[] = {"wavelength", "lambda"};
    size_t start = 0;
    while (start < len) {
        size_t end = start;
        while (end < len && hdr[end] != '\n')
            end++;
        const char *line = hdr + start;
        size_t n = end - start;
        for (size_t k = 0; k < 2; k++) {
            size_t off = 0;
            for (;;) {
                long at = find_key(line + off, n - off, keys[k], 0);
                if (at < 0)
                    break;
                size_t after = off + (size_t)at + strlen(keys[k]);
                double v = value_after(line + after, n - after);
                if (v > 0)
                    return v;
                off = after;
            }
        }
        start = end + 1;
    }
    return 0;
}

/* Time per step after a keyword: seconds, or ms / min with their unit; 0 when
 * none or implausible (1 ms to 1 h). */
static double seconds_after(const char *s, size_t n)
{
    long at = number_start(s, n);
    if (at < 0)
        return 0;
    char num[64];
    size_t k = 0;
    while ((size_t)at + k < n && k < sizeof num - 1 && s[at + k] != '\n' && s[at + k] != '\r') {
        num[k] = s[at + k];
        k++;
    }
    num[k] = '\0';
    const char *end;
    double v = xrdi_strtod(num, &end);
    if (end == num || !isfinite(v) || v <= 0)
        return 0;
    while (*end == ' ' || *end == '\t' || *end == '"' || *end == '\'' || *end == '(')
        end++;
    if (end[0] == 'm' && end[1] == 's' && !is_alpha((unsigned char)end[2]))
        v *= 1e-3;
    else if (end[0] == 'm' && end[1] == 'i' && end[2] == 'n')
        v *= 60.0;
    return (v >= 1e-3 && v <= 3600.0) ? v : 0;
}

double xrdi_header_time_per_step(const char *hdr, size_t len)
{
    static const char *const keys[] = {"time per step", "time/step", "time_per_step",
                                       "step time",     "steptime",  "time per point",
                                       "counting time", "count time"};
    size_t start = 0;
    while (start < len) {
        size_t end = start;
        while (end < len && hdr[end] != '\n')
            end++;
        const char *line = hdr + start;
        size_t n = end - start;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            long at = find_key(line, n, keys[k], 0);
            if (at < 0)
                continue;
            size_t after = (size_t)at + strlen(keys[k]);
            double v = seconds_after(line + after, n - after);
            if (v > 0)
                return v;
        }
        start = end + 1;
    }
    return 0;
}
