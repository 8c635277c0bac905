#!/bin/sh
# xrdfit series (issue 15): six xrdgen patterns of Cu at 300-800 K whose cell
# follows a(T) = 3.6149 (1 + 16.5e-6 (T - 300)), given in shuffled order:
# - --order temperature sorts them by the temperatures in their names; the table
#   has one row per pattern, every one converged, each a within 3 esd of a(T);
#   one JSON line per pattern; the trend's expansion coefficient within 3 esd
#   and 1e-6/K of 16.5e-6/K;
# - --independent (several at once) gives the same cells within their esds;
# - a --list with temperatures and an unreadable pattern: that row says why,
#   the others converge, exit 1; names in deg C; usage errors exit 2;
# - the background model carried from pattern to pattern, chosen again where an
#   amorphous hump appears.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/series
mkdir -p "$T"
files=""
for t in 800 300 500 400 700 600; do
    a=$(awk -v t=$t 'BEGIN { printf "%.6f", 3.6149 * (1 + 16.5e-6 * (t - 300)) }')
    "$GEN" --phase fcc:a=$a,el=Cu,size=20,name=Cu --radiation CuKa \
        --instrument 0.004,-0.002,0.003,0,0.02 --counts 20000 --range 30:120 --step 0.02 \
        --seed $t -o "$T/cu_${t}K.xy" 2> /dev/null || fail series_gen "xrdgen failed at $t K"
    files="$files $T/cu_${t}K.xy"
done
# shellcheck disable=SC2086
if run series_sequential 0 "$XRDFIT" $R series --radiation CuKa --phase Cu --order temperature \
        --table "$T/t.csv" --jsonl "$T/t.jsonl" -q $files; then
    rows=$(awk 'NR > 1' "$T/t.csv" | wc -l)
    if [ "$rows" -eq 6 ] && [ "$(wc -l < "$T/t.jsonl")" -eq 6 ] &&
        [ "$(grep -c '^{"index": [0-9]*, "pattern": "[^"]*", "row": {.*}, "fit": {' "$T/t.jsonl")" -eq 6 ]; then pass series_outputs
    else fail series_outputs "$rows table rows, $(wc -l < "$T/t.jsonl") JSON lines (6 expected)"; fi
    bad=$(awk -F, 'NR > 1 { a = 3.6149 * (1 + 16.5e-6 * ($2 - 300)); d = $7 - a; if (d < 0) d = -d
                   if ($3 != "true" || !(d <= 3 * $8) || (NR > 2 && $2 <= prev)) print $1; prev = $2 }' "$T/t.csv")
    if [ -z "$bad" ]; then pass series_cells_in_order
    else fail series_cells_in_order "rows out of order, not converged or off a(T): $bad"; fi
    alpha=$(printf '%s\n' "$OUT" | sed -n 's/.*linear expansion \([0-9.]*\)(\([0-9]*\)).*/\1 \2/p')
    if printf '%s\n' "$alpha" | awk '{ v = $1; n = split($1, p, "."); dec = n > 1 ? length(p[2]) : 0
            e = $2 / 10 ^ dec; d = v - 16.5; if (d < 0) d = -d; exit !(d <= 3 * e && d <= 1.0) }'; then
        pass series_expansion_coefficient
    else fail series_expansion_coefficient "got '$alpha' (1e-6/K), truth 16.5: $(printf '%s' "$OUT" | tail -1)"; fi
fi
# shellcheck disable=SC2086
if run series_independent 0 "$XRDFIT" $R series --radiation CuKa --phase Cu --order temperature \
        --independent --jobs 2 --table "$T/i.csv" -q $files; then
    diff=$(paste -d, "$T/t.csv" "$T/i.csv" | awk -F, -v n="$(head -1 "$T/t.csv" | awk -F, '{ print NF }')" \
        'NR > 1 { d = $7 - $(n + 7); if (d < 0) d = -d; if (d > 2 * $8) print $1 }')
    if [ -z "$diff" ]; then pass series_independent_as_sequential
    else fail series_independent_as_sequential "cells differ by more than 2 esd: $diff"; fi
fi
{
    echo "# path temperature_K"
    echo "$T/cu_300K.xy 300"
    echo "$T/missing.xy 350"
    echo "$T/cu_400K.xy 400"
} > "$T/list.txt"
expect series_unreadable_row 1 "missing.xy: .*cannot open" \
    "$XRDFIT" $R series --radiation CuKa --phase Cu --list "$T/list.txt" --table "$T/l.csv" -q
if awk -F, '$1 ~ /missing/ && $3 == "false" && $4 ~ /cannot open/ { m = 1 }
            $1 ~ /cu_400K/ && $3 == "true" && $2 == 400 { g = 1 } END { exit !(m && g) }' "$T/l.csv"; then
    pass series_unreadable_in_table
else fail series_unreadable_in_table "$(cat "$T/l.csv")"; fi
cp "$T/cu_300K.xy" "$T/run-26.85C.xy"
if run series_celsius_name 0 "$XRDFIT" $R series --radiation CuKa --phase Cu --table - -q \
        "$T/run-26.85C.xy"; then
    case "$OUT" in *"run-26.85C.xy,300,true"*) pass series_celsius_in_kelvin ;;
        *) fail series_celsius_in_kelvin "$OUT" ;; esac
fi
expect series_bad_order 2 "--order expects given or temperature" \
    "$XRDFIT" $R series --radiation CuKa --phase Cu --order size "$T/cu_300K.xy"
expect series_list_and_args 2 "either as arguments or with --list" \
    "$XRDFIT" $R series --radiation CuKa --phase Cu --list "$T/list.txt" "$T/cu_300K.xy"

# --analyze: a CuRu solid solution (a = 3.72 A) at 300-500 K that separates into a
# Cu-rich (3.64 A) and a Ru-rich (3.79 A) fcc phase at 600 and 700 K: every
# pattern's verdict as simulated, and the change found at 600 K
afiles=""
for t in 300 400 500 600 700; do
    if [ $t -lt 600 ]; then
        "$GEN" --phase fcc:a=3.72,el=Cu:0.46/Ru:0.54,size=8 --radiation CuKa \
            --instrument 0.004,-0.002,0.003,0,0.02 --counts 20000 --range 25:100 --step 0.02 \
            --seed $t -o "$T/curu_${t}K.xy" 2> /dev/null
    else
        "$GEN" --phase fcc:a=3.64,el=Cu:0.87/Ru:0.13,size=8,scale=0.5 \
            --phase fcc:a=3.79,el=Cu:0.1/Ru:0.9,size=8,scale=0.5 --radiation CuKa \
            --instrument 0.004,-0.002,0.003,0,0.02 --counts 20000 --range 25:100 --step 0.02 \
            --seed $t -o "$T/curu_${t}K.xy" 2> /dev/null
    fi
    afiles="$T/curu_${t}K.xy $afiles"
done
# shellcheck disable=SC2086
if run series_analyze 0 "$XRDFIT" $R series --analyze --elements Cu,Ru --radiation CuKa \
        --order temperature --table "$T/a.csv" --jsonl "$T/a.jsonl" -q $afiles; then
    bad=$(awk -F, 'NR > 1 { want = $2 < 600 ? "single-phase" : "two-phase"; if ($5 != want) print $1 ": " $5 }' "$T/a.csv")
    if [ -z "$bad" ]; then pass series_analyze_verdicts
    else fail series_analyze_verdicts "$bad"; fi
    case "$OUT" in *"single-phase, then two-phase from $T/curu_600K.xy (600 K) on"*)
        pass series_analyze_change ;;
        *) fail series_analyze_change "$OUT" ;; esac
    # the a(T) line of the single-phase patterns (a = 3.72 A at every T); none
    # through the two two-phase patterns (a line needs three)
    sl=$(printf '%s\n' "$OUT" | sed -n 's/^  single-phase fcc: a = \([0-9.]*\) A at .*over 3 patterns.*/\1/p')
    if awk -v a="$sl" 'BEGIN { d = a - 3.72; exit !(a != "" && d < 0.002 && d > -0.002) }' &&
            ! printf '%s\n' "$OUT" | grep -q "two-phase: fcc 1 of 2: a ="; then
        pass series_analyze_trend_line
    else fail series_analyze_trend_line "$OUT"; fi
    if [ "$(grep -c '^{"index": [0-9]*, "pattern": "[^"]*", "row": {.*}, "analysis": {' "$T/a.jsonl")" -eq 5 ]; then pass series_analyze_jsonl
    else fail series_analyze_jsonl "$(head -c 200 "$T/a.jsonl")"; fi
    # the records alone give the table again (--merge): the same verdicts and compositions
    if run series_analyze_merge 0 "$XRDFIT" series --merge "$T/am.csv" "$T/a.jsonl"; then
        d=$(paste -d'|' "$T/a.csv" "$T/am.csv" | awk -F'|' 'NR > 1 { split($1, x, ","); split($2, y, ",")
               if (x[1] != y[1] || x[5] != y[5] || (x[14] - y[14]) ^ 2 > 1e-16) print x[1] }')
        if [ -z "$d" ]; then pass series_analyze_merged_table
        else fail series_analyze_merged_table "rows differ: $d"; fi
    fi
fi
expect series_analyze_needs_elements 2 "--analyze takes --elements" \
    "$XRDFIT" $R series --analyze --radiation CuKa "$T/curu_300K.xy"

# the map and the waterfall of the series (gnuplot): PNG files of some size
if command -v gnuplot > /dev/null 2>&1; then
    # shellcheck disable=SC2086
    if run series_figures 0 "$XRDFIT" $R series --radiation CuKa --phase Cu --order temperature -q \
            --map-plot "$T/map.png" --waterfall-plot "$T/wf.png" --trend-plot "$T/trend.png" $files; then
        for f in map wf trend; do
            sig=$(od -An -c -N4 "$T/$f.png" 2> /dev/null | tr -d ' ')
            size=$(wc -c < "$T/$f.png" 2> /dev/null || echo 0)
            if [ "$sig" = "211PNG" ] && [ "$size" -gt 10000 ]; then pass series_figure_$f
            else fail series_figure_$f "signature '$sig', $size bytes"; fi
        done
    fi
    # the trend figure of an analysis series (single-phase, then two phases)
    # shellcheck disable=SC2086
    if run series_analyze_figure 0 "$XRDFIT" $R series --analyze --elements Cu,Ru --radiation CuKa \
            --order temperature -q --trend-plot "$T/atrend.png" $afiles; then
        sig=$(od -An -c -N4 "$T/atrend.png" 2> /dev/null | tr -d ' ')
        size=$(wc -c < "$T/atrend.png" 2> /dev/null || echo 0)
        if [ "$sig" = "211PNG" ] && [ "$size" -gt 10000 ]; then pass series_figure_analysis_trend
        else fail series_figure_analysis_trend "signature '$sig', $size bytes"; fi
    fi
else
    skip series_figures "gnuplot is not installed"
fi

# the sequential series carries the background model from pattern to pattern
# and chooses again when it stops fitting: 4 nm CuRu, an amorphous hump (24 deg,
# FWHM 9 deg) from the fourth pattern on; each a within 3 esd of its truth, no
# hump in the first three fits, one in each of the last three
hf=""
for i in 1 2 3 4 5 6; do
    a=$(awk -v i=$i 'BEGIN { printf "%.5f", 3.72 + 0.001 * i }')
    h=""
    [ $i -ge 4 ] && h="--hump 24,9,2500"
    # shellcheck disable=SC2086
    "$GEN" --phase fcc:a=$a,el=Cu:0.5/Ru:0.5,size=4 --radiation CuKa --counts 5000 \
        --range 15:90 --step 0.02 --bg 200,-40 $h --seed $i -o "$T/h_$((300 + 50 * i))K.xy" \
        2> /dev/null || fail series_hump_gen "xrdgen failed"
    hf="$hf $T/h_$((300 + 50 * i))K.xy"
done
# shellcheck disable=SC2086
if run series_hump 0 "$XRDFIT" $R series --radiation CuKa --phase fcc:a=3.72 --order temperature \
        -q --table "$T/h.csv" --jsonl "$T/h.jsonl" $hf; then
    bad=$(awk -F, 'NR > 1 { i = NR - 1; a = 3.72 + 0.001 * i; d = $7 - a; if (d < 0) d = -d
            if (!(d <= 3 * $8)) printf " row %d: a %s (%s), truth %.4f", i, $7, $8, a }' "$T/h.csv")
    [ -z "$bad" ] && pass series_hump_cells || fail series_hump_cells "$bad"
    humps=$(grep -o '"background_model": "[^"]*"' "$T/h.jsonl" |
        awk '{ printf "%d", /[+] amorphous hump/ ? 1 : 0 }')
    [ "$humps" = 000111 ] && pass series_hump_carried ||
        fail series_hump_carried "hump in the fits: $humps, expected 000111"
fi
