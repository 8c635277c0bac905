#!/bin/sh
# simulate --debye (issue 17): atomistic clusters through the Debye equation.
# - a noise-free 8 nm Cu sphere (Cu Ka1, an instrument of 0.01 deg): the maxima of
#   111, 200, 220 and 311 lie at the Bragg angles of its lattice within 0.04 deg. A
#   finite crystal's peak is its lattice's Bragg peak times a smooth envelope
#   g(q) = f^2 P / q^2 (no Lorentz factor in the DSE); a maximum moves by about
#   beta_q^2 / (8 ln 2) g'/g, beta_q = 6.46 / D the sphere's width in q: with
#   g'/g ~ -1 1/A that is 1e-3 1/A, 0.012 deg at 43 deg; 0.04 deg allows three times it;
# - its 200/111 integrated-intensity ratio (straight baseline over +-3 deg) within 4 %
#   of the ratio of the Bragg simulator's pattern of an 8 nm sphere integrated alike
#   (integrated over 2theta the DSE carries 1/(sin^2 theta cos theta) by itself);
# - xrdfit fit (Le Bail, the instrument held) of an 8 nm DSE sphere with Cu Ka1+Ka2
#   and Poisson noise: a within 0.002 A of the lattice used;
# - the header names the cluster, --xyz writes its atoms, electrons give a q grid with
#   f_e, core-shell puts the first element's share in the header;
# - usage errors (exit 2) and data errors (exit 1) with clear messages.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/debye
mkdir -p "$T"
CU=fcc:a=3.615,el=Cu
NARROW="--radiation CuKa1 --noise none --background 0 --step 0.005 --profile 0,0,0.0001,0,0 --range 20:100"

if run dse_narrow 0 "$XRDFIT" $R simulate --debye sphere --phase $CU --size-nm 8 $NARROW \
        -o "$T/d8.xy"; then
    awk '/^#/ { next } { x[++n] = $1; y[n] = $2 }
        END {
            a = 3.615; lam = 1.5405929; bad = ""
            split("3 4 8 11", h2, " ")
            for (k = 1; k <= 4; k++) {
                tb = 2 * atan2(lam / (2 * a / sqrt(h2[k])), sqrt(1 - (lam / (2 * a / sqrt(h2[k])))^2)) * 45 / atan2(1, 1)
                best = -1
                for (i = 2; i < n; i++)
                    if (x[i] > tb - 1 && x[i] < tb + 1 && y[i] > best) { best = y[i]; xm = x[i] }
                if ((xm - tb)^2 > 0.04^2) bad = bad sprintf(" h2=%d max %.3f Bragg %.3f", h2[k], xm, tb)
            }
            if (bad == "") print "ok"; else print bad }' "$T/d8.xy" > "$T/pos.txt"
    [ "$(cat "$T/pos.txt")" = ok ] && pass dse_bragg_positions || fail dse_bragg_positions "$(cat "$T/pos.txt")"
    if run dse_bragg_ref 0 "$XRDFIT" $R simulate --phase $CU --size-nm 8 $NARROW -o "$T/b8.xy"; then
        RATIO='function area(c, w,   i, s, x0, y0, x1, y1, f) { f = 1
              for (i = 1; i <= n; i++) if (x[i] >= c - w && x[i] <= c + w) { if (f) { x0 = x[i]; y0 = y[i]; f = 0 } x1 = x[i]; y1 = y[i] }
              for (i = 2; i <= n; i++) if (x[i - 1] >= c - w && x[i] <= c + w)
                  s += (0.5 * (y[i] + y[i - 1]) - (y0 + (y1 - y0) * (0.5 * (x[i] + x[i - 1]) - x0) / (x1 - x0))) * (x[i] - x[i - 1])
              return s }
            !/^#/ { x[++n] = $1; y[n] = $2 }
            END { printf "%.5f\n", area(50.449, 3) / area(43.317, 3) }'
        rd=$(awk "$RATIO" "$T/d8.xy"); rb=$(awk "$RATIO" "$T/b8.xy")
        awk -v d="$rd" -v b="$rb" 'BEGIN { exit !((d / b - 1)^2 < 0.04^2) }' &&
            pass dse_ratio_200_111 || fail dse_ratio_200_111 "DSE $rd, Bragg $rb"
    fi
fi

# (g) the Le Bail fit of an 8 nm DSE sphere gives its lattice back
write_instrument "$T/inst.xml" CuKa 0.005,-0.003,0.0025,0,0 0,0
if run dse_fit_sim 0 "$XRDFIT" $R simulate --debye sphere --phase fcc:a=3.6150,el=Cu --size-nm 8 \
        --instrument "$T/inst.xml" --seed 3 -o "$T/f8.xy" &&
    run dse_fit 0 "$XRDFIT" $R fit "$T/f8.xy" --phase fcc:a=3.60 --instrument "$T/inst.xml" \
        --json "$T/f8.json"; then
    a=$(jnum "$T/f8.json" a_A)
    awk -v a="$a" 'BEGIN { exit !(a != "" && (a - 3.615)^2 < 0.002^2) }' &&
        pass dse_fit_lattice || fail dse_fit_lattice "a = $a A, the cluster's lattice 3.615 A"
fi

# header and the cluster file
if run dse_xyz 0 "$XRDFIT" $R simulate --debye cuboctahedron --shells 3 --phase $CU --radiation CuKa \
        --xyz "$T/c.xyz" -o "$T/c.xy"; then
    n=$(head -1 "$T/c.xyz"); lines=$(($(wc -l < "$T/c.xyz") - 2))
    [ "$n" = 147 ] && [ "$lines" = 147 ] && grep -q '^# cluster: cuboctahedron of 147 atoms, 3 shells' "$T/c.xy" &&
        grep -q '^# composition: Cu 147 ' "$T/c.xy" && pass dse_header_xyz ||
        fail dse_header_xyz "xyz says $n atoms in $lines lines; header: $(grep '^# cluster' "$T/c.xy")"
fi
if run dse_core_shell 0 "$XRDFIT" $R simulate --debye sphere --size-nm 3 --core-shell \
        --phase fcc:a=3.72,el=Cu:0.25/Ru:0.75 --radiation CuKa -o "$T/cs.xy"; then
    awk '/^# composition:/ { for (i = 1; i <= NF; i++) if ($i == "Cu") f = $(i + 2) }
         END { gsub(/[(),]/, "", f); exit !((f - 0.25)^2 < 0.002^2) }' "$T/cs.xy" &&
        grep -q 'core-shell (first element inside)' "$T/cs.xy" && pass dse_core_shell_header ||
        fail dse_core_shell_header "$(grep '^# c' "$T/cs.xy")"
fi
if run dse_electron 0 "$XRDFIT" $R simulate --debye icosahedron --size-nm 3 --phase fcc:a=4.078,el=Au \
        --electron-kv 200 -o "$T/e.xy"; then
    grep -q '^# q (1/A) counts' "$T/e.xy" && grep -q 'electron scattering factors f_e' "$T/e.xy" &&
        pass dse_electron_header || fail dse_electron_header "no q column or f_e"
fi
if run dse_lognormal 0 "$XRDFIT" $R simulate --debye sphere --size-nm 3 --lognormal 0.2 --sizes 5 \
        --phase $CU --radiation CuKa -o "$T/ln.xy"; then
    grep -q '^# ensemble: number-weighted lognormal of diameters, median 3 nm, sigma 0.2, 5 sizes' \
        "$T/ln.xy" && pass dse_lognormal_header || fail dse_lognormal_header "$(grep '^# ens' "$T/ln.xy")"
fi

# errors
expect dse_bad_shape 2 "--debye expects sphere" "$XRDFIT" $R simulate --debye pyramid --phase $CU \
    --size-nm 3 --radiation CuKa -o "$T/x.xy"
expect dse_no_size 2 "needs one diameter" "$XRDFIT" $R simulate --debye sphere --phase $CU \
    --radiation CuKa -o "$T/x.xy"
expect dse_two_phases 2 "one --phase" "$XRDFIT" $R simulate --debye sphere --phase $CU --phase $CU \
    --size-nm 3 --radiation CuKa -o "$T/x.xy"
expect dse_shells_sphere 2 "--shells goes with" "$XRDFIT" $R simulate --debye sphere --shells 3 \
    --phase $CU --radiation CuKa -o "$T/x.xy"
expect dse_truncation_sphere 2 "go with decahedron" "$XRDFIT" $R simulate --debye sphere \
    --truncation 0.2 --size-nm 3 --phase $CU --radiation CuKa -o "$T/x.xy"
expect dse_reentrance_range 2 "expects 0 to 0.5" "$XRDFIT" $R simulate --debye decahedron \
    --reentrance 0.7 --size-nm 3 --phase $CU --radiation CuKa -o "$T/x.xy"
expect dse_decahedron_bcc 1 "fcc lattice" "$XRDFIT" $R simulate --debye decahedron --size-nm 3 \
    --phase bcc:a=2.87,el=Fe --radiation CuKa -o "$T/x.xy"
expect dse_option_alone 2 "go with --debye" "$XRDFIT" $R simulate --xyz "$T/x.xyz" --phase $CU \
    --radiation CuKa -o "$T/x.xy"
expect dse_too_large 1 "more than the bound of 100000" "$XRDFIT" $R simulate --debye sphere \
    --phase $CU --size-nm 30 --radiation CuKa -o "$T/x.xy"
expect dse_max_atoms 1 "more than the bound of 500" "$XRDFIT" $R simulate --debye sphere \
    --phase $CU --size-nm 3 --max-atoms 500 --radiation CuKa -o "$T/x.xy"
expect dse_icosa_bcc 1 "icosahedron is built of an fcc lattice" "$XRDFIT" $R simulate --debye \
    icosahedron --phase bcc:a=2.87,el=Fe --size-nm 3 --radiation CuKa -o "$T/x.xy"
expect dse_core_one_element 1 "core-shell cluster needs two elements" "$XRDFIT" $R simulate \
    --debye sphere --core-shell --phase $CU --size-nm 3 --radiation CuKa -o "$T/x.xy"
