/* xrdfit: crystalline phases, the reference library (refdata/phases/NAME.xml)
 * and phases given on the command line ("fcc:a=3.77").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PHASE_H
#define XRDFIT_PHASE_H

#include <stddef.h>
#include "xrdfit/crystal.h"
#include "xrdfit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size limit of any XML file xrdfit reads. */
#define XRD_XML_MAX_BYTES ((size_t)4 * 1024 * 1024)

typedef struct {
    char element[4];
    char label[16];
    double x, y, z;
    double occupancy;
    double biso_A2;
} xrd_atom;

/* Where a number came from: field is "a", "c", "cte", "temperature",
 * "spacegroup", "atoms", "biso"; "all" for every field without its own entry. */
typedef struct {
    char field[32];
    char text[512];
} xrd_source;

/* A phase. Value type: copy freely; atoms/sources point to fixed arrays. */
#define XRD_MAX_ATOMS 16
#define XRD_MAX_SOURCES 16
typedef struct {
    char name[64];           /* "Cu", "Ru-fcc", "LaB6-660c", "fcc#1" */
    char formula[64];
    char structure[32];      /* "fcc", "hcp", "bcc", "diamond", "fluorite", "CsCl-type" ... */
    char status[32];         /* "measured", "certified", "computed", "estimated" */
    xrd_spacegroup sg;
    xrd_cell cell;
    xrd_cell cell_esd;       /* 0 where unknown */
    double temperature_K;    /* temperature of the cell values; 0 if unknown */
    double cte_per_K;        /* linear thermal-expansion coefficient, 0 if unknown */
    int n_atoms;
    xrd_atom atoms[XRD_MAX_ATOMS];
    int n_sources;
    xrd_source sources[XRD_MAX_SOURCES];
    char note[256];
} xrd_phase;

/* A phase from the first data block of a CIF that has a cell: cell (with su),
 * space group (H-M symbol or number; one xrdfit supports, else
 * XRD_ERR_UNSUPPORTED listing them), atom sites (element, x y z, occupancy,
 * B or U iso), formula, temperature. Read through the CIF API (libcif).
 * Status "imported"; source "all": the file, data block, database codes and
 * journal reference (a missing temperature or B iso has its own source). */
xrd_status xrd_phase_load_cif(const char *path, xrd_phase *out, xrd_error *err);

/* Write ph as a library phase file at path (units of phase.rng; a value's source is its field's,
 * else "all"), read back through the loader and schema_path (NULL: not), then renamed into place.
 * XRD_ERR_IO if path exists unless flags has XRD_PHASE_WRITE_FORCE; on error nothing is written. */
#define XRD_PHASE_WRITE_FORCE 1u
xrd_status xrd_phase_write_file(const xrd_phase *ph, const char *path, const char *schema_path,
                                unsigned flags, xrd_error *err);

/* The reference library: every phase file of a directory. */
typedef struct {
    size_t n;
    xrd_phase *phases;
} xrd_phase_library;

/* Read and schema-validate one phase file. schema_path is the RelaxNG schema
 * (refdata/phase.rng). No network, no DTD or external entities, size limit
 * XRD_XML_MAX_BYTES. Errors carry the libxml2 line number. */
xrd_status xrd_phase_load_file(const char *path, const char *schema_path, xrd_phase *out,
                               xrd_error *err);

/* Load every *.xml under dir (sorted by name) validated against schema_path;
 * *out is allocated, free with xrd_phase_library_free. One bad file fails the
 * whole load with that file's error. */
xrd_status xrd_phase_library_load(const char *dir, const char *schema_path,
                                  xrd_phase_library **out, xrd_error *err);

/* Free a library; NULL accepted. */
void xrd_phase_library_free(xrd_phase_library *lib);

/* Phase of that exact name (case-insensitive), NULL if none. */
const xrd_phase *xrd_phase_library_find(const xrd_phase_library *lib, const char *name);

/* Parse a phase given on the command line:
 *   "fcc:a=3.77"  "bcc:a=2.87"  "hcp:a=2.70,c=4.28"  "diamond:a=5.43"
 *   "Fm-3m:a=5.41"  "P6_3/mmc:a=2.7,c=4.28"  "I4/mmm:a=3.1,c=5.2"
 *   "Cu" (library name)  "Cu:a=3.62" (library phase, new start cell)
 *   optional ",name=..." to label it;
 *   optional ",el=Cu" or ",el=Cu:0.46/Ru:0.54" to put element(s) with those
 *   site shares (normalised to 1, B = 0.5 A^2) on the single site of fcc, bcc,
 *   hcp, diamond, sc or a one-site library phase (for calculated intensities;
 *   a Le Bail fit ignores atoms). XRD_ERR_NOT_FOUND for an unknown element.
 * A spec ending in .cif is read as a CIF file (xrd_phase_load_cif).
 * lib may be NULL (then only structure/space-group forms work). */
xrd_status xrd_phase_parse_spec(const char *spec, const xrd_phase_library *lib,
                                xrd_phase *out, xrd_error *err);

/* 1 when spec may name a library phase (its head is not a structure keyword
 * fcc, bcc, hcp, diamond, sc: library names come before space-group symbols),
 * 0 when xrd_phase_parse_spec needs no library for it. */
int xrd_phase_spec_needs_library(const char *spec);

/* Initialise a phase from a space group and a cell (constrained to the system);
 * name is copied. */
xrd_status xrd_phase_init(xrd_phase *ph, const char *name, const xrd_spacegroup *sg,
                          const xrd_cell *cell, xrd_error *err);

/* Source text of a field ("a" ...) or NULL. */
const char *xrd_phase_source(const xrd_phase *ph, const char *field);

#ifdef __cplusplus
}
#endif
#endif
