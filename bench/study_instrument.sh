#!/bin/sh
# Honesty of the lattice constant without and with a calibration (issue 11):
# patterns from the independent generator (build/xrdgen: exact Voigt on a fine
# grid, numerically convolved axial kernel, bin-integrated, Poisson) with an
# instrument the fit is not told (U,V,W,X,Y 0.004,-0.002,0.003,0,0.02, an axial
# kernel, zero 0.02 deg, displacement -0.05 mm, Chebyshev background 200,-50,20),
# sizes 2-30 nm, SEEDS noise seeds each; start cells within +-1 % of the truth,
# drawn from the seed. Routes:
#   default     xrdfit fit P --radiation CuKa --phase fcc:a=START ...
#   calibrated  xrdfit instrument on a LaB6 pattern simulated with the same
#               instrument (kernel, zero, displacement) and the same y unit,
#               then xrdfit fit P --instrument inst.xml --phase ...
# Usage: study_instrument.sh BUILD [SEEDS] [OUTDIR]
# Environment (defaults in brackets):
#   KERNEL=fcj|exp [fcj]  axial kernel of the generator: FCJ from the slit
#                         geometry, S/L = H/L = 0.025 (--asym), or the one-sided
#                         exponential --axial-exp AXW (decay AXW |cot 2theta| deg)
#   AXW=W [0.02]          W of the exponential kernel, deg
#   YUNIT=counts|cps [counts]  cps: --time-per-step TPS, counts per second with no
#                         time in the header (the fit must judge the noise)
#   TPS=T [7.3]           time per step for YUNIT=cps, s
#   HUMP=C,FWHM,H []      an amorphous hump on the samples (not on the standard)
#   PHASES=1|2 [1]        1: fcc Cu0.5Ru0.5 a = 3.72 A;  2: fcc Cu0.8Ru0.2
#                         a = 3.66 A (scale 1) + hcp Ru0.8Cu0.2 a = 2.72,
#                         c = 4.33 A (scale 0.6), both of the size of the row;
#                         fitted with --phase fcc:a=START --phase hcp:a=START,c=START
#   SIZES="..." ["2 5 10 30"]  sphere diameters, nm
#   THREADS=N [1]         --threads of each fit (the result is the same for any N)
# A fit is a failure when it leaves no JSON or its JSON says "converged": false;
# failures are counted apart (failures.txt keeps their messages) and left out of
# the statistics. Phases are matched to the truth by the JSON phases[] key
# "structure" (or "space_group": Fm-3m = fcc, P6_3/mmc = hcp).
# Prints per case (kernel, y unit, phases), size, route and quantity (fcc.a,
# hcp.a, hcp.c): n fits, failures, mean and sd (n - 1) of d = fitted - true, the
# count with |d| <= 3 reported esd out of the successful fits, the median and
# the 95th percentile (nearest rank) of |d/esd|. Writes OUTDIR/rows.txt (raw
# rows), OUTDIR/table.txt, OUTDIR/failures.txt.
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
SEEDS=${2:-20}
OUT=${3:-$(mktemp -d)}
KERNEL=${KERNEL:-fcj}
AXW=${AXW:-0.02}
YUNIT=${YUNIT:-counts}
TPS=${TPS:-7.3}
HUMP=${HUMP:-}
PHASES=${PHASES:-1}
SIZES=${SIZES:-2 5 10 30}
THREADS=${THREADS:-1}
TOP=$(cd "$(dirname "$0")/.." && pwd)
G=$BUILD/xrdgen
xf() { "$BUILD/xrdfit" --refdata "$TOP/refdata" "$@"; }
[ -x "$G" ] && [ -x "$BUILD/xrdfit" ] || { echo "study_instrument: build $BUILD/xrdfit and $G first"; exit 1; }
case $KERNEL in
    fcj) AX="--asym 0.025,0.025" ;;
    exp) AX="--axial-exp $AXW" ;;
    *) echo "study_instrument: KERNEL is fcj or exp, found '$KERNEL'"; exit 2 ;;
esac
case $YUNIT in
    counts) YOPT="" ;;
    cps) YOPT="--time-per-step $TPS" ;;
    *) echo "study_instrument: YUNIT is counts or cps, found '$YUNIT'"; exit 2 ;;
esac
case $PHASES in 1|2) ;; *) echo "study_instrument: PHASES is 1 or 2, found '$PHASES'"; exit 2 ;; esac
HOPT=""
[ -n "$HUMP" ] && HOPT="--hump $HUMP"
mkdir -p "$OUT"
INSTR="--instrument 0.004,-0.002,0.003,0,0.02 $AX --zero 0.02 --displacement -0.05"
CASE="$KERNEL $YUNIT ${PHASES}ph"
[ -n "$HUMP" ] && CASE="$CASE+hump"
# shellcheck disable=SC2086
"$G" --phase LaB6:a=4.156826,el=La,size=0 --radiation CuKa $INSTR $YOPT --counts 20000 --seed 99 \
    --range 15:120 --step 0.01 -o "$OUT/lab6.xy" || exit 1
xf instrument "$OUT/lab6.xy" --phase LaB6-660c --radiation CuKa \
    -o "$OUT/inst.xml" > "$OUT/inst.txt" 2>&1 || { echo "study_instrument: calibration failed"; cat "$OUT/inst.txt"; exit 1; }

# phases of a fit's JSON: one line "QTY VALUE ESD" per fcc.a, hcp.a, hcp.c found
# (braces counted from the "phases" array: a phase's own keys are at depth 1)
json_phases() {
    awk '/^  "phases": \[/ { on = 1; d = 0; next }
         on { line = $0
              if (d == 1) {
                  if (line ~ /"structure": "/) { s = line; sub(/.*"structure": "/, "", s); sub(/".*/, "", s); st = s }
                  if (line ~ /"space_group": "/ && st == "") { s = line; sub(/.*"space_group": "/, "", s); sub(/".*/, "", s)
                      st = s == "Fm-3m" ? "fcc" : s == "P6_3/mmc" ? "hcp" : s }
                  if (line ~ /"(a_A|a_esd_A|c_A|c_esd_A)": /) { k = line; sub(/^ *"/, "", k); sub(/".*/, "", k)
                      v = line; sub(/.*": /, "", v); sub(/,$/, "", v); val[k] = v }
              }
              o = gsub(/[{]/, "{", line); c = gsub(/[}]/, "}", line)
              if (d == 0 && line ~ /^ *\]/) exit
              d += o - c
              if (d == 0 && c > 0) { # end of a phase object
                  if (st != "" && ("a_A" in val)) print st ".a", val["a_A"], ("a_esd_A" in val) ? val["a_esd_A"] : "nan"
                  if (st == "hcp" && ("c_A" in val)) print st ".c", val["c_A"], ("c_esd_A" in val) ? val["c_esd_A"] : "nan"
                  st = ""; delete val } }' "$1"
}

: > "$OUT/rows.txt"
: > "$OUT/failures.txt"
echo "# kernel yunit phases size_nm route seed qty true value esd status" > "$OUT/rows.txt"
for size in $SIZES; do
    for seed in $(seq 1 "$SEEDS"); do
        if [ "$PHASES" = 1 ]; then
            a0=$(awk -v s="$seed" 'BEGIN { srand(s); printf "%.4f", 3.72 * (1 + 0.01 * (2 * rand() - 1)) }')
            PH="--phase fcc:a=3.72,el=Cu:0.5/Ru:0.5,size=$size"
            START="--phase fcc:a=$a0"
            TRUTH="fcc.a 3.72"
        else
            st=$(awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 3; i++) r[i] = 1 + 0.01 * (2 * rand() - 1)
                     printf "%.4f %.4f %.4f", 3.66 * r[0], 2.72 * r[1], 4.33 * r[2] }')
            # shellcheck disable=SC2086
            set -- $st
            PH="--phase fcc:a=3.66,el=Cu:0.8/Ru:0.2,size=$size,scale=1 --phase hcp:a=2.72,c=4.33,el=Ru:0.8/Cu:0.2,size=$size,scale=0.6"
            START="--phase fcc:a=$1 --phase hcp:a=$2,c=$3"
            TRUTH="fcc.a 3.66 hcp.a 2.72 hcp.c 4.33"
        fi
        # shellcheck disable=SC2086
        "$G" $PH --radiation CuKa $INSTR $YOPT $HOPT --bg 200,-50,20 \
            --counts 5000 --seed "$seed" --range 20:90 --step 0.02 -o "$OUT/p.xy" || exit 1
        for route in default calibrated; do
            rm -f "$OUT/f.json"
            if [ $route = default ]; then R="--radiation CuKa"; else R="--instrument $OUT/inst.xml"; fi
            # shellcheck disable=SC2086
            xf fit "$OUT/p.xy" $R $START --threads "$THREADS" --json "$OUT/f.json" > /dev/null 2> "$OUT/f.err"
            rc=$?
            status=ok
            if [ ! -s "$OUT/f.json" ]; then status=noresult
            elif ! grep -q '^  "converged": true' "$OUT/f.json"; then status=notconverged; fi
            if [ $status != ok ]; then
                msg=$(sed -n 's/^  "message": "\(.*\)",$/\1/p' "$OUT/f.json" 2> /dev/null | head -n 1)
                [ -n "$msg" ] || msg=$(grep -m 1 '^xrdfit' "$OUT/f.err" || tail -n 1 "$OUT/f.err")
                echo "$CASE size $size seed $seed $route: $status (exit $rc): $msg" >> "$OUT/failures.txt"
            fi
            json_phases "$OUT/f.json" 2> /dev/null > "$OUT/f.ph"
            # shellcheck disable=SC2086
            set -- $TRUTH
            while [ $# -ge 2 ]; do
                v=$(awk -v q="$1" '$1 == q { print $2, $3; exit }' "$OUT/f.ph")
                s=$status
                [ -n "$v" ] || { v="nan nan"; [ $s = ok ] && s=nophase; }
                echo "$KERNEL $YUNIT $PHASES $size $route $seed $1 $2 $v $s" >> "$OUT/rows.txt"
                shift 2
            done
        done
    done
done
{
echo "case: kernel $KERNEL$( [ "$KERNEL" = exp ] && echo " W=$AXW"), y $YUNIT$( [ "$YUNIT" = cps ] && echo " (T=$TPS s, not in the header)"), $PHASES phase(s)$( [ -n "$HUMP" ] && echo ", hump $HUMP"); $SEEDS seeds"
echo "kernel yunit  ph size route      qty      n fail  mean_d       sd_d      |d|<=3esd med|d/esd| p95|d/esd|"
awk '!/^#/ { k = sprintf("%-6s %-6s %s %4d %-10s %-6s", $1, $2, $3, $4, $5, $7)
       n[k]++
       if ($11 != "ok" || $9 == "nan" || !($10 > 0)) { bad[k]++; next }
       d = $9 - $8; z = d / $10; if (z < 0) z = -z
       m = ++g[k]; s[k] += d; ss[k] += d * d; ok[k] += (z <= 3); zz[k, m] = z }
     END { for (k in n) {
             c = g[k] + 0
             mean = c ? s[k] / c : 0
             sd = c > 1 ? sqrt((ss[k] - c * mean * mean) / (c - 1)) : 0
             for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++)
                 if (zz[k, j] < zz[k, i]) { t = zz[k, i]; zz[k, i] = zz[k, j]; zz[k, j] = t }
             med = c ? (c % 2 ? zz[k, (c + 1) / 2] : 0.5 * (zz[k, c / 2] + zz[k, c / 2 + 1])) : 0
             r = int(0.95 * c); if (r < 0.95 * c) r++; p95 = c ? zz[k, r] : 0
             if (c) printf "%s %3d %4d  %+10.6f  %9.6f  %4d/%-4d  %8.2f  %8.2f\n", k, n[k], bad[k] + 0, mean, sd, ok[k] + 0, c, med, p95
             else printf "%s %3d %4d  %10s  %9s  %4d/%-4d  %8s  %8s\n", k, n[k], bad[k] + 0, "-", "-", 0, 0, "-", "-" } }' \
    "$OUT/rows.txt" | sort -k4,4n -k5,5 -k6,6
echo "calibration: $(grep -E '^(Noise|zero|Rwp)' "$OUT/inst.txt" | tr '\n' ' ')"
nf=$(wc -l < "$OUT/failures.txt")
echo "failures: $nf (messages in $OUT/failures.txt)"
} | tee "$OUT/table.txt"
echo "rows: $OUT/rows.txt"
