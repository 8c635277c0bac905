/* xrdfit analyze: the main job - single- or multi-phase verdict, lattice
 * constants, sizes and Vegard compositions of an alloy pattern.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
            "  --elements A,B,...  the alloy's 1 to 8 elements (end members from the reference\n"
            "                      library in the alloy's structure, e.g. Ru-fcc for fcc CuRu;\n"
            "                      EL:A(ESD) gives one's lattice constant, single --structure)\n"
            "  --ratio A:B=p:q     fixed ratio of some elements (repeatable): with 3+ elements\n"
            "                      the ratios must leave two parts for Vegard's law\n"
            "  --structure S[,S2]  structures to consider (default fcc)\n"
            "  --max-phases N      1, 2 (default) or 3\n"
            "  --bic-threshold X   scaled delta-BIC an extra phase must exceed (default 10)\n"
            "  --min-separation S  combined esds between same-structure lattices (default 3)\n"
            "  --min-share F       least share of diffracted intensity (default 0.05)\n"
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

/* comma list into out (max items of width chars); -1 when an item is empty,
 * too long, or there are more than max */
static int parse_list(const char *s, char *out, int max, int width)
{
    int n = 0;
    const char *p = s;
    for (;;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (n >= max || len == 0 || len >= (size_t)width)
            return -1;
        memcpy(out + (size_t)n * (size_t)width, p, len);
        out[(size_t)n * (size_t)width + len] = '\0';
        n++;
        if (!q)
            return n;
        p = q + 1;
    }
}

/* canonical symbol of a known element ("pt" -> "Pt"), NULL when unknown */
static const char *element_symbol(const char *s)
{
    return xrd_element_symbol(xrd_element_number(s));
}

/* --elements A,B,...: symbols or SYMBOL:A(ESD); usage errors printed here */
static int parse_elements(const char *arg, xrd_analyze_options *ao)
{
    char el[XRD_ANALYZE_MAX_ELEMENTS][32];
    int n = parse_list(arg, &el[0][0], XRD_ANALYZE_MAX_ELEMENTS, 32);
    if (n < 1) {
        cli_usage("analyze", "--elements expects 1 to %d comma-separated elements (e.g. Cu,Ru or "
                             "Nb,Mo,Ta,Ti,W), found '%s'", XRD_ANALYZE_MAX_ELEMENTS, arg);
        return -1;
    }
    for (int k = 0; k < n; k++) {
        char *colon = strchr(el[k], ':');
        ao->element_a_A[k] = ao->element_a_esd_A[k] = 0;
        if (colon) {
            *colon = '\0';
            xrd_error e;
            double a, esd;
            if (xrd_parse_value_esd(colon + 1, &a, &esd, &e) != XRD_OK || !(a > 0)) {
                cli_usage("analyze", "--elements: '%s:%s' expects ELEMENT:A(ESD) with a in "
                                     "Angstrom, e.g. Os:2.734(1)", el[k], colon + 1);
                return -1;
            }
            ao->element_a_A[k] = a;
            ao->element_a_esd_A[k] = esd;
        }
        const char *sym = element_symbol(el[k]);
        if (!sym) {
            cli_usage("analyze", "--elements: '%s' is not a chemical element symbol (H to Bi)", el[k]);
            return -1;
        }
        for (int j = 0; j < k; j++)
            if (!strcmp(ao->elements[j], sym)) {
                cli_usage("analyze", "--elements: %s is given twice", sym);
                return -1;
            }
        snprintf(ao->elements[k], sizeof ao->elements[k], "%s", sym);
    }
    ao->n_elements = n;
    return 0;
}

/* --ratio A:B[:C]=p:q[:r] */
static int parse_ratio(const char *arg, xrd_analyze_ratio *ra)
{
    char buf[256];
    const char *eq = strchr(arg, '=');
    if (!eq || strlen(arg) >= sizeof buf)
        return -1;
    memset(ra, 0, sizeof *ra);
    snprintf(buf, sizeof buf, "%.*s", (int)(eq - arg), arg);
    char *save = NULL;
    for (char *t = strtok_r(buf, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
        const char *sym = element_symbol(t);
        if (!sym || ra->n >= XRD_ANALYZE_MAX_ELEMENTS)
            return -1;
        snprintf(ra->element[ra->n++], sizeof ra->element[0], "%s", sym);
    }
    snprintf(buf, sizeof buf, "%s", eq + 1);
    int nw = 0;
    for (char *t = strtok_r(buf, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
        if (nw >= ra->n || cli_parse_double(t, &ra->weight[nw]) || !(ra->weight[nw] > 0))
            return -1;
        nw++;
    }
    return ra->n >= 2 && nw == ra->n ? 0 : -1;
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
    enum { OPT_EL = 1600, OPT_ST, OPT_MAXP, OPT_BIC, OPT_SEP, OPT_SHARE, OPT_VPLOT, OPT_RATIO,
           OPT_NOFRAC, OPT_NODISP, OPT_POL };
    static const struct option longopts[] = {
        CLI_FIT_LONGOPTS,
        CLI_PLOT_LONGOPTS,
        {"elements", required_argument, 0, OPT_EL},
        {"structure", required_argument, 0, OPT_ST},
        {"max-phases", required_argument, 0, OPT_MAXP},
        {"bic-threshold", required_argument, 0, OPT_BIC},
        {"min-separation", required_argument, 0, OPT_SEP},
        {"min-share", required_argument, 0, OPT_SHARE},
        {"vegard-plot", required_argument, 0, OPT_VPLOT},
        {"ratio", required_argument, 0, OPT_RATIO},
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
    double v;
    while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        int r = cli_fitargs_option("analyze", c, optarg, &a);
        if (r == 0)
            r = cli_plotargs_option("analyze", c, optarg, &pa);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_EL:
            if (parse_elements(optarg, &ao) != 0)
                return CLI_USAGE;
            have_el = 1;
            break;
        case OPT_RATIO:
            if (ao.n_ratios >= XRD_ANALYZE_MAX_ELEMENTS || parse_ratio(optarg, &ao.ratios[ao.n_ratios]))
                return cli_usage("analyze", "--ratio expects A:B=p:q (e.g. Pt:Pd=1:1, Pt:Pd:Ir=1:1:2), "
                                            "found '%s'", optarg);
            ao.n_ratios++;
            break;
        case OPT_ST: {
            int n = parse_list(optarg, &ao.structures[0][0], XRD_ANALYZE_MAX_STRUCT, 16);
            if (n < 1)
                return cli_usage("analyze", "--structure expects fcc, bcc, hcp or a comma list, found '%s'", optarg);
            for (int k = 0; k < n; k++)
                if (strcmp(ao.structures[k], "fcc") && strcmp(ao.structures[k], "bcc") &&
                    strcmp(ao.structures[k], "hcp"))
                    return cli_usage("analyze", "--structure: '%s' is not one of fcc, bcc, hcp",
                                     ao.structures[k]);
            ao.n_structures = n;
            break;
        }
        case OPT_MAXP:
            if (cli_parse_double(optarg, &v) || v != floor(v) || v < 1 || v > 3)
                return cli_usage("analyze", "--max-phases expects 1, 2 or 3, found '%s'", optarg);
            ao.max_phases = (int)v;
            break;
        case OPT_BIC:
            if (cli_parse_double(optarg, &ao.bic_threshold) || ao.bic_threshold < 0)
                return cli_usage("analyze", "--bic-threshold expects a number >= 0, found '%s'", optarg);
            break;
        case OPT_SEP:
            if (cli_parse_double(optarg, &ao.separation_min_sigma) || ao.separation_min_sigma < 0)
                return cli_usage("analyze", "--min-separation expects a number >= 0, found '%s'", optarg);
            break;
        case OPT_SHARE:
            if (cli_parse_double(optarg, &ao.minor_share_min) || ao.minor_share_min < 0 ||
                ao.minor_share_min >= 0.5)
                return cli_usage("analyze", "--min-share expects 0 <= F < 0.5, found '%s'", optarg);
            break;
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
        fprintf(stderr, "xrdfit analyze: note: no --instrument file: the default %s resolution "
                        "is assumed; sizes above ~50 nm are not meaningful.\n",
                inst.geometry == XRD_GEOM_TRANSMISSION ? "synchrotron" : "laboratory");
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
