/* Le Bail fit workspace: options, creation from a pattern, instrument and
 * phases, result access, release. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/envelope.h"
#include "model/faults.h"
#include "model/film.h"
#include "model/size_lognormal.h"
#include "refine/fit_internal.h"

void xrd_fit_options_default(xrd_fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->x_min = NAN;
    o->x_max = NAN;
    o->refine_zero = 1;
    o->refine_displacement = 1;
    o->background_auto = 1;
    o->size_auto = 1;
    o->rescue = 1;
    o->refine_size = 1;
    o->size_gauss = 1;
    o->refine_strain = 1;
    o->refine_asymmetry = 1;
    o->max_cycles = 100;
    o->tail_fraction = 1e-3;
    o->zero_limit_deg = 0.5;
    o->displacement_limit_mm = 1.0;
    o->refine_biso = 1;
}

/* Plausible ranges of an instrument no standard has calibrated (1 sd):
 * zero 0.05 deg (lab goniometers are aligned to a few 0.01 deg; a capillary's
 * detector distance and centre to similar accuracy), specimen height 0.1 mm
 * (a powder pressed into a holder by hand), FCJ S/L = H/L 0.02(1.5) for a lab
 * Bragg-Brentano with 2.5 deg Soller slits (0.014-0.031 refined on the LaB6
 * standards of four lab diffractometers) and 0.003(5) for a synchrotron or
 * area-detector set-up, whose axial divergence is far smaller. */
#define PRIOR_ZERO_SD_DEG 0.05
#define PRIOR_DISP_SD_MM 0.1
#define PRIOR_ASYM_LAB_MEAN 0.02
#define PRIOR_ASYM_LAB_SD 0.015
#define PRIOR_ASYM_SYNC_MEAN 0.003
#define PRIOR_ASYM_SYNC_SD 0.005

static void set_prior(xrdi_prior *p, const xrd_prior *given, double mean, double sd)
{
    if (given->sd > 0) {
        p->on = 1;
        p->mean = isfinite(given->mean) ? given->mean : mean;
        p->sd = given->sd;
    } else {
        p->on = sd > 0;
        p->mean = mean;
        p->sd = sd;
    }
}

/* The restraints of the instrument model (xrd_instrument_model). */
static void resolve_priors(struct xrd_fit *f)
{
    const xrd_fit_options *o = &f->opt;
    const xrd_instrument *in = &f->m.inst;
    memset(&f->prior_zero, 0, sizeof f->prior_zero);
    memset(&f->prior_disp, 0, sizeof f->prior_disp);
    memset(&f->prior_asym, 0, sizeof f->prior_asym);
    f->refine_asym = o->refine_instrument && o->refine_asymmetry;
    /* electron rings have no axial divergence to make them asymmetric (an X-ray
     * prior there only trades zero against the cell; on a film standard the
     * asymmetry would take a radial distortion's misfit) */
    int electron = in->rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A;
    if (electron)
        f->refine_asym = 0;
    if (o->instrument_model == XRD_INSTMODEL_SWITCHES)
        return;
    int lab = in->geometry == XRD_GEOM_BRAGG_BRENTANO &&
              !(in->rad.n_lines == 1 && in->rad.lambda_A[0] < 1.0);
    int uncal = !in->calibrated;
    if (o->refine_zero)
        set_prior(&f->prior_zero, &o->zero_prior_deg, in->zero_deg, PRIOR_ZERO_SD_DEG);
    if (o->refine_displacement && in->geometry == XRD_GEOM_BRAGG_BRENTANO)
        set_prior(&f->prior_disp, &o->displacement_prior_mm, in->displacement_mm,
                  PRIOR_DISP_SD_MM);
    /* an uncalibrated sample fit: the asymmetry is unknown, so it is refined
     * within its plausible range and its spread enters the esds */
    if (electron) {
        f->refine_asym = 0;
    } else if (uncal && o->refine_asymmetry && !o->refine_instrument && in->asym_sl == 0 &&
               in->asym_hl == 0) {
        f->refine_asym = 1;
        set_prior(&f->prior_asym, &o->asymmetry_prior, lab ? PRIOR_ASYM_LAB_MEAN : PRIOR_ASYM_SYNC_MEAN,
                  lab ? PRIOR_ASYM_LAB_SD : PRIOR_ASYM_SYNC_SD);
        f->m.inst.asym_sl = f->m.inst.asym_hl = f->prior_asym.mean;
    } else if (o->asymmetry_prior.sd > 0 && f->refine_asym) {
        set_prior(&f->prior_asym, &o->asymmetry_prior, in->asym_sl, 0);
    }
}

const xrdi_prior *xrdi_fit_prior(const struct xrd_fit *f, xrdi_pkind k)
{
    const xrdi_prior *p = k == XRDI_P_ZERO ? &f->prior_zero
                          : k == XRDI_P_DISP ? &f->prior_disp
                          : k == XRDI_P_ASYM ? &f->prior_asym
                                             : NULL;
    return p && p->on ? p : NULL;
}

void xrdi_fit_log(const struct xrd_fit *f, const char *fmt, ...)
{
    if (!f->opt.log)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    f->opt.log(f->opt.log_user, buf);
}

static int default_background_terms(double range_deg, size_t n)
{
    int k = 4 + (int)(range_deg / 20.0);
    if (k > 12)
        k = 12;
    if ((size_t)k > n / 10)
        k = (int)(n / 10);
    return k < 1 ? 1 : k;
}

static xrd_status setup_phase(xrdi_mphase *mp, const xrd_phase *ph, xrd_error *err)
{
    memset(mp, 0, sizeof *mp);
    mp->phase = *ph;
    mp->scale = 1.0;
    if (ph->sg.n_ops < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase %s: space group %s has no symmetry operations", ph->name,
                             ph->sg.symbol);
    unsigned freemask = xrd_spacegroup_cell_free(&ph->sg);
    mp->n_cell_free = 0;
    for (int k = 0; k < XRDI_MAX_CELL; k++)
        if (freemask & (1u << k))
            mp->cell_idx[mp->n_cell_free++] = k;
    xrd_spacegroup_constrain_cell(&ph->sg, &mp->phase.cell);
    return xrd_cell_validate(&mp->phase.cell, err);
}

xrd_status xrd_fit_new(const xrd_pattern *p, const xrd_instrument *inst,
                       const xrd_phase *phases, int n_phases, const xrd_fit_options *opt,
                       xrd_fit **out, xrd_error *err)
{
    *out = NULL;
    if (!p || !inst || !phases || n_phases < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a fit needs a pattern, an instrument and at least one phase");
    if (n_phases > 8)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "at most 8 phases can be fitted together, %d given", n_phases);
    if (p->unit != XRD_X_TWO_THETA_DEG)
        return xrd_error_set(err, XRD_ERR_INVALID, p->source, 0,
                             "the pattern's x axis is %s: convert it to 2theta with the "
                             "wavelength before fitting", xrd_xunit_name(p->unit));
    if (inst->rad.n_lines < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the instrument has no wavelength");
    xrd_fit *f = calloc(1, sizeof *f);
    if (!f)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    if (opt)
        f->opt = *opt;
    else
        xrd_fit_options_default(&f->opt);
    if (!(f->opt.tail_fraction > 0 && f->opt.tail_fraction < 0.1))
        f->opt.tail_fraction = 1e-3;
    if (f->opt.max_cycles <= 0)
        f->opt.max_cycles = 100;

    double lo = isnan(f->opt.x_min) ? -INFINITY : f->opt.x_min;
    double hi = isnan(f->opt.x_max) ? INFINITY : f->opt.x_max;
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] >= lo && p->x[i] <= hi && p->x[i] > 0 && p->x[i] < 180)
            n++;
    xrd_status st = XRD_OK;
    double ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] >= lo && p->x[i] <= hi) {
            ymin = p->y[i] < ymin ? p->y[i] : ymin;
            ymax = p->y[i] > ymax ? p->y[i] : ymax;
        }
    size_t max_points = f->opt.max_points ? f->opt.max_points : XRD_FIT_MAX_POINTS;
    if (n > max_points) {
        st = xrd_error_set(err, XRD_ERR_TOO_LARGE, p->source, 0,
                           "the fitted range holds %zu points, more than the limit of %zu: "
                           "narrow it with --range, or raise the limit with --max-points",
                           n, max_points);
        goto fail;
    }
    if (n >= 20 && ymin == ymax) {
        st = xrd_error_set(err, XRD_ERR_NO_DATA, p->source, 0,
                           "the pattern is flat: all %zu points in the fitted range are %g; "
                           "there is nothing to fit",
                           n, ymin);
        goto fail;
    }
    if (n < 20) {
        st = xrd_error_set(err, XRD_ERR_TOO_FEW, p->source, 0,
                           "only %zu points lie in the fitted range; at least 20 are needed", n);
        goto fail;
    }
    f->x = malloc(n * sizeof(double));
    f->y = malloc(n * sizeof(double));
    f->w = malloc(n * sizeof(double));
    f->start_cell = calloc((size_t)n_phases * 3, sizeof(double));
    f->m.ph = calloc((size_t)n_phases, sizeof(xrdi_mphase));
    if (!f->x || !f->y || !f->w || !f->start_cell || !f->m.ph) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    size_t j = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->x[i] >= lo && p->x[i] <= hi && p->x[i] > 0 && p->x[i] < 180) {
            f->x[j] = p->x[i];
            f->y[j] = p->y[i];
            f->w[j] = 1.0 / p->sigma[i];
            j++;
        }
    f->noise = p->noise;
    xrdi_model *m = &f->m;
    m->n = n;
    m->x = f->x;
    m->y = f->y;
    m->w = f->w;
    m->x_lo = f->x[0];
    m->x_hi = f->x[n - 1];
    m->inst = *inst;
    m->tail = f->opt.tail_fraction;
    /* TCH pseudo-Voigt or the exact Voigt: both take the Gaussian and Lorentzian FWHM */
    m->prof = xrd_profile_get(f->opt.true_voigt ? XRD_PROFILE_VOIGT
                              : f->opt.pearson7 ? XRD_PROFILE_TCH_PEARSON7
                                                : XRD_PROFILE_TCH);
    if (!(f->opt.zero_limit_deg > 0))
        f->opt.zero_limit_deg = 0.5;
    if (!(f->opt.displacement_limit_mm > 0))
        f->opt.displacement_limit_mm = 1.0;
    resolve_priors(f);
    m->asym_tied = f->refine_asym;
    m->counts = &f->counts;
    m->threads = f->opt.threads;
    if (m->threads <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        m->threads = cpus < 1 ? 1 : cpus > 16 ? 16 : (int)cpus;
    }
    for (int c = 0; c < XRDI_MAX_CLUSTERS; c++)
        m->cluster_scale[c] = 1.0;
    for (int l = 1; l < m->inst.rad.n_lines && l < 4; l++)
        m->lambda_ratio[l] = m->inst.rad.lambda_A[l] / m->inst.rad.lambda_A[0];
    if (m->inst.rad.n_lines > 1 && !(m->inst.rad.weight[1] > 0))
        m->inst.rad.weight[1] = 0.5;
    int nb = f->opt.n_background > 0 ? f->opt.n_background
                                     : default_background_terms(m->x_hi - m->x_lo, n);
    if (nb > XRD_MAX_CHEB)
        nb = XRD_MAX_CHEB;
    m->bkg.n_cheb = nb;
    f->n_cheb_default = nb;
    m->bkg.use_inv_x = f->opt.background_inv_x;
    m->bkg.use_hump = f->opt.background_hump;
    if (m->bkg.use_hump) {
        m->bkg.hump_center_deg = f->opt.hump_center_deg > 0 ? f->opt.hump_center_deg : 20.0;
        m->bkg.hump_fwhm_deg = 8.0;
    }
    /* an electron ring profile starts with an amorphous carbon film in the
     * background (a support film's steep fall-off would otherwise take the
     * polynomial's start); the background choice then keeps it only when BIC
     * says so */
    if (m->inst.rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A && f->opt.background_auto &&
        f->opt.n_background <= 0 && !f->opt.background_hump && !f->opt.background_inv_x &&
        !f->opt.refine_instrument && !f->opt.classic_cycles)
        xrdi_film_start(m);
    xrd_sim_options_default(&m->iopt);
    m->iopt.polarization = f->opt.polarization;
    m->iopt.mono_two_theta_deg = f->opt.mono_two_theta_deg;
    m->iopt.dispersion = f->opt.dispersion;
    m->iopt.electron = f->opt.electron_factors;
    if (f->opt.rietveld && inst->rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A &&
        !f->opt.electron_factors) {
        st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                           "a Rietveld refinement of an electron pattern (lambda %.4g A) needs "
                           "electron scattering factors (xrd_fit_options.electron_factors, "
                           "from refdata/electron_scattering.xml)",
                           inst->rad.lambda_A[0]);
        goto fail;
    }
    if (f->opt.refine_twins && f->opt.size_lognormal) {
        st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                           "twin faults go with the Voigt size term, not with a lognormal "
                           "distribution of spheres");
        goto fail;
    }
    if (f->opt.rietveld && f->opt.classic_cycles) {
        st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                           "a Rietveld refinement runs on the default route only, not with "
                           "the classic Le Bail cycles");
        goto fail;
    }
    for (int q = 0; q < n_phases; q++) {
        st = setup_phase(&m->ph[q], &phases[q], err);
        if (st != XRD_OK)
            goto fail;
        if (f->opt.rietveld) {
            if (phases[q].n_atoms < 1) {
                st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                   "phase %s has no atoms: a Rietveld refinement needs each "
                                   "phase's structure (a phase file or CIF with sites, or "
                                   "el= such as fcc:a=3.6,el=Cu)", phases[q].name);
                goto fail;
            }
            m->ph[q].rietveld = 1;
        }
        if (f->opt.size_lognormal) {
            m->ph[q].size_lognormal = 1;
            m->ph[q].size_sigma = XRDI_SIZE_SIGMA_START;
        }
        if (f->opt.refine_twins && xrdi_faults_apply(&m->ph[q].phase))
            m->ph[q].twin_on = 1;
        m->n_phases = q + 1;
        f->start_cell[q * 3 + 0] = m->ph[q].phase.cell.a;
        f->start_cell[q * 3 + 1] = m->ph[q].phase.cell.b;
        f->start_cell[q * 3 + 2] = m->ph[q].phase.cell.c;
    }
    if (f->opt.rietveld && f->opt.surface_roughness) {
        if (inst->geometry != XRD_GEOM_BRAGG_BRENTANO) {
            st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                               "surface roughness is a flat plate's (Bragg-Brentano), not a "
                               "capillary's");
            goto fail;
        }
        m->sr_on = 1;
        m->sr_p = 0.5;
        m->sr_q = 0.0;
    }
    if (!f->opt.symmetric_peaks) {
        st = xrdi_envelope_build(m, f->x[0], f->x[n - 1], &f->env, err);
        if (st != XRD_OK)
            goto fail;
        m->env = f->env;
    }
    /* distinct names, as results and parameters are keyed by them */
    for (int a = 0; a < n_phases; a++)
        for (int b = 0; b < a; b++)
            if (!strcmp(m->ph[a].phase.name, m->ph[b].phase.name)) {
                char nm[64];
                snprintf(nm, sizeof nm, "%.56s#%d", m->ph[a].phase.name, (a + 1) % 10);
                memcpy(m->ph[a].phase.name, nm, sizeof nm);
            }
    *out = f;
    return XRD_OK;
fail:
    xrd_fit_free(f);
    return st;
}

xrd_status xrd_fit_set_phase_broadening(xrd_fit *f, int phase, double size_nm, double strain,
                                        xrd_error *err)
{
    if (!f || phase < 0 || phase >= f->m.n_phases)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no phase %d in this fit", phase);
    if (!(size_nm > 0) || !(strain >= 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "size must be > 0 nm and strain >= 0 (got %g nm, %g)", size_nm,
                             strain);
    f->m.ph[phase].size_inv = 1.0 / size_nm;
    f->m.ph[phase].strain = strain;
    return XRD_OK;
}

xrd_status xrd_fit_set_preferred_orientation(xrd_fit *f, int phase, int h, int k, int l,
                                             xrd_error *err)
{
    if (!f || phase < 0 || phase >= f->m.n_phases)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no phase %d in this fit", phase);
    if (!f->m.ph[phase].rietveld)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "preferred orientation needs a Rietveld refinement (--rietveld)");
    if (h == 0 && k == 0 && l == 0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the preferred-orientation axis cannot be 0 0 0");
    xrdi_mphase *mp = &f->m.ph[phase];
    mp->md_on = 1;
    mp->md_hkl[0] = h;
    mp->md_hkl[1] = k;
    mp->md_hkl[2] = l;
    /* not from 1: summed over a cubic group's equivalent reflections the
     * first-order change of the intensities vanishes at r = 1 */
    mp->md_r = 0.9;
    return XRD_OK;
}

const xrd_fit_result *xrd_fit_get_result(const xrd_fit *f)
{
    return f && f->have_result ? &f->res : NULL;
}

void xrd_fit_free(xrd_fit *f)
{
    if (!f)
        return;
    for (int q = 0; q < f->m.n_phases; q++) {
        free(f->m.ph[q].refl);
        free(f->m.ph[q].md_group);
        free(f->m.ph[q].md_i);
        free(f->m.ph[q].md_c2);
    }
    free(f->m.ph);
    xrdi_envelope_free(f->env);
    free(f->x);
    free(f->y);
    free(f->w);
    free(f->start_cell);
    xrdi_final_normal_clear(&f->final);
    xrdi_fit_result_clear(&f->res);
    free(f);
}
