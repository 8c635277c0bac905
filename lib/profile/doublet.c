/* K-alpha doublet (any set of lines): exact Bragg angle of each wavelength.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "profile/profile_internal.h"

int xrd_doublet_positions(double d_A, const double *lambda_A, int n_lines,
                          double *two_theta_deg)
{
    int reachable = 0;
    if (!lambda_A || !two_theta_deg)
        return 0;
    for (int k = 0; k < n_lines; k++) {
        const double s = lambda_A[k] / (2.0 * d_A);
        if (d_A > 0.0 && isfinite(d_A) && lambda_A[k] > 0.0 && s <= 1.0) {
            two_theta_deg[k] = 2.0 * asin(s) * (180.0 / XRDI_PI);
            reachable++;
        } else {
            two_theta_deg[k] = NAN;
        }
    }
    return reachable;
}
