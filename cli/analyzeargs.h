/* Options of the alloy analysis shared by `analyze` and `series --analyze`:
 * elements, ratios, structures, the thresholds of the verdict.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_ANALYZEARGS_H
#define XRDFIT_CLI_ANALYZEARGS_H

#include <getopt.h>
#include "cli.h"

enum { CLI_OPT_AEL = 1800, CLI_OPT_AST, CLI_OPT_AMAXP, CLI_OPT_ABIC, CLI_OPT_ASEP,
       CLI_OPT_ASHARE, CLI_OPT_ARATIO, CLI_OPT_ACLUSTERS,
       CLI_OPT_ANOCLUSTERS };

#define CLI_ANALYZE_LONGOPTS                                                   \
    {"elements", required_argument, 0, CLI_OPT_AEL},                           \
    {"structure", required_argument, 0, CLI_OPT_AST},                          \
    {"max-phases", required_argument, 0, CLI_OPT_AMAXP},                       \
    {"bic-threshold", required_argument, 0, CLI_OPT_ABIC},                     \
    {"min-separation", required_argument, 0, CLI_OPT_ASEP},                    \
    {"min-share", required_argument, 0, CLI_OPT_ASHARE},                       \
    {"ratio", required_argument, 0, CLI_OPT_ARATIO},                           \
    {"clusters", no_argument, 0, CLI_OPT_ACLUSTERS},                           \
    {"no-clusters", no_argument, 0, CLI_OPT_ANOCLUSTERS}

#define CLI_ANALYZE_HELP \
    "  --elements A,B,...  the alloy's 1 to 8 elements (end members from the reference\n" \
    "                      library in the alloy's structure, e.g. Ru-fcc for fcc CuRu;\n" \
    "                      EL:A(ESD) gives one's lattice constant, single --structure)\n" \
    "  --ratio A:B=p:q     fixed ratio of some elements (repeatable): with 3+ elements\n" \
    "                      the ratios must leave two parts for Vegard's law\n" \
    "  --structure S[,S2]  structures to consider (default fcc)\n" \
    "  --max-phases N      1, 2 (default) or 3\n" \
    "  --bic-threshold X   scaled delta-BIC an extra phase must exceed (default 10)\n" \
    "  --min-separation S  combined esds between same-structure lattices (default 3)\n" \
    "  --min-share F       least share of diffracted intensity (default 0.05)\n" \
    "  --clusters          one phase of atomistic clusters by the Debye equation (every\n" \
    "                      shape, an Ino-Marks decahedron; docs/debye_fit.md) must be\n" \
    "                      beaten by a second phase and, if it fits one phase better,\n" \
    "                      gives its a and D; by default only below a Le Bail diameter\n" \
    "                      of 4 nm (2-6 s more); --clusters always\n" \
    "  --no-clusters       never\n"

/* Handle one getopt result into ao (*have_el set by --elements); 1 handled,
 * 0 not ours, -1 bad value (usage printed). */
int cli_analyze_option(const char *cmd, int opt, const char *arg, xrd_analyze_options *ao,
                       int *have_el);

#endif
