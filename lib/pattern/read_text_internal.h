/* The text reader's line state, shared by read_text.c and the GSAS bank
 * records of read_gsas.c (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PATTERN_READ_TEXT_INTERNAL_H
#define XRDFIT_PATTERN_READ_TEXT_INTERNAL_H

#include <stddef.h>
#include "xrdfit/pattern.h"

#define MAX_FIELDS 64    /* fields remembered per line (more are only counted) */

typedef struct {
    const char *p; /* start of the field */
    size_t n;      /* length */
} field;

/* Everything the line loop needs. */
typedef struct {
    const char *name;
    xrd_read_options o;
    int default_cols;  /* columns not chosen by the caller: 2 or 3 allowed */
    int want_sigma;    /* -1 none, else column; resolved on the first data line */
    int ncols;         /* columns of the first data line, 0 before data */
    int direction;     /* +1 increasing, -1 decreasing, 0 unknown */
    long first_line;   /* line of the first data point */
    double prev_x;
    long prev_line;
    size_t n_read;     /* points read, including skipped ones */
    /* GSAS bank */
    int bank;          /* 1 after a BANK line */
    int esd;           /* 1: ESD bank, pairs (I, esd) with implicit x */
    int std;           /* 1: STD bank, 10 fixed fields of 8 (ncount I2, intensity F6) */
    long std_left;     /* points the STD bank still has (NCHAN) */
    double esd_start, esd_step;
    /* output arrays */
    double *x, *y, *s;
    size_t n, cap;
    xrd_pattern *pat;
} reader;

/* 1 when the whole field is one number (finite or not). */
int xrdi_text_field_number(const field *f, double *v);

/* One point (x already scaled): order, sigma and intensity checks, then store. */
xrd_status xrdi_text_add_point(reader *r, long line, double x, double y, double sig,
                               int has_sig, xrd_error *err);

/* Column c (0-based) of line as a finite number. */
xrd_status xrdi_text_get_number(reader *r, long line, const field *f, int c, char sep,
                                double *v, xrd_error *err);

/* GSAS records (read_gsas.c): the BANK line, an ESD record, an STD record. */
xrd_status xrdi_gsas_bank_line(reader *r, long line, const field *f, int nf, xrd_error *err,
                               int scale_given);
xrd_status xrdi_gsas_esd_line(reader *r, long line, const field *f, int nf, char sep,
                              xrd_error *err);
xrd_status xrdi_gsas_std_line(reader *r, long line, const char *s, size_t n, xrd_error *err);

#endif
