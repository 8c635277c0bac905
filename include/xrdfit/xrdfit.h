/* xrdfit: X-ray powder diffraction analysis - umbrella header.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_XRDFIT_H
#define XRDFIT_XRDFIT_H

#include "xrdfit/error.h"
#include "xrdfit/pattern.h"
#include "xrdfit/radiation.h"
#include "xrdfit/crystal.h"
#include "xrdfit/phase.h"
#include "xrdfit/profile.h"
#include "xrdfit/instrument.h"
#include "xrdfit/fit.h"
#include "xrdfit/report.h"
#include "xrdfit/vegard.h"
#include "xrdfit/analyze.h"
#include "xrdfit/plot.h"
#include "xrdfit/peaks.h"
#include "xrdfit/scattering.h"
#include "xrdfit/series.h"
#include "xrdfit/simulate.h"
#include "xrdfit/debye.h"
#include "xrdfit/debye_fit.h"

/* Library version string ("0.1.0"). */
const char *xrd_version(void);

#endif
