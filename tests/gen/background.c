/* xrdgen: background = Chebyshev polynomial of the first kind in the output x
 * (2theta in degrees, or q in 1/A) scaled from [x0, x1] to [-1, 1], plus an
 * optional Gaussian amorphous hump (centre, FWHM, height in the same x unit,
 * height in counts). Evaluated at the point itself (not bin-averaged), so a
 * pattern without phases reproduces these values exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include "gen.h"

double gen_background(const gen_config *cfg, double x)
{
    double t = cfg->x1 > cfg->x0 ? (2.0 * x - (cfg->x0 + cfg->x1)) / (cfg->x1 - cfg->x0) : 0.0;
    double tkm1 = 1.0, tk = t, b = 0.0;
    for (int i = 0; i < cfg->nbg; i++) {
        double ti;
        if (i == 0) ti = 1.0;
        else if (i == 1) ti = t;
        else {
            ti = 2.0 * t * tk - tkm1; /* T_{n+1} = 2 t T_n - T_{n-1} */
            tkm1 = tk;
            tk = ti;
        }
        b += cfg->bg[i] * ti;
    }
    if (cfg->hump && cfg->hump_fwhm > 0.0) {
        double u = (x - cfg->hump_c) / cfg->hump_fwhm;
        b += cfg->hump_h * exp(-4.0 * log(2.0) * u * u);
    }
    return b;
}
