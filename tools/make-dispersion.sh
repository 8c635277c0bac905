#!/bin/sh
# Writes refdata/dispersion.xml, the anomalous-dispersion corrections f'(E),
# f''(E) of the elements H..Bi from 4 to 100 keV, from the NIST FFAST tables
# (Chantler 2000/2005, NIST Standard Reference Database 66, public domain) as
# GenX distributes them, one file per element (E in eV, f1, f2 in e/atom;
# f1 = f_1 + f_rel(3/5 CL) + f_NT, Chantler 2000 eq. 4). f' = f1 - Z, f'' = f2.
# Usage: sh tools/make-dispersion.sh DIR_OF_NFF_FILES > refdata/dispersion.xml
# (DIR: genx/genx/models/databases/f1f2_nist of github.com/aglavic/genx).
# SPDX-License-Identifier: GPL-3.0-or-later
D=${1:?usage: make-dispersion.sh DIR_OF_NFF_FILES}
SYMS="H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi"
cat <<'HEAD'
<?xml version="1.0" encoding="UTF-8"?>
<!-- xrdfit anomalous-dispersion corrections (schema refdata/dispersion.rng),
     written by tools/make-dispersion.sh. Each element lists triplets
     "E_eV f' f''" (e/atom) on the FFAST energy grid (denser at absorption
     edges), 4-100 keV; between grid points f' and f'' are interpolated
     linearly in log E. f' = f1 - Z, where FFAST's f1 includes the
     relativistic (3/5 Cromer-Liberman) and nuclear Thomson terms.
     SPDX-License-Identifier: GPL-3.0-or-later -->
<dispersion version="1" e_min_eV="4000" e_max_eV="100000">
  <source>C. T. Chantler, J. Phys. Chem. Ref. Data 29 (2000) 597-1048 and 24 (1995) 71-643; C. T. Chantler, K. Olsen, R. A. Dragoset, J. Chang, A. R. Kishore, S. A. Kotochigova and D. S. Zucker, X-Ray Form Factor, Attenuation and Scattering Tables (FFAST), version 2.1, NIST Standard Reference Database 66 (2005), physics.nist.gov/ffast; values as tabulated by GenX (github.com/aglavic/genx, models/databases/f1f2_nist, generated 2014-06-04)</source>
HEAD
z=0
for s in $SYMS; do
    z=$((z + 1))
    f=$D/$(echo "$s" | tr 'A-Z' 'a-z').nff
    [ -f "$f" ] || { echo "make-dispersion: $f missing" >&2; exit 1; }
    awk -v s="$s" -v z="$z" 'NR > 1 && NF >= 3 {
            e[n] = $1; a[n] = $2; b[n] = $3; n++ }
        END {
            # the grid points inside 4-100 keV and one on either side
            lo = 0; while (lo + 1 < n && e[lo + 1] <= 4000) lo++
            hi = n - 1; while (hi > 0 && e[hi - 1] >= 100000) hi--
            printf "  <element symbol=\"%s\" z=\"%d\">", s, z
            c = 0
            for (i = lo; i <= hi; i++) {
                if (c % 4 == 0) printf "\n   "
                printf " %.6g %.5g %.5g", e[i], a[i] - z, b[i]
                c++
            }
            printf "\n  </element>\n" }' "$f"
done
echo "</dispersion>"
