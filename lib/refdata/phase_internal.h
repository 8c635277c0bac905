/* Phase loading internals shared by phase_xml.c, library.c and phase_xml_write.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REFDATA_PHASE_INTERNAL_H
#define XRDFIT_REFDATA_PHASE_INTERNAL_H

#include <libxml/relaxng.h>

#include "xrdfit/phase.h"

/* Parse, validate against the compiled schema and convert one phase file. */
xrd_status xrdi_phase_load_with_schema(const char *path, xmlRelaxNGPtr schema, xrd_phase *out,
                                       xrd_error *err);

/* The same for a document in memory; label names it in errors. */
xrd_status xrdi_phase_load_memory(const char *buf, size_t len, const char *label,
                                  xmlRelaxNGPtr schema, xrd_phase *out, xrd_error *err);

/* Names of the cell parameters in the order of the mask bits. */
extern const char *const xrdi_cell_names[6];

#endif
