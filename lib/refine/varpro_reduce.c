/* A point of the variable projection's reduced problem: the model set to it,
 * one pass for the normal matrix, the linear parameters by non-negative least
 * squares (active set), then chi2, the reduced normal matrix S and gradient g,
 * and the restraints of the non-linear parameters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "refine/chol.h"
#include "refine/varpro_internal.h"

#define VP_RIDGE 1e-12       /* relative ridge on the scaled linear system */
#define VP_RELEASE_TOL 1e-3  /* chi reduction that releases a zero intensity */

/* Microstrain and the FCJ asymmetry act through their squares (the Gaussian
 * width adds e^2 in quadrature; the kernel's shift and variance grow as
 * (S/L)^2): at 0 their own derivative vanishes, so a lower bound there would
 * hold them for good. They are solved in the square, evaluated at no less than
 * this probe value (an effect far below any width) so that the derivative in
 * the square is defined. 0 for every other parameter. */
double xrdi_vp_squared_probe(xrdi_pkind k)
{
    return k == XRDI_P_STRAIN ? 1e-7 : k == XRDI_P_SIZE_G ? 1e-3 : k == XRDI_P_ASYM ? 1e-4 : 0.0;
}

void xrdi_vp_set_point(vp *w, const double *theta, const double *c, const unsigned char *fixed)
{
    xrdi_model *m = &w->f->m;
    for (size_t j = 0; j < w->p; j++) {
        double probe = xrdi_vp_squared_probe(w->ref[j].kind);
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
int xrdi_vp_evaluate(vp *w, vp_state *st, const double *c_pass, const unsigned char *fixed_pass)
{
    xrdi_vp_set_point(w, st->theta, c_pass, fixed_pass);
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
