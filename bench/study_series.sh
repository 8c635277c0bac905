#!/bin/sh
# Study of the series issue's acceptance (issue 15): a generated in situ series of
# 24 lab patterns (Cu Ka, xrdgen: the independent generator), 303-763 K in steps of
# 20 K. A CuRu solid solution, a(T) = 3.72 (1 + 12e-6 (T - 303)) A, crystal size
# 5 + 0.01 (T - 303) nm, separates from T_SEP (default 623 K) on into a Cu-rich
# (3.64 (1 + 16e-6 (T - 303)) A, Cu0.87Ru0.13) and a Ru-rich (3.79 (1 + 8e-6 (T - 303))
# A, Cu0.1Ru0.9) fcc phase of equal volume. `xrdfit series --analyze` gives the
# table, the trend figure and the map; this script compares them with the truth:
# each pattern's verdict, the step where the verdict changes, every phase's a
# against its truth in esds, and the solid solution's expansion coefficient.
# Usage: study_series.sh BUILD OUTDIR   (T_SEP=K, SEED0=N)
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
OUT=${2:-bench/results/study_series}
TSEP=${T_SEP:-623}
SEED0=${SEED0:-0}
X=$BUILD/xrdfit
G=$BUILD/xrdgen
mkdir -p "$OUT"
files=""
t=303
while [ $t -le 763 ]; do
    size=$(awk -v t=$t 'BEGIN { printf "%.2f", 5 + 0.01 * (t - 303) }')
    if [ $t -lt "$TSEP" ]; then
        a=$(awk -v t=$t 'BEGIN { printf "%.5f", 3.72 * (1 + 12e-6 * (t - 303)) }')
        ph="--phase fcc:a=$a,el=Cu:0.46/Ru:0.54,size=$size"
    else
        a1=$(awk -v t=$t 'BEGIN { printf "%.5f", 3.64 * (1 + 16e-6 * (t - 303)) }')
        a2=$(awk -v t=$t 'BEGIN { printf "%.5f", 3.79 * (1 + 8e-6 * (t - 303)) }')
        ph="--phase fcc:a=$a1,el=Cu:0.87/Ru:0.13,size=$size,scale=0.5"
        ph="$ph --phase fcc:a=$a2,el=Cu:0.1/Ru:0.9,size=$size,scale=0.5"
    fi
    # shellcheck disable=SC2086
    "$G" $ph --radiation CuKa --instrument 0.004,-0.002,0.003,0,0.02 --counts 20000 \
        --range 20:90 --step 0.02 --bg 300,-60 --seed $((SEED0 + t)) \
        -o "$OUT/curu_${t}K.xy" 2> /dev/null || { echo "xrdgen failed at $t K" >&2; exit 1; }
    files="$files $OUT/curu_${t}K.xy"
    t=$((t + 20))
done
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$X" series --analyze --elements Cu,Ru --radiation CuKa --order temperature -q \
    --table "$OUT/series.csv" --jsonl "$OUT/series.jsonl" --trend-plot "$OUT/trend.png" \
    --map-plot "$OUT/map.png" $files > "$OUT/report.txt"
rc=$?
end=$(date +%s.%N)
cat "$OUT/report.txt"
echo "exit $rc, $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s for 24 analyses"
# truth against the table: columns by name
awk -F, -v tsep="$TSEP" '
NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
{
    T = $c["temperature_K"]; v = $c["verdict"]; two = T >= tsep
    want = two ? "two-phase" : "single-phase"
    ok = v == want; nv += ok; n++
    if (!two) {
        at[1] = 3.72 * (1 + 12e-6 * (T - 303)); np = 1
    } else {
        at[1] = 3.64 * (1 + 16e-6 * (T - 303)); at[2] = 3.79 * (1 + 8e-6 * (T - 303)); np = 2
    }
    line = sprintf("%4d K  %-12s %s", T, v, ok ? "  " : "! ")
    if (ok) for (k = 1; k <= np; k++) {
        a = $c["phase" k ".a_A"]; e = $c["phase" k ".a_esd_A"]
        # the table orders the phases by a
        z = (a - at[k]) / e; nz++; if (z < 0) z = -z; if (z <= 3) n3++
        line = line sprintf("  a%d %.5f (%.5f) truth %.5f: %+.1f esd", k, a, e, at[k], (a - at[k]) / e)
    }
    print line
}
END { printf "verdicts right: %d of %d; lattice constants within 3 esd: %d of %d\n", nv, n, n3, nz }' \
    "$OUT/series.csv" | tee "$OUT/truth.txt"
