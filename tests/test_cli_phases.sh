#!/bin/sh
# xrdfit phases: list, show, unknown names, usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"

if run phases_list 0 $XRDFIT $R phases; then
    ok=1
    for n in Cu Ru-fcc LaB6-660c W-fcc Si-640e CeO2-674b; do
        printf '%s\n' "$OUT" | grep -Eq "^$n[[:space:]]" || { ok=0; fail phases_list "no line for $n"; }
    done
    printf '%s\n' "$OUT" | grep -Eq '^LaB6-660c .*Pm-3m \(221\) +4\.156826 .*certified' ||
        { ok=0; fail phases_list "LaB6-660c row wrong: $(printf '%s\n' "$OUT" | grep LaB6-660c)"; }
    printf '%s\n' "$OUT" | grep -Eq '^Ru +hcp +P6_3/mmc \(194\) +2\.7058 +4\.2816' ||
        { ok=0; fail phases_list "Ru row wrong"; }
    [ $ok = 1 ] && pass phases_list
fi
expect phases_show_ru 0 'structure +hcp' $XRDFIT $R phases Ru
expect phases_show_ru_source 0 '^ +c +.*NBS Circular 539' $XRDFIT $R phases ru
expect phases_show_lab6_cert 0 'a +4\.156826 A \(esd 8e-06\)' $XRDFIT $R phases LaB6-660c
expect phases_show_wfcc 0 'status +computed' $XRDFIT $R phases W-fcc
expect phases_unknown 1 "close names: .*LaB6-660b, LaB6-660c" $XRDFIT $R phases LaB6
expect phases_unknown_far 1 "no phase 'Qqqqq'" $XRDFIT $R phases Qqqqq
expect phases_bad_option 2 "unknown option '--bogus'" $XRDFIT $R phases --bogus
expect phases_two_names 2 "at most one" $XRDFIT $R phases Cu Ni
expect phases_help 0 'Usage: xrdfit phases' $XRDFIT $R phases --help
expect phases_missing_refdata 1 'cannot open the phase directory' $XRDFIT --refdata "$TMP/nowhere" phases
