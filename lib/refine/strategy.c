/* The staged refinement a user would otherwise do by hand:
 * background + scale -> cell + zero -> widths -> asymmetry -> all together,
 * each stage alternating Le Bail intensity cycles with least squares.
 * xrd_fit_run: the default route (strategy_varpro.c), the classic cycles
 * (strategy_classic.c) when asked or as its rescue, then the result; and
 * what the stages share (chi2, scales folded, divergence, the stage log).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "model/peak.h"
#include "refine/fit_internal.h"
#include "refine/lebail.h"
#include "refine/plausible.h"
#include "refine/start.h"
#include "refine/serial.h"
#include "refine/strategy.h"
#include "refine/strategy_internal.h"
#include "refine/rietveld.h"

double xrdi_fit_chi2(const struct xrd_fit *f)
{
    size_t n = f->m.n;
    double *yc = malloc(n * sizeof(double));
    if (!yc || xrdi_model_eval(&f->m, NULL, 0, yc, NULL, 0, NULL)) {
        free(yc);
        return NAN;
    }
    double c = 0;
    for (size_t i = 0; i < n; i++) {
        double r = (yc[i] - f->m.y[i]) * f->m.w[i];
        c += r * r;
    }
    free(yc);
    return c;
}

void xrdi_fold_scales(xrdi_model *m)
{
    for (int p = 0; p < m->n_phases; p++) {
        xrdi_mphase *ph = &m->ph[p];
        if (ph->rietveld) /* the scale is the result; the structure sets the intensities */
            continue;
        for (size_t k = 0; k < ph->n_refl; k++) {
            int c = ph->refl[k].cluster;
            ph->refl[k].intensity *= ph->scale * (c >= 0 ? m->cluster_scale[c] : 1.0);
        }
        ph->scale = 1.0;
    }
    for (int c = 0; c < XRDI_MAX_CLUSTERS; c++)
        m->cluster_scale[c] = 1.0;
    xrdi_apply_ties(m);
}

/* Divergence: cells far from the start, absurd widths. Message into buf. */
int xrdi_diverged(const struct xrd_fit *f, char *buf, size_t n)
{
    const xrdi_model *m = &f->m;
    for (int p = 0; p < m->n_phases; p++) {
        const xrd_cell *c = &m->ph[p].phase.cell;
        const double *c0 = &f->start_cell[p * 3];
        double v[3] = {c->a, c->b, c->c};
        for (int j = 0; j < 3; j++)
            if (!(fabs(v[j] / c0[j] - 1.0) < 0.15)) {
                snprintf(buf, n, "diverged: cell of %s moved from %.4f to %.4f A (more than 15 %%)",
                         m->ph[p].phase.name, c0[j], v[j]);
                return 1;
            }
        double mid = 0.5 * (m->x_lo + m->x_hi);
        double d = m->inst.rad.lambda_A[0] / (2.0 * sin(mid * M_PI / 360.0));
        double H = xrdi_model_fwhm(m, p, d);
        if (!(H < 0.5 * (m->x_hi - m->x_lo) + 5.0)) {
            snprintf(buf, n, "diverged: peaks of %s became %.3g deg wide", m->ph[p].phase.name, H);
            return 1;
        }
    }
    return 0;
}

void xrdi_log_values(const struct xrd_fit *f, const xrdi_pset *s)
{
    if (!f->opt.log)
        return;
    char line[2048];
    int o = snprintf(line, sizeof line, "   ");
    for (size_t j = 0; j < s->np && o > 0 && (size_t)o < sizeof line - 64; j++) {
        if (s->ref[j].kind == XRDI_P_BKG || s->ref[j].kind == XRDI_P_SCALE)
            continue;
        char nm[64];
        xrdi_param_name(&f->m, s->ref[j], nm, sizeof nm);
        o += snprintf(line + o, sizeof line - (size_t)o, " %s=%.6g", nm,
                      *xrdi_param_ptr((xrdi_model *)&f->m, s->ref[j]));
    }
    xrdi_fit_log(f, "%s", line);
}

void xrdi_log_pset(const struct xrd_fit *f, const char *stage, const xrdi_pset *s)
{
    char line[1024];
    int o = snprintf(line, sizeof line, "stage %s: refining", stage);
    for (size_t j = 0; j < s->np && o > 0 && (size_t)o < sizeof line - 40; j++) {
        char nm[64];
        xrdi_param_name(&f->m, s->ref[j], nm, sizeof nm);
        o += snprintf(line + o, sizeof line - (size_t)o, " %s", nm);
    }
    xrdi_fit_log(f, "%s", line);
}

xrd_status xrd_fit_run(xrd_fit *f, xrd_error *err)
{
    if (!f)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no fit workspace");
    xrdi_fit_result_clear(&f->res);
    xrdi_final_normal_clear(&f->final);
    f->background_model[0] = 0;
    f->final_shift_esd = 0;
    f->prior_boost = 1.0;
    f->have_result = 0;
    xrdi_model *m = &f->m;
    xrd_status st;
    if (xrdi_lebail_init_reflections(m, 1.0, err))
        return err ? err->code : XRD_ERR_NUMERIC;
    st = xrdi_fit_check_bounded(f, err);
    if (st != XRD_OK)
        return st;
    if (f->opt.n_background <= 0) {
        /* the background must stay smoother than the peaks: at most range /
         * (4 FWHM) terms, measured on a first 4-term estimate */
        int full = m->bkg.n_cheb;
        m->bkg.n_cheb = full < 4 ? full : 4;
        if (xrdi_start_background(m))
            return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the background estimate failed");
        double H = xrdi_start_strongest_fwhm(m, NULL);
        int k = full;
        if (isfinite(H) && H > 0) {
            double lim = (m->x_hi - m->x_lo) / (4.0 * H);
            if (lim < k)
                k = (int)lim;
        }
        m->bkg.n_cheb = k < 3 ? (full < 3 ? full : 3) : k;
        memset(m->bkg.cheb, 0, sizeof m->bkg.cheb);
        xrdi_fit_log(f, "background: %d Chebyshev terms (strongest peak FWHM %.3g deg)",
                     m->bkg.n_cheb, H);
    }
    if (xrdi_start_background(m))
        return xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0, "the background estimate failed");
    if (!f->opt.refine_instrument && f->opt.refine_size)
        xrdi_start_sizes(m);
    /* equal starting intensities scaled to the net diffracted area */
    {
        double calc = xrdi_start_peak_area(m), net = xrdi_start_net_area(m);
        double s0 = calc > 0 && net > 0 ? net / calc : 1.0;
        for (int p = 0; p < m->n_phases; p++)
            for (size_t k = 0; k < m->ph[p].n_refl; k++)
                m->ph[p].refl[k].intensity = s0;
        xrdi_rietveld_start_scales(m, s0);
        xrdi_apply_ties(m);
    }
    static const struct {
        const char *name;
        int stages;
    } plan[] = {{"1 (background, scale)", XRDI_ST_BKG},
                {"2 (+ cell, zero)", XRDI_ST_BKG | XRDI_ST_CELL},
                {"3 (+ widths)", XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH},
                {"4 (+ asymmetry)", XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH | XRDI_ST_ASYM}};
    xrdi_lsq_result lr;
    xrdi_pset s;
    char why[256] = "";
    int total_cycles = 0, converged = 0;
    if (!f->opt.classic_cycles) {
        int div = 0;
        st = xrdi_run_varpro(f, 0, "", &total_cycles, &converged, &div, why, sizeof why, err);
        if (st == XRD_ERR_UNSUPPORTED) {
            /* more non-linear parameters than the fast route takes */
            xrdi_fit_log(f, "%s: Le Bail cycles instead", err ? err->message : "fast route unsupported");
            if (err)
                memset(err, 0, sizeof *err);
            converged = 0;
        } else if (st != XRD_OK) {
            return st;
        } else if (converged && xrdi_background_choice_applies(f)) {
            st = xrdi_background_choose(f, &converged, why, sizeof why, err);
            if (st != XRD_OK)
                return st;
            goto result;
        } else if (converged || div || !f->opt.rescue || f->opt.rietveld) {
            goto result;
        }
        /* rare (seen on standards whose instrument is refined from defaults):
         * the classic alternation takes over from where the fast route stopped */
        xrdi_final_normal_clear(&f->final);
        xrdi_fit_log(f, "%s: Le Bail cycles take over from these values", why);
        why[0] = 0;
    }
    for (size_t k = 0; k < sizeof plan / sizeof plan[0]; k++) {
        if (plan[k].stages & XRDI_ST_ASYM && !f->refine_asym)
            continue;
        xrdi_pset_build(f, plan[k].stages, &s);
        xrdi_log_pset(f, plan[k].name, &s);
        for (int c = 0; c < XRDI_STAGE_CYCLES; c++) {
            st = xrdi_cycle(f, &s, XRDI_STAGE_LEBAIL, 30, &lr, err);
            total_cycles++;
            if (st != XRD_OK)
                return st;
            if (xrdi_diverged(f, why, sizeof why))
                break;
        }
        xrdi_fit_log(f, "  chi2 = %.6g (%ld model evaluations so far)", lr.chi2, f->counts.evals);
        if (why[0])
            break;
    }
    /* final stage: everything until chi2 settles */
    if (!why[0]) {
        /* as a rescue of the fast route, the slow cycles get a bounded share */
        int cap = f->opt.classic_cycles || f->opt.max_cycles < XRDI_RESCUE_CYCLES
                      ? f->opt.max_cycles
                      : XRDI_RESCUE_CYCLES;
        st = xrdi_final_stage(f, cap, &total_cycles, &converged, why, sizeof why, err);
        if (st != XRD_OK)
            return st;
    }
    /* an electron profile started with the carbon film keeps it only by the
     * background choice, also when the Le Bail cycles found the solution */
    if (st == XRD_OK && converged && f->m.bkg.use_film && xrdi_background_choice_applies(f)) {
        st = xrdi_background_choose(f, &converged, why, sizeof why, err);
        if (st != XRD_OK)
            return st;
    }
result:
    st = xrdi_rietveld_settle(f, &converged, why, sizeof why, err);
    if (st != XRD_OK)
        return st;
    st = xrdi_fit_serial_restraints(f, &converged, why, sizeof why, err);
    if (st != XRD_OK)
        return st;
    xrdi_pset_all(f, &s);
    st = xrdi_fit_fill_result(f, &s, err);
    if (st != XRD_OK)
        return st;
    if (converged && xrdi_fit_implausible_end(f, why, sizeof why))
        converged = 0;
    if (converged && xrdi_fit_undetermined_cell(f, why, sizeof why))
        converged = 0;
    f->res.converged = converged;
    f->res.cycles = total_cycles;
    xrdi_fit_log(f, "work: %ld model evaluations (%ld with Jacobian), %ld peak-points", f->counts.evals,
                 f->counts.jacobians, f->counts.peaks);
    if (!converged)
        snprintf(f->res.message, sizeof f->res.message, "%s", why);
    else if (f->opt.classic_cycles)
        snprintf(f->res.message, sizeof f->res.message, "%s",
                 "converged: in the last Le Bail + least-squares cycle chi2 changed by less than "
                 "1e-4 or no parameter moved by more than 0.05 esd");
    else if (f->final_shift_esd < XRDI_VARPRO_SHIFT_TOL)
        snprintf(f->res.message, sizeof f->res.message,
                 "converged: the Gauss-Newton shift of every parameter is below %.2g of its esd",
                 XRDI_VARPRO_SHIFT_TOL);
    else
        snprintf(f->res.message, sizeof f->res.message,
                 "converged: chi2 can no longer be lowered and the Gauss-Newton shift of every "
                 "parameter is below %.2g of its esd", f->final_shift_esd);
    f->have_result = 1;
    return XRD_OK;
}
