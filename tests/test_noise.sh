#!/bin/sh
# The noise scale (issue 11, item 4), on patterns from the independent generator
# xrdgen (Poisson counts) and their rescaled copies:
# - counts per second (counts / 7.3 s, six decimals) and normalised counts (/ max)
#   are recognised as not counts; sigma comes from the data's scatter (its gain
#   within 25 % of the true 1/t), or exactly from a header's time per step;
# - the same pattern as counts, as counts per second and normalised gives the same
#   lattice constant, the same esd (within 20 %) and the same verdict;
# - a third column that is an x copy, or 10x too large, is set aside with the
#   reason; sqrt(counts) in it is used;
# - a GOF below 1 does not shrink the esds: a file sigma 2.5x sqrt(counts)
#   (plausible, within 3x of the scatter) gives statistical esds 2.5x those of
#   the counts;
# - real files: SPring-8's rounded-2theta column is set aside, NIST 660c's sigma
#   kept, a Bruker export in counts per second recognised, counts kept.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/noise
mkdir -p "$T"

"$GEN" --phase fcc:a=3.72,el=Cu:0.5/Ru:0.5,size=8 --radiation CuKa --bg 300,-60,20 \
    --counts 4000 --seed 11 --range 25:95 --step 0.02 -o "$T/c.xy" 2> /dev/null ||
    fail noise_gen "xrdgen failed"
# counts / 7.3 s and counts / max, written as a lab export would (6 decimals)
awk '/^#/ { next } { printf "%.4f %.6f\n", $1, $2 / 7.3 }' "$T/c.xy" > "$T/cps.xy"
awk '/^#/ { next } { printf "%.4f %.6f\n", $1, $2 / 7.3 }' "$T/c.xy" |
    { printf '# Time per step: 7.3 s\n'; cat; } > "$T/cps_time.xy"
ymax=$(awk '/^#/ { next } $2 > m { m = $2 } END { print m }' "$T/c.xy")
awk -v m="$ymax" '/^#/ { next } { printf "%.4f %.8f\n", $1, $2 / m }' "$T/c.xy" > "$T/norm.xy"

expect noise_counts 0 '^sigma: +poisson' "$XRDFIT" info "$T/c.xy"
if run noise_cps 0 "$XRDFIT" info "$T/cps.xy"; then
    g=$(printf '%s\n' "$OUT" | sed -n 's/^noise:.*sigma^2 = [^ ]* + \([^ ]*\) y.*/\1/p')
    if printf '%s\n' "$OUT" | grep -q '^sigma: *scatter' &&
        awk -v g="$g" 'BEGIN { r = g * 7.3; exit !(r > 0.75 && r < 1.25) }'; then pass noise_cps
    else fail noise_cps "expected sigma from the scatter with gain ~ 1/7.3 = 0.137, got: $OUT"; fi
fi
expect noise_cps_time 0 '^sigma: +counts_per_second' "$XRDFIT" info "$T/cps_time.xy"
if run noise_norm 0 "$XRDFIT" info "$T/norm.xy"; then
    g=$(printf '%s\n' "$OUT" | sed -n 's/^noise:.*sigma^2 = [^ ]* + \([^ ]*\) y.*/\1/p')
    if awk -v g="$g" -v m="$ymax" 'BEGIN { r = g * m; exit !(r > 0.75 && r < 1.25) }'; then
        pass noise_norm
    else fail noise_norm "normalised counts: gain $g, expected ~ 1/$ymax: $OUT"; fi
fi

# the same a, esd and verdict whatever the scale of the file
fitj() { "$XRDFIT" fit "$1" --radiation CuKa --phase fcc:a=3.70 --json "$2" > /dev/null 2>&1; }
if fitj "$T/c.xy" "$T/c.json" && fitj "$T/cps.xy" "$T/cps.json" && fitj "$T/norm.xy" "$T/n.json"; then
    ac=$(jnum "$T/c.json" a_A); ec=$(jnum "$T/c.json" a_esd_A)
    for v in cps n; do
        a=$(jnum "$T/$v.json" a_A); e=$(jnum "$T/$v.json" a_esd_A)
        if awk -v a="$a" -v e="$e" -v ac="$ac" -v ec="$ec" 'BEGIN {
                d = (a - ac) / ec; r = e / ec; exit !(d < 0.3 && d > -0.3 && r > 0.8 && r < 1.2) }'; then
            pass "noise_invariant_$v"
        else fail "noise_invariant_$v" "counts a = $ac($ec), rescaled a = $a($e)"; fi
    done
else
    fail noise_invariant "a fit of the counts or of a rescaled copy failed"
fi
"$GEN" --phase fcc:a=3.66,el=Cu:0.7/Ru:0.3,size=6 --phase hcp:a=2.72,c=4.33,el=Ru,size=4,scale=0.6 \
    --radiation CuKa --bg 300,-60,20 --counts 3000 --seed 5 --range 25:95 --step 0.02 \
    -o "$T/two.xy" 2> /dev/null
awk '/^#/ { next } { printf "%.4f %.6f\n", $1, $2 / 7.3 }' "$T/two.xy" > "$T/two_cps.xy"
verdict() { "$XRDFIT" $R analyze "$1" --radiation CuKa --elements Cu,Ru --structure fcc,hcp 2> /dev/null | sed -n 's/^Verdict: //p'; }
v1=$(verdict "$T/two.xy"); v2=$(verdict "$T/two_cps.xy")
if [ -n "$v1" ] && [ "$v1" = "$v2" ] && [ "$v1" = "two-phase" ]; then pass noise_verdict_invariant
else fail noise_verdict_invariant "fcc + hcp as counts: '$v1', as counts per second: '$v2'"; fi

# third columns
awk '/^#/ { next } { printf "%s %s %s\n", $1, $2, $1 }' "$T/c.xy" > "$T/x3.xy"
awk '/^#/ { next } { printf "%s %s %.4f\n", $1, $2, 10 * sqrt($2 > 1 ? $2 : 1) }' "$T/c.xy" > "$T/s10.xy"
awk '/^#/ { next } { printf "%s %s %.4f\n", $1, $2, sqrt($2 > 1 ? $2 : 1) }' "$T/c.xy" > "$T/s1.xy"
awk '/^#/ { next } { printf "%s %s %.4f\n", $1, $2, 2.5 * sqrt($2 > 1 ? $2 : 1) }' "$T/c.xy" > "$T/s25.xy"
expect noise_third_x 0 'not taken as sigma: it only grows along the pattern' "$XRDFIT" info "$T/x3.xy"
expect noise_third_x_poisson 0 '^sigma: +poisson' "$XRDFIT" info "$T/x3.xy"
expect noise_third_large 0 'not taken as sigma: the point-to-point scatter is 0\.[01]' \
    "$XRDFIT" info "$T/s10.xy"
expect noise_third_sqrt 0 '^sigma: +file' "$XRDFIT" info "$T/s1.xy"
expect noise_third_forced 0 '^sigma: +file' "$XRDFIT" info --columns 1,2,3 "$T/s10.xy"
expect noise_option_poisson 0 '^sigma: +poisson' "$XRDFIT" info --sigma poisson "$T/s1.xy"
expect noise_option_bad 2 '--sigma expects auto, poisson, file or scatter' \
    "$XRDFIT" info --sigma gauss "$T/s1.xy"
expect noise_option_file_missing 1 'no sigma column' "$XRDFIT" info --sigma file "$T/c.xy"
if fitj "$T/s25.xy" "$T/s25.json" && [ -f "$T/c.json" ]; then
    e=$(jnum "$T/s25.json" a_esd_stat_A); ec=$(jnum "$T/c.json" a_esd_stat_A)
    if awk -v e="$e" -v ec="$ec" 'BEGIN { r = e / ec; exit !(r > 2.2 && r < 2.8) }'; then
        pass noise_gof_below_one
    else fail noise_gof_below_one "sigma 2.5 sqrt(y): statistical esd $e, counts $ec (expected 2.5x)"; fi
else
    fail noise_gof_below_one "the fit of the file with sigma 2.5 sqrt(y) failed"
fi

# real files
F=$REAL/ceo2_spring8_fcbenten/CeO2_spring8.xy
if [ -f "$F" ]; then
    expect noise_real_rounded_x 0 'third column is not taken as sigma: it only grows' "$XRDFIT" info "$F"
    expect noise_real_660c 0 '^sigma: +file' "$XRDFIT" info "$REAL/lab6_660c_nist_dbd_100a/nist_srm660c_100a_full.xye"
    expect noise_real_bruker_cps 0 '^sigma: +scatter' "$XRDFIT" info \
        "$REAL/lab6_nist_d8/E211110-AAC-001_005-000_exported.csv"
    expect noise_real_counts 0 '^sigma: +poisson' "$XRDFIT" info "$REAL/ru_pt_np/XRD_Ru-Pt.csv"
else
    skip noise_real "real data folder $REAL not found"
fi
