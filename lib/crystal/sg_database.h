/* Internal: the tabulated settings of the 230 space groups (spglib's
 * database of 530 Hall settings), read under one lock.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CRYSTAL_SG_DATABASE_H
#define XRDFIT_CRYSTAL_SG_DATABASE_H

#include "xrdfit/crystal.h"

#define XRDI_N_HALL 530

/* What names one tabulated setting. */
typedef struct {
    int number;           /* 1..230 */
    char short_hm[16];    /* "P2_1/c", "Pbnm" */
    char full_hm[24];     /* "P 1 2_1/c 1" */
    char names[40];       /* "P 2_1/c = P 1 2_1/c 1": alternatives joined by " = " */
    char hall[20];        /* "-P 2ybc" */
    char choice[8];       /* "", "1", "2", "H", "R", "b1", "ba-c" ... */
} xrdi_sg_setting;

/* The names of Hall setting hall (1..530); 0, or -1 outside the table. */
int xrdi_sgdb_setting(int hall, xrdi_sg_setting *out);

/* Every operation of Hall setting hall: rotations rot[i] (row-major) and
 * translations tr[i] (fractions), at most 192; returns their number, 0 on
 * failure. */
int xrdi_sgdb_operations(int hall, int rot[192][9], double tr[192][3]);

/* The Hall setting whose operations are rot/tr (n of them, centring
 * included), 0 when spglib finds none. */
int xrdi_sgdb_identify(const int rot[][9], const double tr[][3], int n);

#endif
