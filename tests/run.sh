#!/bin/sh
# Run every test program and shell test of the suite against the build in $1;
# print each test's line, then `N passed, N failed, N skipped`; exit 1 on failure.
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
XRDFIT_TOP=$TOP
XRDFIT_BIN=$BUILD/xrdfit
XRDFIT_GEN=$BUILD/xrdgen
XRDFIT_REALDATA=${XRDFIT_REALDATA:-$TOP/../shared/realdata}
XRDFIT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/xrdfit-test.XXXXXX")
export XRDFIT_TOP XRDFIT_BIN XRDFIT_GEN XRDFIT_REALDATA XRDFIT_TMP
trap 'rm -rf "$XRDFIT_TMP"' EXIT INT TERM
[ -d "$XRDFIT_REALDATA" ] || echo "note: $XRDFIT_REALDATA not found: real-data tests are skipped"

log=$XRDFIT_TMP/all.log
: > "$log"
run_one() { # name, command...
    name=$1; shift
    out=$XRDFIT_TMP/one.log
    "$@" > "$out" 2>&1
    rc=$?
    cat "$out"
    cat "$out" >> "$log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
        echo "FAIL $name: exited with status $rc and reported no failure (crash?)"
        echo "FAIL $name: exit $rc" >> "$log"
    fi
}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "$(basename "$t")" "$t"
done
for t in "$TOP"/tests/test_*.sh; do
    [ -f "$t" ] || continue
    run_one "$(basename "$t")" sh "$t"
done
p=$(grep -c '^PASS ' "$log")
f=$(grep -c '^FAIL ' "$log")
s=$(grep -c '^SKIP ' "$log")
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
