/* Finger, Cox & Jephcoat (J. Appl. Cryst. 27, 892, 1994) axial-divergence asymmetry:
 * a symmetric profile convolved with the FCJ weight function.
 *
 * Geometry (angles in rad, lengths in units of L; s = S/L, h = H/L): a reflection at
 * 2theta0 is observed at 2phi with cos(2phi) = cos(2theta0) sqrt(1 + hp^2), where hp =
 * sqrt(cos^2(2phi)/cos^2(2theta0) - 1) is the axial height reached at 2phi. The range
 * ends at cos(2phi_min) = cos(2theta0) sqrt(1 + (h+s)^2) and has a kink at
 * cos(2phi_infl) = cos(2theta0) sqrt(1 + (h-s)^2). The weight is
 *   W(2phi) = (h + s - hp) / (hp |cos 2phi|)   between 2phi_min and 2phi_infl,
 *   W(2phi) = 2 min(h, s)  / (hp |cos 2phi|)   between 2phi_infl and 2theta0,
 * (up to a constant factor, removed by normalisation), with an inverse square-root
 * singularity at 2theta0. With delta = |2theta0 - 2phi| = Delta u^2 the integrand
 * W d(delta) is smooth in u in [0, 1]; the kink u_i = sqrt(delta_infl / Delta) is a
 * panel boundary. Composite 8-point Gauss-Legendre in u; the panel count of each
 * piece [u_lo, u_hi] is ceil(4 Delta u_hi (u_hi - u_lo) / FWHM) within [1, 64],
 * which keeps each panel at most FWHM/4 wide in 2phi. Weights are renormalised to
 * sum 1 so the area of the profile is preserved exactly by the rule.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile_internal.h"

#define DEG (XRDI_PI / 180.0)
#define GL_N 8
#define MAX_PANELS 64
/* The moments' integrands are smooth in u on each piece: one panel per piece
 * (16 nodes) gives them to ~3e-11 relative of 32 panels for S/L = H/L up to
 * 0.05 and 2theta 10-160 deg. */
#define FCJ_MOMENT_PANELS 1

/* 8-point Gauss-Legendre on [-1, 1] */
static const double gl_x[GL_N] = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290,
                                  -0.1834346424956498, 0.1834346424956498,  0.5255324099163290,
                                  0.7966664774136267,  0.9602898564975363};
static const double gl_w[GL_N] = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873,
                                  0.3626837833783620, 0.3626837833783620, 0.3137066458778873,
                                  0.2223810344533745, 0.1012285362903763};

typedef struct {
    double tt;     /* 2theta0, rad */
    double c0;     /* cos 2theta0 */
    double sgn;    /* +1: tail below 2theta0 (2theta0 < 90), -1 above */
    double Delta;  /* |2theta0 - 2phi_min|, rad */
    double u_i;    /* kink position in u */
    double hs, mn; /* h + s, min(h, s) */
} fcj_geom;

static double clamp1(double c)
{
    return c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
}

static void fcj_geometry(double tt0_deg, double s, double h, fcj_geom *g)
{
    g->tt = tt0_deg * DEG;
    g->c0 = cos(g->tt);
    g->sgn = g->c0 >= 0.0 ? 1.0 : -1.0;
    g->hs = h + s;
    g->mn = h < s ? h : s;
    const double phi_min = acos(clamp1(g->c0 * sqrt(1.0 + g->hs * g->hs)));
    const double phi_inf = acos(clamp1(g->c0 * sqrt(1.0 + (h - s) * (h - s))));
    g->Delta = g->hs > 0.0 ? fabs(g->tt - phi_min) : 0.0;
    const double di = fabs(g->tt - phi_inf);
    g->u_i = g->Delta > 0.0 ? sqrt(fmin(di / g->Delta, 1.0)) : 0.0;
}

double xrd_fcj_extent(double two_theta0_deg, double s_l, double h_l)
{
    if (!(two_theta0_deg > 0.0 && two_theta0_deg < 180.0) || !(s_l >= 0.0) || !(h_l >= 0.0) ||
        !isfinite(s_l) || !isfinite(h_l))
        return NAN;
    fcj_geom g;
    fcj_geometry(two_theta0_deg, s_l, h_l, &g);
    return -g.sgn * g.Delta / DEG;
}

static int panel_count(double Delta_deg, double u_lo, double u_hi, double fwhm)
{
    if (!(u_hi > u_lo))
        return 0;
    const double p = ceil(4.0 * Delta_deg * u_hi * (u_hi - u_lo) / fwhm);
    if (!(p >= 1.0))
        return 1;
    return p > MAX_PANELS ? MAX_PANELS : (int)p;
}

/* Nodes (phi in deg) and normalised weights for fixed panel counts pB (u in [0, u_i],
 * numerator 2 min(h,s)) and pA (u in [u_i, 1], numerator h + s - hp). Returns the
 * number of nodes (pB + pA) * GL_N; 0 if all weights vanish. */
static size_t fcj_nodes(double tt0_deg, double s, double h, int pB, int pA, double *phi,
                        double *a)
{
    fcj_geom g;
    fcj_geometry(tt0_deg, s, h, &g);
    size_t k = 0;
    double sum = 0.0;
    for (int piece = 0; piece < 2; piece++) {
        const int np = piece == 0 ? pB : pA;
        const double u0 = piece == 0 ? 0.0 : g.u_i, u1 = piece == 0 ? g.u_i : 1.0;
        const double du = (u1 - u0) / (np > 0 ? np : 1);
        for (int p = 0; p < np; p++) {
            const double mid = u0 + (p + 0.5) * du;
            for (int q = 0; q < GL_N; q++) {
                const double u = mid + 0.5 * du * gl_x[q];
                const double delta = g.Delta * u * u;
                const double phr = g.tt - g.sgn * delta;
                const double hp =
                    sqrt(sin(delta) * fabs(sin(2.0 * g.tt - g.sgn * delta))) / fabs(g.c0);
                double num;
                if (piece == 0)
                    num = 2.0;
                else
                    num = g.mn > 0.0 ? (g.hs - hp) / g.mn : 0.0;
                if (num < 0.0)
                    num = 0.0;
                double w = 0.0;
                if (hp > 0.0)
                    w = num / (hp * fabs(cos(phr))) * 2.0 * g.Delta * u * 0.5 * du * gl_w[q];
                phi[k] = phr / DEG;
                a[k] = w;
                sum += w;
                k++;
            }
        }
    }
    if (!(sum > 0.0) || !isfinite(sum))
        return 0;
    for (size_t j = 0; j < k; j++)
        a[j] /= sum;
    return k;
}

/* Derivatives of node positions and weights wrt one geometry parameter (index 0:
 * 2theta0 in deg, 1: s, 2: h) by central differences at fixed panel counts
 * (3-point forward differences when the parameter is closer to 0 than the step). */
static void fcj_node_derivs(const double par[3], int which, int pB, int pA, size_t nn,
                            double *dphi, double *da, double *tmp_phi, double *tmp_a)
{
    double p[3] = {par[0], par[1], par[2]};
    double eps;
    if (which == 0)
        eps = 1e-5;
    else
        eps = 1e-4 * fmax(par[1], par[2]);
    const int forward = which > 0 && which < 3 && par[which] < 2.0 * eps;
    double *phi1 = tmp_phi, *a1 = tmp_a, *phi2 = tmp_phi + nn, *a2 = tmp_a + nn;
    if (!forward) {
        p[which] = par[which] + eps;
        size_t m1 = fcj_nodes(p[0], p[1], p[2], pB, pA, phi1, a1);
        p[which] = par[which] - eps;
        size_t m2 = fcj_nodes(p[0], p[1], p[2], pB, pA, phi2, a2);
        for (size_t j = 0; j < nn; j++) {
            dphi[j] = (phi1[j] - phi2[j]) / (2.0 * eps);
            da[j] = (m1 && m2) ? (a1[j] - a2[j]) / (2.0 * eps) : 0.0;
        }
    } else {
        /* needs the centre values: recompute them into dphi/da first */
        fcj_nodes(par[0], par[1], par[2], pB, pA, dphi, da);
        p[which] = par[which] + eps;
        size_t m1 = fcj_nodes(p[0], p[1], p[2], pB, pA, phi1, a1);
        p[which] = par[which] + 2.0 * eps;
        size_t m2 = fcj_nodes(p[0], p[1], p[2], pB, pA, phi2, a2);
        for (size_t j = 0; j < nn; j++) {
            const double f0 = dphi[j], g0 = da[j];
            dphi[j] = (-3.0 * f0 + 4.0 * phi1[j] - phi2[j]) / (2.0 * eps);
            da[j] = (m1 && m2) ? (-3.0 * g0 + 4.0 * a1[j] - a2[j]) / (2.0 * eps) : 0.0;
        }
    }
}

xrd_status xrd_fcj_eval(const xrd_profile_type *t, const double *shape, double two_theta0_deg,
                        double s_l, double h_l, const double *x_deg, size_t n, double *out,
                        double *d_x0, double *d_shape, double *d_sl, double *d_hl,
                        xrd_error *err)
{
    if (!t || !shape || !t->valid(shape))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "FCJ asymmetry needs a profile with valid shape parameters.");
    if (!(two_theta0_deg > 0.0 && two_theta0_deg < 180.0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "FCJ asymmetry needs 2theta0 in (0, 180) deg, found %g.",
                             two_theta0_deg);
    if (!(s_l >= 0.0) || !(h_l >= 0.0) || !isfinite(s_l) || !isfinite(h_l))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "FCJ asymmetry needs S/L >= 0 and H/L >= 0, found %g and %g.", s_l,
                             h_l);
    if (n == 0)
        return XRD_OK;
    if (!x_deg || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "FCJ asymmetry needs the x and output arrays.");
    const size_t ns = (size_t)t->n_shape;
    const double fwhm = t->fwhm(shape);
    fcj_geom g;
    fcj_geometry(two_theta0_deg, s_l, h_l, &g);
    const double Delta_deg = g.Delta / DEG;
    const int want_dx = d_x0 || d_sl || d_hl;

    int pB = 0, pA = 0;
    if (Delta_deg > 1e-12 * fwhm) {
        pB = panel_count(Delta_deg, 0.0, g.u_i, fwhm);
        if (g.mn > 0.0)
            pA = panel_count(Delta_deg, g.u_i, 1.0, fwhm);
    }
    const size_t nmax = (size_t)(pB + pA) * GL_N;

    /* work space: per point dx, P, dP, dS (ns*n); per node 3 sets (phi, a) of which the
     * derivative sets hold dphi, da, and 2 temporaries for the differences */
    const size_t per_point = (3 + ns) * n;
    const size_t per_node = nmax * (2 + 6 + 4);
    double *work = malloc((per_point + per_node + 1) * sizeof *work);
    if (!work)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0,
                             "FCJ asymmetry: out of memory for %zu points.", n);
    double *dx = work, *P = dx + n, *dP = P + n, *dS = dP + n;
    double *phi = dS + ns * n, *a = phi + nmax;
    double *dphi[3], *da[3];
    for (int q = 0; q < 3; q++) {
        dphi[q] = a + nmax + (size_t)(2 * q) * nmax;
        da[q] = dphi[q] + nmax;
    }
    double *tmp_phi = da[2] + nmax, *tmp_a = tmp_phi + 2 * nmax;

    size_t nn = nmax ? fcj_nodes(two_theta0_deg, s_l, h_l, pB, pA, phi, a) : 0;
    if (nn == 0) {
        /* no asymmetry: the symmetric profile, exactly */
        for (size_t i = 0; i < n; i++)
            dx[i] = x_deg[i] - two_theta0_deg;
        t->eval(dx, n, shape, out, want_dx ? dP : NULL, d_shape);
        for (size_t i = 0; i < n; i++) {
            if (d_x0)
                d_x0[i] = -dP[i];
            if (d_sl)
                d_sl[i] = 0.0;
            if (d_hl)
                d_hl[i] = 0.0;
        }
        free(work);
        return XRD_OK;
    }

    const double par[3] = {two_theta0_deg, s_l, h_l};
    double *const dout[3] = {d_x0, d_sl, d_hl};
    for (int q = 0; q < 3; q++)
        if (dout[q])
            fcj_node_derivs(par, q, pB, pA, nn, dphi[q], da[q], tmp_phi, tmp_a);

    memset(out, 0, n * sizeof *out);
    for (int q = 0; q < 3; q++)
        if (dout[q])
            memset(dout[q], 0, n * sizeof *out);
    if (d_shape)
        memset(d_shape, 0, ns * n * sizeof *d_shape);

    for (size_t j = 0; j < nn; j++) {
        if (a[j] == 0.0 && !want_dx)
            continue;
        for (size_t i = 0; i < n; i++)
            dx[i] = x_deg[i] - phi[j];
        t->eval(dx, n, shape, P, want_dx ? dP : NULL, d_shape ? dS : NULL);
        const double aj = a[j];
        for (size_t i = 0; i < n; i++)
            out[i] += aj * P[i];
        if (d_shape)
            for (size_t i = 0; i < ns * n; i++)
                d_shape[i] += aj * dS[i];
        for (int q = 0; q < 3; q++) {
            if (!dout[q])
                continue;
            const double dA = da[q][j], dF = aj * dphi[q][j];
            double *d = dout[q];
            for (size_t i = 0; i < n; i++)
                d[i] += dA * P[i] - dF * dP[i];
        }
    }
    free(work);
    return XRD_OK;
}

xrd_status xrd_fcj_moments(double two_theta0_deg, double s_l, double h_l, double *mean_deg,
                           double *var_deg2, xrd_error *err)
{
    *mean_deg = 0.0;
    *var_deg2 = 0.0;
    if (!(two_theta0_deg > 0.0 && two_theta0_deg < 180.0) || !(s_l >= 0.0) || !(h_l >= 0.0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "FCJ moments need 0 < 2theta < 180 and S/L, H/L >= 0");
    if (s_l + h_l == 0.0 || two_theta0_deg == 90.0)
        return XRD_OK;
    enum { PANELS = FCJ_MOMENT_PANELS, NN = 2 * PANELS * GL_N };
    double phi[NN], a[NN];
    size_t k = fcj_nodes(two_theta0_deg, s_l, h_l, PANELS, PANELS, phi, a);
    double m = 0.0, m2 = 0.0;
    for (size_t j = 0; j < k; j++) {
        double d = phi[j] - two_theta0_deg;
        m += a[j] * d;
        m2 += a[j] * d * d;
    }
    *mean_deg = m;
    *var_deg2 = m2 - m * m > 0.0 ? m2 - m * m : 0.0;
    return XRD_OK;
}
