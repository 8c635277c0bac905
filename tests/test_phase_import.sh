#!/bin/sh
# xrdfit phases --import FILE.cif -o OUT.xml (issue 12): the written file is
# valid against refdata/phase.rng, and used from a library directory it gives
# the cell, the reflection positions and the relative intensities of the CIF
# itself (every CIF of tests/data/cif: cubic to monoclinic, groups named by
# H-M, Hall or ICSD symbol or by operations); its source names the CIF, its data
# block, database code and journal reference; an existing file is left
# unchanged without --force; a broken CIF is a data error naming the file.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
R="--refdata $TOP/refdata"
C=$TOP/tests/data/cif
T=$TMP/import
L=$T/lib
mkdir -p "$L/phases"
cp "$TOP"/refdata/*.rng "$TOP"/refdata/radiation.xml "$L/"

# the reflection table (hkl, multiplicity, d, 2theta, I_rel): first 12 rows
table() { printf '%s\n' "$OUT" | grep -v '^#' | head -n 12; }

for n in CeO2 Cu2O CuO RuO2 anatase corundum; do
    expect import_$n 0 "^wrote $L/phases/$n.xml: phase $n \(" \
        $XRDFIT $R phases --import "$C/$n.cif" -o "$L/phases/$n.xml" || continue
    if ! command -v xmllint > /dev/null 2>&1; then
        skip import_${n}_schema "xmllint not installed"
    elif xmllint --noout --relaxng "$TOP/refdata/phase.rng" "$L/phases/$n.xml" > "$T/lint.txt" 2>&1; then
        pass import_${n}_schema
    else fail import_${n}_schema "$(head -c 300 "$T/lint.txt")"; fi
    run import_${n}_cif_table 0 $XRDFIT $R reflections "$C/$n.cif" --radiation CuKa1 || continue
    want=$(table)
    if run import_${n}_table 0 $XRDFIT --refdata "$L" reflections "$n" --radiation CuKa1; then
        got=$(table)
        if [ -n "$want" ] && [ "$(printf '%s\n' "$want" | wc -l)" -ge 10 ] && [ "$got" = "$want" ]; then
            pass import_${n}_table
        else fail import_${n}_table "library phase: $got / CIF: $want"; fi
    fi
done

# CeO2: intensities from the U iso of the CIF (the table has I_rel); a with its su
if run import_ceo2_show 0 $XRDFIT --refdata "$L" phases CeO2; then
    if printf '%s\n' "$OUT" | grep -Eq '^ +a +5\.411651 A \(esd 1e-05\)$' &&
       printf '%s\n' "$OUT" | grep -Eq '^ +status +imported$' &&
       printf '%s\n' "$OUT" | grep -Eq '^ +temperature +295\.65 K' &&
       printf '%s\n' "$OUT" | grep -Eq '^ +a +CIF file .*/CeO2\.cif, data block CeO2$' &&
       printf '%s\n' "$OUT" | grep -Eq '^ +O +O1 +0\.250000 +0\.250000 +0\.250000 +1\.000 +0\.592$'; then
        pass import_ceo2_show
    else fail import_ceo2_show "$OUT"; fi
fi
expect import_ceo2_intensities 0 'I_rel' $XRDFIT --refdata "$L" reflections CeO2 --radiation CuKa1
# Cu2O: the journal reference, no temperature, nominal B
if run import_cu2o_show 0 $XRDFIT --refdata "$L" phases Cu2O; then
    if printf '%s\n' "$OUT" | grep -Eq '^ +a +4\.2696 A \(esd 0\.0001\)$' &&
       printf '%s\n' "$OUT" | grep -Eq 'Restori, R\. and Schwarzenbach, D\., Acta Crystallographica Section B 42 \(1986\) 201' &&
       printf '%s\n' "$OUT" | grep -Eq '^ +temperature +unknown$' &&
       printf '%s\n' "$OUT" | grep -Eq '^ +biso +nominal .*no B or U iso for Cu1, O1'; then
        pass import_cu2o_show
    else fail import_cu2o_show "$OUT"; fi
fi
expect import_list 0 '^Cu2O +Pn-3m +Pn-3m \(224\) +4\.2696 .* imported$' $XRDFIT --refdata "$L" phases

# a database code in the CIF is carried into the source (the code is made up
# for this test: it checks that the item is read, not that it exists)
{ cat "$C/CeO2.cif"; printf '_cod_database_code 9999999\n'; } > "$T/coded.cif"
run import_code 0 $XRDFIT $R phases --import "$T/coded.cif" -o "$T/coded.xml" --name CeO2-coded &&
    expect import_code_source 0 '<source id="all">CIF file .*coded\.cif, data block CeO2; COD 9999999</source>' \
        cat "$T/coded.xml"
expect import_name 0 '<name>CeO2-coded</name>' cat "$T/coded.xml"

# an existing file: refused without --force and left as it was; replaced with it
cp "$L/phases/CeO2.xml" "$T/before.xml"
expect import_exists 1 'CeO2\.xml: the file exists already and was left as it is' \
    $XRDFIT $R phases --import "$C/Cu2O.cif" -o "$L/phases/CeO2.xml"
if cmp -s "$T/before.xml" "$L/phases/CeO2.xml"; then pass import_exists_unchanged
else fail import_exists_unchanged "CeO2.xml changed"; fi
if run import_force 0 $XRDFIT $R phases --import "$C/Cu2O.cif" -o "$T/coded.xml" --force; then
    if grep -q '<name>coded</name>' "$T/coded.xml" && grep -q 'Pn-3m' "$T/coded.xml" &&
       [ -z "$(ls -A "$T" | grep '^\.')" ]; then pass import_force
    else fail import_force "not replaced, or a temporary file left: $(ls -A "$T")"; fi
fi

# broken input: the loader's error naming the file, exit 1, nothing written
printf 'data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\nloop_\n_atom_site_label\n_atom_site_fract_x\n' > "$T/broken.cif"
expect import_broken 1 'broken\.cif' $XRDFIT $R phases --import "$T/broken.cif" -o "$T/broken.xml"
if [ -e "$T/broken.xml" ]; then fail import_broken_nothing "broken.xml was written"
else pass import_broken_nothing; fi
expect import_missing_cif 1 'nowhere\.cif' $XRDFIT $R phases --import "$T/nowhere.cif" -o "$T/x.xml"
printf "data_x\n_chemical_formula_sum Cu\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n_space_group_IT_number 225\n" > "$T/nosites.cif"
expect import_no_sites 1 'no atom sites' $XRDFIT $R phases --import "$T/nosites.cif" -o "$T/x.xml"
expect import_no_dir 1 'cannot create a temporary file' \
    $XRDFIT $R phases --import "$C/CeO2.cif" -o "$T/no/such/dir/x.xml"

# usage errors
expect import_no_output 2 '--import needs -o' $XRDFIT $R phases --import "$C/CeO2.cif"
expect import_output_alone 2 '-o only goes with --import' $XRDFIT $R phases -o "$T/x.xml"
expect import_bad_name 2 "phase name 'a b' may not contain spaces" \
    $XRDFIT $R phases --import "$C/CeO2.cif" -o "$T/x.xml" --name 'a b'
expect import_keyword_name 2 "phase name 'fcc' would not be looked up" \
    $XRDFIT $R phases --import "$C/CeO2.cif" -o "$T/fcc.xml"
expect import_and_name 2 'takes no phase name' $XRDFIT $R phases --import "$C/CeO2.cif" -o "$T/x.xml" Cu
expect import_help 0 'phases --import FILE\.cif -o OUT\.xml' $XRDFIT $R phases --help
