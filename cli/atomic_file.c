/* Outputs written whole or not at all: into a temporary file next to the
 * target (same directory, so rename(2) is atomic; same extension, so gnuplot
 * picks the same terminal), then renamed over it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_tmp_path(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : path))
        dot = path + strlen(path);
    int w = snprintf(buf, n, "%.*s.part%ld%s", (int)(dot - path), path, (long)getpid(), dot);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int cli_commit(const char *tmp, const char *path)
{
    if (rename(tmp, path) == 0)
        return CLI_OK;
    unlink(tmp);
    xrd_error err;
    xrd_error_set(&err, XRD_ERR_IO, path, 0, "cannot replace the file (rename from %s failed)",
                  tmp);
    return cli_fail(&err);
}
