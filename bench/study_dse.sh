#!/bin/sh
# Issue 17's validation: Le Bail fits and `analyze` verdicts of Debye-equation
# patterns of atomistic clusters (`xrdfit simulate --debye`: the pattern is the
# DSE of the atoms, no Bragg peaks and no profile function, so the fit's model
# is not the generator's). Lab Cu Ka (Ka1 + Ka2, tube polarisation), the
# simulator's default instrument (TCH, no asymmetry), flat background 100,
# 20000 counts, Poisson noise of SEEDS seeds, 2theta 20-140.
# Clusters (perfect, unrelaxed): spheres of fcc Cu (a = 3.6149 A) and of a
# random fcc Cu0.46Ru0.54 (a = 3.7203 A), of the diameters in SIZES; and, at
# 3 nm, a twinned sphere and a cuboctahedron (4 shells, ~2.4 nm) of CuRu.
# Routes, as a user would fit:
#   cal   an instrument file from `xrdfit instrument` on a LaB6 pattern simulated
#         with the same instrument (the Bragg simulator), then fit --instrument
#   def   no instrument file: fit --radiation CuKa (zero, displacement and
#         asymmetry refined under their priors)
# The fit starts from a cell 0.5 % off the truth. Sphere diameters are the fit's
# D (LVol-IB x 4/3); the truth is the cluster's diameter as the simulator
# reports it.
# Prints per cluster, size and route: n fits, mean and sd of da = a - a_true,
# mean |da|/esd and the worst, the count within 3 esd, the mean fitted
# diameter against the truth, the mean microstrain, the mean zero; and the
# analyze verdicts (route cal: the number called two-phase) with VERDICT=1.
# Usage: study_dse.sh BUILD [SEEDS] [OUTDIR]
# Environment: SIZES="1.5 2 2.5 3 4 5 8", VERDICT=1 (also analyze; slower),
#   ROUTES="cal def", LOGNORMAL=SIGMA (each cluster a number-weighted lognormal
#   ensemble of median D: the true diameter is then that of its volume-weighted
#   LVol, D exp(3.5 SIGMA^2)), FITOPTS (more options of fit and analyze, e.g.
#   --lognormal-size).
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
SEEDS=${2:-5}
OUT=${3:-$(mktemp -d)}
SIZES=${SIZES:-1.5 2 2.5 3 4 5 8}
VERDICT=${VERDICT:-0}
FITOPTS=${FITOPTS:-}
ROUTES=${ROUTES:-cal def}
LOGNORMAL=${LOGNORMAL:-}
LN=${LOGNORMAL:+--lognormal $LOGNORMAL}
TOP=$(cd "$(dirname "$0")/.." && pwd)
xf() { "$BUILD/xrdfit" --refdata "$TOP/refdata" "$@"; }
[ -x "$BUILD/xrdfit" ] || { echo "study_dse: build $BUILD/xrdfit first"; exit 1; }
mkdir -p "$OUT"
ROWS=$OUT/rows.txt
: >"$ROWS"
RANGE=20:140

# the calibration: LaB6 by the Bragg simulator with the same default instrument
xf simulate --radiation CuKa --phase LaB6-660c --range $RANGE --seed 7 \
    -o "$OUT/lab6.xy" >/dev/null || exit 1
xf instrument "$OUT/lab6.xy" --radiation CuKa --phase LaB6-660c --no-asymmetry \
    -o "$OUT/inst.xml" >/dev/null || { echo "study_dse: calibration failed"; exit 1; }

# num FILE KEY: the number after the first "KEY": of a JSON file
num() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([-0-9.eE+]*\).*/\1/'; }

# one_fit NAME PATTERN SPEC ATRUE DTRUE ROUTE
one_fit() {
    j=$OUT/$1.$6.json
    case $6 in
        cal) R="--instrument $OUT/inst.xml" ;;
        def) R="--radiation CuKa" ;;
    esac
    # shellcheck disable=SC2086
    if ! xf fit "$2" $R --phase "$3" $FITOPTS --json "$j" >/dev/null 2>"$OUT/$1.$6.err"; then
        echo "$1 $6 FAIL" >>"$OUT/failures.txt"
        return
    fi
    # flat keys of the fit JSON: the first phase's a, its esd, diameter, strain; the zero
    printf '%s %s %s %s %s %s %s %s %s %s\n' "$1" "$6" "$4" "$5" "$(num "$j" a_A)" \
        "$(num "$j" a_esd_A)" "$(num "$j" sphere_diameter_nm)" "$(num "$j" strain)" \
        "$(num "$j" zero_deg)" "$(grep -c '"converged": true' "$j")" >>"$ROWS"
}

# one_case NAME SHAPE_OPTS SPEC ATRUE DTRUE (one seed per call)
one_case() {
    p=$OUT/$1.xy
    # shellcheck disable=SC2086
    xf simulate --radiation CuKa --phase "$3" --debye $2 $LN --range $RANGE --seed "$6" \
        -o "$p" >"$OUT/$1.sim.out" 2>"$OUT/$1.sim.err" || { echo "$1 sim FAIL" >>"$OUT/failures.txt"; return; }
    # the cluster's own diameter, as the simulator reports it
    dtrue=$(sed -n 's/.* atoms, \([0-9.]*\) nm.*/\1/p' "$OUT/$1.sim.out")
    # an ensemble: the diameter of the volume-weighted LVol, median x exp(3.5 sigma^2)
    [ -n "$LOGNORMAL" ] && dtrue=$(awk -v d="$dtrue" -v s="$LOGNORMAL" 'BEGIN { printf "%.3f", d * exp(3.5 * s * s) }')
    start=$(awk -v a="$4" 'BEGIN { printf "%.4f", a * 0.995 }')
    spec=$(echo "$3" | sed "s/a=[0-9.]*/a=$start/")
    for r in $ROUTES; do one_fit "$1" "$p" "$spec" "$4" "${dtrue:-$5}" "$r"; done
    if [ "$VERDICT" = 1 ]; then
        # shellcheck disable=SC2086
        xf analyze "$p" --instrument "$OUT/inst.xml" --elements Cu,Ru $FITOPTS --json "$OUT/$1.an.json" \
            >/dev/null 2>&1
        v=$(tr -d '\n' <"$OUT/$1.an.json" | sed -n 's/.*"verdict": *"\([^"]*\)".*/\1/p' | head -1)
        echo "$1 $v" >>"$OUT/verdicts.txt"
    fi
}

CU="Cu"
CURU="fcc:a=3.7203,el=Cu:0.46/Ru:0.54"
for seed in $(seq 1 "$SEEDS"); do
    for D in $SIZES; do
        one_case "cu_sphere_${D}_s$seed" "sphere --size-nm $D" "fcc:a=3.6149,el=Cu" 3.6149 "$D" "$seed"
        one_case "curu_sphere_${D}_s$seed" "sphere --size-nm $D" "$CURU" 3.7203 "$D" "$seed"
    done
    one_case "curu_twinned_3_s$seed" "twinned-sphere --size-nm 3" "$CURU" 3.7203 3 "$seed"
    one_case "curu_cubo_4sh_s$seed" "cuboctahedron --shells 4" "$CURU" 3.7203 0 "$seed"
done
: "$CU"

# the table: per cluster kind (name without the seed) and route
awk '
{
    k = $1; sub(/_s[0-9]+$/, "", k); k = k " " $2
    if ($5 == "" || $6 == "" || $6 + 0 <= 0) { bad[k]++; next }
    da = $5 - $3; z = da / $6
    n[k]++; s1[k] += da; s2[k] += da * da; az[k] += (z < 0 ? -z : z)
    if ((z < 0 ? -z : z) > wz[k]) wz[k] = (z < 0 ? -z : z)
    if (z <= 3 && z >= -3) in3[k]++
    sd[k] += $7; ss[k] += $8; sz[k] += $9; dt[k] = $4; nc[k] += ($10 == 0)
    if (!(k in seen)) { seen[k] = 1; order[++no] = k }
}
END {
    printf "%-26s %-3s %3s %9s %8s %7s %6s %5s %6s %6s %8s %7s %3s\n", "cluster", "rte", "n",
        "mean_da", "sd_da", "|z|", "max|z|", "in3", "D_fit", "D_true", "strain", "zero", "nc"
    for (i = 1; i <= no; i++) {
        k = order[i]; m = s1[k] / n[k]
        v = n[k] > 1 ? (s2[k] - n[k] * m * m) / (n[k] - 1) : 0
        split(k, w, " ")
        printf "%-26s %-3s %3d %9.5f %8.5f %7.2f %6.2f %2d/%-2d %6.2f %6s %8.5f %7.3f %3d\n", w[1], w[2],
            n[k], m, sqrt(v > 0 ? v : 0), az[k] / n[k], wz[k], in3[k], n[k], sd[k] / n[k], dt[k],
            ss[k] / n[k], sz[k] / n[k], nc[k]
    }
}' "$ROWS" | tee "$OUT/table.txt"
if [ -f "$OUT/verdicts.txt" ]; then
    echo "analyze verdicts (two-phase calls / patterns):"
    awk '{ k = $1; sub(/_s[0-9]+$/, "", k); n[k]++; if ($2 ~ /two|multi/) t[k]++
           if (!(k in seen)) { seen[k] = 1; o[++no] = k } }
         END { for (i = 1; i <= no; i++) printf "  %-26s %d/%d\n", o[i], t[o[i]], n[o[i]] }' \
        "$OUT/verdicts.txt" | tee -a "$OUT/table.txt"
fi
[ -f "$OUT/failures.txt" ] && { echo "failures:"; cat "$OUT/failures.txt"; }
echo "rows in $ROWS"
