/* libFuzzer harness of the phase specification parser ("fcc:a=3.6,el=Cu"). The
 * input, NUL-terminated, is parsed without a library.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xrdfit/phase.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    xrd_phase ph;
    xrd_error e;
    xrd_phase_parse_spec(s, NULL, &ph, &e);
    xrd_phase_spec_needs_library(s);
    free(s);
    return 0;
}
