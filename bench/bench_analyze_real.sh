#!/bin/sh
# Analyze throughput on the real patterns (issue 15: no `analyze` over 1 s on any
# pattern of ../shared/realdata): wall time of the whole command a user runs on
# each alloy pattern (options as in tests/test_analyze_real.sh and the folders'
# notes), median of RUNS runs, with the verdict. Patterns that are absent are
# skipped. THREADS=N passes --threads N (default: the command's own default).
# Usage: bench_analyze_real.sh BUILD RESULTS   (RUNS=3, XRDFIT_REALDATA)
# SPDX-License-Identifier: GPL-3.0-or-later
BUILD=${1:-build}
RES=${2:-bench/results}
RUNS=${RUNS:-3}
TOP=$(cd "$(dirname "$0")/.." && pwd)
REAL=${XRDFIT_REALDATA:-$TOP/../shared/realdata}
X=$BUILD/xrdfit
mkdir -p "$RES/analyze_real"
: > "$RES/analyze_real.txt"
now() { date +%s.%N; }
thr=""
[ -n "${THREADS:-}" ] && thr="--threads $THREADS"
# NAME|FILE|OPTIONS
while IFS='|' read -r name file opts; do
    [ -n "$name" ] || continue
    f=$REAL/$file
    if [ ! -f "$f" ]; then
        echo "analyze_real $name: skipped ($f not found)"
        continue
    fi
    r=1
    : > "$RES/analyze_real/$name.t"
    while [ "$r" -le "$RUNS" ]; do
        t0=$(now)
        # shellcheck disable=SC2086
        "$X" --refdata "$TOP/refdata" analyze "$f" $opts $thr > "$RES/analyze_real/$name.out" 2>&1
        t1=$(now)
        awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >> "$RES/analyze_real/$name.t"
        r=$((r + 1))
    done
    med=$(sort -n "$RES/analyze_real/$name.t" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    v=$(sed -n 's/^Verdict: //p' "$RES/analyze_real/$name.out" | head -n 1)
    printf 'analyze_real %-14s %6.2f s (median of %d)  %s\n' "$name" "$med" "$RUNS" "${v:-(no verdict)}" |
        tee -a "$RES/analyze_real.txt"
done << 'EOF'
316l|ss316l_powder_fcc_nist_d8/E211110-AAC-001_012-000_exported.csv|--elements Fe,Ni --structure fcc --radiation CuKa
fe_bcc|fe_powder_bcc_nist_d8/E211110-AAC-001_008-000_exported.csv|--elements Fe,Cr --structure bcc --radiation CuKa
ru_np|ru_np_hcp/XRD_Ru.xy|--elements Ru --structure hcp --radiation CuKa
ru_np_fcc_hcp|ru_np_hcp/XRD_Ru.xy|--elements Ru,Pt --structure fcc,hcp --radiation CuKa
pt_c|pt_c_tec10v50e_spring8/pt_TEC10V50E.xy|--elements Pt --wavelength 0.5166
pt_c_1phase|pt_c_tec10v50e_spring8/pt_TEC10V50E.xy|--elements Pt --wavelength 0.5166 --max-phases 1
hea_bcc|nbmotati_v_hea_bcc/Nb_Mo_Ta_Ti_V_As_Cast_01_001_exported.xy|--elements Nb,Mo,Ta,Ti,V --structure bcc --radiation CoKa
ru_pt_pd|ru_pt_pd_np_two_phase/XRD_Ru-Pt-Pd.csv|--elements Ru,Pt,Pd --structure fcc,hcp --radiation CuKa
ru_pt|ru_pt_np/XRD_Ru-Pt.csv|--elements Ru,Pt --structure fcc,hcp --radiation CuKa
ru_ir|ru_ir_hcp/XRD_Ru-Ir.csv|--elements Ru,Ir --structure fcc,hcp --radiation CuKa
EOF
