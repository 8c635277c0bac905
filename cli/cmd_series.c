/* xrdfit series: one fit per pattern of an in situ or batch series, a table
 * row each, JSON lines, the temperature trend of every phase's lattice
 * constant and its figure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzeargs.h"
#include "fitargs.h"
#include "plotargs.h"
#include "series_out.h"

#define MAX_PHASES 8
#define MAX_PATTERNS 1000000

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit series (--radiation NAME | --wavelength A | --instrument FILE)\n"
            "                     --phase SPEC [--phase SPEC ...] [--table OUT.csv]\n"
            "                     [--jsonl OUT.jsonl] [--trend-plot OUT.png] [OPTIONS]\n"
            "                     (PATTERN... | --list FILE)\n"
            "One fit per pattern of an in situ or batch series: by default each starts from\n"
            "the previous result (cells, sizes, strains: sequential refinement); a table row\n"
            "per pattern, the fit JSON of each as one JSON line, the straight-line trend of\n"
            "every phase's lattice constant with temperature (expansion coefficient).\n\n"
            "  --phase SPEC        as for `xrdfit fit` (repeatable)\n"
            "  --table FILE        CSV, one row per pattern (- = standard output)\n"
            "  --jsonl FILE        one fit JSON object per line, written as each finishes\n"
            "  --trend-plot FILE   a, crystal size (and weight fraction) against temperature\n"
            "  --map-plot FILE     the patterns as a map: 2theta against temperature (or\n"
            "                      index), intensity as colour\n"
            "  --waterfall-plot FILE  the patterns stacked by temperature (or index)\n"
            "  --independent       every pattern from the given start values, several at\n"
            "                      once (one per processor; --jobs N)\n"
            "  --jobs N            patterns fitted at once with --independent\n"
            "  --list FILE         the patterns, one per line: PATH [TEMPERATURE_K]; '#'\n"
            "                      starts a comment; paths relative to the current directory\n"
            "  --order O           given (default) or temperature (from the list or the file\n"
            "                      names: _773K, -500C)\n"
            "  --rietveld          Rietveld fits (weight fractions in the table)\n"
            "  --analyze           the alloy analysis of every pattern instead of a fit (with\n"
            "                      --elements ...; no --phase): verdict, phases, Vegard\n"
            "                      compositions and weight fractions per row, and the\n"
            "                      pattern from which the verdict changes for good; the\n"
            "                      patterns are analysed independently\n"
            CLI_ANALYZE_HELP
            "  --resume            go on from the records of --jsonl FILE (an interrupted\n"
            "                      run): the patterns it holds are not fitted again\n"
            "  --shard I/N         only the I-th of N equal blocks of the (ordered) series,\n"
            "                      I = 1..N: one job of GNU parallel or a Slurm array each;\n"
            "                      join their --jsonl parts with --merge\n"
            "  --merge OUT.csv     no fits: join the JSON-lines parts given instead of\n"
            "                      patterns into one table (and --trend-plot, --map-plot,\n"
            "                      --waterfall-plot; the maps read the patterns again and\n"
            "                      need --radiation, --wavelength or --instrument)\n"
            "  -q, --quiet         no progress on the terminal\n"
            CLI_FIT_MODEL_HELP
            "Temperatures: from --list, else the file's header, else its name; in K.\n"
            "Interrupting (Ctrl-C, SIGTERM) ends the series after the pattern being fitted:\n"
            "the JSON lines and the table hold the finished patterns only (a second Ctrl-C\n"
            "stops at once). Outputs are written to a temporary file and renamed.\n"
            "Exit status: 0 every pattern converged, 1 some did not (see the table) or a\n"
            "data error, 2 usage error, 130 interrupted.\n");
}

/* PATH [T] lines of a list file into *paths / *temps (allocated). */
static int read_list(const char *file, char ***paths, double **temps, size_t *n)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return cli_usage("series", "cannot open the list %s", file);
    size_t cap = 0, m = 0;
    char line[4096];
    long ln = 0;
    int rc = CLI_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        char *h = strchr(line, '#');
        if (h)
            *h = 0;
        char *p = strtok(line, " \t\r\n");
        if (!p)
            continue;
        char *t = strtok(NULL, " \t\r\n");
        double tv = NAN;
        if (t && cli_parse_double(t, &tv)) {
            rc = cli_usage("series", "%s line %ld: expected PATH [TEMPERATURE_K], found '%s' "
                                     "after the path", file, ln, t);
            break;
        }
        if (m == cap) {
            cap = cap ? 2 * cap : 64;
            if (cap > MAX_PATTERNS) {
                rc = cli_usage("series", "%s: more than %d patterns", file, MAX_PATTERNS);
                break;
            }
            char **np = realloc(*paths, cap * sizeof(char *));
            if (np)
                *paths = np;
            double *nt = np ? realloc(*temps, cap * sizeof(double)) : NULL;
            if (!nt) {
                rc = cli_usage("series", "out of memory");
                break;
            }
            *temps = nt;
        }
        (*paths)[m] = strdup(p);
        (*temps)[m] = tv;
        if (!(*paths)[m]) {
            rc = cli_usage("series", "out of memory");
            break;
        }
        m++;
    }
    fclose(f);
    *n = m;
    if (rc == CLI_OK && m == 0)
        rc = cli_usage("series", "%s lists no pattern", file);
    return rc;
}

typedef struct {
    size_t index;
    double t;
} order_key;

static int by_t(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    if (isnan(x->t) || isnan(y->t))
        return isnan(x->t) - isnan(y->t);
    return (x->t > y->t) - (x->t < y->t);
}

/* Set by SIGINT / SIGTERM: the series starts no further pattern. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* The handlers for the series (the default comes back after one signal, so a
 * second Ctrl-C ends the process at once), or the old ones again. */
static void catch_stops(int on, struct sigaction *old)
{
    if (on) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old[0]);
        sigaction(SIGTERM, &sa, &old[1]);
    } else {
        sigaction(SIGINT, &old[0], NULL);
        sigaction(SIGTERM, &old[1], NULL);
    }
}

/* "I/N" with 1 <= I <= N <= 10^6; 0 on success. */
static int parse_shard(const char *s, size_t *i, size_t *n)
{
    const char *slash = strchr(s, '/');
    char a[32];
    double vi, vn;
    if (!slash || (size_t)(slash - s) >= sizeof a)
        return -1;
    memcpy(a, s, (size_t)(slash - s));
    a[slash - s] = 0;
    if (cli_parse_double(a, &vi) || cli_parse_double(slash + 1, &vn) || vi != floor(vi) ||
        vn != floor(vn) || vi < 1 || vn < 1 || vi > vn || vn > 1e6)
        return -1;
    *i = (size_t)vi;
    *n = (size_t)vn;
    return 0;
}

/* --merge: the parts' records into the table and figures. */
static int merge(cli_series_out *out, const cli_fitargs *a, char *const *parts, int n_parts)
{
    xrd_error err;
    if (out->map_plot || out->waterfall_plot) {
        xrd_instrument inst;
        if (a->instrument_path) {
            char schema[4096];
            cli_refdata_path(schema, sizeof schema, "instrument.rng");
            if (xrd_instrument_load(a->instrument_path, schema, &inst, &err) != XRD_OK)
                return cli_fail(&err);
        } else if (a->radiation || a->wavelength) {
            if (cli_radiation(a->radiation, a->wavelength, a->scale, &inst.rad, &err) != XRD_OK)
                return cli_fail(&err);
        } else {
            return cli_usage("series", "the map and waterfall of --merge read the patterns "
                                       "again: give --radiation, --wavelength or --instrument");
        }
        out->lambda_A = inst.rad.lambda_A[0];
        out->ro = &a->ro;
    }
    return cli_series_merge(out, parts, n_parts);
}

int cmd_series(int argc, char **argv)
{
    enum { OPT_PHASE = 1900, OPT_TABLE, OPT_JSONL, OPT_TREND, OPT_INDEP, OPT_JOBS, OPT_LIST,
           OPT_ORDER, OPT_RIETVELD, OPT_ANALYZE, OPT_MAP, OPT_WATERFALL, OPT_RESUME, OPT_SHARD,
           OPT_MERGE };
    static const struct option longopts[] = {
        CLI_FIT_LONGOPTS,
        {"phase", required_argument, 0, OPT_PHASE},
        {"table", required_argument, 0, OPT_TABLE},
        {"jsonl", required_argument, 0, OPT_JSONL},
        {"trend-plot", required_argument, 0, OPT_TREND},
        {"map-plot", required_argument, 0, OPT_MAP},
        {"waterfall-plot", required_argument, 0, OPT_WATERFALL},
        {"independent", no_argument, 0, OPT_INDEP},
        {"jobs", required_argument, 0, OPT_JOBS},
        {"list", required_argument, 0, OPT_LIST},
        {"order", required_argument, 0, OPT_ORDER},
        {"rietveld", no_argument, 0, OPT_RIETVELD},
        {"analyze", no_argument, 0, OPT_ANALYZE},
        {"resume", no_argument, 0, OPT_RESUME},
        {"shard", required_argument, 0, OPT_SHARD},
        {"merge", required_argument, 0, OPT_MERGE},
        CLI_ANALYZE_LONGOPTS,
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    cli_fitargs a;
    cli_fitargs_init(&a);
    a.cmd = "series";
    const char *specs[MAX_PHASES], *list = NULL, *order = "given";
    cli_series_out out;
    cli_series_out_init(&out);
    int n_specs = 0, indep = 0, jobs = 0, quiet = 0, rietveld = 0, analyze = 0, have_el = 0, c;
    int resume = 0;
    size_t shard_i = 0, shard_n = 0;
    const char *merge_out = NULL;
    xrd_analyze_options ao;
    xrd_analyze_options_default(&ao);
    while ((c = getopt_long(argc, argv, "hvq", longopts, NULL)) != -1) {
        int r = cli_fitargs_option("series", c, optarg, &a);
        if (r == 0)
            r = cli_analyze_option("series", c, optarg, &ao, &have_el);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case 'q': quiet = 1; break;
        case OPT_PHASE:
            if (n_specs == MAX_PHASES)
                return cli_usage("series", "at most %d phases", MAX_PHASES);
            specs[n_specs++] = optarg;
            break;
        case OPT_TABLE: out.table = optarg; break;
        case OPT_JSONL: out.jsonl = optarg; break;
        case OPT_TREND: out.trend_plot = optarg; break;
        case OPT_MAP: out.map_plot = optarg; break;
        case OPT_WATERFALL: out.waterfall_plot = optarg; break;
        case OPT_INDEP: indep = 1; break;
        case OPT_JOBS: {
            double v;
            if (cli_parse_double(optarg, &v) || v < 1 || v > 256 || v != floor(v))
                return cli_usage("series", "--jobs expects 1 to 256, found '%s'", optarg);
            jobs = (int)v;
            break;
        }
        case OPT_LIST: list = optarg; break;
        case OPT_ORDER:
            if (strcmp(optarg, "given") && strcmp(optarg, "temperature"))
                return cli_usage("series", "--order expects given or temperature, found '%s'",
                                 optarg);
            order = optarg;
            break;
        case OPT_RIETVELD: rietveld = 1; break;
        case OPT_ANALYZE: analyze = 1; break;
        case OPT_RESUME: resume = 1; break;
        case OPT_SHARD:
            if (parse_shard(optarg, &shard_i, &shard_n))
                return cli_usage("series", "--shard expects I/N with 1 <= I <= N, found '%s'",
                                 optarg);
            break;
        case OPT_MERGE: merge_out = optarg; break;
        default: return cli_usage("series", "unknown option");
        }
    }
    if (a.json_out || a.json_curves || a.curves_out || a.correlation)
        return cli_usage("series", "--json, --json-curves, --curves and --correlation are for "
                                   "one pattern (xrdfit fit); a series writes each pattern's "
                                   "fit JSON with --jsonl FILE");
    if (merge_out) {
        if (n_specs || analyze || list || resume || shard_n || out.table || out.jsonl)
            return cli_usage("series", "--merge OUT.csv takes JSON-lines parts and figure "
                                       "options only (no --phase, --analyze, --list, --resume, "
                                       "--shard, --table, --jsonl)");
        if (optind >= argc)
            return cli_usage("series", "--merge: no JSON-lines part given");
        out.table = merge_out;
        return merge(&out, &a, argv + optind, argc - optind);
    }
    if (analyze && (n_specs || !have_el))
        return cli_usage("series", "--analyze takes --elements A,B (and no --phase)");
    if (!analyze && have_el)
        return cli_usage("series", "--elements and the analysis options go with --analyze");
    if (!analyze && n_specs == 0)
        return cli_usage("series", "at least one --phase is needed");
    if (analyze) {
        xrd_error oe;
        if (xrd_analyze_options_check(&ao, &oe) != XRD_OK)
            return cli_usage("series", "%s", oe.message);
    }
    if (list && optind < argc)
        return cli_usage("series", "give the patterns either as arguments or with --list");
    if (!list && optind >= argc)
        return cli_usage("series", "no PATTERN given (or --list FILE)");
    char **paths = NULL;
    double *temps = NULL;
    size_t n = 0;
    int rc = CLI_OK;
    if (list) {
        rc = read_list(list, &paths, &temps, &n);
    } else {
        n = (size_t)(argc - optind);
        paths = calloc(n, sizeof(char *));
        temps = malloc(n * sizeof(double));
        if (!paths || !temps)
            rc = cli_usage("series", "out of memory");
        for (size_t i = 0; rc == CLI_OK && i < n; i++) {
            paths[i] = strdup(argv[optind + (int)i]);
            temps[i] = NAN;
        }
    }
    for (size_t i = 0; rc == CLI_OK && i < n; i++)
        if (isnan(temps[i]) && !strcmp(order, "temperature"))
            temps[i] = xrd_series_temperature_from_name(paths[i]);
    if (rc == CLI_OK && !strcmp(order, "temperature")) {
        order_key *k = malloc(n * sizeof *k);
        char **p2 = malloc(n * sizeof(char *));
        double *t2 = malloc(n * sizeof(double));
        if (!k || !p2 || !t2) {
            rc = cli_usage("series", "out of memory");
        } else {
            for (size_t i = 0; i < n; i++)
                k[i] = (order_key){i, temps[i]};
            qsort(k, n, sizeof *k, by_t);
            for (size_t i = 0; i < n; i++) {
                p2[i] = paths[k[i].index];
                t2[i] = temps[k[i].index];
            }
            memcpy(paths, p2, n * sizeof(char *));
            memcpy(temps, t2, n * sizeof(double));
        }
        free(k);
        free(p2);
        free(t2);
    }
    /* a shard: its block of the ordered series, each pattern keeping its index */
    size_t *index = NULL, first = 0;
    if (rc == CLI_OK && shard_n) {
        first = (shard_i - 1) * n / shard_n;
        size_t last = shard_i * n / shard_n;
        index = malloc((last - first + 1) * sizeof *index);
        if (!index)
            rc = cli_usage("series", "out of memory");
        for (size_t i = 0; i < n; i++)
            if (rc != CLI_OK || i < first || i >= last)
                free(paths[i]);
        if (rc == CLI_OK) {
            memmove(paths, paths + first, (last - first) * sizeof *paths);
            memmove(temps, temps + first, (last - first) * sizeof *temps);
            for (size_t i = 0; i < last - first; i++)
                index[i] = first + i;
        }
        n = rc == CLI_OK ? last - first : 0;
        if (rc == CLI_OK && n == 0) {
            fprintf(stderr, "xrdfit series: shard %zu/%zu holds no pattern (the series has "
                            "fewer patterns than shards)\n", shard_i, shard_n);
            free(index);
            free(paths);
            free(temps);
            return CLI_OK;
        }
    }
    xrd_error err;
    xrd_error_clear(&err);
    xrd_phase phases[MAX_PHASES];
    xrd_pattern *p0 = NULL;
    xrd_instrument inst;
    xrd_fit_options fo;
    xrd_dispersion *disp = NULL;
    if (rc == CLI_OK && !analyze && cli_parse_phases(specs, n_specs, phases, &err) != XRD_OK)
        rc = cli_fail(&err);
    /* the instrument and options from the first pattern (its header's radiation) */
    a.pattern_path = rc == CLI_OK ? paths[0] : NULL;
    if (rc == CLI_OK && cli_fit_prepare(&a, &p0, &inst, &fo, &err) != XRD_OK)
        rc = cli_fail(&err);
    xrd_pattern_free(p0);
    xrd_phase_library *lib = NULL;
    if (rc == CLI_OK && analyze) {
        ao.fit = fo;
        ao.temperature_K = a.temperature_K;
        if (cli_load_library(&lib, &err) != XRD_OK)
            rc = cli_fail(&err);
        else
            rc = cli_intensity_options("series", &inst, NULL, 0, &ao.fit, &disp, &err);
    }
    if (rc == CLI_OK && rietveld) {
        fo.rietveld = 1;
        fo.refine_biso = 1;
        rc = cli_intensity_options("series", &inst, NULL, 0, &fo, &disp, &err);
    }
    xrd_series_row *rows = rc == CLI_OK ? calloc(n, sizeof *rows) : NULL;
    unsigned char *skip = rc == CLI_OK ? calloc(n, 1) : NULL;
    if (rc == CLI_OK && (!rows || !skip))
        rc = cli_usage("series", "out of memory");
    if (rc == CLI_OK) {
        out.paths = (const char *const *)paths;
        out.index = index;
        out.n = n;
        out.n_todo = n;
        out.n_phases = analyze ? ao.max_phases : n_specs;
        out.phases = analyze ? NULL : phases;
        out.analysis = analyze;
        out.n_elements = analyze ? ao.n_elements : 0;
        out.elements = (const char(*)[8])ao.elements;
        out.ro = &a.ro;
        out.lambda_A = inst.rad.lambda_A[0];
        out.progress = !quiet && isatty(2);
        if (resume)
            rc = cli_series_resume(&out, rows, skip, &out.n_resumed);
        out.append = resume;
        out.n_todo = n - out.n_resumed;
    }
    if (rc == CLI_OK)
        rc = cli_series_out_open(&out);
    if (rc == CLI_OK) {
        xrd_series_options so;
        xrd_series_options_default(&so);
        so.independent = indep;
        so.threads = jobs;
        so.item_done = cli_series_out_item;
        so.user = &out;
        so.skip = skip;
        so.cancel = &stop_requested;
        struct sigaction old[2];
        catch_stops(1, old);
        xrd_status st = analyze ? xrd_series_analyze((const char *const *)paths, n, temps, &a.ro,
                                                     &inst, lib, &ao, &so, rows, &err)
                                : xrd_series_fit((const char *const *)paths, n, temps, &a.ro,
                                                 &inst, phases, n_specs, &fo, &so, rows, &err);
        catch_stops(0, old);
        if (st != XRD_OK)
            rc = cli_fail(&err);
        int close_rc = cli_series_out_close(&out, rows, rc == CLI_OK);
        if (rc == CLI_OK)
            rc = close_rc;
    }
    xrd_dispersion_free(disp);
    xrd_phase_library_free(lib);
    free(rows);
    free(skip);
    free(index);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    free(temps);
    return rc;
}
