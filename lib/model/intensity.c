/* Calculated powder intensities of reflection groups: structure factors of
 * the full cell (atomic scattering factors, occupancies, isotropic
 * Debye-Waller factors), summed over every hkl of a group, times the
 * Lorentz-polarisation factor, per unit volume of phase (1/V^2). X-rays: f0
 * (+ f' + i f'') and the polarisation of the beam. Electrons (a wavelength
 * below XRD_ELECTRON_LAMBDA_MAX_A): f_e of Peng et al. and no polarisation,
 * the kinematic ring intensity per unit ring length (docs/electron.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/structure.h"
#include "refdata/electron_internal.h"

/* Largest hkl box enumerated (points). */
#define MAX_BOX 50000000.0
/* Relative tolerance on 1/d^2 for membership in a group. */
#define Q_TOL 1e-7

double xrdi_polarization(const xrd_sim_options *o, int electron, double cos2t)
{
    if (electron)
        return 1.0; /* the Coulomb scattering of electrons is not polarised */
    if (!o || o->polarization == XRD_POL_UNPOLARIZED)
        return 0.5 * (1.0 + cos2t * cos2t);
    if (o->polarization == XRD_POL_SYNCHROTRON)
        return 1.0;
    double cm = cos(o->mono_two_theta_deg * M_PI / 180.0), cm2 = cm * cm;
    return (1.0 + cm2 * cos2t * cos2t) / (1.0 + cm2);
}

/* Lorentz-polarisation factor at Bragg angle with sin(theta) = st: the
 * Debye-Scherrer Lorentz factor 1/(sin^2 theta cos theta) of an intensity per
 * unit length of the ring (for electrons 4 d^2 / lambda^2 to 1e-3). */
static double lp_factor(const xrd_sim_options *o, int electron, double st)
{
    double ct = sqrt(1.0 - st * st), cos2t = 1.0 - 2.0 * st * st;
    return xrdi_polarization(o, electron, cos2t) / (st * st * ct);
}

/* Index of the group whose 1/d^2 matches q (q_group increasing), or -1. */
static long find_group(const double *qg, size_t n, double q)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (qg[mid] < q)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t c = lo > 0 ? lo - 1 : 0; c <= lo && c < n; c++)
        if (fabs(qg[c] - q) <= Q_TOL * qg[c])
            return (long)c;
    return -1;
}

/* |F(hkl)|^2 of the cell atoms at s = sin(theta)/lambda; fp, fpp (NULL: no
 * anomalous dispersion) the atoms' f' and f''; ef (NULL: X-rays, f0) the
 * electron scattering factors. */
static double f_squared(const xrdi_cell_atom *at, const double *fp, const double *fpp, size_t na,
                        const xrd_electron_factors *ef, int h, int k, int l, double s)
{
    double re = 0, im = 0, wr = 0, wi = 0, s2 = s * s;
    for (size_t j = 0; j < na; j++) {
        const xrdi_cell_atom *a = &at[j];
        if (j == 0 || a->z != at[j - 1].z || a->occ != at[j - 1].occ ||
            a->biso_A2 != at[j - 1].biso_A2) {
            double f = a->z <= 0 ? 1.0 : ef ? xrdi_electron_f(ef, a->z, s) : xrdi_f0(a->z, s);
            double dw = a->occ * exp(-a->biso_A2 * s2);
            wr = dw * (f + (fp ? fp[j] : 0.0));
            wi = dw * (fpp ? fpp[j] : 0.0);
        }
        double ph = 2.0 * M_PI * (h * a->x + k * a->y + l * a->z_frac), c = cos(ph), sn = sin(ph);
        re += wr * c - wi * sn;
        im += wr * sn + wi * c;
    }
    return re * re + im * im;
}

/* f' and f'' of every atom at lambda_A into fp, fpp (2 x na, allocated; NULL
 * without a table). */
static xrd_status dispersion_of(const xrdi_cell_atom *at, size_t na, const xrd_sim_options *o,
                                double lambda_A, double **out, xrd_error *err)
{
    *out = NULL;
    if (!o || !o->dispersion || na == 0 || lambda_A < XRD_ELECTRON_LAMBDA_MAX_A)
        return XRD_OK;
    double *f = malloc(2 * na * sizeof(double));
    if (!f)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t j = 0; j < na; j++) {
        f[j] = f[na + j] = 0.0;
        if (at[j].z <= 0)
            continue;
        if (j > 0 && at[j].z == at[j - 1].z) {
            f[j] = f[j - 1];
            f[na + j] = f[na + j - 1];
            continue;
        }
        xrd_status st = xrd_dispersion_at(o->dispersion, at[j].z, lambda_A, &f[j], &f[na + j], err);
        if (st != XRD_OK) {
            free(f);
            return st;
        }
    }
    *out = f;
    return XRD_OK;
}

/* The electron scattering factors for the atoms at an electron wavelength
 * (*out NULL for X-rays): the table of o, which must hold every element. */
static xrd_status electron_of(const xrd_phase *ph, const xrdi_cell_atom *at, size_t na,
                              const xrd_sim_options *o, double lambda_A,
                              const xrd_electron_factors **out, xrd_error *err)
{
    *out = NULL;
    if (!(lambda_A < XRD_ELECTRON_LAMBDA_MAX_A))
        return XRD_OK;
    for (size_t j = 0; j < na; j++) {
        if (at[j].z <= 0)
            continue;
        if (!o || !o->electron)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase %s: the wavelength %.4g A is an electron's: its "
                                 "intensities need electron scattering factors "
                                 "(refdata/electron_scattering.xml, xrd_electron_factors_load)",
                                 ph->name, lambda_A);
        if (!isfinite(xrdi_electron_f(o->electron, at[j].z, 0.0)))
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "phase %s: no electron scattering factor for %s (Z = %d) in "
                                 "the table", ph->name, xrd_element_symbol(at[j].z), at[j].z);
        *out = o->electron;
    }
    return XRD_OK;
}

xrd_status xrd_phase_intensities(const xrd_phase *ph, const xrd_reflist *rl, double lambda_A,
                                 const xrd_sim_options *o, double *intensity,
                                 int *equal_scattering, xrd_error *err)
{
    return xrdi_phase_intensities_hkl(ph, rl, lambda_A, o, intensity, equal_scattering, NULL, NULL,
                                      err);
}

xrd_status xrdi_phase_intensities_hkl(const xrd_phase *ph, const xrd_reflist *rl, double lambda_A,
                                      const xrd_sim_options *o, double *intensity,
                                      int *equal_scattering, xrdi_hkl_fn fn, void *user,
                                      xrd_error *err)
{
    if (!ph || !rl || (rl->n && !intensity))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "intensities need a phase, a reflection list and an output array");
    if (!(lambda_A > 0) || !isfinite(lambda_A))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the wavelength must be positive, found %g A", lambda_A);
    if (o && o->polarization == XRD_POL_MONOCHROMATOR &&
        !(o->mono_two_theta_deg >= 0 && o->mono_two_theta_deg < 180))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the monochromator 2theta must lie in [0, 180) deg, found %g",
                             o->mono_two_theta_deg);
    double vol = xrd_cell_volume(&ph->cell);
    if (!(vol > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase %s: the cell has no positive volume", ph->name);
    xrdi_cell_atom *at = NULL;
    size_t na = 0;
    int equal = 0;
    xrd_status st = xrdi_expand_atoms(ph, &at, &na, &equal, err);
    if (st != XRD_OK)
        return st;
    if (equal_scattering)
        *equal_scattering = equal;
    double *disp = NULL;
    const xrd_electron_factors *ef = NULL;
    int electron = lambda_A < XRD_ELECTRON_LAMBDA_MAX_A;
    if ((st = electron_of(ph, at, na, o, lambda_A, &ef, err)) != XRD_OK ||
        (st = dispersion_of(at, na, o, lambda_A, &disp, err)) != XRD_OK) {
        free(at);
        return st;
    }
    size_t n = rl->n;
    double *qg = NULL, *sum = NULL;
    if (n == 0)
        goto done;
    qg = malloc(n * sizeof(double));
    sum = calloc(n, sizeof(double));
    if (!qg || !sum) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    double d_min = INFINITY;
    for (size_t g = 0; g < n; g++) {
        double d = rl->refl[g].d_A;
        qg[g] = 1.0 / (d * d);
        if (d < d_min)
            d_min = d;
        if (g > 0 && !(qg[g] >= qg[g - 1])) {
            st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                               "the reflection list must be sorted by decreasing d");
            goto done;
        }
    }
    if (na == 0) {
        /* no atoms and no known site: |F|^2 = 1 for every hkl of a group */
        for (size_t g = 0; g < n; g++)
            sum[g] = rl->refl[g].multiplicity;
    } else {
        /* every hkl with d >= d_min lies in |h| <= a / d_min (h = a . d*) */
        int hm = (int)floor(ph->cell.a / d_min) + 1, km = (int)floor(ph->cell.b / d_min) + 1,
            lm = (int)floor(ph->cell.c / d_min) + 1;
        double box = (2.0 * hm + 1) * (2.0 * km + 1) * (2.0 * lm + 1);
        if (!(d_min > 0) || box > MAX_BOX) {
            st = xrd_error_set(err, XRD_ERR_TOO_LARGE, NULL, 0,
                               "phase %s: %.3g hkl up to d = %g A are too many to sum",
                               ph->name, box, d_min);
            goto done;
        }
        double qmax = qg[n - 1] * (1.0 + Q_TOL);
        for (int h = -hm; h <= hm; h++)
            for (int k = -km; k <= km; k++)
                for (int l = -lm; l <= lm; l++) {
                    if (h == 0 && k == 0 && l == 0)
                        continue;
                    double q = xrd_cell_inv_d2(&ph->cell, h, k, l);
                    if (!(q <= qmax))
                        continue;
                    long g = find_group(qg, n, q);
                    if (g < 0)
                        continue;
                    double f2 = f_squared(at, disp, disp ? disp + na : NULL, na, ef, h, k, l,
                                          0.5 * sqrt(q));
                    sum[g] += f2;
                    if (fn) {
                        double s = lambda_A / (2.0 * rl->refl[g].d_A);
                        fn(user, (size_t)g, h, k, l,
                           s < 1.0 ? f2 * lp_factor(o, electron, s) / (vol * vol) : 0.0);
                    }
                }
    }
    for (size_t g = 0; g < n; g++) {
        double s = lambda_A / (2.0 * rl->refl[g].d_A); /* sin(theta) */
        intensity[g] = s < 1.0 ? sum[g] * lp_factor(o, electron, s) / (vol * vol) : 0.0;
    }
done:
    free(at);
    free(disp);
    free(qg);
    free(sum);
    return st;
}
