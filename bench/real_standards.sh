#!/bin/sh
# Real line-position standards of ../shared/realdata fitted with default
# options: a - reference, the reported esd and Delta a / esd, one row each.
# Usage: sh bench/real_standards.sh [BUILD_DIR] [EXTRA FIT OPTIONS...]
# References: 660c specimen 100a: NIST's own cell for this dataset at
# 20.85 C (4.156780); 11-BM: 660a certificate (4.1569162, lambda circular);
# files whose SRM lot is not stated: the lot their provenance names
# (GSAS-II tutorial: 660b, 4.15689; D500: 660a, 4.1569162; NIST D8: 660c
# 4.156826, lot unknown); CeO2 SPring-8: 5.411, the cell its wavelength was
# estimated with (0.51677 A, scatter 3e-5 A: circular); CeO2 Pilatus: SRM 674b
# 5.411651, the calibrant of its pyFAI geometry (4.066e-11 m, four digits:
# circular).
# SPDX-License-Identifier: GPL-3.0-or-later
B=${1:-build}
[ $# -gt 0 ] && shift
R=${REALDATA:-../shared/realdata}
X=$B/xrdfit
[ -d "$R" ] || { echo "real_standards: $R absent, nothing to do"; exit 0; }
row() { # name ref file options...
    n=$1 ref=$2 f=$R/$3
    shift 3
    [ -f "$f" ] || { printf '%-8s absent\n' "$n"; return; }
    out=$("$X" fit "$f" "$@" $EXTRA --json - 2>/dev/null)
    rc=$?
    echo "$out" | awk -v n="$n" -v ref="$ref" -v rc="$rc" '
        /"a_A"/ && !a { gsub(/[^0-9.eE+-]/, "", $2); a = $2 }
        /"a_esd_A"/ && !e { gsub(/[^0-9.eE+-]/, "", $2); e = $2 }
        /"GOF"/ && !g { gsub(/[^0-9.eE+-]/, "", $2); g = $2 }
        END { if (a == "") { printf "%-8s rc %d no result\n", n, rc; exit }
              d = a - ref
              printf "%-8s rc %d a %.6f ref %.6f da %+.5f esd %.5f da/esd %+.1f GOF %.2f\n",
                     n, rc, a, ref, d, e, d / e, g }' FS=':'
}
EXTRA="$*"
row 660c 4.156780 lab6_660c_nist_dbd_100a/nist_srm660c_100a_full.xye --radiation CuKa --phase LaB6-660c --radius 217.5
row 11bm 4.1569162 lab6_660a_11bm/11bmb_3844.fxye --wavelength 0.413128 --geometry transmission --phase LaB6-660c
row d500 4.1569162 lab6_xrayutilities_d500/LaB6_d500_si_psd.xye --skip-zero-sigma --radiation CuKa --phase LaB6-660b
row g2tut 4.15689 lab6_gsas2tut_bruker_jan2018/LaB6_Jan2018.raw --phase LaB6-660b
row nistd8 4.156826 lab6_nist_d8/E211110-AAC-001_005-000_exported.csv --radiation CuKa --phase LaB6-660c
row ceo2s8 5.411 ceo2_spring8_fcbenten/CeO2_spring8.xy --columns 1,2 --wavelength '0.51677(3)' --geometry transmission --phase CeO2-674b
row ceo2pil 5.411651 ceo2_dioptas_pilatus1m/CeO2_Pilatus1M.xy --wavelength '0.40660(3)' --geometry transmission --phase CeO2-674b
