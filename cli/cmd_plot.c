/* xrdfit plot: redraw the fit figure from a fit JSON with curves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "plotargs.h"

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit plot RESULT.json -o FIG.png|.svg|.pdf [OPTIONS]\n"
            "Draw the fit figure again from a result written by\n"
            "`xrdfit fit PATTERN ... --json RESULT.json --json-curves`.\n\n"
            "  -o, --output FILE   the figure (same as --plot FILE)\n"
            CLI_PLOT_HELP
            "Exit status: 0 ok, 1 data error (or gnuplot missing / failing), 2 usage error.\n");
}

int cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_PLOT_LONGOPTS,
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_plotargs pa;
    cli_plotargs_init(&pa);
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        int r = cli_plotargs_option("plot", c == 'o' ? CLI_OPT_PLOT : c, optarg, &pa);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        if (c == 'h') {
            help(stdout);
            return CLI_OK;
        }
        return cli_usage("plot", "unknown option");
    }
    if (optind + 1 != argc)
        return cli_usage("plot", optind >= argc ? "missing RESULT.json" : "one RESULT.json only");
    if (!pa.plot_out && !pa.script_out)
        return cli_usage("plot", "give the figure with -o FIG.png (or --gnuplot-script FILE)");
    xrd_error err;
    xrd_error_clear(&err);
    xrd_fit_result *r = NULL;
    char pattern[1024];
    if (xrd_plot_read_fit_json(argv[optind], &r, pattern, sizeof pattern, &err) != XRD_OK)
        return cli_fail(&err);
    int rc = cli_plot_fit(&pa, r, pattern[0] ? pattern : NULL);
    xrd_plot_fit_result_free(r);
    return rc;
}
