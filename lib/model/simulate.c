/* Simulated powder patterns: the fit's forward model (xrdi_model_eval) with
 * structure-factor intensities, scaled to the requested counts, plus the
 * Chebyshev background and Poisson noise (GSL Mersenne Twister).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/xrdfit.h"
#include "model/envelope.h"
#include "model/model.h"
#include "model/structure.h"
#include "refine/lebail.h"

/* Largest grid accepted (points). */
#define MAX_POINTS 10000000.0

void xrd_sim_options_default(xrd_sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->x_min_deg = 20.0;
    o->x_max_deg = 90.0;
    o->step_deg = 0.02;
    o->max_counts = 20000.0;
    o->n_background = 1;
    o->background[0] = 100.0;
    o->noise = XRD_SIM_NOISE_POISSON;
    o->seed = 1;
    o->polarization = XRD_POL_UNPOLARIZED;
    o->tail_fraction = 1e-4;
}

void xrd_sim_phase_default(xrd_sim_phase *sp)
{
    sp->size_nm = 0.0;
    sp->strain = 0.0;
    sp->weight = 1.0;
}

static xrd_status check_inputs(const xrd_instrument *inst, const xrd_phase *phases,
                               const xrd_sim_phase *sp, int n_phases, const xrd_sim_options *o,
                               xrd_error *err)
{
    if (!inst || !phases || !sp || !o || n_phases < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a simulation needs an instrument, options and at least one phase");
    if (n_phases > 16)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "at most 16 phases can be simulated together, %d given", n_phases);
    if (inst->rad.n_lines < 1 || inst->rad.n_lines > XRD_MAX_LINES ||
        !(inst->rad.lambda_A[0] > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the instrument has no wavelength");
    for (int l = 0; l < inst->rad.n_lines; l++)
        if (!(inst->rad.lambda_A[l] > 0) || !isfinite(inst->rad.lambda_A[l]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "wavelength line %d of the instrument is not positive", l + 1);
    for (int i = 0; i < 5; i++)
        if (!isfinite(inst->uvwxy[i]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "the instrument profile (U V W X Y) is not finite");
    if (!(inst->asym_sl >= 0) || !(inst->asym_hl >= 0) || !isfinite(inst->zero_deg) ||
        !isfinite(inst->displacement_mm))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the instrument's asymmetry must be >= 0 and zero, displacement "
                             "finite");
    if (o->grid_unit != XRD_X_TWO_THETA_DEG && o->grid_unit != XRD_X_Q_INV_A &&
        o->grid_unit != XRD_X_Q_INV_NM)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                             "a simulated grid is uniform in 2theta or q, not in %s",
                             xrd_xunit_name(o->grid_unit));
    if (o->grid_unit == XRD_X_TWO_THETA_DEG &&
        !(o->x_min_deg > 0 && o->x_max_deg < 180 && o->x_min_deg < o->x_max_deg))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the 2theta range must satisfy 0 < min < max < 180 deg, found "
                             "%g to %g",
                             o->x_min_deg, o->x_max_deg);
    if (o->grid_unit != XRD_X_TWO_THETA_DEG) {
        double qmax = 4.0 * M_PI / inst->rad.lambda_A[0];
        double f = o->grid_unit == XRD_X_Q_INV_NM ? 10.0 : 1.0;
        if (!(o->x_min_deg > 0 && o->x_max_deg < f * qmax && o->x_min_deg < o->x_max_deg))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "the q range must satisfy 0 < min < max < 4 pi / lambda = %g "
                                 "%s, found %g to %g", f * qmax, f > 1 ? "1/nm" : "1/A",
                                 o->x_min_deg, o->x_max_deg);
    }
    if (!(o->step_deg > 0) || (o->x_max_deg - o->x_min_deg) / o->step_deg + 1 > MAX_POINTS)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the step must be > 0 and give at most %.0f points, found %g deg",
                             MAX_POINTS, o->step_deg);
    if ((o->x_max_deg - o->x_min_deg) / o->step_deg < 1.0)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the step %g deg is larger than the range", o->step_deg);
    if (!(o->max_counts > 0) || !isfinite(o->max_counts))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the maximum counts must be > 0, found %g", o->max_counts);
    if (o->n_background < 0 || o->n_background > XRD_MAX_CHEB)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "0 to %d background terms, found %d", XRD_MAX_CHEB,
                             o->n_background);
    for (int j = 0; j < o->n_background; j++)
        if (!isfinite(o->background[j]))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "background coefficient %d is not finite", j);
    if (o->noise != XRD_SIM_NOISE_NONE && o->noise != XRD_SIM_NOISE_POISSON)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "unknown noise kind %d",
                             (int)o->noise);
    for (int p = 0; p < n_phases; p++) {
        if (!(sp[p].size_nm >= 0) || !isfinite(sp[p].size_nm))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase %s: the size must be >= 0 nm (0 = no size "
                                 "broadening), found %g",
                                 phases[p].name, sp[p].size_nm);
        if (!(sp[p].strain >= 0) || !isfinite(sp[p].strain))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase %s: the strain must be >= 0, found %g", phases[p].name,
                                 sp[p].strain);
        if (!(sp[p].weight > 0) || !isfinite(sp[p].weight))
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "phase %s: the weight must be > 0, found %g", phases[p].name,
                                 sp[p].weight);
    }
    return XRD_OK;
}

/* Intensities of the model's reflection groups of phase p (unit weight). */
static xrd_status phase_intensities(xrdi_model *m, int p, const xrd_sim_options *o,
                                    xrd_error *err)
{
    xrdi_mphase *mp = &m->ph[p];
    if (mp->n_refl == 0)
        return XRD_OK;
    xrd_reflist rl;
    rl.n = mp->n_refl;
    rl.refl = malloc(rl.n * sizeof(xrd_reflection));
    double *in = malloc(rl.n * sizeof(double));
    if (!rl.refl || !in) {
        free(rl.refl);
        free(in);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < rl.n; k++) {
        rl.refl[k].h = mp->refl[k].h;
        rl.refl[k].k = mp->refl[k].k;
        rl.refl[k].l = mp->refl[k].l;
        rl.refl[k].multiplicity = mp->refl[k].mult;
        rl.refl[k].d_A = mp->refl[k].d_A;
    }
    xrd_status st = xrd_phase_intensities(&mp->phase, &rl, m->inst.rad.lambda_A[0], o, in, NULL,
                                          err);
    if (st == XRD_OK)
        for (size_t k = 0; k < rl.n; k++)
            mp->refl[k].intensity = in[k];
    free(rl.refl);
    free(in);
    return st;
}

/* 1 when a reflection of some phase (line 1, zero included) lies in the range
 * and has intensity: only then is the peak height max_counts meaningful. */
static int any_reflection_inside(const xrdi_model *m)
{
    double lambda = m->inst.rad.lambda_A[0];
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            double s = lambda / (2.0 * m->ph[p].refl[k].d_A);
            if (s >= 1.0 || !(m->ph[p].refl[k].intensity > 0))
                continue;
            double tt = 2.0 * asin(s) * 180.0 / M_PI + m->inst.zero_deg;
            if (tt >= m->x_lo && tt <= m->x_hi)
                return 1;
        }
    return 0;
}

static void free_model(xrdi_model *m)
{
    if (m->ph)
        for (int p = 0; p < m->n_phases; p++)
            free(m->ph[p].refl);
    free(m->ph);
}

xrd_status xrd_simulate(const xrd_instrument *inst, const xrd_phase *phases,
                        const xrd_sim_phase *sp, int n_phases, const xrd_sim_options *o,
                        xrd_pattern **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output pattern given");
    *out = NULL;
    xrd_status st = check_inputs(inst, phases, sp, n_phases, o, err);
    if (st != XRD_OK)
        return st;
    size_t n = (size_t)floor((o->x_max_deg - o->x_min_deg) / o->step_deg + 1e-9) + 1;
    xrd_pattern *pat = xrd_pattern_new(n);
    double *w = malloc(n * sizeof(double)), *peaks = malloc(n * sizeof(double));
    xrdi_model m;
    memset(&m, 0, sizeof m);
    xrdi_envelope *env = NULL;
    m.ph = calloc((size_t)n_phases, sizeof(xrdi_mphase));
    if (!pat || !w || !peaks || !m.ph) {
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for %zu points", n);
        goto done;
    }
    /* the model runs in 2theta; a grid uniform in q is converted point by point */
    for (size_t i = 0; i < n; i++) {
        double x = o->x_min_deg + (double)i * o->step_deg;
        pat->x[i] = o->grid_unit == XRD_X_TWO_THETA_DEG
                        ? x
                        : xrd_x_convert(x, o->grid_unit, XRD_X_TWO_THETA_DEG,
                                        inst->rad.lambda_A[0]);
        w[i] = 1.0;
    }
    /* the model exactly as a fit over this grid sets it up (lib/refine/fit.c) */
    m.n = n;
    m.x = pat->x;
    m.y = pat->y;
    m.w = w;
    m.x_lo = pat->x[0];
    m.x_hi = pat->x[n - 1];
    m.inst = *inst;
    m.iopt.electron = o->electron;
    m.tail = o->tail_fraction > 0 && o->tail_fraction < 0.1 ? o->tail_fraction : 1e-4;
    m.prof = xrd_profile_get(XRD_PROFILE_TCH);
    m.asym_tied = 0;
    for (int c = 0; c < XRDI_MAX_CLUSTERS; c++)
        m.cluster_scale[c] = 1.0;
    if (m.inst.rad.n_lines > 1 && !(m.inst.rad.weight[1] > 0))
        m.inst.rad.weight[1] = 0.5;
    m.bkg.n_cheb = 0; /* first pass: the diffracted signal alone */
    for (int p = 0; p < n_phases; p++) {
        xrdi_mphase *mp = &m.ph[p];
        mp->phase = phases[p];
        xrd_spacegroup_constrain_cell(&mp->phase.sg, &mp->phase.cell);
        if ((st = xrd_cell_validate(&mp->phase.cell, err)) != XRD_OK)
            goto done;
        mp->scale = 1.0;
        mp->size_inv = sp[p].size_nm > 0 ? 1.0 / (0.75 * sp[p].size_nm) : 0.0;
        mp->strain = sp[p].strain;
        m.n_phases = p + 1;
    }
    xrd_error sub;
    xrd_error_clear(&sub);
    if (xrdi_lebail_init_reflections(&m, 0.0, &sub)) {
        if (sub.code == XRD_OK)
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for reflections");
        else if ((st = sub.code) && err)
            *err = sub;
        goto done;
    }
    for (int p = 0; p < n_phases; p++) {
        if ((st = phase_intensities(&m, p, o, err)) != XRD_OK)
            goto done;
        for (size_t k = 0; k < m.ph[p].n_refl; k++)
            m.ph[p].refl[k].intensity *= sp[p].weight;
    }
    if (!o->symmetric_peaks) {
        /* the fall-off across each peak, with the polarisation and factors of o */
        m.iopt = *o;
        if ((st = xrdi_envelope_build(&m, pat->x[0], pat->x[n - 1], &env, err)) != XRD_OK)
            goto done;
        m.env = env;
    }
    if (xrdi_model_eval(&m, NULL, 0, peaks, NULL, 0, NULL)) {
        st = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the model could not be evaluated (non-finite widths or positions)");
        goto done;
    }
    double ymax = 0;
    for (size_t i = 0; i < n; i++)
        if (peaks[i] > ymax)
            ymax = peaks[i];
    if (!(ymax > 0) || !any_reflection_inside(&m)) {
        st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                           "no reflection of any phase lies in %g to %g %s at %g A",
                           o->x_min_deg, o->x_max_deg,
                           o->grid_unit == XRD_X_TWO_THETA_DEG ? "deg 2theta"
                           : o->grid_unit == XRD_X_Q_INV_A     ? "1/A (q)"
                                                               : "1/nm (q)",
                           inst->rad.lambda_A[0]);
        goto done;
    }
    double scale = o->max_counts / ymax;
    m.bkg.n_cheb = o->n_background;
    for (int j = 0; j < o->n_background; j++)
        m.bkg.cheb[j] = o->background[j];
    for (size_t i = 0; i < n; i++) {
        double mu = peaks[i] * scale + xrdi_background_at(&m, pat->x[i]);
        if (o->noise == XRD_SIM_NOISE_POISSON && mu < 0) {
            st = xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                               "the background is negative (%g counts) at %g deg: Poisson "
                               "counts need a mean >= 0",
                               mu, pat->x[i]);
            goto done;
        }
        pat->y[i] = mu;
    }
    if (o->noise == XRD_SIM_NOISE_POISSON) {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        if (!r) {
            st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
            goto done;
        }
        gsl_rng_set(r, o->seed);
        for (size_t i = 0; i < n; i++)
            pat->y[i] = pat->y[i] > 0 ? (double)gsl_ran_poisson(r, pat->y[i]) : 0.0;
        gsl_rng_free(r);
    }
    for (size_t i = 0; i < n; i++) {
        pat->sigma[i] = sqrt(pat->y[i] > 1.0 ? pat->y[i] : 1.0);
        if (pat->y[i] < 0)
            pat->n_negative++;
    }
    for (size_t i = 0; o->grid_unit != XRD_X_TWO_THETA_DEG && i < n; i++)
        pat->x[i] = o->x_min_deg + (double)i * o->step_deg;
    pat->unit = o->grid_unit;
    pat->wavelength_A = inst->rad.lambda_A[0];
    pat->x_scale = 1.0;
    snprintf(pat->source, sizeof pat->source, "simulated (xrdfit %s)", xrd_version());
    *out = pat;
    pat = NULL;
    st = XRD_OK;
done:
    xrdi_envelope_free(env);
    free_model(&m);
    free(w);
    free(peaks);
    xrd_pattern_free(pat);
    return st;
}
