/* xylib (libxy) loaded when a format it reads (Bruker RAW v1-v3, CPI, UDF,
 * RD) is read, not at process start (internal): linked, libxy brought the C++
 * runtime (libstdc++, libgcc_s) into every xrdfit process. The table holds the
 * functions read_xylib.c uses, typed from xylib.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PATTERN_XYLIB_LOADER_H
#define XRDFIT_PATTERN_XYLIB_LOADER_H

#include <xylib/xylib.h>

#include "core/dl_load.h"

typedef struct {
    XRDI_DL_FN(xylib_block_metadata);
    XRDI_DL_FN(xylib_count_columns);
    XRDI_DL_FN(xylib_count_rows);
    XRDI_DL_FN(xylib_dataset_metadata);
    XRDI_DL_FN(xylib_free_dataset);
    XRDI_DL_FN(xylib_get_block);
    XRDI_DL_FN(xylib_get_data);
    XRDI_DL_FN(xylib_get_format_by_name);
    XRDI_DL_FN(xylib_get_version);
    XRDI_DL_FN(xylib_load_file);
} xrdi_xylib;

/* xylib (its soname from the build), loaded once for the process, into *x.
 * Thread-safe. XRD_ERR_UNSUPPORTED naming file when it cannot be loaded,
 * lacks a function or is another minor release than xylib.h's. */
xrd_status xrdi_xylib_load(const xrdi_xylib **x, const char *file, xrd_error *err);

#endif
