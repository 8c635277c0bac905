/* xrdfit fit: multi-phase Le Bail refinement of one pattern.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fitargs.h"
#include "plotargs.h"

#define MAX_PHASES 8

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit fit PATTERN (--radiation NAME | --wavelength A | --instrument FILE)\n"
            "                  --phase SPEC [--phase SPEC ...] [OPTIONS]\n"
            "Le Bail refinement: cell, zero, size and microstrain of every phase, background,\n"
            "extracted intensities; a paper-style table with esds, Rwp and GOF.\n\n"
            "  --phase SPEC        a reference phase (Cu, Ru-fcc, LaB6-660c; `xrdfit phases`),\n"
            "                      optionally with a start cell (Cu:a=3.62), or a structure:\n"
            "                      fcc:a=3.77  bcc:a=2.87  hcp:a=2.70,c=4.28  Fm-3m:a=5.41\n"
            "  --refine-instrument refine U V W X Y and asymmetry too (a standard without an\n"
            "                      instrument file); size and strain are then not refined\n"
            "  --no-asymmetry      with --refine-instrument: keep the asymmetry at zero\n"
            "  --rietveld          Rietveld refinement: intensities from each phase's\n"
            "                      structure (sites of a phase file or CIF, or el=:\n"
            "                      fcc:a=3.59,el=Fe:0.7/Cr:0.18/Ni:0.12); refines a scale and\n"
            "                      a B shift per phase and reports weight, volume and mole\n"
            "                      fractions (Hill & Howard), R_Bragg, R_F. Needs known\n"
            "                      structures and no strong texture; Le Bail (the default)\n"
            "                      is the route for lattice constants\n"
            "  --no-biso           with --rietveld: hold every B at the phase's values\n"
            "  --surface-roughness with --rietveld on a flat plate: refine the Suortti\n"
            "                      roughness P, Q (low-angle intensities lowered alike)\n"
            "  --march-dollase [N=]H,K,L  with --rietveld: preferred orientation of phase N\n"
            "                      (its name; default every phase) along H K L, its\n"
            "                      March-Dollase r refined (repeatable)\n"
            "  --no-dispersion     with --rietveld: neglect f', f'' (default: NIST FFAST\n"
            "                      values at the wavelength, refdata/dispersion.xml)\n"
            "  --polarization P    unpolarized (tube without monochromator; default for\n"
            "                      lab radiation), synchrotron (default for a single\n"
            "                      wavelength below 1 A) or mono:DEG, a monochromator at\n"
            "                      2theta DEG (mono:26.6: graphite with Cu Ka)\n"
            "  --debye SHAPE       refine by the Debye equation of atomistic clusters (sphere,\n"
            "                      cuboctahedron, icosahedron, twinned-sphere, decahedron or\n"
            "                      decahedron:T,R with Ino's truncation and Marks'\n"
            "                      re-entrance, each 0-0.5; cube) of one\n"
            "                      solid-solution phase: a, the size (with --lognormal-size\n"
            "                      a number-weighted lognormal: median, sigma, mean\n"
            "                      diameters), B, zero, background (docs/debye_fit.md);\n"
            "                      auto (or auto:T,R): every shape the phase allows, the\n"
            "                      lowest chi2 kept; two --phase of one structure: two\n"
            "                      populations, each its a, one size and scale\n"
            "  --debye-sizes MIN:MAX  the clusters' equal-volume diameters (nm; default 1:6)\n"
            "  --debye-composition refine the share of the site's first element (two elements;\n"
            "                      from <f> and <f^2> alone: weakly determined, see its esd)\n"
            CLI_FIT_HELP
            CLI_PLOT_HELP
            "Exit status: 0 converged, 1 data error or fit not converged, 2 usage error.\n");
}

/* --march-dollase [NAME=]H,K,L into po[phase] = {on, h, k, l}. */
static int march_dollase_option(const char *arg, const xrd_phase *ph, int n, int po[][4])
{
    const char *eq = strchr(arg, '='), *v = eq ? eq + 1 : arg;
    int h, k, l, used;
    if (sscanf(v, "%d,%d,%d%n", &h, &k, &l, &used) != 3 || v[used] || (!h && !k && !l))
        return cli_usage("fit", "--march-dollase expects [PHASE=]H,K,L (integers, not 0,0,0), "
                                "found '%s'", arg);
    int hit = 0;
    for (int q = 0; q < n; q++) {
        if (eq && (strlen(ph[q].name) != (size_t)(eq - arg) ||
                   strncmp(ph[q].name, arg, (size_t)(eq - arg))))
            continue;
        po[q][0] = 1;
        po[q][1] = h;
        po[q][2] = k;
        po[q][3] = l;
        hit = 1;
    }
    if (!hit)
        return cli_usage("fit", "--march-dollase %s: no phase of that name", arg);
    return CLI_OK;
}

int cmd_fit(int argc, char **argv)
{
    enum { OPT_PHASE = 1300, OPT_REFINST, OPT_NOASYM, OPT_RIETVELD, OPT_NOBISO, OPT_NODISP,
           OPT_POL, OPT_MD, OPT_SR, OPT_DEBYE, OPT_DEBYE_SIZES, OPT_DEBYE_X };
    static const struct option longopts[] = {
        CLI_FIT_LONGOPTS,
        CLI_PLOT_LONGOPTS,
        {"phase", required_argument, 0, OPT_PHASE},
        {"refine-instrument", no_argument, 0, OPT_REFINST},
        {"no-asymmetry", no_argument, 0, OPT_NOASYM},
        {"rietveld", no_argument, 0, OPT_RIETVELD},
        {"no-biso", no_argument, 0, OPT_NOBISO},
        {"no-dispersion", no_argument, 0, OPT_NODISP},
        {"polarization", required_argument, 0, OPT_POL},
        {"march-dollase", required_argument, 0, OPT_MD},
        {"surface-roughness", no_argument, 0, OPT_SR},
        {"debye", required_argument, 0, OPT_DEBYE},
        {"debye-sizes", required_argument, 0, OPT_DEBYE_SIZES},
        {"debye-composition", no_argument, 0, OPT_DEBYE_X},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_fitargs a;
    cli_fitargs_init(&a);
    a.cmd = "fit";
    cli_plotargs pa;
    cli_plotargs_init(&pa);
    const char *specs[MAX_PHASES];
    int n_specs = 0, refine_inst = 0, no_asym = 0, rietveld = 0, no_biso = 0, no_disp = 0;
    const char *pol = NULL, *md[MAX_PHASES];
    int n_md = 0, sr = 0;
    const char *debye = NULL, *debye_sizes = NULL;
    int debye_x = 0;
    int c;
    while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        int r = cli_fitargs_option("fit", c, optarg, &a);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        if ((r = cli_plotargs_option("fit", c, optarg, &pa)) < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_PHASE:
            if (n_specs == MAX_PHASES)
                return cli_usage("fit", "at most %d phases", MAX_PHASES);
            specs[n_specs++] = optarg;
            break;
        case OPT_REFINST: refine_inst = 1; break;
        case OPT_NOASYM: no_asym = 1; break;
        case OPT_RIETVELD: rietveld = 1; break;
        case OPT_NOBISO: no_biso = 1; break;
        case OPT_NODISP: no_disp = 1; break;
        case OPT_POL: pol = optarg; break;
        case OPT_SR: sr = 1; break;
        case OPT_DEBYE: debye = optarg; break;
        case OPT_DEBYE_SIZES: debye_sizes = optarg; break;
        case OPT_DEBYE_X: debye_x = 1; break;
        case OPT_MD:
            if (n_md == MAX_PHASES)
                return cli_usage("fit", "at most %d --march-dollase", MAX_PHASES);
            md[n_md++] = optarg;
            break;
        default: return cli_usage("fit", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage("fit", optind >= argc ? "missing PATTERN" : "only one PATTERN is fitted");
    if (n_specs == 0)
        return cli_usage("fit", "at least one --phase is needed");
    a.pattern_path = argv[optind];
    if ((debye_sizes || debye_x) && !debye)
        return cli_usage("fit", "--debye-sizes and --debye-composition go with --debye");
    if (debye && (n_specs > 2 || refine_inst || rietveld || n_md || sr || no_biso || no_disp ||
                  a.faults || a.twins || a.symmetric_peaks || a.lorentzian_size || a.hump ||
                  a.inv_x || a.refine_k2 || a.pearson7 || a.true_voigt || a.classic))
        return cli_usage("fit", "--debye refines one phase (two of one structure: two "
                                "populations); it takes none of --rietveld, "
                                "--refine-instrument, --faults, --twin-faults, --symmetric-peaks, "
                                "--lorentzian-size, --hump, --background-inv-x, "
                                "--refine-ka2-ratio, --pearson7, --true-voigt, --classic");

    xrd_error err;
    xrd_error_clear(&err);
    xrd_phase phases[MAX_PHASES];
    xrd_status st = cli_parse_phases(specs, n_specs, phases, &err);
    if (st != XRD_OK)
        return cli_fail(&err);

    xrd_pattern *p = NULL;
    xrd_instrument inst;
    xrd_fit_options fo;
    st = cli_fit_prepare(&a, &p, &inst, &fo, &err);
    if (st != XRD_OK)
        return cli_fail(&err);
    if (refine_inst) {
        fo.refine_instrument = 1;
        fo.refine_asymmetry = !no_asym;
    }
    xrd_dispersion *disp = NULL;
    if (debye) {
        int rc = cli_intensity_options("fit", &inst, pol, 1, &fo, &disp, &err);
        if (rc == CLI_OK) {
            if (!inst.calibrated)
                cli_default_instrument_note("fit", &inst);
            rc = cli_fit_debye(&a, p, &inst, phases, n_specs, &fo, debye, debye_sizes, debye_x,
                               &pa);
        }
        xrd_pattern_free(p);
        return rc;
    }
    if (rietveld) {
        fo.rietveld = 1;
        fo.refine_biso = !no_biso;
        fo.surface_roughness = sr;
        int rc = cli_intensity_options("fit", &inst, pol, no_disp, &fo, &disp, &err);
        if (rc != CLI_OK) {
            xrd_pattern_free(p);
            return rc;
        }
    } else if (pol || no_biso || no_disp || n_md || sr) {
        xrd_pattern_free(p);
        return cli_usage("fit", "--polarization, --no-biso, --no-dispersion, --march-dollase "
                                "and --surface-roughness go with --rietveld");
    }
    int po[MAX_PHASES][4] = {{0}};
    for (int k = 0; k < n_md; k++) {
        int prc = march_dollase_option(md[k], phases, n_specs, po);
        if (prc != CLI_OK) {
            xrd_dispersion_free(disp);
            xrd_pattern_free(p);
            return prc;
        }
    }
    if (!inst.calibrated && !refine_inst)
        cli_default_instrument_note("fit", &inst);
    xrd_fit *f = NULL;
    int rc = cli_run_fit_po(&a, p, &inst, phases, n_specs, &fo, (const int(*)[4])po, "fit", &f);
    const xrd_fit_result *res = f ? xrd_fit_get_result(f) : NULL;
    for (int k = 0; res && k < res->n_phases; k++) {
        xrd_phase_significance sg;
        if (xrd_phase_significance_of(res, k, 5.0, &sg, NULL) == XRD_OK && !sg.significant)
            fprintf(stderr,
                    "xrdfit fit: warning: phase %d (%s): the extracted intensities are not "
                    "significant (%d of %d reflection groups at >= 5 sigma, largest %.1f sigma): "
                    "the phase may not be in the pattern (check the unit, the wavelength, the "
                    "cell)\n",
                    k + 1, res->phases[k].name, sg.n_significant, sg.n_groups, sg.z_max);
    }
    /* the figure last: a missing gnuplot fails after the results are written */
    if (rc == CLI_OK)
        rc = cli_plot_fit(&pa, xrd_fit_get_result(f), a.pattern_path);
    xrd_fit_free(f);
    xrd_dispersion_free(disp);
    xrd_pattern_free(p);
    return rc;
}
