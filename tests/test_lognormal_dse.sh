#!/bin/sh
# The lognormal size term (fit --lognormal-size, issue 17) on patterns made
# differently: the Debye-equation simulator's atomistic Cu spheres, summed over
# a number-weighted lognormal of diameters (simulate --debye sphere --lognormal),
# lab Cu Ka, Poisson noise; the fit's peaks come from the Fourier transform of
# the distribution's coefficients.
# - a 3 nm median, sigma 0.25 ensemble: the median D0 within 8 % of 3 nm, sigma
#   within 0.06 of 0.25, a within 3 esd and 0.002 A of 3.6149 A, the GOF below
#   that of the Voigt size term;
# - one 4 nm sphere (no distribution), with an instrument file from a simulated
#   LaB6: analyze (Cu, Ru) calls it single-phase, the lognormal one-phase model
#   explaining what a second fcc lattice took before (it was two-phase: a second
#   lattice about 1.4 FWHM away, issue 17's note);
# - a true mixture stays two-phase: DSE spheres of Cu0.8Ru0.2 (3 nm, a 3.654 A)
#   and Cu0.2Ru0.8 (4 nm, a 3.771 A), summed without noise and given Poisson
#   noise here: analyze calls it two-phase with both compositions within 0.06;
# - a bad combination of options is a usage error.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/lognormal_dse
mkdir -p "$T"
CU=fcc:a=3.6149,el=Cu
LAB="--radiation CuKa --range 20:140"

if run ln_sim 0 "$XRDFIT" $R simulate --debye sphere --lognormal 0.25 --phase $CU --size-nm 3 \
        $LAB --seed 3 -o "$T/ln.xy"; then
    if fit_json ln_fit "$T/ln.json" "$XRDFIT" $R fit "$T/ln.xy" --radiation CuKa \
            --phase fcc:a=3.60,el=Cu --lognormal-size --json "$T/ln.json" &&
       fit_json ln_voigt "$T/vo.json" "$XRDFIT" $R fit "$T/ln.xy" --radiation CuKa \
            --phase fcc:a=3.60,el=Cu --json "$T/vo.json"; then
        rel_within ln_median "$(jnum "$T/ln.json" d_median_nm)" 3.0 0.08
        near ln_sigma "$(jnum "$T/ln.json" size_sigma)" 0.25 0.06
        within ln_a "$(jnum "$T/ln.json" a_A)" 3.6149 "$(jnum "$T/ln.json" a_esd_A)" 3 0.002
        if awk -v l="$(jnum "$T/ln.json" GOF)" -v v="$(jnum "$T/vo.json" GOF)" \
                'BEGIN { exit !(l < v) }'; then pass ln_gof_below_voigt
        else fail ln_gof_below_voigt "GOF $(jnum "$T/ln.json" GOF) lognormal, $(jnum "$T/vo.json" GOF) Voigt"; fi
        # number < area < volume weighted, the volume one 4/3 LVol
        if awk -v n="$(jnum "$T/ln.json" d_number_nm)" -v a="$(jnum "$T/ln.json" d_area_nm)" \
                -v v="$(jnum "$T/ln.json" sphere_diameter_nm)" -v l="$(jnum "$T/ln.json" size_nm)" \
                'BEGIN { exit !(n < a && a < v && (v / l - 4 / 3) ^ 2 < 1e-12) }'; then
            pass ln_means_ordered
        else fail ln_means_ordered "number, area, volume means out of order or not 4/3 LVol"; fi
    fi
fi

"$XRDFIT" $R simulate --radiation CuKa --phase LaB6-660c --range 20:140 --seed 7 -o "$T/lab6.xy" \
    > /dev/null 2>&1
if run ln_cal 0 "$XRDFIT" $R instrument "$T/lab6.xy" --radiation CuKa --phase LaB6-660c \
        --no-asymmetry -o "$T/inst.xml" &&
   run ln_mono_sim 0 "$XRDFIT" $R simulate --debye sphere --phase $CU --size-nm 4 $LAB --seed 1 \
        -o "$T/m4.xy" &&
   run ln_mono_analyze 0 "$XRDFIT" $R analyze "$T/m4.xy" --instrument "$T/inst.xml" \
        --elements Cu,Ru --json "$T/an.json"; then
    v=$(jstr "$T/an.json" verdict)
    if [ "$v" = single-phase ]; then pass ln_mono_single_phase
    else fail ln_mono_single_phase "verdict '$v': $(jstr "$T/an.json" reason)"; fi
    if grep -q '"fcc, lognormal spheres"' "$T/an.json"; then pass ln_mono_alternative_weighed
    else fail ln_mono_alternative_weighed "analyze did not fit the lognormal one-phase model"; fi
fi
# the mixture (the noise: a normal of the Poisson variance, awk's generator)
dse_mixture "$T" $R
if [ -f "$T/inst.xml" ] && run ln_mix_analyze 0 "$XRDFIT" $R analyze "$T/mix.xy" \
        --instrument "$T/inst.xml" --elements Cu,Ru --json "$T/mix.json"; then
    v=$(jstr "$T/mix.json" verdict)
    if [ "$v" = two-phase ]; then pass ln_mix_two_phase
    else fail ln_mix_two_phase "verdict '$v': $(jstr "$T/mix.json" reason)"; fi
    # the x(Cu) of both components: 0.8 and 0.2
    xs=$(awk '$1 == "\"Cu\":" { sub(/,/, "", $2); print $2 }' "$T/mix.json" | sort -g | tr '\n' ' ')
    if printf '%s\n' "$xs" | awk '{ exit !(NF >= 2 && ($1 - 0.2) ^ 2 < 0.0036 && ($NF - 0.8) ^ 2 < 0.0036) }'
    then pass ln_mix_compositions
    else fail ln_mix_compositions "x(Cu) of the components: $xs (truth 0.2 and 0.8)"; fi
fi
expect ln_two_size_terms 2 "two size terms" \
    "$XRDFIT" $R fit "$T/ln.xy" --radiation CuKa --phase $CU --lognormal-size --lorentzian-size
