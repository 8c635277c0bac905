#!/bin/sh
# The demo (`make demo`): calibrate the instrument on the simulated LaB6
# standards of data/, then analyse the alloy examples with it; text reports,
# JSON and PNG figures go to demo/ (git-ignored).
#   sh tools/demo.sh [BUILD_DIR]        (default build)
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

# --- 2. the alloys: the main job --------------------------------------------
# sample NAME PATTERN INSTRUMENT ELEMENTS STRUCTURES
sample() {
    name=$1 pat=$2 inst=$3 el=$4 st=$5
    step "analyze $name: $(basename "$pat") (elements $el, structures $st)"
    run "analyze $name" "$X" $R analyze "$pat" --elements "$el" --structure "$st" \
        --instrument "$inst" --json "$OUT/$name.json" --plot "$OUT/$name.png" \
        --vegard-plot "$OUT/$name-vegard.png"
    cp "$OUT/.log" "$OUT/$name.txt"
    grep -E '^(Verdict|Rwp|\([a-z]\))' "$OUT/$name.txt"
}

sample curu_fcc "$DATA/curu_fcc_3.9nm_cuka.xy" "$OUT/instrument.xml" Cu,Ru fcc
sample curu_two-fcc "$DATA/curu_two-fcc_cuka.xy" "$OUT/instrument.xml" Cu,Ru fcc
sample cuco_fcc "$DATA/cuco_fcc_6nm_cuka.xy" "$OUT/instrument.xml" Cu,Co fcc
sample ptru_fcc-hcp "$DATA/ptru_fcc-hcp_sync0.5787.xy" "$OUT/instrument-sync.xml" Pt,Ru fcc,hcp
rm -f "$OUT/.log"

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
