#!/bin/sh
# `size --shape` on a pattern made by the Debye equation of an atomistic fcc Cu
# cube (simulate --debye cube, edge 17 a, 21,437 atoms; a narrow instrument,
# Cu Ka1): with the cube's Scherrer constants (Stokes & Wilson) the sizes of
# 111, 200, 220 and 311 spread less than with one K, and their mean is within
# 10 % of the cube's equal-volume edge (N a^3 / 4)^(1/3); usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/shape_scherrer
mkdir -p "$T"
# sizes FILE: the sizes (nm) of 111, 200, 220 and 311, space-separated
sizes() {
    awk '$1 == "(1" && $2 == "1" && $3 == "1)" { s[1] = $10 } $1 == "(2" && $2 == "0" && $3 == "0)" { s[2] = $10 }
         $1 == "(2" && $2 == "2" && $3 == "0)" { s[3] = $10 } $1 == "(3" && $2 == "1" && $3 == "1)" { s[4] = $10 }
         END { for (i = 1; i <= 4; i++) { v = s[i]; sub(/\(.*/, "", v); printf "%s ", v } }' "$1"
}
if run shape_sim 0 "$XRDFIT" $R simulate --radiation CuKa1 --phase Cu --debye cube \
        --shells 17 --profile 0,0,0.0001,0,0.001 --range 30:100 -o "$T/cube.xy" &&
   run shape_cube 0 "$XRDFIT" $R size "$T/cube.xy" --radiation CuKa1 --no-instrument \
        --phase Cu --shape cube --max-cycles 2000 &&
   printf '%s\n' "$OUT" > "$T/cube.txt" &&
   run shape_sphere 0 "$XRDFIT" $R size "$T/cube.xy" --radiation CuKa1 --no-instrument \
        --phase Cu --breadth integral --K 1.3333 --max-cycles 2000 &&
   printf '%s\n' "$OUT" > "$T/sphere.txt"; then
    c=$(sizes "$T/cube.txt") s=$(sizes "$T/sphere.txt")
    if awk -v c="$c" -v s="$s" 'BEGIN { n = split(c, a, " "); split(s, b, " ");
            if (n != 4) exit 1; amin = amax = a[1]; bmin = bmax = b[1];
            for (i = 2; i <= 4; i++) { if (a[i] < amin) amin = a[i]; if (a[i] > amax) amax = a[i];
                                       if (b[i] < bmin) bmin = b[i]; if (b[i] > bmax) bmax = b[i] }
            exit !(amax / amin < bmax / bmin) }'; then pass shape_cube_spread_smaller
    else fail shape_cube_spread_smaller "cube K sizes '$c', one K '$s'"; fi
    n=$(sed -n 's/^# cluster: cube of \([0-9]*\) atoms.*/\1/p' "$T/cube.xy")
    edge=$(awk -v n="$n" 'BEGIN { print exp(log(n * 3.6149 ^ 3 / 4) / 3) / 10 }')
    rel_within shape_cube_edge "$(echo "$c" | awk '{ print ($1 + $2 + $3 + $4) / 4 }')" "$edge" 0.10
fi
expect shape_needs_phase 2 "needs --phase" "$XRDFIT" $R size "$T/cube.xy" --radiation CuKa1 \
    --no-instrument --shape cube
expect shape_bad 2 "expects sphere, cube" "$XRDFIT" $R size "$T/cube.xy" --radiation CuKa1 \
    --no-instrument --phase Cu --shape pyramid
expect shape_fwhm 2 "integral" "$XRDFIT" $R size "$T/cube.xy" --radiation CuKa1 \
    --no-instrument --phase Cu --shape cube --breadth fwhm
