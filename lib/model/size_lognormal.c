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

double xrdi_lognormal_median_nm(double inv_lvol, double sigma)
{
    if (!(inv_lvol > 0))
        return INFINITY;
    return 1.0 / (0.75 * inv_lvol * exp(3.5 * sigma * sigma));
}
