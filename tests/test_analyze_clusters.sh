#!/bin/sh
# analyze --clusters (issue 17): before a second lattice of the same structure
# counts, one phase of atomistic clusters by the Debye equation must be beaten.
# - an Ino-Marks decahedron of Cu0.46Ru0.54 (2.4 nm, pentatwinned; the
#   simulator's Debye-equation pattern, lab Cu Ka, Poisson noise): single-phase,
#   the cluster model explaining it, its a within 3 esd and 0.002 A of 3.7203 A;
# - a true mixture stays two-phase: Debye-equation spheres of Cu0.8Ru0.2 (3 nm,
#   a 3.654 A) and Cu0.2Ru0.8 (4 nm, a 3.771 A), summed and given noise here.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/analyze_clusters
mkdir -p "$T"
LAB="--radiation CuKa --range 20:140"

if run ac_sim 0 "$XRDFIT" $R simulate $LAB --debye decahedron --size-nm 4.5 --truncation 0.25 \
        --reentrance 0.2 --phase fcc:a=3.7203,el=Cu:0.46/Ru:0.54 --seed 1 -o "$T/dec.xy" &&
   run ac_dec 0 "$XRDFIT" $R analyze "$T/dec.xy" --radiation CuKa --elements Cu,Ru --clusters \
        --json "$T/dec.json"; then
    v=$(jstr "$T/dec.json" verdict)
    if [ "$v" = single-phase ]; then pass ac_dec_single_phase
    else fail ac_dec_single_phase "verdict '$v': $(jstr "$T/dec.json" verdict_reason)"; fi
    if grep -q '"explains": true' "$T/dec.json"; then pass ac_dec_clusters_explain
    else fail ac_dec_clusters_explain "the cluster model did not explain the pattern"; fi
    a=$(awk '/"clusters": \{/ { f = 1 } f && $1 == "\"a_A\":" { v = $2; sub(/,$/, "", v); print v; exit }' "$T/dec.json")
    e=$(awk '/"clusters": \{/ { f = 1 } f && $1 == "\"a_esd_A\":" { v = $2; sub(/,$/, "", v); print v; exit }' "$T/dec.json")
    within ac_dec_a "$a" 3.7203 "$e" 3 0.002
fi

dse_mixture "$T" $R
if run ac_mix 0 "$XRDFIT" $R analyze "$T/mix.xy" --radiation CuKa --elements Cu,Ru --clusters \
        --json "$T/mix.json"; then
    v=$(jstr "$T/mix.json" verdict)
    if [ "$v" = two-phase ]; then pass ac_mix_two_phase
    else fail ac_mix_two_phase "verdict '$v': $(jstr "$T/mix.json" verdict_reason)"; fi
fi
