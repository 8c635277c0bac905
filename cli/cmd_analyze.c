/* xrdfit analyze: the main job - single- or multi-phase verdict, lattice
 * constants, sizes and Vegard compositions of an alloy pattern.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzeargs.h"
#include "fitargs.h"
#include "plotargs.h"

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit analyze PATTERN --elements A,B (--radiation NAME | --wavelength A |\n"
            "                      --instrument FILE) [--structure fcc|bcc|hcp|fcc,hcp]\n"
            "                      [--max-phases N] [--json OUT|-] [--plot OUT.png] [OPTIONS]\n"
            "Is the alloy one solid-solution phase or several? Lattice constants, crystal\n"
            "sizes and Vegard compositions of every phase, with the evidence for the verdict.\n"
            "No start values are needed: the lattice range comes from the end members.\n\n"
            CLI_ANALYZE_HELP
            "  --vegard-plot FILE  draw a against composition with the end members\n"
            "  --no-fractions      no Rietveld weight fractions of a multi-phase verdict\n"
            "                      (default: the chosen model refined again by Rietveld with\n"
            "                      sites of the Vegard composition)\n"
            "  --no-dispersion     neglect f', f'' in those fractions\n"
            "  --polarization P    unpolarized, synchrotron or a monochromator 2theta (deg)\n"
            CLI_FIT_HELP CLI_PLOT_HELP
            "Exit status: 0 analysed, 1 data error, no converged fit or no crystalline phase,\n"
            "2 usage error.\n");
}

static int vegard_plot(const char *path, const xrd_analyze_result *r)
{
    const xrd_fit_result *fr = xrd_fit_get_result(r->models[r->best].fit);
    xrd_plot_vegard_point pts[XRD_ANALYZE_MAX_PHASES];
    size_t n = 0;
    const xrd_vegard_setup *s = NULL;
    for (int k = 0; fr && k < fr->n_phases && k < XRD_ANALYZE_MAX_PHASES; k++) {
        const xrd_analyze_phase *ap = &r->phase[k];
        if (!ap->available || ap->r.verdict == XRD_VEGARD_UNDETERMINED)
            continue;
        s = &ap->setup;
        pts[n].name = ap->role[0] ? ap->role : fr->phases[k].name;
        pts[n].x = ap->r.x;
        pts[n].x_esd = ap->r.x_esd;
        pts[n].a_A = fr->phases[k].cell.a;
        pts[n].a_esd_A = fr->phases[k].cell_esd.a;
        n++;
    }
    xrd_error err;
    xrd_error_clear(&err);
    if (!s) {
        xrd_error_set(&err, XRD_ERR_INVALID, path, 0, "no composition to draw a Vegard plot of");
        return cli_fail(&err);
    }
    char xl[64];
    snprintf(xl, sizeof xl, "x(%s)", s->end[0].label);
    xrd_plot_vegard_data v = {s->end[1].label, s->end[0].label, s->end[1].a_A, s->end[0].a_A,
                              xl, n, pts};
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = path;
    if (xrd_plot_vegard(&v, &o, NULL, &err) != XRD_OK)
        return cli_fail(&err);
    return CLI_OK;
}

int cmd_analyze(int argc, char **argv)
{
    enum { OPT_VPLOT = 1600, OPT_NOFRAC, OPT_NODISP, OPT_POL };
    static const struct option longopts[] = {
        CLI_FIT_LONGOPTS,
        CLI_PLOT_LONGOPTS,
        CLI_ANALYZE_LONGOPTS,
        {"vegard-plot", required_argument, 0, OPT_VPLOT},
        {"no-fractions", no_argument, 0, OPT_NOFRAC},
        {"no-dispersion", no_argument, 0, OPT_NODISP},
        {"polarization", required_argument, 0, OPT_POL},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_fitargs a;
    cli_plotargs pa;
    cli_fitargs_init(&a);
    a.cmd = "analyze";
    cli_plotargs_init(&pa);
    xrd_analyze_options ao;
    xrd_analyze_options_default(&ao);
    const char *vplot = NULL, *pol = NULL;
    int no_frac = 0, no_disp = 0;
    int c, have_el = 0;
    while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        int r = cli_fitargs_option("analyze", c, optarg, &a);
        if (r == 0)
            r = cli_plotargs_option("analyze", c, optarg, &pa);
        if (r == 0)
            r = cli_analyze_option("analyze", c, optarg, &ao, &have_el);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_VPLOT: vplot = optarg; break;
        case OPT_NOFRAC: no_frac = 1; break;
        case OPT_NODISP: no_disp = 1; break;
        case OPT_POL: pol = optarg; break;
        default: return cli_usage("analyze", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage("analyze", optind >= argc ? "missing PATTERN" : "only one PATTERN is analysed");
    if (!have_el)
        return cli_usage("analyze", "--elements A,B is needed (e.g. --elements Cu,Ru)");
    a.pattern_path = argv[optind];
    {
        xrd_error oe;
        xrd_error_clear(&oe);
        if (xrd_analyze_options_check(&ao, &oe) != XRD_OK)
            return cli_usage("analyze", "%s", oe.message);
    }

    xrd_error err;
    xrd_error_clear(&err);
    xrd_phase_library *lib = NULL;
    if (cli_load_library(&lib, &err) != XRD_OK)
        return cli_fail(&err);
    xrd_pattern *p = NULL;
    xrd_instrument inst;
    xrd_status st = cli_fit_prepare(&a, &p, &inst, &ao.fit, &err);
    if (st != XRD_OK) {
        xrd_phase_library_free(lib);
        return cli_fail(&err);
    }
    ao.temperature_K = a.temperature_K;
    ao.phase_fractions = !no_frac;
    xrd_dispersion *disp = NULL;
    if (!no_frac) {
        int prc = cli_intensity_options("analyze", &inst, pol, no_disp, &ao.fit, &disp, &err);
        if (prc != CLI_OK) {
            xrd_phase_library_free(lib);
            xrd_pattern_free(p);
            return prc;
        }
    }
    if (!inst.calibrated)
        cli_default_instrument_note("analyze", &inst);
    xrd_analyze_result *r = NULL;
    st = xrd_analyze(p, &inst, lib, &ao, &r, &err);
    xrd_phase_library_free(lib);
    if (st != XRD_OK) {
        xrd_dispersion_free(disp);
        xrd_pattern_free(p);
        return cli_fail(&err);
    }
    int rc = CLI_OK;
    int json_stdout = a.json_out && !strcmp(a.json_out, "-");
    if (!json_stdout)
        xrd_report_analyze_text(stdout, r, a.pattern_path, &err);
    if (a.json_out) {
        FILE *f = json_stdout ? stdout : fopen(a.json_out, "w");
        if (!f) {
            xrd_error_set(&err, XRD_ERR_IO, a.json_out, 0, "cannot write the JSON file");
            rc = cli_fail(&err);
        } else {
            if (xrd_report_analyze_json(f, r, a.pattern_path, &err) != XRD_OK)
                rc = cli_fail(&err);
            if (!json_stdout && fclose(f) && rc == CLI_OK) {
                xrd_error_set(&err, XRD_ERR_IO, a.json_out, 0, "cannot write the JSON file");
                rc = cli_fail(&err);
            }
        }
    }
    const xrd_fit_result *fr = r->best >= 0 ? xrd_fit_get_result(r->models[r->best].fit) : NULL;
    if (rc == CLI_OK && fr && (pa.plot_out || pa.script_out)) {
        /* the figure's legend names phases by their role (Ru-rich ...) */
        xrd_fit_result shown = *fr;
        xrd_phase_result ph[XRD_ANALYZE_MAX_PHASES];
        for (int k = 0; k < fr->n_phases && k < XRD_ANALYZE_MAX_PHASES; k++) {
            ph[k] = fr->phases[k];
            if (r->phase[k].role[0])
                snprintf(ph[k].name, sizeof ph[k].name, "%s", r->phase[k].role);
        }
        shown.phases = ph;
        rc = cli_plot_fit(&pa, &shown, a.pattern_path);
    }
    if (rc == CLI_OK && vplot && fr)
        rc = vegard_plot(vplot, r);
    if (rc == CLI_OK && r->verdict == XRD_VERDICT_NO_FIT) {
        fprintf(stderr, "xrdfit analyze: no model converged\n");
        rc = CLI_DATA_ERROR;
    }
    if (rc == CLI_OK && r->verdict == XRD_VERDICT_NO_PHASE) {
        fprintf(stderr, "xrdfit analyze: no crystalline phase: no reflection of any candidate is "
                        "significant\n");
        rc = CLI_DATA_ERROR;
    }
    xrd_analyze_result_free(r);
    xrd_dispersion_free(disp);
    xrd_pattern_free(p);
    return rc;
}
