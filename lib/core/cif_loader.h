/* The CIF API (libcif) loaded when a CIF is read, not at process start
 * (internal): linked, libcif brought libicuio, libicui18n and libsqlite3 into
 * every xrdfit process. The table holds the functions cif_parse.c,
 * read_pdcif.c and phase_cif.c use, typed from cif.h (ICU's u_* functions
 * come from libicuuc, which libxml2 needs anyway and stays linked).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_CIF_LOADER_H
#define XRDFIT_CORE_CIF_LOADER_H

#include <libcif/cif.h>

#include "core/dl_load.h"

typedef struct {
    XRDI_DL_FN(cif_container_free);
    XRDI_DL_FN(cif_container_get_code);
    XRDI_DL_FN(cif_container_get_item_loop);
    XRDI_DL_FN(cif_container_get_value);
    XRDI_DL_FN(cif_cstr_to_ustr);
    XRDI_DL_FN(cif_destroy);
    XRDI_DL_FN(cif_get_all_blocks);
    XRDI_DL_FN(cif_get_api_version);
    XRDI_DL_FN(cif_loop_free);
    XRDI_DL_FN(cif_loop_get_packets);
    XRDI_DL_FN(cif_packet_free);
    XRDI_DL_FN(cif_packet_get_item);
    XRDI_DL_FN(cif_parse);
    XRDI_DL_FN(cif_parse_options_create);
    XRDI_DL_FN(cif_pktitr_close);
    XRDI_DL_FN(cif_pktitr_next_packet);
    XRDI_DL_FN(cif_value_free);
    XRDI_DL_FN(cif_value_get_number);
    XRDI_DL_FN(cif_value_get_su);
    XRDI_DL_FN(cif_value_get_text);
} xrdi_cif;

/* The CIF API (its soname from the build), loaded once for the process.
 * Thread-safe. XRD_ERR_UNSUPPORTED naming file when it cannot be loaded,
 * lacks a function or is another major.minor release than the build's. */
xrd_status xrdi_cif_load(const char *file, xrd_error *err);

/* The table, valid once xrdi_cif_load has returned XRD_OK (xrdi_cif_parse
 * calls it before anything else of the CIF API is used). */
const xrdi_cif *xrdi_cif_api(void);

/* Calls through the table: XRDI_CIF->cif_parse(...) */
#define XRDI_CIF (xrdi_cif_api())

#endif
