/* xrdfit size: Scherrer crystal size per peak with the instrument removed,
 * and Williamson-Hall size and microstrain over the peaks.
 * SPDX-License-Identifier: GPL-3.0-or-later */
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
            "Usage: xrdfit size PATTERN (--radiation NAME | --wavelength A)\n"
            "                   (--instrument FILE | --uvwxy U,V,W,X,Y | --instrument-from STD\n"
            "                    [--instrument-phase SPEC] | --no-instrument)\n"
            "                   [--phase SPEC] [--K 0.9] [--breadth fwhm|integral] [OPTIONS]\n"
            "Fit the peaks (as `xrdfit peaks`), split each into Gaussian and Lorentzian FWHM,\n"
            "remove the instrument's (Gaussian in quadrature, Lorentzian linearly) and give the\n"
            "Scherrer size D = K lambda / (beta cos theta) per peak and the Williamson-Hall line\n"
            "beta cos theta = K lambda / D + 4 eps sin theta over the peaks (of --phase).\n\n"
            "  --instrument FILE   instrument file (`xrdfit instrument`): U V W X Y and radiation\n"
            "  --uvwxy U,V,W,X,Y   instrument TCH widths: Hg^2 = U tan^2 + V tan + W (deg^2),\n"
            "                      Hl = X tan + Y / cos (deg)\n"
            "  --instrument-from STD  fit the peaks of a standard's pattern (same radiation and\n"
            "                      read options) and fit U V W X Y to their widths (Caglioti)\n"
            "  --instrument-phase SPEC  index the standard's peaks (e.g. CeO2-674b)\n"
            "  --no-instrument     do not remove any instrument broadening\n"
            "  --K K               Scherrer constant (default 0.9; 4/3 with the integral breadth\n"
            "                      gives the sphere diameter, 1 the volume-weighted LVol)\n"
            "  --breadth B         fwhm (default) or integral\n"
            "  --shape S           sphere, cube, octahedron or tetrahedron (cubic phases): each\n"
            "                      peak's K from its hkl (Stokes & Wilson; with --phase and\n"
            "                      the integral breadth, set by it); the size is the diameter\n"
            "                      or the edge; no Williamson-Hall line\n"
            CLI_PEAK_HELP
            "Figure (Williamson-Hall: beta cos(theta) against 4 sin(theta), the peaks of the\n"
            "line with their esds and the fitted line):\n"
            CLI_PLOT_HELP_NOX
            "Exit status: 0 ok, 1 data error, fit not converged or gnuplot failing, 2 usage\n"
            "error.\n");
}

static int parse5(const char *s, double *v)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (n == 5 || cli_parse_double(t, &v[n]))
            return -1;
        n++;
    }
    return n == 5 ? 0 : -1;
}

static void json_size(FILE *f, const char *path, const char *inst_desc, const double *uvwxy,
                      const xrd_size_result *s)
{
    xrdi_json j;
    xrdi_json_begin(&j, f);
    xrdi_json_obj(&j);
    xrdi_json_ks(&j, "pattern", path);
    xrdi_json_ks(&j, "instrument", inst_desc);
    xrdi_json_key(&j, "uvwxy");
    xrdi_json_arr(&j);
    for (int i = 0; i < 5; i++)
        xrdi_json_num(&j, uvwxy[i]);
    xrdi_json_arr_end(&j);
    xrdi_json_kn(&j, "K", s->K);
    xrdi_json_ks(&j, "breadth", s->breadth == XRD_BREADTH_FWHM ? "fwhm" : "integral");
    xrdi_json_kn(&j, "lambda_A", s->lambda_A);
    xrdi_json_ks(&j, "convention", s->convention);
    xrdi_json_key(&j, "peaks");
    xrdi_json_arr(&j);
    for (size_t k = 0; k < s->n; k++) {
        const xrd_size_peak *p = &s->peaks[k];
        xrdi_json_obj(&j);
        xrdi_json_kn(&j, "two_theta_deg", p->two_theta_deg);
        if (p->indexed) {
            xrdi_json_khkl(&j, "hkl", p->h, p->k, p->l);
        }
        xrdi_json_kn(&j, "measured_hg_deg", p->meas_hg);
        xrdi_json_kn(&j, "measured_hl_deg", p->meas_hl);
        xrdi_json_kn(&j, "instrument_hg_deg", p->inst_hg);
        xrdi_json_kn(&j, "instrument_hl_deg", p->inst_hl);
        xrdi_json_kn(&j, "instrument_breadth_deg", p->inst_breadth_deg);
        xrdi_json_kn(&j, "sample_hg_deg", p->sample_hg);
        xrdi_json_kn(&j, "sample_hl_deg", p->sample_hl);
        xrdi_json_kn(&j, "sample_breadth_deg", p->sample_breadth_deg);
        xrdi_json_kn(&j, "sample_breadth_esd", p->sample_breadth_esd);
        xrdi_json_kb(&j, "reported", p->status);
        xrdi_json_kn(&j, "K", p->K);
        xrdi_json_kn(&j, "size_nm", p->status ? p->size_nm : NAN);
        xrdi_json_kn(&j, "size_esd_nm", p->status ? p->size_esd_nm : NAN);
        if (!p->status)
            xrdi_json_ks(&j, "refused", p->reason);
        xrdi_json_obj_end(&j);
    }
    xrdi_json_arr_end(&j);
    xrdi_json_key(&j, "williamson_hall");
    xrdi_json_obj(&j);
    xrdi_json_kb(&j, "fitted", s->wh_status);
    xrdi_json_ki(&j, "n_peaks", (long)s->wh_n);
    xrdi_json_kn(&j, "slope", s->wh_slope);
    xrdi_json_kn(&j, "slope_esd", s->wh_slope_esd);
    xrdi_json_kn(&j, "intercept", s->wh_intercept);
    xrdi_json_kn(&j, "intercept_esd", s->wh_intercept_esd);
    xrdi_json_ks(&j, "line", "beta cos(theta) [rad] = intercept + slope * sin(theta)");
    xrdi_json_kn(&j, "strain", s->wh_strain);
    xrdi_json_kn(&j, "strain_esd", s->wh_strain_esd);
    xrdi_json_kn(&j, "size_nm", s->wh_size_status ? s->wh_size_nm : NAN);
    xrdi_json_kn(&j, "size_esd_nm", s->wh_size_status ? s->wh_size_esd_nm : NAN);
    if (s->wh_reason[0])
        xrdi_json_ks(&j, "note", s->wh_reason);
    xrdi_json_obj_end(&j);
    xrdi_json_obj_end(&j);
    fputc('\n', f);
}

static void text_size(FILE *f, const char *path, const char *inst_desc, const double *uvwxy,
                      const xrd_size_result *s)
{
    char b1[64], b2[64], b3[64];
    fprintf(f, "Crystal size of %s\n", path);
    fprintf(f, "Instrument: %s (U %.4g, V %.4g, W %.4g deg^2, X %.4g, Y %.4g deg)\n", inst_desc,
            uvwxy[0], uvwxy[1], uvwxy[2], uvwxy[3], uvwxy[4]);
    fprintf(f, "Convention: %s\n", s->convention);
    fprintf(f, "%-10s %-9s %-9s %-9s %-9s %-9s %-12s %s\n", "hkl", "2theta", "Hg_meas", "Hl_meas",
            "Hg_inst", "Hl_inst", "beta_sample", "size (nm)");
    const char *kind = s->breadth == XRD_BREADTH_FWHM ? "FWHM" : "IB";
    for (size_t k = 0; k < s->n; k++) {
        const xrd_size_peak *p = &s->peaks[k];
        char hkl[32] = "-";
        if (p->indexed)
            snprintf(hkl, sizeof hkl, "(%d %d %d)", p->h, p->k, p->l);
        fprintf(f, "%-10s %-9.4f %-9.4f %-9.4f %-9.4f %-9.4f %-12s ", hkl, p->two_theta_deg,
                p->meas_hg, p->meas_hl, p->inst_hg, p->inst_hl,
                xrd_format_esd(p->sample_breadth_deg, p->sample_breadth_esd, 4, b1, sizeof b1));
        if (p->status)
            fprintf(f, "%s nm (Scherrer K=%.4g, %s)\n",
                    xrd_format_esd(p->size_nm, p->size_esd_nm, 2, b2, sizeof b2), p->K, kind);
        else
            fprintf(f, "not reported: %s\n", p->reason);
    }
    if (s->wh_status) {
        fprintf(f, "Williamson-Hall (%zu peaks): beta cos(theta) = %s + %s sin(theta) (rad)\n",
                s->wh_n, xrd_format_esd(s->wh_intercept, s->wh_intercept_esd, 6, b1, sizeof b1),
                xrd_format_esd(s->wh_slope, s->wh_slope_esd, 6, b2, sizeof b2));
        fprintf(f, "  microstrain eps = %s (beta_strain = 4 eps tan(theta))\n",
                xrd_format_esd(s->wh_strain, s->wh_strain_esd, 5, b3, sizeof b3));
        if (s->wh_size_status)
            fprintf(f, "  size D = %s nm (K=%g, %s)\n",
                    xrd_format_esd(s->wh_size_nm, s->wh_size_esd_nm, 2, b1, sizeof b1), s->K,
                    kind);
        else
            fprintf(f, "  size not reported: %s\n", s->wh_reason);
    } else {
        fprintf(f, "Williamson-Hall not fitted: %s\n", s->wh_reason);
    }
}

/* Instrument from a standard: search its peaks, fit each alone in a window of
 * +-6 FWHM (3 background terms), keep those indexed by the phase (when given),
 * then fit U V W X Y to the widths (xrd_instrument_from_peaks). */
static int standard_instrument(const cli_peakargs *a, const char *from, const char *phase_spec,
                               xrd_instrument *inst, double *uvwxy, char *desc, size_t ndesc)
{
    xrd_error err;
    xrd_error_clear(&err);
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
    cli_fitargs fa = a->fa;
    fa.pattern_path = from;
    fa.have_range = 0;
    xrd_pattern *p = NULL;
    xrd_fit_options fo;
    xrd_status st = cli_fit_prepare(&fa, &p, inst, &fo, &err);
    if (st != XRD_OK)
        return cli_fail(&err);
    xrd_peak_search_options so;
    xrd_peak_search_options_default(&so);
    so.rad = &inst->rad;
    if (a->threshold > 0)
        so.threshold = a->threshold;
    xrd_peak_list *L = NULL;
    st = xrd_peak_search(p, &so, &L, &err);
    if (st != XRD_OK) {
        xrd_pattern_free(p);
        return cli_fail(&err);
    }
    xrd_peak_fit_result all;
    memset(&all, 0, sizeof all);
    all.peaks = calloc(L->n ? L->n : 1, sizeof(xrd_peak_result));
    if (!all.peaks) {
        xrd_peak_list_free(L);
        xrd_pattern_free(p);
        xrd_error_set(&err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        return cli_fail(&err);
    }
    for (size_t k = 0; k < L->n; k++) {
        double x0 = L->peaks[k].two_theta_deg, F = L->peaks[k].fwhm_deg;
        xrd_peak_fit_options po;
        xrd_peak_fit_options_default(&po);
        po.profile = a->profile ? xrd_profile_by_name(a->profile) : NULL;
        po.x_min = x0 - 6 * F;
        po.x_max = x0 + 6 * F;
        po.n_background = 3;
        xrd_peak_fit_result *r = NULL;
        if (xrd_peak_fit(p, &inst->rad, &x0, &F, 1, &po, &r, NULL) != XRD_OK)
            continue;
        size_t ni = 1;
        if (phase_spec && xrd_peak_fit_index(r, &ph, a->index_tol, &ni, NULL) != XRD_OK)
            ni = 0;
        if (r->converged && ni == 1 && isfinite(r->peaks[0].fwhm_esd) &&
            r->peaks[0].fwhm_esd < 0.2 * r->peaks[0].fwhm_deg) {
            all.profile = r->profile;
            all.rad = r->rad;
            all.peaks[all.n_peaks++] = r->peaks[0];
            if (a->fa.verbose)
                fprintf(stderr, "  standard peak %.4f deg: FWHM %.4f deg\n",
                        r->peaks[0].two_theta_deg, r->peaks[0].fwhm_deg);
        }
        xrd_peak_fit_result_free(r);
    }
    xrd_peak_list_free(L);
    xrd_pattern_free(p);
    st = xrd_instrument_from_peaks(&all, uvwxy, &err);
    size_t used = all.n_peaks;
    free(all.peaks);
    if (st != XRD_OK)
        return cli_fail(&err);
    snprintf(desc, ndesc, "Caglioti/TCH fit to the widths of %zu single-peak fits of %s", used,
             from);
    return CLI_OK;
}

typedef struct {
    xrd_plot_wh_series s;
} wh_fig;

static xrd_status wh_render(const void *data, const xrd_plot_options *o, FILE *copy,
                            xrd_error *err)
{
    return xrd_plot_wh(&((const wh_fig *)data)->s, 1, o, copy, err);
}

static xrd_status wh_script(FILE *out, const void *data, const xrd_plot_options *o,
                            xrd_error *err)
{
    return xrd_plot_wh_script(out, &((const wh_fig *)data)->s, 1, o, err);
}

/* The Williamson-Hall figure: the peaks of the line (x = 4 sin theta, y = beta
 * cos theta in rad with esds, hkl labels) and the line itself, whose slope per
 * 4 sin theta is the strain. */
static int plot_wh(const cli_plotargs *pa, const char *path, const xrd_size_result *s)
{
    if (!pa->plot_out && !pa->script_out)
        return CLI_OK;
    xrd_error err;
    xrd_error_clear(&err);
    size_t m = 0;
    for (size_t k = 0; k < s->n; k++)
        m += s->peaks[k].wh_used != 0;
    if (m == 0) {
        xrd_error_set(&err, XRD_ERR_NO_DATA, path, 0,
                      "no peak with a sample broadening and an esd for the Williamson-Hall "
                      "figure (%s)",
                      s->wh_reason[0] ? s->wh_reason : "none left after the instrument");
        return cli_fail(&err);
    }
    double *x = malloc(m * sizeof(double)), *y = malloc(m * sizeof(double));
    double *ye = malloc(m * sizeof(double));
    char(*lab)[32] = malloc(m * sizeof *lab);
    const char **labp = malloc(m * sizeof *labp);
    int rc = CLI_OK;
    if (!x || !y || !ye || !lab || !labp) {
        xrd_error_set(&err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the figure");
        rc = cli_fail(&err);
        goto out;
    }
    const double deg = M_PI / 180.0;
    int any_label = 0;
    size_t i = 0;
    for (size_t k = 0; k < s->n; k++) {
        const xrd_size_peak *p = &s->peaks[k];
        if (!p->wh_used)
            continue;
        double th = p->two_theta_deg * M_PI / 360.0;
        x[i] = 4.0 * sin(th);
        y[i] = p->sample_breadth_deg * deg * cos(th);
        ye[i] = p->sample_breadth_esd * deg * cos(th);
        lab[i][0] = '\0';
        if (p->indexed) {
            int big = abs(p->h) > 9 || abs(p->k) > 9 || abs(p->l) > 9;
            snprintf(lab[i], sizeof lab[i], big ? "%d %d %d" : "%d%d%d", p->h, p->k, p->l);
            any_label = 1;
        }
        labp[i] = lab[i];
        i++;
    }
    char name[200], b1[64], b2[64];
    if (s->wh_status && s->wh_size_status)
        snprintf(name, sizeof name, "Williamson-Hall: D = %s nm, ε = %s",
                 xrd_format_esd(s->wh_size_nm, s->wh_size_esd_nm, 2, b1, sizeof b1),
                 xrd_format_esd(s->wh_strain, s->wh_strain_esd, 5, b2, sizeof b2));
    else if (s->wh_status)
        snprintf(name, sizeof name, "Williamson-Hall: ε = %s (no size)",
                 xrd_format_esd(s->wh_strain, s->wh_strain_esd, 5, b2, sizeof b2));
    else
        snprintf(name, sizeof name, "peaks (no Williamson-Hall line)");
    wh_fig f;
    f.s.name = name;
    f.s.n = m;
    f.s.x = x;
    f.s.y = y;
    f.s.yerr = ye;
    f.s.labels = any_label ? labp : NULL;
    /* y = a + b sin(theta) = a + (b / 4) (4 sin(theta)) */
    f.s.slope = s->wh_status ? s->wh_slope / 4.0 : NAN;
    f.s.intercept = s->wh_status ? s->wh_intercept : NAN;
    rc = cli_plot_figure(pa, path, wh_render, wh_script, &f);
out:
    free(x);
    free(y);
    free(ye);
    free(lab);
    free(labp);
    return rc;
}

int cmd_size(int argc, char **argv)
{
    enum { OPT_UVWXY = 1600, OPT_K, OPT_BREADTH, OPT_FROM, OPT_FROMPHASE, OPT_NOINST, OPT_SHAPE };
    static const struct option longopts[] = {
        CLI_PEAK_LONGOPTS,
        CLI_PLOT_LONGOPTS_NOX,
        {"instrument", required_argument, 0, CLI_OPT_INSTRUMENT},
        {"uvwxy", required_argument, 0, OPT_UVWXY},
        {"K", required_argument, 0, OPT_K},
        {"shape", required_argument, 0, OPT_SHAPE},
        {"breadth", required_argument, 0, OPT_BREADTH},
        {"instrument-from", required_argument, 0, OPT_FROM},
        {"instrument-phase", required_argument, 0, OPT_FROMPHASE},
        {"no-instrument", no_argument, 0, OPT_NOINST},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_peakargs a;
    cli_peakargs_init(&a);
    a.fa.cmd = "size";
    cli_plotargs pa;
    cli_plotargs_init(&pa);
    xrd_size_options so;
    xrd_size_options_default(&so);
    int have_uvwxy = 0, no_inst = 0;
    const char *from = NULL, *from_phase = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        int r = cli_peakargs_option("size", c, optarg, &a);
        if (r == 0)
            r = cli_plotargs_option("size", c, optarg, &pa);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_UVWXY:
            if (parse5(optarg, so.uvwxy))
                return cli_usage("size", "--uvwxy expects five numbers U,V,W,X,Y, found '%s'",
                                 optarg);
            have_uvwxy = 1;
            break;
        case OPT_K:
            if (cli_parse_double(optarg, &so.K) || !(so.K > 0 && so.K < 10))
                return cli_usage("size", "--K expects a number in (0, 10), found '%s'", optarg);
            break;
        case OPT_SHAPE:
            if (xrd_crystal_shape_parse(optarg, &so.shape))
                return cli_usage("size", "--shape expects sphere, cube, octahedron or "
                                         "tetrahedron, found '%s'", optarg);
            so.breadth = XRD_BREADTH_INTEGRAL;
            break;
        case OPT_BREADTH:
            if (!strcmp(optarg, "fwhm"))
                so.breadth = XRD_BREADTH_FWHM;
            else if (!strcmp(optarg, "integral"))
                so.breadth = XRD_BREADTH_INTEGRAL;
            else
                return cli_usage("size", "--breadth expects fwhm or integral, found '%s'", optarg);
            break;
        case OPT_FROM: from = optarg; break;
        case OPT_FROMPHASE: from_phase = optarg; break;
        case OPT_NOINST: no_inst = 1; break;
        default: return cli_usage("size", "unknown option");
        }
    }
    if (so.shape != XRD_SHAPE_NONE && (!a.phase || so.breadth != XRD_BREADTH_INTEGRAL))
        return cli_usage("size", "--shape needs --phase (the peaks' hkl) and the integral "
                                 "breadth");
    if (optind + 1 != argc)
        return cli_usage("size", optind >= argc ? "missing PATTERN" : "only one PATTERN is analysed");
    int n_inst = (a.fa.instrument_path != NULL) + have_uvwxy + (from != NULL) + no_inst;
    if (n_inst != 1)
        return cli_usage("size", n_inst ? "give only one of --instrument, --uvwxy, "
                                          "--instrument-from, --no-instrument"
                                        : "give the instrument: --instrument FILE, --uvwxy "
                                          "U,V,W,X,Y, --instrument-from STANDARD or "
                                          "--no-instrument");
    const char *path = argv[optind];
    char inst_desc[600];
    xrd_instrument inst;
    int rc;
    if (from) {
        rc = standard_instrument(&a, from, from_phase, &inst, so.uvwxy, inst_desc,
                                 sizeof inst_desc);
        if (rc != CLI_OK)
            return rc;
    } else if (have_uvwxy) {
        snprintf(inst_desc, sizeof inst_desc, "--uvwxy");
    } else if (no_inst) {
        snprintf(inst_desc, sizeof inst_desc, "none (instrument broadening not removed)");
    }
    xrd_peak_fit_result *r = NULL;
    rc = cli_peaks_pipeline("size", &a, path, a.phase, &inst, &r);
    if (rc != CLI_OK)
        return rc;
    if (a.fa.instrument_path) {
        memcpy(so.uvwxy, inst.uvwxy, sizeof so.uvwxy);
        snprintf(inst_desc, sizeof inst_desc, "%s", a.fa.instrument_path);
    }
    so.only_indexed = a.phase != NULL;
    if (a.fa.verbose)
        cli_print_peaks(stderr, path, r);
    xrd_error err;
    xrd_error_clear(&err);
    xrd_size_result *s = NULL;
    xrd_status st = xrd_size_analyze(r, &so, &s, &err);
    if (st != XRD_OK) {
        xrd_peak_fit_result_free(r);
        return cli_fail(&err);
    }
    int json_std = a.fa.json_out && !strcmp(a.fa.json_out, "-");
    if (!json_std)
        text_size(stdout, path, inst_desc, so.uvwxy, s);
    if (a.fa.json_out) {
        FILE *f = json_std ? stdout : fopen(a.fa.json_out, "w");
        if (!f) {
            xrd_error_set(&err, XRD_ERR_IO, a.fa.json_out, 0, "cannot write the JSON file");
            rc = cli_fail(&err);
        } else {
            json_size(f, path, inst_desc, so.uvwxy, s);
            if (!json_std && fclose(f)) {
                xrd_error_set(&err, XRD_ERR_IO, a.fa.json_out, 0, "cannot write the JSON file");
                rc = cli_fail(&err);
            }
        }
    }
    /* the figure last: a missing gnuplot fails after the results are written */
    if (rc == CLI_OK)
        rc = plot_wh(&pa, path, s);
    if (rc == CLI_OK && !r->converged) {
        fprintf(stderr, "xrdfit size: the peak fit did not converge: %s\n", r->message);
        rc = CLI_DATA_ERROR;
    }
    xrd_size_result_free(s);
    xrd_peak_fit_result_free(r);
    return rc;
}
