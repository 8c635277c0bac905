/* TEMPORARY, branch `refdata` only: stand-ins for functions of modules that
 * are not on this branch (pattern: cmd_info, xrd_xunit_parse; crystal's CLI:
 * cmd_reflections), so that the CLI links and `xrdfit phases` can be tested.
 * Delete this file when merging: the real definitions then clash with these
 * at link time on purpose. SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <stdio.h>

static int missing(const char *what)
{
    fprintf(stderr, "xrdfit: %s is not built on this branch\n", what);
    return CLI_DATA_ERROR;
}

int cmd_info(int argc, char **argv)
{
    return missing("info");
}

int cmd_reflections(int argc, char **argv)
{
    return missing("reflections");
}

int xrd_xunit_parse(const char *s, xrd_xunit *out)
{
    return -1;
}
