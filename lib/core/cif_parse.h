/* Parsing CIF text through the COMCIFS CIF API (internal; shared by the pdCIF
 * pattern reader and the CIF phase reader).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_CIF_PARSE_H
#define XRDFIT_CORE_CIF_PARSE_H

#include <stddef.h>
#include <libcif/cif.h>

#include "xrdfit/error.h"

/* Parse buf[0..len) into *cif (free with cif_destroy). A syntax error is
 * XRD_ERR_PARSE naming name and the line. */
xrd_status xrdi_cif_parse(const char *buf, size_t len, const char *name, cif_tp **cif,
                          xrd_error *err);

/* A new UChar copy of the ASCII name s (free()), NULL on failure. */
UChar *xrdi_cif_name(const char *s);

#endif
