#!/bin/sh
# Instrument files beyond their schema (issue 13): a profile that gives a
# negative width somewhere in 5-150 deg, an impossible asymmetry, zero or radius
# is refused with the file, the line and the reason (rc 1); the file written by
# `xrdfit instrument` itself is accepted. A bare DOCTYPE is judged by the schema,
# not called an external subset; comments in a DOCTYPE are accepted.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"
T=$TMP/instfile
mkdir -p "$T"
if ! $XRDFIT $R instrument "$TOP/data/lab6-660c_cuka.xy" --phase LaB6-660c --radiation CuKa \
        -o "$T/ok.xml" > /dev/null 2>&1; then
    fail instfile_make "xrdfit instrument on data/lab6-660c_cuka.xy failed"
    exit 0
fi
P=$TOP/data/curu_fcc_3.9nm_cuka.xy
expect instfile_ok 0 'Converged' $XRDFIT $R fit "$P" --instrument "$T/ok.xml" --phase fcc:a=3.70
sed 's/ U="[^"]*"/ U="-100"/' "$T/ok.xml" > "$T/u.xml"
expect instfile_negative_U 1 'u\.xml:[0-9]+: the profile U -100.*must be positive everywhere' \
    $XRDFIT $R fit "$P" --instrument "$T/u.xml" --phase fcc:a=3.70
sed 's/ W="[^"]*"/ W="-5"/' "$T/ok.xml" > "$T/w.xml"
expect instfile_negative_W 1 'w\.xml:[0-9]+: the profile .*W -5' \
    $XRDFIT $R fit "$P" --instrument "$T/w.xml" --phase fcc:a=3.70
sed 's/ Y="[^"]*"/ Y="-1"/' "$T/ok.xml" > "$T/y.xml"
expect instfile_negative_Y 1 'Lorentzian FWHM of .* must not be negative' \
    $XRDFIT $R fit "$P" --instrument "$T/y.xml" --phase fcc:a=3.70
sed 's/ SL="[^"]*"/ SL="0.5"/' "$T/ok.xml" > "$T/a.xml"
expect instfile_asymmetry 1 'axial asymmetry S/L 0.5' \
    $XRDFIT $R fit "$P" --instrument "$T/a.xml" --phase fcc:a=3.70
sed 's|<zero_deg>[^<]*</zero_deg>|<zero_deg>7</zero_deg>|' "$T/ok.xml" > "$T/z.xml"
expect instfile_zero 1 'a zero of 7 deg is outside' \
    $XRDFIT $R fit "$P" --instrument "$T/z.xml" --phase fcc:a=3.70
sed '1a <!DOCTYPE instrument [<!-- a comment --><?pi x?>]>' "$T/ok.xml" > "$T/dc.xml"
expect instfile_doctype_comment 0 'Converged' \
    $XRDFIT $R fit "$P" --instrument "$T/dc.xml" --phase fcc:a=3.70
printf '<!DOCTYPE instrument>\n<instrument/>\n' > "$T/bare.xml"
if run instfile_bare_doctype 1 $XRDFIT $R fit "$P" --instrument "$T/bare.xml" --phase fcc:a=3.70; then
    if printf '%s' "$ERR" | grep -q 'external DTD'; then
        fail instfile_bare_doctype "a bare DOCTYPE called an external subset: $ERR"
    elif printf '%s' "$ERR" | grep -q 'schema'; then pass instfile_bare_doctype
    else fail instfile_bare_doctype "expected a schema error: $ERR"; fi
fi
# a schema that would read another file is refused (the schemas are ours; the loader
# still never follows an include)
cp -r "$TOP/refdata" "$T/refdata"
sed 's|<start>|<include href="/etc/passwd"/><start>|' "$TOP/refdata/instrument.rng" > "$T/refdata/instrument.rng"
if grep -q 'include href' "$T/refdata/instrument.rng"; then
    expect instfile_schema_include 1 'instrument\.rng:[0-9]+: the schema would read another file \(<include>\)' \
        $XRDFIT --refdata "$T/refdata" fit "$P" --instrument "$T/ok.xml" --phase fcc:a=3.70
else
    skip instfile_schema_include "instrument.rng has no <start> to put an include before"
fi
# libxml2's failures in one line each, with the file: an empty file, a broken
# Shift_JIS file (libxml2 alone would print three raw lines), mislabelled UTF-16
: > "$T/empty.xml"
expect instfile_empty 1 'empty\.xml: the file is empty: no XML' \
    $XRDFIT $R fit "$P" --instrument "$T/empty.xml" --phase fcc:a=3.70
printf '<?xml version="1.0" encoding="Shift_JIS"?>\n<instrument version="1">\202\240\377\376</instrument>\n' > "$T/sj.xml"
if run instfile_shift_jis 1 $XRDFIT $R fit "$P" --instrument "$T/sj.xml" --phase fcc:a=3.70; then
    nl=$(printf '%s\n' "$ERR" | grep -c .)
    if [ "$nl" -eq 1 ] && printf '%s' "$ERR" | grep -q 'sj\.xml:[0-9]*: XML not well formed: input conversion failed'; then
        pass instfile_shift_jis
    else fail instfile_shift_jis "expected one line naming the file: $ERR"; fi
fi
