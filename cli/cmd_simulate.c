/* xrdfit simulate: a powder pattern (or an electron ring profile) from
 * phases, sample broadening and an instrument through the fit's forward
 * model, written as a two-column .xy whose header says it is simulated and
 * how (simulate_out.c). SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simulate_grid.h"
#include "simulate_out.h"

#define MAX_PHASES 8

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit simulate --phase SPEC [--phase SPEC ...]\n"
            "                       (--radiation NAME | --wavelength A | --electron-kv KV |\n"
            "                        --instrument FILE) [OPTIONS] -o OUT.xy\n"
            "Simulate a powder pattern with the forward model of `xrdfit fit` (TCH profile,\n"
            "Ka doublet, asymmetry, zero, Chebyshev background): intensities from structure\n"
            "factors (Cromer-Mann f0, occupancies, B), multiplicity and Lorentz-polarisation;\n"
            "size broadening of spheres (Lorentzian, LVol = 3D/4), microstrain (Gaussian).\n"
            "Electrons (--electron-kv, or a wavelength below 0.05 A): an azimuthally averaged\n"
            "ring profile with kinematic intensities: electron scattering factors f_e (Peng\n"
            "et al. 1996, refdata/electron_scattering.xml), no polarisation, the ring's\n"
            "Lorentz factor 1/(sin^2 theta cos theta) ~ d^2; x in q (1/A) by default.\n\n"
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
            "  --electron-kv KV    electrons accelerated by KV kilovolts: the relativistic\n"
            "                      wavelength (200 kV: 0.025079 A), transmission\n"
            "  --wavelength-scale S  Hoelzer1997 (default where known) or Bearden1967\n"
            "  --instrument FILE   instrument file (radiation, profile, asymmetry, zero);\n"
            "                      without it the default instrument of the radiation\n"
            "  --profile U,V,W,X,Y instrument profile (deg^2, deg^2, deg^2, deg, deg)\n"
            "  --asymmetry SL[,HL] axial-divergence asymmetry (FCJ S/L, H/L; HL = SL if one)\n"
            "  --zero DEG          zero shift of 2theta\n"
            "  --displacement MM   specimen displacement (Bragg-Brentano)\n"
            "  --geometry G        bragg-brentano or transmission\n"
            "  --radius MM         goniometer radius (default 240)\n"
            "  --unit U            x of the file and of --range, --step: 2theta (deg;\n"
            "                      default for X-rays), q (1/A; default for electrons),\n"
            "                      q_nm (1/nm), s or s_nm (s = 1/d = q / 2 pi, 1/A or 1/nm),\n"
            "                      or px (ring radius r = K q / 2 pi in pixels, with the\n"
            "                      camera constant K of --camera-constant or of the\n"
            "                      instrument file); q, q_nm, s, s_nm and px grids are\n"
            "                      uniform in q. `xrdfit fit --unit U` reads the file back\n"
            "  --camera-constant K camera constant in px A (d = K / r), for --unit px\n"
            "  --range LO:HI       range in the unit (default 20:90 deg 2theta; electrons\n"
            "                      1.5:12 1/A in q, 15:120 1/nm, the same in s and px)\n"
            "  --step S            step in the unit (default 0.02 deg; 0.005 1/A, 0.05 1/nm,\n"
            "                      0.001 1/A and 0.01 1/nm in s, 1 px)\n"
            "  --counts N          highest point of the diffracted signal above the\n"
            "                      background (default 20000)\n"
            "  --background C0,C1,...  Chebyshev coefficients in counts over the range\n"
            "                      (default 100: flat)\n"
            "  --noise poisson|none  counting noise (default poisson)\n"
            "  --seed N            seed of the noise (default 1): same seed, same file\n"
            "  --polarization P    unpolarized (tube, default), synchrotron, or mono:DEG\n"
            "                      (monochromator at 2theta DEG); X-rays only\n"
            "  --dispersion        f' + i f'' at the wavelength in the structure factors\n"
            "                      (NIST FFAST, refdata/dispersion.xml), as fit --rietveld\n"
            "                      uses by default; without it f0 alone; X-rays only\n"
            "  --symmetric-peaks   peaks symmetric in 2theta with LP and |F|^2 at their centre\n"
            "                      (fit --symmetric-peaks); by default symmetric in q with the\n"
            "                      fall-off of <f DW>^2 P / q across them (docs/envelope.md)\n"
            CLI_DEBYE_HELP
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

int cmd_simulate(int argc, char **argv)
{
    enum {
        OPT_PHASE = 1600, OPT_SIZE, OPT_STRAIN, OPT_WEIGHT, OPT_RADIATION, OPT_WAVELENGTH,
        OPT_SCALE, OPT_INSTRUMENT, OPT_PROFILE, OPT_ASYM, OPT_ZERO, OPT_DISP, OPT_GEOMETRY,
        OPT_RADIUS, OPT_RANGE, OPT_STEP, OPT_COUNTS, OPT_BKG, OPT_NOISE, OPT_SEED, OPT_POL,
        OPT_DISPERSION, OPT_EKV, OPT_UNIT, OPT_CAMERA, OPT_DEBYE, OPT_SHELLS, OPT_CORE_SHELL,
        OPT_CORE_FRACTION, OPT_LOGNORMAL, OPT_SIZES, OPT_XYZ, OPT_THREADS, OPT_MAX_ATOMS,
        OPT_FAULT, OPT_TWIN, OPT_REALIZATIONS, OPT_INO, OPT_MARKS, OPT_SYMMETRIC
    };
    static const struct option longopts[] = {
        {"phase", required_argument, 0, OPT_PHASE},
        {"size-nm", required_argument, 0, OPT_SIZE},
        {"strain", required_argument, 0, OPT_STRAIN},
        {"weight", required_argument, 0, OPT_WEIGHT},
        {"radiation", required_argument, 0, OPT_RADIATION},
        {"wavelength", required_argument, 0, OPT_WAVELENGTH},
        {"electron-kv", required_argument, 0, OPT_EKV},
        {"unit", required_argument, 0, OPT_UNIT},
        {"camera-constant", required_argument, 0, OPT_CAMERA},
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
        {"symmetric-peaks", no_argument, 0, OPT_SYMMETRIC},
        {"debye", required_argument, 0, OPT_DEBYE},
        {"shells", required_argument, 0, OPT_SHELLS},
        {"core-shell", no_argument, 0, OPT_CORE_SHELL},
        {"core-fraction", required_argument, 0, OPT_CORE_FRACTION},
        {"lognormal", required_argument, 0, OPT_LOGNORMAL},
        {"sizes", required_argument, 0, OPT_SIZES},
        {"fault-probability", required_argument, 0, OPT_FAULT},
        {"twin-probability", required_argument, 0, OPT_TWIN},
        {"realizations", required_argument, 0, OPT_REALIZATIONS},
        {"truncation", required_argument, 0, OPT_INO},
        {"reentrance", required_argument, 0, OPT_MARKS},
        {"xyz", required_argument, 0, OPT_XYZ},
        {"threads", required_argument, 0, OPT_THREADS},
        {"max-atoms", required_argument, 0, OPT_MAX_ATOMS},
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
    int with_dispersion = 0, have_pol = 0, have_range = 0, have_step = 0;
    const char *unit_text = NULL;
    xrd_xunit unit = XRD_X_TWO_THETA_DEG;
    int unit_px = 0;
    char electron_wavelength[32];
    double camera = 0;
    cli_debye_args dba;
    memset(&dba, 0, sizeof dba);
    int debye_extra = 0; /* a Debye-only option was given */
    double num;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DEBYE: {
            xrd_cluster_shape shape;
            if (xrd_cluster_shape_parse(optarg, &shape))
                return cli_usage("simulate", "--debye expects sphere, cuboctahedron, "
                                             "icosahedron, twinned-sphere, faulted-sphere, decahedron, cube, "
                                             "found '%s'",
                                 optarg);
            dba.shape = optarg;
            break;
        }
        case OPT_SHELLS:
            if (cli_parse_double(optarg, &num) || num < 1 || num > 200 || num != floor(num))
                return cli_usage("simulate", "--shells expects an integer 1 to 200, found '%s'",
                                 optarg);
            dba.shells = (int)num;
            debye_extra = 1;
            break;
        case OPT_CORE_SHELL: dba.core_shell = 1; debye_extra = 1; break;
        case OPT_CORE_FRACTION:
            if (cli_parse_double(optarg, &dba.core_fraction) || !(dba.core_fraction > 0) ||
                dba.core_fraction >= 1)
                return cli_usage("simulate", "--core-fraction expects 0 < F < 1, found '%s'",
                                 optarg);
            debye_extra = 1;
            break;
        case OPT_LOGNORMAL:
            if (cli_parse_double(optarg, &dba.lognormal_sigma) || !(dba.lognormal_sigma > 0) ||
                dba.lognormal_sigma > 1)
                return cli_usage("simulate", "--lognormal expects 0 < SIGMA <= 1 (of ln D), "
                                             "found '%s'", optarg);
            debye_extra = 1;
            break;
        case OPT_SIZES:
            if (cli_parse_double(optarg, &num) || num < 2 || num > 25 || num != floor(num))
                return cli_usage("simulate", "--sizes expects an integer 2 to 25, found '%s'",
                                 optarg);
            dba.n_sizes = (int)num;
            debye_extra = 1;
            break;
        case OPT_FAULT:
        case OPT_TWIN:
            if (cli_parse_double(optarg, &num) || !(num >= 0) || num > 0.5)
                return cli_usage("simulate", "--%s-probability expects 0 to 0.5, found '%s'",
                                 c == OPT_FAULT ? "fault" : "twin", optarg);
            *(c == OPT_FAULT ? &dba.fault_alpha : &dba.twin_beta) = num;
            debye_extra = 1;
            break;
        case OPT_INO:
        case OPT_MARKS:
            if (cli_parse_double(optarg, &num) || !(num >= 0 && num <= 0.5))
                return cli_usage("simulate", "--%s expects 0 to 0.5, found '%s'",
                                 c == OPT_INO ? "truncation" : "reentrance", optarg);
            *(c == OPT_INO ? &dba.ino_truncation : &dba.marks_reentrance) = num;
            debye_extra = 1;
            break;
        case OPT_REALIZATIONS:
            if (cli_parse_double(optarg, &num) || num < 1 || num > 64 || num != floor(num))
                return cli_usage("simulate", "--realizations expects an integer 1 to 64, found "
                                             "'%s'", optarg);
            dba.n_realizations = (int)num;
            debye_extra = 1;
            break;
        case OPT_XYZ: dba.xyz = optarg; debye_extra = 1; break;
        case OPT_THREADS:
            if (cli_parse_double(optarg, &num) || num < 1 || num > 64 || num != floor(num))
                return cli_usage("simulate", "--threads expects an integer 1 to 64, found '%s'",
                                 optarg);
            dba.threads = (int)num;
            debye_extra = 1;
            break;
        case OPT_MAX_ATOMS:
            if (cli_parse_double(optarg, &dba.max_atoms) || dba.max_atoms < 1 ||
                dba.max_atoms > XRD_CLUSTER_MAX_ATOMS_HARD)
                return cli_usage("simulate", "--max-atoms expects 1 to %d, found '%s'",
                                 XRD_CLUSTER_MAX_ATOMS_HARD, optarg);
            debye_extra = 1;
            break;
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
        case OPT_WAVELENGTH:
            if (wavelength == electron_wavelength)
                return cli_usage("simulate", "give either --wavelength or --electron-kv");
            wavelength = optarg;
            break;
        case OPT_EKV:
            if (cli_electron_kv("simulate", optarg, wavelength, electron_wavelength,
                                sizeof electron_wavelength))
                return CLI_USAGE;
            wavelength = electron_wavelength;
            break;
        case OPT_UNIT:
            unit_text = optarg;
            if (cli_sim_parse_unit(optarg, &unit, &unit_px))
                return cli_usage("simulate", "--unit expects 2theta, q (1/A), q_nm (1/nm), s "
                                             "(1/d, 1/A), s_nm (1/nm) or px (ring radius in "
                                             "pixels), found '%s'",
                                 optarg);
            break;
        case OPT_CAMERA:
            if (cli_parse_double(optarg, &camera) || !(camera > 0))
                return cli_usage("simulate", "--camera-constant expects K > 0 in px A (d = K / "
                                             "r), found '%s'", optarg);
            break;
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
            if (cli_parse_range(optarg, &so.x_min_deg, &so.x_max_deg) || so.x_min_deg <= 0)
                return cli_usage("simulate", "--range expects LO:HI with 0 < LO < HI (in the "
                                             "unit), found '%s'",
                                 optarg);
            have_range = 1;
            break;
        case OPT_STEP:
            if (cli_parse_double(optarg, &so.step_deg) || so.step_deg <= 0)
                return cli_usage("simulate", "--step expects a step > 0 in the unit, found '%s'",
                                 optarg);
            have_step = 1;
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
        case OPT_SYMMETRIC: so.symmetric_peaks = 1; break;
        case OPT_POL:
            have_pol = 1;
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
    if (debye_extra && !dba.shape)
        return cli_usage("simulate", "--shells, --core-shell, --core-fraction, --lognormal, "
                                     "--sizes, --fault-probability, --twin-probability, "
                                     "--realizations, --xyz, --threads and --max-atoms go "
                                     "with --debye SHAPE");
    if (dba.shape) {
        if (n_specs != 1)
            return cli_usage("simulate", "--debye simulates clusters of one --phase, %d given",
                             n_specs);
        if (n_strain || n_weight || with_dispersion || n_asym)
            return cli_usage("simulate", "--strain, --weight, --dispersion and --asymmetry "
                                         "are not part of the Debye simulation");
        int rc = cli_debye_args_check(&dba, n_size, n_size ? size_v[0] : 0.0);
        if (rc != CLI_OK)
            return rc;
        dba.size_nm = n_size ? size_v[0] : 0;
        n_size = 0;
    }
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
    /* electrons: f_e, no polarisation or X-ray dispersion; x in q by default */
    int electron = inst.rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A;
    if (electron && (have_pol || with_dispersion))
        return cli_usage("simulate", "--polarization and --dispersion are X-ray physics: "
                                     "electrons (%.4g A) are not polarised and have no f', f''",
                         inst.rad.lambda_A[0]);
    if (!unit_text && electron)
        unit = XRD_X_Q_INV_A;
    double K = camera > 0 ? camera : inst.camera_constant_px_A;
    if (unit_px && !(K > 0))
        return cli_usage("simulate", "--unit px needs the camera constant: --camera-constant K "
                                     "(px A), or an instrument file that has one");
    if (camera > 0 && !unit_px)
        return cli_usage("simulate", "--camera-constant goes with --unit px");
    xrd_xunit s_unit;
    double x_scale = cli_sim_grid(&so, electron, unit, unit_px, K, have_range, have_step, &s_unit);
    cli_sim_out wo = {argc, argv, &inst, phases, sp, equal, n_specs, &so, pol_text, NULL,
                      unit_px ? K : 0.0, s_unit, NULL};
    if (electron && (st = cli_electron_factors(&so.electron, &err)) != XRD_OK)
        return cli_fail(&err);
    wo.electron = so.electron;
    if (dba.shape) {
        return cli_simulate_debye(&dba, &wo, &inst, &phases[0], &so, out, x_scale);
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
    for (size_t i = 0; x_scale > 0 && i < p->n; i++)
        p->x[i] *= x_scale;
    if (s_unit)
        p->unit = s_unit;
    int rc = cli_sim_write_xy(out, &wo, p);
    if (rc == CLI_OK && strcmp(out, "-"))
        printf("simulated %zu points, %g to %g %s, step %g, %d phase%s: %s\n", p->n, p->x[0],
               p->x[p->n - 1],
               unit_px                     ? "px (ring radius)"
               : unit == XRD_X_Q_INV_A     ? "1/A (q)"
               : unit == XRD_X_Q_INV_NM    ? "1/nm (q)"
               : unit == XRD_X_S_INV_A     ? "1/A (s)"
               : unit == XRD_X_S_INV_NM    ? "1/nm (s)"
                                           : "deg 2theta",
               x_scale > 0 ? so.step_deg * x_scale : so.step_deg, n_specs,
               n_specs > 1 ? "s" : "", out);
    xrd_pattern_free(p);
    return rc;
}
