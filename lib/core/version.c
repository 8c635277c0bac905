/* Library version. SPDX-License-Identifier: GPL-3.0-or-later */
#include "xrdfit/xrdfit.h"

#ifndef XRDFIT_VERSION
#define XRDFIT_VERSION "unknown"
#endif

const char *xrd_version(void)
{
    return XRDFIT_VERSION;
}
