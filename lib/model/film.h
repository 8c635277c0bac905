/* The amorphous carbon film of electron ring profiles (internal): where its
 * broad rings are, in q = 2 pi / d, and the windows a fit keeps them in.
 * Rings of a-C support films near s = 1/d = 0.47 and 0.83 1/A (the graphitic
 * in-plane 100 and 110 distances 2.13 and 1.23 A broadened by disorder).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_FILM_H
#define XRDFIT_MODEL_FILM_H

#include "model/model.h"

#define XRDI_FILM_N_RINGS 2
/* ring centres (1/A), the half-width of the window each centre stays in, the
 * start FWHM and the FWHM's range (1/A) */
#define XRDI_FILM_RING_Q(j) ((j) == 0 ? 2.953 : 5.215)
#define XRDI_FILM_RING_WINDOW_Q 0.5
#define XRDI_FILM_RING_FWHM_Q(j) ((j) == 0 ? 0.9 : 1.3)
#define XRDI_FILM_FWHM_MIN_Q 0.6
#define XRDI_FILM_FWHM_MAX_Q 3.0
/* the fall-off's power: start and range */
#define XRDI_FILM_POWER 3.0
#define XRDI_FILM_POWER_MIN 0.5
#define XRDI_FILM_POWER_MAX 8.0

/* the film's model has this many times the default Chebyshev terms */
#define XRDI_FILM_CHEB_FACTOR 3

/* 2theta (deg) of q (1/A) at the model's first wavelength; NaN beyond 180 deg. */
double xrdi_film_deg_of_q(const xrdi_model *m, double q);

/* The film's start values into m->bkg (its Chebyshev terms multiplied by
 * XRDI_FILM_CHEB_FACTOR, new ones 0): the fall-off at power XRDI_FILM_POWER
 * referred to the range's first point, the rings of a-C inside the range
 * (n_rings 0..2), every amplitude 0 (solved linearly). */
void xrdi_film_start(xrdi_model *m);

#endif
