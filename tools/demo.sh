#!/bin/sh
# The demo (`make demo`): calibrate the instrument on the simulated LaB6
# standards of data/, then analyse the alloy examples with it; text reports,
# JSON and PNG figures go to demo/ (git-ignored).
#   sh tools/demo.sh [BUILD_DIR]        (default build)
# Uses `xrdfit analyze` when the program has it, otherwise `xrdfit fit` with
# the phases given explicitly plus `xrdfit vegard` (and says so).
# SPDX-License-Identifier: GPL-3.0-or-later
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
X="$BUILD/xrdfit"
DATA="$TOP/data"
OUT="$TOP/demo"
if [ ! -x "$X" ]; then
    echo "demo: $X not found: run make first" >&2
    exit 1
fi
mkdir -p "$OUT" || exit 1
R="--refdata $TOP/refdata"
failed=0
note() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
# run LABEL CMD...: run, show the last lines of its output on failure
run() {
    _l=$1; shift
    if "$@" > "$OUT/.log" 2>&1; then return 0; fi
    echo "demo: $_l failed:" >&2
    tail -n 5 "$OUT/.log" >&2
    failed=$((failed + 1))
    return 1
}

if "$X" analyze --help > /dev/null 2>&1; then
    HAVE_ANALYZE=1
else
    HAVE_ANALYZE=0
fi

# --- 1. instrument from the standards --------------------------------------
step "instrument: LaB6 (NIST SRM 660c), lab Cu Ka, 20-140 deg -> demo/instrument.xml"
run "xrdfit instrument (lab)" "$X" $R instrument "$DATA/lab6-660c_cuka.xy" --phase LaB6-660c \
    --radiation CuKa -o "$OUT/instrument.xml" --json "$OUT/instrument.json" --json-curves &&
    cp "$OUT/.log" "$OUT/instrument.txt" && grep -E '^(Rwp|    a =)' "$OUT/instrument.txt" &&
    sed -n 's/^ *<profile type="TCH" \(.*\)\/>/  profile: \1/p; s/^ *<asymmetry \(.*\)\/>/  asymmetry: \1/p' \
        "$OUT/instrument.xml" &&
    run "LaB6 figure" "$X" $R plot "$OUT/instrument.json" -o "$OUT/instrument.png"

step "instrument: LaB6, synchrotron 0.5787 A, 5-45 deg -> demo/instrument-sync.xml"
run "xrdfit instrument (synchrotron)" "$X" $R instrument "$DATA/lab6-660c_sync0.5787.xy" \
    --phase LaB6-660c --wavelength 0.5787 -o "$OUT/instrument-sync.xml" \
    --json "$OUT/instrument-sync.json" --json-curves &&
    cp "$OUT/.log" "$OUT/instrument-sync.txt" && grep -E '^(Rwp|    a =)' "$OUT/instrument-sync.txt" &&
    run "LaB6 figure (synchrotron)" "$X" $R plot "$OUT/instrument-sync.json" \
        -o "$OUT/instrument-sync.png"

# --- 2. the alloys --------------------------------------------------------
if [ $HAVE_ANALYZE = 1 ]; then
    note ""
    note "analysis: xrdfit analyze (phase count and structure decided from the pattern)"
else
    note ""
    note "analysis: this xrdfit has no 'analyze' command yet: falling back to 'xrdfit fit'"
    note "with the phases given explicitly, and 'xrdfit vegard' for the composition."
fi

# vegard_from REPORT ENDS: Vegard composition of every fitted fcc phase
vegard_from() {
    sed -n 's/^    a = \([0-9.]*([0-9]*)\) A$/\1/p' "$1" | while read -r a; do
        echo "--- Vegard, a = $a A, end members $2"
        "$X" $R vegard --a "$a" --ends "$2" 2>&1 | grep -E '^x\(|warning'
    done
}

# sample NAME PATTERN INSTRUMENT ELEMENTS STRUCTURE VEGARD_ENDS FIT_PHASES...
sample() {
    name=$1 pat=$2 inst=$3 el=$4 st=$5 ends=$6
    shift 6
    step "$name: $(basename "$pat")"
    if [ $HAVE_ANALYZE = 1 ]; then
        run "analyze $name" "$X" $R analyze "$pat" --elements "$el" --structure "$st" \
            --instrument "$inst" --json "$OUT/$name.json" --plot "$OUT/$name.png"
        cp "$OUT/.log" "$OUT/$name.txt"
    else
        set --
        for p in $FIT_PHASES; do set -- "$@" --phase "$p"; done
        if run "fit $name" "$X" $R fit "$pat" --instrument "$inst" "$@" \
            --json "$OUT/$name.json" --plot "$OUT/$name.png"; then
            cp "$OUT/.log" "$OUT/$name.txt"
            if [ -n "$ends" ]; then
                vegard_from "$OUT/$name.txt" "$ends" > "$OUT/.vegard"
                cat "$OUT/.vegard" >> "$OUT/$name.txt"
            fi
        else
            cp "$OUT/.log" "$OUT/$name.txt"
        fi
    fi
    grep -E '^(Rwp|\([a-z]\)|    a =|    crystal size|    microstrain|x\()' "$OUT/$name.txt"
}

FIT_PHASES="fcc:a=3.72,name=CuRu"
sample curu_fcc "$DATA/curu_fcc_3.9nm_cuka.xy" "$OUT/instrument.xml" Cu,Ru fcc Cu,Ru-fcc
FIT_PHASES="fcc:a=3.76,name=Ru-rich fcc:a=3.63,name=Cu-rich"
sample curu_two-fcc "$DATA/curu_two-fcc_cuka.xy" "$OUT/instrument.xml" Cu,Ru fcc Cu,Ru-fcc
FIT_PHASES="fcc:a=3.59,name=CuCo"
sample cuco_fcc "$DATA/cuco_fcc_6nm_cuka.xy" "$OUT/instrument.xml" Cu,Co fcc Cu,Co-fcc
FIT_PHASES="fcc:a=3.90,name=Pt-rich hcp:a=2.70,c=4.28,name=Ru-hcp"
sample ptru_fcc-hcp "$DATA/ptru_fcc-hcp_sync0.5787.xy" "$OUT/instrument-sync.xml" Pt,Ru fcc,hcp \
    Pt,Ru-fcc
rm -f "$OUT/.log" "$OUT/.vegard"

# --- 3. where it is -------------------------------------------------------
step "results in $OUT"
for f in "$OUT"/*; do
    [ -f "$f" ] && printf '  %-28s %s\n' "$(basename "$f")" "$(wc -c < "$f" | tr -d ' ') bytes"
done
note ""
note "The patterns are SIMULATED (data/README.md says how each was made): compare the"
note "results with the values used to make them, listed there."
if [ $failed -gt 0 ]; then
    echo "demo: $failed step(s) failed (see above)" >&2
    exit 1
fi
