/* Helpers shared by the CLI commands: errors, usage, refdata location,
 * radiation and number parsing. SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef XRDFIT_DATADIR
#define XRDFIT_DATADIR "/usr/local/share/xrdfit"
#endif

static char refdata_dir[PATH_MAX];
static xrd_electron_factors *electron_table; /* cli_electron_factors: once per process */

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "xrdfit%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'xrdfit%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
    return CLI_USAGE;
}

int cli_fail(const xrd_error *err)
{
    char buf[2048];
    xrd_error_format(err, buf, sizeof buf);
    fprintf(stderr, "xrdfit: error: %s\n", buf);
    return CLI_DATA_ERROR;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

void cli_set_refdata_dir(const char *dir)
{
    snprintf(refdata_dir, sizeof refdata_dir, "%s", dir);
}

const char *cli_refdata_dir(void)
{
    if (refdata_dir[0])
        return refdata_dir;
    const char *env = getenv("XRDFIT_REFDATA");
    if (env && *env) {
        cli_set_refdata_dir(env);
        return refdata_dir;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char cand[PATH_MAX + 64];
            /* in-tree build: build/xrdfit -> refdata/ */
            snprintf(cand, sizeof cand, "%s/../refdata", exe);
            if (is_dir(cand)) {
                cli_set_refdata_dir(cand);
                return refdata_dir;
            }
            /* installed: bin/xrdfit -> share/xrdfit/refdata */
            snprintf(cand, sizeof cand, "%s/../share/xrdfit/refdata", exe);
            if (is_dir(cand)) {
                cli_set_refdata_dir(cand);
                return refdata_dir;
            }
        }
    }
    cli_set_refdata_dir(XRDFIT_DATADIR "/refdata");
    return refdata_dir;
}

void cli_refdata_path(char *buf, size_t n, const char *rel)
{
    snprintf(buf, n, "%s/%s", cli_refdata_dir(), rel);
}

xrd_status cli_parse_phases(const char *const *specs, int n, xrd_phase *out, xrd_error *err)
{
    /* the library (every file schema-validated) is read only when a spec may
     * name one of its phases */
    int need = 0;
    for (int i = 0; i < n; i++)
        need |= xrd_phase_spec_needs_library(specs[i]);
    xrd_phase_library *lib = NULL;
    xrd_status st = need ? cli_load_library(&lib, err) : XRD_OK;
    for (int i = 0; i < n && st == XRD_OK; i++)
        st = xrd_phase_parse_spec(specs[i], lib, &out[i], err);
    xrd_phase_library_free(lib);
    return st;
}

xrd_status cli_load_library(xrd_phase_library **lib, xrd_error *err)
{
    char dir[PATH_MAX + 16], schema[PATH_MAX + 16];
    cli_refdata_path(dir, sizeof dir, "phases");
    cli_refdata_path(schema, sizeof schema, "phase.rng");
    return xrd_phase_library_load(dir, schema, lib, err);
}

int cli_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_range(const char *s, double *lo, double *hi)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    char *colon = strchr(buf, ':');
    if (!colon)
        return -1;
    *colon = '\0';
    double a, b;
    if (cli_parse_double(buf, &a) || cli_parse_double(colon + 1, &b) || !(a < b))
        return -1;
    *lo = a;
    *hi = b;
    return 0;
}

xrd_status cli_radiation(const char *name, const char *wavelength, const char *scale,
                         xrd_radiation *out, xrd_error *err)
{
    if (name && wavelength)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "give either --radiation or --wavelength, not both");
    if (wavelength) {
        double l, le = 0;
        if (xrd_parse_value_esd(wavelength, &l, &le, NULL) != XRD_OK)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "--wavelength expects a number in Angstrom with an optional "
                                 "standard uncertainty, like 0.4132 or 0.51677(3), found '%s'",
                                 wavelength);
        xrd_status st = xrd_radiation_single(l, out, err);
        if (st == XRD_OK && le > 0) {
            if (le > 0.01 * l)
                return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                     "--wavelength %s: an uncertainty over 1 %% of the "
                                     "wavelength leaves no lattice constant worth reporting",
                                     wavelength);
            out->lambda_esd_A = le;
        }
        return st;
    }
    if (!name)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a radiation is needed: --radiation CuKa (or CoKa, MoKa, "
                             "CuKa1 ...) or --wavelength ANGSTROM");
    char path[PATH_MAX + 32];
    cli_refdata_path(path, sizeof path, "radiation.xml");
    return xrd_radiation_lookup(path, name, scale, out, err);
}

void cli_default_instrument_note(const char *cmd, const xrd_instrument *inst)
{
    const char *kind = "laboratory", *limit = "~50 nm", *how = "";
    if (inst->rad.n_lines == 1 && inst->rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A) {
        kind = "electron ring";
        limit = "~10 nm";
        how = " (calibrate on a film standard: xrdfit instrument --unit px ... --phase Al)";
    } else if (inst->geometry == XRD_GEOM_TRANSMISSION) {
        kind = "synchrotron";
    }
    fprintf(stderr, "xrdfit %s: note: no --instrument file: the default %s resolution is "
                    "assumed; crystal sizes above %s are not meaningful%s.\n",
            cmd, kind, limit, how);
}

int cli_electron_kv(const char *cmd, const char *kv, const char *wavelength, char *buf,
                    size_t n)
{
    double v;
    if (cli_parse_double(kv, &v) || !(v >= 1 && v <= 3000)) {
        cli_usage(cmd, "--electron-kv expects an accelerating voltage of 1 to 3000 kV, "
                       "found '%s'", kv);
        return -1;
    }
    if (wavelength) {
        cli_usage(cmd, "give either --wavelength or --electron-kv");
        return -1;
    }
    snprintf(buf, n, "%.9g", xrd_electron_lambda_A(v));
    return 0;
}

static void free_electron_table(void)
{
    xrd_electron_factors_free(electron_table);
    electron_table = NULL;
}

xrd_status cli_electron_factors(const xrd_electron_factors **out, xrd_error *err)
{
    *out = NULL;
    if (!electron_table) {
        char path[PATH_MAX + 32];
        cli_refdata_path(path, sizeof path, "electron_scattering.xml");
        xrd_status st = xrd_electron_factors_load(path, &electron_table, err);
        if (st != XRD_OK) {
            if (err) {
                char m[sizeof err->message];
                snprintf(m, sizeof m, "%.900s (the electron scattering factors an electron "
                                      "wavelength needs)", err->message);
                memcpy(err->message, m, sizeof m);
            }
            return st;
        }
        atexit(free_electron_table);
    }
    *out = electron_table;
    return XRD_OK;
}

/* A doublet from the header's own values (Ka1, Ka2, ratio). */
static void header_doublet(const xrd_pattern *p, xrd_radiation *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%.8sKa", p->meta.anode[0] ? p->meta.anode : "");
    snprintf(out->scale, sizeof out->scale, "header");
    out->n_lines = 2;
    out->lambda_A[0] = p->wavelength_A;
    out->lambda_A[1] = p->meta.wavelength2_A;
    out->weight[0] = 1.0;
    out->weight[1] = p->meta.ka2_ratio > 0 ? p->meta.ka2_ratio : 0.5;
    snprintf(out->line_name[0], sizeof out->line_name[0], "Ka1");
    snprintf(out->line_name[1], sizeof out->line_name[1], "Ka2");
    snprintf(out->source, sizeof out->source, "the pattern file's header");
}

xrd_status cli_radiation_for(const char *cmd, const char *name, const char *wavelength,
                             const char *scale, const xrd_pattern *p, xrd_radiation *out,
                             xrd_error *err)
{
    double hl = p ? p->wavelength_A : 0;
    if (name || wavelength || !(hl > 0)) {
        xrd_status st = cli_radiation(name, wavelength, scale, out, err);
        if (st == XRD_OK && hl > 0 && fabs(out->lambda_A[0] - hl) > 1e-3 * hl)
            fprintf(stderr,
                    "xrdfit %s: warning: the header of %s states a wavelength of %.6g A%s%s; "
                    "the command line's %.6g A is used\n",
                    cmd, p->source, hl, p->meta.anode[0] ? ", anode " : "", p->meta.anode,
                    out->lambda_A[0]);
        if (st != XRD_OK && !name && !wavelength)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "a radiation is needed and the file's header states none: "
                                 "--radiation CuKa (or CoKa, MoKa, CuKa1 ...) or --wavelength "
                                 "ANGSTROM");
        return st;
    }
    if (p->meta.wavelength2_A > 0) {
        /* a laboratory doublet: the library's emission lines for the anode when the
         * header's Ka1 is the same line, else the header's own values */
        char nm[16], path[PATH_MAX + 32];
        snprintf(nm, sizeof nm, "%.8sKa", p->meta.anode);
        cli_refdata_path(path, sizeof path, "radiation.xml");
        xrd_error e2;
        if (!p->meta.anode[0] || xrd_radiation_lookup(path, nm, scale, out, &e2) != XRD_OK ||
            fabs(out->lambda_A[0] - hl) > 2e-4)
            header_doublet(p, out);
        fprintf(stderr, "xrdfit %s: note: radiation from the file's header: %s (Ka1 %.6g A, "
                        "Ka2 %.6g A)%s\n",
                cmd, out->name, out->lambda_A[0], out->lambda_A[1],
                strcmp(out->scale, "header") ? "" : ", the header's own values");
        return XRD_OK;
    }
    if (p->meta.ka1_only) {
        /* a laboratory source stated without Ka2: the anode's Ka1 line */
        char nm[16], path[PATH_MAX + 32];
        snprintf(nm, sizeof nm, "%.8sKa1", p->meta.anode);
        cli_refdata_path(path, sizeof path, "radiation.xml");
        xrd_error e2;
        if (!p->meta.anode[0] || xrd_radiation_lookup(path, nm, scale, out, &e2) != XRD_OK ||
            fabs(out->lambda_A[0] - hl) > 2e-4) {
            xrd_status s1 = xrd_radiation_single(hl, out, err);
            if (s1 != XRD_OK)
                return s1;
        }
        fprintf(stderr, "xrdfit %s: note: radiation from the file's header: %s (%.7g A, no Ka2)\n",
                cmd, out->name, out->lambda_A[0]);
        return XRD_OK;
    }
    /* one wavelength: a synchrotron's, unless it is a laboratory Ka1, which
     * leaves open whether Ka2 is in the data */
    static const struct {
        const char *anode;
        double ka1;
    } lab[] = {{"Cu", 1.5406}, {"Co", 1.78897}, {"Mo", 0.70932}, {"Fe", 1.93604},
               {"Cr", 2.28970}, {"Ag", 0.55941}};
    for (size_t i = 0; i < sizeof lab / sizeof lab[0]; i++)
        if (fabs(hl - lab[i].ka1) < 1e-3)
            return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                                 "the header states %.6g A, %s Ka1, but not whether Ka2 is in "
                                 "the data: give --radiation %sKa (doublet) or %sKa1 "
                                 "(monochromated)",
                                 hl, lab[i].anode, lab[i].anode, lab[i].anode);
    xrd_status st = xrd_radiation_single(hl, out, err);
    if (st == XRD_OK) {
        snprintf(out->source, sizeof out->source, "the pattern file's header");
        fprintf(stderr, "xrdfit %s: note: wavelength from the file's header: %.7g A\n", cmd, hl);
    }
    return st;
}

int cli_pattern_option(const char *cmd, int opt, const char *arg, xrd_read_options *ro)
{
    switch (opt) {
    case CLI_OPT_UNIT:
        if (xrd_xunit_parse(arg, &ro->unit)) {
            cli_usage(cmd, "--unit expects 2theta, q, q_nm, s, s_nm or d, found '%s'", arg);
            return -1;
        }
        ro->unit_given = 1;
        return 1;
    case CLI_OPT_COLUMNS: {
        int c[3] = {0, 0, 0};
        char extra;
        int n = sscanf(arg, "%d,%d,%d%c", &c[0], &c[1], &c[2], &extra);
        if ((n != 2 && n != 3) || c[0] < 1 || c[1] < 1 || (n == 3 && c[2] < 1)) {
            cli_usage(cmd, "--columns expects X,Y or X,Y,SIGMA (1-based), found '%s'", arg);
            return -1;
        }
        ro->col_x = c[0] - 1;
        ro->col_y = c[1] - 1;
        ro->col_sigma = n == 3 ? c[2] - 1 : -1;
        return 1;
    }
    case CLI_OPT_XSCALE:
        if (cli_parse_double(arg, &ro->x_scale) || ro->x_scale <= 0) {
            cli_usage(cmd, "--x-scale expects a positive number, found '%s'", arg);
            return -1;
        }
        return 1;
    case CLI_OPT_SKIP_ZERO_SIGMA:
        ro->skip_zero_sigma = 1;
        return 1;
    case CLI_OPT_SCAN: {
        double v;
        if (cli_parse_double(arg, &v) || v < 1 || v > 100000 || v != (int)v) {
            cli_usage(cmd, "--scan expects a scan number >= 1, found '%s'", arg);
            return -1;
        }
        ro->scan = (int)v - 1;
        return 1;
    }
    case CLI_OPT_SIGMA:
        if (!strcmp(arg, "auto"))
            ro->sigma = XRD_SIGMA_AUTO;
        else if (!strcmp(arg, "poisson"))
            ro->sigma = XRD_SIGMA_POISSON;
        else if (!strcmp(arg, "file"))
            ro->sigma = XRD_SIGMA_FILE;
        else if (!strcmp(arg, "scatter"))
            ro->sigma = XRD_SIGMA_ESTIMATE;
        else {
            cli_usage(cmd, "--sigma expects auto, poisson, file or scatter, found '%s'", arg);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}
