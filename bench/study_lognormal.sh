#!/bin/sh
# Lognormal size distributions on Debye-equation patterns (issue 17): ensembles
# of perfect fcc spheres (`xrdfit simulate --debye sphere --lognormal SIGMA`,
# number-weighted lognormal diameters of median D) fitted with
# `--lognormal-size` and with the default Voigt size term, on the calibrated
# route (an instrument file from a simulated LaB6). The truth is the
# simulator's: median D (a sphere cut at radius D/2 holds the atoms of a
# sphere of diameter D) and sigma; SIGMA 0 is one diameter.
# Usage: sh bench/study_lognormal.sh BUILD [SEEDS] [OUTDIR]
#   SIZES="2 3 4 5", SIGMAS="0 0.15 0.3", PHASE (default Cu)
# Prints one row per pattern and the mean per case: a - truth (A) and in esds,
# D0 / D, sigma, <D>_V from the Voigt fit against the truth's.
BUILD=${1:-build}
SEEDS=${2:-2}
OUT=${3:-/tmp/study_lognormal}
SIZES=${SIZES:-2 3 4 5}
SIGMAS=${SIGMAS:-0 0.15 0.3}
SPEC=${PHASE:-fcc:a=3.6149,el=Cu}
ATRUE=$(echo "$SPEC" | sed -n 's/.*a=\([0-9.]*\).*/\1/p')
TOP=$(cd "$(dirname "$0")/.." && pwd)
xf() { "$BUILD/xrdfit" --refdata "$TOP/refdata" "$@"; }
[ -x "$BUILD/xrdfit" ] || { echo "study_lognormal: build $BUILD/xrdfit first"; exit 1; }
mkdir -p "$OUT"
ROWS=$OUT/rows.txt
: >"$ROWS"
xf simulate --radiation CuKa --phase LaB6-660c --range 20:140 --seed 7 -o "$OUT/lab6.xy" \
    >/dev/null || exit 1
xf instrument "$OUT/lab6.xy" --radiation CuKa --phase LaB6-660c --no-asymmetry \
    -o "$OUT/inst.xml" >/dev/null || { echo "study_lognormal: calibration failed"; exit 1; }
num() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([-0-9.eE+na]*\).*/\1/'; }
start=$(awk -v a="$ATRUE" 'BEGIN { printf "%.4f", a * 0.995 }')
spec=$(echo "$SPEC" | sed "s/a=[0-9.]*/a=$start/")
for seed in $(seq 1 "$SEEDS"); do
    for D in $SIZES; do
        for S in $SIGMAS; do
            n=d${D}_s${S}_r$seed
            LN=
            [ "$S" != 0 ] && LN="--lognormal $S"
            # shellcheck disable=SC2086
            xf simulate --radiation CuKa --phase "$SPEC" --debye sphere --size-nm "$D" $LN \
                --range 20:140 --seed "$seed" -o "$OUT/$n.xy" >/dev/null 2>&1 || continue
            xf fit "$OUT/$n.xy" --instrument "$OUT/inst.xml" --phase "$spec" --lognormal-size \
                --json "$OUT/$n.ln.json" >/dev/null 2>&1 || { echo "$n ln FAIL"; continue; }
            xf fit "$OUT/$n.xy" --instrument "$OUT/inst.xml" --phase "$spec" \
                --json "$OUT/$n.vo.json" >/dev/null 2>&1 || { echo "$n voigt FAIL"; continue; }
            j=$OUT/$n.ln.json
            printf '%s %s %s %s %s %s %s %s %s %s %s %s\n' "$D" "$S" "$seed" \
                "$(num "$j" a_A)" "$(num "$j" a_esd_A)" "$(num "$j" d_median_nm)" \
                "$(num "$j" size_sigma)" "$(num "$j" GOF)" "$(num "$OUT/$n.vo.json" a_A)" \
                "$(num "$OUT/$n.vo.json" a_esd_A)" "$(num "$OUT/$n.vo.json" sphere_diameter_nm)" \
                "$(num "$OUT/$n.vo.json" GOF)" >>"$ROWS"
        done
    done
done
awk -v at="$ATRUE" '
{ k = $1 " " $2; n[k]++; da[k] += $4 - at; z[k] += ($4 - at) / $5; r[k] += $6 / $1
  sg[k] += $7; g[k] += $8; dv[k] += $9 - at; zv[k] += ($9 - at) / $10
  dvt = $1 * exp(3.5 * $2 * $2); rv[k] += $11 / dvt; gv[k] += $12; if (!(k in o)) o[k] = ++m; key[o[k]] = k }
END {
  printf "%-10s %4s | %9s %6s %6s %6s %5s | %9s %6s %6s %5s\n", "D sigma", "n",
         "lognormal: da(A)", "esd", "D0/D", "sigma", "GOF", "voigt: da", "esd", "DV/DV", "GOF"
  for (i = 1; i <= m; i++) { k = key[i]; c = n[k]
    printf "%-10s %4d | %9.4f %6.2f %6.3f %6.3f %5.2f | %9.4f %6.2f %6.3f %5.2f\n", k, c,
           da[k] / c, z[k] / c, r[k] / c, sg[k] / c, g[k] / c, dv[k] / c, zv[k] / c, rv[k] / c, gv[k] / c }
}' "$ROWS"
