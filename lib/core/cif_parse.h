/* Parsing CIF text through the COMCIFS CIF API (internal; shared by the pdCIF
 * pattern reader and the CIF phase reader).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_CIF_PARSE_H
#define XRDFIT_CORE_CIF_PARSE_H

#include <stddef.h>
#include "core/cif_loader.h"
#include "xrdfit/error.h"

/* Parse buf[0..len) into *cif (free with XRDI_CIF->cif_destroy), loading
 * the CIF API first (cif_loader.h). A syntax error is XRD_ERR_PARSE naming
 * name and the line; XRD_ERR_UNSUPPORTED when the CIF API cannot be loaded. */
xrd_status xrdi_cif_parse(const char *buf, size_t len, const char *name, cif_tp **cif,
                          xrd_error *err);

/* A new UChar copy of the ASCII name s (free()), NULL on failure; after a
 * successful xrdi_cif_parse. */
UChar *xrdi_cif_name(const char *s);

#endif
