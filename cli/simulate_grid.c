/* The x unit and grid of `xrdfit simulate` (simulate_grid.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "simulate_grid.h"

int cli_sim_parse_unit(const char *s, xrd_xunit *u, int *px)
{
    *px = !strcmp(s, "px") || !strcmp(s, "pixel");
    if (*px) {
        *u = XRD_X_Q_INV_A;
        return 0;
    }
    return xrd_xunit_parse(s, u) || *u == XRD_X_D_A ? -1 : 0;
}

/* s = q / 2 pi is simulated on the q grid (1/A or 1/nm) and scaled after. */
static xrd_xunit q_of_s(xrd_xunit u)
{
    return u == XRD_X_S_INV_A ? XRD_X_Q_INV_A : u == XRD_X_S_INV_NM ? XRD_X_Q_INV_NM : u;
}

/* Defaults of the grid in its unit (px: in pixels for camera constant K). */
static void default_grid(xrd_sim_options *so, int electron, xrd_xunit unit, int px, double K,
                         int have_range, int have_step)
{
    double lo = 20.0, hi = 90.0, step = 0.02; /* 2theta, deg */
    if (unit == XRD_X_S_INV_A || unit == XRD_X_S_INV_NM) {
        double f = unit == XRD_X_S_INV_NM ? 10.0 : 1.0;
        lo = f * (electron ? 1.5 : 1.0) / (2.0 * M_PI), hi = f * (electron ? 12.0 : 8.0) / (2.0 * M_PI);
        step = f * 0.001;
    } else if (unit == XRD_X_Q_INV_A && px) {
        lo = K * 1.5 / (2.0 * M_PI), hi = K * 12.0 / (2.0 * M_PI), step = 1.0;
    } else if (unit == XRD_X_Q_INV_A) {
        lo = electron ? 1.5 : 1.0, hi = electron ? 12.0 : 8.0, step = 0.005;
    } else if (unit == XRD_X_Q_INV_NM) {
        lo = electron ? 15.0 : 10.0, hi = electron ? 120.0 : 80.0, step = 0.05;
    }
    if (!have_range)
        so->x_min_deg = lo, so->x_max_deg = hi;
    if (!have_step)
        so->step_deg = step;
}

double cli_sim_grid(xrd_sim_options *so, int electron, xrd_xunit unit, int px, double K,
                    int have_range, int have_step, xrd_xunit *s_unit)
{
    default_grid(so, electron, unit, px, K, have_range, have_step);
    *s_unit = q_of_s(unit) != unit ? unit : XRD_X_TWO_THETA_DEG;
    so->grid_unit = q_of_s(unit);
    /* r = K q / 2 pi, s = q / 2 pi: the grid in q, x scaled after */
    double x_scale = px ? K / (2.0 * M_PI) : *s_unit ? 1.0 / (2.0 * M_PI) : 0.0;
    if (x_scale > 0) {
        so->x_min_deg /= x_scale;
        so->x_max_deg /= x_scale;
        so->step_deg /= x_scale;
    }
    return x_scale;
}
