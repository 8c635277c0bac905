#!/bin/sh
# xrdfit peaks / size: exit codes, messages, JSON, and the Pt/C nanoparticle
# pattern with its CeO2 instrument reference. SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
P=$TMP/cli_peaks.xy
"$GEN" --radiation CuKa --range 35:100 --step 0.02 --phase fcc:a=3.6149,el=Cu,size=20 \
  --instrument 0.004,-0.002,0.002,0.01,0 --bg 200 --counts 20000 --seed 2 -o "$P"

expect peaks_help 0 'Usage: xrdfit peaks' "$XRDFIT" peaks --help
expect size_help 0 'Usage: xrdfit size' "$XRDFIT" size --help
expect peaks_missing_pattern 2 'missing PATTERN' "$XRDFIT" peaks --radiation CuKa
expect peaks_unknown_option 2 'unknown option|unrecognized option' "$XRDFIT" peaks "$P" --radiation CuKa --bogus
expect peaks_no_radiation 1 'but not whether Ka2 is in the data: give --radiation CuKa' "$XRDFIT" peaks "$P"
expect peaks_bad_profile 2 "--profile expects .* found 'cauchy'" "$XRDFIT" peaks "$P" --radiation CuKa --profile cauchy
expect peaks_bad_at 2 "--at expects" "$XRDFIT" peaks "$P" --radiation CuKa --at 43.3,abc
expect peaks_missing_file 1 'error: .*nope.xy' "$XRDFIT" peaks "$TMP/nope.xy" --radiation CuKa
expect peaks_at_outside 1 'peak start position 20 deg lies outside' "$XRDFIT" peaks "$P" --radiation CuKa --at 20,43.3
expect size_no_instrument 2 'give the instrument' "$XRDFIT" size "$P" --radiation CuKa
expect size_bad_uvwxy 2 '--uvwxy expects five numbers' "$XRDFIT" size "$P" --radiation CuKa --uvwxy 1,2,3
expect size_bad_breadth 2 '--breadth expects fwhm or integral' "$XRDFIT" size "$P" --radiation CuKa --no-instrument --breadth area
expect peaks_not_converged 1 'did not converge' "$XRDFIT" peaks "$P" --radiation CuKa --max-cycles 1

# indexing and JSON: 5 Cu reflections, the 111 at 43.32 deg
if run peaks_json 0 "$XRDFIT" peaks "$P" --radiation CuKa --phase Cu --json -; then
    n=$(printf '%s\n' "$OUT" | grep -c '"two_theta_deg"')
    if [ "$n" -eq 5 ] && printf '%s\n' "$OUT" | grep -q '"converged": true' &&
       printf '%s\n' "$OUT" | tr -d ' \n' | grep -q '"hkl":\[1,1,1\]'; then pass peaks_json
    else fail peaks_json "expected 5 indexed peaks, converged: $(printf '%s' "$OUT" | head -c 300)"; fi
fi

# size table: sphere diameter 20 nm with K = 4/3 on the integral breadth
if run size_table 0 "$XRDFIT" size "$P" --radiation CuKa --uvwxy 0.004,-0.002,0.002,0.01,0 \
     --K 1.3333333 --breadth integral --phase Cu --profile voigt; then
    bad=$(printf '%s\n' "$OUT" | awk '/^\(1 1 1\)|^\(2 0 0\)|^\(2 2 0\)|^\(3 1 1\)/ {
            s = $NF; for (i = 1; i <= NF; i++) if ($i == "nm") { s = $(i-1); break }
            sub(/\(.*/, "", s); if (s < 18 || s > 22) print $0 }')
    if [ -z "$bad" ] && printf '%s\n' "$OUT" | grep -q 'Convention: Scherrer K = 1.33333 on the integral breadth'; then
        pass size_table
    else fail size_table "sizes outside 18-22 nm: $bad"; fi
fi

# Pt/C (SPring-8, lambda 0.51677 A from the CeO2 of the same set-up): Scherrer
# K = 0.9 on the FWHM, instrument from the CeO2 peak widths; the published
# sizes of this sample are 2.3-4.2 nm.
PT=$REAL/pt_c_tec10v50e_spring8/pt_TEC10V50E.xy
CE=$REAL/ceo2_spring8_fcbenten/CeO2_spring8.xy
if [ ! -f "$PT" ] || [ ! -f "$CE" ]; then
    skip realdata_pt_size "Pt/C or CeO2 pattern not found under $REAL"
elif run realdata_pt_size 0 "$XRDFIT" size "$PT" --wavelength 0.51677 --columns 1,2 \
       --instrument-from "$CE" --instrument-phase CeO2-674b --phase Pt --range 8:40 \
       --K 0.9 --breadth fwhm; then
    sizes=$(printf '%s\n' "$OUT" | awk '/^\(1 1 1\)|^\(2 0 0\)|^\(2 2 0\)|^\(3 1 1\)/ {
              for (i = 1; i <= NF; i++) if ($i == "nm") { s = $(i-1); sub(/\(.*/, "", s); print s; break } }')
    n=$(printf '%s\n' "$sizes" | grep -c .)
    out=$(printf '%s\n' "$sizes" | awk '$1 < 2.3 || $1 > 4.2')
    if [ "$n" -eq 4 ] && [ -z "$out" ]; then pass realdata_pt_size
    else fail realdata_pt_size "Pt 111/200/220/311 sizes (K=0.9, FWHM) not all in 2.3-4.2 nm: $(echo $sizes)"; fi
fi

# start-up: with --wavelength and without --phase no reference data (XML) is
# read at all, so a missing refdata directory does not matter; --phase needs it
expect peaks_no_refdata_read 0 '^Converged' "$XRDFIT" --refdata "$TMP/no-such-refdata" peaks "$P" \
    --wavelength 1.5405929 --at 43.3,50.4
expect peaks_phase_reads_refdata 1 'no-such-refdata/phases' "$XRDFIT" --refdata "$TMP/no-such-refdata" \
    peaks "$P" --wavelength 1.5405929 --at 43.3,50.4 --phase Cu
