# Helpers for the Le Bail tests (sourced after lib.sh): truth instrument files
# for xrdgen patterns, numbers out of `xrdfit fit --json` output, comparisons.
# SPDX-License-Identifier: GPL-3.0-or-later

# write_instrument FILE RADIATION U,V,W,X,Y SL,HL [GEOMETRY [RADIUS_MM]]
# RADIATION: CuKa (Hoelzer Ka1 + Ka2, ratio 0.5, as xrdgen --radiation CuKa) or a
# single wavelength in Angstrom. xrdgen's Lorentzian term is X tan + Y (deg), xrdfit's
# X tan + Y / cos: the two agree only for Y = 0, so every truth instrument has Y = 0.
write_instrument() {
    _f=$1; _rad=$2; _p=$3; _a=$4; _geo=${5:-bragg-brentano}; _r=${6:-240}
    case $_p in *,0) ;; *) echo "write_instrument: Y must be 0 (xrdgen and xrdfit differ)" >&2; return 1 ;; esac
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<instrument version="1">'
        if [ "$_rad" = CuKa ]; then
            echo '  <radiation name="CuKa" scale="Hoelzer1997">'
            echo '    <line name="Ka1" lambda_A="1.5405929" weight="1"/>'
            echo '    <line name="Ka2" lambda_A="1.5444274" weight="0.5"/>'
        else
            echo '  <radiation name="synchrotron" scale="given">'
            echo "    <line name=\"L\" lambda_A=\"$_rad\" weight=\"1\"/>"
        fi
        echo '  </radiation>'
        echo "  <geometry type=\"$_geo\" radius_mm=\"$_r\"/>"
        echo '  <zero_deg>0</zero_deg>'
        echo '  <displacement_mm>0</displacement_mm>'
        echo "$_p" | awk -F, '{ printf "  <profile type=\"TCH\" U=\"%s\" V=\"%s\" W=\"%s\" X=\"%s\" Y=\"%s\"/>\n", $1, $2, $3, $4, $5 }'
        echo "$_a" | awk -F, '{ printf "  <asymmetry SL=\"%s\" HL=\"%s\"/>\n", $1, $2 }'
        echo '  <calibration standard="xrdgen truth" note="the parameters the synthetic pattern was generated with"/>'
        echo '</instrument>'
    } > "$_f"
}

# jnum FILE KEY [N]: the value of the N-th (default 1st) line `"KEY": value` of a
# pretty-printed JSON file (xrdfit writes one key per line); empty when absent.
jnum() {
    awk -v k="\"$2\":" -v n="${3:-1}" '$1 == k { c++; if (c == n) { v = $2; sub(/,$/, "", v); print v; exit } }' "$1"
}

# jstr FILE KEY: the first string value of `"KEY": "..."`
jstr() {
    sed -n "s/^ *\"$2\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" "$1" | head -n 1
}

# is_true FILE KEY: the first `"KEY": true`
is_true() { [ "$(jnum "$1" "$2")" = true ]; }

# within NAME VALUE TRUTH ESD NSIGMA ABS: |VALUE - TRUTH| <= NSIGMA*ESD and <= ABS;
# prints PASS/FAIL with the numbers.
within() {
    if awk -v v="$2" -v t="$3" -v e="$4" -v k="$5" -v a="$6" \
        'BEGIN { d = v - t; if (d < 0) d = -d; exit !(v != "" && e != "" && e == e + 0 && d <= k * e && d <= a) }'; then
        pass "$1"
    else
        fail "$1" "$(awk -v v="$2" -v t="$3" -v e="$4" -v k="$5" -v a="$6" 'BEGIN {
            printf "got %s, truth %s: difference %.6g = %.2f esd (esd %s); allowed %s esd and %s", v, t, v - t, (e > 0 ? (v - t) / e : 0), e, k, a }')"
    fi
}

# rel_within NAME VALUE TRUTH FRACTION
rel_within() {
    if awk -v v="$2" -v t="$3" -v f="$4" 'BEGIN { d = v / t - 1; if (d < 0) d = -d; exit !(v != "" && d <= f) }'; then
        pass "$1"
    else
        fail "$1" "got $2, truth $3: $(awk -v v="$2" -v t="$3" 'BEGIN { printf "%+.1f %%", (v / t - 1) * 100 }'), allowed $(awk -v f="$4" 'BEGIN { print f * 100 }') %"
    fi
}

# in_interval NAME VALUE LO HI
in_interval() {
    if awk -v v="$2" -v l="$3" -v h="$4" 'BEGIN { exit !(v != "" && v >= l && v <= h) }'; then pass "$1"
    else fail "$1" "got '$2', expected within [$3, $4]"; fi
}

# Time limit of one fit (s): FIT_TIMEOUT, default 120, x5 for a sanitizer build.
case ${XRDFIT_BIN:-} in *asan*) _tl_mult=5 ;; *) _tl_mult=1 ;; esac
FIT_TIMEOUT=${FIT_TIMEOUT:-$((120 * _tl_mult))}

# fit_json NAME JSON CMD...: run an xrdfit fit writing JSON (the command includes
# --json JSON) within FIT_TIMEOUT seconds; PASS NAME_converged when it exits 0
# with "converged": true.
fit_json() {
    _n=$1; _j=$2; shift 2
    rm -f "$_j"
    if command -v timeout > /dev/null 2>&1; then
        timeout "$FIT_TIMEOUT" "$@" > "$TMP/fit_out.txt" 2> "$TMP/fit_err.txt"
    else
        "$@" > "$TMP/fit_out.txt" 2> "$TMP/fit_err.txt"
    fi
    _rc=$?
    if [ "$_rc" -eq 124 ]; then
        fail "${_n}_converged" "the fit did not finish within $FIT_TIMEOUT s (killed): $*"
        return 1
    fi
    if [ "$_rc" -eq 0 ] && [ -f "$_j" ] && is_true "$_j" converged; then
        pass "${_n}_converged"
        return 0
    fi
    _msg=$( [ -f "$_j" ] && jstr "$_j" message )
    fail "${_n}_converged" "exit $_rc, converged=$( [ -f "$_j" ] && jnum "$_j" converged ) $_msg; command: $*"
    [ -f "$_j" ]
}

# near NAME VALUE TRUTH TOL: |VALUE - TRUTH| <= TOL
near() {
    if awk -v v="$2" -v t="$3" -v a="$4" 'BEGIN { d = v - t; if (d < 0) d = -d; exit !(v != "" && d <= a) }'; then
        pass "$1"
    else
        fail "$1" "$(awk -v v="$2" -v t="$3" -v a="$4" 'BEGIN { printf "got %s, reference %s: difference %+.6g, allowed %s", v, t, v - t, a }')"
    fi
}
