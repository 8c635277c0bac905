/* Outputs of `xrdfit series`: JSON lines and progress as each pattern
 * finishes, then the CSV table, the trends and the trend figure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_SERIES_OUT_H
#define XRDFIT_CLI_SERIES_OUT_H

#include <stdio.h>
#include "cli.h"

typedef struct {
    const char *table, *jsonl, *trend_plot;   /* output files; NULL = none */
    const char *map_plot, *waterfall_plot;
    const xrd_read_options *ro;               /* to read the patterns again for those */
    double lambda_A;
    const char *const *paths;
    size_t n;
    int n_phases;
    const xrd_phase *phases;
    const char *instrument_path;
    int progress;                             /* progress lines on stderr */
    const xrd_analyze_options *ao;            /* an analyze series (NULL: fits) */
    /* state */
    FILE *jf;
    size_t done;
    double t0;
} cli_series_out;

void cli_series_out_init(cli_series_out *o);

/* Open the JSON-lines file; CLI exit code. */
int cli_series_out_open(cli_series_out *o);

/* xrd_series_item_fn: a JSON line for the pattern, the progress. */
void cli_series_out_item(void *user, size_t index, const xrd_series_row *row,
                         const xrd_fit_result *r, const xrd_analyze_result *an);

/* Close the JSON lines; write the table, print the summary and trends, draw
 * the trend figure (when ok). CLI exit code: 1 when a pattern did not
 * converge or an output failed. */
int cli_series_out_close(cli_series_out *o, const xrd_series_row *rows, int ok);

#endif
