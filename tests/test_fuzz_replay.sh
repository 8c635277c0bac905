#!/bin/sh
# Replays every fuzz corpus and every past crash (tests/fuzz/crashes/NAME) through
# its harness without libFuzzer: the readers must survive all of them (in the
# ASan + UBSan build also without a leak or undefined behaviour). The lists come
# from the Makefile (BUILD/fuzz/replay.list: NAME DIR...).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
B=$(cd "$(dirname "$XRDFIT_BIN")" && pwd)
cd "${XRDFIT_TOP:-.}" || exit 1
L=$B/fuzz/replay.list
if [ ! -f "$L" ]; then fail fuzz_replay "$L not found (make test builds it)"; exit 0; fi
while read -r name dirs; do
    bin=$B/fuzz/replay_$name
    if [ ! -x "$bin" ]; then fail "fuzz_replay_$name" "$bin not built"; continue; fi
    # shellcheck disable=SC2086
    if out=$(XRDFIT_TOP=${XRDFIT_TOP:-.} TMPDIR=$TMP LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp \
            ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1 \
            "$bin" $dirs 2>&1); then
        n=$(printf '%s\n' "$out" | sed -n 's/^replayed \([0-9]*\) input.*/\1/p' | tail -n 1)
        if [ "${n:-0}" -gt 0 ]; then pass "fuzz_replay_$name"
        else fail "fuzz_replay_$name" "no input replayed from $dirs"; fi
    else
        fail "fuzz_replay_$name" "$(printf '%s' "$out" | tail -c 600)"
    fi
done < "$L"
