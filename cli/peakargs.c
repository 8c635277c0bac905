/* Shared pipeline of `xrdfit peaks` and `xrdfit size`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "peakargs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AT 256

void cli_peakargs_init(cli_peakargs *a)
{
    memset(a, 0, sizeof *a);
    cli_fitargs_init(&a->fa);
}

/* Parse "x1,x2,..." into v (at most MAX_AT); count, or -1. */
static int parse_list(const char *s, double *v, int max)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", s);
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == max || cli_parse_double(tok, &v[n]))
            return -1;
        n++;
    }
    return n > 0 ? n : -1;
}

int cli_peakargs_option(const char *cmd, int opt, const char *arg, cli_peakargs *a)
{
    int r = cli_fitargs_option(cmd, opt, arg, &a->fa);
    if (r)
        return r;
    double tmp[MAX_AT];
    switch (opt) {
    case CLI_OPT_AT:
        if (parse_list(arg, tmp, MAX_AT) < 0) {
            cli_usage(cmd, "--at expects comma-separated positions in degrees, found '%s'", arg);
            return -1;
        }
        a->at = arg;
        return 1;
    case CLI_OPT_PROFILE:
        if (!xrd_profile_by_name(arg)) {
            cli_usage(cmd, "--profile expects pseudo-voigt, pearson7, split-pearson7, voigt, "
                           "gaussian, lorentzian or tch, found '%s'", arg);
            return -1;
        }
        a->profile = arg;
        return 1;
    case CLI_OPT_PHASE: a->phase = arg; return 1;
    case CLI_OPT_THRESHOLD:
        if (cli_parse_double(arg, &a->threshold) || a->threshold <= 0) {
            cli_usage(cmd, "--threshold expects a positive number of sigma, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_INDEXTOL:
        if (cli_parse_double(arg, &a->index_tol) || a->index_tol <= 0) {
            cli_usage(cmd, "--index-tolerance expects degrees > 0, found '%s'", arg);
            return -1;
        }
        return 1;
    default: return 0;
    }
}

int cli_peaks_pipeline(const char *cmd, const cli_peakargs *a, const char *pattern_path,
                       const char *phase_spec, xrd_instrument *inst, xrd_peak_fit_result **fit)
{
    *fit = NULL;
    xrd_error err;
    xrd_error_clear(&err);
    cli_fitargs fa = a->fa;
    fa.pattern_path = pattern_path;
    xrd_phase ph;
    if (phase_spec) {
        xrd_phase_library *lib = NULL;
        xrd_status st = cli_load_library(&lib, &err);
        if (st == XRD_OK)
            st = xrd_phase_parse_spec(phase_spec, lib, &ph, &err);
        xrd_phase_library_free(lib);
        if (st != XRD_OK)
            return cli_fail(&err);
    }
    xrd_pattern *p = NULL;
    xrd_fit_options fo;
    xrd_status st = cli_fit_prepare(&fa, &p, inst, &fo, &err);
    if (st != XRD_OK)
        return cli_fail(&err);
    double lo = fa.have_range ? fa.range_lo : p->x[0];
    double hi = fa.have_range ? fa.range_hi : p->x[p->n - 1];
    double at[MAX_AT], fw[MAX_AT];
    int n = 0;
    if (a->at) {
        n = parse_list(a->at, at, MAX_AT);
        for (int k = 0; k < n; k++)
            fw[k] = 0;
    } else {
        xrd_peak_search_options so;
        xrd_peak_search_options_default(&so);
        so.x_min = lo;
        so.x_max = hi;
        if (a->threshold > 0)
            so.threshold = a->threshold;
        so.rad = &inst->rad;
        xrd_peak_list *L = NULL;
        st = xrd_peak_search(p, &so, &L, &err);
        if (st != XRD_OK) {
            xrd_pattern_free(p);
            return cli_fail(&err);
        }
        if (fa.verbose)
            fprintf(stderr, "  peak search: %zu peaks above %.3g sigma (noise %.3g x Poisson)\n",
                    L->n, so.threshold, L->noise_factor);
        for (size_t k = 0; k < L->n && n < MAX_AT; k++) {
            /* keep peaks whose centre is well inside the range */
            if (L->peaks[k].two_theta_deg <= lo || L->peaks[k].two_theta_deg >= hi)
                continue;
            at[n] = L->peaks[k].two_theta_deg;
            fw[n] = L->peaks[k].fwhm_deg;
            if (fa.verbose)
                fprintf(stderr, "    %9.4f deg  height %.4g  FWHM ~%.3g deg  %.1f sigma\n", at[n],
                        L->peaks[k].height, fw[n], L->peaks[k].significance);
            n++;
        }
        xrd_peak_list_free(L);
        if (n == 0) {
            xrd_pattern_free(p);
            xrd_error_set(&err, XRD_ERR_NO_DATA, pattern_path, 0,
                          "the peak search found no significant peak in %g..%g deg; give "
                          "positions with --at or lower --threshold",
                          lo, hi);
            return cli_fail(&err);
        }
    }
    xrd_peak_fit_options po;
    xrd_peak_fit_options_default(&po);
    po.profile = a->profile ? xrd_profile_by_name(a->profile) : NULL;
    po.x_min = lo;
    po.x_max = hi;
    po.n_background = fa.n_background;
    po.refine_ka2_ratio = fa.refine_k2;
    if (fa.max_cycles)
        po.max_iter = fa.max_cycles;
    xrd_peak_fit_result *r = NULL;
    st = xrd_peak_fit(p, &inst->rad, at, fw, (size_t)n, &po, &r, &err);
    xrd_pattern_free(p);
    if (st != XRD_OK)
        return cli_fail(&err);
    if (fa.verbose)
        fprintf(stderr, "  fit: %d iterations, %s\n", r->iterations, r->message);
    if (phase_spec) {
        size_t ni = 0;
        st = xrd_peak_fit_index(r, &ph, a->index_tol, &ni, &err);
        if (st != XRD_OK) {
            xrd_peak_fit_result_free(r);
            return cli_fail(&err);
        }
        if (fa.verbose)
            fprintf(stderr, "  indexed %zu of %zu peaks against %s\n", ni, r->n_peaks, ph.name);
    }
    *fit = r;
    return CLI_OK;
}

void cli_print_peaks(FILE *f, const char *pattern_path, const xrd_peak_fit_result *r)
{
    char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
    fprintf(f, "Peak fit of %s: %zu peaks, profile %s, %g..%g deg, %d Chebyshev terms\n",
            pattern_path, r->n_peaks, r->profile->name, r->x_lo, r->x_hi, r->n_cheb);
    if (r->rad.n_lines > 1)
        fprintf(f, "Radiation %s: Ka1 %.6f A + Ka2 %.6f A, I(Ka2)/I(Ka1) = %s%s\n", r->rad.name,
                r->rad.lambda_A[0], r->rad.lambda_A[1],
                xrd_format_esd(r->ka2_ratio, r->ka2_ratio_esd, 3, b1, sizeof b1),
                isfinite(r->ka2_ratio_esd) ? " (refined)" : " (fixed)");
    else
        fprintf(f, "Radiation %s: %.6f A\n", r->rad.name, r->rad.lambda_A[0]);
    int ns = r->profile->n_shape;
    fprintf(f, "%3s %-13s %-12s %-12s %-12s", "#", "2theta(deg)", "d(A)", "FWHM(deg)",
            "beta(deg)");
    for (int s = 0; s < ns; s++)
        fprintf(f, " %-12s", r->profile->shape_names[s]);
    fprintf(f, " %-14s %s\n", "area", "hkl");
    for (size_t k = 0; k < r->n_peaks; k++) {
        const xrd_peak_result *p = &r->peaks[k];
        fprintf(f, "%3zu %-13s %-12s %-12s %-12s", k + 1,
                xrd_format_esd(p->two_theta_deg, p->two_theta_esd, 4, b1, sizeof b1),
                xrd_format_esd(p->d_A, p->d_esd_A, 5, b2, sizeof b2),
                xrd_format_esd(p->fwhm_deg, p->fwhm_esd, 4, b3, sizeof b3),
                xrd_format_esd(p->breadth_deg, p->breadth_esd, 4, b4, sizeof b4));
        for (int s = 0; s < ns; s++)
            fprintf(f, " %-12s", xrd_format_esd(p->shape[s], p->shape_esd[s], 4, b5, sizeof b5));
        fprintf(f, " %-14s", xrd_format_esd(p->area, p->area_esd, 1, b6, sizeof b6));
        if (p->indexed)
            fprintf(f, " (%d %d %d)", p->h, p->k, p->l);
        else
            fprintf(f, " -");
        if (p->shape_at_bound)
            fprintf(f, "  [shape at its bound]");
        fprintf(f, "\n");
    }
    fprintf(f, "Rp = %.2f %%, Rwp = %.2f %%, Rexp = %.2f %%, GOF = %.2f, %zu points, %zu "
               "parameters\n",
            100 * r->Rp, 100 * r->Rwp, 100 * r->Rexp, r->GOF, r->n_points, r->n_params);
    fprintf(f, "%s after %d iterations (%s); esds from the covariance x GOF^2\n",
            r->converged ? "Converged" : "NOT CONVERGED", r->iterations, r->message);
    if (r->rad.n_lines > 1)
        fprintf(f, "2theta, area and widths are those of the Ka1 component (Ka2 at its own "
                   "Bragg angle, same shape)\n");
}
