/* xrdfit peaks: find peaks, fit them all with a background, report positions,
 * widths, shapes and areas with esds. SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peakargs.h"
#include "plotargs.h"
#include "report/json_writer.h"

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit peaks PATTERN (--radiation NAME | --wavelength A | --instrument FILE)\n"
            "                    [--at X1,X2,...] [--profile NAME] [--phase SPEC] [OPTIONS]\n"
            "Find the peaks (smoothed second derivative against the counting noise) or take\n"
            "them from --at, fit them all together with a Chebyshev background (Levenberg-\n"
            "Marquardt) and print position (2theta, d), FWHM, integral breadth, shape and\n"
            "area of each with esds, and Rp, Rwp, Rexp, GOF.\n\n"
            "  --instrument FILE   take the radiation from an instrument file\n"
            CLI_PEAK_HELP
            "Figure (observed, calculated, background, peak ticks; difference below):\n"
            CLI_PLOT_HELP
            "Exit status: 0 converged, 1 data error, fit not converged or gnuplot failing,\n"
            "2 usage error.\n");
}

static void json_peaks(FILE *f, const char *path, const xrd_peak_fit_result *r)
{
    xrdi_json j;
    xrdi_json_begin(&j, f);
    xrdi_json_obj(&j);
    xrdi_json_ks(&j, "pattern", path);
    xrdi_json_ks(&j, "profile", r->profile->name);
    xrdi_json_key(&j, "radiation");
    xrdi_json_obj(&j);
    xrdi_json_ks(&j, "name", r->rad.name);
    xrdi_json_key(&j, "lambda_A");
    xrdi_json_arr(&j);
    for (int l = 0; l < r->rad.n_lines; l++)
        xrdi_json_num(&j, r->rad.lambda_A[l]);
    xrdi_json_arr_end(&j);
    xrdi_json_kn(&j, "ka2_ratio", r->ka2_ratio);
    xrdi_json_kn(&j, "ka2_ratio_esd", r->ka2_ratio_esd);
    xrdi_json_obj_end(&j);
    xrdi_json_key(&j, "range_deg");
    xrdi_json_arr(&j);
    xrdi_json_num(&j, r->x_lo);
    xrdi_json_num(&j, r->x_hi);
    xrdi_json_arr_end(&j);
    xrdi_json_key(&j, "background_chebyshev");
    xrdi_json_arr(&j);
    for (int b = 0; b < r->n_cheb; b++)
        xrdi_json_num(&j, r->cheb[b]);
    xrdi_json_arr_end(&j);
    xrdi_json_key(&j, "peaks");
    xrdi_json_arr(&j);
    for (size_t k = 0; k < r->n_peaks; k++) {
        const xrd_peak_result *p = &r->peaks[k];
        xrdi_json_obj(&j);
        xrdi_json_kn(&j, "two_theta_deg", p->two_theta_deg);
        xrdi_json_kn(&j, "two_theta_esd", p->two_theta_esd);
        xrdi_json_kn(&j, "d_A", p->d_A);
        xrdi_json_kn(&j, "d_esd_A", p->d_esd_A);
        xrdi_json_kn(&j, "fwhm_deg", p->fwhm_deg);
        xrdi_json_kn(&j, "fwhm_esd", p->fwhm_esd);
        xrdi_json_kn(&j, "integral_breadth_deg", p->breadth_deg);
        xrdi_json_kn(&j, "integral_breadth_esd", p->breadth_esd);
        xrdi_json_kn(&j, "area", p->area);
        xrdi_json_kn(&j, "area_esd", p->area_esd);
        xrdi_json_key(&j, "shape");
        xrdi_json_obj(&j);
        for (int s = 0; s < p->n_shape; s++) {
            char key[64];
            xrdi_json_kn(&j, r->profile->shape_names[s], p->shape[s]);
            snprintf(key, sizeof key, "%s_esd", r->profile->shape_names[s]);
            xrdi_json_kn(&j, key, p->shape_esd[s]);
        }
        xrdi_json_obj_end(&j);
        xrdi_json_kb(&j, "shape_at_bound", p->shape_at_bound);
        if (p->indexed) {
            xrdi_json_khkl(&j, "hkl", p->h, p->k, p->l);
            xrdi_json_kn(&j, "d_calc_A", p->d_calc_A);
            xrdi_json_kn(&j, "two_theta_calc_deg", p->two_theta_calc_deg);
        } else {
            xrdi_json_key(&j, "hkl");
            xrdi_json_null(&j);
        }
        xrdi_json_obj_end(&j);
    }
    xrdi_json_arr_end(&j);
    xrdi_json_kn(&j, "Rp", r->Rp);
    xrdi_json_kn(&j, "Rwp", r->Rwp);
    xrdi_json_kn(&j, "Rexp", r->Rexp);
    xrdi_json_kn(&j, "GOF", r->GOF);
    xrdi_json_ki(&j, "n_points", (long)r->n_points);
    xrdi_json_ki(&j, "n_params", (long)r->n_params);
    xrdi_json_ki(&j, "iterations", r->iterations);
    xrdi_json_kb(&j, "converged", r->converged);
    xrdi_json_ks(&j, "message", r->message);
    xrdi_json_obj_end(&j);
    fputc('\n', f);
}

/* The fit figure of a peak fit: one tick row at the fitted (Ka1) positions. */
static int plot_peaks(const cli_plotargs *pa, const char *path, const xrd_peak_fit_result *r)
{
    if (!pa->plot_out && !pa->script_out)
        return CLI_OK;
    double *tt = malloc((r->n_peaks ? r->n_peaks : 1) * sizeof(double));
    if (!tt) {
        xrd_error err;
        xrd_error_set(&err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the figure");
        return cli_fail(&err);
    }
    for (size_t k = 0; k < r->n_peaks; k++)
        tt[k] = r->peaks[k].two_theta_deg;
    char legend[128];
    snprintf(legend, sizeof legend, "%zu %s peak%s", r->n_peaks, r->profile->name,
             r->n_peaks == 1 ? "" : "s");
    xrd_plot_curves_data d;
    memset(&d, 0, sizeof d);
    d.n = r->n_curve;
    d.x = r->x;
    d.y_obs = r->y_obs;
    d.y_calc = r->y_calc;
    d.y_bkg = r->y_bkg;
    d.n_ticks = r->n_peaks;
    d.tick_deg = tt;
    d.tick_name = "peaks";
    d.tick_legend = legend;
    d.lambda_A = r->rad.n_lines > 0 ? r->rad.lambda_A[0] : NAN;
    d.Rwp = r->Rwp;
    d.GOF = r->GOF;
    d.what = "Peak fit figure";
    int rc = cli_plot_curves(pa, path, &d);
    free(tt);
    return rc;
}

int cmd_peaks(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_PEAK_LONGOPTS,
        CLI_PLOT_LONGOPTS,
        {"instrument", required_argument, 0, CLI_OPT_INSTRUMENT},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_peakargs a;
    cli_peakargs_init(&a);
    a.fa.cmd = "peaks";
    cli_plotargs pa;
    cli_plotargs_init(&pa);
    int c;
    while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        int r = cli_peakargs_option("peaks", c, optarg, &a);
        if (r == 0)
            r = cli_plotargs_option("peaks", c, optarg, &pa);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        if (c == 'h') {
            help(stdout);
            return CLI_OK;
        }
        return cli_usage("peaks", "unknown option");
    }
    if (optind + 1 != argc)
        return cli_usage("peaks", optind >= argc ? "missing PATTERN" : "only one PATTERN is fitted");
    const char *path = argv[optind];
    xrd_instrument inst;
    xrd_peak_fit_result *r = NULL;
    int rc = cli_peaks_pipeline("peaks", &a, path, a.phase, &inst, &r);
    if (rc != CLI_OK)
        return rc;
    int json_std = a.fa.json_out && !strcmp(a.fa.json_out, "-");
    if (!json_std)
        cli_print_peaks(stdout, path, r);
    if (a.fa.json_out) {
        FILE *f = json_std ? stdout : fopen(a.fa.json_out, "w");
        if (!f) {
            xrd_error err;
            xrd_error_set(&err, XRD_ERR_IO, a.fa.json_out, 0, "cannot write the JSON file");
            xrd_peak_fit_result_free(r);
            return cli_fail(&err);
        }
        json_peaks(f, path, r);
        if (!json_std && fclose(f)) {
            xrd_error err;
            xrd_error_set(&err, XRD_ERR_IO, a.fa.json_out, 0, "cannot write the JSON file");
            xrd_peak_fit_result_free(r);
            return cli_fail(&err);
        }
    }
    /* the figure last: a missing gnuplot fails after the results are written */
    rc = plot_peaks(&pa, path, r);
    if (!r->converged) {
        fprintf(stderr, "xrdfit peaks: the fit did not converge: %s\n", r->message);
        rc = CLI_DATA_ERROR;
    }
    xrd_peak_fit_result_free(r);
    return rc;
}
