/* xrdfit: simulated powder patterns - atomic scattering factors, structure-
 * factor intensities and the forward model of the fit (same peak positions,
 * TCH widths, asymmetry, Ka doublet and background) evaluated on a grid.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_SIMULATE_H
#define XRDFIT_SIMULATE_H

#include "xrdfit/error.h"
#include "xrdfit/fit.h"
#include "xrdfit/instrument.h"
#include "xrdfit/pattern.h"
#include "xrdfit/phase.h"
#include "xrdfit/scattering.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Noise of a simulated pattern. */
typedef enum { XRD_SIM_NOISE_NONE = 0, XRD_SIM_NOISE_POISSON } xrd_sim_noise;

/* Sample broadening and amount of one phase of a simulation. */
typedef struct {
    double size_nm;   /* sphere diameter D (nm); the Lorentzian size term of the
                       * fit uses LVol = 3D/4; 0 = no size broadening */
    double strain;    /* integral-breadth microstrain e (beta = 4 e tan theta), >= 0 */
    double weight;    /* volume fraction or relative amount (> 0): intensities
                       * scale as weight * |F|^2 / V_cell^2 */
} xrd_sim_phase;

/* Grid, counts, background and noise of a simulation. */
typedef struct {
    double x_min_deg, x_max_deg; /* range of the grid in grid_unit: 2theta (deg, 0 < min <
                                  * max < 180) by default, else q (0 < min < max < 4 pi /
                                  * lambda) */
    double step_deg;             /* grid step (> 0), in grid_unit */
    xrd_xunit grid_unit;         /* XRD_X_TWO_THETA_DEG (default), or XRD_X_Q_INV_A /
                                  * XRD_X_Q_INV_NM: a grid uniform in q, and the pattern's
                                  * x in that unit (electron ring profiles); d is refused */
    double max_counts;           /* highest point of the diffracted signal,
                                  * background excluded (> 0) */
    int n_background;            /* Chebyshev terms (0..XRD_MAX_CHEB) */
    double background[XRD_MAX_CHEB]; /* coefficients in counts; x scaled to
                                  * [-1, 1] over [x_min, x_max] as in the fit */
    xrd_sim_noise noise;
    unsigned long seed;          /* Poisson noise: same seed, same pattern */
    xrd_polarization polarization;
    double mono_two_theta_deg;   /* monochromator 2theta for XRD_POL_MONOCHROMATOR */
    double tail_fraction;        /* profile window: neglected tail area (default 1e-4) */
    const xrd_dispersion *dispersion; /* f', f'' at the wavelength in F (NULL: neglected;
                                  * not owned) */
    const xrd_electron_factors *electron; /* f_e for an electron wavelength (below
                                  * XRD_ELECTRON_LAMBDA_MAX_A): needed then by phases
                                  * with atoms (not owned) */
    int symmetric_peaks;         /* 1: every peak symmetric in 2theta with its LP and
                                  * |F|^2 at the centre (the classic model); 0 (default):
                                  * symmetric in q and carrying the fall-off of
                                  * <f DW>^2 P / q across it (docs/envelope.md), as in a fit */
} xrd_sim_options;

/* Defaults: 20-90 deg 2theta, step 0.02, 20000 counts, flat background of 100
 * counts, Poisson noise, seed 1, unpolarised, tail 1e-4, no tables. */
void xrd_sim_options_default(xrd_sim_options *o);

/* Default sample: no size or strain broadening, weight 1. */
void xrd_sim_phase_default(xrd_sim_phase *sp);

/* Relative integrated intensities of the reflection groups rl (from
 * xrd_reflections_generate_for on ph) at wavelength lambda_A:
 *   intensity[k] = sum over the hkl of group k of |F(hkl)|^2 * LP(theta_k) / V^2,
 * F with the atoms of ph expanded by the space-group operators (occupancy,
 * f0(s) + f' + i f'' (o->dispersion, else f0 alone) and exp(-B s^2) per atom;
 * B = biso, in A^2), LP = polarisation (o, may be NULL = unpolarised) /
 * (sin^2 theta cos theta). Electrons (lambda_A < XRD_ELECTRON_LAMBDA_MAX_A):
 * f_e of o->electron (A) instead of f0, no f' f'', polarisation 1 (the
 * kinematic intensity per unit length of a ring; XRD_ERR_INVALID without
 * o->electron for a phase with atoms). A phase without atoms (fcc:a=3.7) scatters with
 * f = 1 at the structure's site (fcc, bcc, hcp, diamond, sc) or |F|^2 = 1 per
 * hkl otherwise, and *equal_scattering (may be NULL) is set to 1. Groups
 * beyond 2theta = 180 get 0. XRD_ERR_NOT_FOUND for an element without
 * scattering factors; errors of xrd_dispersion_at. */
xrd_status xrd_phase_intensities(const xrd_phase *ph, const xrd_reflist *rl, double lambda_A,
                                 const xrd_sim_options *o, double *intensity,
                                 int *equal_scattering, xrd_error *err);

/* Simulate a pattern of n_phases phases (sp[i] their broadening and weight)
 * measured with inst (wavelength lines, zero, displacement, U V W X Y,
 * asymmetry) on the grid of o: the fit's forward model with the intensities
 * of xrd_phase_intensities, scaled so the diffracted signal peaks at
 * o->max_counts, plus the Chebyshev background, then noise. *out is a new
 * pattern (x in o->grid_unit, counts, sigma = sqrt(max(y, 1)), wavelength_A =
 * line 0) the caller frees with xrd_pattern_free. XRD_ERR_INVALID for bad options or
 * no reflection in the range; errors of xrd_phase_intensities. */
xrd_status xrd_simulate(const xrd_instrument *inst, const xrd_phase *phases,
                        const xrd_sim_phase *sp, int n_phases, const xrd_sim_options *o,
                        xrd_pattern **out, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
