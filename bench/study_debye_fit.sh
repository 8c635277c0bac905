#!/bin/sh
# Issue 17's validation of `fit --debye`: Debye-equation patterns of perfect,
# unrelaxed clusters (`simulate --debye`; lab Cu Ka, the default instrument,
# background 100, 20000 counts, Poisson noise of SEEDS seeds, 2theta 20-140)
# refined by the Debye equation as a user would: the phase's cell 0.5 % off the
# truth, the default size database (1-6 nm), zero and B refined.
# What differs from the generator: the species of each simulated cluster are
# one random draw (the fit takes the random alloy's mean <f>^2, <f^2>), the
# simulated lognormal is a 9-point quadrature (the fit integrates the
# distribution over the database's cells), a cluster's size is generally not
# one of the database's, and, for the shape rows "as sphere", the cluster is not
# a sphere at all.
# Clusters: spheres of fcc Cu (a = 3.6149 A) and a random Cu0.46Ru0.54 (a =
# 3.7203 A) of the diameters SIZES; a twinned 3 nm CuRu sphere, a 4-shell CuRu
# cuboctahedron, a 4-shell Cu icosahedron and an Ino-Marks CuRu decahedron
# (edge 11, truncation 0.25, re-entrance 0.2: 585 atoms, 2.4 nm), each fitted with
# its own shape and as a sphere; a lognormal ensemble of CuRu spheres (median 2.5 nm, sigma 0.25).
# The true diameter is the equal-volume one, (6 N a^3 / 4 pi)^(1/3), of the
# simulated cluster's N atoms (the median one for the ensemble).
# Prints per case: fits converged of all, mean and sd of da = a - a_true, mean
# |da|/esd and the worst, the count within 3 esd, mean D / D_true (ensemble:
# median and sigma), mean GOF, and the mean seconds per fit.
# With LEBAIL=1 each pattern is also fitted by the Le Bail route (`fit`, default
# options, the same start): its mean da and mean |da|/esd close each row.
# Usage: study_debye_fit.sh BUILD [SEEDS] [OUTDIR]
# Environment: SIZES="1.5 2 3 4 5", LEBAIL=1
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
SEEDS=${2:-3}
OUT=${3:-$(mktemp -d)}
SIZES=${SIZES:-1.5 2 3 4 5}
LEBAIL=${LEBAIL:-0}
TOP=$(cd "$(dirname "$0")/.." && pwd)
xf() { "$BUILD/xrdfit" --refdata "$TOP/refdata" "$@"; }
[ -x "$BUILD/xrdfit" ] || { echo "study_debye_fit: build $BUILD/xrdfit first"; exit 1; }
mkdir -p "$OUT"
ROWS=$OUT/rows.txt
: >"$ROWS"
CU=fcc:a=3.6149,el=Cu
CURU=fcc:a=3.7203,el=Cu:0.46/Ru:0.54

# val FILE KEY: the number of "KEY" in the JSON
val() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([-0-9.eE+a-z]*\).*/\1/'; }

# case NAME SIMPHASE ATRUE SIMARGS FITSHAPE [FITOPTS]
case_() {
    name=$1 phase=$2 at=$3 sim=$4 shape=$5 fopt=$6
    start=$(awk -v a="$at" 'BEGIN { printf "%.5f", a * 1.005 }')
    fphase=$(echo "$phase" | sed "s/a=[0-9.]*/a=$start/")
    s=1
    while [ "$s" -le "$SEEDS" ]; do
        p=$OUT/$name.$s.xy j=$OUT/$name.$s.json
        # shellcheck disable=SC2086
        xf simulate --radiation CuKa --phase "$phase" $sim --range 20:140 \
            --background 100 --seed $s -o "$p" >/dev/null 2>&1 || { echo "simulate $name failed"; exit 1; }
        n=$(sed -n 's/^# cluster: [a-z-]* of \([0-9]*\) atoms.*/\1/p' "$p")
        t0=$(date +%s.%N)
        # shellcheck disable=SC2086
        xf fit "$p" --radiation CuKa --phase "$fphase" --debye "$shape" $fopt \
            --json "$j" >/dev/null 2>&1
        t1=$(date +%s.%N)
        lba=- lbe=-
        if [ "$LEBAIL" = 1 ]; then
            xf fit "$p" --radiation CuKa --phase "$fphase" --json "$j.lb" >/dev/null 2>&1
            lba=$(val "$j.lb" a_A) lbe=$(val "$j.lb" a_esd_A)
        fi
        conv=$(grep -c '"converged": true' "$j" 2>/dev/null)
        printf '%s %s %s %s %s %s %s %s %s %s %s %s %s %s\n' "$name" "$s" "${conv:-0}" "$at" \
            "$(val "$j" a_A)" "$(val "$j" a_esd_A)" "$n" "$(val "$j" d_median_nm)" \
            "$(val "$j" sigma)" "$(val "$j" GOF)" \
            "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$shape" "$lba" "$lbe" >>"$ROWS"
        s=$((s + 1))
    done
}

for D in $SIZES; do
    case_ "Cu-sphere-$D" "$CU" 3.6149 "--debye sphere --size-nm $D" sphere
    case_ "CuRu-sphere-$D" "$CURU" 3.7203 "--debye sphere --size-nm $D" sphere
done
case_ CuRu-twinned-3 "$CURU" 3.7203 "--debye twinned-sphere --size-nm 3" twinned-sphere
case_ CuRu-twinned-3-as-sphere "$CURU" 3.7203 "--debye twinned-sphere --size-nm 3" sphere
case_ CuRu-cubo-4 "$CURU" 3.7203 "--debye cuboctahedron --shells 4" cuboctahedron
case_ CuRu-cubo-4-as-sphere "$CURU" 3.7203 "--debye cuboctahedron --shells 4" sphere
case_ Cu-ico-4 "$CU" 3.6149 "--debye icosahedron --shells 4" icosahedron
case_ Cu-ico-4-as-sphere "$CU" 3.6149 "--debye icosahedron --shells 4" sphere
case_ CuRu-decahedron "$CURU" 3.7203 "--debye decahedron --size-nm 4.5 --truncation 0.25 --reentrance 0.2" \
    decahedron:0.25,0.2
case_ CuRu-decahedron-as-sphere "$CURU" 3.7203 "--debye decahedron --size-nm 4.5 --truncation 0.25 --reentrance 0.2" \
    sphere
case_ CuRu-lognormal-2.5-0.25 "$CURU" 3.7203 "--debye sphere --size-nm 2.5 --lognormal 0.25" \
    sphere --lognormal-size

echo "case                      conv   mean_da     sd_da  |da|/esd  worst  <=3esd  D/Dtrue  (sigma)  GOF    s/fit  (Le Bail: mean_da |da|/esd)"
awk '{
    k = $1; n[k]++; c[k] += $3; da = $5 - $4; e = $6
    s1[k] += da; s2[k] += da * da
    z = (e > 0) ? (da < 0 ? -da : da) / e : 99; sz[k] += z; if (z > w[k]) w[k] = z; if (z <= 3) in3[k]++
    dt = exp(log(6 * $7 * $4 ^ 3 / (4 * 3.14159265358979)) / 3) / 10
    r[k] += $8 / dt; sg[k] += $9; g[k] += $10; t[k] += $11
    if ($13 != "-" && $13 != "") { nl[k]++; la[k] += $13 - $4; lz[k] += ($14 > 0) ? (($13 - $4) < 0 ? $4 - $13 : $13 - $4) / $14 : 99 }
    if (!(k in ord)) { ord[k] = ++no; name[no] = k }
} END {
    for (i = 1; i <= no; i++) {
        k = name[i]; m = s1[k] / n[k]; v = s2[k] / n[k] - m * m
        sig = (sg[k] > 0) ? sprintf("%.3f", sg[k] / n[k]) : "-"
        lb = nl[k] ? sprintf("  %+9.5f %6.2f", la[k] / nl[k], lz[k] / nl[k]) : ""
        printf "%-25s %d/%d %+9.5f %9.5f %8.2f %6.2f %4d/%d %8.3f %8s %6.3f %6.2f%s\n", k, c[k], n[k],
            m, sqrt(v > 0 ? v : 0), sz[k] / n[k], w[k], in3[k], n[k], r[k] / n[k], sig,
            g[k] / n[k], t[k] / n[k], lb
    }
}' "$ROWS"
echo "rows: $ROWS"
