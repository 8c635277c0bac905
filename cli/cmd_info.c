/* xrdfit info PATTERN: what a pattern file holds (points, x unit and range,
 * step, counts, sigma, header wavelength). SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("Usage: xrdfit info [OPTIONS] PATTERN | xrdfit info --formats\n"
           "Format, points, x unit and range, step, counts, sigma and what the header\n"
           "states (wavelengths, anode, time per step, radius, sample) of a pattern in\n"
           "any format xrdfit reads (--formats lists them).\n\n"
           "Options:\n" CLI_PATTERN_HELP
           "  --formats           the formats xrdfit reads, and who reads each\n"
           "  --help              this text\n"
           "Exit status: 0 success, 1 data error, 2 usage error.\n");
}

static const char *unit_label(xrd_xunit u)
{
    switch (u) {
    case XRD_X_TWO_THETA_DEG: return "2theta (deg)";
    case XRD_X_Q_INV_A: return "q (1/A)";
    case XRD_X_Q_INV_NM: return "q (1/nm)";
    case XRD_X_D_A: return "d (A)";
    case XRD_X_S_INV_A: return "s (1/A)";
    case XRD_X_S_INV_NM: return "s (1/nm)";
    }
    return "?";
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_PATTERN_LONGOPTS,
        {"help", no_argument, 0, 'h'},
        {"formats", no_argument, 0, 'F'},
        {0, 0, 0, 0},
    };
    xrd_read_options ro;
    xrd_read_options_default(&ro);
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            help();
            return CLI_OK;
        }
        if (opt == 'F') {
            for (const char *const *l = xrd_pattern_formats(); *l; l++)
                printf("%s\n", *l);
            return CLI_OK;
        }
        if (opt == '?')
            return cli_usage("info", "unknown option '%s'", argv[optind - 1]);
        if (opt == ':')
            return cli_usage("info", "option '%s' needs a value", argv[optind - 1]);
        int r = cli_pattern_option("info", opt, optarg, &ro);
        if (r < 0)
            return CLI_USAGE;
        if (r == 0)
            return cli_usage("info", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind >= argc)
        return cli_usage("info", "a PATTERN file is needed");
    if (optind + 1 < argc)
        return cli_usage("info", "one PATTERN only, found also '%s'", argv[optind + 1]);
    const char *path = argv[optind];

    xrd_pattern *p = NULL;
    xrd_error err;
    if (xrd_pattern_read_file(path, &ro, &p, &err))
        return cli_fail(&err);
    xrd_pattern_stats st;
    xrd_pattern_get_stats(p, &st);

    printf("file:        %s\n", path);
    const xrd_pattern_meta *m = &p->meta;
    printf("format:      %s%s%s", m->format, m->format_version[0] ? " " : "", m->format_version);
    if (m->n_scans > 1)
        printf(", scan %d of %d", m->scan + 1, m->n_scans);
    printf("\n");
    printf("points:      %zu", p->n);
    if (p->n_skipped)
        printf(" (%zu dropped: sigma <= 0)", p->n_skipped);
    printf("\n");
    printf("x unit:      %s%s\n", unit_label(p->unit),
           p->unit_from_header ? ", from the header" : (ro.unit_given ? ", as given" : ""));
    if (p->x_scale != 1.0)
        printf("x scale:     %g applied to the file's x%s\n", p->x_scale,
               p->x_scale == 0.01 ? " (centidegrees)" : "");
    printf("x range:     %.6g to %.6g%s\n", st.x_min, st.x_max,
           p->reversed ? " (file was in descending order)" : "");
    printf("step:        min %.6g, median %.6g, max %.6g; ", st.step_min, st.step_median,
           st.step_max);
    if (st.uniform)
        printf("uniform\n");
    else
        printf("non-uniform, %zu gap%s\n", st.n_gaps, st.n_gaps == 1 ? "" : "s");
    printf("counts:      max %.6g at x = %.6g, min %.6g\n", st.y_max, st.x_at_y_max, st.y_min);
    printf("sigma:       %s\n", xrd_sigma_source_name(p->noise.source));
    printf("noise:       %s\n", p->noise.note);
    if (m->time_per_step_s > 0)
        printf("time/step:   %g s (from the header)\n", m->time_per_step_s);
    if (p->wavelength_A > 0 && m->wavelength2_A > 0) {
        char ratio[32] = "";
        if (m->ka2_ratio > 0)
            snprintf(ratio, sizeof ratio, ", ratio %.4g", m->ka2_ratio);
        printf("wavelength:  Ka1 %.7g A, Ka2 %.7g A%s (from the header)\n", p->wavelength_A,
               m->wavelength2_A, ratio);
    }
    else if (p->wavelength_A > 0)
        printf("wavelength:  %.7g A (from the header%s)\n", p->wavelength_A,
               m->ka1_only ? "; no Ka2: monochromated" : "");
    if (m->anode[0])
        printf("anode:       %s\n", m->anode);
    if (m->goniometer_radius_mm > 0)
        printf("radius:      %g mm\n", m->goniometer_radius_mm);
    if (m->sample[0])
        printf("sample:      %s\n", m->sample);
    if (m->temperature_K > 0)
        printf("temperature: %g K\n", m->temperature_K);
    if (m->variable_slit)
        printf("warning:     variable (automatic) divergence slit: intensities grow with the "
               "irradiated length; convert to fixed-slit intensities before a quantitative fit\n");
    if (p->n_negative && p->first_negative_line > 0)
        printf("warning:     %zu point%s with negative counts, the first at line %ld\n",
               p->n_negative, p->n_negative == 1 ? "" : "s", p->first_negative_line);
    else if (p->n_negative)
        printf("warning:     %zu point%s with negative counts\n", p->n_negative,
               p->n_negative == 1 ? "" : "s");
    xrd_pattern_free(p);
    return CLI_OK;
}
