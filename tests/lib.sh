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
# dse_mixture DIR XRDFIT_ARGS...: DIR/mix.xy, the sum of Debye-equation spheres of
# Cu0.8Ru0.2 (3 nm, a 3.654 A) and Cu0.2Ru0.8 (4 nm, a 3.771 A), lab Cu Ka 20-140,
# 10000 counts each, background 100 and a normal noise of the Poisson variance
# (awk's generator, seed 11): a true two-phase mixture
dse_mixture() {
    _d=$1; shift
    _lab="--radiation CuKa --range 20:140"
    "$XRDFIT" "$@" simulate $_lab --debye sphere --size-nm 3 --phase fcc:a=3.654,el=Cu:0.8/Ru:0.2 \
        --noise none --background 0 --counts 10000 -o "$_d/m1.xy" > /dev/null 2>&1
    "$XRDFIT" "$@" simulate $_lab --debye sphere --size-nm 4 --phase fcc:a=3.771,el=Cu:0.2/Ru:0.8 \
        --noise none --background 0 --counts 10000 -o "$_d/m2.xy" > /dev/null 2>&1
    paste "$_d/m1.xy" "$_d/m2.xy" | awk 'BEGIN { srand(11) } /^#/ { next }
        { lam = $2 + $4 + 100; u = rand(); if (u < 1e-300) u = 1e-300
          y = lam + sqrt(lam) * sqrt(-2 * log(u)) * cos(6.283185307 * rand())
          printf "%.4f %d\n", $1, (y > 0 ? y : 0) + 0.5 }' > "$_d/mix.xy"
}
