#!/bin/sh
# Writes refdata/electron_scattering.xml, the elastic electron scattering
# factors of the neutral atoms H..Bi, f_e(s) = sum_{i=1..5} a_i exp(-b_i s^2)
# (A, s = sin(theta)/lambda in 1/A, 0 <= s <= 2), from the five-Gaussian fits of
# Peng, Ren, Dudarev & Whelan (1996) as International Tables Vol. C prints them
# (Table 4.3.2.2). The numbers are read from cctbx's transcription of that
# table (cctbx_project, cctbx/eltbx/e_scattering.py, lines "Sym Z a1..a5
# b1..b5"); with a second argument, gemmi's independent transcription
# (include/gemmi/c4322.hpp, "{a1, ..., b5}, // Sym") is compared with it
# value by value and the script fails on any difference.
# Usage: sh tools/make-electron-scattering.sh E_SCATTERING_PY [C4322_HPP] \
#            > refdata/electron_scattering.xml
# SPDX-License-Identifier: GPL-3.0-or-later
CCTBX=${1:?usage: make-electron-scattering.sh E_SCATTERING_PY [C4322_HPP]}
GEMMI=$2
SYMS="H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi"
TMP=${TMPDIR:-/tmp}/make-electron-scattering.$$
trap 'rm -f "$TMP".*' EXIT INT TERM
# the rows "Sym Z a1..a5 b1..b5" of H..Bi, in the order of Z
grep -E '^[A-Z][a-z]? [0-9]+( [-.0-9]+){10} *$' "$CCTBX" |
    awk -v syms="$SYMS" 'BEGIN { n = split(syms, s, " ") }
        $2 >= 1 && $2 <= n { if ($1 != s[$2]) { print "row " NR ": " $1 " is not Z " $2 > "/dev/stderr"; exit 1 }
                             print; c++ }
        END { if (c != n) { print "found " c " of " n " elements" > "/dev/stderr"; exit 1 } }' \
    > "$TMP.rows" || { echo "make-electron-scattering: $CCTBX is not the expected table" >&2; exit 1; }
if [ -n "$GEMMI" ]; then
    grep -E '^ *\{.*\}, *// *[A-Z][a-z]? *$' "$GEMMI" | sed 's/[{},]/ /g; s|//||' |
        awk '{ print $11, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' > "$TMP.gemmi"
    awk 'NR == FNR { g[$1] = $0; next }
        { split(g[$1], v, " "); if (!($1 in g)) { print $1 " missing in gemmi"; bad = 1; next }
          for (i = 3; i <= 12; i++) if ($i + 0 != v[i - 1] + 0) { print $1 " differs: " $0 " / " g[$1]; bad = 1 } }
        END { exit bad }' "$TMP.gemmi" "$TMP.rows" >&2 ||
        { echo "make-electron-scattering: the two transcriptions differ" >&2; exit 1; }
    echo "make-electron-scattering: cctbx and gemmi agree on all $(wc -l < "$TMP.rows") elements" >&2
fi
cat <<'HEAD'
<?xml version="1.0" encoding="UTF-8"?>
<!-- xrdfit elastic electron scattering factors of the neutral atoms (schema
     refdata/electron_scattering.rng), written by
     tools/make-electron-scattering.sh. Each element gives the five
     amplitudes a_i (A) and widths b_i (A^2) of
         f_e(s) = sum_{i=1..5} a_i exp(-b_i s^2),  s = sin(theta)/lambda (1/A),
     fitted for 0 <= s <= 2 1/A. f_e is the first Born (kinematic) amplitude of
     the non-relativistic electron; absolute kinematic intensities scale it by
     gamma = 1 + eU/(m0 c^2), which is the same for every reflection of a
     pattern and so drops out of relative intensities.
     SPDX-License-Identifier: GPL-3.0-or-later -->
<electron_scattering version="1" s_max_inv_A="2">
  <source>L.-M. Peng, G. Ren, S. L. Dudarev and M. J. Whelan, Robust parameterization of elastic and absorptive electron atomic scattering factors, Acta Cryst. A52 (1996) 257-276; as printed in International Tables for Crystallography Vol. C (2006), Table 4.3.2.2 (elastic atomic scattering factors of electrons for neutral atoms and s up to 2.0 1/A); transcribed from cctbx (cctbx_project, cctbx/eltbx/e_scattering.py, ito_vol_c_2011_table_4_3_2_2) and checked value by value against gemmi (include/gemmi/c4322.hpp)</source>
HEAD
awk '{ printf "  <element symbol=\"%s\" z=\"%d\" a=\"%s %s %s %s %s\" b=\"%s %s %s %s %s\"/>\n",
           $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$TMP.rows"
echo "</electron_scattering>"
