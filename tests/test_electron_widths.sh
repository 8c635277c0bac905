#!/bin/sh
# Ring widths of electron profiles (issue 16): at theta < 3 deg the 2theta
# TCH model is the q model (size Y / cos theta is a constant FWHM 4 / LVol in
# q; the Gaussian sqrt(W) constant in q within tan^2 theta < 1e-3). An xrdgen
# Au profile of 5 nm spheres (LVol = 3.75 nm) at 200 kV, fitted in q, in
# pixels (camera constant 1234.5 px A) and in 2theta with the generator's
# instrument: the sphere diameter within 15 % of 5 nm in every unit, the
# reported size FWHM in q within 15 % of 4 / LVol = 0.1067 1/A, the
# instrument's Gaussian FWHM in q that of W (0.01956 1/A).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/electron_widths
mkdir -p "$T"
write_instrument "$T/em.xml" 0.025079 0,0,0.00002,0,0 0,0 transmission
"$GEN" --phase fcc:a=4.0782,el=Au,size=5 --wavelength 0.025079 --x q --range 1.5:12 \
    --step 0.005 --instrument 0,0,0.00002,0,0 --counts 10000 --bg 200,-50 --seed 4 \
    -o "$T/q.xy" 2> /dev/null || fail electron_widths_gen "xrdgen failed"
awk '/^#/ { next } { printf "%.4f %s\n", 1234.5 * $1 / (2 * 3.14159265358979), $2 }' "$T/q.xy" > "$T/px.xy"
awk '/^#/ { next } { s = $1 * 0.025079 / (4 * 3.14159265358979)
    printf "%.7f %s\n", 2 * atan2(s, sqrt(1 - s * s)) * 180 / 3.14159265358979, $2 }' "$T/q.xy" > "$T/2theta.xy"
for u in q px 2theta; do
    extra=; [ $u = px ] && extra="--camera-constant 1234.5"
    # shellcheck disable=SC2086
    if run electron_widths_fit_$u 0 "$XRDFIT" $R fit "$T/$u.xy" --unit $u $extra \
            --instrument "$T/em.xml" --phase Au --json "$T/$u.json"; then
        rel_within electron_widths_size_$u "$(jnum "$T/$u.json" sphere_diameter_nm)" 5.0 0.15
        rel_within electron_widths_size_q_$u "$(awk '$1 == "\"size_fwhm_inv_A\":" { getline; print $1 + 0; exit }' "$T/$u.json")" 0.10667 0.15
        rel_within electron_widths_inst_q_$u "$(jnum "$T/$u.json" instrument_gauss_fwhm_inv_A)" 0.019555 0.001
    fi
done
