/* xylib through dlopen: see xylib_loader.h for why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "pattern/xylib_loader.h"

#include <stdio.h>

#ifndef XRDI_XYLIB_SONAME
#define XRDI_XYLIB_SONAME "libxy.so"
#endif
#ifndef XRDI_XYLIB_PACKAGE
#define XRDI_XYLIB_PACKAGE "libxy3v5"
#endif

#define SYM(fn) XRDI_DL_SYM(xrdi_xylib, fn)
static const xrdi_dl_sym xylib_syms[] = {
    SYM(xylib_block_metadata), SYM(xylib_count_columns),     SYM(xylib_count_rows),
    SYM(xylib_dataset_metadata), SYM(xylib_free_dataset),    SYM(xylib_get_block),
    SYM(xylib_get_data),       SYM(xylib_get_format_by_name), SYM(xylib_get_version),
    SYM(xylib_load_file)};

/* The release must be the major.minor xylib.h describes (its formats' names). */
static int check(void *dl, void *table, char *why, size_t n)
{
    const xrdi_xylib *x = table;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", XYLIB_VERSION / 10000, XYLIB_VERSION / 100 % 100,
             XYLIB_VERSION % 100);
    return xrdi_dl_same_release(x->xylib_get_version(), want, 2, why, n);
}

/* Once-initialised: the table is written on the first load only (dl_load.h) */
static xrdi_xylib xylib_table;
static xrdi_dl xylib_dl = XRDI_DL_DESCRIBE(XRDI_XYLIB_SONAME, XRDI_XYLIB_PACKAGE,
    "Bruker RAW v1-v3, CPI, UDF and RD files are read through xylib", xylib_syms,
    xylib_table, check);

xrd_status xrdi_xylib_load(const xrdi_xylib **x, const char *file, xrd_error *err)
{
    *x = xrdi_dl_load(&xylib_dl, file, err);
    return *x ? XRD_OK : XRD_ERR_UNSUPPORTED;
}
