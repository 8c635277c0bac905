#!/bin/sh
# Rietveld refinement and quantitative phase analysis (issue 14), on patterns of
# the independent generator xrdgen (its own structure factors: Cromer-Mann f0,
# no anomalous dispersion, so the fit runs with --no-dispersion; exact Voigt on
# a fine grid, FCJ axial kernel; nothing shared with the fit):
# - Cu (fcc) + Ru (hcp) at volume ratios 1:19, 1:1 and 19:1 on 3 noise seeds
#   each: the weight fraction of Hill & Howard within 1 wt% and 3 esd of the
#   truth w = v rho / sum v rho (rho = cell mass / cell volume), the volume
#   fraction likewise;
# - Cu + Ru + Fe (bcc): three weight fractions within 1 wt%;
# - the Rietveld lattice constants agree with Le Bail's within their esds;
# - refusals: a phase without atoms, a bad --polarization, Rietveld options
#   without --rietveld, the classic cycles.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/rietveld
mkdir -p "$T"
# cell masses (u) of the truth: 4 Cu, 2 Ru, 2 Fe (IUPAC standard atomic weights)
M_CU=254.184; M_RU=202.14; M_FE=111.69
V_CU=$(awk 'BEGIN { print 3.615 ^ 3 }')
V_RU=$(awk 'BEGIN { print sqrt(3) / 2 * 2.706 ^ 2 * 4.282 }')
V_FE=$(awk 'BEGIN { print 2.8665 ^ 3 }')

# truth NAME SCALE MASS VOLUME ...: weight fraction of the first phase
truth_w() {
    awk -v s1="$1" -v m1="$2" -v v1="$3" -v s2="$4" -v m2="$5" -v v2="$6" -v s3="${7:-0}" \
        -v m3="${8:-1}" -v v3="${9:-1}" 'BEGIN { a = s1 * m1 / v1; b = s2 * m2 / v2; c = s3 * m3 / v3
            printf "%.6f\n", a / (a + b + c) }'
}

# 1. two phases, three ratios, three seeds
for ratio in 0.05 0.5 0.95; do
    s1=$ratio
    s2=$(awk -v r="$ratio" 'BEGIN { print 1 - r }')
    wt=$(truth_w "$s1" $M_CU "$V_CU" "$s2" $M_RU "$V_RU")
    for seed in 1 2 3; do
        "$GEN" --phase fcc:a=3.615,el=Cu,size=30,scale="$s1",name=Cu \
            --phase hcp:a=2.706,c=4.282,el=Ru,size=20,scale="$s2",name=Ru --radiation CuKa \
            --instrument 0.004,-0.002,0.003,0,0.02 --asym 0.02,0.02 --bg 300,-60,20 \
            --counts 20000 --range 20:120 --step 0.02 --seed $seed -o "$T/m.xy" 2> "$T/gen.err" ||
            { fail rietveld_gen "xrdgen: $(head -c 200 "$T/gen.err")"; continue; }
        n=rietveld_cu_ru_${ratio}_seed$seed
        if run "$n" 0 "$XRDFIT" $R fit "$T/m.xy" --radiation CuKa --phase Cu --phase Ru \
                --rietveld --no-dispersion --json "$T/m.json"; then
            within "${n}_weight" "$(jnum "$T/m.json" weight_fraction)" "$wt" \
                "$(jnum "$T/m.json" weight_fraction_esd)" 3.5 0.01
            within "${n}_volume" "$(jnum "$T/m.json" volume_fraction)" "$s1" \
                "$(jnum "$T/m.json" volume_fraction_esd)" 3.5 0.01
        fi
    done
done

# 2. three phases
"$GEN" --phase fcc:a=3.615,el=Cu,size=30,scale=0.3,name=Cu \
    --phase hcp:a=2.706,c=4.282,el=Ru,size=30,scale=0.2,name=Ru \
    --phase bcc:a=2.8665,el=Fe,size=40,scale=0.5,name=Fe --radiation CuKa \
    --instrument 0.004,-0.002,0.003,0,0.02 --bg 300,-60,20 --counts 30000 --range 20:130 \
    --step 0.02 --seed 4 -o "$T/m3.xy" 2> "$T/gen.err"
if run rietveld_three_phases 0 "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --phase Ru \
        --phase Fe --rietveld --no-dispersion --json "$T/m3.json"; then
    k=1
    for ph in "0.3 $M_CU $V_CU 0.2 $M_RU $V_RU 0.5 $M_FE $V_FE" "0.2 $M_RU $V_RU 0.3 $M_CU $V_CU 0.5 $M_FE $V_FE" \
              "0.5 $M_FE $V_FE 0.3 $M_CU $V_CU 0.2 $M_RU $V_RU"; do
        # shellcheck disable=SC2086
        within rietveld_three_phases_weight$k "$(jnum "$T/m3.json" weight_fraction $k)" \
            "$(truth_w $ph)" "$(jnum "$T/m3.json" weight_fraction_esd $k)" 3.5 0.01
        k=$((k + 1))
    done
fi

# 3. the lattice constants of Rietveld and Le Bail agree
"$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --phase Ru --phase Fe \
    --json "$T/lb.json" > /dev/null 2>&1
for k in 1 2 3; do
    a1=$(jnum "$T/m3.json" a_A $k); e1=$(jnum "$T/m3.json" a_esd_A $k)
    a2=$(jnum "$T/lb.json" a_A $k); e2=$(jnum "$T/lb.json" a_esd_A $k)
    within rietveld_cell_as_le_bail$k "$a1" "$a2" "$(awk -v a="$e1" -v b="$e2" 'BEGIN { print sqrt(a * a + b * b) }')" 2 0.002
done

# 4. refusals
expect rietveld_needs_atoms 1 "has no atoms: a Rietveld refinement needs" \
    "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase fcc:a=3.615 --rietveld
expect rietveld_bad_polarization 2 "polarization expects unpolarized, synchrotron or" \
    "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --rietveld --polarization tube
expect rietveld_options_need_rietveld 2 "go with --rietveld" \
    "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --no-biso
expect rietveld_not_classic 1 "default route only" \
    "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --rietveld --classic-cycles
# the report is laid out per phase: fractions, scale and B, the sites
expect rietveld_report_sites 0 "Cu1 +Cu +0.00000 +0.00000 +0.00000 +1.0000" \
    "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --phase Ru --phase Fe --rietveld

# 5. analyze: a two-phase verdict carries Rietveld weight fractions. The bundled
#    Pt0.8Ru0.2 (fcc, 70 % of the volume) + Ru (hcp) pattern was simulated without
#    f' and f'', so the fractions are refined without them: w(fcc) = 0.7 rho_fcc /
#    (0.7 rho_fcc + 0.3 rho_hcp) = 0.788
D=${XRDFIT_TOP:-.}/data/ptru_fcc-hcp_sync0.5787.xy
if run rietveld_analyze_fractions 0 "$XRDFIT" $R analyze "$D" --elements Pt,Ru --structure fcc,hcp \
        --wavelength 0.5787 --geometry transmission --no-dispersion --json "$T/an.json"; then
    wt=$(awk 'BEGIN { f = 4 * (0.8 * 195.08 + 0.2 * 101.07) / 3.9005 ^ 3
                      h = 2 * 101.07 / (sqrt(3) / 2 * 2.7058 ^ 2 * 4.2816)
                      printf "%.5f", 0.7 * f / (0.7 * f + 0.3 * h) }')
    within rietveld_analyze_fcc_weight "$(jnum "$T/an.json" weight_fraction)" "$wt" \
        "$(jnum "$T/an.json" weight_fraction_esd)" 4 0.02
    case "$(jstr "$T/an.json" phase_fractions_note)" in
        *"Vegard composition"*) pass rietveld_analyze_note ;;
        *) fail rietveld_analyze_note "phase_fractions_note: '$(jstr "$T/an.json" phase_fractions_note)'" ;;
    esac
fi

# 6. preferred orientation: Cu platelets on 111 (March-Dollase r = 0.7, applied
#    by xrdgen to every reflection of a group) + random Ru; refined with
#    --march-dollase on both phases: Cu's r within 3 esd and 0.03 of 0.7, Ru's
#    within 0.03 of 1, the weight fraction within 1 wt%; without it the fit is
#    visibly worse (Cu's R_Bragg several times larger)
"$GEN" --phase fcc:a=3.615,el=Cu,size=30,scale=0.5,name=Cu,po=1/1/1,r=0.7 \
    --phase hcp:a=2.706,c=4.282,el=Ru,size=20,scale=0.5,name=Ru --radiation CuKa \
    --instrument 0.004,-0.002,0.003,0,0.02 --asym 0.02,0.02 --bg 300,-60,20 --counts 20000 \
    --range 20:130 --step 0.02 --seed 1 -o "$T/po.xy" 2> "$T/gen.err"
if run rietveld_march_dollase 0 "$XRDFIT" $R fit "$T/po.xy" --radiation CuKa --phase Cu \
        --phase Ru --rietveld --no-dispersion --march-dollase 1,1,1 --json "$T/po.json"; then
    within rietveld_march_dollase_r_cu "$(jnum "$T/po.json" march_dollase_r 1)" 0.7 \
        "$(jnum "$T/po.json" march_dollase_r_esd 1)" 3 0.03
    within rietveld_march_dollase_r_ru "$(jnum "$T/po.json" march_dollase_r 2)" 1.0 \
        "$(jnum "$T/po.json" march_dollase_r_esd 2)" 3 0.03
    within rietveld_march_dollase_weight "$(jnum "$T/po.json" weight_fraction)" \
        "$(truth_w 0.5 $M_CU "$V_CU" 0.5 $M_RU "$V_RU")" "$(jnum "$T/po.json" weight_fraction_esd)" 3.5 0.01
    "$XRDFIT" $R fit "$T/po.xy" --radiation CuKa --phase Cu --phase Ru --rietveld --no-dispersion \
        --json "$T/po0.json" > /dev/null 2>&1
    if awk -v a="$(jnum "$T/po0.json" R_Bragg)" -v b="$(jnum "$T/po.json" R_Bragg)" 'BEGIN { exit !(a > 3 * b) }'; then
        pass rietveld_texture_seen
    else fail rietveld_texture_seen "R_Bragg without texture $(jnum "$T/po0.json" R_Bragg), with $(jnum "$T/po.json" R_Bragg)"; fi
fi
expect rietveld_march_dollase_bad_axis 2 "expects \[PHASE=\]H,K,L" \
    "$XRDFIT" $R fit "$T/po.xy" --radiation CuKa --phase Cu --rietveld --march-dollase 0,0,0
expect rietveld_march_dollase_unknown_phase 2 "no phase of that name" \
    "$XRDFIT" $R fit "$T/po.xy" --radiation CuKa --phase Cu --rietveld --march-dollase Zr=0,0,1

# 7. Pearson VII profiles (as the seed's Rietveld refinements used) on the same
#    three-phase pattern: the weight fractions stay within 1 wt% of the truth
if run rietveld_pearson7 0 "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --phase Ru \
        --phase Fe --rietveld --no-dispersion --pearson7 --json "$T/p7.json"; then
    within rietveld_pearson7_weight_cu "$(jnum "$T/p7.json" weight_fraction 1)" \
        "$(truth_w 0.3 $M_CU "$V_CU" 0.2 $M_RU "$V_RU" 0.5 $M_FE "$V_FE")" 1 1 0.01
    within rietveld_pearson7_cell_cu "$(jnum "$T/p7.json" a_A 1)" 3.615 "$(jnum "$T/p7.json" a_esd_A 1)" 3 0.002
fi

# 8. surface roughness refined on a smooth (simulated) plate: it stays close to
#    no correction and the weight fractions within 1 wt%; refused for a capillary
if run rietveld_surface_roughness 0 "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu \
        --phase Ru --phase Fe --rietveld --no-dispersion --surface-roughness --json "$T/sr.json"; then
    within rietveld_surface_roughness_weight_cu "$(jnum "$T/sr.json" weight_fraction 1)" \
        "$(truth_w 0.3 $M_CU "$V_CU" 0.2 $M_RU "$V_RU" 0.5 $M_FE "$V_FE")" 1 1 0.01
fi
expect rietveld_surface_roughness_capillary 1 "flat plate's" \
    "$XRDFIT" $R fit "$T/m3.xy" --radiation CuKa --phase Cu --rietveld --surface-roughness \
    --geometry transmission

# 9. f' and f'' plumbed through: `simulate --dispersion` (the product's own
#    simulator, so this checks consistency, not the model) of 50:50 vol% Cu + Ru
#    refined with the default (dispersion on) within 1 wt%; without it the
#    refinement misses by more than 2 wt% (Cu's f' is -2 e at Cu Ka)
if run rietveld_simulate_dispersion 0 "$XRDFIT" $R simulate --phase fcc:a=3.615,el=Cu,name=Cu \
        --phase hcp:a=2.706,c=4.282,el=Ru,name=Ru --weight 0.5,0.5 --size-nm 30,20 \
        --radiation CuKa --range 20:130 --dispersion -o "$T/sd.xy"; then
    wt=$(truth_w 0.5 $M_CU "$V_CU" 0.5 $M_RU "$V_RU")
    "$XRDFIT" $R fit "$T/sd.xy" --radiation CuKa --phase Cu --phase Ru --rietveld \
        --json "$T/sd.json" > /dev/null 2>&1
    within rietveld_dispersion_weight "$(jnum "$T/sd.json" weight_fraction)" "$wt" 1 1 0.01
    "$XRDFIT" $R fit "$T/sd.xy" --radiation CuKa --phase Cu --phase Ru --rietveld --no-dispersion \
        --json "$T/sd0.json" > /dev/null 2>&1
    if awk -v a="$(jnum "$T/sd0.json" weight_fraction)" -v t="$wt" 'BEGIN { d = a - t; if (d < 0) d = -d; exit !(d > 0.02) }'; then
        pass rietveld_dispersion_matters
    else fail rietveld_dispersion_matters "without f', f'': $(jnum "$T/sd0.json" weight_fraction), truth $wt"; fi
fi
