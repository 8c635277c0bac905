/* TEMPORARY, branch `pattern` only: stand-ins for functions of modules that
 * are not on this branch (phases, reflections, refdata), so that the CLI links
 * and `xrdfit info` can be tested. Delete this file when merging: the real
 * definitions then clash with these at link time on purpose.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdio.h>

static int missing(const char *what)
{
    fprintf(stderr, "xrdfit: %s is not built on this branch\n", what);
    return CLI_DATA_ERROR;
}

int cmd_phases(int argc, char **argv)
{
    return missing("phases");
}

int cmd_reflections(int argc, char **argv)
{
    return missing("reflections");
}

xrd_status xrd_phase_library_load(const char *dir, const char *schema_path,
                                  xrd_phase_library **lib, xrd_error *err)
{
    return xrd_error_set(err, XRD_ERR_UNSUPPORTED, dir, 0, "phase library not built on this branch");
}

xrd_status xrd_radiation_lookup(const char *radiation_xml, const char *name, const char *scale,
                                xrd_radiation *out, xrd_error *err)
{
    return xrd_error_set(err, XRD_ERR_UNSUPPORTED, radiation_xml, 0,
                         "radiation lookup not built on this branch");
}

xrd_status xrd_radiation_single(double lambda_A, xrd_radiation *out, xrd_error *err)
{
    return xrd_error_set(err, XRD_ERR_UNSUPPORTED, NULL, 0,
                         "radiation not built on this branch");
}
