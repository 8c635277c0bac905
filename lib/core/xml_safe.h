/* Safe XML reading (internal; reference data, XML pattern formats): size limit, no network,
 * no DTD loading, no entity declarations, libxml2 errors collected per call
 * with their line numbers, RelaxNG validation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_XML_SAFE_H
#define XRDFIT_CORE_XML_SAFE_H

#include <stddef.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "xrdfit/error.h"

/* Read a whole file into a new NUL-terminated buffer (*buf, free with free()).
 * XRD_ERR_IO when it cannot be read, XRD_ERR_TOO_LARGE above max_bytes. */
xrd_status xrdi_read_file_limited(const char *path, size_t max_bytes, char **buf, size_t *len,
                                  xrd_error *err);

/* Read and parse path (at most XRD_XML_MAX_BYTES). A DOCTYPE with an external
 * identifier or any entity declaration is refused (XRD_ERR_XML at its line);
 * nothing is fetched from the network or the file system besides path.
 * *doc is freed by the caller with xmlFreeDoc. */
xrd_status xrdi_xml_parse_file(const char *path, xmlDocPtr *doc, xrd_error *err);

/* Same for a buffer already in memory; label names it in errors. */
xrd_status xrdi_xml_parse_memory(const char *buf, size_t len, const char *label,
                                 xmlDocPtr *doc, xrd_error *err);

/* The compiled RelaxNG schema of a file (parsed with the same rules),
 * compiled once per process and shared (thread-safe; never free it). A schema
 * that would read another file (<include>, <externalRef>, XInclude) and errors
 * in the schema itself are XRD_ERR_SCHEMA. */
xrd_status xrdi_schema_load(const char *schema_path, xmlRelaxNGPtr *schema, xrd_error *err);

/* Validate doc (read from path, for messages) against schema; XRD_ERR_SCHEMA
 * with the line of the first offending node. */
xrd_status xrdi_schema_validate(xmlRelaxNGPtr schema, xmlDocPtr doc, const char *path,
                                xrd_error *err);

/* Parse path and validate it against the schema named schema_file in the
 * same directory (refdata keeps each schema next to its data file); *doc is
 * freed by the caller with xmlFreeDoc (NULL on error). */
xrd_status xrdi_xml_load_beside(const char *path, const char *schema_file, xmlDocPtr *doc,
                                xrd_error *err);

/* Line of a node (0 when unknown). */
long xrdi_xml_line(const xmlNode *node);

/* First element child of parent named name (NULL if none); next element
 * sibling of node named name. */
xmlNodePtr xrdi_xml_child(const xmlNode *parent, const char *name);
xmlNodePtr xrdi_xml_next(const xmlNode *node, const char *name);

/* First element named name anywhere below node, depth first; NULL if none. */
xmlNodePtr xrdi_xml_find(const xmlNode *node, const char *name);

/* The text of node (attr NULL) or of its attribute attr as a finite number;
 * 0 when node is NULL, the text is absent or not a number. */
double xrdi_xml_double(const xmlNode *node, const char *attr);

/* Text content of node (trimmed) or of its attribute attr (attr != NULL)
 * into buf; 0 on success, -1 when absent or longer than n - 1. */
int xrdi_xml_text(const xmlNode *node, const char *attr, char *buf, size_t n);

/* Parse the text of node or its attribute as a finite number. On failure
 * XRD_ERR_INVALID naming path, the node's line, what (e.g. "cell a") and the
 * text found. */
xrd_status xrdi_xml_number(const xmlNode *node, const char *attr, const char *path,
                           const char *what, double *out, xrd_error *err);

#endif
