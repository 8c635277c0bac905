/* Internal: the short Hermann-Mauguin symbols of all 230 space groups.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CRYSTAL_SGTABLE_H
#define XRDFIT_CRYSTAL_SGTABLE_H

/* xrdi_sg_symbol[n] is the short symbol of space group n (1..230) in the
 * ASCII spelling of the International Tables (screw axes with '_', bars as
 * '-', e-glide symbols as in ITA 2002: "Cmce"); index 0 is "". */
extern const char *const xrdi_sg_symbol[231];

/* Older names still in use: alias -> number. */
typedef struct {
    const char *alias;
    int number;
} xrdi_sg_alias;
extern const xrdi_sg_alias xrdi_sg_aliases[];
extern const int xrdi_n_sg_aliases;

#endif
