#!/bin/sh
# Study (run by hand): weight fractions of `fit --rietveld` on xrdgen mixtures of
# known composition, over noise seeds. Two phases Cu (fcc) + Ru (hcp) at weight
# fractions of Cu from 5 to 95 %, and three phases Cu + Ru + Fe (bcc), at two
# crystal sizes; an instrument the fit is not told (asymmetry, zero,
# displacement). Prints per case: fits, failures, mean and sd of
# w - w_true (wt%), the largest |w - w_true| and how many fits are within 3 esd.
# Usage: sh bench/study_rietveld.sh [BUILD] [SEEDS] [OUTDIR]
# SPDX-License-Identifier: GPL-3.0-or-later
B=${1:-build}
N=${2:-20}
O=${3:-/tmp/study_rietveld}
mkdir -p "$O"
X=$B/xrdfit
G=$B/xrdgen
M_CU=254.184; M_RU=202.14; M_FE=111.69
V_CU=$(awk 'BEGIN { print 3.615 ^ 3 }')
V_RU=$(awk 'BEGIN { print sqrt(3) / 2 * 2.706 ^ 2 * 4.282 }')
V_FE=$(awk 'BEGIN { print 2.8665 ^ 3 }')
# volume fraction of Cu giving a weight fraction w of Cu against Ru
vol_for() { awk -v w="$1" -v a="$M_CU" -v va="$V_CU" -v b="$M_RU" -v vb="$V_RU" \
    'BEGIN { ra = a / va; rb = b / vb; v = w / ra / (w / ra + (1 - w) / rb); print v }'; }
printf '%-28s %5s %5s %9s %8s %8s %9s\n' case fits fail "mean dw%" "sd dw%" "max|dw|%" "<=3esd"
one_case() { # NAME W_TRUE(first phase) GEN_ARGS... -- FIT_PHASES...
    name=$1 wt=$2
    shift 2
    gen="" fitp=""
    while [ "$1" != "--" ]; do gen="$gen $1"; shift; done
    shift
    fitp="$*"
    : > "$O/$name.txt"
    s=1
    while [ $s -le "$N" ]; do
        # shellcheck disable=SC2086
        "$G" $gen --radiation CuKa --instrument 0.004,-0.002,0.003,0,0.02 --asym 0.025,0.025 \
            --zero 0.02 --displacement -0.05 --bg 300,-60,20 --counts 20000 --range 20:130 \
            --step 0.02 --seed $s -o "$O/p.xy" 2> /dev/null
        # shellcheck disable=SC2086
        if "$X" fit "$O/p.xy" --radiation CuKa $fitp --rietveld --no-dispersion \
                --json "$O/p.json" > /dev/null 2>&1; then
            w=$(awk '$1 == "\"weight_fraction\":" { v = $2; sub(/,$/, "", v); print v; exit }' "$O/p.json")
            e=$(awk '$1 == "\"weight_fraction_esd\":" { v = $2; sub(/,$/, "", v); print v; exit }' "$O/p.json")
            echo "$w $e" >> "$O/$name.txt"
        else
            echo "fail" >> "$O/$name.txt"
        fi
        s=$((s + 1))
    done
    awk -v n="$name" -v t="$wt" '$1 == "fail" { f++; next }
        { d = ($1 - t) * 100; k++; sd += d; ss += d * d; if (d < 0) d = -d; if (d > mx) mx = d
          if (d <= 300 * $2) w3++ }
        END { m = k ? sd / k : 0; v = k > 1 ? (ss - k * m * m) / (k - 1) : 0
              printf "%-28s %5d %5d %9.3f %8.3f %8.3f %6d/%d\n", n, k + f, f, m, sqrt(v > 0 ? v : 0), mx, w3, k }' \
        "$O/$name.txt"
}
for size in 30 5; do
    for w in 0.05 0.25 0.5 0.75 0.95; do
        v=$(vol_for $w)
        r=$(awk -v v="$v" 'BEGIN { print 1 - v }')
        one_case "cu_ru_w${w}_${size}nm" "$w" --phase fcc:a=3.615,el=Cu,size=$size,scale="$v",name=Cu \
            --phase hcp:a=2.706,c=4.282,el=Ru,size=$size,scale="$r",name=Ru -- --phase Cu --phase Ru
    done
    wt=$(awk -v a="$M_CU" -v va="$V_CU" -v b="$M_RU" -v vb="$V_RU" -v c="$M_FE" -v vc="$V_FE" \
        'BEGIN { x = 0.3 * a / va; y = 0.2 * b / vb; z = 0.5 * c / vc; print x / (x + y + z) }')
    one_case "cu_ru_fe_${size}nm" "$wt" --phase fcc:a=3.615,el=Cu,size=$size,scale=0.3,name=Cu \
        --phase hcp:a=2.706,c=4.282,el=Ru,size=$size,scale=0.2,name=Ru \
        --phase bcc:a=2.8665,el=Fe,size=$size,scale=0.5,name=Fe -- --phase Cu --phase Ru --phase Fe
done
