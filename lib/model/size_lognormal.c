/* The Fourier coefficients of the size profile of lognormally distributed
 * spheres (internal). A sphere of diameter D has A_D(L) = 1 - 3/2 x + 1/2 x^3
 * (x = L/D < 1), the volume common to it and its ghost shifted by L; a crystal
 * scatters in proportion to its volume, so the ensemble's A(L) is the mean of
 * A_D(L) weighted by D^3 g(D). With M_n(L) = int_L^inf D^n g(D) dD =
 * <D^n> Q((ln L - mu - n sigma^2) / sigma) for a lognormal g (Q the upper
 * tail of the standard normal distribution):
 *   A(L) = [M_3(L) - 3/2 L M_2(L) + 1/2 L^3 M_0(L)] / <D^3>
 * and with y = L / D0 and <D^n> = D0^n exp(n^2 sigma^2 / 2):
 *   A = Q(z3) - 3/2 y e^(-5 sigma^2 / 2) Q(z2) + 1/2 y^3 e^(-9 sigma^2 / 2) Q(z0),
 *   z_n = (ln y - n sigma^2) / sigma.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/size_lognormal.h"

#include <math.h>

#define INV_SQRT2PI 0.398942280401432678 /* 1 / sqrt(2 pi) */

/* Q(z) = P(Z > z) and its derivative -phi(z) */
static double upper(double z)
{
    return 0.5 * erfc(z * M_SQRT1_2);
}

static double phi(double z)
{
    return INV_SQRT2PI * exp(-0.5 * z * z);
}

double xrdi_lognormal_sphere_A(double y, double sigma, double *dy, double *ds)
{
    if (!(y > 0)) {
        /* A(0) = 1, slope -3/2 <D^2>/<D^3> = -3/2 e^(-5 sigma^2 / 2) in y */
        if (dy)
            *dy = -1.5 * exp(-2.5 * sigma * sigma);
        if (ds)
            *ds = 0.0;
        return 1.0;
    }
    double s2 = sigma * sigma, ly = log(y);
    double z3 = (ly - 3.0 * s2) / sigma, z2 = (ly - 2.0 * s2) / sigma, z0 = ly / sigma;
    double q3 = upper(z3), q2 = upper(z2), q0 = upper(z0);
    double p3 = phi(z3), p2 = phi(z2), p0 = phi(z0);
    double e2 = exp(-2.5 * s2), e0 = exp(-4.5 * s2), y3 = y * y * y;
    double a = q3 - 1.5 * y * e2 * q2 + 0.5 * y3 * e0 * q0;
    if (dy) {
        /* dz/dy = 1 / (y sigma) for every n; dQ/dz = -phi */
        double iz = 1.0 / (y * sigma);
        *dy = -p3 * iz - 1.5 * e2 * (q2 - y * p2 * iz) + 0.5 * e0 * (3.0 * y * y * q0 - y3 * p0 * iz);
    }
    if (ds) {
        /* dz_n/dsigma = -(ln y + n sigma^2) / sigma^2 */
        double d3 = -(ly + 3.0 * s2) / s2, d2 = -(ly + 2.0 * s2) / s2, d0 = -ly / s2;
        *ds = -p3 * d3 - 1.5 * y * e2 * (-5.0 * sigma * q2 - p2 * d2) +
              0.5 * y3 * e0 * (-9.0 * sigma * q0 - p0 * d0);
    }
    return a;
}

void xrdi_lognormal_table_init(xrdi_lognormal_table *t, double sigma)
{
    if (sigma < 0.5 * XRDI_SIZE_SIGMA_MIN)
        sigma = 0.5 * XRDI_SIZE_SIGMA_MIN;
    t->sigma = sigma;
    t->e2 = exp(-2.5 * sigma * sigma);
    t->e0 = exp(-4.5 * sigma * sigma);
    /* below: z0 < -8.5, every tail is 1; above: z3 > 8.5, A < 1e-17 */
    t->x_lo = -8.5 * sigma;
    t->x_hi = 8.5 * sigma + 3.0 * sigma * sigma;
    /* a fixed number of nodes (sigma / 38 to sigma / 32 apart: the nodes move
     * smoothly with sigma, the interpolation's error does not jump), one
     * beyond each end, so that every interval has its four */
    const int n = XRDI_LN_TAB_MAX;
    double dx = (t->x_hi - t->x_lo) / (n - 3);
    t->n = n;
    t->idx = 1.0 / dx;
    for (int i = 0; i < n; i++) {
        double y = exp(t->x_lo + (i - 1) * dx), dy, ds;
        t->a[i] = xrdi_lognormal_sphere_A(y, sigma, &dy, &ds);
        t->ax[i] = y * dy;
        t->as[i] = ds;
    }
}

double xrdi_lognormal_table_A(const xrdi_lognormal_table *t, double y, double *dy, double *ds)
{
    double x = y > 0 ? log(y) : -INFINITY;
    if (x <= t->x_lo) {
        double s = t->sigma, y2 = y * y;
        if (dy)
            *dy = -1.5 * t->e2 + 1.5 * t->e0 * y2;
        if (ds)
            *ds = 7.5 * s * t->e2 * y - 4.5 * s * t->e0 * y2 * y;
        return 1.0 - 1.5 * t->e2 * y + 0.5 * t->e0 * y2 * y;
    }
    if (x >= t->x_hi) {
        if (dy)
            *dy = 0.0;
        if (ds)
            *ds = 0.0;
        return 0.0;
    }
    double u = (x - t->x_lo) * t->idx + 1.0;
    int i = (int)u;
    if (i > t->n - 3)
        i = t->n - 3;
    double f = u - i, f2 = f * f, f3 = f2 * f, h = 1.0 / t->idx;
    /* cubic Hermite in x: values a, slopes ax (per unit x) */
    double h00 = 2 * f3 - 3 * f2 + 1, h10 = f3 - 2 * f2 + f, h01 = -2 * f3 + 3 * f2,
           h11 = f3 - f2;
    double a = h00 * t->a[i] + h10 * h * t->ax[i] + h01 * t->a[i + 1] + h11 * h * t->ax[i + 1];
    if (dy) {
        double d00 = 6 * f2 - 6 * f, d10 = 3 * f2 - 4 * f + 1, d01 = -6 * f2 + 6 * f,
               d11 = 3 * f2 - 2 * f;
        double dax = (d00 * t->a[i] + d01 * t->a[i + 1]) * t->idx + d10 * t->ax[i] +
                     d11 * t->ax[i + 1];
        *dy = dax / y;
    }
    if (ds) {
        /* Catmull-Rom (1 <= i <= n - 3: both neighbours exist) */
        double p0 = t->as[i - 1], p1 = t->as[i], p2 = t->as[i + 1], p3 = t->as[i + 2];
        *ds = 0.5 * (2 * p1 + (-p0 + p2) * f + (2 * p0 - 5 * p1 + 4 * p2 - p3) * f2 +
                     (-p0 + 3 * p1 - 3 * p2 + p3) * f3);
    }
    return a;
}

double xrdi_lognormal_median_nm(double inv_lvol, double sigma)
{
    if (!(inv_lvol > 0))
        return INFINITY;
    return 1.0 / (0.75 * inv_lvol * exp(3.5 * sigma * sigma));
}
