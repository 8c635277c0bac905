/* xrdfit CLI: commands and the helpers they share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_H
#define XRDFIT_CLI_H

#include "xrdfit/xrdfit.h"

/* Exit codes of every command. */
enum { CLI_OK = 0, CLI_DATA_ERROR = 1, CLI_USAGE = 2, CLI_INTERRUPTED = 130 };

/* Each command: argv[0] is the command name; returns an exit code. */
int cmd_info(int argc, char **argv);
int cmd_phases(int argc, char **argv);
int cmd_reflections(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_instrument(int argc, char **argv);
int cmd_vegard(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_peaks(int argc, char **argv);
int cmd_size(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

/* Print "xrdfit CMD: message" and a pointer to --help on stderr; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print "xrdfit: error: file:line: message" on stderr; returns CLI_DATA_ERROR. */
int cli_fail(const xrd_error *err);

/* Outputs written whole or not at all: cli_tmp_path gives a temporary name
 * next to path with its extension ("out.part123.csv"; -1 when it does not fit
 * in n); cli_commit renames it over path (CLI_OK), else removes it and
 * reports (CLI_DATA_ERROR). */
int cli_tmp_path(const char *path, char *buf, size_t n);
int cli_commit(const char *tmp, const char *path);

/* Directory of the reference data (phases/, radiation.xml, *.rng): --refdata,
 * else $XRDFIT_REFDATA, else next to the executable, else the install prefix. */
const char *cli_refdata_dir(void);
void cli_set_refdata_dir(const char *dir);

/* Build "refdata_dir/rel" into buf. */
void cli_refdata_path(char *buf, size_t n, const char *rel);

/* Load the phase library from the refdata directory. */
xrd_status cli_load_library(xrd_phase_library **lib, xrd_error *err);

/* Parse n --phase specs into out, reading the phase library only when a spec
 * may name a library phase. */
xrd_status cli_parse_phases(const char *const *specs, int n, xrd_phase *out, xrd_error *err);

/* Radiation from --radiation NAME (refdata/radiation.xml) or --wavelength A
 * (exactly one of them non-NULL; scale may be NULL). */
xrd_status cli_radiation(const char *name, const char *wavelength, const char *scale,
                         xrd_radiation *out, xrd_error *err);

/* The note on stderr that no instrument file was given: which default
 * resolution is assumed (laboratory, synchrotron, electron rings) and above
 * which crystal size its widths say nothing. */
void cli_default_instrument_note(const char *cmd, const xrd_instrument *inst);

/* --electron-kv KV of command cmd: the relativistic wavelength (A) as text
 * into buf; 0, or -1 after a usage message (KV outside 1-3000, or a
 * --wavelength already given: wavelength non-NULL). */
int cli_electron_kv(const char *cmd, const char *kv, const char *wavelength, char *buf,
                    size_t n);

/* The electron scattering factors of refdata/electron_scattering.xml, read on
 * the first call and kept for the process (freed at exit); *out is not to be
 * freed. Errors of xrd_electron_factors_load. */
xrd_status cli_electron_factors(const xrd_electron_factors **out, xrd_error *err);

/* The radiation of a pattern: the command line's (--radiation NAME or
 * --wavelength A) when given, warning on stderr when the file's header states
 * another wavelength; else the header's (the library lines of its anode when
 * they match, else its own values) with a note; else an error. */
xrd_status cli_radiation_for(const char *cmd, const char *name, const char *wavelength,
                             const char *scale, const xrd_pattern *p, xrd_radiation *out,
                             xrd_error *err);

/* Parse "lo:hi" into two finite numbers with lo < hi; 0 on success. */
int cli_parse_range(const char *s, double *lo, double *hi);

/* Parse a finite double occupying the whole string; 0 on success. */
int cli_parse_double(const char *s, double *out);

/* Shared pattern-reading options: --unit U, --columns X,Y[,S], --x-scale F,
 * --skip-zero-sigma, --sigma S, --scan N. cli_pattern_option handles one getopt result for
 * the ids below; returns 1 if handled, 0 if not ours, -1 on a bad value. */
enum { CLI_OPT_UNIT = 1000, CLI_OPT_COLUMNS, CLI_OPT_XSCALE, CLI_OPT_SKIP_ZERO_SIGMA,
       CLI_OPT_SIGMA, CLI_OPT_SCAN, CLI_OPT_REFDATA };
#define CLI_PATTERN_LONGOPTS                                                   \
    {"unit", required_argument, 0, CLI_OPT_UNIT},                              \
    {"columns", required_argument, 0, CLI_OPT_COLUMNS},                        \
    {"x-scale", required_argument, 0, CLI_OPT_XSCALE},                         \
    {"skip-zero-sigma", no_argument, 0, CLI_OPT_SKIP_ZERO_SIGMA},             \
    {"sigma", required_argument, 0, CLI_OPT_SIGMA},                           \
    {"scan", required_argument, 0, CLI_OPT_SCAN}
#define CLI_PATTERN_HELP                                                       \
    "  --unit U            x unit: 2theta (default), q (1/A), q_nm (1/nm), d (A)\n" \
    "  --columns X,Y[,S]   1-based columns of x, intensity and sigma\n"        \
    "  --x-scale F         multiply x by F (0.01 for centidegrees)\n"          \
    "  --skip-zero-sigma   drop points whose sigma is <= 0 instead of failing\n" \
    "  --sigma S           auto (default: a plausible third column, sqrt(counts)\n" \
    "                      for counts, else the scale of the data's scatter),\n" \
    "                      poisson, file or scatter\n"                  \
    "  --scan N            scan N (1-based) of a multi-scan file (default 1)\n"
int cli_pattern_option(const char *cmd, int opt, const char *arg, xrd_read_options *ro);

#endif
