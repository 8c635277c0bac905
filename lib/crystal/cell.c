/* Unit cells: metric constraints, validation, volume and d-spacings through
 * the reciprocal metric tensor. SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/crystal.h"

#include <math.h>

#include "crystal/cellmath.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

double xrdi_cosd(double deg)
{
    if (deg == 90.0)
        return 0.0;
    if (deg == 60.0)
        return 0.5;
    if (deg == 120.0)
        return -0.5;
    return cos(deg * (M_PI / 180.0));
}

void xrd_cell_constrain(xrd_cell *cell, xrd_crystal_system s)
{
    if (!cell)
        return;
    switch (s) {
    case XRD_SYS_TRICLINIC:
        break;
    case XRD_SYS_MONOCLINIC: /* unique axis b */
        cell->alpha = cell->gamma = 90.0;
        break;
    case XRD_SYS_ORTHORHOMBIC:
        cell->alpha = cell->beta = cell->gamma = 90.0;
        break;
    case XRD_SYS_TETRAGONAL:
        cell->b = cell->a;
        cell->alpha = cell->beta = cell->gamma = 90.0;
        break;
    case XRD_SYS_TRIGONAL: /* hexagonal axes */
    case XRD_SYS_HEXAGONAL:
        cell->b = cell->a;
        cell->alpha = cell->beta = 90.0;
        cell->gamma = 120.0;
        break;
    case XRD_SYS_CUBIC:
        cell->b = cell->c = cell->a;
        cell->alpha = cell->beta = cell->gamma = 90.0;
        break;
    }
}

/* 1 - cos^2 a - cos^2 b - cos^2 g + 2 cos a cos b cos g = (V / abc)^2 */
static double volume_factor(const xrd_cell *c)
{
    double ca = xrdi_cosd(c->alpha), cb = xrdi_cosd(c->beta), cg = xrdi_cosd(c->gamma);
    return 1.0 - ca * ca - cb * cb - cg * cg + 2.0 * ca * cb * cg;
}

xrd_status xrd_cell_validate(const xrd_cell *cell, xrd_error *err)
{
    if (!cell)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no cell given");
    const double len[3] = {cell->a, cell->b, cell->c};
    const double ang[3] = {cell->alpha, cell->beta, cell->gamma};
    static const char *const ln[3] = {"a", "b", "c"};
    static const char *const an[3] = {"alpha", "beta", "gamma"};
    for (int i = 0; i < 3; i++) {
        if (!isfinite(len[i]) || len[i] <= 0.0)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "cell length %s must be a positive number of Angstrom, "
                                 "found %g", ln[i], len[i]);
        if (len[i] > 1e4)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "cell length %s = %g A is beyond 10000 A", ln[i], len[i]);
    }
    for (int i = 0; i < 3; i++)
        if (!isfinite(ang[i]) || ang[i] <= 0.0 || ang[i] >= 180.0)
            return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                                 "cell angle %s must lie strictly between 0 and 180 degrees, "
                                 "found %g", an[i], ang[i]);
    /* Three angles between three vectors exist only when each is smaller
     * than the sum of the other two and the sum is below 360: exactly when
     * the volume factor is positive. */
    double f = volume_factor(cell);
    if (!(f > 1e-12))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "cell angles alpha = %g, beta = %g, gamma = %g cannot occur "
                             "together (each must be smaller than the sum of the other two, "
                             "and their sum below 360): the cell volume would be zero or "
                             "imaginary", cell->alpha, cell->beta, cell->gamma);
    return XRD_OK;
}

const char *const xrdi_cell_param_name[6] = {"a", "b", "c", "alpha", "beta", "gamma"};

const char *xrdi_cell_param_unit(int k)
{
    return k < 3 ? "A" : "deg";
}

double xrdi_cell_get(const xrd_cell *c, int k)
{
    switch (k) {
    case 0: return c->a;
    case 1: return c->b;
    case 2: return c->c;
    case 3: return c->alpha;
    case 4: return c->beta;
    default: return c->gamma;
    }
}

double xrd_cell_volume(const xrd_cell *cell)
{
    double f = volume_factor(cell);
    if (!(f > 0.0))
        return NAN;
    return cell->a * cell->b * cell->c * sqrt(f);
}

int xrdi_reciprocal_metric(const xrd_cell *cell, double gs[9])
{
    double ca = xrdi_cosd(cell->alpha), cb = xrdi_cosd(cell->beta),
           cg = xrdi_cosd(cell->gamma);
    double a = cell->a, b = cell->b, c = cell->c;
    /* direct metric tensor G (symmetric) */
    double g11 = a * a, g22 = b * b, g33 = c * c;
    double g12 = a * b * cg, g13 = a * c * cb, g23 = b * c * ca;
    /* inverse by cofactors */
    double c11 = g22 * g33 - g23 * g23;
    double c12 = g13 * g23 - g12 * g33;
    double c13 = g12 * g23 - g13 * g22;
    double c22 = g11 * g33 - g13 * g13;
    double c23 = g12 * g13 - g11 * g23;
    double c33 = g11 * g22 - g12 * g12;
    double det = g11 * c11 + g12 * c12 + g13 * c13;
    if (!(det > 0.0) || !isfinite(det))
        return -1;
    gs[0] = c11 / det;
    gs[1] = c12 / det;
    gs[2] = c13 / det;
    gs[3] = c12 / det;
    gs[4] = c22 / det;
    gs[5] = c23 / det;
    gs[6] = c13 / det;
    gs[7] = c23 / det;
    gs[8] = c33 / det;
    return 0;
}

double xrd_cell_inv_d2(const xrd_cell *cell, int h, int k, int l)
{
    double gs[9];
    if (!cell || xrdi_reciprocal_metric(cell, gs))
        return NAN;
    double x = h, y = k, z = l;
    return gs[0] * x * x + gs[4] * y * y + gs[8] * z * z +
           2.0 * (gs[1] * x * y + gs[2] * x * z + gs[5] * y * z);
}

double xrd_two_theta_deg(double d_A, double lambda_A)
{
    if (!(d_A > 0.0) || !(lambda_A > 0.0))
        return NAN;
    double s = lambda_A / (2.0 * d_A);
    if (s > 1.0)
        return NAN;
    return 2.0 * asin(s) * (180.0 / M_PI);
}

double xrd_d_from_two_theta(double two_theta_deg, double lambda_A)
{
    if (!(two_theta_deg > 0.0) || !(two_theta_deg <= 180.0) || !(lambda_A > 0.0))
        return NAN;
    return lambda_A / (2.0 * sin(two_theta_deg * (M_PI / 360.0)));
}
