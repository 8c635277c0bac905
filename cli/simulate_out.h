/* The .xy file of `xrdfit simulate`: a header saying what was simulated and
 * how, then the points. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_SIMULATE_OUT_H
#define XRDFIT_CLI_SIMULATE_OUT_H

#include "cli.h"

/* What the header states besides the pattern itself. */
typedef struct {
    int argc;
    char **argv;                 /* the command line, repeated in the header */
    const xrd_instrument *inst;
    const xrd_phase *ph;
    const xrd_sim_phase *sp;
    const int *equal;            /* per phase: 1 = no atoms, f = 1 */
    int n;                       /* phases */
    const xrd_sim_options *o;
    const char *pol_text;        /* the polarisation factor in words */
    const xrd_electron_factors *electron; /* the table used (NULL: X-rays) */
    double camera_px_A;          /* > 0: x is a ring radius r = K / d in pixels */
} cli_sim_out;

/* Name of the x column of a simulated pattern ("2theta (deg)", "q (1/A)",
 * "q (1/nm)", "r (px)"). */
const char *cli_sim_x_name(const cli_sim_out *s);

/* Write the header and the points of p (x as given) to path ("-" = standard
 * output); CLI_OK or CLI_DATA_ERROR after a message. */
int cli_sim_write_xy(const char *path, const cli_sim_out *s, const xrd_pattern *p);

#endif
