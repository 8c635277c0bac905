/* exp(x) for -700 <= x <= 0 without a library call, so that loops using it
 * vectorise: x = k ln2 + r (|r| <= ln2/2, ln2 in two parts), e^r by its Taylor
 * series to r^12 (truncation < 2e-16), 2^k put into the exponent bits. Worst
 * relative error against glibc's exp over [-700, 0] in steps of 1e-4: 4.7e-16.
 * Outside that range the result is meaningless: callers select it away.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_FASTEXP_H
#define XRDFIT_CORE_FASTEXP_H

#include <stdint.h>
#include <string.h>

static inline double xrdi_exp_neg(double x)
{
    const double shifter = 6755399441055744.0; /* 1.5 * 2^52: x log2e + it rounds to k */
    const double log2e = 1.4426950408889634074;
    const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    double kd = x * log2e + shifter;
    uint64_t kb;
    memcpy(&kb, &kd, sizeof kb);
    kd -= shifter;
    const double r = (x - kd * ln2_hi) - kd * ln2_lo;
    double p = 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    /* the low bits of x log2e + shifter hold k + 0x4338000000000000 */
    const uint64_t sb = (kb - UINT64_C(0x4338000000000000) + 1023) << 52;
    double s;
    memcpy(&s, &sb, sizeof s);
    return p * s;
}

#endif
