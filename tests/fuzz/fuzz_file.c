/* libFuzzer harness of the loaders that read a file: the input is written to a
 * private temporary file and loaded as FUZZ_KIND (1 phase XML, 2 instrument
 * XML, 3 radiation XML, 4 the fit JSON of `xrdfit plot`, 5 a pattern file read
 * through xylib, named .raw, 6 a phase CIF, then written as a phase file),
 * with the schemas of $XRDFIT_TOP/refdata (default "."). Built once per kind
 * (Makefile).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xrdfit/xrdfit.h"

#ifndef FUZZ_KIND
#define FUZZ_KIND 1
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *top(void)
{
    const char *t = getenv("XRDFIT_TOP");
    return t ? t : ".";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256], schema[1024];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/xrdfit-fuzz-%ld.%s", tmp ? tmp : "/tmp", (long)getpid(),
             FUZZ_KIND == 5 ? "raw" : FUZZ_KIND == 6 ? "cif" : "in");
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
    xrd_error e;
    switch (FUZZ_KIND) {
    case 1: {
        xrd_phase ph;
        snprintf(schema, sizeof schema, "%s/refdata/phase.rng", top());
        xrd_phase_load_file(path, schema, &ph, &e);
        break;
    }
    case 2: {
        xrd_instrument in;
        snprintf(schema, sizeof schema, "%s/refdata/instrument.rng", top());
        xrd_instrument_load(path, schema, &in, &e);
        break;
    }
    case 3: {
        xrd_radiation r;
        xrd_radiation_lookup(path, "CuKa", NULL, &r, &e);
        break;
    }
    case 6: {
        xrd_phase ph;
        if (xrd_phase_load_cif(path, &ph, &e) == XRD_OK) {
            /* what the CIF gave, as a library phase file (phases --import) */
            char out[300];
            snprintf(out, sizeof out, "%s.xml", path);
            snprintf(schema, sizeof schema, "%s/refdata/phase.rng", top());
            xrd_phase_write_file(&ph, out, schema, XRD_PHASE_WRITE_FORCE, &e);
            remove(out);
        }
        break;
    }
    case 5: {
        xrd_pattern *p = NULL;
        xrd_pattern_read_file(path, NULL, &p, &e);
        xrd_pattern_free(p);
        break;
    }
    default: {
        xrd_fit_result *r = NULL;
        char pat[256];
        if (xrd_plot_read_fit_json(path, &r, pat, sizeof pat, &e) == XRD_OK)
            xrd_plot_fit_result_free(r);
        break;
    }
    }
    remove(path);
    return 0;
}
