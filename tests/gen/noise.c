/* xrdgen: counting noise. Poisson deviates from GSL's Mersenne Twister
 * (gsl_rng_mt19937) seeded with --seed: the same seed and GSL give the same
 * file. Negative means (a negative background) are an error caught earlier.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "gen.h"

void gen_noise(const gen_config *cfg, double *y, size_t n)
{
    if (cfg->noise == 0) return;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, cfg->seed);
    for (size_t i = 0; i < n; i++) y[i] = y[i] > 0.0 ? (double)gsl_ran_poisson(r, y[i]) : 0.0;
    gsl_rng_free(r);
}
