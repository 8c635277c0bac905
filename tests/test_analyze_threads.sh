#!/bin/sh
# xrdfit analyze fits the starts of a model side by side when it has more than one
# thread (lib/analysis/starts.c); the search takes them in their order, so the whole
# result (every model, verdict, cells, esds, sizes, compositions) must be the same to
# the last digit as with one thread. Generated patterns: fcc + hcp CuRu-like (two
# structures: one-phase fits side by side too) and a single fcc one (CuRu).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata $TOP/refdata"
D=$TMP/analyze_threads
mkdir -p "$D"

# NAME PATTERN ANALYZE-OPTIONS...: JSON of --threads 1 and --threads 3 identical
same_case() {
    _n=$1; _f=$2; shift 2
    run "$_n" 0 $XRDFIT $R analyze "$_f" "$@" --threads 1 --json "$D/$_n.1.json" || return
    run "$_n" 0 $XRDFIT $R analyze "$_f" "$@" --threads 3 --json "$D/$_n.3.json" || return
    if [ ! -s "$D/$_n.1.json" ]; then
        fail "$_n" "no JSON written"
    elif cmp -s "$D/$_n.1.json" "$D/$_n.3.json"; then
        pass "$_n"
    else
        fail "$_n" "results differ between 1 and 3 threads: $(diff "$D/$_n.1.json" "$D/$_n.3.json" | head -c 500)"
    fi
}

"$GEN" --phase fcc:a=3.72,el=Cu:0.5/Ru:0.5,size=5 --phase hcp:a=2.706,c=4.282,el=Ru,size=10 \
    --radiation CuKa --counts 10000 --range 20:90 --step 0.02 --seed 4 -o "$D/two.xy" 2> /dev/null
"$GEN" --phase fcc:a=3.74,el=Cu:0.4/Ru:0.6,size=4 --radiation CuKa --counts 10000 \
    --range 20:90 --step 0.02 --seed 5 -o "$D/one.xy" 2> /dev/null
same_case analyze_threads_fcc_hcp "$D/two.xy" --elements Cu,Ru --structure fcc,hcp --radiation CuKa
same_case analyze_threads_fcc "$D/one.xy" --elements Cu,Ru --radiation CuKa
