#!/bin/sh
# Issue 17's acceptance as a user meets it: `xrdfit analyze` with its defaults
# (no instrument file, --radiation CuKa --elements Cu,Ru) on Debye-equation
# patterns of atomistic clusters (`xrdfit simulate --debye`: no Bragg peaks, no
# profile function, so the fit's model is not the generator's). Lab Cu Ka,
# 2theta 20-140, flat background 100, 20000 counts, Poisson noise of SEEDS seeds.
# Single clusters (perfect, unrelaxed; a random fcc Cu0.46Ru0.54, a = 3.7203 A,
# or Cu, a = 3.6149 A): spheres of 2, 2.5, 3 and 4 nm, a twinned 3 nm sphere, a
# 4-shell cuboctahedron (2.4 nm), a 4-shell Cu icosahedron, an Ino-Marks
# decahedron (truncation 0.25, re-entrance 0.2), a lognormal ensemble (median
# 2.5 nm, sigma 0.25); and at 3-3.5 nm a twinned 4 nm sphere, a 6-shell
# cuboctahedron and icosahedron (_r8: the mean of 8 random draws of the species,
# as a powder averages its particles) and a larger decahedron (6 nm across). Mixtures (two Debye-equation spheres summed, then
# Poisson noise): Cu0.8Ru0.2 3 nm + Cu0.2Ru0.8 4 nm, and Cu0.7Ru0.3 + Cu0.3Ru0.7
# at 2.5 nm each, of one random draw of the species per cluster and (_r8) of 8
# draws averaged, as a powder of many such particles averages them.
# Per case: the verdicts (the count called single-phase), and for the single
# clusters the reported a of the chosen model (phases[0].a_A) against the
# truth: mean da, mean and worst |da|/esd, the count within 3 esd and within
# 0.002 A; the reported sphere diameter against the cluster's equal-volume
# diameter (atoms x a^3/4; none for the ensemble); how many answers came from
# the Debye-equation cluster model; seconds per analysis; for the mixtures
# called two-phase, each phase's reported a against its truth.
# Usage: study_dse_analyze.sh BUILD [SEEDS] [OUTDIR]   (ANOPTS: more options of analyze;
#   SPHERES: the CuRu spheres' diameters, default "2 2.5 3 4"; ONLY_SPHERES=1: those alone,
#   e.g. SPHERES="1.5 2 2.5 3 4 5 6 8" ONLY_SPHERES=1 for the bias curve)
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
SEEDS=${2:-3}
OUT=${3:-$(mktemp -d)}
ANOPTS=${ANOPTS:-}
SPHERES=${SPHERES:-2 2.5 3 4}
ONLY_SPHERES=${ONLY_SPHERES:-}
TOP=$(cd "$(dirname "$0")/.." && pwd)
xf() { "$BUILD/xrdfit" --refdata "$TOP/refdata" "$@"; }
[ -x "$BUILD/xrdfit" ] || { echo "study_dse_analyze: build $BUILD/xrdfit first"; exit 1; }
mkdir -p "$OUT"
ROWS=$OUT/rows.txt
: >"$ROWS"
LAB="--radiation CuKa --range 20:140"
CURU="fcc:a=3.7203,el=Cu:0.46/Ru:0.54"
CU="fcc:a=3.6149,el=Cu"

# jnum FILE KEY: the number after the first "KEY": (the chosen model's first phase)
jnum() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([-0-9.eE+]*\).*/\1/'; }
jstr() { tr -d '\n' <"$1" | sed -n "s/.*\"$2\": *\"\([^\"]*\)\".*/\1/p" | head -1; }

# analyze_row NAME PATTERN ATRUE DTRUE
analyze_row() {
    j=$OUT/$1.json
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    xf analyze "$2" --radiation CuKa --elements Cu,Ru $ANOPTS --json "$j" >/dev/null 2>"$OUT/$1.err" ||
        { echo "$1 FAIL" >>"$OUT/failures.txt"; return; }
    t1=$(date +%s.%N)
    src=lebail
    grep -q '"a_source": "debye' "$j" && src=debye
    printf '%s %s %s %s %s %s %s %s %s\n' "$1" "$(jstr "$j" verdict | tr ' ' _)" "$3" "$4" \
        "$(jnum "$j" a_A)" "$(jnum "$j" a_esd_A)" "$(jnum "$j" sphere_diameter_nm)" "$src" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" >>"$ROWS"
}

# single NAME SPEC ATRUE SIMOPTS SEED
single() {
    p=$OUT/$1.xy
    # shellcheck disable=SC2086
    xf simulate $LAB --phase "$2" --debye $4 --seed "$5" -o "$p" >"$OUT/$1.sim" 2>&1 ||
        { echo "$1 sim FAIL" >>"$OUT/failures.txt"; return; }
    n=$(sed -n 's/.* of \([0-9]*\) atoms.*/\1/p' "$OUT/$1.sim" | head -1)
    case $4 in
        *--lognormal*) d=0 ;;
        *) d=$(awk -v n="$n" -v a="$3" 'BEGIN { printf "%.3f", (6 * n * a^3 / 4 / 3.14159265358979)^(1/3) / 10 }') ;;
    esac
    analyze_row "$1" "$p" "$3" "$d"
}

# mixture NAME SEED SPEC1 D1 SPEC2 D2 A1 A2 [SIMOPTS]
mixture() {
    # shellcheck disable=SC2086
    xf simulate $LAB --debye sphere --size-nm "$4" --phase "$3" --noise none --background 0 \
        --counts 10000 $9 -o "$OUT/$1.m1" >/dev/null 2>&1 &&
    xf simulate $LAB --debye sphere --size-nm "$6" --phase "$5" --noise none --background 0 \
        --counts 10000 $9 -o "$OUT/$1.m2" >/dev/null 2>&1 ||
        { echo "$1 sim FAIL" >>"$OUT/failures.txt"; return; }
    paste "$OUT/$1.m1" "$OUT/$1.m2" | awk -v s="$2" 'BEGIN { srand(100 + s) } /^#/ { next }
        { lam = $2 + $4 + 100; u = rand(); if (u < 1e-300) u = 1e-300
          y = lam + sqrt(lam) * sqrt(-2 * log(u)) * cos(6.283185307 * rand())
          printf "%.4f %d\n", $1, (y > 0 ? y : 0) + 0.5 }' >"$OUT/$1.xy"
    analyze_row "$1" "$OUT/$1.xy" 0 0
    # the two phases' a and esd (phases[], in the JSON's order) against the truths
    awk -v n="$1" -v t1="$7" -v t2="$8" '
        /^      "a_A":/ { v = $2; sub(/,$/, "", v); a[++na] = v }
        /^      "a_esd_A":/ { v = $2; sub(/,$/, "", v); e[++ne] = v }
        END { if (na >= 2) { if (a[1] > a[2]) { x = a[1]; a[1] = a[2]; a[2] = x; x = e[1]; e[1] = e[2]; e[2] = x }
                             printf "%s %s %s %s %s %s %s\n", n, a[1], e[1], t1, a[2], e[2], t2 } }' \
        "$OUT/$1.json" >>"$OUT/mixture_a.txt"
}

for s in $(seq 1 "$SEEDS"); do
    for D in $SPHERES; do single "curu_sphere_${D}_s$s" "$CURU" 3.7203 "sphere --size-nm $D" "$s"; done
    [ -n "$ONLY_SPHERES" ] && continue
    single "cu_sphere_2_s$s" "$CU" 3.6149 "sphere --size-nm 2" "$s"
    single "curu_twinned_3_s$s" "$CURU" 3.7203 "twinned-sphere --size-nm 3" "$s"
    single "curu_cubo_4sh_s$s" "$CURU" 3.7203 "cuboctahedron --shells 4" "$s"
    single "cu_ico_4sh_s$s" "$CU" 3.6149 "icosahedron --shells 4" "$s"
    single "curu_decahedron_s$s" "$CURU" 3.7203 "decahedron --size-nm 4.5 --truncation 0.25 --reentrance 0.2" "$s"
    single "curu_lognormal_2.5_s$s" "$CURU" 3.7203 "sphere --size-nm 2.5 --lognormal 0.25" "$s"
    single "curu_twinned_4_s$s" "$CURU" 3.7203 "twinned-sphere --size-nm 4" "$s"
    single "curu_cubo_6sh_s$s" "$CURU" 3.7203 "cuboctahedron --shells 6" "$s"
    single "curu_ico_6sh_s$s" "$CURU" 3.7203 "icosahedron --shells 6" "$s"
    single "curu_ico_6sh_r8_s$s" "$CURU" 3.7203 "icosahedron --shells 6 --realizations 8" "$s"
    single "curu_decahedron_6_s$s" "$CURU" 3.7203 "decahedron --size-nm 6 --truncation 0.25 --reentrance 0.2" "$s"
    mixture "mix_3_4_s$s" "$s" fcc:a=3.654,el=Cu:0.8/Ru:0.2 3 fcc:a=3.771,el=Cu:0.2/Ru:0.8 4 3.654 3.771
    mixture "mix_2.5_2.5_s$s" "$s" fcc:a=3.6735,el=Cu:0.7/Ru:0.3 2.5 fcc:a=3.7515,el=Cu:0.3/Ru:0.7 2.5 \
        3.6735 3.7515
    mixture "mix_2.5_2.5_r8_s$s" "$s" fcc:a=3.6735,el=Cu:0.7/Ru:0.3 2.5 fcc:a=3.7515,el=Cu:0.3/Ru:0.7 2.5 \
        3.6735 3.7515 "--realizations 8"
done

awk '
{
    k = $1; sub(/_s[0-9]+$/, "", k)
    if (!(k in seen)) { seen[k] = 1; order[++no] = k }
    n[k]++; one[k] += ($2 == "single-phase"); t[k] += $9; deb[k] += ($8 == "debye")
    if ($3 > 0 && $2 == "single-phase" && $6 > 0) {
        m[k]++; da = $5 - $3; z = da / $6; if (z < 0) z = -z
        sda[k] += da; sz[k] += z; if (z > wz[k]) wz[k] = z; in3[k] += (z <= 3)
        in2[k] += (da <= 0.002 && da >= -0.002)
        if ($4 > 0 && $7 > 0) { nd[k]++; rd[k] += $7 / $4 }
    }
}
END {
    printf "%-22s %9s %8s %9s %6s %6s %5s %6s %8s %6s %6s\n", "case", "single", "n_a", "mean_da",
        "|z|", "max|z|", "in3", "<=2mA", "D/Dtrue", "debye", "s"
    for (i = 1; i <= no; i++) {
        k = order[i]
        if (m[k])
            printf "%-22s %4d/%-4d %8d %+9.5f %6.2f %6.2f %5d %6d %8s %6d %6.1f\n", k, one[k], n[k], m[k],
                sda[k] / m[k], sz[k] / m[k], wz[k], in3[k], in2[k],
                nd[k] ? sprintf("%.3f", rd[k] / nd[k]) : "-", deb[k], t[k] / n[k]
        else
            printf "%-22s %4d/%-4d %8d %9s %6s %6s %5s %6s %8s %6d %6.1f\n", k, one[k], n[k], 0, "-",
                "-", "-", "-", "-", "-", deb[k], t[k] / n[k]
    }
}' "$ROWS" | tee "$OUT/table.txt"
if [ -s "$OUT/mixture_a.txt" ]; then
    echo "mixtures called two-phase: the reported a (smaller, larger) against the truth"
    awk '{ printf "  %-18s %s(%s) for %s: %+.4f A, %.1f esd;  %s(%s) for %s: %+.4f A, %.1f esd\n",
           $1, $2, $3, $4, $2 - $4, ($2 - $4) / $3, $5, $6, $7, $5 - $7, ($5 - $7) / $6 }' \
        "$OUT/mixture_a.txt" | tee -a "$OUT/table.txt"
fi
[ -f "$OUT/failures.txt" ] && { echo "failures:"; cat "$OUT/failures.txt"; }
echo "rows in $ROWS"
