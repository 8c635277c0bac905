/* libFuzzer harness of the pattern readers: the input is a pattern file in
 * memory named FUZZ_NAME (its extension breaks format ties; the readers
 * recognise formats by content). Built once per format (Makefile: fuzz_text,
 * fuzz_gsas, fuzz_xrdml, fuzz_raw4, fuzz_ras, fuzz_brml, fuzz_rasx), each with
 * its own corpus. The first byte's low bits also pick a scan and a sigma
 * choice, so those paths are explored too.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>

#include "xrdfit/pattern.h"

#ifndef FUZZ_NAME
#define FUZZ_NAME "fuzz.xy"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xrd_read_options o;
    xrd_read_options_default(&o);
    if (size > 0) {
        o.scan = data[size - 1] & 1;
        o.sigma = (xrd_sigma_choice)((data[size - 1] >> 1) & 3);
    }
    xrd_pattern *p = NULL;
    xrd_error e;
    if (xrd_pattern_read_buffer((const char *)data, size, FUZZ_NAME, &o, &p, &e) == XRD_OK) {
        /* every point finite and increasing, every sigma positive */
        for (size_t i = 0; i < p->n; i++)
            if (!(p->sigma[i] > 0) || (i > 0 && !(p->x[i] > p->x[i - 1])))
                __builtin_trap();
    }
    xrd_pattern_free(p);
    return 0;
}
