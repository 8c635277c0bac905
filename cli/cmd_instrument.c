/* xrdfit instrument: refine the instrument profile on a standard and write it
 * to an instrument file for later fits. SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "fitargs.h"
#include "misfit.h"

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit instrument STANDARD_PATTERN --phase STANDARD\n"
            "                         (--radiation NAME | --wavelength A) -o INSTRUMENT.xml\n"
            "Refine U V W X Y, axial asymmetry, zero and displacement (Bragg-Brentano) on a\n"
            "standard with no sample broadening (LaB6-660c, Si-640e, CeO2-674b ...) whose\n"
            "cell is held at its certified value (at --temperature K when the phase has a\n"
            "thermal-expansion coefficient), and store them; give the file to fit / analyze\n"
            "/ size with --instrument to hold them fixed.\n\n"
            "  --phase NAME        the standard (a reference phase)\n"
            "  -o, --output FILE   instrument file to write\n"
            "  --no-asymmetry      keep the axial asymmetry at zero\n"
            "  --refine-wavelength refine the wavelength instead of the zero (synchrotron:\n"
            "                      lambda from the certified cell); --refine-zero adds it\n"
            "  --refine-cell       refine the standard's cell too (the zero then absorbs\n"
            "                      what it can of the cell's error: not a calibration)\n"
            "  --radial-distortion refine the radial (lens) distortion k3 of a ring profile:\n"
            "                      a ring of s = 1/d appears at s (1 + k3 s^2); the default\n"
            "                      with --unit px, which calibrates the camera constant\n"
            "  --no-radial-distortion  hold k3 at 0\n"
            CLI_FIT_HELP
            "Exit status: 0 written, 1 data error or fit not converged (nothing written),\n"
            "2 usage error.\n");
}

int cmd_instrument(int argc, char **argv)
{
    enum { OPT_PHASE = 1400, OPT_NOASYM, OPT_REFWL, OPT_REFCELL, OPT_RADIAL, OPT_NORADIAL };
    static const struct option longopts[] = {
        CLI_FIT_LONGOPTS,
        {"phase", required_argument, 0, OPT_PHASE},
        {"output", required_argument, 0, 'o'},
        {"no-asymmetry", no_argument, 0, OPT_NOASYM},
        {"refine-wavelength", no_argument, 0, OPT_REFWL},
        {"refine-cell", no_argument, 0, OPT_REFCELL},
        {"radial-distortion", no_argument, 0, OPT_RADIAL},
        {"no-radial-distortion", no_argument, 0, OPT_NORADIAL},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_fitargs a;
    cli_fitargs_init(&a);
    a.cmd = "instrument";
    const char *spec = NULL, *out = NULL;
    int no_asym = 0, refine_wl = 0, refine_cell = 0, radial = -1, c;
    while ((c = getopt_long(argc, argv, "hvo:", longopts, NULL)) != -1) {
        int r = cli_fitargs_option("instrument", c, optarg, &a);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_PHASE: spec = optarg; break;
        case 'o': out = optarg; break;
        case OPT_NOASYM: no_asym = 1; break;
        case OPT_REFWL: refine_wl = 1; break;
        case OPT_REFCELL: refine_cell = 1; break;
        case OPT_RADIAL: radial = 1; break;
        case OPT_NORADIAL: radial = 0; break;
        default: return cli_usage("instrument", "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage("instrument", optind >= argc ? "missing STANDARD_PATTERN"
                                                      : "only one pattern is used");
    if (!spec)
        return cli_usage("instrument", "--phase STANDARD is needed (e.g. LaB6-660c)");
    if (!out)
        return cli_usage("instrument", "-o INSTRUMENT.xml is needed");
    if (a.instrument_path)
        return cli_usage("instrument", "--instrument makes no sense here: this command makes one");
    a.pattern_path = argv[optind];

    xrd_error err;
    xrd_error_clear(&err);
    xrd_phase ph;
    xrd_status st = cli_parse_phases(&spec, 1, &ph, &err);
    if (st != XRD_OK)
        return cli_fail(&err);
    xrd_pattern *p = NULL;
    xrd_instrument inst;
    xrd_fit_options fo;
    double k0 = 0;
    if (a.pixel) {
        /* a ring profile in pixels: the camera constant is what is calibrated; a
         * first one from the rings, refined as the wavelength's scale below */
        if (refine_cell)
            return cli_usage("instrument", "--unit px calibrates the camera constant on the "
                                           "standard's certified cell: drop --refine-cell");
        if (!(a.camera_constant > 0)) {
            st = xrd_pattern_read_file(a.pattern_path, &a.ro, &p, &err);
            if (st == XRD_OK)
                st = xrd_camera_constant_estimate(p, &ph, &a.camera_constant, &err);
            xrd_pattern_free(p);
            p = NULL;
            if (st != XRD_OK)
                return cli_fail(&err);
            fprintf(stderr, "xrdfit instrument: first camera constant from the rings: %.6g px A\n",
                    a.camera_constant);
        }
        k0 = a.camera_constant;
        refine_wl = 1;
    }
    if ((st = cli_fit_prepare(&a, &p, &inst, &fo, &err)) != XRD_OK)
        return cli_fail(&err);
    fo.refine_instrument = 1;
    fo.refine_asymmetry = !no_asym;
    fo.hold_cell = !refine_cell;
    if (refine_wl && refine_cell) {
        xrd_pattern_free(p);
        return cli_usage("instrument", "--refine-wavelength needs the certified cell: drop --refine-cell");
    }
    if (refine_wl) {
        fo.refine_wavelength = 1;
        fo.refine_zero = a.refine_zero;
    }
    if (radial < 0)
        radial = a.pixel;
    if (radial && !(inst.rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A)) {
        xrd_pattern_free(p);
        return cli_usage("instrument", "--radial-distortion is for electron ring profiles "
                                       "(--electron-kv): a diffractometer has no lens");
    }
    if (radial && refine_cell) {
        xrd_pattern_free(p);
        return cli_usage("instrument", "--radial-distortion needs the certified cell: drop "
                                       "--refine-cell");
    }
    fo.refine_radial = radial;
    inst.radial_k3_A2 = 0.0;
    if (!refine_cell && a.temperature_K > 0) {
        if (ph.cte_per_K > 0 && ph.temperature_K > 0) {
            double a0 = ph.cell.a;
            double f = 1.0 + ph.cte_per_K * (a.temperature_K - ph.temperature_K);
            ph.cell.a *= f;
            ph.cell.b *= f;
            ph.cell.c *= f;
            fprintf(stderr, "xrdfit instrument: %s held at a = %.6f A at %.1f K (%.6f A at %.1f K, "
                            "expansion %.3g /K)\n", ph.name, ph.cell.a, a.temperature_K, a0,
                    ph.temperature_K, ph.cte_per_K);
        } else {
            fprintf(stderr, "xrdfit instrument: note: %s has no thermal-expansion coefficient: "
                            "its cell is held at the tabulated value (%.6f A at %.1f K)\n",
                    ph.name, ph.cell.a, ph.temperature_K);
        }
    }
    xrd_fit *f = NULL;
    int rc = cli_run_fit(&a, p, &inst, &ph, 1, &fo, "instrument", &f);
    const xrd_fit_result *r = f ? xrd_fit_get_result(f) : NULL;
    if (rc != CLI_OK && r && !r->converged)
        fprintf(stderr, "xrdfit instrument: no instrument file written\n");
    if (r && !(a.json_out && !strcmp(a.json_out, "-")))
        cli_print_misfit(stdout, r, 3);
    if (rc == CLI_OK) {
        xrd_instrument cal = r->instrument;
        cal.calibrated = 1;
        if (k0 > 0) {
            /* d = K / r: refining the wavelength on a fixed cell scaled every d by
             * lambda' / lambda, which is K's own scale; the wavelength stays */
            double l0 = inst.rad.lambda_A[0], l1 = r->instrument.rad.lambda_A[0];
            cal.camera_constant_px_A = k0 * l1 / l0;
            cal.camera_constant_esd = k0 * r->instrument.rad.lambda_esd_A / l0;
            cal.rad = inst.rad;
            char kb[64];
            printf("camera constant K = %s px A (d = K / r)\n",
                   xrd_format_esd(cal.camera_constant_px_A, cal.camera_constant_esd, 7, kb,
                                  sizeof kb));
        }
        if (radial) {
            char kb[64];
            printf("radial distortion k3 = %s A^2 (a ring of s = 1/d appears at s (1 + k3 s^2): "
                   "%+.3f %% at d = 1 A)\n",
                   xrd_format_esd(cal.radial_k3_A2, cal.radial_k3_esd_A2, 3, kb, sizeof kb),
                   100.0 * cal.radial_k3_A2);
        }
        snprintf(cal.standard, sizeof cal.standard, "%s", ph.name);
        char note[768];
        snprintf(note, sizeof note, "refined on %.500s, Rwp %.2f %%, GOF %.2f", a.pattern_path,
                 100.0 * r->Rwp, r->GOF);
        if (xrd_instrument_save(out, &cal, note, &err) != XRD_OK)
            rc = cli_fail(&err);
        else if (!(a.json_out && !strcmp(a.json_out, "-")))
            printf("instrument written to %s\n", out);
    }
    xrd_fit_free(f);
    xrd_pattern_free(p);
    return rc;
}
