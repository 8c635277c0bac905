/* xrdfit simulate: a powder pattern from phases, sample broadening and an
 * instrument through the fit's forward model, written as a two-column .xy
 * whose header says it is simulated and how. SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_PHASES 8

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit simulate --phase SPEC [--phase SPEC ...]\n"
            "                       (--radiation NAME | --wavelength A | --instrument FILE)\n"
            "                       [OPTIONS] -o OUT.xy\n"
            "Simulate a powder pattern with the forward model of `xrdfit fit` (TCH profile,\n"
            "Ka doublet, asymmetry, zero, Chebyshev background): intensities from structure\n"
            "factors (Cromer-Mann f0, occupancies, B), multiplicity and Lorentz-polarisation;\n"
            "size broadening of spheres (Lorentzian, LVol = 3D/4), microstrain (Gaussian).\n\n"
            "  --phase SPEC        a reference phase (Cu, LaB6-660c; `xrdfit phases`) or a\n"
            "                      structure with its element(s) and site shares:\n"
            "                      fcc:a=3.7203,el=Cu:0.46/Ru:0.54  hcp:a=2.7058,c=4.2816,el=Ru\n"
            "                      (without el= every atom scatters with f = 1: a warning)\n"
            "  --size-nm D[,D2..]  sphere diameter per phase, nm (0 = no size broadening;\n"
            "                      one value applies to every phase); default 0\n"
            "  --strain E[,E2..]   integral-breadth microstrain per phase; default 0\n"
            "  --weight W[,W2..]   volume fraction per phase (intensity ~ W |F|^2/V^2); default 1\n"
            "  --radiation NAME    CuKa (Ka1+Ka2), CuKa1, CoKa, MoKa, FeKa, CrKa, AgKa\n"
            "  --wavelength A      a single wavelength in Angstrom (synchrotron)\n"
            "  --wavelength-scale S  Hoelzer1997 (default where known) or Bearden1967\n"
            "  --instrument FILE   instrument file (radiation, profile, asymmetry, zero);\n"
            "                      without it the default instrument of the radiation\n"
            "  --profile U,V,W,X,Y instrument profile (deg^2, deg^2, deg^2, deg, deg)\n"
            "  --asymmetry SL[,HL] axial-divergence asymmetry (FCJ S/L, H/L; HL = SL if one)\n"
            "  --zero DEG          zero shift of 2theta\n"
            "  --displacement MM   specimen displacement (Bragg-Brentano)\n"
            "  --geometry G        bragg-brentano or transmission\n"
            "  --radius MM         goniometer radius (default 240)\n"
            "  --range LO:HI       2theta range, deg (default 20:90)\n"
            "  --step S            2theta step, deg (default 0.02)\n"
            "  --counts N          highest point of the diffracted signal above the\n"
            "                      background (default 20000)\n"
            "  --background C0,C1,...  Chebyshev coefficients in counts over the range\n"
            "                      (default 100: flat)\n"
            "  --noise poisson|none  counting noise (default poisson)\n"
            "  --seed N            seed of the noise (default 1): same seed, same file\n"
            "  --polarization P    unpolarized (tube, default), synchrotron, or mono:DEG\n"
            "                      (monochromator at 2theta DEG)\n"
            "  --dispersion        f' + i f'' at the wavelength in the structure factors\n"
            "                      (NIST FFAST, refdata/dispersion.xml), as fit --rietveld\n"
            "                      uses by default; without it f0 alone\n"
            "  -o, --output FILE   the .xy to write (- = standard output)\n"
            "Exit status: 0 written, 1 data error, 2 usage error.\n");
}

/* Parse "v1,v2,..." into vals (at most max); count, or -1 on a bad number. */
static int parse_list(const char *s, double *vals, int max)
{
    char buf[1024];
    if (!s || strlen(s) >= sizeof buf)
        return -1;
    snprintf(buf, sizeof buf, "%s", s);
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (n == max || cli_parse_double(t, &vals[n]))
            return -1;
        n++;
    }
    return n;
}

/* Spread a per-phase list over n phases: one value for all, or one each. */
static int per_phase(const char *opt, const double *vals, int nv, int n, double *out,
                     double dflt)
{
    if (nv == 0) {
        for (int i = 0; i < n; i++)
            out[i] = dflt;
        return 0;
    }
    if (nv != 1 && nv != n)
        return cli_usage("simulate", "%s gives %d values for %d phases: give one for all or "
                                     "one per phase",
                         opt, nv, n);
    for (int i = 0; i < n; i++)
        out[i] = vals[nv == 1 ? 0 : i];
    return 0;
}

/* Shell-safe rendering of one argument for the header. */
static void put_arg(FILE *f, const char *a)
{
    int plain = *a != '\0';
    for (const char *p = a; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,:=/+-@%",
                    *p))
            plain = 0;
    if (plain) {
        fputs(a, f);
        return;
    }
    fputc('\'', f);
    for (const char *p = a; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else if (*p == '\n' || *p == '\r')
            fputc(' ', f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

static void write_header(FILE *f, int argc, char **argv, const xrd_instrument *inst,
                         const xrd_phase *ph, const xrd_sim_phase *sp, const int *equal, int n,
                         const xrd_sim_options *o, const char *pol_text)
{
    fprintf(f, "# SIMULATED powder pattern - not a measurement. Made by xrdfit %s simulate\n",
            xrd_version());
    fprintf(f, "# (the forward model of `xrdfit fit`: TCH profile, structure-factor "
               "intensities, Lorentz-polarisation).\n");
    const xrd_radiation *r = &inst->rad;
    fprintf(f, "# wavelength %.7f A (%s %s, scale %s)", r->lambda_A[0], r->name,
            r->line_name[0][0] ? r->line_name[0] : "line 1", r->scale[0] ? r->scale : "user");
    for (int l = 1; l < r->n_lines; l++)
        fprintf(f, "; %s %.7f A at %g of line 1", r->line_name[l][0] ? r->line_name[l] : "line",
                r->lambda_A[l], r->weight[l]);
    fprintf(f, "\n# command: xrdfit simulate");
    for (int i = 1; i < argc; i++) {
        fputc(' ', f);
        put_arg(f, argv[i]);
    }
    fprintf(f, "\n# instrument: %s; U %g V %g W %g deg^2, X %g Y %g deg; asymmetry S/L %g "
               "H/L %g; zero %g deg; displacement %g mm, radius %g mm\n",
            inst->geometry == XRD_GEOM_TRANSMISSION ? "transmission" : "Bragg-Brentano",
            inst->uvwxy[0], inst->uvwxy[1], inst->uvwxy[2], inst->uvwxy[3], inst->uvwxy[4],
            inst->asym_sl, inst->asym_hl, inst->zero_deg, inst->displacement_mm,
            inst->radius_mm);
    fprintf(f, "# instrument source: %s\n", inst->source[0] ? inst->source : "options");
    for (int p = 0; p < n; p++) {
        const xrd_phase *q = &ph[p];
        fprintf(f, "# phase %d: %s, %s %s, a %.5f", p + 1, q->name, q->structure, q->sg.symbol,
                q->cell.a);
        if (q->sg.system != XRD_SYS_CUBIC)
            fprintf(f, " b %.5f c %.5f", q->cell.b, q->cell.c);
        fprintf(f, " A;");
        if (equal[p])
            fprintf(f, " no atoms: equal scattering f = 1;");
        for (int i = 0; i < q->n_atoms; i++)
            fprintf(f, " %s %.4g at %.4g,%.4g,%.4g B %g;", q->atoms[i].element,
                    q->atoms[i].occupancy, q->atoms[i].x, q->atoms[i].y, q->atoms[i].z,
                    q->atoms[i].biso_A2);
        if (sp[p].size_nm > 0)
            fprintf(f, " sphere diameter %g nm (LVol %g nm);", sp[p].size_nm,
                    0.75 * sp[p].size_nm);
        else
            fprintf(f, " no size broadening;");
        fprintf(f, " strain %g; weight %g\n", sp[p].strain, sp[p].weight);
    }
    fprintf(f, "# intensities: multiplicity x |F|^2 x LP (%s) x exp(-2 B s^2) / V^2 x weight\n",
            pol_text);
    fprintf(f, "# background: Chebyshev over %g to %g deg:", o->x_min_deg, o->x_max_deg);
    for (int j = 0; j < o->n_background; j++)
        fprintf(f, "%s %g", j ? "," : "", o->background[j]);
    if (o->n_background == 0)
        fprintf(f, " none");
    fprintf(f, " counts\n# diffracted signal peaks at %g counts above the background; noise %s",
            o->max_counts, o->noise == XRD_SIM_NOISE_POISSON ? "Poisson" : "none");
    if (o->noise == XRD_SIM_NOISE_POISSON)
        fprintf(f, ", seed %lu (GSL mt19937)", o->seed);
    fprintf(f, "\n# 2theta_deg counts\n");
}

static int write_xy(const char *path, int argc, char **argv, const xrd_instrument *inst,
                    const xrd_phase *ph, const xrd_sim_phase *sp, const int *equal, int n,
                    const xrd_sim_options *o, const char *pol_text, const xrd_pattern *p)
{
    int is_std = !strcmp(path, "-");
    FILE *f = is_std ? stdout : fopen(path, "w");
    xrd_error err;
    xrd_error_clear(&err);
    if (!f) {
        xrd_error_set(&err, XRD_ERR_IO, path, 0, "cannot open the output file for writing");
        return cli_fail(&err);
    }
    write_header(f, argc, argv, inst, ph, sp, equal, n, o, pol_text);
    /* enough decimals to tell neighbouring points apart */
    int dec = (int)ceil(-log10(o->step_deg)) + 2;
    if (dec < 3)
        dec = 3;
    if (dec > 9)
        dec = 9;
    for (size_t i = 0; i < p->n; i++) {
        if (o->noise == XRD_SIM_NOISE_POISSON)
            fprintf(f, "%.*f %.0f\n", dec, p->x[i], p->y[i]);
        else
            fprintf(f, "%.*f %.4f\n", dec, p->x[i], p->y[i]);
    }
    int bad = ferror(f);
    if (!is_std)
        bad |= fclose(f) != 0;
    else
        bad |= fflush(f) != 0;
    if (bad) {
        xrd_error_set(&err, XRD_ERR_IO, path, 0, "could not write the whole file");
        return cli_fail(&err);
    }
    return CLI_OK;
}

int cmd_simulate(int argc, char **argv)
{
    enum {
        OPT_PHASE = 1600, OPT_SIZE, OPT_STRAIN, OPT_WEIGHT, OPT_RADIATION, OPT_WAVELENGTH,
        OPT_SCALE, OPT_INSTRUMENT, OPT_PROFILE, OPT_ASYM, OPT_ZERO, OPT_DISP, OPT_GEOMETRY,
        OPT_RADIUS, OPT_RANGE, OPT_STEP, OPT_COUNTS, OPT_BKG, OPT_NOISE, OPT_SEED, OPT_POL,
        OPT_DISPERSION
    };
    static const struct option longopts[] = {
        {"phase", required_argument, 0, OPT_PHASE},
        {"size-nm", required_argument, 0, OPT_SIZE},
        {"strain", required_argument, 0, OPT_STRAIN},
        {"weight", required_argument, 0, OPT_WEIGHT},
        {"radiation", required_argument, 0, OPT_RADIATION},
        {"wavelength", required_argument, 0, OPT_WAVELENGTH},
        {"wavelength-scale", required_argument, 0, OPT_SCALE},
        {"instrument", required_argument, 0, OPT_INSTRUMENT},
        {"profile", required_argument, 0, OPT_PROFILE},
        {"asymmetry", required_argument, 0, OPT_ASYM},
        {"zero", required_argument, 0, OPT_ZERO},
        {"displacement", required_argument, 0, OPT_DISP},
        {"geometry", required_argument, 0, OPT_GEOMETRY},
        {"radius", required_argument, 0, OPT_RADIUS},
        {"range", required_argument, 0, OPT_RANGE},
        {"step", required_argument, 0, OPT_STEP},
        {"counts", required_argument, 0, OPT_COUNTS},
        {"background", required_argument, 0, OPT_BKG},
        {"noise", required_argument, 0, OPT_NOISE},
        {"seed", required_argument, 0, OPT_SEED},
        {"polarization", required_argument, 0, OPT_POL},
        {"dispersion", no_argument, 0, OPT_DISPERSION},
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *specs[MAX_PHASES];
    int n_specs = 0;
    double size_v[MAX_PHASES], strain_v[MAX_PHASES], weight_v[MAX_PHASES];
    int n_size = 0, n_strain = 0, n_weight = 0;
    const char *radiation = NULL, *wavelength = NULL, *scale = NULL, *inst_path = NULL;
    const char *out = NULL, *geometry = NULL;
    double profile[5], asym[2], zero = NAN, disp = NAN, radius = NAN;
    int n_profile = 0, n_asym = 0;
    char pol_text[64] = "unpolarized tube: (1 + cos^2 2theta)/2";
    xrd_sim_options so;
    xrd_sim_options_default(&so);
    int with_dispersion = 0;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_PHASE:
            if (n_specs == MAX_PHASES)
                return cli_usage("simulate", "at most %d phases", MAX_PHASES);
            specs[n_specs++] = optarg;
            break;
        case OPT_SIZE:
            if ((n_size = parse_list(optarg, size_v, MAX_PHASES)) < 1)
                return cli_usage("simulate", "--size-nm expects D or D1,D2,... in nm, found '%s'",
                                 optarg);
            break;
        case OPT_STRAIN:
            if ((n_strain = parse_list(optarg, strain_v, MAX_PHASES)) < 1)
                return cli_usage("simulate", "--strain expects E or E1,E2,..., found '%s'",
                                 optarg);
            break;
        case OPT_WEIGHT:
            if ((n_weight = parse_list(optarg, weight_v, MAX_PHASES)) < 1)
                return cli_usage("simulate", "--weight expects W or W1,W2,..., found '%s'",
                                 optarg);
            break;
        case OPT_RADIATION: radiation = optarg; break;
        case OPT_WAVELENGTH: wavelength = optarg; break;
        case OPT_SCALE: scale = optarg; break;
        case OPT_INSTRUMENT: inst_path = optarg; break;
        case OPT_PROFILE:
            if ((n_profile = parse_list(optarg, profile, 5)) != 5)
                return cli_usage("simulate", "--profile expects U,V,W,X,Y, found '%s'", optarg);
            break;
        case OPT_ASYM:
            n_asym = parse_list(optarg, asym, 2);
            if (n_asym < 1 || asym[0] < 0 || (n_asym == 2 && asym[1] < 0))
                return cli_usage("simulate", "--asymmetry expects SL or SL,HL >= 0, found '%s'",
                                 optarg);
            break;
        case OPT_ZERO:
            if (cli_parse_double(optarg, &zero))
                return cli_usage("simulate", "--zero expects degrees, found '%s'", optarg);
            break;
        case OPT_DISP:
            if (cli_parse_double(optarg, &disp))
                return cli_usage("simulate", "--displacement expects mm, found '%s'", optarg);
            break;
        case OPT_GEOMETRY:
            if (strcmp(optarg, "bragg-brentano") && strcmp(optarg, "bb") &&
                strcmp(optarg, "transmission") && strcmp(optarg, "capillary"))
                return cli_usage("simulate",
                                 "--geometry expects bragg-brentano or transmission, found '%s'",
                                 optarg);
            geometry = optarg;
            break;
        case OPT_RADIUS:
            if (cli_parse_double(optarg, &radius) || radius <= 0)
                return cli_usage("simulate", "--radius expects mm > 0, found '%s'", optarg);
            break;
        case OPT_RANGE:
            if (cli_parse_range(optarg, &so.x_min_deg, &so.x_max_deg) || so.x_min_deg <= 0 ||
                so.x_max_deg >= 180)
                return cli_usage("simulate", "--range expects LO:HI with 0 < LO < HI < 180, "
                                             "found '%s'",
                                 optarg);
            break;
        case OPT_STEP:
            if (cli_parse_double(optarg, &so.step_deg) || so.step_deg <= 0)
                return cli_usage("simulate", "--step expects degrees > 0, found '%s'", optarg);
            break;
        case OPT_COUNTS:
            if (cli_parse_double(optarg, &so.max_counts) || so.max_counts <= 0)
                return cli_usage("simulate", "--counts expects a number > 0, found '%s'",
                                 optarg);
            break;
        case OPT_BKG:
            if ((so.n_background = parse_list(optarg, so.background, XRD_MAX_CHEB)) < 1)
                return cli_usage("simulate", "--background expects 1 to %d Chebyshev "
                                             "coefficients C0,C1,..., found '%s'",
                                 XRD_MAX_CHEB, optarg);
            break;
        case OPT_NOISE:
            if (!strcmp(optarg, "poisson"))
                so.noise = XRD_SIM_NOISE_POISSON;
            else if (!strcmp(optarg, "none"))
                so.noise = XRD_SIM_NOISE_NONE;
            else
                return cli_usage("simulate", "--noise expects poisson or none, found '%s'",
                                 optarg);
            break;
        case OPT_SEED: {
            char *end = NULL;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (!optarg[0] || *end || optarg[0] == '-' || v > ULONG_MAX)
                return cli_usage("simulate", "--seed expects an integer >= 0, found '%s'",
                                 optarg);
            so.seed = (unsigned long)v;
            break;
        }
        case OPT_DISPERSION: with_dispersion = 1; break;
        case OPT_POL:
            if (!strcmp(optarg, "unpolarized") || !strcmp(optarg, "unpolarised")) {
                so.polarization = XRD_POL_UNPOLARIZED;
            } else if (!strcmp(optarg, "synchrotron")) {
                so.polarization = XRD_POL_SYNCHROTRON;
                snprintf(pol_text, sizeof pol_text, "synchrotron: polarisation factor 1");
            } else if (!strncmp(optarg, "mono:", 5) &&
                       !cli_parse_double(optarg + 5, &so.mono_two_theta_deg) &&
                       so.mono_two_theta_deg >= 0 && so.mono_two_theta_deg < 180) {
                so.polarization = XRD_POL_MONOCHROMATOR;
                snprintf(pol_text, sizeof pol_text, "monochromator at 2theta %g deg",
                         so.mono_two_theta_deg);
            } else {
                return cli_usage("simulate", "--polarization expects unpolarized, synchrotron "
                                             "or mono:DEG, found '%s'",
                                 optarg);
            }
            break;
        case 'o': out = optarg; break;
        default: return cli_usage("simulate", "unknown option");
        }
    }
    if (optind != argc)
        return cli_usage("simulate", "unexpected argument '%s' (the output goes with -o)",
                         argv[optind]);
    if (n_specs == 0)
        return cli_usage("simulate", "at least one --phase is needed");
    if (!out)
        return cli_usage("simulate", "-o OUT.xy is needed");
    if (!radiation && !wavelength && !inst_path)
        return cli_usage("simulate", "give --radiation, --wavelength or --instrument");
    xrd_sim_phase sp[MAX_PHASES];
    double tmp[MAX_PHASES];
    if (per_phase("--size-nm", size_v, n_size, n_specs, tmp, 0.0))
        return CLI_USAGE;
    for (int i = 0; i < n_specs; i++)
        sp[i].size_nm = tmp[i];
    if (per_phase("--strain", strain_v, n_strain, n_specs, tmp, 0.0))
        return CLI_USAGE;
    for (int i = 0; i < n_specs; i++)
        sp[i].strain = tmp[i];
    if (per_phase("--weight", weight_v, n_weight, n_specs, tmp, 1.0))
        return CLI_USAGE;
    for (int i = 0; i < n_specs; i++)
        sp[i].weight = tmp[i];
    for (int i = 0; i < n_specs; i++)
        if (sp[i].size_nm < 0 || sp[i].strain < 0 || sp[i].weight <= 0)
            return cli_usage("simulate", "sizes and strains must be >= 0 and weights > 0");

    xrd_error err;
    xrd_error_clear(&err);
    /* phases */
    xrd_phase_library *lib = NULL;
    xrd_phase phases[MAX_PHASES];
    xrd_status st = cli_load_library(&lib, &err);
    for (int i = 0; i < n_specs && st == XRD_OK; i++)
        st = xrd_phase_parse_spec(specs[i], lib, &phases[i], &err);
    xrd_phase_library_free(lib);
    if (st != XRD_OK)
        return cli_fail(&err);
    /* instrument: file or default, then the options */
    xrd_instrument inst;
    if (inst_path) {
        char schema[PATH_MAX + 32];
        cli_refdata_path(schema, sizeof schema, "instrument.rng");
        if ((st = xrd_instrument_load(inst_path, schema, &inst, &err)) != XRD_OK)
            return cli_fail(&err);
        if (radiation || wavelength) {
            xrd_radiation rad;
            if ((st = cli_radiation(radiation, wavelength, scale, &rad, &err)) != XRD_OK)
                return cli_fail(&err);
            if (rad.n_lines != inst.rad.n_lines ||
                fabs(rad.lambda_A[0] - inst.rad.lambda_A[0]) > 1e-4) {
                xrd_error_set(&err, XRD_ERR_INVALID, inst_path, 0,
                              "the instrument file is for %s (%.5f A) but %s was asked for",
                              inst.rad.name, inst.rad.lambda_A[0],
                              radiation ? radiation : wavelength);
                return cli_fail(&err);
            }
            inst.rad = rad;
        }
    } else {
        xrd_radiation rad;
        if ((st = cli_radiation(radiation, wavelength, scale, &rad, &err)) != XRD_OK)
            return cli_fail(&err);
        xrd_instrument_default(&inst, &rad);
    }
    if (n_profile == 5) {
        memcpy(inst.uvwxy, profile, sizeof profile);
        snprintf(inst.source, sizeof inst.source, "given with --profile");
    }
    if (n_asym >= 1) {
        inst.asym_sl = asym[0];
        inst.asym_hl = n_asym == 2 ? asym[1] : asym[0];
    }
    if (isfinite(zero))
        inst.zero_deg = zero;
    if (isfinite(disp))
        inst.displacement_mm = disp;
    if (geometry)
        inst.geometry = (!strcmp(geometry, "transmission") || !strcmp(geometry, "capillary"))
                            ? XRD_GEOM_TRANSMISSION
                            : XRD_GEOM_BRAGG_BRENTANO;
    if (isfinite(radius))
        inst.radius_mm = radius;

    /* which phases scatter with f = 1 */
    int equal[MAX_PHASES];
    for (int i = 0; i < n_specs; i++) {
        equal[i] = phases[i].n_atoms == 0;
        if (equal[i])
            fprintf(stderr,
                    "xrdfit simulate: warning: phase %s has no atoms: every atom scatters with "
                    "f = 1, so relative intensities are not those of a real element; name the "
                    "element(s) with el=, e.g. --phase %s:a=%g,el=Cu or el=Cu:0.5/Ru:0.5\n",
                    phases[i].name, phases[i].structure, phases[i].cell.a);
    }
    xrd_pattern *p = NULL;
    xrd_dispersion *table = NULL;
    if (with_dispersion) {
        char dpath[PATH_MAX + 32];
        cli_refdata_path(dpath, sizeof dpath, "dispersion.xml");
        if (xrd_dispersion_load(dpath, &table, &err) != XRD_OK)
            return cli_fail(&err);
        so.dispersion = table;
    }
    st = xrd_simulate(&inst, phases, sp, n_specs, &so, &p, &err);
    xrd_dispersion_free(table);
    if (st != XRD_OK)
        return cli_fail(&err);
    int rc = write_xy(out, argc, argv, &inst, phases, sp, equal, n_specs, &so, pol_text, p);
    if (rc == CLI_OK && strcmp(out, "-"))
        printf("simulated %zu points, %g to %g deg 2theta, step %g, %d phase%s: %s\n", p->n,
               p->x[0], p->x[p->n - 1], so.step_deg, n_specs, n_specs > 1 ? "s" : "", out);
    xrd_pattern_free(p);
    return rc;
}
