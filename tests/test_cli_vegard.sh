#!/bin/sh
# xrdfit vegard: the acceptance line, esds, inverse, checks, usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"

# acceptance: x(Cu) = (3.725 - 3.81) / (3.612 - 3.81) = 0.4293
expect vegard_acceptance 0 '^x\(Cu\) = 0\.429, x\(Ru\) = 0\.571$' \
    $XRDFIT vegard --a 3.725 --ends Cu:3.612,Ru:3.81
expect vegard_no_esd_note 0 'x carries no uncertainty' \
    $XRDFIT vegard --a 3.725 --ends Cu:3.612,Ru:3.81
# library end members with their temperatures; esd of a alone: 0.003/0.195 = 0.0154 -> (15)
if run vegard_library 0 $XRDFIT $R vegard --a '3.725(3)' --ends Cu,Ru-fcc; then
    if printf '%s\n' "$OUT" | grep -q '^x(Cu) = 0\.436(15), x(Ru) = 0\.564(15)$' &&
       printf '%s\n' "$OUT" | grep -Eq 'Cu +a = 3\.6150 A +reference phase Cu \(fcc, measured\), at 298 K' &&
       printf '%s\n' "$OUT" | grep -Eq 'Ru +a = 3\.8100 A +reference phase Ru-fcc \(fcc, metastable\), at 298 K'
    then pass vegard_library; else fail vegard_library "$OUT"; fi
fi
# esds of both end members propagate: sqrt(.003^2 + x^2 .002^2 + (1-x)^2 .01^2)/.198 = 0.033
expect vegard_esd 0 '^x\(Cu\) = 0\.43\(3\), x\(Ru\) = 0\.57\(3\)$' \
    $XRDFIT vegard --a '3.725(3)' --ends 'Cu:3.612(2),Ru:3.81(1)'
# inverse, also by the second end member: 0.25 * 3.61 + 0.75 * 3.8075 = 3.758125
expect vegard_inverse 0 '^a = 3\.7125 A$' $XRDFIT $R vegard --x Cu=0.5 --ends Cu,Ru-fcc
expect vegard_inverse_b 0 '^a = 3\.7581 A$' \
    $XRDFIT vegard --x Ru=0.75 --ends Cu:3.61,Ru:3.8075
expect vegard_inverse_unknown_label 2 'names Ni, which is not an end member' \
    $XRDFIT vegard --x Ni=0.5 --ends Cu:3.612,Ru:3.81
# bowing and Zen round trip through the command line
A=$($XRDFIT vegard --x Cu=0.3 --ends Cu:3.612,Ru:3.81 --bowing 0.05 | sed -n 's/^a = \([0-9.]*\) A$/\1/p')
expect vegard_bowing_round_trip 0 '^x\(Cu\) = 0\.300, x\(Ru\) = 0\.700$' \
    $XRDFIT vegard --a "$A" --ends Cu:3.612,Ru:3.81 --bowing 0.05
A=$($XRDFIT vegard --x Cu=0.3 --ends Cu:3.612,Ru:3.81 --zen | sed -n 's/^a = \([0-9.]*\) A$/\1/p')
expect vegard_zen_round_trip 0 '^x\(Cu\) = 0\.300, x\(Ru\) = 0\.700$' \
    $XRDFIT vegard --a "$A" --ends Cu:3.612,Ru:3.81 --zen
# temperature: Cu at 773 K = 3.6150 (1 + 16.5e-6 * 475) = 3.6433; Ru-fcc has no CTE
if run vegard_temperature 0 $XRDFIT $R vegard --a 3.725 --ends Cu,Ru-fcc --temperature 773; then
    if printf '%s\n' "$OUT" | grep -q 'a = 3\.6433 A .*at 773 K (3\.6150 A at 298 K' &&
       printf '%s\n' "$OUT" | grep -q 'no thermal-expansion coefficient in refdata for Ru-fcc' &&
       printf '%s\n' "$OUT" | grep -q '^x(Cu) = 0\.510, x(Ru) = 0\.490$'
    then pass vegard_temperature; else fail vegard_temperature "$OUT"; fi
fi
# checks
expect vegard_hcp_refused 1 'Ru is hcp .*use the fcc reference phase Ru-fcc' \
    $XRDFIT $R vegard --a '3.725(3)' --ends Cu,Ru
expect vegard_missing_structure 1 'no fcc phase of Zn' $XRDFIT $R vegard --a 3.7 --ends Cu,Zn
expect vegard_au_ag 1 'composition cannot be determined' \
    $XRDFIT $R vegard --a '4.080(3)' --ends Au,Ag
if printf '%s\n' "$OUT" | grep -q 'x(Au) ='; then fail vegard_au_ag_no_number "$OUT"; else pass vegard_au_ag_no_number; fi
expect vegard_outside 0 'warning: x\(Cu\) = 1\.11\(5\) is outside \[0,1\]: strain, size effects or a wrong end member' \
    $XRDFIT vegard --a '3.59(1)' --ends 'Cu:3.612(1),Ru:3.81(1)'
expect vegard_outside_not_clipped 0 '^x\(Cu\) = 1\.11\(5\), x\(Ru\) = -0\.11\(5\)$' \
    $XRDFIT vegard --a '3.59(1)' --ends 'Cu:3.612(1),Ru:3.81(1)'
expect vegard_unknown_phase 1 "no reference phase 'Qq'" $XRDFIT $R vegard --a 3.7 --ends Cu,Qq
# JSON
if run vegard_json 0 $XRDFIT $R vegard --a '3.725(3)' --ends Cu,Ru-fcc --json -; then
    if printf '%s\n' "$OUT" | grep -q '"Ru_esd": 0.01538' &&
       printf '%s\n' "$OUT" | grep -q '"verdict": "in-range"' &&
       ! printf '%s\n' "$OUT" | grep -q 'Vegard'"'"'s law'
    then pass vegard_json; else fail vegard_json "$OUT"; fi
fi
expect vegard_json_file 0 '^x\(Cu\)' $XRDFIT vegard --a 3.725 --ends Cu:3.612,Ru:3.81 --json "$TMP/v.json"
grep -q '"Cu": 0.4292929293' "$TMP/v.json" && pass vegard_json_file_content || fail vegard_json_file_content "$(cat "$TMP/v.json")"
# usage errors: exit 2
expect vegard_bad_esd_open 2 "found '3\.7\('" $XRDFIT vegard --a '3.7(' --ends Cu:3.612,Ru:3.81
expect vegard_bad_abc 2 "found 'abc'" $XRDFIT vegard --a abc --ends Cu:3.612,Ru:3.81
expect vegard_bad_end_value 2 "end member 'Cu:abc'" $XRDFIT vegard --a 3.7 --ends Cu:abc,Ru:3.81
expect vegard_three_ends 2 'two end members' $XRDFIT vegard --a 3.7 --ends Cu:3.6,Ni:3.5,Ru:3.8
expect vegard_no_ends 2 '--ends A,B is needed' $XRDFIT vegard --a 3.7
expect vegard_a_and_x 2 'exactly one of --a' $XRDFIT vegard --a 3.7 --x Cu=0.5 --ends Cu:3.6,Ru:3.8
expect vegard_bad_option 2 "unknown option '--bogus'" $XRDFIT vegard --bogus
expect vegard_missing_value 2 "'--a' needs a value" $XRDFIT vegard --ends Cu:3.6,Ru:3.8 --a
expect vegard_bad_temperature 2 '--temperature expects' $XRDFIT vegard --a 3.7 --ends Cu:3.6,Ru:3.8 --temperature -3
expect vegard_help 0 'Usage: xrdfit vegard' $XRDFIT vegard --help
expect vegard_listed 0 'vegard +composition' $XRDFIT --help
