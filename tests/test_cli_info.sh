# CLI tests of `xrdfit info`. SPDX-License-Identifier: GPL-3.0-or-later
. "${XRDFIT_TOP:-.}/tests/lib.sh"
TOP=${XRDFIT_TOP:-.}
BAD=$TOP/tests/data/bad_patterns

printf '# 2theta counts\n10.0 100\n10.5 400\n11.0 -3\n11.5 25\n14.0 9\n14.5 16\n' > "$TMP/good.xy"
expect info_points 0 '^points: +6$' "$XRDFIT" info "$TMP/good.xy"
expect info_unit 0 '^x unit: +2theta \(deg\), from the header$' "$XRDFIT" info "$TMP/good.xy"
expect info_range 0 '^x range: +10 to 14\.5$' "$XRDFIT" info "$TMP/good.xy"
expect info_step 0 'median 0\.5, max 2\.5; non-uniform, 0 gaps' "$XRDFIT" info "$TMP/good.xy"
expect info_counts 0 '^counts: +max 400 at x = 10\.5, min -3$' "$XRDFIT" info "$TMP/good.xy"
expect info_sigma 0 '^sigma: +poisson' "$XRDFIT" info "$TMP/good.xy"
expect info_negative_warning 0 '^warning: +1 point with negative counts, the first at line 4$' \
    "$XRDFIT" info "$TMP/good.xy"
printf '# Wavelength: 1.5406\n1 1 1\n2 2 1\n3 3 1\n' > "$TMP/good.xye"
expect info_uniform_sigma_wavelength 0 'uniform' "$XRDFIT" info "$TMP/good.xye" &&
    expect info_sigma_file 0 '^sigma: +file' "$XRDFIT" info "$TMP/good.xye" &&
    expect info_wavelength 0 '^wavelength: +1\.5406 A' "$XRDFIT" info "$TMP/good.xye"
expect info_unit_option 0 '^x unit: +d \(A\), as given$' "$XRDFIT" info --unit d "$TMP/good.xye"
expect info_columns_option 0 '^sigma: +poisson' "$XRDFIT" info --columns 1,2 "$TMP/good.xye"
expect info_skip_zero_sigma 1 'all_sigma_zero\.xye: 0 of 3 points remain' \
    "$XRDFIT" info --skip-zero-sigma "$BAD/all_sigma_zero.xye"

# usage errors: exit 2
expect info_help 0 '^Usage: xrdfit info' "$XRDFIT" info --help
expect info_no_pattern 2 'a PATTERN file is needed' "$XRDFIT" info
expect info_unknown_option 2 "unknown option '--frobnicate'" "$XRDFIT" info --frobnicate "$TMP/good.xy"
expect info_two_patterns 2 'one PATTERN only' "$XRDFIT" info "$TMP/good.xy" "$TMP/good.xy"
expect info_bad_unit 2 '--unit expects' "$XRDFIT" info --unit furlong "$TMP/good.xy"
expect info_missing_value 2 "needs a value" "$XRDFIT" info "$TMP/good.xy" --unit

# data errors: exit 1 with the file name and line
expect info_missing_file 1 "error: $TMP/nothing-here\.xy: cannot open: No such file" \
    "$XRDFIT" info "$TMP/nothing-here.xy"
expect info_bad_file_line 1 'unsorted_middle\.xy:5: x is not increasing: 10\.03 at line 5 follows 10\.04 at line 4' \
    "$XRDFIT" info "$BAD/unsorted_middle.xy"
expect info_bad_columns 1 'four_columns\.xy:2: expected 2 or 3 columns, found 4' \
    "$XRDFIT" info "$BAD/four_columns.xy"

# real data, when present
if [ -f "$REAL/lab6_660a_11bm/11bmb_3844.fxye" ]; then
    expect info_real_fxye 0 '^points: +132992$' "$XRDFIT" info "$REAL/lab6_660a_11bm/11bmb_3844.fxye"
    expect info_real_chi 0 '^x unit: +q \(1/nm\), from the header$' "$XRDFIT" info "$REAL/ni_total_scattering_q/ni.chi"
    expect info_real_sigma_zero 1 'LaB6_d500_si_psd\.xye:17370: sigma must be > 0' \
        "$XRDFIT" info "$REAL/lab6_xrayutilities_d500/LaB6_d500_si_psd.xye"
else
    skip info_real "real data folder $REAL not found"
fi
expect info_formats 0 '^xrdml: PANalytical XRDML' "$XRDFIT" info --formats
