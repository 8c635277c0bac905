/* xrdfit: the diffractometer - radiation, zero, displacement, resolution
 * (Thompson-Cox-Hastings U V W X Y) and axial-divergence asymmetry.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_INSTRUMENT_H
#define XRDFIT_INSTRUMENT_H

#include "xrdfit/error.h"
#include "xrdfit/radiation.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    XRD_GEOM_BRAGG_BRENTANO = 0, /* reflection, flat plate: specimen displacement applies */
    XRD_GEOM_TRANSMISSION        /* capillary / Debye-Scherrer / area detector: zero only */
} xrd_geometry;

/* Instrument profile in degrees of 2-theta: H_G^2 = U tan^2 + V tan + W (deg^2),
 * H_L = X tan + Y / cos (deg); FCJ asymmetry S/L and H/L (dimensionless). */
typedef struct {
    xrd_radiation rad;
    xrd_geometry geometry;
    double zero_deg;          /* 2theta_obs = 2theta + zero */
    double displacement_mm;   /* specimen displacement s (Bragg-Brentano) */
    double radius_mm;         /* goniometer radius R */
    double uvwxy[5];          /* U, V, W (deg^2), X, Y (deg) */
    double asym_sl, asym_hl;  /* Finger-Cox-Jephcoat S/L, H/L; 0 = symmetric */
    double camera_constant_px_A, camera_constant_esd; /* electron ring profiles in pixels:
                                 d = camera constant / radius (px A); 0 = none */
    double radial_k3_A2, radial_k3_esd_A2; /* radial (lens) distortion of ring profiles: a
                                 reflection at s = 1/d appears at s (1 + k3 s^2), k3 in A^2
                                 (s in 1/A); 0 = none */
    int calibrated;           /* 1 when refined on a standard (instrument file) */
    char standard[64];        /* phase of the standard it was refined on */
    char source[512];         /* file it came from, or "default ..." */
} xrd_instrument;

/* A generic instrument for rad when no calibration is given: lab Bragg-Brentano
 * (R = 240 mm, FWHM ~0.06 deg) or, for a single wavelength < 1 A, a
 * synchrotron transmission set-up (FWHM ~0.01 deg). source says "default". */
void xrd_instrument_default(xrd_instrument *inst, const xrd_radiation *rad);

/* Read an instrument file (XML, validated against schema_path, i.e.
 * refdata/instrument.rng) into inst. Errors carry the libxml2 line. */
xrd_status xrd_instrument_load(const char *path, const char *schema_path,
                               xrd_instrument *inst, xrd_error *err);

/* Write inst as an instrument XML file (with provenance note, e.g. the
 * standard, the pattern, Rwp). XRD_ERR_IO when the file cannot be written. */
xrd_status xrd_instrument_save(const char *path, const xrd_instrument *inst,
                               const char *note, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
