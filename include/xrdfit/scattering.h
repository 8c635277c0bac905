/* xrdfit: scattering by atoms - elements, X-ray and electron atomic scattering factors,
 * anomalous dispersion, atomic weights, the polarisation of the beam.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_SCATTERING_H
#define XRDFIT_SCATTERING_H

#include "xrdfit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Atomic number of an element symbol ("Cu", case-insensitive) among those
 * with scattering factors (H to Bi, Z 1..83); 0 when unknown. */
int xrd_element_number(const char *symbol);

/* Canonical symbol ("Cu") of atomic number z (1..83); NULL outside. */
const char *xrd_element_symbol(int z);

/* X-ray scattering factor f0 (electrons) of the neutral atom at
 * s = sin(theta)/lambda (1/A, 0 <= s <= 2), from the Cromer-Mann fit
 * f0 = c + sum a_i exp(-b_i s^2) (International Tables Vol. C, Table
 * 6.1.1.4); without anomalous dispersion (xrd_dispersion_at adds it).
 * XRD_ERR_NOT_FOUND for an unknown element, XRD_ERR_INVALID for s outside
 * [0, 2]. */
xrd_status xrd_atomic_f0(const char *element, double s_inv_A, double *f0, xrd_error *err);

/* Standard atomic weight (u) of atomic number z (1..83; IUPAC/CIAAW 2021,
 * abridged); NaN outside. */
double xrd_atomic_mass_u(int z);

/* Anomalous-dispersion corrections f'(E), f''(E) of the elements (opaque),
 * read from refdata/dispersion.xml (NIST FFAST, 4-100 keV). */
typedef struct xrd_dispersion xrd_dispersion;

/* Load the table from xml_path, validated against dispersion.rng in the same
 * directory; *out is freed with xrd_dispersion_free. XRD_ERR_IO, _XML,
 * _SCHEMA or _INVALID (with file and line) for a bad file. */
xrd_status xrd_dispersion_load(const char *xml_path, xrd_dispersion **out, xrd_error *err);
void xrd_dispersion_free(xrd_dispersion *d);

/* f' and f'' (electrons) of atomic number z at wavelength lambda_A, linear in
 * log E between the table's energies. XRD_ERR_NOT_FOUND for an element the
 * table lacks, XRD_ERR_INVALID for a wavelength outside its range. */
xrd_status xrd_dispersion_at(const xrd_dispersion *d, int z, double lambda_A, double *fp,
                             double *fpp, xrd_error *err);

/* Citation of the table's values (owned by d). */
const char *xrd_dispersion_source(const xrd_dispersion *d);

/* Elastic electron scattering factors of the neutral atoms (opaque), read from
 * refdata/electron_scattering.xml: the five-Gaussian fits of Peng, Ren,
 * Dudarev & Whelan (1996), International Tables Vol. C Table 4.3.2.2. */
typedef struct xrd_electron_factors xrd_electron_factors;

/* Load the table from xml_path, validated against electron_scattering.rng in
 * the same directory; *out is freed with xrd_electron_factors_free.
 * XRD_ERR_IO, _XML, _SCHEMA or _INVALID (symbol not that of z, z twice, a
 * width b <= 0) with file and line for a bad file. */
xrd_status xrd_electron_factors_load(const char *xml_path, xrd_electron_factors **out,
                                     xrd_error *err);
void xrd_electron_factors_free(xrd_electron_factors *t);

/* Electron scattering factor f_e (Angstrom; first Born approximation, non-
 * relativistic electron) of atomic number z at s = sin(theta)/lambda (1/A):
 * sum a_i exp(-b_i s^2). XRD_ERR_NOT_FOUND for an element the table lacks,
 * XRD_ERR_INVALID for s outside [0, the table's s_max] (2 1/A). */
xrd_status xrd_electron_f(const xrd_electron_factors *t, int z, double s_inv_A, double *fe_A,
                          xrd_error *err);

/* Citation of the table's values (owned by t; "" for NULL). */
const char *xrd_electron_factors_source(const xrd_electron_factors *t);

/* Polarisation factor of the Lorentz-polarisation correction:
 * unpolarised tube (1 + cos^2 2theta)/2; with a monochromator at 2theta_M
 * (1 + cos^2 2theta_M cos^2 2theta)/(1 + cos^2 2theta_M); synchrotron,
 * polarised perpendicular to the scattering plane: 1. */
typedef enum {
    XRD_POL_UNPOLARIZED = 0,
    XRD_POL_MONOCHROMATOR,
    XRD_POL_SYNCHROTRON
} xrd_polarization;

#ifdef __cplusplus
}
#endif
#endif
