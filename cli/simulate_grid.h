/* The x unit and grid of `xrdfit simulate`: 2theta, q, s or pixels, each
 * simulated on a 2theta or q grid and scaled after. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_SIMULATE_GRID_H
#define XRDFIT_CLI_SIMULATE_GRID_H

#include "cli.h"

/* The x unit of --unit: 2theta, q, q_nm, s or s_nm (*px = 0), or px (q grid,
 * *px = 1); -1 for anything else (d would make a grid decreasing in x). */
int cli_sim_parse_unit(const char *s, xrd_xunit *u, int *px);

/* The grid of so in the library's unit: the defaults of unit (unless the range
 * or step was given), then for px (camera constant K, px A) and s the range and
 * step in q. Returns the factor from q to the file's x (K / 2 pi, 1 / 2 pi),
 * 0 when x is the grid's own; *s_unit is the s unit, else 0. */
double cli_sim_grid(xrd_sim_options *so, int electron, xrd_xunit unit, int px, double K,
                    int have_range, int have_step, xrd_xunit *s_unit);

#endif
