#!/bin/sh
# xrdfit reflections: positions against published powder patterns, extinctions,
# exit codes. SPDX-License-Identifier: GPL-3.0-or-later
. "${XRDFIT_TOP:-.}/tests/lib.sh"

if [ ! -x "$XRDFIT" ]; then
    skip cli_reflections "$XRDFIT not built"
    exit 0
fi

# Cu (fcc, a = 3.6149 A) with Cu Ka1 (Hoelzer): 111 at 43.32, 200 at 50.45 deg
expect refl_cu_111 0 '^ +1 +1 +1 +8 +2\.087[0-9]* +43\.3[12]' \
    "$XRDFIT" reflections Cu --radiation CuKa1
expect refl_cu_200 0 '^ +2 +0 +0 +6 +1\.807[0-9]* +50\.4[45]' \
    "$XRDFIT" reflections Cu --radiation CuKa1
expect refl_cu_one_column 0 '2th\(Ka1\) +I_rel *$' "$XRDFIT" reflections Cu --radiation CuKa1
# the doublet gets a Ka2 column, 0.11 deg above Ka1 at (111)
expect refl_cu_doublet 0 '^ +1 +1 +1 +8 +[0-9.]+ +43\.3[12][0-9]* +43\.4[2-4]' \
    "$XRDFIT" reflections Cu --radiation CuKa
expect refl_cu_doublet_header 0 '2th\(Ka1\) +2th\(Ka2\)' "$XRDFIT" reflections Cu --radiation CuKa

# LaB6 SRM 660c: the first line is (100) at 21.36 deg
if run refl_lab6_first 0 "$XRDFIT" reflections LaB6-660c --radiation CuKa1; then
    first=$(printf '%s\n' "$OUT" | awk '$1 ~ /^-?[0-9]+$/ { print; exit }')
    if printf '%s\n' "$first" | grep -Eq '^ +1 +0 +0 +6 +4\.1568[0-9] +21\.3[5-6]'; then
        pass refl_lab6_first
    else
        fail refl_lab6_first "first line is '$first'"
    fi
fi

# hcp Ru: (002) present, (001) and (003) absent (atoms at 2c)
if run refl_ru_hcp 0 "$XRDFIT" reflections Ru --radiation CuKa1 --range 20:150; then
    if printf '%s\n' "$OUT" | grep -Eq '^ +0 +0 +2 +2 ' &&
        ! printf '%s\n' "$OUT" | grep -Eq '^ +0 +0 +[13] ' &&
        printf '%s\n' "$OUT" | grep -Eq '^ +1 +0 +1 +12 '; then
        pass refl_ru_hcp
    else
        fail refl_ru_hcp "$(printf '%s' "$OUT" | head -c 400)"
    fi
fi

# structure form without the library, synchrotron wavelength, d limit
expect refl_spec_form 0 '^ +1 +1 +1 +8 +2\.08706 +43\.3' \
    "$XRDFIT" reflections fcc:a=3.6149 --wavelength 1.5405929
if run refl_dmin 0 "$XRDFIT" reflections fcc:a=3.6149 --wavelength 0.5787 --dmin 1.2; then
    n=$(printf '%s\n' "$OUT" | awk '$1 ~ /^-?[0-9]+$/' | wc -l)
    if [ "$n" -eq 3 ]; then pass refl_dmin; else fail refl_dmin "$n lines, expected 3"; fi
fi

# usage errors exit 2, data errors 1
expect refl_no_phase 2 'phase is needed' "$XRDFIT" reflections --radiation CuKa1
expect refl_no_radiation 2 'radiation is needed' "$XRDFIT" reflections Cu
expect refl_both_radiation 2 'not both' "$XRDFIT" reflections Cu --radiation CuKa1 --wavelength 1.5
expect refl_bad_range 2 'range' "$XRDFIT" reflections Cu --radiation CuKa1 --range 90:20
expect refl_bad_option 2 'unknown option' "$XRDFIT" reflections Cu --radiation CuKa1 --frobnicate
expect refl_bad_wavelength 2 'wavelength' "$XRDFIT" reflections Cu --wavelength abc
expect refl_unknown_phase 1 'error' "$XRDFIT" reflections NoSuchPhase --radiation CuKa1
expect refl_help 0 'Usage: xrdfit reflections' "$XRDFIT" reflections --help
# relative intensities when the phase has atoms (Cu: the integrated 200/111 ratio of
# fcc Cu with Cu Ka1 is about 0.46), none for a bare structure
if run refl_intensities 0 "$XRDFIT" $R reflections Cu --radiation CuKa1; then
    i111=$(printf '%s\n' "$OUT" | awk '$1 == 1 && $2 == 1 && $3 == 1 { print $NF }')
    i200=$(printf '%s\n' "$OUT" | awk '$1 == 2 && $2 == 0 && $3 == 0 { print $NF }')
    if [ "$i111" = "100.0" ] && awk -v v="$i200" 'BEGIN { exit !(v > 40 && v < 52) }'; then
        pass refl_intensities
    else fail refl_intensities "111 $i111, 200 $i200: $(printf '%s' "$OUT" | head -c 400)"; fi
fi
if run refl_no_intensities 0 "$XRDFIT" $R reflections fcc:a=3.6 --radiation CuKa1; then
    if printf '%s\n' "$OUT" | grep -q 'I_rel'; then fail refl_no_intensities "$OUT"
    else pass refl_no_intensities; fi
fi
