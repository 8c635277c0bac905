#!/bin/sh
# Amorphous carbon support film under an electron ring profile (issue 16):
# xrdgen Au rings (5 nm spheres, 200 kV, x in q) plus a film built physically
# by tests/carbon_film.awk - N f_e,C(s)^2 [1 + i(q)] with i(q) the Debye sum
# over an a-C pair-distance shell model (1.42, 2.46, 2.84, 3.75, 4.26 A, the
# continuum beyond removed) and an inelastic fall-off - not the fit's model
# (power law + Gaussian rings). The film is above the Au 111 ring at low q, as
# in real SAED. Over three noise seeds:
# - the background choice names the carbon film; a within 0.003 A and 3 esd of
#   4.0782 A; the sphere diameter within 15 % of 5 nm;
# - analyze finds one phase (the film's rings are not a second phase);
# - the same Au profile without the film: no film chosen (X-ray choice kept).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"
T=$TMP/electron_film
mkdir -p "$T"
# the generator's instrument (Gaussian only, W in deg^2) as a calibrated file
write_instrument "$T/em.xml" 0.025079 0,0,0.00002,0,0 0,0 transmission
for seed in 1 2 3; do
    "$GEN" --phase fcc:a=4.0782,el=Au,size=5 --wavelength 0.025079 --x q --range 1.5:12 \
        --step 0.005 --instrument 0,0,0.00002,0,0 --counts 10000 --bg 50 --seed "$seed" \
        -o "$T/au$seed.xy" 2> /dev/null || fail electron_film_gen "xrdgen failed"
    # film 4x the Au 111 peak at q = 1.5 1/A (about 1.2x under the 111 ring)
    awk -v seed="$((seed + 10))" -v amp=40000 -v kin=0.2 -v qref=1.5 -f "$TOP/tests/carbon_film.awk" \
        "$T/au$seed.xy" > "$T/auc$seed.xy"
    j=$T/auc$seed.json
    if run electron_film_fit_$seed 0 "$XRDFIT" $R fit "$T/auc$seed.xy" --unit q \
            --instrument "$T/em.xml" --phase Au --json "$j"; then
        case "$(jstr "$j" background_model)" in
            *"carbon film"*"chosen by BIC"*) pass electron_film_chosen_$seed ;;
            *) fail electron_film_chosen_$seed "background '$(jstr "$j" background_model)'" ;;
        esac
        within electron_film_a_$seed "$(jnum "$j" a_A)" 4.0782 "$(jnum "$j" a_esd_A)" 3 0.003
        rel_within electron_film_size_$seed "$(jnum "$j" sphere_diameter_nm)" 5.0 0.15
    fi
    if run electron_film_plain_$seed 0 "$XRDFIT" $R fit "$T/au$seed.xy" --unit q \
            --instrument "$T/em.xml" --phase Au --json "$T/au$seed.json"; then
        case "$(jstr "$T/au$seed.json" background_model)" in
            *"no carbon film"*) pass electron_film_not_chosen_$seed ;;
            *) fail electron_film_not_chosen_$seed "background '$(jstr "$T/au$seed.json" background_model)'" ;;
        esac
    fi
done
if run electron_film_analyze 0 "$XRDFIT" $R analyze "$T/auc1.xy" --unit q --instrument "$T/em.xml" \
        --elements Au --structure fcc --json "$T/an.json"; then
    if [ "$(jstr "$T/an.json" verdict)" = single-phase ]; then pass electron_film_one_phase
    else fail electron_film_one_phase "verdict '$(jstr "$T/an.json" verdict)'"; fi
fi
