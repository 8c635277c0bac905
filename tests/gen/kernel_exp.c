/* xrdgen: a second axial-divergence kernel that shares nothing with the FCJ
 * one in profile.c (--axial-exp W): a one-sided exponential of decay length
 *     w(2theta) = W |cot 2theta|   (degrees 2theta; W in degrees),
 *     k(u) = exp(-|u| / w) / w     on u <= 0 below 90 deg 2theta (the tail on
 *                                  the low-angle side), on u >= 0 above 90 deg,
 * u the shift from the peak position in degrees 2theta. Unit area, first
 * moment -w below 90 deg and +w above, standard deviation w; at 90 deg w = 0
 * and the kernel is a delta. It is not derived from a slit geometry: it has
 * the sign and the cot 2theta law of axial divergence (the FCJ mean shift is
 * -(S^2 + H^2) / (6 L^2) cot 2theta rad to first order) but none of the FCJ
 * kernel's sharp edge and 1/sqrt singularity, so a fit whose asymmetry model
 * is FCJ-like meets a shape its model does not contain.
 *
 * Discretisation on the fine grid (spacing dt), like the FCJ kernel: the
 * density is integrated analytically over each grid cell and split between
 * the cell's two nodes by linear (cloud-in-cell) weights, int k (1 - x) and
 * int k x with x the position in the cell (in steps), so the discrete kernel
 * has exactly the area and the first moment of the continuous density on
 * [0, 36 w]; it is truncated there (exp(-36) = 2.3e-16 of the area, the mean
 * then differs from w by 36 w exp(-36) / (1 - exp(-36)), below 1e-14 w) and
 * normalised to unit area.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include "gen.h"

#define EXP_TAIL 36.0 /* truncation, in decay lengths */

/* g(t) = 1 - (1 + t) exp(-t), the first moment of exp(-x) over [0, t] (t >= 0);
 * a series for small t, where the closed form cancels. */
static double first_moment(double t)
{
    if (t >= 0.1) return -expm1(-t) - t * exp(-t);
    /* g(t) = sum_{n >= 2} (-1)^n (n - 1) t^n / n! */
    double term = 1.0, sum = 0.0; /* term = (-t)^n / n! */
    for (int n = 1; n <= 30; n++) {
        term *= -t / n;
        if (n >= 2) {
            double add = (n - 1) * term;
            sum += add;
            if (fabs(add) < 1e-18 * fabs(sum)) break;
        }
    }
    return sum;
}

int gen_exp_kernel(double two_theta_deg, double w_par_deg, double dt, gen_kernel *k)
{
    k->m0 = 0;
    k->n = 1;
    k->w = malloc(sizeof(double));
    if (!k->w) return -1;
    k->w[0] = 1.0;
    double tt = two_theta_deg * GEN_DEG;
    double w = w_par_deg * fabs(cos(tt) / sin(tt)); /* decay length, deg */
    if (!(w > 0.0) || !isfinite(w) || !(dt > 0.0)) return 0;
    double lam = w / dt;             /* decay length in grid steps */
    double vmax = EXP_TAIL * lam;    /* truncation in grid steps */
    if (vmax > 2e7) return -2;       /* wider than any range: a guard (W is capped) */
    int ncell = (int)ceil(vmax);
    if (ncell < 1) ncell = 1;
    double *wv = calloc((size_t)ncell + 1, sizeof *wv); /* weight at |shift| = i dt */
    if (!wv) return -1;
    double sum = 0.0;
    for (int j = 0; j < ncell; j++) {
        double d = fmin(1.0, vmax - j); /* covered part of cell [j, j+1] */
        if (d <= 0.0) break;
        double e = exp(-j / lam);
        double area = e * -expm1(-d / lam);          /* int_j^{j+d} k dv */
        double mom = e * lam * first_moment(d / lam); /* int (v - j) k dv */
        wv[j] += area - mom;
        wv[j + 1] += mom;
        sum += area;
    }
    free(k->w);
    k->n = ncell + 1;
    k->w = malloc((size_t)k->n * sizeof *k->w);
    if (!k->w) {
        free(wv);
        return -1;
    }
    int low = cos(tt) > 0.0; /* below 90 deg: the tail towards low angles */
    k->m0 = low ? -ncell : 0;
    for (int i = 0; i <= ncell; i++) k->w[low ? ncell - i : i] = wv[i] / sum;
    free(wv);
    return 0;
}
