/* Outputs of `xrdfit series`: JSON lines and progress as each pattern
 * finishes, then the CSV table, the trends and the figures (written whole:
 * temporary file and rename). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_SERIES_OUT_H
#define XRDFIT_CLI_SERIES_OUT_H

#include <stdio.h>
#include "cli.h"

typedef struct {
    const char *table, *jsonl, *trend_plot;   /* output files; NULL = none */
    const char *map_plot, *waterfall_plot;
    int append;                               /* --resume: add to the JSON lines */
    const xrd_read_options *ro;               /* to read the patterns again for the map */
    double lambda_A;
    const char *const *paths;
    const size_t *index;                      /* each pattern's place in the whole series
                                                 (--shard, --merge); NULL: 0..n-1 */
    size_t n;
    int n_phases;                             /* fits: the phases; analysis: max_phases */
    const xrd_phase *phases;                  /* fits' phases (names), or NULL: the rows' */
    int analysis;                             /* an analyze series */
    int n_elements;                           /* analysis: the elements' columns */
    const char (*elements)[8];
    int progress;                             /* progress lines on stderr */
    size_t n_todo;                            /* patterns to fit (progress) */
    size_t n_resumed;                         /* rows from an earlier run's records */
    /* state */
    FILE *jf;
    int write_failed;
    size_t done;
    double t0;
} cli_series_out;

void cli_series_out_init(cli_series_out *o);

/* Open (or, when append, extend) the JSON-lines file; CLI exit code. */
int cli_series_out_open(cli_series_out *o);

/* xrd_series_item_fn: a JSON line for the pattern, the progress. */
void cli_series_out_item(void *user, size_t index, const xrd_series_row *row,
                         const xrd_fit_result *r, const xrd_analyze_result *an);

/* Close the JSON lines; write the table, print the summary and trends, draw
 * the figures (when ok). Rows of patterns never fitted (XRD_ERR_CANCELLED:
 * interrupted) are left out. CLI exit code: 1 when a pattern did not
 * converge or an output failed, 130 when the series was interrupted. */
int cli_series_out_close(cli_series_out *o, const xrd_series_row *rows, int ok);

/* The CSV table (series_table.c). */
void cli_series_write_table(FILE *f, const cli_series_out *o, const xrd_series_row *rows);

/* Name of phase column k: the fit's phase, else the first row's that has it. */
const char *cli_series_phase_name(const cli_series_out *o, const xrd_series_row *rows, int k);

/* The trends of a series: a fit's phases (np 0: every row's phase k), or, for
 * an analysis, the phases of each model its verdicts chose (np 1: the
 * single-phase patterns' phase; np 2: each of the two-phase patterns' two).
 * Fills g (CLI_SERIES_MAX_GROUPS), returns how many. */
#define CLI_SERIES_MAX_GROUPS 8
typedef struct {
    int np, k;
    char name[96];
} cli_series_group;
int cli_series_groups(const cli_series_out *o, const xrd_series_row *rows, cli_series_group *g);

/* 1 when row r belongs to group g. */
int cli_series_in_group(const cli_series_group *g, const xrd_series_row *r);

/* The trend figure, and the map and waterfall (series_figures.c); CLI code. */
int cli_series_trend_figure(const cli_series_out *o, const xrd_series_row *rows);
int cli_series_map_figures(const cli_series_out *o, const xrd_series_row *rows);

/* `xrdfit series --merge OUT.csv PART.jsonl...` (series_merge.c): the records
 * of the parts (by index; a later duplicate of a pattern replaces it) into one
 * table, summary and figures through o (its table, figures, ro, lambda_A
 * set); CLI exit code. */
int cli_series_merge(cli_series_out *o, char *const *parts, int n_parts);

/* --resume: the records of o->jsonl (when it exists) put into rows, skip set
 * for the patterns they hold (same index and path); a last line cut off by an
 * interruption is removed from the file; CLI exit code (records of another
 * series are an error). */
int cli_series_resume(const cli_series_out *o, xrd_series_row *rows, unsigned char *skip,
                      size_t *n_done);

#endif
