/* Is a fitted phase there at all? The significance of its extracted
 * intensities from the fit's curves, and the reflections a candidate
 * structure would show where (for the "no crystalline phase" verdict).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analyze_internal.h"

/* variance model v = c * max(y_calc, floor) */
static double var_floor(const xrd_fit_result *r)
{
    double m = 0;
    for (size_t i = 0; i < r->n_curve; i++)
        if (r->y_calc[i] > m)
            m = r->y_calc[i];
    return 1e-6 * m;
}

static double residual_scale(const xrd_fit_result *r, double fl)
{
    double s = 0;
    for (size_t i = 0; i < r->n_curve; i++) {
        double d = r->y_obs[i] - r->y_calc[i];
        s += d * d / fmax(r->y_calc[i], fl);
    }
    double dof = (double)r->n_curve - (double)r->n_params;
    return s / (dof >= 1 ? dof : 1.0);
}

/* z and whether the window [x0, x1] of phase k's curve is significant */
static int group_test(const xrd_fit_result *r, int k, double x0, double x1, double c, double fl,
                      double z_min, double *z)
{
    double sr = 0, ss = 0, chi_with = 0, chi_without = 0;
    int n = 0;
    for (size_t i = 0; i < r->n_curve; i++) {
        if (r->x[i] < x0 || r->x[i] > x1)
            continue;
        double v = c * fmax(r->y_calc[i], fl);
        double s = r->y_phase[k][i];
        double res = r->y_obs[i] - r->y_calc[i];
        double rp = res + s; /* the data without this phase */
        sr += s * rp / v;
        ss += s * s / v;
        chi_with += res * res / v;
        chi_without += rp * rp / v;
        n++;
    }
    *z = ss > 0 ? sr / sqrt(ss) : 0;
    /* the group removes at least as much chi2 as the misfit it leaves above
     * the noise: it explains a peak, not the tail of one elsewhere */
    double gain = chi_without - chi_with;
    return *z >= z_min && gain >= chi_with - (double)n;
}

xrd_status xrd_phase_significance_of(const xrd_fit_result *r, int k, double z_min,
                                     xrd_phase_significance *out, xrd_error *err)
{
    memset(out, 0, sizeof *out);
    if (!r || k < 0 || k >= r->n_phases)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no phase %d in the fit result", k + 1);
    if (!r->y_phase || !r->y_calc || r->n_curve == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the fit result has no curves");
    const xrd_phase_result *p = &r->phases[k];
    double fl = var_floor(r);
    int dead = !(fl > 0); /* nothing calculated anywhere: no group is significant */
    double c = dead ? 1.0 : residual_scale(r, fl);
    if (!(c > 0))
        c = 1.0;
    double lo = r->x[0], hi = r->x[r->n_curve - 1];
    /* reflections in order of 2theta, merged into groups closer than a FWHM */
    int used[512] = {0};
    size_t nr = p->n_refl < 512 ? p->n_refl : 512;
    for (;;) {
        size_t first = nr;
        for (size_t q = 0; q < nr; q++)
            if (!used[q] && p->refl[q].in_range &&
                (first == nr || p->refl[q].two_theta_deg < p->refl[first].two_theta_deg))
                first = q;
        if (first == nr)
            break;
        double g0 = p->refl[first].two_theta_deg, g1 = g0, w = p->refl[first].fwhm_deg;
        used[first] = 1;
        for (int grew = 1; grew;) {
            grew = 0;
            for (size_t q = 0; q < nr; q++) {
                const xrd_refl_result *f = &p->refl[q];
                if (used[q] || !f->in_range || f->two_theta_deg > g1 + fmax(w, f->fwhm_deg) ||
                    f->two_theta_deg < g0)
                    continue;
                used[q] = 1;
                g1 = fmax(g1, f->two_theta_deg);
                w = fmax(w, f->fwhm_deg);
                grew = 1;
            }
        }
        if (!(w > 0))
            w = 0.1;
        double z = 0;
        out->n_groups++;
        if (!dead && group_test(r, k, fmax(lo, g0 - w), fmin(hi, g1 + w), c, fl, z_min, &z))
            out->n_significant++;
        if (z > out->z_max)
            out->z_max = z;
    }
    /* two groups (or the only one), and a quarter of them: a dense ladder of
     * high-index reflections indexes a few peaks of anything */
    out->significant = out->n_groups > 0 && out->n_significant >= (out->n_groups < 2 ? 1 : 2) &&
                       4 * out->n_significant >= out->n_groups;
    return XRD_OK;
}

/* the first reflections of the three structures, and hcp c/a */
static const int FCC[][3] = {{1, 1, 1}, {2, 0, 0}, {2, 2, 0}, {3, 1, 1}};
static const int BCC[][3] = {{1, 1, 0}, {2, 0, 0}, {2, 1, 1}, {2, 2, 0}};
static const int HCP[][3] = {{1, 0, 0}, {0, 0, 2}, {1, 0, 1}, {1, 0, 2}, {1, 1, 0}};

static double two_theta(const char *st, const int *hkl, double a, double ca, double lambda)
{
    double h = hkl[0], k = hkl[1], l = hkl[2];
    double inv_d2 = !strcmp(st, "hcp")
                        ? 4.0 / 3.0 * (h * h + h * k + k * k) / (a * a) + l * l / (a * a * ca * ca)
                        : (h * h + k * k + l * l) / (a * a);
    double s = lambda * sqrt(inv_d2) / 2.0;
    return s < 1 ? 2.0 * asin(s) * 180.0 / M_PI : NAN;
}

void xrdi_analyze_expected(const xrdi_struct *st, int n_struct, double lambda_A, double lo_deg,
                           double hi_deg, char *buf, size_t n)
{
    size_t l = (size_t)snprintf(buf, n, "the pattern covers %.1f-%.1f deg; expected (Ka1 %.4f A): ",
                                lo_deg, hi_deg, lambda_A);
    for (int s = 0; s < n_struct && l < n; s++) {
        const int(*list)[3] = !strcmp(st[s].name, "fcc") ? FCC : !strcmp(st[s].name, "bcc") ? BCC : HCP;
        int nl = !strcmp(st[s].name, "hcp") ? 5 : 4;
        double ca = st[s].space.tmpl.cell.a > 0 && st[s].space.tmpl.cell.c > 0
                        ? st[s].space.tmpl.cell.c / st[s].space.tmpl.cell.a
                        : 1.6;
        l += (size_t)snprintf(buf + l, n - l, "%s%s (a %.3f-%.3f A):", s ? "; " : "", st[s].name,
                              st[s].space.a_lo, st[s].space.a_hi);
        for (int q = 0; q < nl && l < n; q++) {
            double t1 = two_theta(st[s].name, list[q], st[s].space.a_hi, ca, lambda_A);
            double t2 = two_theta(st[s].name, list[q], st[s].space.a_lo, ca, lambda_A);
            if (isnan(t1))
                continue;
            l += (size_t)snprintf(buf + l, n - l, " %d%d%d at %.1f-%.1f", list[q][0], list[q][1],
                                  list[q][2], t1, isnan(t2) ? 180.0 : t2);
        }
        if (l < n)
            l += (size_t)snprintf(buf + l, n - l, " deg");
    }
}
