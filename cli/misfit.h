/* The profile misfit of a fit near its strongest reflections (for the
 * instrument calibration report). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_MISFIT_H
#define XRDFIT_CLI_MISFIT_H

#include <stdio.h>
#include "xrdfit/fit.h"

/* Print, for the n strongest reflections inside the range, the local Rwp
 * over +-3 FWHM and the mean weighted residual on the low- and the high-angle
 * side of the peak (in sigma): an asymmetry the model does not follow shows
 * as opposite signs. Needs the result's curves. */
void cli_print_misfit(FILE *out, const xrd_fit_result *r, int n);

#endif
