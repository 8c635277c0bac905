/* xrdfit: series of patterns (in situ temperature runs, batches): one fit per
 * pattern, sequential (each from the previous result) or independent (every
 * one from the same start, several at once), one summary row per pattern, and
 * the temperature trend of each phase's lattice constant.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_SERIES_H
#define XRDFIT_SERIES_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include "xrdfit/analyze.h"
#include "xrdfit/error.h"
#include "xrdfit/fit.h"
#include "xrdfit/instrument.h"
#include "xrdfit/pattern.h"
#include "xrdfit/phase.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XRD_SERIES_MAX_PHASES 8

/* One phase's values in a row; NaN where not refined or not determined. */
typedef struct {
    double a_A, a_esd_A, c_A, c_esd_A;
    double size_nm, size_esd_nm;  /* LVol-IB */
    double strain, strain_esd;
    double weight_fraction, weight_fraction_esd; /* Rietveld only */
    char name[64];                /* the phase's name ("Cu", "fcc#1") */
    char structure[16];           /* analyze: "fcc", "hcp" ... */
    double x[XRD_ANALYZE_MAX_ELEMENTS], x_esd[XRD_ANALYZE_MAX_ELEMENTS]; /* analyze:
                                     fraction of each given element (NaN: not determined) */
} xrd_series_phase;

/* The result of one pattern. */
typedef struct {
    double temperature_K;        /* given, from the header, or from the file name; NaN */
    xrd_status status;           /* XRD_OK, or why the pattern gave no fit (message) */
    int converged;
    char message[256];           /* the error, or why the fit did not converge; "" */
    double Rwp, GOF;
    int n_phases;                 /* phases of the fit, or of analyze's chosen model */
    xrd_verdict verdict;          /* analyze series; 0 for fits */
    xrd_series_phase phase[XRD_SERIES_MAX_PHASES];
} xrd_series_row;

/* Called once per pattern with its fit result (NULL when the pattern could not
 * be fitted; row->message says why), in the order of the patterns for a
 * sequential series and as they finish (one call at a time) for an
 * independent one. */
typedef void (*xrd_series_item_fn)(void *user, size_t index, const xrd_series_row *row,
                                   const xrd_fit_result *r, const xrd_analyze_result *a);

typedef struct {
    int independent;             /* 1: every pattern from the given start values, several at
                                    once; 0 (default): each from the last converged result
                                    (cells, size, strain, and the background model the
                                    automatic choice made: chosen again when the fit with
                                    it fails or its GOF rises by more than 20 %), the next
                                    pattern read on a second thread meanwhile */
    int threads;                 /* patterns at once (independent); 0 = one per processor */
    xrd_series_item_fn item_done; /* may be NULL */
    void *user;
    const unsigned char *skip;   /* n flags or NULL: 1 = the caller's row stands (a resumed
                                    pattern): not read, not fitted, no callback; a
                                    sequential series continues from its cell (a, c),
                                    size and strain when it converged */
    const volatile sig_atomic_t *cancel; /* may be NULL; once it is non-zero (a signal
                                    handler may set it) no further pattern is started:
                                    their rows get XRD_ERR_CANCELLED */
} xrd_series_options;

void xrd_series_options_default(xrd_series_options *o);

/* Fit the n patterns read from paths (read options ro; x converted to 2theta
 * with inst's wavelength when needed) with the phases and fit options given.
 * temperature_K (may be NULL) gives each pattern's temperature (NaN: from the
 * file's header, else its name). rows (n, caller's) receive the summaries.
 * A pattern that cannot be read or fitted is a row with its status and
 * message, not an error; errors are bad arguments (XRD_ERR_INVALID) or
 * memory. */
xrd_status xrd_series_fit(const char *const *paths, size_t n, const double *temperature_K,
                          const xrd_read_options *ro, const xrd_instrument *inst,
                          const xrd_phase *phases, int n_phases, const xrd_fit_options *fo,
                          const xrd_series_options *so, xrd_series_row *rows, xrd_error *err);

/* Analyse the n patterns (xrd_analyze with lib and ao) as xrd_series_fit
 * fits them, always independently (each analysis makes its own starts); the
 * item callback gets the analysis (its chosen fit as r). Each pattern's end
 * members are taken at its temperature (refdata's expansion coefficients).
 * Rows carry the verdict, the chosen model's phases and their compositions. */
xrd_status xrd_series_analyze(const char *const *paths, size_t n, const double *temperature_K,
                              const xrd_read_options *ro, const xrd_instrument *inst,
                              const xrd_phase_library *lib, const xrd_analyze_options *ao,
                              const xrd_series_options *so, xrd_series_row *rows,
                              xrd_error *err);

/* A row with nothing determined (NaN values, no phases) at temperature t. */
void xrd_series_row_clear(xrd_series_row *row, double t);

/* One line of a series' JSON-lines file: the pattern's place in the
 * (ordered) series, its path, its summary row and, for an analyze series,
 * the elements and the most phases considered (the table's columns). */
typedef struct {
    size_t index;
    char pattern[1024];
    int analysis;                /* 1: an analyze series' row */
    int max_phases;              /* analysis: columns of phases */
    int n_elements;              /* analysis: the elements of each phase's x[] */
    char elements[XRD_ANALYZE_MAX_ELEMENTS][8];
    xrd_series_row row;
} xrd_series_record;

void xrd_series_record_init(xrd_series_record *rec);

/* Write rec as one JSON line to f, with detail_json (detail_len bytes, e.g.
 * the fit's JSON report; may be NULL) under key; written with one fwrite and
 * flushed, so that an interrupted run leaves whole lines. XRD_ERR_IO when
 * the write fails. */
xrd_status xrd_series_record_write(FILE *f, const xrd_series_record *rec, const char *key,
                                   const char *detail_json, size_t detail_len, xrd_error *err);

/* Parse one JSON line (text, len bytes, NUL-terminated) into *rec; file and
 * line name errors: XRD_ERR_PARSE when it is not JSON or not a record. */
xrd_status xrd_series_record_parse(const char *text, size_t len, const char *file, long line,
                                   xrd_series_record *rec, xrd_error *err);

/* Every record of a JSON-lines file into *out (n of them; free() it); a
 * last line without its newline (an interrupted write) is left out and
 * *truncated set (may be NULL); blank lines are skipped. XRD_ERR_IO,
 * _PARSE (file and line) or _TOO_LARGE otherwise. */
xrd_status xrd_series_records_read(const char *path, xrd_series_record **out, size_t *n,
                                   int *truncated, xrd_error *err);

/* Where an analyze series' verdict changes for good: the index of the first
 * row from which every analysed row has the last row's verdict (and number of
 * phases) when that differs from the first row's; -1 when it never changes. */
long xrd_series_verdict_change(const xrd_series_row *rows, size_t n);

/* Temperature stated in a file name, in K: "..._773K.xy", "run-500C.raw",
 * "T=300.5K" (the last number followed by K or C, not part of a word); NaN
 * when none. */
double xrd_series_temperature_from_name(const char *path);

/* Straight line a(T) = a0 + b (T - T_ref) through the rows' lattice constants
 * of phase k, weighted by their esds (converged rows with a temperature; with
 * n_phases > 0 only the rows whose model has that many phases: an analyze
 * series' single- or two-phase patterns),
 * T_ref their mean temperature; the linear expansion coefficient
 * alpha = b / a(T_ref) (1/K) with its esd (scaled by the fit's reduced chi2
 * when above 1). XRD_ERR_TOO_FEW below 3 points. */
typedef struct {
    size_t n;
    double t_ref_K, a_ref_A, slope_A_per_K, slope_esd;
    double alpha_per_K, alpha_esd_per_K;
    double chi2_red;
} xrd_series_trend;

xrd_status xrd_series_trend_of(const xrd_series_row *rows, size_t n, int k, int n_phases,
                               xrd_series_trend *out, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
