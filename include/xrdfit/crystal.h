/* xrdfit: unit cells, space groups and reflection lists.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CRYSTAL_H
#define XRDFIT_CRYSTAL_H

#include <stddef.h>
#include "xrdfit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    XRD_SYS_TRICLINIC = 0,
    XRD_SYS_MONOCLINIC,
    XRD_SYS_ORTHORHOMBIC,
    XRD_SYS_TETRAGONAL,
    XRD_SYS_TRIGONAL,   /* hexagonal axes */
    XRD_SYS_HEXAGONAL,
    XRD_SYS_CUBIC
} xrd_crystal_system;

/* Lattice parameters: lengths in Angstrom, angles in degrees. */
typedef struct {
    double a, b, c;
    double alpha, beta, gamma;
} xrd_cell;

/* A space group as xrdfit knows it: number 1..230, Hermann-Mauguin symbol
 * ("Fm-3m", "P6_3/mmc"), crystal system and lattice centring letter. */
typedef struct {
    int number;
    char symbol[24];
    xrd_crystal_system system;
    char centring;      /* 'P' 'I' 'F' 'A' 'B' 'C' 'R' */
} xrd_spacegroup;

/* One reflection group: representative hkl, multiplicity of equal-d
 * reflections merged into it, and d in Angstrom. */
typedef struct {
    int h, k, l;
    int multiplicity;
    double d_A;
} xrd_reflection;

/* A list owned by the caller, sorted by decreasing d. */
typedef struct {
    size_t n;
    xrd_reflection *refl;
} xrd_reflist;

/* Find a space group by symbol ("Fm-3m", "F m -3 m", "P63/mmc", "225")
 * among those xrdfit supports. XRD_ERR_NOT_FOUND otherwise, XRD_ERR_UNSUPPORTED
 * for a valid group whose reflection conditions are not implemented. */
xrd_status xrd_spacegroup_lookup(const char *symbol, xrd_spacegroup *out, xrd_error *err);

/* Same by number 1..230: XRD_ERR_INVALID outside 1..230, XRD_ERR_UNSUPPORTED
 * (message lists the supported groups) for a group not implemented. */
xrd_status xrd_spacegroup_by_number(int number, xrd_spacegroup *out, xrd_error *err);

/* Write "P1 (1), P-1 (2), ..." - the supported groups - into buf (size n,
 * always terminated when n > 0); returns the length of the full list. */
size_t xrd_spacegroup_supported(char *buf, size_t n);

/* 1 when reflection hkl is allowed by the group's reflection conditions
 * (lattice centring, glides, screws), 0 when systematically absent. */
int xrd_spacegroup_allows(const xrd_spacegroup *sg, int h, int k, int l);

/* Like xrd_spacegroup_allows, plus the extinctions caused by the atom sites
 * of a structure type (phase.structure) beyond the space group:
 *   "hcp" in P6_3/mmc or P6_3mc (atoms at 2c only): absent when h+2k = 3n and
 *         l odd, e.g. (001) (003) (111);
 *   "diamond" in Fd-3m (atoms at 8a only): all even needs h+k+l = 4n, e.g. no (222).
 * Any other structure (or NULL) adds nothing. */
int xrd_structure_allows(const char *structure, const xrd_spacegroup *sg, int h, int k,
                         int l);

/* Name of a crystal system ("cubic" ...). */
const char *xrd_crystal_system_name(xrd_crystal_system s);

/* Impose the metric constraints of the system on cell (cubic: b = c = a,
 * angles 90; hexagonal: b = a, gamma 120 ...). */
void xrd_cell_constrain(xrd_cell *cell, xrd_crystal_system s);

/* Check a cell is physical (lengths > 0, angles in (0,180), positive volume);
 * XRD_ERR_INVALID with a message otherwise. */
xrd_status xrd_cell_validate(const xrd_cell *cell, xrd_error *err);

/* Cell volume in cubic Angstrom; NaN for impossible angles. */
double xrd_cell_volume(const xrd_cell *cell);

/* 1/d^2 (1/Angstrom^2) of hkl through the reciprocal metric tensor G* = G^-1
 * (any system, triclinic to cubic); NaN for a degenerate cell. */
double xrd_cell_inv_d2(const xrd_cell *cell, int h, int k, int l);

/* All reflections allowed by sg with d >= d_min_A (Angstrom), merged into one
 * group per d (relative 1e-9): Laue-equivalent hkl and accidental coincidences
 * such as cubic (333)/(511) alike, as Le Bail needs. multiplicity counts every
 * hkl of the group, Friedel mates included (fcc 111: 8, hcp 002: 2). The
 * representative hkl has the fewest negative indices, then the largest h, k,
 * l ((511) for 511/333, (110) for hexagonal 110). Sorted by decreasing d.
 * The cell must obey the metric of sg->system (xrd_cell_constrain), else
 * XRD_ERR_INVALID; XRD_ERR_TOO_LARGE when d_min is too small for the cell.
 * *out is allocated (free with xrd_reflist_free). */
xrd_status xrd_reflections_generate(const xrd_cell *cell, const xrd_spacegroup *sg,
                                    double d_min_A, xrd_reflist **out, xrd_error *err);

/* Same, with the site extinctions of a structure type (xrd_structure_allows):
 * pass phase.structure ("hcp", "diamond"; NULL = space group only). */
xrd_status xrd_reflections_generate_for(const xrd_cell *cell, const xrd_spacegroup *sg,
                                        const char *structure, double d_min_A,
                                        xrd_reflist **out, xrd_error *err);

/* Free a reflection list; NULL accepted. */
void xrd_reflist_free(xrd_reflist *list);

/* 2-theta in degrees of a reflection at d for wavelength lambda (Bragg);
 * NaN when lambda > 2d. */
double xrd_two_theta_deg(double d_A, double lambda_A);

/* d in Angstrom from 2-theta (deg, 0 < 2theta <= 180) and lambda; NaN outside. */
double xrd_d_from_two_theta(double two_theta_deg, double lambda_A);

#ifdef __cplusplus
}
#endif
#endif
