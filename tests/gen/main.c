/* xrdgen: entry point - parse options, compute the pattern, write it and the
 * truth. Exit 0 ok, 1 data/IO error, 2 usage error.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gen.h"

static gen_config cfg; /* large: not on the stack */

int main(int argc, char **argv)
{
    int rc = gen_parse_args(argc, argv, &cfg);
    if (rc == 1) return 0;
    if (rc) return 2;
    if (cfg.list_elements) {
        printf("# element Z f0(0) f0(0)-Z f0(0.5)\n");
        for (int i = 0; i < gen_element_count(); i++)
            printf("%s %d %.5f %.5f %.5f\n", gen_element_symbol(i), gen_element_z(i), gen_f0(i, 0.0),
                   gen_f0(i, 0.0) - gen_element_z(i), gen_f0(i, 0.5));
        return 0;
    }
    double *x = NULL, *y = NULL;
    size_t n = 0;
    rc = gen_pattern(&cfg, &x, &y, &n);
    if (rc == 0) rc = gen_write_xy(&cfg, x, y, n);
    if (rc == 0) rc = gen_write_truth(&cfg);
    free(x);
    free(y);
    for (int p = 0; p < cfg.nphase; p++) free(cfg.ph[p].refl);
    return rc ? 1 : 0;
}
