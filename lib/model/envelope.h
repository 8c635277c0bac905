/* The smooth factors across a broad peak (internal): a powder peak of a
 * small crystal is its reciprocal-lattice blob averaged over the sphere
 * |Q| = q, times the phase's mean scattering power, Debye-Waller factor and
 * the beam's polarisation at each point, not at the peak's centre
 * (docs/envelope.md). Built once per fit; read by every thread.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_ENVELOPE_H
#define XRDFIT_MODEL_ENVELOPE_H

#include <stddef.h>
#include "model/model.h"
#include "xrdfit/error.h"
#include "xrdfit/simulate.h"

#define XRDI_ENV_MAX_SPECIES 16

/* One phase: its species (atomic number, summed occupancy over the cell,
 * occupancy-weighted B) and ln g tabulated on a uniform 2theta grid. */
typedef struct {
    int n_species;
    int z[XRDI_ENV_MAX_SPECIES];   /* 0: a scatterer of unknown kind */
    double occ[XRDI_ENV_MAX_SPECIES], biso_A2[XRDI_ENV_MAX_SPECIES];
    double t0_deg, dt_deg, inv_dt; /* the grid: t0 + i dt, i < n_tab */
    double u_max;                   /* n_tab - 1 - 1e-9: the last interval's end */
    size_t n_tab;
    double *g;                      /* g = <f DW>^2 P / q at the nodes */
} xrdi_envelope_phase;

typedef struct xrdi_envelope {
    int n_phases;
    xrdi_envelope_phase *ph;
    double lambda_A;                 /* the first line's */
    int electron;                    /* f_e, no polarisation */
    xrd_sim_options pol;             /* polarisation of the beam; electron factors */
    /* the generic scatterer's f DW on a uniform s grid (0 .. (gen_n - 1) gen_ds,
     * 1/A), built once when a phase has no atoms; NULL otherwise */
    double *gen_f, gen_ds;
    int gen_n;
} xrdi_envelope;

/* The envelope of every phase of m over [x_min, x_max] (deg 2theta, the data's
 * range), at m's first wavelength, polarisation and scattering factors (m->iopt):
 * *out allocated (xrdi_envelope_free). XRD_ERR_NOMEM; XRD_ERR_NOT_FOUND for an
 * element without a scattering factor. */
xrd_status xrdi_envelope_build(const xrdi_model *m, double x_min, double x_max,
                               xrdi_envelope **out, xrd_error *err);
void xrdi_envelope_free(xrdi_envelope *e);

/* ln g of phase p at 2theta (deg), g = <f DW>^2 P(2theta) / q: exact, and its
 * derivative d ln g / d 2theta (1/deg) into dln (may be NULL). */
double xrdi_envelope_ln(const xrdi_envelope *e, int p, double two_theta_deg, double *dln);

/* g interpolated from the table (x inside [t0, t0 + (n-1) dt]; clamped
 * outside). Linear in g: over a grid step of 1/4095 of the range, g's relative
 * curvature error is below 1e-7, and no exp per point is needed. */
static inline double xrdi_envelope_g_tab(const xrdi_envelope_phase *t, double x)
{
    double u = (x - t->t0_deg) * t->inv_dt;
    u = u > 0.0 ? u : 0.0;
    u = u < t->u_max ? u : t->u_max;
    size_t i = (size_t)u;
    double w = u - (double)i;
    return t->g[i] + w * (t->g[i + 1] - t->g[i]);
}

#endif
