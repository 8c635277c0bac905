/* xrdfit reflections: the reflection list of a phase (hkl, multiplicity, d,
 * 2-theta of each wavelength component). SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Default 2-theta window: 5-150 deg covers what lab diffractometers and
 * most synchrotron set-ups record; beyond 150 deg the lines are few and
 * rarely measured. --range overrides it. */
#define DEFAULT_LO 5.0
#define DEFAULT_HI 150.0

static void help(void)
{
    printf("Usage: xrdfit reflections PHASE (--radiation NAME | --wavelength A) [OPTIONS]\n"
           "Reflection list of a phase: h k l, multiplicity, d (A) and 2theta (deg) of each\n"
           "wavelength component (Ka1 and Ka2 columns for a doublet), by increasing 2theta.\n"
           "Reflections of equal d are one group (e.g. cubic 511/333), multiplicity summed;\n"
           "site extinctions of hcp and diamond structures are applied.\n\n"
           "PHASE: a library name (Cu, LaB6-660c; see 'xrdfit phases'), or a structure or\n"
           "space group with a cell: fcc:a=3.77  hcp:a=2.70,c=4.28  Fm-3m:a=5.41\n\n"
           "Options:\n"
           "  --radiation NAME  CuKa (Ka1+Ka2), CuKa1, CoKa, MoKa ... (refdata/radiation.xml)\n"
           "  --wavelength A    a single wavelength in Angstrom (synchrotron, electrons)\n"
           "  --scale S         wavelength scale of --radiation: Hoelzer1997 or Bearden1967\n"
           "  --range LO:HI     2theta window in degrees of the main line (default %g:%g)\n"
           "  --dmin A          also stop at d = A (Angstrom)\n"
           "  --refdata DIR     reference data directory\n"
           "  --help            this text\n"
           "Exit status: 0 success, 1 data error, 2 usage error.\n",
           DEFAULT_LO, DEFAULT_HI);
}

static void print_cell(const xrd_phase *ph)
{
    const xrd_cell *c = &ph->cell;
    switch (ph->sg.system) {
    case XRD_SYS_CUBIC:
        printf("a = %.6g A", c->a);
        break;
    case XRD_SYS_TETRAGONAL:
    case XRD_SYS_HEXAGONAL:
    case XRD_SYS_TRIGONAL:
        if (ph->sg.rhombohedral_axes)
            printf("a = %.6g A, alpha = %.6g deg (rhombohedral axes)", c->a, c->alpha);
        else
            printf("a = %.6g A, c = %.6g A", c->a, c->c);
        break;
    case XRD_SYS_ORTHORHOMBIC:
        printf("a = %.6g A, b = %.6g A, c = %.6g A", c->a, c->b, c->c);
        break;
    case XRD_SYS_MONOCLINIC:
        printf("a = %.6g A, b = %.6g A, c = %.6g A, %s = %.6g deg", c->a, c->b, c->c,
               ph->sg.unique_axis == 'c' ? "gamma" : ph->sg.unique_axis == 'a' ? "alpha" : "beta",
               ph->sg.unique_axis == 'c' ? c->gamma : ph->sg.unique_axis == 'a' ? c->alpha
                                                                              : c->beta);
        break;
    case XRD_SYS_TRICLINIC:
        printf("a = %.6g A, b = %.6g A, c = %.6g A, alpha = %.6g, beta = %.6g, "
               "gamma = %.6g deg", c->a, c->b, c->c, c->alpha, c->beta, c->gamma);
        break;
    }
}

int cmd_reflections(int argc, char **argv)
{
    static const struct option opts[] = {
        {"radiation", required_argument, 0, 'r'},
        {"wavelength", required_argument, 0, 'w'},
        {"scale", required_argument, 0, 's'},
        {"range", required_argument, 0, 'R'},
        {"dmin", required_argument, 0, 'd'},
        {"refdata", required_argument, 0, CLI_OPT_REFDATA},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *cmd = "reflections";
    const char *rad_name = NULL, *wavelength = NULL, *scale = NULL;
    double lo = DEFAULT_LO, hi = DEFAULT_HI, dmin_user = 0.0;
    int opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (opt) {
        case 'r': rad_name = optarg; break;
        case 'w': wavelength = optarg; break;
        case 's': scale = optarg; break;
        case 'R':
            if (cli_parse_range(optarg, &lo, &hi) || lo < 0 || hi > 180)
                return cli_usage(cmd, "--range expects LO:HI in degrees with 0 <= LO < HI "
                                      "<= 180, found '%s'", optarg);
            break;
        case 'd':
            if (cli_parse_double(optarg, &dmin_user) || dmin_user <= 0)
                return cli_usage(cmd, "--dmin expects a positive number of Angstrom, "
                                      "found '%s'", optarg);
            break;
        case CLI_OPT_REFDATA: cli_set_refdata_dir(optarg); break;
        case 'h': help(); return CLI_OK;
        case ':': return cli_usage(cmd, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage(cmd, "a phase is needed (e.g. Cu, LaB6-660c, fcc:a=3.6)");
    if (optind + 1 < argc)
        return cli_usage(cmd, "one phase only, found also '%s'", argv[optind + 1]);
    const char *spec = argv[optind];
    if (!rad_name && !wavelength)
        return cli_usage(cmd, "a radiation is needed: --radiation CuKa (or CuKa1, CoKa, "
                              "MoKa ...) or --wavelength ANGSTROM");
    if (rad_name && wavelength)
        return cli_usage(cmd, "give either --radiation or --wavelength, not both");
    if (wavelength && scale)
        return cli_usage(cmd, "--scale applies to --radiation only");
    double lam_user;
    if (wavelength && cli_parse_double(wavelength, &lam_user))
        return cli_usage(cmd, "--wavelength expects a number in Angstrom, found '%s'",
                         wavelength);

    xrd_error err;
    xrd_error_clear(&err);
    xrd_radiation rad;
    if (cli_radiation(rad_name, wavelength, scale, &rad, &err))
        return cli_fail(&err);

    /* The library is needed for names; the structure forms parse without it. */
    xrd_phase_library *lib = NULL;
    xrd_error lib_err;
    xrd_error_clear(&lib_err);
    xrd_status lib_st = cli_load_library(&lib, &lib_err);
    xrd_phase ph;
    xrd_status st = xrd_phase_parse_spec(spec, lib_st == XRD_OK ? lib : NULL, &ph, &err);
    xrd_phase_library_free(lib);
    if (st) {
        if (lib_st != XRD_OK && !strchr(spec, ':'))
            return cli_fail(&lib_err);
        return cli_fail(&err);
    }
    xrd_cell cell = ph.cell;
    xrd_spacegroup_constrain_cell(&ph.sg, &cell);

    /* d range: everything whose main-line 2theta is <= hi */
    double lam0 = rad.lambda_A[0];
    double dmin = lam0 / (2.0 * sin(hi * (M_PI / 360.0)));
    if (dmin_user > dmin)
        dmin = dmin_user;
    xrd_reflist *list = NULL;
    st = xrd_reflections_generate_for(&cell, &ph.sg, ph.structure[0] ? ph.structure : NULL,
                                      dmin, &list, &err);
    if (st)
        return cli_fail(&err);

    char sgname[48];
    printf("# phase %s: %s (%d), %s, ", ph.name,
           xrd_spacegroup_name(&ph.sg, sgname, sizeof sgname), ph.sg.number,
           xrd_crystal_system_name(ph.sg.system));
    print_cell(&ph);
    if (ph.structure[0])
        printf(", structure %s", ph.structure);
    printf("\n# radiation %s:", rad.name);
    for (int i = 0; i < rad.n_lines; i++)
        printf(" %s%s%s%.8g A", i ? "+ " : "", rad.line_name[i],
               rad.line_name[i][0] ? " " : "", rad.lambda_A[i]);
    if (rad.scale[0])
        printf(" (scale %s)", rad.scale);
    printf("\n# 2theta window %g-%g deg of the main line", lo, hi);
    if (dmin_user > 0)
        printf(", d >= %g A", dmin_user);
    /* relative intensities, like a powder-diffraction card, when the phase has atoms */
    double *inten = malloc((list->n ? list->n : 1) * sizeof *inten);
    int equal = 1;
    xrd_error ie;
    if (inten && xrd_phase_intensities(&ph, list, lam0, NULL, inten, &equal, &ie) != XRD_OK) {
        fprintf(stderr, "xrdfit reflections: note: no intensities: %s\n", ie.message);
        equal = 1;
    }
    double imax = 0;
    for (size_t k = 0; inten && !equal && k < list->n; k++) {
        double t0 = xrd_two_theta_deg(list->refl[k].d_A, lam0);
        if (t0 >= lo && t0 <= hi && inten[k] > imax)
            imax = inten[k];
    }
    int show_i = inten && !equal && imax > 0;
    if (show_i)
        printf("\n# I_rel: integrated intensity, |F|^2 x multiplicity x Lorentz-polarisation "
               "(unpolarised), strongest = 100");
    printf("\n%4s %4s %4s %5s %10s", "h", "k", "l", "mult", "d(A)");
    for (int i = 0; i < rad.n_lines; i++) {
        char col[32];
        if (rad.line_name[i][0])
            snprintf(col, sizeof col, "2th(%s)", rad.line_name[i]);
        else
            snprintf(col, sizeof col, "2th");
        printf(" %10s", col);
    }
    if (show_i)
        printf(" %8s", "I_rel");
    printf("\n");
    size_t shown = 0;
    for (size_t k = 0; k < list->n; k++) {
        const xrd_reflection *r = &list->refl[k];
        double t0 = xrd_two_theta_deg(r->d_A, lam0);
        if (!(t0 >= lo && t0 <= hi))
            continue;
        printf("%4d %4d %4d %5d %10.5f", r->h, r->k, r->l, r->multiplicity, r->d_A);
        for (int i = 0; i < rad.n_lines; i++) {
            double t = xrd_two_theta_deg(r->d_A, rad.lambda_A[i]);
            if (isfinite(t))
                printf(" %10.4f", t);
            else
                printf(" %10s", "-");
        }
        if (show_i)
            printf(" %8.1f", 100.0 * inten[k] / imax);
        printf("\n");
        shown++;
    }
    xrd_reflist_free(list);
    free(inten);
    if (shown == 0)
        fprintf(stderr, "xrdfit reflections: no reflection of %s between 2theta = %g and "
                        "%g deg\n", ph.name, lo, hi);
    return CLI_OK;
}
