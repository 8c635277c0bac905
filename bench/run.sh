#!/bin/sh
# Run every benchmark script bench/bench_*.sh in turn against the build in $1.
# Each script prints its figures and saves them under bench/results/ (git-ignored).
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
mkdir -p "$TOP/bench/results"
rc=0
for b in "$TOP"/bench/bench_*.sh; do
    [ -f "$b" ] || continue
    echo "== $(basename "$b")"
    sh "$b" "$BUILD" "$TOP/bench/results" || rc=1
done
exit $rc
