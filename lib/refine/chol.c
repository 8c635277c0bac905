/* Dense Cholesky factor and solve (see chol.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "refine/chol.h"

#include <math.h>

int xrdi_chol(double *A, size_t k)
{
    for (size_t j = 0; j < k; j++) {
        double d = A[j * k + j];
        for (size_t t = 0; t < j; t++)
            d -= A[j * k + t] * A[j * k + t];
        if (!(d > 0))
            return -1;
        d = sqrt(d);
        A[j * k + j] = d;
        for (size_t i = j + 1; i < k; i++) {
            double s = A[i * k + j];
            for (size_t t = 0; t < j; t++)
                s -= A[i * k + t] * A[j * k + t];
            A[i * k + j] = s / d;
        }
    }
    return 0;
}

void xrdi_chol_solve(const double *L, size_t k, double *b)
{
    for (size_t i = 0; i < k; i++) {
        double s = b[i];
        for (size_t t = 0; t < i; t++)
            s -= L[i * k + t] * b[t];
        b[i] = s / L[i * k + i];
    }
    for (size_t i = k; i-- > 0;) {
        double s = b[i];
        for (size_t t = i + 1; t < k; t++)
            s -= L[t * k + i] * b[t];
        b[i] = s / L[i * k + i];
    }
}
