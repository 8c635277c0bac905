/* xrdfit command-line entry: global options and dispatch to the commands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"info", cmd_info, "points, x range, step and counts of a pattern"},
    {"phases", cmd_phases, "list the reference phases, or show one with its sources"},
    {"reflections", cmd_reflections, "reflection list (hkl, multiplicity, d, 2theta) of a phase"},
    {"analyze", cmd_analyze, "the main job: single- or multi-phase verdict, a, size, composition"},
    {"fit", cmd_fit, "Le Bail refinement: cell, size, strain of every phase"},
    {"series", cmd_series, "fit a series of patterns: table, JSON lines, trends, trend figure"},
    {"instrument", cmd_instrument, "refine the instrument profile on a standard, write it to a file"},
    {"vegard", cmd_vegard, "composition of an alloy from its lattice constant (Vegard, Zen)"},
    {"plot", cmd_plot, "redraw the fit figure from a fit JSON (fit --json F --json-curves)"},
    {"peaks", cmd_peaks, "find and fit peaks: position, d, FWHM, breadth, shape, area with esds"},
    {"size", cmd_size, "crystal size: Scherrer per peak (instrument removed) and Williamson-Hall"},
    {"simulate", cmd_simulate, "simulate a pattern (same forward model as fit) and write an .xy"},
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: xrdfit [--refdata DIR] COMMAND [OPTIONS] [ARGS]\n"
               "X-ray and electron powder diffraction: Le Bail and Rietveld fits, crystal size,\n"
               "Vegard composition, the single- or two-phase verdict, series.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions:\n"
               "  --refdata DIR  reference data directory (default: next to the program)\n"
               "  --help         this text;  xrdfit COMMAND --help for a command\n"
               "  --version      version\n"
               "Exit status: 0 success, 1 data error (or a fit that did not converge), 2 usage\n"
               "error, 130 a series interrupted (Ctrl-C, SIGTERM).\n");
}

int main(int argc, char **argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        }
        if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
            printf("xrdfit %s\n", xrd_version());
            return CLI_OK;
        }
        if (!strcmp(argv[i], "--refdata")) {
            if (i + 1 >= argc)
                return cli_usage(NULL, "--refdata needs a directory");
            cli_set_refdata_dir(argv[i + 1]);
            i += 2;
            continue;
        }
        if (!strncmp(argv[i], "--refdata=", 10)) {
            cli_set_refdata_dir(argv[i] + 10);
            i++;
            continue;
        }
        return cli_usage(NULL, "unknown option '%s'", argv[i]);
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (!strcmp(argv[i], commands[c].name))
            return commands[c].run(argc - i, argv + i);
    return cli_usage(NULL, "unknown command '%s'", argv[i]);
}
