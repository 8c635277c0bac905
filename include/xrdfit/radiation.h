/* xrdfit: incident radiation, one or more wavelength components.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_RADIATION_H
#define XRDFIT_RADIATION_H

#include "xrdfit/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XRD_MAX_LINES 4

/* Wavelength components: line 0 is the main one (Ka1); weight[0] = 1 and
 * weight[i] is the intensity ratio of line i to line 0 (Ka2/Ka1 = 0.5). */
typedef struct {
    char name[32];               /* "CuKa", "CuKa1", "synchrotron" ... */
    char scale[32];              /* wavelength scale: "Hoelzer1997", "Bearden1967", "user" */
    int n_lines;
    double lambda_A[XRD_MAX_LINES];
    double weight[XRD_MAX_LINES];
    char line_name[XRD_MAX_LINES][8]; /* "Ka1", "Ka2", "" */
    char source[256];            /* citation of the values */
    double lambda_esd_A;         /* standard uncertainty of line 0 in Angstrom (0: taken
                                    as exact); it enters the esds of cell lengths */
} xrd_radiation;

/* Look up a named radiation in the radiation file (refdata/radiation.xml):
 * "CuKa" (Ka1+Ka2 doublet), "CuKa1" (single line), for Cu Co Fe Cr Mo Ag.
 * scale selects "Hoelzer1997" or "Bearden1967" (NULL = the file's default).
 * XRD_ERR_NOT_FOUND lists the known names in the message. */
xrd_status xrd_radiation_lookup(const char *radiation_xml, const char *name,
                                const char *scale, xrd_radiation *out, xrd_error *err);

/* A single wavelength (synchrotron, neutron, electron) in Angstrom;
 * XRD_ERR_INVALID unless 0.001 <= lambda_A <= 10. */
xrd_status xrd_radiation_single(double lambda_A, xrd_radiation *out, xrd_error *err);

/* Wavelengths below this are electrons' (1 keV X-rays: 12 A; 60 kV electrons:
 * 0.049 A); X-ray-only physics (f0, f', f'', polarisation) does not apply. */
#define XRD_ELECTRON_LAMBDA_MAX_A 0.05

/* Electron wavelength (Angstrom, relativistic) for an accelerating voltage in kV. */
double xrd_electron_lambda_A(double kV);

#ifdef __cplusplus
}
#endif
#endif
