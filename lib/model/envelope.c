/* The smooth factors across a peak: g(2theta) = <f DW>^2 P(2theta) / q of each
 * phase, exact and tabulated (docs/envelope.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/envelope.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/structure.h"
#include "refdata/electron_internal.h"
#include "xrdfit/radiation.h"

/* Points of a phase's table over the data: linear interpolation of g is then
 * exact to ~1e-7 relative (g's log has a second derivative of at most ~1/theta^2) */
#define N_TAB 4096
/* A scatterer of unknown kind (a phase without atoms): the mean of f(s)/f(0)
 * over the metals of alloy nanoparticles, Al Ni Cu Ru Pd Ag W Pt Au (whose
 * f0 fall-offs exp(-b s^2) span b = 1.6..2.5 A^2), with B = 0.5 A^2 */
static const int generic_z[] = {13, 28, 29, 44, 46, 47, 74, 78, 79};
#define N_GENERIC ((int)(sizeof generic_z / sizeof generic_z[0]))
#define GENERIC_B_A2 0.5

/* f(s) of atomic number z (X-ray f0 or, for electrons, f_e) */
static double f_of(const xrdi_envelope *e, int z, double s)
{
    return e->electron ? xrdi_electron_f(e->pol.electron, z, s) : xrdi_f0(z, s);
}

/* nodes of the generic scatterer's table in s (linear interpolation: 1e-5) */
#define N_GEN_TAB 1025

/* f DW of the generic scatterer and its derivative wrt s, computed */
static double generic_f_exact(const xrdi_envelope *e, double s, double *dfds)
{
    const double h = 1e-4;
    double a = 0.0, da = 0.0;
    int n = 0;
    for (int i = 0; i < N_GENERIC; i++) {
        double f0 = f_of(e, generic_z[i], 0.0);
        if (!(f0 > 0) || !isfinite(f0))
            continue; /* no f_e of it in these tables */
        double fp = f_of(e, generic_z[i], s + h), fm = f_of(e, generic_z[i], s > h ? s - h : 0.0);
        a += f_of(e, generic_z[i], s) / f0;
        da += (fp - fm) / (s > h ? 2.0 * h : s + h) / f0;
        n++;
    }
    if (n == 0) {
        /* nothing tabulated: the fall-off of Cu's f0 */
        a = exp(-2.5 * s * s);
        da = -5.0 * s * a;
    } else {
        a /= n;
        da /= n;
    }
    double dw = exp(-GENERIC_B_A2 * s * s);
    *dfds = (da - 2.0 * GENERIC_B_A2 * s * a) * dw;
    return a * dw;
}

/* ... from its table when there is one: a smooth mean of nine metals */
static double generic_f(const xrdi_envelope *e, double s, double *dfds)
{
    if (!e->gen_f)
        return generic_f_exact(e, s, dfds);
    double u = s / e->gen_ds;
    int i = (int)u;
    if (i > e->gen_n - 2)
        i = e->gen_n - 2;
    if (i < 0)
        i = 0;
    double w = u - i, a0 = e->gen_f[i], a1 = e->gen_f[i + 1];
    *dfds = (a1 - a0) / e->gen_ds;
    return a0 + w * (a1 - a0);
}

/* The generic table over s = 0 .. s_max (1/A). 0, or -1 out of memory. */
static int generic_table(xrdi_envelope *e, double s_max)
{
    e->gen_f = malloc(N_GEN_TAB * sizeof(double));
    if (!e->gen_f)
        return -1;
    e->gen_n = N_GEN_TAB;
    e->gen_ds = 1.02 * s_max / (N_GEN_TAB - 1);
    for (int i = 0; i < N_GEN_TAB; i++) {
        double d;
        e->gen_f[i] = generic_f_exact(e, i * e->gen_ds, &d);
    }
    return 0;
}

double xrdi_envelope_ln(const xrdi_envelope *e, int p, double two_theta_deg, double *dln)
{
    const xrdi_envelope_phase *t = &e->ph[p];
    double th = two_theta_deg * (M_PI / 360.0), st = sin(th);
    double s = st / e->lambda_A, s2 = s * s;
    double f = 0.0, dfds = 0.0;
    for (int j = 0; j < t->n_species; j++) {
        double a, da;
        if (t->z[j] <= 0) {
            a = generic_f(e, s, &da);
        } else {
            /* df/ds by a central difference: the tables are smooth sums of Gaussians */
            const double h = 1e-4;
            double f0 = f_of(e, t->z[j], s), fp = f_of(e, t->z[j], s + h);
            double fm = f_of(e, t->z[j], s > h ? s - h : 0.0);
            double dw = exp(-t->biso_A2[j] * s2);
            double df = (fp - fm) / (s > h ? 2.0 * h : s + h);
            a = f0 * dw;
            da = (df - 2.0 * t->biso_A2[j] * s * f0) * dw;
        }
        f += t->occ[j] * a;
        dfds += t->occ[j] * da;
    }
    if (!(f > 0))
        f = 1e-300;
    double c2 = cos(2.0 * th);
    double pol = xrdi_polarization(&e->pol, e->electron, c2);
    double q = 4.0 * M_PI * s;
    if (dln) {
        /* d/d2theta (deg): ds/d2theta = cos(theta) / (2 lambda) * pi/180 */
        double ds = cos(th) / (2.0 * e->lambda_A) * (M_PI / 180.0);
        double h = 1e-3;
        double pp = xrdi_polarization(&e->pol, e->electron, cos(2.0 * th + h * M_PI / 180.0));
        double pm = xrdi_polarization(&e->pol, e->electron, cos(2.0 * th - h * M_PI / 180.0));
        double dlnp = (log(pp) - log(pm)) / (2.0 * h);
        *dln = 2.0 * dfds / f * ds + dlnp - ds / s;
    }
    return 2.0 * log(f) + log(pol) - log(q);
}

/* The species of a phase from its cell's atoms: by element, occupancies
 * summed, B weighted by occupancy. */
static xrd_status species_of(const xrd_phase *ph, xrdi_envelope_phase *t, xrd_error *err)
{
    xrdi_cell_atom *at = NULL;
    size_t na = 0;
    int equal = 0;
    xrd_status st = xrdi_expand_atoms(ph, &at, &na, &equal, err);
    if (st != XRD_OK)
        return st;
    t->n_species = 0;
    for (size_t i = 0; i < na; i++) {
        int z = at[i].z > 0 ? at[i].z : 0, j;
        for (j = 0; j < t->n_species && t->z[j] != z; j++)
            ;
        if (j == t->n_species) {
            if (j == XRDI_ENV_MAX_SPECIES)
                continue; /* more elements than this: the major ones decide */
            t->z[j] = z;
            t->occ[j] = t->biso_A2[j] = 0.0;
            t->n_species++;
        }
        t->biso_A2[j] += at[i].occ * at[i].biso_A2;
        t->occ[j] += at[i].occ;
    }
    free(at);
    for (int j = 0; j < t->n_species; j++)
        t->biso_A2[j] = t->occ[j] > 0 ? t->biso_A2[j] / t->occ[j] : 0.0;
    if (t->n_species == 0) {
        t->n_species = 1;
        t->z[0] = 0;
        t->occ[0] = 1.0;
        t->biso_A2[0] = 0.0;
    }
    return XRD_OK;
}

xrd_status xrdi_envelope_build(const xrdi_model *m, double x_min, double x_max,
                               xrdi_envelope **out, xrd_error *err)
{
    *out = NULL;
    if (!(x_min > 0) || !(x_max > x_min) || !(x_max < 180.0) || m->n_phases < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the peak envelope needs a 2theta range inside (0, 180) deg "
                             "and a phase, found %g..%g deg",
                             x_min, x_max);
    xrdi_envelope *e = calloc(1, sizeof *e);
    if (!e || !(e->ph = calloc((size_t)m->n_phases, sizeof *e->ph))) {
        free(e);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    e->n_phases = m->n_phases;
    e->lambda_A = m->inst.rad.lambda_A[0];
    e->electron = e->lambda_A < XRD_ELECTRON_LAMBDA_MAX_A;
    e->pol = m->iopt;
    int generic = 0;
    for (int p = 0; p < m->n_phases && !generic; p++)
        generic = m->ph[p].phase.n_atoms == 0 || e->electron; /* f_e may lack: see below */
    if (generic && generic_table(e, sin(x_max * (M_PI / 360.0)) / e->lambda_A)) {
        xrdi_envelope_free(e);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_envelope_phase *t = &e->ph[p];
        xrd_status st = species_of(&m->ph[p].phase, t, err);
        if (st == XRD_OK && e->electron)
            for (int j = 0; j < t->n_species; j++)
                if (t->z[j] > 0 &&
                    (!e->pol.electron || !isfinite(xrdi_electron_f(e->pol.electron, t->z[j], 0))))
                    t->z[j] = 0; /* no f_e of it here: the generic fall-off */
        if (st == XRD_OK && !(t->g = malloc(N_TAB * sizeof(double))))
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        if (st != XRD_OK) {
            e->n_phases = p + 1;
            xrdi_envelope_free(e);
            return st;
        }
        t->n_tab = N_TAB;
        t->t0_deg = x_min;
        t->dt_deg = (x_max - x_min) / (N_TAB - 1);
        t->inv_dt = 1.0 / t->dt_deg;
        t->u_max = (double)(N_TAB - 1) - 1e-9;
        for (size_t i = 0; i < N_TAB; i++)
            t->g[i] = exp(xrdi_envelope_ln(e, p, t->t0_deg + (double)i * t->dt_deg, NULL));
    }
    *out = e;
    return XRD_OK;
}

void xrdi_envelope_free(xrdi_envelope *e)
{
    if (!e)
        return;
    for (int p = 0; p < e->n_phases && e->ph; p++)
        free(e->ph[p].g);
    free(e->ph);
    free(e->gen_f);
    free(e);
}
