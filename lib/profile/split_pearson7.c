/* Split Pearson VII, shape {fwhm_left_deg, fwhm_right_deg, m_left, m_right}: each side
 * (left = dx < 0) is a Pearson VII of its own width and exponent, both scaled to a
 * common maximum A chosen so that the total area is 1. With c_L, c_R the peak values of
 * the unit-area full Pearson VII of each side, A = 2 c_L c_R / (c_L + c_R), i.e.
 * f = w_L P_L (dx < 0), w_R P_R (dx >= 0), w_L = 2 c_R/(c_L+c_R), w_R = 2 c_L/(c_L+c_R).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "profile/profile_internal.h"

static void sp7_eval(const double *dx, size_t n, const double *shape, double *out, double *d_dx,
                     double *d_shape)
{
    const double HL = shape[0], HR = shape[1], mL = shape[2], mR = shape[3];
    double kL, kR, dkL, dkR, gLm = 0.0, gRm = 0.0;
    xrdi_p7_k(mL, &kL, &dkL);
    xrdi_p7_k(mR, &kR, &dkR);
    const double lcL = xrdi_p7_logc(HL, mL, &gLm);
    const double lcR = xrdi_p7_logc(HR, mR, &gRm);
    const double gLH = -1.0 / HL, gRH = -1.0 / HR;
    /* peak value A = 2 cL cR / (cL + cR), computed through logs */
    const double lA = log(2.0) + lcL + lcR - (lcL > lcR ? lcL + log1p(exp(lcR - lcL))
                                                         : lcR + log1p(exp(lcL - lcR)));
    const double cL = exp(lcL), cR = exp(lcR);
    const double wL = 2.0 * cR / (cL + cR), wR = 2.0 * cL / (cL + cR);
    const double aL = 4.0 * kL / (HL * HL), aR = 4.0 * kR / (HR * HR);
    for (size_t i = 0; i < n; i++) {
        const double x = dx[i];
        const int left = x < 0.0;
        const double H = left ? HL : HR, m = left ? mL : mR, a = left ? aL : aR;
        const double dk = left ? dkL : dkR;
        const double r = a * x * x, s = 1.0 + r, lr = log1p(r);
        const double f = exp(lA - m * lr);
        out[i] = f;
        if (d_dx)
            d_dx[i] = f * (-2.0 * m * a * x / s);
        if (d_shape) {
            /* d ln f / d(own H), d(own m) of the unnormalised side */
            const double own_H = 2.0 * m * r / s / H;
            const double own_m = -lr - m * (4.0 * x * x / (H * H)) * dk / s;
            if (left) {
                d_shape[i] = f * (own_H + (1.0 - 0.5 * wR) * gLH);
                d_shape[n + i] = f * (0.5 * wR * gRH);
                d_shape[2 * n + i] = f * (own_m + (1.0 - 0.5 * wR) * gLm);
                d_shape[3 * n + i] = f * (0.5 * wR * gRm);
            } else {
                d_shape[i] = f * (0.5 * wL * gLH);
                d_shape[n + i] = f * (own_H + (1.0 - 0.5 * wL) * gRH);
                d_shape[2 * n + i] = f * (0.5 * wL * gLm);
                d_shape[3 * n + i] = f * (own_m + (1.0 - 0.5 * wL) * gRm);
            }
        }
    }
}

static double sp7_window(const double *shape, double tail)
{
    const double cL = exp(xrdi_p7_logc(shape[0], shape[2], NULL));
    const double cR = exp(xrdi_p7_logc(shape[1], shape[3], NULL));
    const double wL = 2.0 * cR / (cL + cR), wR = 2.0 * cL / (cL + cR);
    /* one side's missing area is w_side/2 * (two-sided tail of its Pearson VII) */
    const double a = xrdi_p7_window(shape[0], shape[2], tail / wL);
    const double b = xrdi_p7_window(shape[1], shape[3], tail / wR);
    return a > b ? a : b;
}

static double sp7_fwhm(const double *shape)
{
    return 0.5 * (shape[0] + shape[1]);
}

static double sp7_breadth(const double *shape)
{
    const double lcL = xrdi_p7_logc(shape[0], shape[2], NULL);
    const double lcR = xrdi_p7_logc(shape[1], shape[3], NULL);
    /* 1/A = (1/cL + 1/cR) / 2 */
    return 0.5 * (exp(-lcL) + exp(-lcR));
}

static int sp7_valid(const double *shape)
{
    for (int j = 0; j < 4; j++)
        if (!isfinite(shape[j]))
            return 0;
    return shape[0] > 0.0 && shape[1] > 0.0 && shape[2] > 0.5 && shape[3] > 0.5;
}

const xrd_profile_type xrdi_profile_split_pearson7 = {
    "split-pearson7", XRD_PROFILE_SPLIT_PEARSON7, 4,
    {"fwhm_left_deg", "fwhm_right_deg", "m_left", "m_right"},
    sp7_eval, sp7_window, sp7_fwhm, sp7_breadth, sp7_valid,
};
