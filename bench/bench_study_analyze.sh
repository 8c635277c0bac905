#!/bin/sh
# Study of `xrdfit analyze` (issue 5 acceptance): 54 generator patterns, single- and
# two-phase fcc CuRu-like alloys, sizes 1.5-20 nm, separations 0-5 %, minor shares
# 10-50 %, lab Cu Ka and synchrotron 0.5787 A; confusion table truth x verdict,
# accuracy, false two-phase count, composition hit rate, time per analyze, and the
# median time of a whole analyze on a 3500-point lab pattern. The driver is
# bench/study_analyze.py (python3); the truth rules are stated at its top.
# Usage: bench_study_analyze.sh BUILD RESULTS   (STUDY_JOBS=N runs N analyses at once;
# the default 1 keeps the times honest)   SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
RES=${2:-bench/results}
mkdir -p "$RES"
if ! command -v python3 > /dev/null 2>&1; then
    echo "bench_study_analyze: python3 not found (apt-get install python3)"; exit 1
fi
[ -x "$BUILD/xrdgen" ] || { echo "bench_study_analyze: $BUILD/xrdgen missing (make $BUILD/xrdgen)"; exit 1; }
exec python3 "$(dirname "$0")/study_analyze.py" "$BUILD" "$RES" --jobs "${STUDY_JOBS:-1}" \
    --timing-runs "${STUDY_TIMING_RUNS:-5}"
