/* libzip loaded when a zip archive (Bruker BRML, Rigaku RASX) is read, not at
 * process start (internal): linked, libzip and what it pulls in (libcrypto,
 * libbz2) were mapped and relocated by every xrdfit process. The table holds
 * the functions zip_entry.c uses, typed from zip.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PATTERN_ZIP_LOADER_H
#define XRDFIT_PATTERN_ZIP_LOADER_H

#include <zip.h>

#include "core/dl_load.h"

typedef struct {
    XRDI_DL_FN(zip_discard);
    XRDI_DL_FN(zip_error_fini);
    XRDI_DL_FN(zip_error_init);
    XRDI_DL_FN(zip_error_strerror);
    XRDI_DL_FN(zip_fclose);
    XRDI_DL_FN(zip_file_strerror);
    XRDI_DL_FN(zip_fopen);
    XRDI_DL_FN(zip_fread);
    XRDI_DL_FN(zip_libzip_version);
    XRDI_DL_FN(zip_name_locate);
    XRDI_DL_FN(zip_open_from_source);
    XRDI_DL_FN(zip_source_buffer_create);
    XRDI_DL_FN(zip_source_free);
    XRDI_DL_FN(zip_stat);
    XRDI_DL_FN(zip_stat_init);
    XRDI_DL_FN(zip_strerror);
} xrdi_zip;

/* libzip (its soname from the build), loaded once for the process, into *z.
 * Thread-safe. XRD_ERR_UNSUPPORTED naming file when it cannot be loaded,
 * lacks a function or is another major release than zip.h's. */
xrd_status xrdi_zip_load(const xrdi_zip **z, const char *file, xrd_error *err);

#endif
