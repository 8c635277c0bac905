#!/bin/sh
# Series throughput: N lab two-phase patterns (Cu Ka, fcc 5 nm + hcp 10 nm,
# 3500 points, 20-90 deg, xrdgen, a drifting with the index), fitted by
# `xrdfit series` sequentially, independently (one pattern per processor) and
# with --analyze (Cu,Ru; fcc, hcp: the verdict, independently); patterns per
# second over the whole command, median of RUNS runs. The targets of the series
# issue are >= 500 fits and >= 20 analyses per second on 2 cores.
# Usage: bench_series.sh BUILD RESULTS   (N=40 RUNS=3 by default)
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
RES=${2:-bench/results}
N=${N:-40}
RUNS=${RUNS:-3}
mkdir -p "$RES/series"
X=$BUILD/xrdfit
G=$BUILD/xrdgen
i=1
files=""
while [ $i -le "$N" ]; do
    a=$(awk -v i=$i 'BEGIN { printf "%.5f", 3.72 + 0.0002 * i }')
    f=$RES/series/p$i.xy
    [ -f "$f" ] || "$G" --phase fcc:a=$a,el=Cu:0.5/Ru:0.5,size=5 --phase hcp:a=2.706,c=4.282,el=Ru,size=10 \
        --radiation CuKa --counts 10000 --range 20:90 --step 0.02 --seed $i -o "$f" 2> /dev/null || exit 1
    files="$files $f"
    i=$((i + 1))
done
now() { date +%s.%N; }
for mode in sequential independent analyze; do
    opt="--phase fcc:a=3.72 --phase hcp:a=2.70,c=4.28"
    [ $mode = independent ] && opt="$opt --independent"
    [ $mode = analyze ] && opt="--analyze --elements Cu,Ru --structure fcc,hcp"
    r=1
    : > "$RES/series/$mode.txt"
    while [ $r -le "$RUNS" ]; do
        t0=$(now)
        # shellcheck disable=SC2086
        "$X" series --radiation CuKa $opt -q --table "$RES/series/$mode.csv" $files \
            > /dev/null 2>&1
        t1=$(now)
        awk -v a="$t0" -v b="$t1" -v n="$N" 'BEGIN { print n / (b - a) }' >> "$RES/series/$mode.txt"
        r=$((r + 1))
    done
    med=$(sort -n "$RES/series/$mode.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    conv=$(awk -F, 'NR > 1 && $3 == "true"' "$RES/series/$mode.csv" | wc -l)
    printf 'series %-12s %d patterns of 3500 points, 2 phases: %.1f patterns/s (median of %d), %d converged\n' \
        $mode "$N" "$med" "$RUNS" "$conv" | tee -a "$RES/series.txt"
done
