# CLI tests of figures: fit --plot / --gnuplot-script / --json-curves and
# xrdfit plot. SPDX-License-Identifier: GPL-3.0-or-later
. "${XRDFIT_TOP:-.}/tests/lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}

if ! command -v gnuplot > /dev/null 2>&1; then
    skip plot_all "gnuplot is not installed (make deps)"
    exit 0
fi
if [ ! -x "$GEN" ]; then
    skip plot_all "the pattern generator $GEN is not built"
    exit 0
fi

W=$TMP/plotcli
rm -rf "$W"
mkdir -p "$W/bin" "$W/empty" "$W/tmpdir" "$W/run"
# a command named x that leaves a marker: it must never run
printf '#!/bin/sh\ntouch "%s/marker"\n' "$W" > "$W/bin/x"
chmod +x "$W/bin/x"

# the malicious pattern name of the issue
NAME="a\"b; system('x').xy"
"$GEN" --radiation CuKa --range 35:95 --step 0.03 \
    --phase fcc:a=3.70,el=Cu:0.5/Ru:0.5,size=5,scale=1 --phase fcc:a=3.62,el=Cu,size=8,scale=0.4 \
    --bg 300,-50 --counts 20000 --seed 3 -o "$W/$NAME" 2> /dev/null

# one fit with every output, in its own directory, x on the PATH, TMPDIR watched
(cd "$W/run" && PATH="$W/bin:$PATH" TMPDIR="$W/tmpdir" "$XRDFIT" fit "$W/$NAME" \
    --radiation CuKa --phase fcc:a=3.70 --phase Cu --json "$W/fit.json" --json-curves \
    --plot "$W/fig.png" --plot-size 1000x700 --gnuplot-script "$W/fig.gp" \
    > "$W/fit.txt" 2> "$W/fit.err")
rc=$?
if [ $rc -eq 0 ]; then pass plot_fit_exit; else fail plot_fit_exit "exit $rc: $(head -c 300 "$W/fit.err")"; fi

# PNG: signature, IHDR size = the requested 1000x700
png_wh() { od -An -tu1 -j16 -N8 "$1" | awk '{printf "%d %d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'; }
sig=$(od -An -tx1 -N8 "$W/fig.png" 2> /dev/null | tr -d ' \n')
ihdr=$(dd if="$W/fig.png" bs=1 skip=12 count=4 2> /dev/null)
if [ "$sig" = 89504e470d0a1a0a ] && [ "$ihdr" = IHDR ]; then pass plot_png_valid; else fail plot_png_valid "signature $sig, chunk $ihdr"; fi
wh=$(png_wh "$W/fig.png")
if [ "$wh" = "1000 700" ]; then pass plot_png_size; else fail plot_png_size "IHDR says $wh, expected 1000 700"; fi

# not blank: far larger than an empty canvas of the same size and terminal
gnuplot -d -e "set terminal pngcairo size 1000,700 background rgb 'white'; set output '$W/blank.png'; unset border; unset tics; unset key; plot [0:1][0:1] 2 notitle; unset output" 2> /dev/null
fig=$(wc -c < "$W/fig.png"); blank=$(wc -c < "$W/blank.png")
if [ "$blank" -gt 0 ] && [ "$fig" -gt $((blank * 5)) ]; then pass plot_png_not_blank; else
    fail plot_png_not_blank "figure $fig bytes, blank canvas $blank bytes"; fi

# nothing ran, nothing temporary left behind
if [ ! -e "$W/marker" ]; then pass plot_name_no_command; else fail plot_name_no_command "x was executed"; fi
left=$(ls -A "$W/tmpdir" "$W/run" | grep -v ':$' | grep -v '^$')
if [ -z "$left" ]; then pass plot_no_temp_files; else fail plot_no_temp_files "left: $left"; fi

# script content
S=$W/fig.gp
chk() { # name, fixed string expected in the script
    if grep -qF -- "$2" "$S"; then pass "$1"; else fail "$1" "no [$2] in the script"; fi
}
chk plot_script_datablock '$pattern << EOD'
chk plot_script_ticks '$ticks2 << EOD'
chk plot_script_title_literal "set title 'a\"b; system(''x'').xy' noenhanced"
chk plot_script_output "set output '$W/fig.png'"
chk plot_script_xlabel "set xlabel '2θ (°)'"
chk plot_script_ylabel "set ylabel 'Intensity (counts)'"
if grep -Eq "title 'fcc   a = 3\.[0-9]+\([0-9]+\) Å, LVol = [0-9.]+\([0-9]+\) nm' noenhanced" "$S"; then
    pass plot_script_legend_esd; else fail plot_script_legend_esd "no legend with a(esd)"; fi
n_eod=$(grep -c '^EOD$' "$S")
if [ "$n_eod" -eq 3 ]; then pass plot_script_blocks_closed; else fail plot_script_blocks_closed "$n_eod EOD lines"; fi

# the script alone redraws the figure
(cd "$W/run" && PATH="$W/bin:$PATH" gnuplot "$S" 2> "$W/gp.err")
if [ $? -eq 0 ] && [ ! -e "$W/marker" ] && [ "$(png_wh "$W/fig.png")" = "1000 700" ]; then
    pass plot_script_runs; else fail plot_script_runs "$(head -c 300 "$W/gp.err")"; fi

# the text report and JSON were written too
if grep -q '^Converged' "$W/fit.txt" && grep -q '"curves"' "$W/fit.json"; then pass plot_fit_results_written; else
    fail plot_fit_results_written "no report or no curves in the JSON"; fi

# xrdfit plot from the JSON: png, svg, pdf, and a hostile title
expect plot_cmd_png 0 '' "$XRDFIT" plot "$W/fit.json" -o "$W/re.png"
if [ "$(png_wh "$W/re.png")" = "1200 800" ]; then pass plot_cmd_png_default_size; else
    fail plot_cmd_png_default_size "$(png_wh "$W/re.png")"; fi
expect plot_cmd_svg 0 '' "$XRDFIT" plot "$W/fit.json" -o "$W/re.svg" --plot-x q
if grep -q '<svg' "$W/re.svg" && grep -q 'Å' "$W/re.svg"; then pass plot_cmd_svg_content; else
    fail plot_cmd_svg_content "not an svg with q (Å⁻¹)"; fi
expect plot_cmd_pdf 0 '' "$XRDFIT" plot "$W/fit.json" -o "$W/re.pdf" --plot-size 3.5x2.6
if [ "$(head -c 5 "$W/re.pdf")" = "%PDF-" ]; then pass plot_cmd_pdf_header; else fail plot_cmd_pdf_header "no %PDF-"; fi
(cd "$W/run" && PATH="$W/bin:$PATH" "$XRDFIT" plot "$W/fit.json" -o "$W/t.png" \
    --plot-title "\`x\` \$(x) @x ';x
system('x')" --gnuplot-script "$W/t.gp" 2> "$W/t.err")
if [ $? -eq 0 ] && [ ! -e "$W/marker" ]; then pass plot_cmd_hostile_title; else
    fail plot_cmd_hostile_title "$(head -c 300 "$W/t.err")"; fi

# errors
printf '{"phases": []}\n' > "$W/nocurves.json"
expect plot_cmd_no_curves 1 'no "curves" in this fit result.*--json-curves' \
    "$XRDFIT" plot "$W/nocurves.json" -o "$W/x.png"
printf '{\n  "phases": [\n    {"name": tru}\n  ]\n}\n' > "$W/broken.json"
expect plot_cmd_json_line 1 'broken\.json:3: JSON: expected' "$XRDFIT" plot "$W/broken.json" -o "$W/x.png"
expect plot_cmd_bad_ext 2 '--plot expects a file ending in \.png, \.svg or \.pdf' \
    "$XRDFIT" plot "$W/fit.json" -o "$W/x.jpg"
expect plot_cmd_bad_size 2 '--plot-size expects WxH' "$XRDFIT" plot "$W/fit.json" -o "$W/x.png" --plot-size 12
expect plot_cmd_no_output 2 'give the figure with -o' "$XRDFIT" plot "$W/fit.json"

# gnuplot missing: clear error, exit 1, the results still written
rm -f "$W/m.json" "$W/m.png"
env PATH="$W/empty" "$XRDFIT" fit "$W/$NAME" --radiation CuKa --phase fcc:a=3.70 --phase Cu \
    --json "$W/m.json" --plot "$W/m.png" > "$W/m.txt" 2> "$W/m.err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'gnuplot not found: install gnuplot-nox (make deps)' "$W/m.err"; then
    pass plot_missing_gnuplot_error; else fail plot_missing_gnuplot_error "exit $rc: $(head -c 300 "$W/m.err")"; fi
if grep -q '^Converged' "$W/m.txt" && grep -q '"phases"' "$W/m.json" && [ ! -e "$W/m.png" ]; then
    pass plot_missing_gnuplot_results_kept; else fail plot_missing_gnuplot_results_kept "report or JSON missing"; fi
env PATH="$W/empty" "$XRDFIT" plot "$W/fit.json" -o "$W/m.png" --gnuplot-script "$W/m.gp" 2> "$W/m2.err"
rc=$?
if [ $rc -eq 1 ] && grep -q '^\$pattern << EOD' "$W/m.gp"; then pass plot_missing_gnuplot_script_kept; else
    fail plot_missing_gnuplot_script_kept "exit $rc"; fi
# --label-hkl: the strong reflections of each phase labelled with hkl in the script
if run plot_label_hkl 0 "$XRDFIT" fit "${XRDFIT_TOP:-.}/data/curu_fcc_3.9nm_cuka.xy" --radiation CuKa \
        --phase fcc:a=3.70 --gnuplot-script "$TMP/lab.gp" --label-hkl; then
    if grep -q '^\$labels1 << EOD' "$TMP/lab.gp" && grep -q ' "111"$' "$TMP/lab.gp" &&
       grep -q 'with labels rotate by 90' "$TMP/lab.gp"; then pass plot_label_hkl
    else fail plot_label_hkl "no hkl labels in $TMP/lab.gp"; fi
fi

# a pattern with a gap (two scan windows): the lines break there (a blank line
# in the data block), and the radiation is noted in the difference panel
awk '/^#/ || $1 < 50 || $1 > 60' "$W/$NAME" > "$W/gap.xy"
if "$XRDFIT" fit "$W/gap.xy" --radiation CuKa --phase fcc:a=3.70 --phase Cu \
        --gnuplot-script "$W/gap.gp" > /dev/null 2>&1; then
    if awk '/^\$pattern << EOD/ { on = 1; next } on && /^EOD/ { exit !(blank == 1) }
            on && /^$/ { blank++ }' "$W/gap.gp"; then pass plot_lines_break_at_gaps
    else fail plot_lines_break_at_gaps "not exactly one blank line in the data block"; fi
    if grep -q "^set label 1 'CuKa, λ = 1.540593 Å'" "$W/gap.gp"; then pass plot_radiation_note
    else fail plot_radiation_note "$(grep -m1 'set label 1' "$W/gap.gp")"; fi
else
    fail plot_lines_break_at_gaps "the fit of the pattern with a gap failed"
fi
