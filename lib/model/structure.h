/* Crystal structures for calculated intensities (internal): scattering
 * factors, the atoms of the full unit cell.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_STRUCTURE_H
#define XRDFIT_MODEL_STRUCTURE_H

#include <stddef.h>
#include "xrdfit/simulate.h"

/* f0 of atomic number z (1..83) at s = sin(theta)/lambda (no range check). */
double xrdi_f0(int z, double s);

/* Polarisation factor at cos(2theta) = cos2t for the beam of o (NULL:
 * unpolarised tube); 1 for electrons. */
double xrdi_polarization(const xrd_sim_options *o, int electron, double cos2t);

/* One atom of the full unit cell. z = 0 is a unit scatterer (f = 1). */
typedef struct {
    int z;
    double occ, biso_A2;
    double x, y, z_frac;
} xrdi_cell_atom;

/* The atoms of ph expanded to the full cell by its space group: *out is
 * allocated (free()), *n its length. A phase without atoms gets a unit
 * scatterer on the site of its structure label (fcc, bcc, hcp, diamond, sc)
 * and *equal = 1; without such a label *n = 0 and *equal = 1 (the caller uses
 * |F|^2 = 1). XRD_ERR_NOT_FOUND for an unknown element, XRD_ERR_NOMEM. */
xrd_status xrdi_expand_atoms(const xrd_phase *ph, xrdi_cell_atom **out, size_t *n, int *equal,
                             xrd_error *err);

/* One hkl of group g with its |F|^2 LP / V^2 (xrdi_phase_intensities_hkl). */
typedef void (*xrdi_hkl_fn)(void *user, size_t g, int h, int k, int l, double i_hkl);

/* xrd_phase_intensities, and fn (may be NULL) called for every hkl of a phase
 * with atoms as it is summed into its group (not for phases without atoms). */
xrd_status xrdi_phase_intensities_hkl(const xrd_phase *ph, const xrd_reflist *rl, double lambda_A,
                                      const xrd_sim_options *o, double *intensity,
                                      int *equal_scattering, xrdi_hkl_fn fn, void *user,
                                      xrd_error *err);

#endif
