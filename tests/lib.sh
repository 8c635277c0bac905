# Shell test helpers, sourced by tests/test_*.sh. Each check prints
# PASS/FAIL/SKIP lines like the C harness. SPDX-License-Identifier: GPL-3.0-or-later
XRDFIT=${XRDFIT_BIN:-build/xrdfit}
TMP=${XRDFIT_TMP:-/tmp}
REAL=${XRDFIT_REALDATA:-../shared/realdata}
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
# run NAME EXPECTED_EXIT CMD...: run CMD, keep stdout in $OUT, stderr in $ERR
run() {
    _n=$1; _want=$2; shift 2
    "$@" > "$TMP/out.txt" 2> "$TMP/err.txt"
    _rc=$?
    OUT=$(cat "$TMP/out.txt"); ERR=$(cat "$TMP/err.txt")
    if [ "$_rc" -ne "$_want" ]; then
        fail "$_n" "exit $_rc, expected $_want; stderr: $(head -c 300 "$TMP/err.txt")"
        return 1
    fi
    return 0
}
# expect NAME EXIT PATTERN CMD...: exit code and an extended regex on stdout+stderr
expect() {
    _n=$1; _want=$2; _pat=$3; shift 3
    run "$_n" "$_want" "$@" || return 1
    if printf '%s\n%s\n' "$OUT" "$ERR" | grep -Eq -- "$_pat"; then pass "$_n"; return 0; fi
    fail "$_n" "output does not match /$_pat/: $(printf '%s %s' "$OUT" "$ERR" | head -c 300)"
    return 1
}
