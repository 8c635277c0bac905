/* Which parameters each refinement stage refines, with their bounds; the
 * final stage's Le Bail intensities and overlap clusters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "model/faults.h"
#include "model/film.h"
#include "model/peak.h"
#include "model/size_lognormal.h"
#include "refine/fit_internal.h"
#include "refine/lebail.h"

/* largest Jacobian (points x parameters) for refining intensities jointly */
#define XRDI_JOINT_MAX_ELEMENTS 2.5e6
/* groups at least this much their own (xrdi_lebail_dominance) join the least squares */
#define XRDI_DOMINANCE_MIN 0.7
#define XRDI_VISIBLE_MIN 0.05

static void add(xrdi_pset *s, xrdi_pkind k, int phase, int index, xrdi_transform tr, double lo,
                double hi)
{
    if (s->np >= XRDI_MAX_PARAMS)
        return;
    xrdi_pref r = {k, phase, index};
    s->ref[s->np] = r;
    s->bound[s->np].tr = tr;
    s->bound[s->np].lo = lo;
    s->bound[s->np].hi = hi;
    s->np++;
}

void xrdi_pset_build(const struct xrd_fit *f, int stages, xrdi_pset *s)
{
    const xrd_fit_options *o = &f->opt;
    const xrdi_model *m = &f->m;
    s->np = 0;
    if (stages & XRDI_ST_BKG) {
        for (int j = 0; j < m->bkg.n_cheb; j++)
            add(s, XRDI_P_BKG, -1, j, XRDI_FREE, 0, 0);
        if (m->bkg.use_inv_x)
            add(s, XRDI_P_INVX, -1, 0, XRDI_FREE, 0, 0);
        if (m->bkg.use_hump) {
            add(s, XRDI_P_HUMP_H, -1, 0, XRDI_LOWER, 0, 0);
            add(s, XRDI_P_HUMP_C, -1, 0, XRDI_FREE, 0, 0);
            add(s, XRDI_P_HUMP_W, -1, 0, XRDI_POSITIVE, 0.5, 0);
        }
        if (m->bkg.use_film) {
            add(s, XRDI_P_FILM_A, -1, 0, XRDI_LOWER, 0, 0);
            add(s, XRDI_P_FILM_P, -1, 0, XRDI_INTERVAL, XRDI_FILM_POWER_MIN, XRDI_FILM_POWER_MAX);
            /* a ring's centre stays in its window around the nearer a-C
             * ring's value, its width broad */
            for (int j = 0; j < m->bkg.n_rings; j++) {
                double qj = 4.0 * M_PI * sin(m->bkg.ring_center_deg[j] * M_PI / 360.0) /
                            m->inst.rad.lambda_A[0];
                int t = fabs(qj - XRDI_FILM_RING_Q(0)) <= fabs(qj - XRDI_FILM_RING_Q(1)) ? 0 : 1;
                double q = XRDI_FILM_RING_Q(t), hw = XRDI_FILM_RING_WINDOW_Q;
                double wlo = xrdi_film_deg_of_q(m, q + 0.5 * XRDI_FILM_FWHM_MIN_Q) -
                             xrdi_film_deg_of_q(m, q - 0.5 * XRDI_FILM_FWHM_MIN_Q);
                double whi = xrdi_film_deg_of_q(m, q + 0.5 * XRDI_FILM_FWHM_MAX_Q) -
                             xrdi_film_deg_of_q(m, q - 0.5 * XRDI_FILM_FWHM_MAX_Q);
                add(s, XRDI_P_RING_H, -1, j, XRDI_LOWER, 0, 0);
                add(s, XRDI_P_RING_C, -1, j, XRDI_INTERVAL, xrdi_film_deg_of_q(m, q - hw),
                    xrdi_film_deg_of_q(m, q + hw));
                add(s, XRDI_P_RING_W, -1, j, XRDI_INTERVAL, wlo, whi);
            }
        }
        for (int p = 0; p < m->n_phases; p++)
            add(s, XRDI_P_SCALE, p, 0, XRDI_POSITIVE, 0, 0);
    }
    if (stages & XRDI_ST_CELL) {
        for (int p = 0; p < m->n_phases && !o->hold_cell; p++)
            for (int j = 0; j < m->ph[p].n_cell_free; j++)
                add(s, XRDI_P_CELL, p, j, XRDI_FREE, 0, 0);
        if (o->refine_wavelength)
            add(s, XRDI_P_WAVELENGTH, -1, 0, XRDI_POSITIVE, 0, 0);
        if (o->refine_radial)
            add(s, XRDI_P_RADIAL, -1, 0, XRDI_FREE, 0, 0);
        if (o->refine_zero)
            add(s, XRDI_P_ZERO, -1, 0, XRDI_FREE, 0, 0);
        /* with the zero, the displacement joins only the last stage, once the
         * widths are right: at start widths the two trade along their
         * near-degenerate direction into a false minimum */
        if (o->refine_displacement && m->inst.geometry == XRD_GEOM_BRAGG_BRENTANO &&
            (!o->refine_zero || (stages & XRDI_ST_ASYM)))
            add(s, XRDI_P_DISP, -1, 0, XRDI_FREE, 0, 0);
        if (o->refine_ka2_ratio && m->inst.rad.n_lines > 1)
            add(s, XRDI_P_K2RATIO, -1, 0, XRDI_INTERVAL, 0.3, 0.8);
    }
    if (stages & XRDI_ST_WIDTH) {
        if (o->refine_instrument) {
            /* electron rings (tan theta < 0.03): U tan^2 + V tan and X tan are
             * W and Y again to 3 %, and degenerate with them; the camera's
             * Gaussian (W) and Lorentzian (Y) are constant in q (docs/electron.md) */
            int electron = m->inst.rad.lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A;
            if (!electron) {
                add(s, XRDI_P_U, -1, 0, XRDI_FREE, 0, 0);
                add(s, XRDI_P_V, -1, 0, XRDI_FREE, 0, 0);
            }
            add(s, XRDI_P_W, -1, 0, XRDI_LOWER, 0, 0);
            if (!electron)
                add(s, XRDI_P_X, -1, 0, XRDI_LOWER, 0, 0);
            add(s, XRDI_P_Y, -1, 0, XRDI_LOWER, 0, 0);
        } else {
            for (int p = 0; p < m->n_phases; p++) {
                if (m->ph[p].rietveld && o->refine_biso)
                    add(s, XRDI_P_BISO, p, 0, XRDI_FREE, 0, 0);
                if (m->ph[p].rietveld && m->ph[p].md_on)
                    add(s, XRDI_P_MD, p, 0, XRDI_INTERVAL, 0.2, 5.0);
                if (o->refine_size)
                    add(s, XRDI_P_SIZE, p, 0, XRDI_LOWER, 0, 0);
                /* the Gaussian size part (a ratio to the Lorentzian) with the
                 * other widths (freeing it only in the last stage changed no
                 * fit of bench/study_dse.sh, only some of analyze's verdicts,
                 * both ways) */
                if (o->refine_size && m->ph[p].size_lognormal)
                    add(s, XRDI_P_SIZE_SIGMA, p, 0, XRDI_INTERVAL, XRDI_SIZE_SIGMA_MIN,
                        XRDI_SIZE_SIGMA_MAX);
                else if (o->refine_size && o->size_gauss)
                    add(s, XRDI_P_SIZE_G, p, 0, XRDI_INTERVAL, 0, XRDI_SIZE_G_RATIO_MAX);
                if (o->refine_strain)
                    add(s, XRDI_P_STRAIN, p, 0, XRDI_LOWER, 0, 0);
                if (o->refine_faults && xrdi_faults_apply(&m->ph[p].phase))
                    add(s, XRDI_P_FAULT, p, 0, XRDI_INTERVAL, 0, XRDI_FAULT_ALPHA_MAX);
                if (o->refine_twins && xrdi_faults_apply(&m->ph[p].phase))
                    add(s, XRDI_P_TWIN, p, 0, XRDI_INTERVAL, 0, XRDI_TWIN_BETA_MAX);
            }
        }
    }
    if ((stages & XRDI_ST_WIDTH) && m->sr_on) {
        add(s, XRDI_P_SR_P, -1, 0, XRDI_INTERVAL, 0.0, 1.0);
        add(s, XRDI_P_SR_Q, -1, 0, XRDI_INTERVAL, 0.0, 5.0);
    }
    if ((stages & XRDI_ST_ASYM) && f->refine_asym)
        add(s, XRDI_P_ASYM, -1, 0, XRDI_LOWER, 0, 0);
}

void xrdi_pset_all(const struct xrd_fit *f, xrdi_pset *s)
{
    xrdi_pset_build(f, XRDI_ST_BKG | XRDI_ST_CELL | XRDI_ST_WIDTH | XRDI_ST_ASYM, s);
}

/* Final stage: the intensities of the groups the data see join the least
 * squares (the phase scales, then redundant, leave it) when the Jacobian stays
 * small; the Le Bail extraction of the earlier stages gives their start. With
 * intensities fixed, widths and intensities are refined in turn and converge
 * slowly where peaks overlap. Returns 1 when intensities were added. */
typedef struct {
    int p;
    size_t k;
    double pos, fwhm;
} rpos;

static int by_pos(const void *a, const void *b)
{
    const rpos *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Overlapped groups (not joint, seen by the data) form clusters of
 * neighbours closer than their combined FWHM, across phases. */
static void make_clusters(xrdi_model *m)
{
    size_t n = 0;
    for (int p = 0; p < m->n_phases; p++)
        n += m->ph[p].n_refl;
    rpos *r = malloc((n ? n : 1) * sizeof(rpos));
    m->n_clusters = 0;
    if (!r)
        return;
    size_t q = 0;
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            xrdi_refl *g = &m->ph[p].refl[k];
            g->cluster = -1;
            xrdi_peak pk;
            if (g->joint || g->tie >= 0 || xrdi_peak_setup(m, p, k, 0, &pk) != 1 ||
                xrdi_lebail_visible_fraction(m, p, k) < XRDI_VISIBLE_MIN)
                continue;
            double H;
            xrd_tch_mix(pk.hg, pk.hl, &H, NULL, NULL, NULL, NULL, NULL);
            r[q].p = p;
            r[q].k = k;
            r[q].pos = pk.pos_deg;
            r[q].fwhm = H;
            q++;
        }
    qsort(r, q, sizeof(rpos), by_pos);
    for (size_t i = 0; i < q; i++) {
        int link = i > 0 && r[i].pos - r[i - 1].pos < r[i].fwhm + r[i - 1].fwhm;
        if (!link && m->n_clusters < XRDI_MAX_CLUSTERS)
            m->n_clusters++;
        m->ph[r[i].p].refl[r[i].k].cluster = m->n_clusters - 1;
    }
    free(r);
    xrdi_apply_ties(m); /* tied groups follow their reference's cluster */
}

int xrdi_pset_add_intensities(struct xrd_fit *f, xrdi_pset *s)
{
    xrdi_model *m = &f->m;
    size_t ni = 0;
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            xrdi_refl *r = &m->ph[p].refl[k];
            r->joint = r->tie < 0 && xrdi_lebail_visible_fraction(m, p, k) >= XRDI_VISIBLE_MIN &&
                       xrdi_lebail_dominance(m, p, k) >= XRDI_DOMINANCE_MIN;
            ni += (size_t)r->joint;
        }
    make_clusters(m);
    size_t np = s->np + ni + (size_t)m->n_clusters;
    if (np > XRDI_MAX_PARAMS || (double)m->n * (double)np > XRDI_JOINT_MAX_ELEMENTS) {
        for (int p = 0; p < m->n_phases; p++)
            for (size_t k = 0; k < m->ph[p].n_refl; k++) {
                m->ph[p].refl[k].joint = 0;
                m->ph[p].refl[k].cluster = -1;
            }
        m->n_clusters = 0;
        return 0;
    }
    /* every group the data see is now amplitude-refined: the scales go */
    xrdi_pset t = *s;
    s->np = 0;
    for (size_t j = 0; j < t.np; j++)
        if (t.ref[j].kind != XRDI_P_SCALE) {
            s->ref[s->np] = t.ref[j];
            s->bound[s->np] = t.bound[j];
            s->np++;
        }
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            if (m->ph[p].refl[k].joint)
                add(s, XRDI_P_INTENSITY, p, (int)k, XRDI_FREE, 0, 0);
    for (int c = 0; c < m->n_clusters; c++)
        add(s, XRDI_P_CLUSTER, -1, c, XRDI_POSITIVE, 0, 0);
    return 1;
}

