/* Default instruments when no calibration file is given.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "xrdfit/instrument.h"

void xrd_instrument_default(xrd_instrument *inst, const xrd_radiation *rad)
{
    memset(inst, 0, sizeof *inst);
    inst->rad = *rad;
    inst->radius_mm = 240.0;
    if (rad->n_lines == 1 && rad->lambda_A[0] < XRD_ELECTRON_LAMBDA_MAX_A) {
        /* electron ring profile: the same small 2theta widths, i.e. a ring
         * FWHM of about (4 pi / lambda) 8.7e-5 rad = 0.044 1/A in q at 200 kV
         * (0.007 1/A in s): a crystal size broadens as much at 2 pi 0.9 / 0.044
         * A = 13 nm. A camera is calibrated on a film standard. */
        inst->geometry = XRD_GEOM_TRANSMISSION;
        inst->uvwxy[2] = 1.0e-4;
        inst->uvwxy[4] = 3.0e-3;
        snprintf(inst->source, sizeof inst->source,
                 "default electron ring resolution (W = 1e-4 deg^2, Y = 0.003 deg in 2theta), "
                 "not calibrated");
    } else if (rad->n_lines == 1 && rad->lambda_A[0] < 1.0) {
        /* synchrotron capillary: FWHM ~0.01-0.02 deg */
        inst->geometry = XRD_GEOM_TRANSMISSION;
        inst->uvwxy[2] = 1.0e-4;
        inst->uvwxy[4] = 3.0e-3;
        snprintf(inst->source, sizeof inst->source,
                 "default synchrotron resolution (W = 1e-4 deg^2, Y = 0.003 deg), not calibrated");
    } else {
        /* laboratory Bragg-Brentano: FWHM ~0.06-0.1 deg over 20-90 deg */
        inst->geometry = XRD_GEOM_BRAGG_BRENTANO;
        inst->uvwxy[0] = 5.0e-3;
        inst->uvwxy[1] = -3.0e-3;
        inst->uvwxy[2] = 2.5e-3;
        inst->uvwxy[4] = 3.0e-2;
        snprintf(inst->source, sizeof inst->source,
                 "default laboratory resolution (U 0.005, V -0.003, W 0.0025 deg^2, Y 0.03 deg), "
                 "not calibrated");
    }
}
