/* Units of the x axis: names, parsing and conversion between 2-theta, q, s and
 * d. q = 4 pi sin(theta) / lambda = 2 pi / d = 2 pi s.  SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#define DEG (M_PI / 180.0)

const char *xrd_xunit_name(xrd_xunit u)
{
    switch (u) {
    case XRD_X_TWO_THETA_DEG: return "2theta_deg";
    case XRD_X_Q_INV_A: return "q_inv_A";
    case XRD_X_Q_INV_NM: return "q_inv_nm";
    case XRD_X_D_A: return "d_A";
    case XRD_X_S_INV_A: return "s_inv_A";
    case XRD_X_S_INV_NM: return "s_inv_nm";
    }
    return "unknown";
}

typedef struct {
    const char *name;
    xrd_xunit unit;
} unit_alias;

static const unit_alias aliases[] = {
    {"2theta", XRD_X_TWO_THETA_DEG}, {"2theta_deg", XRD_X_TWO_THETA_DEG},
    {"tth", XRD_X_TWO_THETA_DEG},    {"2th", XRD_X_TWO_THETA_DEG},
    {"deg", XRD_X_TWO_THETA_DEG},    {"twotheta", XRD_X_TWO_THETA_DEG},
    {"two_theta", XRD_X_TWO_THETA_DEG},
    {"q", XRD_X_Q_INV_A},            {"q_A", XRD_X_Q_INV_A},
    {"q_inv_A", XRD_X_Q_INV_A},      {"1/A", XRD_X_Q_INV_A},
    {"A^-1", XRD_X_Q_INV_A},         {"A-1", XRD_X_Q_INV_A},
    {"q_nm", XRD_X_Q_INV_NM},        {"q_inv_nm", XRD_X_Q_INV_NM},
    {"1/nm", XRD_X_Q_INV_NM},        {"nm^-1", XRD_X_Q_INV_NM},
    {"nm-1", XRD_X_Q_INV_NM},
    {"d", XRD_X_D_A},                {"d_A", XRD_X_D_A},
    {"dspacing", XRD_X_D_A},         {"d-spacing", XRD_X_D_A},
    {"d_spacing", XRD_X_D_A},
    {"s", XRD_X_S_INV_A},            {"s_A", XRD_X_S_INV_A},
    {"s_inv_A", XRD_X_S_INV_A},      {"s_nm", XRD_X_S_INV_NM},
    {"s_inv_nm", XRD_X_S_INV_NM},
};

int xrd_xunit_parse(const char *s, xrd_xunit *out)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcasecmp(s, aliases[i].name)) {
            if (out)
                *out = aliases[i].unit;
            return 0;
        }
    return -1;
}

/* x in unit u -> q in 1/A; NaN when there is no image. */
static double to_q_inv_A(double x, xrd_xunit u, double lambda_A)
{
    switch (u) {
    case XRD_X_TWO_THETA_DEG:
        if (!(lambda_A > 0) || !isfinite(lambda_A) || !(x >= 0.0 && x <= 180.0))
            return NAN;
        return 4.0 * M_PI * sin(0.5 * x * DEG) / lambda_A;
    case XRD_X_Q_INV_A:
        return x;
    case XRD_X_Q_INV_NM:
        return x / 10.0;
    case XRD_X_D_A:
        return x > 0 ? 2.0 * M_PI / x : NAN;
    case XRD_X_S_INV_A:
        return 2.0 * M_PI * x;
    case XRD_X_S_INV_NM:
        return 2.0 * M_PI * x / 10.0;
    }
    return NAN;
}

static double from_q_inv_A(double q, xrd_xunit u, double lambda_A)
{
    switch (u) {
    case XRD_X_TWO_THETA_DEG: {
        if (!(lambda_A > 0) || !isfinite(lambda_A) || !(q >= 0))
            return NAN;
        double s = q * lambda_A / (4.0 * M_PI);
        if (s > 1.0)
            return NAN;
        return 2.0 * asin(s) / DEG;
    }
    case XRD_X_Q_INV_A:
        return q;
    case XRD_X_Q_INV_NM:
        return q * 10.0;
    case XRD_X_D_A:
        return q > 0 ? 2.0 * M_PI / q : NAN;
    case XRD_X_S_INV_A:
        return q / (2.0 * M_PI);
    case XRD_X_S_INV_NM:
        return q * 10.0 / (2.0 * M_PI);
    }
    return NAN;
}

double xrd_x_convert(double x, xrd_xunit from, xrd_xunit to, double lambda_A)
{
    if (from == to)
        return x;
    if (!isfinite(x))
        return NAN;
    double q = to_q_inv_A(x, from, lambda_A);
    if (isnan(q))
        return NAN;
    return from_q_inv_A(q, to, lambda_A);
}

static int needs_lambda(xrd_xunit a, xrd_xunit b)
{
    return a != b && (a == XRD_X_TWO_THETA_DEG || b == XRD_X_TWO_THETA_DEG);
}

xrd_status xrd_pattern_convert(const xrd_pattern *p, xrd_xunit to, double lambda_A,
                               xrd_pattern **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "convert: no output pointer");
    *out = NULL;
    if (!p)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "convert: no pattern");
    if ((int)to < XRD_X_TWO_THETA_DEG || (int)to > XRD_X_LAST)
        return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0, "convert: unknown x unit %d",
                             (int)to);
    if (needs_lambda(p->unit, to) && (!(lambda_A > 0) || !isfinite(lambda_A)))
        return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                             "converting x from %s to %s needs a positive wavelength in "
                             "Angstrom, found %g",
                             xrd_xunit_name(p->unit), xrd_xunit_name(to), lambda_A);
    xrd_pattern *q = xrd_pattern_clone(p);
    if (!q)
        return xrd_error_set(err, XRD_ERR_NOMEM, p->source, 0, "out of memory converting a pattern");
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        double v = xrd_x_convert(p->x[i], p->unit, to, lambda_A);
        if (isnan(v))
            continue;
        q->x[k] = v;
        q->y[k] = p->y[i];
        q->sigma[k] = p->sigma[i];
        k++;
    }
    q->n = k;
    q->unit = to;
    q->unit_from_header = 0;
    if (k < 2) {
        xrd_pattern_free(q);
        return xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                             "only %zu point%s of the pattern can be expressed in %s at "
                             "lambda = %g A; at least 2 are needed",
                             k, k == 1 ? "" : "s", xrd_xunit_name(to), lambda_A);
    }
    if (q->x[1] < q->x[0]) { /* d falls as q and 2-theta rise: reverse */
        for (size_t i = 0, j = k - 1; i < j; i++, j--) {
            double t = q->x[i];
            q->x[i] = q->x[j];
            q->x[j] = t;
            t = q->y[i];
            q->y[i] = q->y[j];
            q->y[j] = t;
            t = q->sigma[i];
            q->sigma[i] = q->sigma[j];
            q->sigma[j] = t;
        }
    }
    for (size_t i = 1; i < k; i++)
        if (!(q->x[i] > q->x[i - 1])) {
            double a = q->x[i - 1], b = q->x[i];
            xrd_pattern_free(q);
            return xrd_error_set(err, XRD_ERR_NOT_MONOTONIC, p->source, 0,
                                 "converted x is not strictly increasing (%.10g then %.10g); "
                                 "the points are too close to be told apart in %s",
                                 a, b, xrd_xunit_name(to));
        }
    q->n_negative = xrdi_count_negative(q->y, k);
    if (!q->n_negative)
        q->first_negative_line = 0;
    *out = q;
    return XRD_OK;
}
