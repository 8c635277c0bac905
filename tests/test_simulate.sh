#!/bin/sh
# xrdfit simulate: header, reproducibility, round trip through `xrdfit fit`,
# usage and data errors. SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"
S="$XRDFIT $R simulate"

# a header that says what the file is and how it was made
if run simulate_header 0 $S --phase Cu --radiation CuKa --size-nm 5 --seed 7 -o "$TMP/cu_a.xy"; then
    if head -n 1 "$TMP/cu_a.xy" | grep -q '^# SIMULATED powder pattern - not a measurement' &&
       grep -q '^# command: xrdfit simulate --phase Cu --radiation CuKa --size-nm 5 --seed 7 -o ' "$TMP/cu_a.xy" &&
       grep -q '^# phase 1: Cu, fcc Fm-3m, a 3.61500 A; Cu 1 at 0,0,0 B 0.5; sphere diameter 5 nm (LVol 3.75 nm)' "$TMP/cu_a.xy" &&
       grep -q '^# wavelength 1.5405929 A' "$TMP/cu_a.xy" &&
       [ "$(grep -vc '^#' "$TMP/cu_a.xy")" -eq 3501 ] &&
       printf '%s\n' "$OUT" | grep -q '^simulated 3501 points, 20 to 90 deg 2theta'
    then pass simulate_header; else fail simulate_header "$(head -n 12 "$TMP/cu_a.xy")"; fi
fi
# xrdfit reads it back as 2theta with the wavelength of the header
expect simulate_reads_back 0 'wavelength: +1\.54059[0-9]* A \(from the header\)' $XRDFIT info "$TMP/cu_a.xy"

# same seed -> the same file (byte for byte, header included); another seed ->
# other counts
cp "$TMP/cu_a.xy" "$TMP/cu_first.xy"
$S --phase Cu --radiation CuKa --size-nm 5 --seed 7 -o "$TMP/cu_a.xy" > /dev/null 2>&1
$S --phase Cu --radiation CuKa --size-nm 5 --seed 8 -o "$TMP/cu_c.xy" > /dev/null 2>&1
if cmp -s "$TMP/cu_a.xy" "$TMP/cu_first.xy"; then pass simulate_same_seed_same_file
else fail simulate_same_seed_same_file "files differ"; fi
if [ "$(grep -v '^#' "$TMP/cu_a.xy" | md5sum)" != "$(grep -v '^#' "$TMP/cu_c.xy" | md5sum)" ]; then
    pass simulate_other_seed_other_counts
else fail simulate_other_seed_other_counts "seed 7 and 8 gave the same counts"; fi

# round trip: the fit of a simulated pattern returns a and the sphere diameter
# (a within 3 esd of the reference phase's 3.6150 A, D within 5 % of 5 nm)
if run simulate_round_trip 0 $XRDFIT $R fit "$TMP/cu_a.xy" --radiation CuKa --phase Cu \
        --json "$TMP/cu_a.json"; then
    a=$(sed -n 's/^ *"a_A": \([-0-9.e+]*\),$/\1/p' "$TMP/cu_a.json" | head -n 1)
    ae=$(sed -n 's/^ *"a_esd_A": \([-0-9.e+]*\),$/\1/p' "$TMP/cu_a.json" | head -n 1)
    d=$(sed -n 's/^ *"sphere_diameter_nm": \([-0-9.e+]*\),$/\1/p' "$TMP/cu_a.json" | head -n 1)
    if awk -v a="$a" -v e="$ae" -v d="$d" 'BEGIN {
            da = a - 3.6150; if (da < 0) da = -da; dd = (d - 5) / 5; if (dd < 0) dd = -dd;
            exit !(a != "" && e > 0 && da <= 3 * e && dd <= 0.05) }'
    then pass simulate_round_trip
    else fail simulate_round_trip "a = $a ($ae), sphere diameter = $d nm"; fi
fi

# two phases, per-phase sizes and weights; the hcp phase with its element
if run simulate_two_phases 0 $S --phase 'fcc:a=3.9005,el=Pt:0.8/Ru:0.2' \
        --phase 'hcp:a=2.7058,c=4.2816,el=Ru' --wavelength 0.5787 --range 5:45 --step 0.01 \
        --size-nm 3.5,2.5 --weight 0.7,0.3 --polarization synchrotron --noise none -o "$TMP/ptru.xy"; then
    if grep -q '^# phase 2: hcp, hcp P6_3/mmc, a 2.70580 b 2.70580 c 4.28160 A; Ru 1 at 0.3333,0.6667,0.25' "$TMP/ptru.xy" &&
       grep -q 'sphere diameter 2.5 nm' "$TMP/ptru.xy" && grep -q 'synchrotron: polarisation factor 1' "$TMP/ptru.xy" &&
       grep -q '^# wavelength 0.5787000 A' "$TMP/ptru.xy" &&
       grep -q 'noise none' "$TMP/ptru.xy"
    then pass simulate_two_phases; else fail simulate_two_phases "$(grep '^#' "$TMP/ptru.xy")"; fi
fi

# equal scattering without elements: a warning, still a pattern
expect simulate_no_atoms_warning 0 'warning: phase fcc has no atoms: every atom scatters with f = 1' \
    $S --phase fcc:a=3.6 --radiation CuKa -o "$TMP/eq.xy"
if grep -q 'no atoms: equal scattering f = 1' "$TMP/eq.xy"; then pass simulate_no_atoms_header
else fail simulate_no_atoms_header "$(grep '^# phase' "$TMP/eq.xy")"; fi

# instrument options reach the header
expect simulate_instrument_options 0 'simulated' $S --phase Cu --radiation CuKa \
    --profile 0.004,-0.002,0.002,0,0.02 --asymmetry 0.02 --zero 0.01 -o "$TMP/inst.xy"
if grep -q '^# instrument: Bragg-Brentano; U 0.004 V -0.002 W 0.002 deg^2, X 0 Y 0.02 deg; asymmetry S/L 0.02 H/L 0.02; zero 0.01 deg' "$TMP/inst.xy"
then pass simulate_instrument_header; else fail simulate_instrument_header "$(grep '^# instrument' "$TMP/inst.xy")"; fi

# errors
expect simulate_unknown_element 1 "'Xx' is not an element" $S --phase fcc:a=3.6,el=Xx --radiation CuKa -o "$TMP/x.xy"
expect simulate_missing_output 2 '-o OUT.xy is needed' $S --phase Cu --radiation CuKa
expect simulate_missing_phase 2 'at least one --phase' $S --radiation CuKa -o "$TMP/x.xy"
expect simulate_missing_radiation 2 'give --radiation, --wavelength or --instrument' $S --phase Cu -o "$TMP/x.xy"
expect simulate_list_mismatch 2 '--size-nm gives 2 values for 3 phases' \
    $S --phase Cu --phase Ni --phase Pt --size-nm 3,4 --radiation CuKa -o "$TMP/x.xy"
expect simulate_bad_noise 2 '--noise expects poisson or none' $S --phase Cu --radiation CuKa --noise gauss -o "$TMP/x.xy"
expect simulate_bad_seed 2 '--seed expects an integer' $S --phase Cu --radiation CuKa --seed -3 -o "$TMP/x.xy"
expect simulate_bad_range 2 '--range expects LO:HI' $S --phase Cu --radiation CuKa --range 90:20 -o "$TMP/x.xy"
expect simulate_no_reflection 1 'no reflection of any phase lies in 5 to 15' \
    $S --phase Cu --radiation CuKa --range 5:15 -o "$TMP/x.xy"
expect simulate_unwritable 1 'cannot open the output file' \
    $S --phase Cu --radiation CuKa -o "$TMP/no/such/dir/x.xy"
expect simulate_help 0 'Usage: xrdfit simulate' $S --help

# data/: every example is marked as simulated, small, and made by the command
# that data/README.md and tools/make-data.sh list
for f in "$TOP"/data/*.xy; do
    [ -f "$f" ] || continue
    n=data_$(basename "$f" .xy)
    cmd=$(sed -n 's/^# command: //p' "$f")
    size=$(wc -c < "$f")
    if ! head -n 1 "$f" | grep -q '^# SIMULATED powder pattern - not a measurement'; then
        fail "$n" "header does not say it is simulated"
    elif [ -z "$cmd" ] || ! grep -qxF -- "$cmd" "$TOP/data/README.md"; then
        fail "$n" "its command is not listed in data/README.md: $cmd"
    elif ! grep -qxF -- "$cmd" "$TOP/tools/make-data.sh"; then
        fail "$n" "its command is not in tools/make-data.sh: $cmd"
    elif [ "$size" -ge 200000 ]; then
        fail "$n" "$size bytes (examples stay below 200 kB)"
    else
        pass "$n"
    fi
done
