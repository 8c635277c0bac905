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

# fit --debye of the 3 nm pattern (database 1-6 nm, one size; auto, every fcc
# shape) and of a lognormal ensemble (median 2.5 nm, sigma 0.25; --lognormal-size):
# median wall time of 5 runs
"$XRDFIT" --refdata "$TOP/refdata" simulate --debye sphere --phase fcc:a=3.615,el=Cu \
    --size-nm 2.5 --lognormal 0.25 --radiation CuKa -o "$RES/debye_ln.xy" > /dev/null || exit 1
for MODE in sphere lognormal auto; do
    case $MODE in
        sphere) A="--debye sphere" P=$RES/debye_3.xy ;;
        lognormal) A="--debye sphere --lognormal-size" P=$RES/debye_ln.xy ;;
        auto) A="--debye auto" P=$RES/debye_3.xy ;;
    esac
    : > "$RES/debye_fit_$MODE.times"
    i=0
    while [ $i -lt $RUNS ]; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e %U" -o "$RES/debye_fit.t" "$XRDFIT" --refdata "$TOP/refdata" fit \
            "$P" --radiation CuKa --phase fcc:a=3.60,el=Cu $A --threads 2 \
            > "$RES/debye_fit_$MODE.log" 2>&1 || exit 1
        cat "$RES/debye_fit.t" >> "$RES/debye_fit_$MODE.times"
        i=$((i + 1))
    done
    sort -n "$RES/debye_fit_$MODE.times" | awk -v m="$MODE" -v p="$(basename "$P")" -v r=$RUNS \
        '{ w[NR] = $1; u[NR] = $2 } END { k = int((r + 1) / 2); printf "fit --debye (%s) of %s: median wall %.2f s (CPU %.2f s), %d runs\n", m, p, w[k], u[k], r }' |
        tee -a "$OUT"
done
