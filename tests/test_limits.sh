#!/bin/sh
# Bounded work (issue 13): a fitted range above the point limit is refused with the
# limit and how to change it; a cell giving more reflection groups than the points
# can resolve (fcc a = 100 A) is refused before any fitting, well within 10 s; so is a
# model with more than one parameter per 5 points.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"
P=$TOP/data/curu_fcc_3.9nm_cuka.xy
expect limits_max_points 1 'holds 3501 points, more than the limit of 1000: narrow it with --range, or raise the limit with --max-points' \
    $XRDFIT $R fit "$P" --radiation CuKa --phase fcc:a=3.70 --max-points 1000
expect limits_max_points_raised 0 'Converged' \
    $XRDFIT $R fit "$P" --radiation CuKa --phase fcc:a=3.70 --max-points 4000
expect limits_max_points_bad 2 '--max-points expects a number of points' \
    $XRDFIT $R fit "$P" --radiation CuKa --phase fcc:a=3.70 --max-points 5
if command -v timeout > /dev/null 2>&1; then
    expect limits_huge_cell 1 'reflection groups' timeout 10 $XRDFIT $R fit "$P" --radiation CuKa \
        --phase fcc:a=100
else
    skip limits_huge_cell "no timeout command"
fi
expect limits_parameters 1 'parameters .* for [0-9]+ points, more than one per 5 points' \
    $XRDFIT $R fit "$P" --radiation CuKa --phase fcc:a=3.70 --range 41.8:42.8
