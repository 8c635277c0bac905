#!/bin/sh
# simulate --debye of Cu spheres of 3, 5 and 8 nm (Cu Ka, 20-90 deg, step 0.02,
# Poisson noise, 2 threads): median wall and CPU time of 5 runs each. Target
# (issue 17): 5 nm under 2 s. Usage: bench_debye.sh BUILD RESULTS
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
RES=${2:-bench/results}
mkdir -p "$RES"
XRDFIT=$BUILD/xrdfit
TOP=$(cd "$(dirname "$0")/.." && pwd)
RUNS=5
OUT=$RES/debye.txt
: > "$OUT"
for D in 3 5 8; do
    : > "$RES/debye_$D.times"
    i=0
    while [ $i -lt $RUNS ]; do
        /usr/bin/time -f "%e %U" -o "$RES/debye_$D.t" "$XRDFIT" --refdata "$TOP/refdata" simulate \
            --debye sphere --phase fcc:a=3.615,el=Cu --size-nm $D --radiation CuKa --threads 2 \
            -o "$RES/debye_$D.xy" > "$RES/debye_$D.log" || exit 1
        cat "$RES/debye_$D.t" >> "$RES/debye_$D.times"
        i=$((i + 1))
    done
    atoms=$(sed -n 's/^# cluster: sphere of \([0-9]*\) atoms.*/\1/p' "$RES/debye_$D.xy")
    sort -n "$RES/debye_$D.times" | awk -v d=$D -v n=$atoms -v r=$RUNS \
        '{ w[NR] = $1; u[NR] = $2 } END { m = int((r + 1) / 2); printf "Cu sphere %s nm, %s atoms: median wall %.2f s (CPU of that run %.2f s), %d runs\n", d, n, w[m], u[m], r }' |
        tee -a "$OUT"
done
