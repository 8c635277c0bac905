/* Peak profiles: unit area, derivatives, limits, widths, windows, FCJ asymmetry,
 * doublet positions. SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "harness.h"
#include "xrdfit/profile.h"

#define NPAR_SETS 3
typedef struct {
    xrd_profile_kind kind;
    int nsets;
    double p[NPAR_SETS][XRD_PROFILE_MAX_SHAPE];
} shape_cases;

/* several parameter sets per shape: eta near 0 and 1, m near 0.6 and 10, asymmetric split */
static const shape_cases cases[XRD_PROFILE_NKINDS] = {
    {XRD_PROFILE_GAUSSIAN, 2, {{0.5}, {2.0}}},
    {XRD_PROFILE_LORENTZIAN, 2, {{0.5}, {3.0}}},
    {XRD_PROFILE_PSEUDO_VOIGT, 3, {{1.0, 0.001}, {1.0, 0.5}, {0.7, 0.999}}},
    {XRD_PROFILE_TCH, 3, {{0.5, 0.3}, {0.1, 1.0}, {1.0, 0.01}}},
    {XRD_PROFILE_PEARSON7, 3, {{1.0, 0.6}, {0.8, 1.5}, {1.2, 10.0}}},
    {XRD_PROFILE_SPLIT_PEARSON7, 2, {{0.6, 1.4, 0.8, 3.0}, {1.5, 0.5, 6.0, 1.2}}},
    {XRD_PROFILE_VOIGT, 3, {{0.5, 0.3}, {0.2, 1.0}, {1.0, 0.05}}},
    {XRD_PROFILE_TCH_PEARSON7, 3, {{0.5, 0.3}, {0.1, 1.0}, {1.0, 0.01}}},
};

static double value_at(const xrd_profile_type *t, const double *shape, double x)
{
    double v;
    t->eval(&x, 1, shape, &v, NULL, NULL);
    return v;
}

typedef struct {
    const xrd_profile_type *t;
    const double *shape;
} prof_ctx;

static double prof_fn(double x, void *vp)
{
    const prof_ctx *c = vp;
    return value_at(c->t, c->shape, x);
}

/* integral of the profile over (lo, hi); lo/hi may be -INFINITY/INFINITY */
static double integrate(const xrd_profile_type *t, const double *shape, double lo, double hi,
                        int *ok)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    prof_ctx c = {t, shape};
    gsl_function f = {prof_fn, &c};
    double r = 0.0, e = 0.0;
    int st;
    if (isinf(lo) && isinf(hi))
        st = gsl_integration_qagi(&f, 1e-13, 1e-11, 2000, ws, &r, &e);
    else if (isinf(lo))
        st = gsl_integration_qagil(&f, hi, 1e-13, 1e-11, 2000, ws, &r, &e);
    else if (isinf(hi))
        st = gsl_integration_qagiu(&f, lo, 1e-13, 1e-11, 2000, ws, &r, &e);
    else
        st = gsl_integration_qags(&f, lo, hi, 1e-13, 1e-11, 2000, ws, &r, &e);
    gsl_integration_workspace_free(ws);
    *ok = st == GSL_SUCCESS || e < 1e-8;
    return r;
}

static double prof_log_fn(double y, void *vp)
{
    const prof_ctx *c = vp;
    const double x = exp(y);
    return (value_at(c->t, c->shape, x) + value_at(c->t, c->shape, -x)) * x;
}

/* integral over b <= |x| <= w through x = exp(y) (power-law tails over many decades) */
static double integrate_log(const xrd_profile_type *t, const double *shape, double b, double w,
                            int *ok)
{
    if (!(w > b)) {
        *ok = 1;
        return 0.0;
    }
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    prof_ctx c = {t, shape};
    gsl_function f = {prof_log_fn, &c};
    double r = 0.0, e = 0.0;
    int st = gsl_integration_qags(&f, log(b), log(w), 1e-14, 1e-11, 2000, ws, &r, &e);
    gsl_integration_workspace_free(ws);
    *ok = st == GSL_SUCCESS || e < 1e-10;
    return r;
}

static void test_registry(void)
{
    for (int k = 0; k < XRD_PROFILE_NKINDS; k++) {
        const xrd_profile_type *t = xrd_profile_get((xrd_profile_kind)k);
        ASSERT(t != NULL);
        ASSERT(t->kind == (xrd_profile_kind)k);
        ASSERT(t->n_shape >= 1 && t->n_shape <= XRD_PROFILE_MAX_SHAPE);
        for (int j = 0; j < t->n_shape; j++)
            ASSERT(t->shape_names[j] != NULL);
        ASSERT(xrd_profile_by_name(t->name) == t);
    }
    ASSERT(xrd_profile_by_name("Pseudo-Voigt") == xrd_profile_get(XRD_PROFILE_PSEUDO_VOIGT));
    ASSERT(xrd_profile_by_name("gauss") == NULL);
    ASSERT(xrd_profile_by_name(NULL) == NULL);
    ASSERT(xrd_profile_get((xrd_profile_kind)99) == NULL);
    const double bad_pv[2] = {1.0, 1.5}, bad_p7[2] = {1.0, 0.5}, bad_g[1] = {0.0};
    ASSERT(!xrd_profile_get(XRD_PROFILE_PSEUDO_VOIGT)->valid(bad_pv));
    ASSERT(!xrd_profile_get(XRD_PROFILE_PEARSON7)->valid(bad_p7));
    ASSERT(!xrd_profile_get(XRD_PROFILE_GAUSSIAN)->valid(bad_g));
}

static void test_unit_area(void)
{
    for (int k = 0; k < XRD_PROFILE_NKINDS; k++) {
        const xrd_profile_type *t = xrd_profile_get(cases[k].kind);
        for (int s = 0; s < cases[k].nsets; s++) {
            const double *p = cases[k].p[s];
            ASSERT(t->valid(p));
            int ok1, ok2;
            /* split at the centre: the split Pearson VII has a kink there */
            const double a = integrate(t, p, -INFINITY, 0.0, &ok1) +
                             integrate(t, p, 0.0, INFINITY, &ok2);
            ASSERT_MSG(ok1 && ok2, "%s set %d: integration failed", t->name, s);
            ASSERT_MSG(fabs(a - 1.0) < 1e-6, "%s set %d: area %.10f", t->name, s, a);
        }
    }
}

/* analytic d/d dx and d/d shape[j] against central differences */
static void test_derivatives(void)
{
    const double u[] = {-7.0, -2.2, -0.9, -0.3, -0.05, 0.0, 0.04, 0.31, 0.75, 1.6, 4.0, 25.0};
    enum { NU = sizeof u / sizeof u[0] };
    for (int k = 0; k < XRD_PROFILE_NKINDS; k++) {
        const xrd_profile_type *t = xrd_profile_get(cases[k].kind);
        const int ns = t->n_shape;
        for (int s = 0; s < cases[k].nsets; s++) {
            const double *p = cases[k].p[s];
            const double H = t->fwhm(p);
            double dx[NU], v[NU], ddx[NU], dsh[XRD_PROFILE_MAX_SHAPE * NU];
            for (int i = 0; i < NU; i++)
                dx[i] = u[i] * H;
            t->eval(dx, NU, p, v, ddx, dsh);
            /* d/d dx */
            double scale = 0.0;
            double num[NU];
            for (int i = 0; i < NU; i++) {
                if (u[i] == 0.0 && cases[k].kind == XRD_PROFILE_SPLIT_PEARSON7) {
                    num[i] = 0.0; /* one-sided derivatives are both 0 there */
                    continue;
                }
                const double h = 1e-5 * H;
                num[i] = (value_at(t, p, dx[i] + h) - value_at(t, p, dx[i] - h)) / (2.0 * h);
                if (fabs(num[i]) > scale)
                    scale = fabs(num[i]);
            }
            for (int i = 0; i < NU; i++)
                ASSERT_MSG(fabs(ddx[i] - num[i]) <= 1e-6 * scale + 1e-6 * fabs(num[i]),
                           "%s set %d: d/ddx at %g: %.12g vs %.12g", t->name, s, dx[i], ddx[i],
                           num[i]);
            /* d/d shape[j] */
            for (int j = 0; j < ns; j++) {
                double pp[XRD_PROFILE_MAX_SHAPE], pm[XRD_PROFILE_MAX_SHAPE];
                const double h = 1e-5 * (fabs(p[j]) > 1e-3 ? fabs(p[j]) : 1e-3);
                scale = 0.0;
                for (int i = 0; i < NU; i++) {
                    memcpy(pp, p, sizeof pp);
                    memcpy(pm, p, sizeof pm);
                    pp[j] += h;
                    pm[j] -= h;
                    num[i] = (value_at(t, pp, dx[i]) - value_at(t, pm, dx[i])) / (2.0 * h);
                    if (fabs(num[i]) > scale)
                        scale = fabs(num[i]);
                }
                for (int i = 0; i < NU; i++)
                    ASSERT_MSG(fabs(dsh[j * NU + i] - num[i]) <= 1e-6 * scale + 1e-6 * fabs(num[i]),
                               "%s set %d: d/d%s at %g: %.12g vs %.12g", t->name, s,
                               t->shape_names[j], dx[i], dsh[j * NU + i], num[i]);
            }
        }
    }
}

static void test_tch_mix(void)
{
    const double pairs[][2] = {{0.5, 0.3}, {0.1, 1.0}, {1.0, 0.01}, {0.3, 0.0}};
    for (size_t c = 0; c < sizeof pairs / sizeof pairs[0]; c++) {
        const double hg = pairs[c][0], hl = pairs[c][1];
        double H, eta, a, b, d, e;
        xrd_tch_mix(hg, hl, &H, &eta, &a, &b, &d, &e);
        ASSERT(eta >= 0.0 && eta <= 1.0 && H >= fmax(hg, hl) * 0.99);
        const double h = 1e-6;
        double Hp, Hm, ep, em;
        xrd_tch_mix(hg + h, hl, &Hp, &ep, NULL, NULL, NULL, NULL);
        xrd_tch_mix(hg - h, hl, &Hm, &em, NULL, NULL, NULL, NULL);
        ASSERT_NEAR(a, (Hp - Hm) / (2 * h), 1e-7);
        ASSERT_NEAR(d, (ep - em) / (2 * h), 1e-7 * fmax(1.0, fabs(d)));
        xrd_tch_mix(hg, hl + h, &Hp, &ep, NULL, NULL, NULL, NULL);
        xrd_tch_mix(hg, fabs(hl - h), &Hm, &em, NULL, NULL, NULL, NULL);
        if (hl > h) {
            ASSERT_NEAR(b, (Hp - Hm) / (2 * h), 1e-7);
            ASSERT_NEAR(e, (ep - em) / (2 * h), 1e-7 * fmax(1.0, fabs(e)));
        }
    }
}

static void test_tch_limits(void)
{
    const xrd_profile_type *tch = xrd_profile_get(XRD_PROFILE_TCH);
    const xrd_profile_type *g = xrd_profile_get(XRD_PROFILE_GAUSSIAN);
    const xrd_profile_type *l = xrd_profile_get(XRD_PROFILE_LORENTZIAN);
    const double pg[2] = {0.7, 0.0}, pl[2] = {0.0, 0.9};
    for (double x = -3.0; x <= 3.0; x += 0.125) {
        const double vg = value_at(g, &pg[0], x), vl = value_at(l, &pl[1], x);
        ASSERT_NEAR(value_at(tch, pg, x), vg, 1e-12 * value_at(g, &pg[0], 0.0));
        /* eta(hg = 0) = 1.36603 - 0.47719 + 0.11116 = 1 */
        ASSERT_NEAR(value_at(tch, pl, x), vl, 1e-12 * value_at(l, &pl[1], 0.0));
    }
}

static void test_pearson7_limits(void)
{
    const xrd_profile_type *p7 = xrd_profile_get(XRD_PROFILE_PEARSON7);
    const xrd_profile_type *g = xrd_profile_get(XRD_PROFILE_GAUSSIAN);
    const xrd_profile_type *l = xrd_profile_get(XRD_PROFILE_LORENTZIAN);
    const double H = 0.8;
    const double m1[2] = {H, 1.0}, mbig[2] = {H, 1e4};
    const double peak = value_at(g, &H, 0.0);
    for (double x = -4.0; x <= 4.0; x += 0.05) {
        const double vl = value_at(l, &H, x);
        ASSERT_NEAR(value_at(p7, m1, x), vl, 1e-13 * value_at(l, &H, 0.0) + 1e-13 * vl);
        ASSERT_NEAR(value_at(p7, mbig, x), value_at(g, &H, x), 1e-3 * peak);
    }
}

static void test_voigt_limits(void)
{
    const xrd_profile_type *v = xrd_profile_get(XRD_PROFILE_VOIGT);
    const xrd_profile_type *g = xrd_profile_get(XRD_PROFILE_GAUSSIAN);
    const xrd_profile_type *l = xrd_profile_get(XRD_PROFILE_LORENTZIAN);
    const double hg = 0.6, hl = 0.9;
    const double pg0[2] = {hg, 0.0}, pg1[2] = {hg, 1e-9}, pl0[2] = {0.0, hl},
                 pl1[2] = {1e-6, hl};
    const double peak_g = value_at(g, &hg, 0.0), peak_l = value_at(l, &hl, 0.0);
    for (double x = -3.0; x <= 3.0; x += 0.1) {
        ASSERT_NEAR(value_at(v, pg0, x), value_at(g, &hg, x), 1e-12 * peak_g);
        ASSERT_NEAR(value_at(v, pg1, x), value_at(g, &hg, x), 1e-7 * peak_g);
        ASSERT_NEAR(value_at(v, pl0, x), value_at(l, &hl, x), 1e-14 * peak_l);
        ASSERT_NEAR(value_at(v, pl1, x), value_at(l, &hl, x), 1e-7 * peak_l);
    }
}

/* x > 0 (or < 0 for side = -1) where the profile falls to half its maximum */
static double half_point(const xrd_profile_type *t, const double *p, double side)
{
    const double half = 0.5 * value_at(t, p, 0.0);
    double lo = 0.0, hi = 1.0;
    while (value_at(t, p, side * hi) > half)
        hi *= 2.0;
    for (int it = 0; it < 200; it++) {
        const double mid = 0.5 * (lo + hi);
        if (value_at(t, p, side * mid) > half)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void test_fwhm_and_breadth(void)
{
    for (int k = 0; k < XRD_PROFILE_NKINDS; k++) {
        const xrd_profile_type *t = xrd_profile_get(cases[k].kind);
        for (int s = 0; s < cases[k].nsets; s++) {
            const double *p = cases[k].p[s];
            const double w = half_point(t, p, 1.0) + half_point(t, p, -1.0);
            ASSERT_MSG(fabs(w - t->fwhm(p)) <= 1e-9 * w, "%s set %d: FWHM %.12g vs fwhm() %.12g",
                       t->name, s, w, t->fwhm(p));
            const double ib = 1.0 / value_at(t, p, 0.0);
            ASSERT_MSG(fabs(ib - t->integral_breadth(p)) <= 1e-10 * ib,
                       "%s set %d: breadth %.12g vs %.12g", t->name, s, ib,
                       t->integral_breadth(p));
        }
    }
}

static void test_window(void)
{
    const double tails[] = {1e-3, 1e-5};
    for (int k = 0; k < XRD_PROFILE_NKINDS; k++) {
        const xrd_profile_type *t = xrd_profile_get(cases[k].kind);
        for (int s = 0; s < cases[k].nsets; s++) {
            const double *p = cases[k].p[s];
            for (int q = 0; q < 2; q++) {
                const double w = t->window(p, tails[q]);
                ASSERT_MSG(isfinite(w) && w > 0.0, "%s set %d: window %g", t->name, s, w);
                /* 1 - area inside (unit area is tested above), with breakpoints so the
                 * heavy-tailed shapes (window up to 1e14 H for m = 0.6) integrate well */
                const double b = fmin(w, 10.0 * t->fwhm(p));
                int ok[4];
                const double in = integrate_log(t, p, b, w, &ok[0]) +
                                  integrate(t, p, -b, 0.0, &ok[1]) +
                                  integrate(t, p, 0.0, b, &ok[2]);
                ok[3] = 1;
                const double out = 1.0 - in;
                ASSERT_MSG(ok[0] && ok[1] && ok[2] && ok[3], "%s set %d: integration failed",
                           t->name, s);
                /* the rule is exact for the pure shapes: allow rounding only */
                ASSERT_MSG(out <= tails[q] * (1.0 + 1e-6) && out > 0.1 * tails[q],
                           "%s set %d: area %.3g outside +-%g for tail %g", t->name, s, out, w,
                           tails[q]);
            }
        }
    }
    /* Pearson VII window over a range of m (Student t quantiles) */
    const xrd_profile_type *p7 = xrd_profile_get(XRD_PROFILE_PEARSON7);
    const double ms[] = {0.51, 0.75, 1.0, 2.5, 40.0, 1e3, 1e6, 1e9};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        const double p[2] = {1.0, ms[i]};
        const double w = p7->window(p, 1e-3);
        ASSERT_MSG(isfinite(w) && w > 0.0, "pearson7 m=%g: window %g", ms[i], w);
    }
}

static void test_tch_widths(void)
{
    const double uvwxy[5] = {0.01, -0.005, 0.004, 0.02, 0.03};
    double hg, hl, dg[5], dl[5];
    xrd_error err;
    ASSERT(xrd_tch_widths(uvwxy, 60.0, &hg, &hl, dg, dl, &err) == XRD_OK);
    const double t = tan(30.0 * M_PI / 180.0), c = cos(30.0 * M_PI / 180.0);
    ASSERT_NEAR(hg, sqrt(0.01 * t * t - 0.005 * t + 0.004), 1e-14);
    ASSERT_NEAR(hl, 0.02 * t + 0.03 / c, 1e-14);
    for (int k = 0; k < 5; k++) {
        double up[5], um[5], gp, gm, lp, lm;
        memcpy(up, uvwxy, sizeof up);
        memcpy(um, uvwxy, sizeof um);
        up[k] += 1e-7;
        um[k] -= 1e-7;
        ASSERT(xrd_tch_widths(up, 60.0, &gp, &lp, NULL, NULL, NULL) == XRD_OK);
        ASSERT(xrd_tch_widths(um, 60.0, &gm, &lm, NULL, NULL, NULL) == XRD_OK);
        ASSERT_NEAR(dg[k], (gp - gm) / 2e-7, 1e-6 * fmax(1.0, fabs(dg[k])));
        ASSERT_NEAR(dl[k], (lp - lm) / 2e-7, 1e-6 * fmax(1.0, fabs(dl[k])));
    }
    const double neg[5] = {0.0, 0.0, -0.001, 0.0, 0.01};
    ASSERT(xrd_tch_widths(neg, 40.0, &hg, &hl, NULL, NULL, &err) == XRD_ERR_NUMERIC);
    ASSERT(err.code == XRD_ERR_NUMERIC && err.message[0] != '\0');
    ASSERT(xrd_tch_widths(uvwxy, 180.0, &hg, &hl, NULL, NULL, &err) == XRD_ERR_INVALID);
}

static void test_doublet(void)
{
    const double lam[3] = {1.540562, 1.544390, 5.0};
    double tt[3];
    const double d = 2.087;
    ASSERT(xrd_doublet_positions(d, lam, 3, tt) == 2);
    for (int k = 0; k < 2; k++) {
        /* back into Bragg's law: lambda = 2 d sin(theta) */
        ASSERT_NEAR(2.0 * d * sin(tt[k] * M_PI / 360.0), lam[k], 1e-13);
        ASSERT(tt[k] > 43.0 && tt[k] < 43.6);
    }
    ASSERT(isnan(tt[2]));
    /* splitting close to the differential 2 tan(theta) dlambda/lambda, but not equal */
    const double lin = 2.0 * tan(tt[0] * M_PI / 360.0) * (lam[1] - lam[0]) / lam[0] * 180.0 / M_PI;
    ASSERT(fabs((tt[1] - tt[0]) / lin - 1.0) < 1e-2);
    ASSERT(fabs((tt[1] - tt[0]) - lin) > 1e-6);
    ASSERT(xrd_doublet_positions(-1.0, lam, 3, tt) == 0 && isnan(tt[0]));
}

/* ---------- FCJ ---------- */

/* independent FCJ weight, straight from cos(2phi) = cos(2theta0) sqrt(1 + hp^2) */
typedef struct {
    const xrd_profile_type *t;
    const double *shape;
    double tt0, s, h, x;
    int with_profile;
} fcj_ref_ctx;

static double fcj_ref_w(double phi_deg, void *vp)
{
    const fcj_ref_ctx *c = vp;
    const double phi = phi_deg * M_PI / 180.0, tt = c->tt0 * M_PI / 180.0;
    const double r = cos(phi) * cos(phi) / (cos(tt) * cos(tt)) - 1.0;
    if (!(r > 0.0))
        return 0.0;
    const double hp = sqrt(r);
    double num;
    if (hp <= fabs(c->h - c->s))
        num = 2.0 * fmin(c->h, c->s);
    else
        num = c->h + c->s - hp;
    if (num < 0.0)
        num = 0.0;
    double w = num / (hp * fabs(cos(phi)));
    if (c->with_profile)
        w *= value_at(c->t, c->shape, c->x - phi_deg);
    return w;
}

static double fcj_reference(const xrd_profile_type *t, const double *shape, double tt0, double s,
                            double h, double x)
{
    /* the limit of a vanishing slit or sample height */
    if (h < 1e-12)
        h = 1e-12;
    if (s < 1e-12)
        s = 1e-12;
    const double tt = tt0 * M_PI / 180.0;
    const double pmin = acos(cos(tt) * sqrt(1.0 + (h + s) * (h + s))) * 180.0 / M_PI;
    const double pinf = acos(cos(tt) * sqrt(1.0 + (h - s) * (h - s))) * 180.0 / M_PI;
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(2000);
    fcj_ref_ctx c = {t, shape, tt0, s, h, x, 1};
    gsl_function f = {fcj_ref_w, &c};
    double r1, r2, n1, n2, e;
    const double a = fmin(pmin, tt0), b = fmax(pmin, tt0), m = pinf;
    gsl_integration_qags(&f, a, m, 0.0, 1e-10, 2000, ws, &r1, &e);
    gsl_integration_qags(&f, m, b, 0.0, 1e-10, 2000, ws, &r2, &e);
    c.with_profile = 0;
    gsl_integration_qags(&f, a, m, 0.0, 1e-10, 2000, ws, &n1, &e);
    gsl_integration_qags(&f, m, b, 0.0, 1e-10, 2000, ws, &n2, &e);
    gsl_integration_workspace_free(ws);
    return (r1 + r2) / (n1 + n2);
}

static double fcj_at(const xrd_profile_type *t, const double *shape, double tt0, double s,
                     double h, double x)
{
    double v = NAN;
    xrd_fcj_eval(t, shape, tt0, s, h, &x, 1, &v, NULL, NULL, NULL, NULL, NULL);
    return v;
}

static void test_fcj_symmetric_cases(void)
{
    const xrd_profile_type *t = xrd_profile_get(XRD_PROFILE_PSEUDO_VOIGT);
    const double p[2] = {0.2, 0.4};
    double x[41], f[41], ref[41], d0[41], dsh[82], dsl[41], dhl[41];
    for (int q = 0; q < 2; q++) {
        const double tt0 = q == 0 ? 30.0 : 90.0;
        const double s = q == 0 ? 0.0 : 0.03, h = q == 0 ? 0.0 : 0.02;
        for (int i = 0; i < 41; i++)
            x[i] = tt0 - 1.0 + 0.05 * i;
        ASSERT(xrd_fcj_eval(t, p, tt0, s, h, x, 41, f, d0, dsh, dsl, dhl, NULL) == XRD_OK);
        for (int i = 0; i < 41; i++) {
            ref[i] = value_at(t, p, x[i] - tt0);
            ASSERT(f[i] == ref[i]);
            ASSERT(dsl[i] == 0.0 && dhl[i] == 0.0);
        }
    }
    xrd_error err;
    ASSERT(xrd_fcj_eval(t, p, 30.0, -0.1, 0.02, x, 41, f, NULL, NULL, NULL, NULL, &err) ==
           XRD_ERR_INVALID);
    const double bad[2] = {0.2, 2.0};
    ASSERT(xrd_fcj_eval(t, bad, 30.0, 0.01, 0.02, x, 41, f, NULL, NULL, NULL, NULL, &err) ==
           XRD_ERR_INVALID);
    ASSERT(isnan(xrd_fcj_extent(0.0, 0.1, 0.1)));
    ASSERT(xrd_fcj_extent(30.0, 0.02, 0.03) < 0.0 && xrd_fcj_extent(150.0, 0.02, 0.03) > 0.0);
    ASSERT(xrd_fcj_extent(30.0, 0.0, 0.0) == 0.0);
}

typedef struct {
    const xrd_profile_type *t;
    const double *shape;
    double tt0, s, h;
} fcj_ctx;

static double fcj_fn(double x, void *vp)
{
    const fcj_ctx *c = vp;
    return fcj_at(c->t, c->shape, c->tt0, c->s, c->h, x);
}

static void test_fcj_area_and_shift(void)
{
    const xrd_profile_type *t = xrd_profile_get(XRD_PROFILE_PSEUDO_VOIGT);
    const double p[2] = {0.1, 0.3};
    const double tts[] = {8.0, 20.0, 45.0, 150.0};
    for (size_t q = 0; q < sizeof tts / sizeof tts[0]; q++) {
        const double tt0 = tts[q], s = 0.02, h = 0.035;
        fcj_ctx c = {t, p, tt0, s, h};
        gsl_function f = {fcj_fn, &c};
        gsl_integration_workspace *ws = gsl_integration_workspace_alloc(4000);
        double r1, r2, e;
        const double ext = xrd_fcj_extent(tt0, s, h);
        const double brk = tt0 + ext;
        gsl_integration_qagil(&f, fmin(tt0, brk), 1e-12, 1e-10, 4000, ws, &r1, &e);
        gsl_integration_qagiu(&f, fmin(tt0, brk), 1e-12, 1e-10, 4000, ws, &r2, &e);
        gsl_integration_workspace_free(ws);
        ASSERT_MSG(fabs(r1 + r2 - 1.0) < 1e-4, "2theta0 %g: area %.8f", tt0, r1 + r2);
        /* maximum on a fine grid moves towards the tail side */
        double best = -1.0, xbest = 0.0;
        for (int i = -2000; i <= 2000; i++) {
            const double x = tt0 + 1e-4 * i;
            const double v = fcj_at(t, p, tt0, s, h, x);
            if (v > best) {
                best = v;
                xbest = x;
            }
        }
        if (tt0 < 90.0)
            ASSERT_MSG(xbest < tt0, "2theta0 %g: peak at %g", tt0, xbest);
        else
            ASSERT_MSG(xbest > tt0, "2theta0 %g: peak at %g", tt0, xbest);
    }
}

/* the quadrature rule against an independent adaptive integration of the FCJ integral */
static void test_fcj_accuracy(void)
{
    struct {
        xrd_profile_kind k;
        double p[4];
        double tt0, s, h;
    } cs[] = {
        {XRD_PROFILE_PSEUDO_VOIGT, {0.1, 0.3}, 20.0, 0.02, 0.035},
        {XRD_PROFILE_PSEUDO_VOIGT, {0.05, 0.2}, 6.0, 0.04, 0.06},
        {XRD_PROFILE_GAUSSIAN, {0.03}, 12.0, 0.05, 0.02},
        {XRD_PROFILE_VOIGT, {0.3, 0.2}, 40.0, 0.03, 0.03},
        {XRD_PROFILE_PEARSON7, {0.1, 2.0}, 140.0, 0.03, 0.05},
        {XRD_PROFILE_TCH, {0.5, 0.8}, 30.0, 0.01, 0.0},
    };
    for (size_t c = 0; c < sizeof cs / sizeof cs[0]; c++) {
        const xrd_profile_type *t = xrd_profile_get(cs[c].k);
        const double H = t->fwhm(cs[c].p);
        const double ext = xrd_fcj_extent(cs[c].tt0, cs[c].s, cs[c].h);
        double peak = 0.0, maxerr = 0.0, xw = 0.0;
        for (int i = 0; i <= 200; i++) {
            const double x = cs[c].tt0 + ext * (1.5 * i / 200.0 - 0.25) +
                             (i % 2 ? 1.0 : -1.0) * H * (i % 7) / 7.0;
            const double v = fcj_at(t, cs[c].p, cs[c].tt0, cs[c].s, cs[c].h, x);
            const double r = fcj_reference(t, cs[c].p, cs[c].tt0, cs[c].s, cs[c].h, x);
            peak = fmax(peak, r);
            if (fabs(v - r) > maxerr) {
                maxerr = fabs(v - r);
                xw = x;
            }
        }
        ASSERT_MSG(maxerr < 1e-5 * peak, "case %zu (%s): max error %.3g of peak %.4g at %g", c,
                   t->name, maxerr, peak, xw);
    }
}

static void test_fcj_derivatives(void)
{
    struct {
        xrd_profile_kind k;
        double p[4];
        double tt0, s, h;
    } cs[] = {
        {XRD_PROFILE_PSEUDO_VOIGT, {0.1, 0.3}, 20.0, 0.02, 0.035},
        {XRD_PROFILE_TCH, {0.04, 0.03}, 10.0, 0.05, 0.03},
        {XRD_PROFILE_SPLIT_PEARSON7, {0.2, 0.3, 1.5, 3.0}, 150.0, 0.03, 0.01},
        {XRD_PROFILE_VOIGT, {0.1, 0.1}, 30.0, 0.0, 0.04},
    };
    enum { N = 60 };
    for (size_t c = 0; c < sizeof cs / sizeof cs[0]; c++) {
        const xrd_profile_type *t = xrd_profile_get(cs[c].k);
        const int ns = t->n_shape;
        const double tt0 = cs[c].tt0, s = cs[c].s, h = cs[c].h;
        const double *p = cs[c].p;
        const double ext = xrd_fcj_extent(tt0, s, h), H = t->fwhm(p);
        double x[N], f[N], d0[N], dsh[4 * N], dsl[N], dhl[N];
        for (int i = 0; i < N; i++)
            x[i] = tt0 + (ext < 0 ? -1.0 : 1.0) * (-2.0 * H + (fabs(ext) + 4.0 * H) * i / (N - 1));
        ASSERT(xrd_fcj_eval(t, p, tt0, s, h, x, N, f, d0, dsh, dsl, dhl, NULL) == XRD_OK);
        double fp[N], fm[N];
        /* columns: 0 = 2theta0, 1 = s, 2 = h, 3.. = shape */
        for (int col = 0; col < 3 + ns; col++) {
            if (col == 1 && s == 0.0)
                continue; /* one-sided domain edge */
            double step, par[3] = {tt0, s, h}, pp[4], pm[4];
            memcpy(pp, p, sizeof pp);
            memcpy(pm, p, sizeof pm);
            if (col < 3) {
                step = col == 0 ? 1e-5 : 1e-5 * par[col];
                double a[3], b[3];
                memcpy(a, par, sizeof a);
                memcpy(b, par, sizeof b);
                a[col] += step;
                b[col] -= step;
                xrd_fcj_eval(t, p, a[0], a[1], a[2], x, N, fp, NULL, NULL, NULL, NULL, NULL);
                xrd_fcj_eval(t, p, b[0], b[1], b[2], x, N, fm, NULL, NULL, NULL, NULL, NULL);
            } else {
                step = 1e-5 * fabs(p[col - 3]);
                pp[col - 3] += step;
                pm[col - 3] -= step;
                xrd_fcj_eval(t, pp, tt0, s, h, x, N, fp, NULL, NULL, NULL, NULL, NULL);
                xrd_fcj_eval(t, pm, tt0, s, h, x, N, fm, NULL, NULL, NULL, NULL, NULL);
            }
            const double *an = col == 0 ? d0 : col == 1 ? dsl : col == 2 ? dhl : dsh + (col - 3) * N;
            double scale = 0.0;
            for (int i = 0; i < N; i++)
                scale = fmax(scale, fabs((fp[i] - fm[i]) / (2.0 * step)));
            for (int i = 0; i < N; i++) {
                const double num = (fp[i] - fm[i]) / (2.0 * step);
                ASSERT_MSG(fabs(an[i] - num) <= 1e-6 * scale + 1e-6 * fabs(num),
                           "case %zu (%s) column %d at x = %g: %.10g vs %.10g", c, t->name, col,
                           x[i], an[i], num);
            }
        }
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    RUN(test_registry);
    RUN(test_unit_area);
    RUN(test_derivatives);
    RUN(test_tch_mix);
    RUN(test_tch_limits);
    RUN(test_pearson7_limits);
    RUN(test_voigt_limits);
    RUN(test_fwhm_and_breadth);
    RUN(test_window);
    RUN(test_tch_widths);
    RUN(test_doublet);
    RUN(test_fcj_symmetric_cases);
    RUN(test_fcj_area_and_shift);
    RUN(test_fcj_accuracy);
    RUN(test_fcj_derivatives);
    TH_EXIT();
}
