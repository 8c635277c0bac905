#!/bin/sh
# xrdfit peaks against fityk's cfityk: the same 7 pseudo-Voigt peaks plus a
# degree-4 polynomial background (xrdfit: 5 Chebyshev terms, the same function
# space) on the same 6000-point xrdgen pattern (Cu, Ka1 only, 40-140 deg).
# Medians over 10 runs (hyperfine, else a date loop). Usage: bench_peaks.sh BUILD RESULTS
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
RES=${2:-bench/results}
mkdir -p "$RES"
XRDFIT=$BUILD/xrdfit
GEN=$BUILD/xrdgen
CFITYK=$(command -v cfityk || echo /usr/bin/cfityk)
RUNS=10
PAT=$RES/peaks7.xy
"$GEN" --radiation CuKa1 --range 40:139.99 --step 0.0166667 \
  --phase fcc:a=3.6149,el=Cu,size=30 --instrument 0.004,-0.002,0.002,0.01,0 \
  --bg 300,-60,20 --counts 20000 --seed 1 -o "$PAT" || exit 1
npts=$(grep -vc '^#' "$PAT")
# Bragg positions of Cu 111 200 220 311 222 400 331 (Ka1 1.5405929 A)
AT=$(awk 'BEGIN { a = 3.6149; l = 1.5405929; split("3 4 8 11 12 16 19", s, " ");
       for (i = 1; i <= 7; i++) { d = a / sqrt(s[i]); t = 2 * atan2(l / (2 * d), sqrt(1 - (l / (2 * d))^2)) * 180 / 3.14159265358979;
       printf "%s%.2f", (i > 1 ? "," : ""), t } }')
FIT=$RES/peaks7.fit
{
    echo "@0 < '$PAT'"
    echo "F += Polynomial4(a0=~300, a1=~0, a2=~0, a3=~0, a4=~0)"
    for c in $(echo "$AT" | tr ',' ' '); do
        lo=$(awk -v c="$c" 'BEGIN { printf "%.2f", c - 1 }')
        hi=$(awk -v c="$c" 'BEGIN { printf "%.2f", c + 1 }')
        echo "guess PseudoVoigt [$lo:$hi]"
    done
    echo "fit"
    echo "print F.numarea(40, 140, 100000)"
} > "$FIT"
echo "pattern: $PAT ($npts points), peaks at $AT"
# sanity: both converge on the same peaks
"$XRDFIT" peaks "$PAT" --wavelength 1.5405929 --at "$AT" --background 5 > "$RES/peaks7_xrdfit.txt" 2>&1 ||
    { echo "xrdfit peaks failed:"; cat "$RES/peaks7_xrdfit.txt"; exit 1; }
if [ ! -x "$CFITYK" ]; then
    echo "cfityk not found: install fityk (apt-get install fityk)"; exit 1
fi
"$CFITYK" -q -n -c "exec '$FIT'; info peaks; info WSSR" > "$RES/peaks7_fityk.txt" 2>&1
grep -E '^ *[0-9]+ ' "$RES/peaks7_xrdfit.txt" | head -7
grep -iE 'PseudoVoigt|WSSR' "$RES/peaks7_fityk.txt" | head -9

X_CMD="$XRDFIT peaks $PAT --wavelength 1.5405929 --at $AT --background 5"
XS_CMD="$XRDFIT peaks $PAT --wavelength 1.5405929 --background 5"
F_CMD="$CFITYK -q -n -c \"exec '$FIT'\""
median_of() { # command string -> median seconds (and CPU user + system seconds in $RES/cpu)
    : > "$RES/cpu"
    if command -v hyperfine > /dev/null 2>&1; then
        hyperfine -N --warmup 1 --runs $RUNS --export-json "$RES/hf.json" "$1" > /dev/null 2>&1 ||
            hyperfine --warmup 1 --runs $RUNS --export-json "$RES/hf.json" "$1" > /dev/null 2>&1
        awk -F': *' '/"user"/ { u = $2 + 0 } /"system"/ { s = $2 + 0 } END { print u + s }' \
            "$RES/hf.json" > "$RES/cpu"
        grep '"median"' "$RES/hf.json" | head -1 | sed 's/.*: *//; s/,.*//'
    else
        i=0; : > "$RES/times.txt"
        while [ $i -lt $RUNS ]; do
            t0=$(date +%s%N); sh -c "$1" > /dev/null 2>&1; t1=$(date +%s%N)
            echo "($t1 - $t0) / 1000000000" | bc -l >> "$RES/times.txt"; i=$((i + 1))
        done
        sort -g "$RES/times.txt" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
    fi
}
tx=$(median_of "$X_CMD"); cx=$(cat "$RES/cpu")
txs=$(median_of "$XS_CMD"); cxs=$(cat "$RES/cpu")
tf=$(median_of "$F_CMD"); cf=$(cat "$RES/cpu")
{
    echo "bench_peaks $(date -u +%Y-%m-%dT%H:%M:%SZ): 7 pseudo-Voigt peaks + degree-4 background, $npts points, median of $RUNS runs"
    echo "  (load average $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null); CPU = mean user + system time)"
    echo "  xrdfit peaks --at     : $tx s, CPU ${cx:-?} s   ($X_CMD)"
    echo "  xrdfit peaks (search) : $txs s, CPU ${cxs:-?} s"
    echo "  cfityk                : $tf s, CPU ${cf:-?} s   ($F_CMD)"
    awk -v a="$tf" -v b="$tx" -v c="$txs" 'BEGIN { printf "  ratio fityk / xrdfit: %.1f (with --at), %.1f (with the automatic search)\n", a / b, a / c }'
    if [ -n "$cx" ] && [ -n "$cf" ]; then
        awk -v a="$cf" -v b="$cx" -v c="$cxs" 'BEGIN { if (b > 0 && c > 0) printf "  CPU ratio fityk / xrdfit: %.1f (with --at), %.1f (with the automatic search)\n", a / b, a / c }'
    fi
} | tee "$RES/bench_peaks.txt"
