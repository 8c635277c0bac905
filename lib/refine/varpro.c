/* Variable projection for the Le Bail fit: Levenberg-Marquardt on the
 * non-linear parameters with background terms and reflection intensities
 * solved exactly (non-negative) at every trial point.
 *
 * One pass over the points gives the normal matrix M = [J | Wy]^T [J | Wy] of
 * all parameters (non-linear first, then linear), accumulated a block of rows
 * at a time over the columns the block touches. The pattern is exactly linear
 * in the linear parameters c (f = A c), so from M alone:
 *   c*    = argmin |W^1/2 (y - A c)|^2, c >= 0 where required (active set),
 *   chi2  = y'Wy - 2 c*'A'Wy + c*'A'WA c*,
 *   S     = M_tt - M_tF M_FF^-1 M_Ft (F: the free linear parameters),
 *   g     = D'W(y - A c*)
 * and the reduced Gauss-Newton step is S dt = g (Kaufman's variant; D, the
 * derivative columns of the non-linear parameters, is taken at the linear
 * parameters of the pass). Every trial costs one pass.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/varpro.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refine/chol.h"
#include "refine/normal_blocks.h"

#define VP_RIDGE 1e-12       /* relative ridge on the scaled linear system */
#define VP_RELEASE_TOL 1e-3  /* chi reduction that releases a zero intensity */
#define VP_LAMBDA0 1e-3
#define VP_LAMBDA_MAX 1e10
/* a rejected step with every shift below this many times the tolerance ends */
#define VP_NOISE_FACTOR 5.0
/* the Levenberg-Marquardt path exhausted (no step lowers chi2, however short)
 * with every Gauss-Newton shift below this fraction of its esd: chi2 is not
 * smooth at that scale (window edges, intensities held at 0), so the
 * solution is known to within it; converged, and said so */
#define VP_EXHAUSTED_SHIFT 0.25
/* stalled walk: over this many steps chi2 fell by less than VP_STALL_CHI2 x chi2/dof */
#define VP_STALL_STEPS 10
#define VP_STALL_CHI2 0.05

typedef struct {
    struct xrd_fit *f;
    size_t p, q, np, nm;       /* non-linear, linear, all, np + 1 */
    xrdi_pref *ref;            /* np references, non-linear first */
    xrdi_bound *bound;         /* p bounds of the non-linear parameters */
    double *colscale;          /* p: d(natural)/d(solver variable) */
    unsigned char *nonneg;     /* np: linear parameters kept >= 0 */
    double *yc;                /* scratch of np + 1 */
    double *L;                 /* scaled Cholesky factor of M_FF (q x q) */
    double *sc;                /* q scale factors */
    size_t *idx;               /* q free linear parameters (indices into ref) */
    size_t clamped;            /* peaks of the last pass whose Gaussian width^2 went <= 0 */
    double prior_scale;        /* restraints weigh s2 / sd^2: s2 = max(1, chi2/dof) at the
                                  start point (0 until its evaluation) */
    xrdi_nb_ws nb;             /* pass buffers */
} vp;

/* A point of the reduced problem with everything derived from its pass. */
typedef struct {
    double *theta, *c, *M, *S, *g;
    double *Y;                 /* np x p: d(c opt)/d(theta) = -Y, rows of free linear ones */
    unsigned char *fixed;      /* np: linear parameter held at 0 */
    double chi2;
    size_t n_free;
    size_t clamped;            /* peaks with the Gaussian width held at its floor */
} vp_state;

/* Microstrain and the FCJ asymmetry act through their squares (the Gaussian
 * width adds e^2 in quadrature; the kernel's shift and variance grow as
 * (S/L)^2): at 0 their own derivative vanishes, so a lower bound there would
 * hold them for good. They are solved in the square, evaluated at no less than
 * this probe value (an effect far below any width) so that the derivative in
 * the square is defined. 0 for every other parameter. */
static double squared_probe(xrdi_pkind k)
{
    return k == XRDI_P_STRAIN ? 1e-7 : k == XRDI_P_SIZE_G ? 1e-3 : k == XRDI_P_ASYM ? 1e-4 : 0.0;
}

static void set_point(vp *w, const double *theta, const double *c, const unsigned char *fixed)
{
    xrdi_model *m = &w->f->m;
    for (size_t j = 0; j < w->p; j++) {
        double probe = squared_probe(w->ref[j].kind);
        if (probe > 0) {
            double e = sqrt(theta[j] > 0 ? theta[j] : 0.0);
            if (e < probe)
                e = probe;
            *xrdi_param_ptr(m, w->ref[j]) = e;
            w->colscale[j] = 0.5 / e;
        } else {
            *xrdi_param_ptr(m, w->ref[j]) = theta[j];
        }
    }
    for (size_t j = w->p; j < w->np; j++)
        *xrdi_param_ptr(m, w->ref[j]) = fixed && fixed[j] ? 0.0 : c[j];
    xrdi_apply_ties(m);
    if (m->asym_tied)
        m->inst.asym_hl = m->inst.asym_sl;
}

/* M = [J | Wy]^T [J | Wy] at the model's current values. 0, or -1. */
static int pass(vp *w, double *M)
{
    return xrdi_normal_blocks(&w->f->m, w->ref, w->np, w->colscale, w->p, M, &w->clamped,
                              &w->nb);
}

/* Factor the free block of the linear parameters into w->L; solve for c. */
static int solve_free(vp *w, const double *M, const unsigned char *fixed, double *c, size_t *k_out)
{
    size_t nm = w->nm, np = w->np, k = 0;
    for (size_t j = w->p; j < np; j++)
        if (!fixed[j])
            w->idx[k++] = j;
    *k_out = k;
    for (size_t a = 0; a < k; a++)
        w->sc[a] = 1.0 / sqrt(M[w->idx[a] * nm + w->idx[a]]);
    for (double ridge = VP_RIDGE; ridge < 1e-4; ridge *= 100.0) {
        for (size_t a = 0; a < k; a++) {
            for (size_t b = 0; b < k; b++)
                w->L[a * k + b] = M[w->idx[a] * nm + w->idx[b]] * w->sc[a] * w->sc[b];
            w->L[a * k + a] += ridge;
        }
        if (xrdi_chol(w->L, k) == 0) {
            double *z = w->yc;
            for (size_t a = 0; a < k; a++)
                z[a] = M[w->idx[a] * nm + np] * w->sc[a];
            xrdi_chol_solve(w->L, k, z);
            for (size_t j = w->p; j < np; j++)
                c[j] = 0.0;
            for (size_t a = 0; a < k; a++)
                c[w->idx[a]] = z[a] * w->sc[a];
            return 0;
        }
    }
    return -1;
}

/* Linear parameters of the point whose pass gave st->M: non-negative least
 * squares by an active set; then chi2, S and g. 0, or -1. */
static int reduce(vp *w, vp_state *st)
{
    const double *M = st->M;
    size_t nm = w->nm, np = w->np, p = w->p, k = 0;
    double *c = st->c;
    for (size_t j = p; j < np; j++)
        st->fixed[j] = !(M[j * nm + j] > 0);
    size_t releases = 0;
    for (size_t round = 0; round < 4 * w->q + 10; round++) {
        if (solve_free(w, M, st->fixed, c, &k))
            return -1;
        int neg = 0;
        for (size_t j = p; j < np; j++)
            if (!st->fixed[j] && w->nonneg[j] && c[j] < 0) {
                st->fixed[j] = 1;
                c[j] = 0.0;
                neg = 1;
            }
        if (neg)
            continue;
        /* a held intensity whose increase would lower chi2 is released */
        size_t best = SIZE_MAX;
        double gbest = VP_RELEASE_TOL;
        for (size_t j = p; j < np && releases < w->q; j++) {
            if (!st->fixed[j] || !(M[j * nm + j] > 0))
                continue;
            double gj = M[j * nm + np];
            for (size_t t = p; t < np; t++)
                gj -= M[j * nm + t] * c[t];
            gj /= sqrt(M[j * nm + j]);
            if (gj > gbest) {
                gbest = gj;
                best = j;
            }
        }
        if (best == SIZE_MAX)
            break;
        st->fixed[best] = 0;
        releases++;
    }
    st->n_free = k;
    double chi2 = M[np * nm + np];
    for (size_t j = p; j < np; j++) {
        if (c[j] == 0.0)
            continue;
        chi2 -= 2.0 * c[j] * M[j * nm + np];
        for (size_t t = p; t < np; t++)
            chi2 += c[j] * c[t] * M[j * nm + t];
    }
    st->chi2 = chi2 > 0 ? chi2 : 0.0;
    /* S = M_tt - M_tF M_FF^-1 M_Ft, g = M_ty - M_tL c */
    double *y = w->yc;
    for (size_t a = 0; a < p; a++) {
        double g = M[a * nm + np];
        for (size_t t = p; t < np; t++)
            g -= M[a * nm + t] * c[t];
        st->g[a] = g;
    }
    memset(st->Y, 0, np * p * sizeof(double));
    for (size_t b = 0; b < p; b++) {
        for (size_t e = 0; e < k; e++)
            y[e] = M[w->idx[e] * nm + b] * w->sc[e];
        xrdi_chol_solve(w->L, k, y);
        for (size_t e = 0; e < k; e++)
            st->Y[w->idx[e] * p + b] = y[e] * w->sc[e];
        for (size_t a = 0; a < p; a++) {
            double s = M[a * nm + b];
            for (size_t e = 0; e < k; e++)
                s -= M[a * nm + w->idx[e]] * w->sc[e] * y[e];
            st->S[a * p + b] = s;
        }
    }
    return isfinite(st->chi2) ? 0 : -1;
}

/* Damped reduced step: (S + lambda diag S) d = g over the parameters not
 * held at a bound; inv (p x p, may be NULL) receives S^-1 for lambda = 0. */
static int step(const vp *w, const vp_state *st, double lambda, double *d, double *inv,
                unsigned char *held)
{
    size_t p = w->p;
    double A[64 * 64], dd[64], sc[64];
    size_t ix[64];
    if (p > 64)
        return -1;
    double dmax = 0;
    for (size_t a = 0; a < p; a++)
        if (st->S[a * p + a] > dmax)
            dmax = st->S[a * p + a];
    for (size_t a = 0; a < p; a++)
        held[a] = !(st->S[a * p + a] > 1e-14 * dmax);
    for (int round = 0; round <= (int)p; round++) {
        size_t k = 0;
        for (size_t a = 0; a < p; a++)
            if (!held[a])
                ix[k++] = a;
        for (size_t a = 0; a < k; a++)
            sc[a] = 1.0 / sqrt(st->S[ix[a] * p + ix[a]]);
        for (size_t a = 0; a < k; a++) {
            for (size_t b = 0; b < k; b++)
                A[a * k + b] = st->S[ix[a] * p + ix[b]] * sc[a] * sc[b];
            A[a * k + a] += lambda + 1e-12;
        }
        if (xrdi_chol(A, k))
            return -1;
        for (size_t a = 0; a < k; a++)
            dd[a] = st->g[ix[a]] * sc[a];
        xrdi_chol_solve(A, k, dd);
        for (size_t a = 0; a < p; a++)
            d[a] = 0.0;
        for (size_t a = 0; a < k; a++)
            d[ix[a]] = dd[a] * sc[a];
        int more = 0;
        for (size_t a = 0; a < p; a++)
            if (!held[a] && xrdi_bound_blocks(&w->bound[a], st->theta[a], d[a])) {
                held[a] = 1;
                more = 1;
            }
        if (more)
            continue;
        if (inv) {
            for (size_t a = 0; a < p * p; a++)
                inv[a] = NAN;
            for (size_t b = 0; b < k; b++) {
                for (size_t a = 0; a < k; a++)
                    dd[a] = a == b ? 1.0 : 0.0;
                xrdi_chol_solve(A, k, dd);
                for (size_t a = 0; a < k; a++)
                    inv[ix[a] * p + ix[b]] = dd[a] * sc[a] * sc[b];
            }
        }
        return 0;
    }
    return -1;
}

/* Largest Gauss-Newton shift over esd at st; esds (natural units) into esd. */
static double shift_over_esd(const vp *w, const vp_state *st, size_t n, double *esd)
{
    size_t p = w->p;
    double d[64], inv[64 * 64];
    unsigned char held[64];
    for (size_t a = 0; a < p; a++)
        esd[a] = NAN;
    if (step(w, st, 0.0, d, inv, held))
        return INFINITY;
    double dof = (double)n - (double)p - (double)st->n_free;
    double s2 = st->chi2 / (dof > 1 ? dof : 1.0), worst = 0;
    for (size_t a = 0; a < p; a++) {
        if (held[a])
            continue;
        double e = sqrt(inv[a * p + a] * s2);
        esd[a] = e;
        if (e > 0 && fabs(d[a]) / e > worst)
            worst = fabs(d[a]) / e;
    }
    return worst;
}

static int state_alloc(vp_state *s, size_t p, size_t np)
{
    size_t nm = np + 1;
    s->theta = calloc(p + 1, sizeof(double));
    s->c = calloc(np, sizeof(double));
    s->M = malloc(nm * nm * sizeof(double));
    s->S = malloc((p * p + 1) * sizeof(double));
    s->g = malloc((p + 1) * sizeof(double));
    s->fixed = calloc(np, 1);
    s->Y = calloc(np * p + 1, sizeof(double));
    return s->theta && s->c && s->M && s->S && s->g && s->fixed && s->Y ? 0 : -1;
}

static void state_free(vp_state *s)
{
    free(s->theta);
    free(s->c);
    free(s->M);
    free(s->S);
    free(s->g);
    free(s->fixed);
    free(s->Y);
}

static void swap_states(vp_state *a, vp_state *b)
{
    vp_state t = *a;
    *a = *b;
    *b = t;
}

static int is_linear(xrdi_pkind k)
{
    return k == XRDI_P_BKG || k == XRDI_P_INVX || k == XRDI_P_HUMP_H || k == XRDI_P_FILM_A ||
           k == XRDI_P_RING_H || k == XRDI_P_SCALE ||
           k == XRDI_P_INTENSITY || k == XRDI_P_CLUSTER;
}

/* A reflection group is a linear parameter when it is evaluated and not tied,
 * and its phase's intensities are Le Bail's (a Rietveld phase has its scale). */
static int group_is_linear(const xrdi_mphase *ph, const xrdi_refl *r)
{
    return !ph->rietveld && !r->off && r->tie < 0;
}

/* How many linear parameters: background terms, hump height, groups. */
static size_t linear_count(const xrdi_model *m)
{
    size_t q = (size_t)m->bkg.n_cheb + (m->bkg.use_inv_x != 0) + (m->bkg.use_hump != 0) +
               (m->bkg.use_film != 0) + (size_t)(m->bkg.use_film ? m->bkg.n_rings : 0);
    for (int p = 0; p < m->n_phases; p++) {
        q += m->ph[p].rietveld != 0;
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            q += group_is_linear(&m->ph[p], &m->ph[p].refl[k]);
    }
    return q;
}

/* The linear parameters into out (linear_count entries): background terms,
 * hump height, every evaluated group's intensity (ties follow); nonneg marks
 * those that must stay >= 0. */
static void linear_refs(const xrdi_model *m, xrdi_pref *out, unsigned char *nonneg)
{
    size_t q = 0;
    for (int j = 0; j < m->bkg.n_cheb; j++) {
        xrdi_pref r = {XRDI_P_BKG, -1, j};
        out[q] = r;
        nonneg[q++] = 0;
    }
    if (m->bkg.use_inv_x) {
        xrdi_pref r = {XRDI_P_INVX, -1, 0};
        out[q] = r;
        nonneg[q++] = 0;
    }
    if (m->bkg.use_hump) {
        xrdi_pref r = {XRDI_P_HUMP_H, -1, 0};
        out[q] = r;
        nonneg[q++] = 1;
    }
    if (m->bkg.use_film) {
        xrdi_pref r = {XRDI_P_FILM_A, -1, 0};
        out[q] = r;
        nonneg[q++] = 1;
        for (int j = 0; j < m->bkg.n_rings; j++) {
            xrdi_pref g = {XRDI_P_RING_H, -1, j};
            out[q] = g;
            nonneg[q++] = 1;
        }
    }
    for (int p = 0; p < m->n_phases; p++) {
        if (m->ph[p].rietveld) {
            xrdi_pref r = {XRDI_P_SCALE, p, 0};
            out[q] = r;
            nonneg[q++] = 1;
        }
        for (size_t k = 0; k < m->ph[p].n_refl; k++)
            if (group_is_linear(&m->ph[p], &m->ph[p].refl[k])) {
                xrdi_pref r = {XRDI_P_INTENSITY, p, (int)k};
                out[q] = r;
                nonneg[q++] = 1;
            }
    }
}

static xrd_status setup(vp *w, struct xrd_fit *f, const xrdi_pset *nl, xrd_error *err)
{
    xrdi_model *m = &f->m;
    memset(w, 0, sizeof *w);
    w->f = f;
    size_t p = 0;
    for (size_t j = 0; j < nl->np; j++)
        p += !is_linear(nl->ref[j].kind);
    size_t q = linear_count(m);
    size_t np = p + q, nm = np + 1;
    w->p = p;
    w->q = q;
    w->np = np;
    w->nm = nm;
    w->ref = malloc(np * sizeof(xrdi_pref));
    w->bound = malloc((p + 1) * sizeof(xrdi_bound));
    w->colscale = malloc((p + 1) * sizeof(double));
    w->nonneg = calloc(np, 1);
    w->yc = malloc(nm * sizeof(double));
    w->L = malloc((q * q + 1) * sizeof(double));
    w->sc = malloc((q + 1) * sizeof(double));
    w->idx = malloc((q + 1) * sizeof(size_t));
    if (!w->ref || !w->bound || !w->colscale || !w->nonneg || !w->yc || !w->L || !w->sc || !w->idx)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the refinement");
    size_t a = 0;
    for (size_t j = 0; j < nl->np; j++)
        if (!is_linear(nl->ref[j].kind)) {
            w->ref[a] = nl->ref[j];
            w->bound[a] = nl->bound[j];
            /* a parameter solved in its square has its upper bound squared */
            if (squared_probe(w->ref[a].kind) > 0 && w->bound[a].tr == XRDI_INTERVAL)
                w->bound[a].hi *= w->bound[a].hi;
            w->colscale[a] = 1.0;
            a++;
        }
    linear_refs(m, w->ref + p, w->nonneg + p);
    return XRD_OK;
}

static void release(vp *w)
{
    xrdi_nb_ws_free(&w->nb);
    free(w->ref);
    free(w->bound);
    free(w->colscale);
    free(w->nonneg);
    free(w->yc);
    free(w->L);
    free(w->sc);
    free(w->idx);
}

/* Restraints (priors) of the non-linear parameters: each is one more
 * observation, its mean, with sd as sigma: chi2 += r^2, and its Gauss-Newton
 * terms join S and g (in the solver's variable: d natural / d theta is the
 * column scale). Where the model misfits the data (chi2/dof = s2 > 1), the
 * data's chi2 overstates their information by s2: a restraint weighs s2 times
 * more, so that it competes with the data at their real weight (the covariance
 * does the same, fit_result.c). */
static void add_priors(const vp *w, vp_state *st)
{
    xrdi_model *m = &w->f->m;
    size_t p = w->p;
    for (size_t j = 0; j < p; j++) {
        const xrdi_prior *pr = xrdi_fit_prior(w->f, w->ref[j].kind);
        if (!pr)
            continue;
        double sd = pr->sd / sqrt(w->prior_scale);
        double r = (*xrdi_param_ptr(m, w->ref[j]) - pr->mean) / sd;
        double c = w->colscale[j] / sd;
        st->chi2 += r * r;
        st->S[j * p + j] += c * c;
        st->g[j] -= r * c;
    }
}

/* Pass and reduction at (theta, c of the pass). */
static int evaluate(vp *w, vp_state *st, const double *c_pass, const unsigned char *fixed_pass)
{
    set_point(w, st->theta, c_pass, fixed_pass);
    if (pass(w, st->M))
        return -1;
    st->clamped = w->clamped;
    if (reduce(w, st))
        return -1;
    if (!(w->prior_scale > 0)) {
        /* the first point sets the restraints' scale from the data's misfit */
        double dof = (double)w->f->m.n - (double)w->p - (double)st->n_free;
        double s2 = st->chi2 / (dof > 1 ? dof : 1.0);
        w->prior_scale = s2 > 1.0 && isfinite(s2) ? s2 : 1.0;
        if (w->f->prior_boost > 1.0)
            w->prior_scale *= w->f->prior_boost;
    }
    add_priors(w, st);
    return 0;
}

void xrdi_final_normal_clear(xrdi_final_normal *fn)
{
    free(fn->ref);
    free(fn->natscale);
    free(fn->M);
    memset(fn, 0, sizeof *fn);
}

xrd_status xrdi_varpro_solve(struct xrd_fit *f, const xrdi_pset *nl, int max_iter,
                             double shift_tol, xrdi_lsq_result *lr, xrd_error *err)
{
    xrdi_model *m = &f->m;
    memset(lr, 0, sizeof *lr);
    xrdi_fold_scales(m);
    for (int p = 0; p < m->n_phases; p++)
        for (size_t k = 0; k < m->ph[p].n_refl; k++) {
            m->ph[p].refl[k].cluster = -1;
            m->ph[p].refl[k].joint = 0;
        }
    m->n_clusters = 0;
    vp w;
    vp_state cur, trial;
    memset(&cur, 0, sizeof cur);
    memset(&trial, 0, sizeof trial);
    xrd_status rs = setup(&w, f, nl, err);
    if (rs != XRD_OK)
        goto out;
    size_t p = w.p, np = w.np;
    if (p > 64) {
        rs = xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                           "more than 64 non-linear parameters in one refinement");
        goto out;
    }
    if (state_alloc(&cur, p, np) || state_alloc(&trial, p, np)) {
        rs = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the refinement");
        goto out;
    }
    for (size_t j = 0; j < p; j++) {
        double v = *xrdi_param_ptr(m, w.ref[j]);
        if (squared_probe(w.ref[j].kind) > 0)
            v *= v;
        cur.theta[j] = xrdi_bound_clamp(&w.bound[j], v);
    }
    for (size_t j = p; j < np; j++)
        cur.c[j] = *xrdi_param_ptr(m, w.ref[j]);
    double *c0 = malloc(np * sizeof(double));
    unsigned char *fx0 = calloc(np, 1);
    if (!c0 || !fx0) {
        free(c0);
        free(fx0);
        rs = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the refinement");
        goto out;
    }
    memcpy(c0, cur.c, np * sizeof(double));
    w.prior_scale = 0.0; /* set by the first evaluation */
    if (evaluate(&w, &cur, c0, fx0)) {
        free(c0);
        free(fx0);
        rs = xrd_error_set(err, XRD_ERR_NUMERIC, NULL, 0,
                           "the model cannot be evaluated at the starting values");
        goto out;
    }
    free(fx0);
    double *c_pred = c0;
    lr->chi2_start = cur.chi2;
    double lambda = VP_LAMBDA0, esd[64], d[64];
    unsigned char held[64];
    double ratio = shift_over_esd(&w, &cur, m->n, esd);
    int it = 0, noise_stop = 0, stalled = 0, seen_it = -1;
    double hist[VP_STALL_STEPS]; /* hist[k % S]: chi2 after k steps */
    const char *why = NULL;
    while (!(ratio < shift_tol)) {
        /* a walk whose last VP_STALL_STEPS steps lowered chi2 by less than
         * VP_STALL_CHI2 (in units of the reduced chi2) while every proposed shift
         * stays within its esd has reached the solution to within the noise: the
         * remaining shifts run along a valley the data do not see */
        if (it != seen_it) {
            seen_it = it;
            if (it >= VP_STALL_STEPS && ratio < 1.0) {
                double dof = (double)m->n - (double)p;
                double s2 = cur.chi2 / (dof > 1 ? dof : 1.0);
                if (hist[it % VP_STALL_STEPS] - cur.chi2 < VP_STALL_CHI2 * (s2 > 1 ? s2 : 1)) {
                    noise_stop = stalled = 1;
                    break;
                }
            }
            hist[it % VP_STALL_STEPS] = cur.chi2;
        }
        if (it >= max_iter) {
            why = "iteration cap reached before the shifts fell below their esds";
            break;
        }
        if (lambda > VP_LAMBDA_MAX) {
            if (ratio < VP_EXHAUSTED_SHIFT)
                noise_stop = 1;
            why = "chi2 cannot be lowered further along the Levenberg-Marquardt path";
            break;
        }
        if (step(&w, &cur, lambda, d, NULL, held)) {
            lambda *= 10.0;
            continue;
        }
        for (size_t j = 0; j < p; j++)
            trial.theta[j] = xrdi_bound_clamp(&w.bound[j], cur.theta[j] + d[j]);
        /* the linear parameters predicted for the trial point (first order):
         * the derivative columns of the pass are built with them */
        for (size_t j = p; j < np; j++) {
            double v = cur.c[j];
            for (size_t b = 0; b < p; b++)
                v -= cur.Y[j * p + b] * (trial.theta[b] - cur.theta[b]);
            c_pred[j] = w.nonneg[j] && v < 0 ? 0.0 : v;
        }
        it++;
        /* a step into widths^2 <= 0 (U, V, W) is refused while the current
         * point has none: there the width is held at its floor and the
         * derivatives vanish, a trap the refinement cannot leave */
        if (evaluate(&w, &trial, c_pred, cur.fixed) == 0 && trial.chi2 < cur.chi2 &&
            (trial.clamped == 0 || cur.clamped > 0)) {
            swap_states(&cur, &trial);
            lambda = lambda * 0.2 > 1e-9 ? lambda * 0.2 : 1e-9;
            ratio = shift_over_esd(&w, &cur, m->n, esd);
        } else if (ratio < VP_NOISE_FACTOR * shift_tol) {
            /* the windows' edges and the intensities held at 0 make chi2 step
             * by a few hundredths where every shift is a small part of its esd:
             * that is the solution to within the model's own resolution */
            noise_stop = 1;
            break;
        } else {
            lambda *= 4.0;
        }
    }
    free(c_pred);
    set_point(&w, cur.theta, cur.c, cur.fixed);
    for (size_t j = 0; j < p; j++)
        if (squared_probe(w.ref[j].kind) > 0)
            *xrdi_param_ptr(m, w.ref[j]) = sqrt(cur.theta[j]);
    if (m->asym_tied)
        m->inst.asym_hl = m->inst.asym_sl;
    for (size_t j = 0; j < p && j < 64; j++)
        f->last_esd[j] = esd[j];
    /* the pass at the end point serves the covariance (fit_result.c) */
    xrdi_final_normal_clear(&f->final);
    f->final.ref = malloc(np * sizeof(xrdi_pref));
    f->final.natscale = malloc((p + 1) * sizeof(double));
    if (f->final.ref && f->final.natscale) {
        memcpy(f->final.ref, w.ref, np * sizeof(xrdi_pref));
        /* natural column = stored column * natscale: 1, or for a parameter
         * solved in its square 2 e at the end value e (0 at e = 0, where the
         * natural derivative vanishes) */
        for (size_t j = 0; j < p; j++)
            f->final.natscale[j] =
                squared_probe(w.ref[j].kind) > 0 ? 2.0 * sqrt(fmax(cur.theta[j], 0.0)) : 1.0;
        f->final.M = cur.M;
        cur.M = NULL;
        f->final.np = np;
        f->final.n_scaled = p;
        f->final.valid = 1;
    } else {
        xrdi_final_normal_clear(&f->final);
    }
    lr->iterations = it;
    lr->chi2 = cur.chi2;
    lr->max_shift_esd = ratio;
    lr->converged = ratio < shift_tol || noise_stop;
    lr->stopped_reason = lr->converged ? 1 : 0;
    if (ratio < shift_tol)
        snprintf(lr->message, sizeof lr->message,
                 "converged: every Gauss-Newton shift below %.2g of its esd", shift_tol);
    else if (stalled)
        snprintf(lr->message, sizeof lr->message,
                 "converged: the last %d steps lowered chi2 by less than %.2g x chi2/dof and "
                 "every shift is below %.2g of its esd", VP_STALL_STEPS, VP_STALL_CHI2, ratio);
    else if (noise_stop)
        snprintf(lr->message, sizeof lr->message,
                 "converged: every Gauss-Newton shift below %.2g of its esd and chi2 no longer "
                 "decreases", ratio);
    else
        snprintf(lr->message, sizeof lr->message, "%s (largest shift/esd %.2g)", why ? why : "?",
                 ratio);
out:
    state_free(&cur);
    state_free(&trial);
    release(&w);
    return rs;
}
