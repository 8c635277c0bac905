/* In-process timing of one Le Bail fit (xrd_fit_new + xrd_fit_run + xrd_fit_free),
 * without the command's process start, file reading and report writing:
 *   bench_fit [--symmetric-peaks] PATTERN INSTRUMENT.xml REFDATA_DIR RUNS PHASE [PHASE ...]
 * PHASE is an inline spec ("fcc:a=3.70"). The fit is set up as `xrdfit fit
 * PATTERN --instrument FILE --phase ...` sets it up: a calibrated instrument
 * holds the zero and, on a Bragg-Brentano instrument, refines the displacement;
 * --symmetric-peaks as the command's (the smooth factors at the peak centres).
 * Prints: median_ms min_ms max_ms chi2 converged steps. The pattern, instrument
 * and phases are read once; every run builds and frees its own workspace.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xrdfit/xrdfit.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(const xrd_error *err)
{
    fprintf(stderr, "bench_fit: %s\n", err->message);
    return 1;
}

int main(int argc, char **argv)
{
    int symmetric = argc > 1 && !strcmp(argv[1], "--symmetric-peaks");
    if (symmetric) {
        argv++;
        argc--;
    }
    if (argc < 6) {
        fprintf(stderr, "usage: bench_fit [--symmetric-peaks] PATTERN INSTRUMENT.xml "
                        "REFDATA_DIR RUNS PHASE...\n");
        return 2;
    }
    int runs = atoi(argv[4]);
    if (runs < 1 || runs > 100000) {
        fprintf(stderr, "bench_fit: RUNS must be 1..100000, got '%s'\n", argv[4]);
        return 2;
    }
    xrd_error err;
    xrd_error_clear(&err);
    char schema[4096];
    snprintf(schema, sizeof schema, "%s/instrument.rng", argv[3]);
    xrd_instrument inst;
    if (xrd_instrument_load(argv[2], schema, &inst, &err) != XRD_OK)
        return fail(&err);
    xrd_read_options ro;
    xrd_read_options_default(&ro);
    xrd_pattern *p = NULL;
    if (xrd_pattern_read_file(argv[1], &ro, &p, &err) != XRD_OK)
        return fail(&err);
    int n = argc - 5;
    xrd_phase *ph = calloc((size_t)n, sizeof *ph);
    double *t = malloc((size_t)runs * sizeof *t);
    if (!ph || !t) {
        fprintf(stderr, "bench_fit: out of memory\n");
        return 1;
    }
    for (int i = 0; i < n; i++)
        if (xrd_phase_parse_spec(argv[5 + i], NULL, &ph[i], &err) != XRD_OK)
            return fail(&err);
    xrd_fit_options fo;
    xrd_fit_options_default(&fo);
    fo.refine_zero = !inst.calibrated;
    fo.refine_displacement = inst.calibrated && inst.geometry == XRD_GEOM_BRAGG_BRENTANO;
    fo.symmetric_peaks = symmetric;
    double chi2 = 0;
    int converged = 0, cycles = 0;
    for (int r = 0; r < runs; r++) {
        xrd_fit *f = NULL;
        double t0 = now_ms();
        if (xrd_fit_new(p, &inst, ph, n, &fo, &f, &err) != XRD_OK ||
            xrd_fit_run(f, &err) != XRD_OK) {
            xrd_fit_free(f);
            return fail(&err);
        }
        const xrd_fit_result *res = xrd_fit_get_result(f);
        chi2 = res->chi2;
        converged = res->converged;
        cycles = res->cycles;
        xrd_fit_free(f);
        t[r] = now_ms() - t0;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    double med = runs % 2 ? t[runs / 2] : 0.5 * (t[runs / 2 - 1] + t[runs / 2]);
    printf("%.3f %.3f %.3f %.4f %s %d\n", med, t[0], t[runs - 1], chi2,
           converged ? "true" : "false", cycles);
    free(ph);
    free(t);
    xrd_pattern_free(p);
    return 0;
}
