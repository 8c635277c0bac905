/* Shared options of the fitting commands and the preparation of a fit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fitargs.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_fitargs_init(cli_fitargs *a)
{
    memset(a, 0, sizeof *a);
    xrd_read_options_default(&a->ro);
    a->radius_mm = NAN;
    a->temperature_K = 0;
}

void cli_log_stderr(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "  %s\n", msg);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    double v;
    if (cli_parse_double(s, &v) || v != floor(v) || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* 1, or -1 (usage printed) for --twin-faults with --lognormal-size */
static int twins_lognormal(const char *cmd, const cli_fitargs *a)
{
    if (!(a->twins && a->lognormal_size))
        return 1;
    cli_usage(cmd, "--twin-faults goes with the Voigt size term, not with --lognormal-size");
    return -1;
}

int cli_fitargs_option(const char *cmd, int opt, const char *arg, cli_fitargs *a)
{
    if (opt == CLI_OPT_UNIT && arg && (!strcmp(arg, "px") || !strcmp(arg, "pixel"))) {
        /* read as d, replaced by K / r once the camera constant is known */
        a->pixel = 1;
        a->ro.unit = XRD_X_D_A;
        a->ro.unit_given = 1;
        return 1;
    }
    if (opt == CLI_OPT_CAMERA) {
        if (cli_parse_double(arg, &a->camera_constant) || !(a->camera_constant > 0)) {
            cli_usage(cmd, "--camera-constant expects K > 0 in px A (d = K / r), found '%s'",
                      arg);
            return -1;
        }
        return 1;
    }
    int r = cli_pattern_option(cmd, opt, arg, &a->ro);
    if (r)
        return r;
    switch (opt) {
    case CLI_OPT_RADIATION: a->radiation = arg; return 1;
    case CLI_OPT_WAVELENGTH: a->wavelength = arg; return 1;
    case CLI_OPT_EKV:
        if (cli_electron_kv(cmd, arg, a->wavelength, a->electron_wavelength,
                            sizeof a->electron_wavelength))
            return -1;
        a->wavelength = a->electron_wavelength;
        if (!a->geometry)
            a->geometry = "transmission";
        return 1;
    case CLI_OPT_SCALE: a->scale = arg; return 1;
    case CLI_OPT_INSTRUMENT: a->instrument_path = arg; return 1;
    case CLI_OPT_GEOMETRY:
        if (strcmp(arg, "bragg-brentano") && strcmp(arg, "bb") && strcmp(arg, "transmission") &&
            strcmp(arg, "capillary")) {
            cli_usage(cmd, "--geometry expects bragg-brentano or transmission, found '%s'", arg);
            return -1;
        }
        a->geometry = arg;
        return 1;
    case CLI_OPT_RADIUS:
        if (cli_parse_double(arg, &a->radius_mm) || a->radius_mm <= 0) {
            cli_usage(cmd, "--radius expects a positive number of mm, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_RANGE:
        if (cli_parse_range(arg, &a->range_lo, &a->range_hi)) {
            cli_usage(cmd, "--range expects LO:HI with LO < HI, found '%s'", arg);
            return -1;
        }
        a->have_range = 1;
        return 1;
    case CLI_OPT_BACKGROUND:
        if (parse_int(arg, 1, XRD_MAX_CHEB, &a->n_background)) {
            cli_usage(cmd, "--background expects 1 to %d terms, found '%s'", XRD_MAX_CHEB, arg);
            return -1;
        }
        return 1;
    case CLI_OPT_INVX: a->inv_x = 1; return 1;
    case CLI_OPT_HUMP:
        a->hump = 1;
        if (arg && (cli_parse_double(arg, &a->hump_center) || a->hump_center <= 0)) {
            cli_usage(cmd, "--hump expects a centre in degrees, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_DISP: a->refine_disp = 1; return 1;
    case CLI_OPT_NOZERO: a->no_zero = 1; return 1;
    case CLI_OPT_REFZERO: a->refine_zero = 1; return 1;
    case CLI_OPT_NOPRIORS: a->no_priors = 1; return 1;
    case CLI_OPT_NOAUTOBKG: a->fixed_background = 1; return 1;
    case CLI_OPT_NODISP: a->no_disp = 1; return 1;
    case CLI_OPT_VOIGT: a->true_voigt = 1; return 1;
    case CLI_OPT_PEARSON7: a->pearson7 = 1; return 1;
    case CLI_OPT_CLASSIC: a->classic = 1; return 1;
    case CLI_OPT_K2: a->refine_k2 = 1; return 1;
    case CLI_OPT_NOSIZE: a->no_size = 1; return 1;
    case CLI_OPT_NOSTRAIN: a->no_strain = 1; return 1;
    case CLI_OPT_SYMPEAKS: a->symmetric_peaks = 1; return 1;
    case CLI_OPT_LORSIZE:
    case CLI_OPT_LNSIZE:
        if (opt == CLI_OPT_LORSIZE ? a->lognormal_size : a->lorentzian_size) {
            cli_usage(cmd, "--lorentzian-size and --lognormal-size are two size terms: give "
                           "one");
            return -1;
        }
        if (opt == CLI_OPT_LORSIZE)
            a->lorentzian_size = 1;
        else
            a->lognormal_size = 1;
        return twins_lognormal(cmd, a);
    case CLI_OPT_FAULTS: a->faults = 1; return 1;
    case CLI_OPT_TWINS: a->twins = 1; return twins_lognormal(cmd, a);
    case CLI_OPT_VOIGTSIZE: a->voigt_size = 1; return 1;
    case CLI_OPT_MAXPOINTS:
        if (parse_int(arg, 20, 2000000000, &a->max_points)) {
            cli_usage(cmd, "--max-points expects a number of points >= 20, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_MAXCYC:
        if (parse_int(arg, 1, 100000, &a->max_cycles)) {
            cli_usage(cmd, "--max-cycles expects a positive integer, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_THREADS:
        if (parse_int(arg, 1, 16, &a->threads)) {
            cli_usage(cmd, "--threads expects 1 to 16, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_JSON: a->json_out = arg; return 1;
    case CLI_OPT_JSONCURVES: a->json_curves = 1; return 1;
    case CLI_OPT_CURVES: a->curves_out = arg; return 1;
    case CLI_OPT_CORR: a->correlation = 1; return 1;
    case CLI_OPT_BL: a->no_berar_lelann = 0; return 1;
    case CLI_OPT_NOBL: a->no_berar_lelann = 1; return 1;
    case CLI_OPT_TEMP:
        if (cli_parse_double(arg, &a->temperature_K) || a->temperature_K <= 0) {
            cli_usage(cmd, "--temperature expects kelvin > 0, found '%s'", arg);
            return -1;
        }
        return 1;
    case 'v': a->verbose = 1; return 1;
    default: return 0;
    }
}

xrd_status cli_pixels_to_d(xrd_pattern *p, double K, xrd_error *err)
{
    for (size_t i = 0; i < p->n; i++)
        if (!(p->x[i] > 0))
            return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                                 "a ring radius must be positive, found %g px (point %zu)",
                                 p->x[i], i + 1);
    /* d falls as r rises; the conversion to 2theta that follows restores the order */
    for (size_t i = 0; i < p->n; i++)
        p->x[i] = K / p->x[i];
    p->unit = XRD_X_D_A;
    return XRD_OK;
}

xrd_status cli_fit_prepare(cli_fitargs *a, xrd_pattern **pattern, xrd_instrument *inst,
                           xrd_fit_options *fo, xrd_error *err)
{
    *pattern = NULL;
    xrd_pattern *p = NULL;
    xrd_status st = xrd_pattern_read_file(a->pattern_path, &a->ro, &p, err);
    if (st != XRD_OK)
        return st;
    if (p->meta.n_scans > 1)
        fprintf(stderr, "xrdfit %s: note: %s holds %d scans; scan %d is read (--scan N picks "
                        "another)\n",
                a->cmd ? a->cmd : "fit", a->pattern_path, p->meta.n_scans, p->meta.scan + 1);
    if (!(a->temperature_K > 0) && p->meta.temperature_K > 0) {
        a->temperature_K = p->meta.temperature_K; /* --temperature overrides it */
        fprintf(stderr, "xrdfit %s: note: temperature from the file's header: %g K\n",
                a->cmd ? a->cmd : "fit", a->temperature_K);
    }
    if (a->instrument_path) {
        char schema[PATH_MAX + 32];
        cli_refdata_path(schema, sizeof schema, "instrument.rng");
        st = xrd_instrument_load(a->instrument_path, schema, inst, err);
        if (st == XRD_OK && (a->radiation || a->wavelength)) {
            xrd_radiation rad;
            st = cli_radiation(a->radiation, a->wavelength, a->scale, &rad, err);
            if (st == XRD_OK && (rad.n_lines != inst->rad.n_lines ||
                                 fabs(rad.lambda_A[0] - inst->rad.lambda_A[0]) > 1e-4))
                st = xrd_error_set(err, XRD_ERR_INVALID, a->instrument_path, 0,
                                   "the instrument was calibrated with %s (%.5f A) but %s was "
                                   "asked for", inst->rad.name, inst->rad.lambda_A[0],
                                   a->radiation ? a->radiation : a->wavelength);
            if (st == XRD_OK)
                inst->rad = rad;
        }
    } else {
        xrd_radiation rad;
        st = cli_radiation_for(a->cmd ? a->cmd : "fit", a->radiation, a->wavelength, a->scale, p,
                               &rad, err);
        if (st == XRD_OK)
            xrd_instrument_default(inst, &rad);
    }
    if (st != XRD_OK) {
        xrd_pattern_free(p);
        return st;
    }
    if (a->geometry)
        inst->geometry = (!strcmp(a->geometry, "transmission") || !strcmp(a->geometry, "capillary"))
                             ? XRD_GEOM_TRANSMISSION
                             : XRD_GEOM_BRAGG_BRENTANO;
    if (a->pixel) {
        double K = a->camera_constant > 0 ? a->camera_constant : inst->camera_constant_px_A;
        if (!(K > 0)) {
            xrd_pattern_free(p);
            return xrd_error_set(err, XRD_ERR_INVALID, a->pattern_path, 0,
                                 "a profile in pixels needs the camera constant: "
                                 "--camera-constant K (px A), or an instrument file from "
                                 "`xrdfit instrument --unit px` on a standard film");
        }
        if ((st = cli_pixels_to_d(p, K, err)) != XRD_OK) {
            xrd_pattern_free(p);
            return st;
        }
        inst->camera_constant_px_A = K;
    }
    if (isfinite(a->radius_mm))
        inst->radius_mm = a->radius_mm;
    else if (!a->instrument_path && p->meta.goniometer_radius_mm > 0)
        inst->radius_mm = p->meta.goniometer_radius_mm; /* the header's goniometer */

    if (p->unit != XRD_X_TWO_THETA_DEG) {
        if (inst->rad.n_lines != 1) {
            xrd_pattern_free(p);
            return xrd_error_set(err, XRD_ERR_INVALID, a->pattern_path, 0,
                                 "the pattern's x axis is %s: give its single wavelength with "
                                 "--wavelength to convert it to 2theta",
                                 xrd_xunit_name(p->unit));
        }
        xrd_pattern *q = NULL;
        st = xrd_pattern_convert(p, XRD_X_TWO_THETA_DEG, inst->rad.lambda_A[0], &q, err);
        xrd_pattern_free(p);
        if (st != XRD_OK)
            return st;
        p = q;
    }
    xrd_fit_options_default(fo);
    /* electrons: f_e for the intensities of the ties and of Rietveld phases */
    if (inst->rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A &&
        (st = cli_electron_factors(&fo->electron_factors, err)) != XRD_OK) {
        xrd_pattern_free(p);
        return st;
    }
    *pattern = p;
    if (a->have_range) {
        fo->x_min = a->range_lo;
        fo->x_max = a->range_hi;
    }
    fo->n_background = a->n_background;
    fo->ignore_serial_correlation = a->no_berar_lelann;
    fo->background_inv_x = a->inv_x;
    fo->background_hump = a->hump;
    fo->hump_center_deg = a->hump_center;
    fo->background_auto = !a->fixed_background;
    /* A calibrated instrument brings the zero of its standard; a flat plate's
     * height (the displacement) changes from sample to sample; a capillary has
     * no displacement. Zero and displacement correlate: both are refined only
     * with their restraints (priors); without them never both by default. */
    if (a->instrument_path && inst->calibrated) {
        fo->refine_zero = a->refine_zero && !a->no_zero;
        fo->refine_displacement =
            !a->no_disp && (a->refine_disp || inst->geometry == XRD_GEOM_BRAGG_BRENTANO);
    } else if (a->no_priors) {
        fo->refine_zero = !a->no_zero && (!a->refine_disp || a->refine_zero);
        fo->refine_displacement = a->refine_disp && !a->no_disp;
    } else {
        fo->refine_zero = !a->no_zero;
        fo->refine_displacement = !a->no_disp;
    }
    if (a->no_priors) {
        fo->instrument_model = XRD_INSTMODEL_SWITCHES;
        if (!(a->instrument_path && inst->calibrated))
            fo->refine_asymmetry = 0;
    }
    fo->refine_ka2_ratio = a->refine_k2;
    fo->refine_size = !a->no_size;
    fo->refine_strain = !a->no_strain;
    if (a->max_cycles)
        fo->max_cycles = a->max_cycles;
    if (a->max_points)
        fo->max_points = (size_t)a->max_points;
    fo->true_voigt = a->true_voigt;
    fo->pearson7 = a->pearson7;
    fo->symmetric_peaks = a->symmetric_peaks;
    fo->size_gauss = !a->lorentzian_size;
    fo->size_lognormal = a->lognormal_size;
    fo->refine_faults = a->faults;
    fo->refine_twins = a->twins;
    fo->size_auto = !a->voigt_size;
    fo->classic_cycles = a->classic;
    fo->threads = a->threads;
    if (a->verbose) {
        fo->log = cli_log_stderr;
        fo->log_user = NULL;
    }
    return XRD_OK;
}

int cli_intensity_options(const char *cmd, const xrd_instrument *inst, const char *pol,
                          int no_disp, xrd_fit_options *fo, xrd_dispersion **disp, xrd_error *err)
{
    *disp = NULL;
    int sync = inst->rad.n_lines == 1 && inst->rad.lambda_A[0] < 1.0;
    fo->polarization = sync ? XRD_POL_SYNCHROTRON : XRD_POL_UNPOLARIZED;
    if (pol && (!strcmp(pol, "unpolarized") || !strcmp(pol, "unpolarised"))) {
        fo->polarization = XRD_POL_UNPOLARIZED;
    } else if (pol && !strcmp(pol, "synchrotron")) {
        fo->polarization = XRD_POL_SYNCHROTRON;
    } else if (pol) {
        double t;
        const char *v = !strncmp(pol, "mono:", 5) ? pol + 5 : pol; /* as simulate writes it */
        if (cli_parse_double(v, &t) || !(t >= 0 && t < 180))
            return cli_usage(cmd, "--polarization expects unpolarized, synchrotron or a "
                                    "monochromator 2theta in deg (0-180), found '%s'", pol);
        fo->polarization = XRD_POL_MONOCHROMATOR;
        fo->mono_two_theta_deg = t;
    }
    if (no_disp || inst->rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A)
        return CLI_OK; /* electrons: no X-ray dispersion table */
    char path[PATH_MAX + 32];
    cli_refdata_path(path, sizeof path, "dispersion.xml");
    if (xrd_dispersion_load(path, disp, err) != XRD_OK)
        return cli_fail(err);
    fo->dispersion = *disp;
    return CLI_OK;
}

FILE *cli_open_out(const char *path, int *is_std)
{
    *is_std = !strcmp(path, "-");
    return *is_std ? stdout : fopen(path, "w");
}

int cli_write_fit_outputs(const cli_fitargs *a, const xrd_fit_result *r,
                          const xrd_report_meta *meta)
{
    xrd_error err;
    xrd_error_clear(&err);
    int is_std;
    if (a->json_out) {
        FILE *f = cli_open_out(a->json_out, &is_std);
        if (!f) {
            xrd_error_set(&err, XRD_ERR_IO, a->json_out, 0, "cannot write the JSON file");
            return cli_fail(&err);
        }
        xrd_status st = a->json_curves
                            ? xrd_report_fit_json_curves(f, r, meta, &err)
                            : xrd_report_fit_json(f, r, meta, &err);
        if (!is_std && fclose(f) && st == XRD_OK)
            st = xrd_error_set(&err, XRD_ERR_IO, a->json_out, 0, "cannot write the JSON file");
        if (st != XRD_OK)
            return cli_fail(&err);
    }
    if (a->curves_out) {
        FILE *f = cli_open_out(a->curves_out, &is_std);
        if (!f) {
            xrd_error_set(&err, XRD_ERR_IO, a->curves_out, 0, "cannot write the curves file");
            return cli_fail(&err);
        }
        xrd_status st = xrd_report_curves_csv(f, r, &err);
        if (!is_std && fclose(f) && st == XRD_OK)
            st = xrd_error_set(&err, XRD_ERR_IO, a->curves_out, 0, "cannot write the curves file");
        if (st != XRD_OK)
            return cli_fail(&err);
    }
    return CLI_OK;
}

int cli_run_fit(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                const xrd_phase *ph, int n, const xrd_fit_options *fo, const char *cmd,
                xrd_fit **out)
{
    return cli_run_fit_po(a, p, inst, ph, n, fo, NULL, cmd, out);
}

int cli_run_fit_po(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                   const xrd_phase *ph, int n, const xrd_fit_options *fo, const int (*po)[4],
                   const char *cmd, xrd_fit **out)
{
    xrd_error err;
    xrd_error_clear(&err);
    *out = NULL;
    xrd_fit *f = NULL;
    xrd_status st = xrd_fit_new(p, inst, ph, n, fo, &f, &err);
    for (int q = 0; po && st == XRD_OK && q < n; q++)
        if (po[q][0])
            st = xrd_fit_set_preferred_orientation(f, q, po[q][1], po[q][2], po[q][3], &err);
    if (st == XRD_OK)
        st = xrd_fit_run(f, &err);
    /* small crystals: the lognormal size term when it fits better (fit only) */
    if (st == XRD_OK && !strcmp(cmd, "fit"))
        st = xrd_fit_choose_size_term(p, inst, &f, &err);
    if (st != XRD_OK) {
        xrd_fit_free(f);
        return cli_fail(&err);
    }
    *out = f;
    const xrd_fit_result *r = xrd_fit_get_result(f);
    xrd_report_meta meta = {a->pattern_path, a->instrument_path, a->temperature_K, NULL};
    int rc = CLI_OK;
    if (!(a->json_out && !strcmp(a->json_out, "-")))
        if (xrd_report_fit_text(stdout, r, &meta, a->correlation, &err) != XRD_OK)
            rc = cli_fail(&err);
    if (rc == CLI_OK)
        rc = cli_write_fit_outputs(a, r, &meta);
    if (rc == CLI_OK && !r->converged) {
        fprintf(stderr, "xrdfit %s: the fit did not converge: %s\n", cmd, r->message);
        rc = CLI_DATA_ERROR;
    }
    return rc;
}
