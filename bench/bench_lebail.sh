#!/bin/sh
# Le Bail fit (xrdfit fit) timing and peak memory, issue 4's `make bench` lines:
#  - single- and two-phase fits of a 6000-point lab pattern (Cu Ka, 20-140 deg)
#  - single- and two-phase fits of a 130k-point synchrotron pattern (0.5787 A)
#  - the real 11-BM LaB6 pattern (132992 points) when $XRDFIT_REALDATA has it
#  - scaling with points: the same lab pattern at 2k, 8k, 32k, 128k points
# All patterns come from build/xrdgen with the true instrument given as a file.
# The fit's own time: median of $BENCH_FIT_RUNS (default 21) in-process fits by
# build/bench/bench_fit; the command's: median wall time over $BENCH_RUNS (default 5)
# runs with hyperfine (else a date loop); peak resident memory from /usr/bin/time
# -f %M (one run). Targets: <= 10 ms median for the two-phase 6000-point fit; <= 50 MB
# at 130k points; fit time at most linear in points (exponent b <= 1.15). Usage: bench_lebail.sh BUILD RESULTS   SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
RES=${2:-bench/results}
TOP=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$RES"
RES=$(cd "$RES" && pwd)
XRDFIT=$BUILD/xrdfit
GEN=$BUILD/xrdgen
FITB=$BUILD/bench/bench_fit
RUNS=${BENCH_RUNS:-5}
REAL=${XRDFIT_REALDATA:-$TOP/../shared/realdata}
W=$RES/lebail
mkdir -p "$W"
OUTF=$RES/bench_lebail.txt
[ -x "$XRDFIT" ] && [ -x "$GEN" ] || { echo "bench_lebail: build $XRDFIT and $GEN first"; exit 1; }

LAB_PROF=0.004,-0.002,0.002,0.01,0
SYN_PROF=0.0004,-0.0002,0.0003,0.002,0
cat > "$W/lab.xml" << 'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<instrument version="1">
  <radiation name="CuKa" scale="Hoelzer1997">
    <line name="Ka1" lambda_A="1.5405929" weight="1"/>
    <line name="Ka2" lambda_A="1.5444274" weight="0.5"/>
  </radiation>
  <geometry type="bragg-brentano" radius_mm="240"/>
  <zero_deg>0</zero_deg>
  <displacement_mm>0</displacement_mm>
  <profile type="TCH" U="0.004" V="-0.002" W="0.002" X="0.01" Y="0"/>
  <asymmetry SL="0.02" HL="0.02"/>
  <calibration standard="xrdgen truth" note="bench_lebail.sh"/>
</instrument>
EOF
cat > "$W/syn.xml" << 'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<instrument version="1">
  <radiation name="synchrotron" scale="given">
    <line name="L" lambda_A="0.5787" weight="1"/>
  </radiation>
  <geometry type="transmission" radius_mm="500"/>
  <zero_deg>0</zero_deg>
  <displacement_mm>0</displacement_mm>
  <profile type="TCH" U="0.0004" V="-0.0002" W="0.0003" X="0.002" Y="0"/>
  <asymmetry SL="0.005" HL="0.005"/>
  <calibration standard="xrdgen truth" note="bench_lebail.sh"/>
</instrument>
EOF

ONE="--phase fcc:a=3.70,el=Cu:0.5/Ru:0.5,size=5"
TWO="--phase fcc:a=3.70,el=Cu:0.5/Ru:0.5,size=5 --phase fcc:a=3.62,el=Cu,size=10,scale=0.5"
labgen() { # OUT STEP PHASES...
    _o=$1; _s=$2; shift 2
    "$GEN" --radiation CuKa --range 20:140 --step "$_s" "$@" --instrument $LAB_PROF \
        --asym 0.02,0.02 --bg 300,-50,20 --counts 20000 --seed 5 -o "$_o" || exit 1
}
syngen() { # OUT PHASES...
    _o=$1; shift
    "$GEN" --wavelength 0.5787 --range 5:50 --step 0.00034615 "$@" --instrument $SYN_PROF \
        --asym 0.005,0.005 --bg 400,-80,30 --counts 20000 --seed 5 --subsamples 3 -o "$_o" || exit 1
}
labgen "$W/lab1.xy" 0.02 $ONE
labgen "$W/lab2.xy" 0.02 $TWO
syngen "$W/syn1.xy" $ONE
syngen "$W/syn2.xy" $TWO
for s in 0.06:2k 0.015:8k 0.00375:32k 0.0009375:128k; do
    labgen "$W/scale_${s#*:}.xy" "${s%:*}" $ONE
done
npts() { grep -vc '^#' "$1"; }

median_of() { # command string [warmup runs] -> median seconds
    if command -v hyperfine > /dev/null 2>&1; then
        hyperfine -N -i --warmup "${2:-1}" --runs "$RUNS" --export-json "$W/hf.json" "$1" > /dev/null 2>&1 ||
            hyperfine -i --warmup "${2:-1}" --runs "$RUNS" --export-json "$W/hf.json" "$1" > /dev/null 2>&1
        grep '"median"' "$W/hf.json" | head -1 | sed 's/.*: *//; s/,.*//'
    else
        i=0; : > "$W/times.txt"
        while [ "$i" -lt "$RUNS" ]; do
            t0=$(date +%s%N); sh -c "$1" > /dev/null 2>&1; t1=$(date +%s%N)
            echo "($t1 - $t0) / 1000000000" | bc -l >> "$W/times.txt"; i=$((i + 1))
        done
        sort -g "$W/times.txt" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
    fi
}
peak_kb() { # command string -> peak RSS in kB (one run)
    /usr/bin/time -f '%M' -o "$W/mem.txt" sh -c "exec $1" > /dev/null 2>&1
    tail -n 1 "$W/mem.txt"
}
# in-process fit time (build/bench/bench_fit: xrd_fit_new + run + free, the
# pattern and instrument read once): median ms over FIT_RUNS fits, or "-"
FIT_RUNS=${BENCH_FIT_RUNS:-21}
fit_ms() { # PATTERN INSTRUMENT PHASE... -> median ms
    [ -x "$FITB" ] || { echo "-"; return; }
    _o=$("$FITB" "$@" 2> /dev/null) || { echo "-"; return; }
    echo "$_o" | awk '{ print $1 }'
}
# bench LABEL PATTERN INSTRUMENT|- ARGS: one table row; the fit's own verdict from --json
bench() {
    _l=$1; _p=$2; _i=$3; shift 3
    _cmd="$XRDFIT fit $_p $* --json $W/last.json"
    rm -f "$W/last.json"
    if ! "$XRDFIT" fit "$_p" "$@" --json "$W/last.json" > "$W/last.out" 2>&1; then
        # a failed fit is no timing: the row says so and counts as a miss
        printf '%-34s %8s   FAILED: %s\n' "$_l" "$(npts "$_p")" "$(head -c 200 "$W/last.out" | tr '\n' ' ')"
        echo "$_l|$(npts "$_p")|FAILED|0|false|-" >> "$W/rows.txt"
        return
    fi
    _conv=$(awk '$1 == "\"converged\":" { sub(/,/, "", $2); print $2; exit }' "$W/last.json" 2> /dev/null)
    _cyc=$(awk '$1 == "\"cycles\":" { sub(/,/, "", $2); print $2; exit }' "$W/last.json" 2> /dev/null)
    # the run above is the warm-up of the large patterns
    if [ "$(npts "$_p")" -gt 50000 ]; then _t=$(median_of "$_cmd" 0); else _t=$(median_of "$_cmd" 1); fi
    _m=$(peak_kb "$_cmd")
    _f=-
    if [ "$_i" != - ]; then
        # the phases of the command line, as bench_fit takes them
        _ph=$(echo "$*" | tr ' ' '\n' | awk 'p { print; p = 0 } $1 == "--phase" { p = 1 }' | tr '\n' ' ')
        _r=$FIT_RUNS
        [ "$(npts "$_p")" -gt 50000 ] && _r=$RUNS
        _sym=
        case " $* " in *" --symmetric-peaks "*) _sym=--symmetric-peaks ;; esac
        # shellcheck disable=SC2086
        _f=$(fit_ms $_sym "$_p" "$_i" "$TOP/refdata" "$_r" $_ph)
    fi
    printf '%-34s %8s %10s %10.1f %9.1f %-6s %6s\n' "$_l" "$(npts "$_p")" "$_f" \
        "$(echo "$_t * 1000" | bc -l)" "$(echo "$_m / 1024" | bc -l)" "${_conv:-?}" "${_cyc:-?}"
    echo "$_l|$(npts "$_p")|$_t|$_m|$_conv|$_f" >> "$W/rows.txt"
    echo "    $_cmd" >> "$W/commands.txt"
}

: > "$W/rows.txt"; : > "$W/commands.txt"
{
    echo "bench_lebail $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m), $(nproc) CPUs; xrdfit $(git -C "$TOP" rev-parse --short HEAD 2> /dev/null)"
    echo "fit ms: median of $FIT_RUNS in-process fits (bench_fit: xrd_fit_new + xrd_fit_run + xrd_fit_free;"
    echo "  $RUNS for patterns over 50k points); command ms: median wall time of $RUNS runs of the"
    echo "  command (hyperfine), which adds process start, loading the shared libraries, reading"
    echo "  the files and writing the report; peak MB: peak RSS of one command (/usr/bin/time %M)"
    printf '%-34s %8s %10s %10s %9s %-6s %6s\n' "fit" "points" "fit ms" "command ms" "peak MB" "conv" "cycles"
    bench "lab 1 phase (Cu Ka, 5 nm)" "$W/lab1.xy" "$W/lab.xml" --instrument "$W/lab.xml" --phase fcc:a=3.70
    bench "lab 2 phases (5 + 10 nm)" "$W/lab2.xy" "$W/lab.xml" --instrument "$W/lab.xml" --phase fcc:a=3.70 --phase fcc:a=3.62
    bench "synchrotron 1 phase (0.5787 A)" "$W/syn1.xy" "$W/syn.xml" --instrument "$W/syn.xml" --phase fcc:a=3.70
    bench "synchrotron 2 phases" "$W/syn2.xy" "$W/syn.xml" --instrument "$W/syn.xml" --phase fcc:a=3.70 --phase fcc:a=3.62
    # the peaks' smooth factors at the centres (issue 17: the per-point factors
    # within 2x of them)
    bench "symmetric peaks, lab 2 phases" "$W/lab2.xy" "$W/lab.xml" --instrument "$W/lab.xml" \
        --phase fcc:a=3.70 --phase fcc:a=3.62 --symmetric-peaks
    bench "symmetric peaks, synchr. 2 ph." "$W/syn2.xy" "$W/syn.xml" --instrument "$W/syn.xml" \
        --phase fcc:a=3.70 --phase fcc:a=3.62 --symmetric-peaks
    B11=$REAL/lab6_660a_11bm/11bmb_3844.fxye
    if [ -f "$B11" ]; then
        bench "11-BM LaB6 (real, instrument refined)" "$B11" - --wavelength 0.413128 --geometry transmission \
            --phase LaB6-660c --refine-instrument
    else
        echo "11-BM LaB6: $B11 not found (skipped)"
    fi
    echo "scaling: the lab 1-phase pattern 20-140 deg at 4 step sizes"
    for k in 2k 8k 32k 128k; do
        bench "lab 1 phase, $k points" "$W/scale_$k.xy" "$W/lab.xml" --instrument "$W/lab.xml" --phase fcc:a=3.70
    done
    printf 'xrdfit --version (process start and loading the shared libraries alone): %.1f ms\n' \
        "$(echo "$(median_of "$XRDFIT --version" 3) * 1000" | bc -l)"
    echo "commands:"
    cat "$W/commands.txt"
    awk -F'|' '
        $3 == "FAILED" { failed++ ; next }
        $1 ~ /^lab 2 phases/ { t2 = $3; f2 = $6 }
        $1 ~ /^synchrotron 2 phases/ { fs2 = $6 }
        $1 ~ /^symmetric peaks, lab/ { y2 = $6 }
        $1 ~ /^symmetric peaks, synchr/ { ys2 = $6 }
        $1 ~ /^synchrotron/ || $1 ~ /^11-BM/ { if ($4 / 1024 > mm) { mm = $4 / 1024; ml = $1 } }
        $1 ~ /points$/ { n[++k] = $2; t[k] = ($6 != "-" ? $6 / 1000 : $3) }
        END {
            if (failed) printf "%d fits FAILED (see the rows): no target counts as met\n", failed
            printf "target <= 10 ms median, 2-phase 6000-point lab fit: fit %s ms -> %s (the command: %.1f ms)\n", f2, (f2 != "-" && f2 > 0 && f2 <= 10 && !failed ? "MET" : "NOT MET"), t2 * 1000
            printf "target <= 50 MB at 130k points: largest %.1f MB (%s) -> %s\n", mm, ml, (mm > 0 && mm <= 50 && !failed ? "MET" : "NOT MET")
            if (f2 > 0 && y2 > 0 && fs2 > 0 && ys2 > 0) {
                r1 = f2 / y2; r2 = fs2 / ys2
                printf "target per-point factors <= 2x the symmetric peaks (2 phases): lab %.2fx, synchrotron %.2fx -> %s\n", r1, r2, (r1 <= 2 && r2 <= 2 && !failed ? "MET" : "NOT MET")
            }
            if (k >= 2) {
                e = log(t[k] / t[1]) / log(n[k] / n[1])
                printf "scaling exponent of the fit time t ~ n^b from %d to %d points: b = %.2f; time per 1000 points:", n[1], n[k], e
                for (i = 1; i <= k; i++) printf " %.2f ms", t[i] / n[i] * 1e6
                printf " -> %s (at most linear: b <= 1.15; below 1 the fixed cost of a fit still shows)\n", (e <= 1.15 && !failed ? "MET" : "NOT MET")
            }
        }' "$W/rows.txt"
} | tee "$OUTF"
cp "$OUTF" "$RES/bench_lebail_$(date -u +%Y%m%dT%H%M%SZ).txt"
