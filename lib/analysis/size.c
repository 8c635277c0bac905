/* Crystal size from fitted peaks: Scherrer per peak after removing the
 * instrument, Williamson-Hall over the peaks, and a Caglioti/TCH instrument
 * from the peaks of a standard. SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/peaks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/start.h"

/* a breadth that means a smaller crystal than this is no crystal's reflection */
#define SIZE_MIN_NM 0.5

#define GAUSS_IB 1.0644670194312262 /* integral breadth / FWHM of a Gaussian */
#define LORENTZ_IB 1.5707963267948966 /* pi / 2 */

void xrd_size_options_default(xrd_size_options *o)
{
    memset(o, 0, sizeof *o);
    o->K = 0.9;
    o->breadth = XRD_BREADTH_FWHM;
}

void xrd_size_result_free(xrd_size_result *r)
{
    if (!r)
        return;
    free(r->peaks);
    free(r);
}

/* TCH total FWHM from hg, hl (the 1987 polynomial). */
static double tch_H(double hg, double hl)
{
    double H;
    xrd_tch_mix(hg, hl, &H, NULL, NULL, NULL, NULL, NULL);
    return H;
}

/* Inverse TCH: (H, eta) -> (hg, hl). eta = 1.36603 r - 0.47719 r^2 + 0.11116 r^3
 * with r = hl/H is solved for r, then H(hg, hl) = H for hg (both monotonic). */
static void inverse_tch(double H, double eta, double *hg, double *hl)
{
    if (eta <= 0) {
        *hg = H;
        *hl = 0;
        return;
    }
    if (eta >= 1) {
        *hg = 0;
        *hl = H;
        return;
    }
    double a = 0, b = 1;
    for (int it = 0; it < 80; it++) {
        double r = 0.5 * (a + b);
        double e = r * (1.36603 + r * (-0.47719 + r * 0.11116));
        if (e < eta)
            a = r;
        else
            b = r;
    }
    double l = 0.5 * (a + b) * H;
    double ga = 0, gb = H;
    for (int it = 0; it < 80; it++) {
        double g = 0.5 * (ga + gb);
        if (tch_H(g, l) < H)
            ga = g;
        else
            gb = g;
    }
    *hg = 0.5 * (ga + gb);
    *hl = l;
}

/* Voigt FWHM / integral breadth for (hg, hl) >= 0, exact limits included. */
static double voigt_fwhm(double hg, double hl)
{
    if (hl <= 0)
        return hg;
    if (hg <= 0)
        return hl;
    double s[2] = {hg, hl};
    return xrd_profile_get(XRD_PROFILE_VOIGT)->fwhm(s);
}

static double voigt_breadth(double hg, double hl)
{
    if (hl <= 0)
        return GAUSS_IB * hg;
    if (hg <= 0)
        return LORENTZ_IB * hl;
    double s[2] = {hg, hl};
    return xrd_profile_get(XRD_PROFILE_VOIGT)->integral_breadth(s);
}

/* The Voigt with the same FWHM and integral breadth (phi = FWHM / beta is
 * monotonic in hl / (hg + hl); solved by bisection, exact Voigt widths). */
static void voigt_from_fwhm_breadth(double F, double B, double *hg, double *hl)
{
    double phi = F / B;
    double phi_g = 1.0 / GAUSS_IB, phi_l = 1.0 / LORENTZ_IB;
    if (phi >= phi_g) {
        *hg = F;
        *hl = 0;
        return;
    }
    if (phi <= phi_l) {
        *hg = 0;
        *hl = F;
        return;
    }
    double a = 0, b = 1;
    for (int it = 0; it < 60; it++) {
        double r = 0.5 * (a + b);
        double f = voigt_fwhm(1 - r, r) / voigt_breadth(1 - r, r);
        if (f > phi)
            a = r;
        else
            b = r;
    }
    double r = 0.5 * (a + b);
    double sc = F / voigt_fwhm(1 - r, r);
    *hg = (1 - r) * sc;
    *hl = r * sc;
}

static void gl_of_shape(const xrd_profile_type *t, const double *s, double *hg, double *hl)
{
    switch (t->kind) {
    case XRD_PROFILE_GAUSSIAN: *hg = s[0]; *hl = 0; break;
    case XRD_PROFILE_LORENTZIAN: *hg = 0; *hl = s[0]; break;
    case XRD_PROFILE_TCH:
    case XRD_PROFILE_VOIGT: *hg = s[0]; *hl = s[1]; break;
    case XRD_PROFILE_PSEUDO_VOIGT: inverse_tch(s[0], s[1], hg, hl); break;
    default: voigt_from_fwhm_breadth(t->fwhm(s), t->integral_breadth(s), hg, hl); break;
    }
}

xrd_status xrd_peak_gl_widths(const xrd_peak_fit_result *r, size_t k, double *hg, double *hl,
                              double cov[4], xrd_error *err)
{
    if (!r || k >= r->n_peaks || !r->profile)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no fitted peak %zu", k);
    const xrd_profile_type *t = r->profile;
    const xrd_peak_result *p = &r->peaks[k];
    gl_of_shape(t, p->shape, hg, hl);
    /* Jacobian d(hg, hl)/d shape by differences, then J C J^T */
    int ns = t->n_shape;
    double Jg[XRD_PROFILE_MAX_SHAPE], Jl[XRD_PROFILE_MAX_SHAPE];
    for (int s = 0; s < ns; s++) {
        double a[XRD_PROFILE_MAX_SHAPE], b[XRD_PROFILE_MAX_SHAPE];
        memcpy(a, p->shape, sizeof a);
        memcpy(b, p->shape, sizeof b);
        double h = 1e-5 * (fabs(p->shape[s]) > 1e-3 ? fabs(p->shape[s]) : 1e-3);
        a[s] += h;
        b[s] -= h;
        int va = t->valid(a), vb = t->valid(b);
        double ga, la, gb, lb;
        double den = 2 * h;
        if (!va) {
            memcpy(a, p->shape, sizeof a);
            den = h;
        }
        if (!vb) {
            memcpy(b, p->shape, sizeof b);
            den = va ? h : 0;
        }
        gl_of_shape(t, a, &ga, &la);
        gl_of_shape(t, b, &gb, &lb);
        Jg[s] = den > 0 ? (ga - gb) / den : NAN;
        Jl[s] = den > 0 ? (la - lb) / den : NAN;
    }
    if (cov) {
        double c00 = 0, c01 = 0, c11 = 0;
        for (int i = 0; i < ns; i++)
            for (int j = 0; j < ns; j++) {
                double cij = p->shape_cov[i * XRD_PROFILE_MAX_SHAPE + j];
                c00 += Jg[i] * cij * Jg[j];
                c01 += Jg[i] * cij * Jl[j];
                c11 += Jl[i] * cij * Jl[j];
            }
        cov[0] = c00;
        cov[1] = cov[2] = c01;
        cov[3] = c11;
    }
    return XRD_OK;
}

/* Sample breadth (deg) of the chosen kind after removing the instrument. */
static double sample_breadth(xrd_breadth_kind kind, double hg, double hl, double ig, double il,
                             double *sg, double *sl)
{
    double g2 = hg * hg - ig * ig;
    double g = g2 > 0 ? sqrt(g2) : 0;
    double l = hl - il > 0 ? hl - il : 0;
    if (sg)
        *sg = g;
    if (sl)
        *sl = l;
    if (g <= 0 && l <= 0)
        return 0;
    return kind == XRD_BREADTH_FWHM ? voigt_fwhm(g, l) : voigt_breadth(g, l);
}

static const char *breadth_name(xrd_breadth_kind k)
{
    return k == XRD_BREADTH_FWHM ? "FWHM" : "integral breadth";
}

xrd_status xrd_size_analyze(const xrd_peak_fit_result *fit, const xrd_size_options *opt,
                            xrd_size_result **out, xrd_error *err)
{
    xrd_size_options o;
    if (opt)
        o = *opt;
    else
        xrd_size_options_default(&o);
    *out = NULL;
    if (!fit || !fit->profile)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "size analysis needs a peak fit");
    if (!(o.K > 0 && o.K < 10))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the Scherrer constant K must be in (0, 10), found %g", o.K);
    if (o.shape != XRD_SHAPE_NONE && o.breadth != XRD_BREADTH_INTEGRAL)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a shape's Scherrer constants are for the integral breadth");
    int have_inst = 0;
    for (int j = 0; j < 5; j++) {
        if (!isfinite(o.uvwxy[j]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "instrument parameter %c is not finite", "UVWXY"[j]);
        if (o.uvwxy[j] != 0)
            have_inst = 1;
    }
    xrd_size_result *R = calloc(1, sizeof *R);
    if (!R || !(R->peaks = calloc(fit->n_peaks ? fit->n_peaks : 1, sizeof(xrd_size_peak)))) {
        free(R);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory in the size analysis");
    }
    R->n = fit->n_peaks;
    R->K = o.K;
    R->breadth = o.breadth;
    R->lambda_A = fit->rad.lambda_A[0];
    if (o.shape != XRD_SHAPE_NONE)
        snprintf(R->convention, sizeof R->convention,
                 "Scherrer K(hkl) of a %s (Stokes & Wilson) on the integral breadth of the "
                 "sample profile: the %s (lambda %.5f A)", xrd_crystal_shape_name(o.shape),
                 o.shape == XRD_SHAPE_SPHERE ? "diameter" : "edge", R->lambda_A);
    else
        snprintf(R->convention, sizeof R->convention,
                 "Scherrer K = %g on the %s of the sample profile (lambda %.5f A)", o.K,
                 breadth_name(o.breadth), R->lambda_A);
    const double deg = M_PI / 180.0;
    for (size_t k = 0; k < fit->n_peaks; k++) {
        const xrd_peak_result *pr = &fit->peaks[k];
        xrd_size_peak *sp = &R->peaks[k];
        sp->two_theta_deg = pr->two_theta_deg;
        sp->indexed = pr->indexed;
        sp->h = pr->h;
        sp->k = pr->k;
        sp->l = pr->l;
        sp->size_nm = sp->size_esd_nm = NAN;
        double hg, hl, cv[4];
        xrd_status st = xrd_peak_gl_widths(fit, k, &hg, &hl, cv, err);
        if (st != XRD_OK) {
            xrd_size_result_free(R);
            return st;
        }
        sp->meas_hg = hg;
        sp->meas_hl = hl;
        double ig = 0, il = 0;
        if (have_inst) {
            xrd_error e2;
            if (xrd_tch_widths(o.uvwxy, pr->two_theta_deg, &ig, &il, NULL, NULL, &e2) != XRD_OK) {
                /* hg^2 <= 0 at this angle: no Gaussian instrument part there */
                double t = tan(pr->two_theta_deg * M_PI / 360.0);
                ig = 0;
                il = o.uvwxy[3] * t + o.uvwxy[4] / cos(pr->two_theta_deg * M_PI / 360.0);
            }
            if (il < 0)
                il = 0;
        }
        sp->inst_hg = ig;
        sp->inst_hl = il;
        sp->inst_breadth_deg =
            (ig > 0 || il > 0) ? (o.breadth == XRD_BREADTH_FWHM ? voigt_fwhm(ig, il)
                                                                : voigt_breadth(ig, il))
                               : 0;
        double B = sample_breadth(o.breadth, hg, hl, ig, il, &sp->sample_hg, &sp->sample_hl);
        sp->sample_breadth_deg = B;
        /* esd: gradient wrt (hg, hl) by differences */
        double dg = 1e-6 * (hg > 1e-4 ? hg : 1e-4), dl = 1e-6 * (hl > 1e-4 ? hl : 1e-4);
        double gB = (sample_breadth(o.breadth, hg + dg, hl, ig, il, NULL, NULL) -
                     sample_breadth(o.breadth, hg - dg > 0 ? hg - dg : 0, hl, ig, il, NULL, NULL)) /
                    (hg - dg > 0 ? 2 * dg : dg + hg);
        double lB = (sample_breadth(o.breadth, hg, hl + dl, ig, il, NULL, NULL) -
                     sample_breadth(o.breadth, hg, hl - dl > 0 ? hl - dl : 0, ig, il, NULL, NULL)) /
                    (hl - dl > 0 ? 2 * dl : dl + hl);
        double var = gB * gB * cv[0] + 2 * gB * lB * cv[1] + lB * lB * cv[3];
        sp->sample_breadth_esd = var >= 0 ? sqrt(var) : NAN;
        double th = pr->two_theta_deg * M_PI / 360.0;
        if (!(B > 0)) {
            sp->status = 0;
            snprintf(sp->reason, sizeof sp->reason,
                     "the peak is not broader than the instrument (no sample broadening left)");
            continue;
        }
        sp->K = o.K;
        if (o.shape != XRD_SHAPE_NONE) {
            xrd_error e3;
            if (!sp->indexed ||
                xrd_scherrer_k_shape(o.shape, sp->h, sp->k, sp->l, &sp->K, &e3) != XRD_OK) {
                sp->status = 0;
                snprintf(sp->reason, sizeof sp->reason,
                         "not indexed: a shape's Scherrer constant needs the peak's hkl "
                         "(--phase)");
                continue;
            }
        }
        double size_A = sp->K * R->lambda_A / (B * deg * cos(th));
        sp->size_nm = size_A / 10.0;
        sp->size_esd_nm = sp->size_nm * sp->sample_breadth_esd / B;
        if (have_inst && B < sp->inst_breadth_deg) {
            sp->status = 0;
            snprintf(sp->reason, sizeof sp->reason,
                     "sample broadening %.4g deg is below the instrument's %.4g deg: the size "
                     "is beyond the resolution",
                     B, sp->inst_breadth_deg);
        } else if (!(sp->size_nm >= SIZE_MIN_NM)) {
            sp->status = 0;
            snprintf(sp->reason, sizeof sp->reason,
                     "breadth %.3g deg = %.2g nm, below any crystal: a hump, background "
                     "or unresolved peaks", B, sp->size_nm);
        } else if (!(sp->size_esd_nm <= sp->size_nm)) {
            sp->status = 0;
            snprintf(sp->reason, sizeof sp->reason,
                     "the esd of the size exceeds its value (sample breadth %.4g(%.2g) deg)", B,
                     sp->sample_breadth_esd);
        } else {
            sp->status = 1;
        }
    }

    /* Williamson-Hall: y = beta cos(theta) (rad), x = sin(theta), weights 1/sigma_y^2 */
    R->wh_status = 0;
    R->wh_size_nm = R->wh_size_esd_nm = R->wh_strain = R->wh_strain_esd = NAN;
    R->wh_slope = R->wh_slope_esd = R->wh_intercept = R->wh_intercept_esd = R->wh_cov = NAN;
    double S = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
    size_t m = 0;
    double xs[256], ys[256], ws[256];
    for (size_t k = 0; k < R->n && m < 256; k++) {
        xrd_size_peak *sp = &R->peaks[k];
        sp->wh_used = 0;
        if (o.only_indexed && !sp->indexed)
            continue;
        double th = sp->two_theta_deg * M_PI / 360.0;
        double y = sp->sample_breadth_deg * deg * cos(th);
        double sy = sp->sample_breadth_esd * deg * cos(th);
        if (!(sp->sample_breadth_deg > 0) || !(sy > 0) || !isfinite(y) ||
            !(sp->size_nm >= SIZE_MIN_NM))
            continue;
        xs[m] = sin(th);
        ys[m] = y;
        ws[m] = 1.0 / (sy * sy);
        sp->wh_used = 1;
        m++;
    }
    for (size_t i = 0; i < m; i++) {
        S += ws[i];
        Sx += ws[i] * xs[i];
        Sy += ws[i] * ys[i];
        Sxx += ws[i] * xs[i] * xs[i];
        Sxy += ws[i] * xs[i] * ys[i];
    }
    R->wh_n = m;
    double D = S * Sxx - Sx * Sx;
    if (o.shape != XRD_SHAPE_NONE) {
        snprintf(R->wh_reason, sizeof R->wh_reason,
                 "no Williamson-Hall line with a shape: its Scherrer constant differs between "
                 "reflections (per-peak sizes only)");
    } else if (m < 2) {
        snprintf(R->wh_reason, sizeof R->wh_reason,
                 "Williamson-Hall needs at least 2 peaks with sample broadening, found %zu", m);
    } else if (!(D > 1e-12 * S * Sxx)) {
        snprintf(R->wh_reason, sizeof R->wh_reason,
                 "the peaks span too small a range of sin(theta) for Williamson-Hall");
    } else {
        double b = (S * Sxy - Sx * Sy) / D, a = (Sxx * Sy - Sx * Sxy) / D;
        double chi2 = 0;
        for (size_t i = 0; i < m; i++) {
            double r = ys[i] - a - b * xs[i];
            chi2 += ws[i] * r * r;
        }
        double sc = m > 2 ? chi2 / (double)(m - 2) : 1.0;
        R->wh_status = 1;
        R->wh_slope = b;
        R->wh_intercept = a;
        R->wh_slope_esd = sqrt(S / D * sc);
        R->wh_intercept_esd = sqrt(Sxx / D * sc);
        R->wh_cov = -Sx / D * sc;
        R->wh_strain = b / 4.0;
        R->wh_strain_esd = R->wh_slope_esd / 4.0;
        if (a > 0) {
            R->wh_size_nm = o.K * R->lambda_A / a / 10.0;
            R->wh_size_esd_nm = R->wh_size_nm * R->wh_intercept_esd / a;
        }
        if (!(a > 0)) {
            R->wh_size_status = 0;
            snprintf(R->wh_reason, sizeof R->wh_reason,
                     "the Williamson-Hall intercept %.3g is not positive: no size broadening "
                     "is resolved",
                     a);
        } else if (!(R->wh_size_esd_nm <= R->wh_size_nm)) {
            R->wh_size_status = 0;
            snprintf(R->wh_reason, sizeof R->wh_reason,
                     "the esd of the Williamson-Hall size exceeds its value");
        } else {
            R->wh_size_status = 1;
        }
    }
    *out = R;
    return XRD_OK;
}

xrd_status xrd_instrument_from_peaks(const xrd_peak_fit_result *fit, double uvwxy[5],
                                     xrd_error *err)
{
    if (!fit || !fit->profile)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no peak fit given");
    size_t n = fit->n_peaks;
    double *A = malloc((n ? n : 1) * 3 * sizeof(double)), *y = malloc((n ? n : 1) * sizeof(double));
    double *A2 = malloc((n ? n : 1) * 2 * sizeof(double)), *y2 = malloc((n ? n : 1) * sizeof(double));
    xrd_status st = XRD_OK;
    if (!A || !y || !A2 || !y2) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        double hg, hl;
        if (xrd_peak_gl_widths(fit, k, &hg, &hl, NULL, NULL) != XRD_OK || !isfinite(hg) ||
            !isfinite(hl))
            continue;
        double th = fit->peaks[k].two_theta_deg * M_PI / 360.0, t = tan(th);
        A[m * 3] = t * t;
        A[m * 3 + 1] = t;
        A[m * 3 + 2] = 1;
        y[m] = hg * hg;
        A2[m * 2] = t;
        A2[m * 2 + 1] = 1.0 / cos(th);
        y2[m] = hl;
        m++;
    }
    if (m < 3) {
        st = xrd_error_set(err, XRD_ERR_TOO_FEW, NULL, 0,
                           "a Caglioti instrument needs at least 3 fitted peaks, found %zu", m);
        goto done;
    }
    double c3[3], c2[2];
    if (xrdi_linear_lsq(A, m, 3, y, c3) || xrdi_linear_lsq(A2, m, 2, y2, c2)) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the Caglioti least squares failed (peaks at too few angles?)");
        goto done;
    }
    uvwxy[0] = c3[0];
    uvwxy[1] = c3[1];
    uvwxy[2] = c3[2];
    uvwxy[3] = c2[0] > 0 ? c2[0] : 0;
    uvwxy[4] = c2[1] > 0 ? c2[1] : 0;
done:
    free(A);
    free(y);
    free(A2);
    free(y2);
    return st;
}
