/* Values with standard uncertainties in the 3.775(1) notation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>

#include "core/numfmt.h"
#include "xrdfit/report.h"

char *xrd_format_esd(double value, double esd, int digits, char *buf, size_t n)
{
    if (!isfinite(value)) {
        snprintf(buf, n, "n/a");
        return buf;
    }
    if (!(isfinite(esd) && esd > 0)) {
        xrdi_fmt_fixed(value, digits, buf, n);
        return buf;
    }
    /* decimals so that the esd shows one significant digit, two when its
     * first significant digit is 1 (IUCr: 0.0012 -> (12), 0.003 -> (3)) */
    int dec = (int)ceil(-log10(esd));
    double lead = esd * pow(10.0, dec); /* in [1, 10) */
    if (lead >= 9.5) {                  /* rounds up to the next decade */
        dec -= 1;
        lead /= 10.0;
    }
    if (lead < 1.95)
        dec += 1;
    if (dec < 0)
        dec = 0;
    if (dec > 12)
        dec = 12;
    long e = lround(esd * pow(10.0, dec));
    if (e < 1)
        e = 1;
    char v[64];
    xrdi_fmt_fixed(value, dec, v, sizeof v);
    snprintf(buf, n, "%s(%ld)", v, e);
    return buf;
}
