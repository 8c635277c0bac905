/* libFuzzer harness of the space-group readers: each line of the input is
 * looked up as a symbol and as a Hall symbol, and all lines together are read
 * as a list of symmetry operations ("x,y,z" style); a group found is used
 * (absences, an orbit, the cell metric, its name looked up again).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/crystal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(const xrd_spacegroup *sg)
{
    int n = 0;
    for (int h = -3; h <= 3; h++)
        for (int k = -3; k <= 3; k++)
            n += xrd_spacegroup_allows(sg, h, k, 2);
    const double p[3] = {0.1, 0.2, 0.3};
    double out[8][3];
    n += xrd_spacegroup_orbit(sg, p, out, 8);
    xrd_cell c = {5, 6, 7, 80, 95, 100};
    xrd_spacegroup_constrain_cell(sg, &c);
    char name[48];
    xrd_spacegroup back;
    xrd_spacegroup_lookup(xrd_spacegroup_name(sg, name, sizeof name), &back, NULL);
    (void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    const char *lines[200];
    int n = 0;
    for (char *p = s; n < 200;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    xrd_spacegroup sg;
    for (int i = 0; i < n && i < 4; i++) {
        if (xrd_spacegroup_lookup(lines[i], &sg, NULL) == XRD_OK)
            use(&sg);
        if (xrd_spacegroup_from_hall_symbol(lines[i], &sg, NULL) == XRD_OK)
            use(&sg);
    }
    if (xrd_spacegroup_from_ops(lines, n, &sg, NULL) == XRD_OK)
        use(&sg);
    free(s);
    return 0;
}
