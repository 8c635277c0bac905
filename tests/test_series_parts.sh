#!/bin/sh
# xrdfit series in parts (issue 15): six xrdgen patterns of Cu at 300-800 K on
# a(T) = 3.6149 (1 + 16.5e-6 (T - 300)):
# - --shard 1/3 .. 3/3 and --merge (parts given in any order) give the table of
#   the whole series: the same patterns in the same order, each a within 3 esd
#   of a(T), the records' indices 0..5;
# - --resume after an earlier run was cut short (three records and a cut-off
#   line): the three are not fitted again, the cut line is dropped, six whole
#   records and table rows;
# - SIGTERM during a long series: exit 130, the JSON lines and the table hold
#   the same finished patterns (whole lines only), --resume completes it;
# - errors: --shard 0/3 and 4/3, --resume without --jsonl or with another
#   series' records, --merge of a file that holds no records (file:line), a
#   table in a missing directory (no partial file left behind).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lebail_lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata ${XRDFIT_TOP:-.}/refdata"
T=$TMP/series_parts
mkdir -p "$T"
files=""
for t in 300 400 500 600 700 800; do
    a=$(awk -v t=$t 'BEGIN { printf "%.6f", 3.6149 * (1 + 16.5e-6 * (t - 300)) }')
    "$GEN" --phase fcc:a=$a,el=Cu,size=20,name=Cu --radiation CuKa \
        --instrument 0.004,-0.002,0.003,0,0.02 --counts 20000 --range 30:120 --step 0.02 \
        --seed $t -o "$T/cu_${t}K.xy" 2> /dev/null || fail parts_gen "xrdgen failed at $t K"
    files="$files $T/cu_${t}K.xy"
done
FIT="$XRDFIT $R series --radiation CuKa --phase Cu --order temperature -q"

# rows of a table off a(T) by more than 3 esd, not converged, or out of order
off_aT() {
    awk -F, 'NR > 1 { a = 3.6149 * (1 + 16.5e-6 * ($2 - 300)); d = $7 - a; if (d < 0) d = -d
             if ($3 != "true" || !(d <= 3 * $8) || (NR > 2 && $2 <= prev)) print $1; prev = $2 }' "$1"
}

ok=1
for i in 1 2 3; do
    # shellcheck disable=SC2086
    run parts_shard_$i 0 $FIT --shard $i/3 --jsonl "$T/part$i.jsonl" $files || ok=0
done
if [ $ok = 1 ]; then
    n=$(cat "$T/part1.jsonl" "$T/part2.jsonl" "$T/part3.jsonl" | wc -l)
    idx=$(cat "$T/part2.jsonl" | sed 's/^{"index": \([0-9]*\),.*/\1/' | tr '\n' ' ')
    if [ "$n" -eq 6 ] && [ "$idx" = "2 3 " ]; then pass parts_shards_split
    else fail parts_shards_split "$n records, shard 2 holds indices '$idx' (2 3 expected)"; fi
    if run parts_merge 0 "$XRDFIT" series --merge "$T/merged.csv" "$T/part3.jsonl" "$T/part1.jsonl" \
            "$T/part2.jsonl"; then
        order=$(awk -F, 'NR > 1 { sub(/.*cu_/, "", $1); printf "%s ", $1 }' "$T/merged.csv")
        bad=$(off_aT "$T/merged.csv")
        if [ "$order" = "300K.xy 400K.xy 500K.xy 600K.xy 700K.xy 800K.xy " ] && [ -z "$bad" ]; then
            pass parts_merged_table
        else fail parts_merged_table "order '$order', off a(T): $bad"; fi
        case "$OUT" in *"6 patterns, 6 converged"*"linear expansion"*) pass parts_merged_trend ;;
            *) fail parts_merged_trend "$OUT" ;; esac
    fi
fi

# --resume after a cut-short run
# shellcheck disable=SC2086
if run parts_full 0 $FIT --jsonl "$T/full.jsonl" $files; then
    head -3 "$T/full.jsonl" > "$T/r.jsonl"
    sed -n 4p "$T/full.jsonl" | head -c 200 >> "$T/r.jsonl"
    # shellcheck disable=SC2086
    if run parts_resume 0 $FIT --resume --jsonl "$T/r.jsonl" --table "$T/r.csv" $files; then
        whole=$(grep -c '}}$' "$T/r.jsonl")
        bad=$(off_aT "$T/r.csv")
        case "$OUT" in *"3 from the JSON lines of an earlier run"*) resumed=1 ;; *) resumed=0 ;; esac
        if [ "$(wc -l < "$T/r.jsonl")" -eq 6 ] && [ "$whole" -eq 6 ] && [ $resumed = 1 ] &&
            [ -z "$bad" ] && [ "$(awk 'NR > 1' "$T/r.csv" | wc -l)" -eq 6 ]; then
            pass parts_resumed_whole
        else fail parts_resumed_whole "$(wc -l < "$T/r.jsonl") lines ($whole whole), off a(T): $bad; $OUT"; fi
    fi
fi

# SIGTERM in a long series (the six patterns 25 times over)
: > "$T/long.txt"
k=0
while [ $k -lt 25 ]; do
    for f in $files; do echo "$f" >> "$T/long.txt"; done
    k=$((k + 1))
done
$FIT --independent --jobs 1 --list "$T/long.txt" --jsonl "$T/long.jsonl" --table "$T/long.csv" \
    > "$T/long.out" 2>&1 &
pid=$!
sleep 0.5
kill -TERM $pid 2> /dev/null
wait $pid
rc=$?
lines=$(wc -l < "$T/long.jsonl")
whole=$(grep -c '}}$' "$T/long.jsonl")
rows=$(awk 'NR > 1' "$T/long.csv" 2> /dev/null | wc -l)
if [ $rc -eq 130 ] && [ "$lines" -eq "$whole" ] && [ "$rows" -eq "$lines" ] && [ "$lines" -lt 150 ]; then
    pass parts_interrupted_whole_rows
elif [ $rc -eq 0 ] && [ "$lines" -eq 150 ]; then
    skip parts_interrupted_whole_rows "the series finished within 0.5 s: nothing to interrupt"
else fail parts_interrupted_whole_rows "exit $rc, $lines lines ($whole whole), $rows rows: $(head -c 300 "$T/long.out")"; fi
if run parts_interrupted_resume 0 $FIT --independent --resume --list "$T/long.txt" \
        --jsonl "$T/long.jsonl" --table "$T/long.csv"; then
    if [ "$(wc -l < "$T/long.jsonl")" -eq 150 ] && [ "$(awk 'NR > 1' "$T/long.csv" | wc -l)" -eq 150 ]; then
        pass parts_interrupted_completed
    else fail parts_interrupted_completed "$(wc -l < "$T/long.jsonl") records after --resume"; fi
fi

# errors
one="$T/cu_300K.xy"
expect parts_shard_zero 2 "--shard expects I/N" $FIT --shard 0/3 "$one"
expect parts_shard_over 2 "--shard expects I/N" $FIT --shard 4/3 "$one"
expect parts_resume_needs_jsonl 2 "--resume needs --jsonl" $FIT --resume "$one"
expect parts_resume_other_series 2 "holds a record of another series" \
    $FIT --resume --jsonl "$T/full.jsonl" "$T/cu_800K.xy"
printf '{"index": 0, "pattern": "x.xy"}\n' > "$T/bad.jsonl"
expect parts_merge_not_records 1 "bad.jsonl:1: expected a series record" \
    "$XRDFIT" series --merge "$T/m.csv" "$T/bad.jsonl"
expect parts_merge_no_parts 2 "no JSON-lines part" "$XRDFIT" series --merge "$T/m.csv"
expect parts_table_missing_dir 1 "cannot write the table" $FIT --table "$T/nodir/t.csv" "$one"
if ls "$T"/nodir "$T"/*.part* > /dev/null 2>&1; then fail parts_no_temporary_left "$(ls "$T")"
else pass parts_no_temporary_left; fi
# the one-pattern outputs are refused, not silently ignored
expect parts_json_refused 2 "are for one pattern" $FIT --json "$T/x.json" "$one"
expect parts_correlation_refused 2 "are for one pattern" $FIT --correlation "$one"
