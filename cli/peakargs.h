/* Options and pipeline shared by `xrdfit peaks` and `xrdfit size`: read the
 * pattern, find or take the peaks, fit them, index them against a phase.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_PEAKARGS_H
#define XRDFIT_CLI_PEAKARGS_H

#include <getopt.h>
#include <stdio.h>
#include "fitargs.h"

typedef struct {
    cli_fitargs fa;          /* pattern, radiation, instrument, range, background, json, -v */
    const char *at;          /* "43.3,50.4" or NULL = search */
    const char *profile;     /* profile name or NULL = pseudo-voigt */
    const char *phase;       /* phase spec for indexing, or NULL */
    double threshold;        /* search significance, 0 = default */
    double index_tol;        /* indexing tolerance deg, 0 = automatic */
} cli_peakargs;

enum { CLI_OPT_AT = 1500, CLI_OPT_PROFILE, CLI_OPT_PHASE, CLI_OPT_THRESHOLD, CLI_OPT_INDEXTOL };

#define CLI_PEAK_LONGOPTS                                                        \
    CLI_PATTERN_LONGOPTS,                                                        \
    {"radiation", required_argument, 0, CLI_OPT_RADIATION},                      \
    {"wavelength", required_argument, 0, CLI_OPT_WAVELENGTH},                    \
    {"wavelength-scale", required_argument, 0, CLI_OPT_SCALE},                   \
    {"range", required_argument, 0, CLI_OPT_RANGE},                              \
    {"background", required_argument, 0, CLI_OPT_BACKGROUND},                    \
    {"refine-ka2-ratio", no_argument, 0, CLI_OPT_K2},                            \
    {"max-cycles", required_argument, 0, CLI_OPT_MAXCYC},                        \
    {"json", required_argument, 0, CLI_OPT_JSON},                                \
    {"verbose", no_argument, 0, 'v'},                                            \
    {"at", required_argument, 0, CLI_OPT_AT},                                    \
    {"profile", required_argument, 0, CLI_OPT_PROFILE},                          \
    {"phase", required_argument, 0, CLI_OPT_PHASE},                              \
    {"threshold", required_argument, 0, CLI_OPT_THRESHOLD},                      \
    {"index-tolerance", required_argument, 0, CLI_OPT_INDEXTOL}

#define CLI_PEAK_HELP                                                            \
    "  --radiation NAME    CuKa (Ka1+Ka2 doublet per peak), CuKa1, CoKa, MoKa ...\n" \
    "  --wavelength A      a single wavelength in Angstrom (synchrotron)\n"  \
    "  --wavelength-scale S  Hoelzer1997 (default where known) or Bearden1967\n" \
    "  --at X1,X2,...      start positions (deg) instead of the automatic search\n" \
    "  --threshold S       search significance in sigma of -y'' (default 5)\n" \
    "  --profile NAME      pseudo-voigt (default), pearson7, split-pearson7, voigt,\n" \
    "                      gaussian, lorentzian, tch\n"                      \
    "  --range LO:HI       fit only LO <= 2theta <= HI\n"                    \
    "  --background N      Chebyshev terms (default 3 + range/20 deg, at most 8)\n" \
    "  --refine-ka2-ratio  refine I(Ka2)/I(Ka1) (default: the radiation's, fixed)\n" \
    "  --max-cycles N      Levenberg-Marquardt iteration cap (default 200)\n" \
    "  --phase SPEC        index each peak (nearest allowed hkl of the phase)\n" \
    "  --index-tolerance D max distance (deg) for indexing (default max(0.3, FWHM/2))\n" \
    "  --json FILE|-       write the result as JSON (- = standard output)\n" \
    "  -v, --verbose       show the search and the fit\n"                   \
    CLI_PATTERN_HELP

void cli_peakargs_init(cli_peakargs *a);

/* Handle one getopt result; 1 handled, 0 not ours, -1 bad value (usage printed). */
int cli_peakargs_option(const char *cmd, int opt, const char *arg, cli_peakargs *a);

/* Read pattern_path (with a's read options and radiation / instrument), search or
 * take the peaks, fit, index. Returns a CLI exit code; on CLI_OK *fit (free with
 * xrd_peak_fit_result_free) and *inst are set. A failed convergence is CLI_OK here
 * (the caller reports fit->converged). */
int cli_peaks_pipeline(const char *cmd, const cli_peakargs *a, const char *pattern_path,
                       const char *phase_spec, xrd_instrument *inst, xrd_peak_fit_result **fit);

/* The fit as text (one line per peak and the statistics) and as JSON (object
 * members written into an open object of j; see cmd_peaks.c). */
void cli_print_peaks(FILE *f, const char *pattern_path, const xrd_peak_fit_result *r);

#endif
