/* What a series' rows say together: the temperature a file name states, and
 * the straight-line trend of a lattice constant with temperature (its linear
 * expansion coefficient).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "core/numparse.h"
#include "xrdfit/series.h"

double xrd_series_temperature_from_name(const char *path)
{
    if (!path)
        return NAN;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    double t = NAN;
    for (const char *p = base; *p; p++) {
        /* a number that starts a token: not preceded by a letter or digit */
        if (!isdigit((unsigned char)*p) || (p > base && (isalnum((unsigned char)p[-1]) ||
                                                          p[-1] == '.')))
            continue;
        const char *end;
        double v = xrdi_strtod(p, &end);
        if (end == p)
            continue;
        char u = *end;
        /* K or C (deg C), then not a letter: "773K", "500C.xy", "300.5K_" */
        int unit_k = u == 'K' || u == 'k', unit_c = u == 'C' || u == 'c';
        if ((unit_k || unit_c) && !isalpha((unsigned char)end[1])) {
            double tk = unit_c ? v + 273.15 : v;
            if (tk > 0 && tk < 5000)
                t = tk;
        }
        p = end - 1;
    }
    return t;
}

/* a row whose phase k has a lattice constant, an esd and a temperature */
static int usable(const xrd_series_row *r, int k, int np)
{
    return r->converged && (np <= 0 || r->n_phases == np) && isfinite(r->temperature_K) && isfinite(r->phase[k].a_A) &&
           r->phase[k].a_esd_A > 0;
}

xrd_status xrd_series_trend_of(const xrd_series_row *rows, size_t n, int k, int n_phases,
                               xrd_series_trend *out, xrd_error *err)
{
    memset(out, 0, sizeof *out);
    if (!rows || k < 0 || k >= XRD_SERIES_MAX_PHASES)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no phase %d in the series", k);
    double sw = 0, st = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const xrd_series_row *r = &rows[i];
        double e = r->phase[k].a_esd_A;
        if (!usable(r, k, n_phases))
            continue;
        sw += 1.0 / (e * e);
        st += r->temperature_K / (e * e);
        m++;
    }
    if (m < 3)
        return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                             "a trend needs 3 converged patterns with a temperature, found %zu",
                             m);
    double tref = st / sw, sxx = 0, sxy = 0, sy = 0;
    for (size_t i = 0; i < n; i++) {
        const xrd_series_row *r = &rows[i];
        double e = r->phase[k].a_esd_A;
        if (!usable(r, k, n_phases))
            continue;
        double w = 1.0 / (e * e), dt = r->temperature_K - tref;
        sxx += w * dt * dt;
        sxy += w * dt * r->phase[k].a_A;
        sy += w * r->phase[k].a_A;
    }
    if (!(sxx > 0))
        return xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                             "a trend needs patterns at more than one temperature");
    double b = sxy / sxx, a0 = sy / sw, chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        const xrd_series_row *r = &rows[i];
        double e = r->phase[k].a_esd_A;
        if (!usable(r, k, n_phases))
            continue;
        double d = (r->phase[k].a_A - a0 - b * (r->temperature_K - tref)) / e;
        chi2 += d * d;
    }
    double red = chi2 / (double)(m - 2), s = red > 1.0 ? sqrt(red) : 1.0;
    out->n = m;
    out->t_ref_K = tref;
    out->a_ref_A = a0;
    out->slope_A_per_K = b;
    out->slope_esd = s / sqrt(sxx);
    out->alpha_per_K = b / a0;
    out->alpha_esd_per_K = out->slope_esd / a0;
    out->chi2_red = red;
    return XRD_OK;
}

long xrd_series_verdict_change(const xrd_series_row *rows, size_t n)
{
    /* the analysed rows (a verdict), from the last backwards while they agree */
    long last = -1, first = -1;
    for (size_t i = 0; i < n; i++)
        if (rows[i].status == XRD_OK && rows[i].verdict) {
            if (first < 0)
                first = (long)i;
            last = (long)i;
        }
    if (first < 0 || first == last)
        return -1;
    const xrd_series_row *L = &rows[last];
    if (rows[first].verdict == L->verdict && rows[first].n_phases == L->n_phases)
        return -1;
    long c = last;
    for (long i = last - 1; i >= first; i--) {
        const xrd_series_row *r = &rows[i];
        if (r->status != XRD_OK || !r->verdict)
            continue;
        if (r->verdict != L->verdict || r->n_phases != L->n_phases)
            break;
        c = i;
    }
    return c;
}
