/* Single-wavelength radiation and the relativistic electron wavelength.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "xrdfit/radiation.h"

xrd_status xrd_radiation_single(double lambda_A, xrd_radiation *out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output radiation given");
    if (!(isfinite(lambda_A) && lambda_A >= 0.001 && lambda_A <= 10))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a wavelength must be between 0.001 and 10 Angstrom, found %g",
                             lambda_A);
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "single");
    snprintf(out->scale, sizeof out->scale, "user");
    out->n_lines = 1;
    out->lambda_A[0] = lambda_A;
    out->weight[0] = 1.0;
    snprintf(out->source, sizeof out->source, "wavelength given by the user");
    return XRD_OK;
}

double xrd_electron_lambda_A(double kV)
{
    /* CODATA 2018 exact / recommended values (SI). */
    const double h = 6.62607015e-34;      /* J s */
    const double m0 = 9.1093837015e-31;   /* kg */
    const double e = 1.602176634e-19;     /* C */
    const double c = 299792458.0;         /* m/s */
    if (!(isfinite(kV) && kV > 0))
        return NAN;
    double eV = e * kV * 1e3; /* kinetic energy in J */
    double p = sqrt(2.0 * m0 * eV * (1.0 + eV / (2.0 * m0 * c * c)));
    return h / p * 1e10;
}
