# CLI tests of the figures of `xrdfit peaks` (fit figure with peak ticks) and
# `xrdfit size` (Williamson-Hall). SPDX-License-Identifier: GPL-3.0-or-later
. "${XRDFIT_TOP:-.}/tests/lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}

if ! command -v gnuplot > /dev/null 2>&1; then
    skip peaks_size_plot_all "gnuplot is not installed (make deps)"
    exit 0
fi
if [ ! -x "$GEN" ]; then
    skip peaks_size_plot_all "the pattern generator $GEN is not built"
    exit 0
fi

W=$TMP/sizeplot
rm -rf "$W"
mkdir -p "$W/empty"
P=$W/cu.xy
# Cu, 20 nm spheres with strain 0.002: seven reflections 111 ... 331 in 35-140 deg
"$GEN" --radiation CuKa --range 35:140 --step 0.02 --phase fcc:a=3.6149,el=Cu,size=20,strain=0.002 \
    --instrument 0.004,-0.002,0.002,0.01,0 --bg 200 --counts 20000 --seed 2 -o "$P" 2> /dev/null

png_wh() { od -An -tu1 -j16 -N8 "$1" | awk '{printf "%d %d\n", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'; }
png_ok() { # name, file, "W H"
    sig=$(od -An -tx1 -N8 "$2" 2> /dev/null | tr -d ' \n')
    ihdr=$(dd if="$2" bs=1 skip=12 count=4 2> /dev/null)
    wh=$(png_wh "$2" 2> /dev/null)
    if [ "$sig" = 89504e470d0a1a0a ] && [ "$ihdr" = IHDR ] && [ "$wh" = "$3" ]; then pass "$1"
    else fail "$1" "signature $sig, chunk $ihdr, size $wh (expected $3)"; fi
}

# ---- peaks: the fit figure with one tick per fitted peak
run peaks_plot_exit 0 "$XRDFIT" peaks "$P" --radiation CuKa --plot "$W/peaks.png" \
    --plot-size 1000x650 --gnuplot-script "$W/peaks.gp" && pass peaks_plot_exit
if printf '%s\n' "$OUT" | grep -q '^Converged'; then pass peaks_plot_report_written; else
    fail peaks_plot_report_written "no report on stdout"; fi
png_ok peaks_plot_png "$W/peaks.png" "1000 650"
S=$W/peaks.gp
chk() { # name, fixed string expected in the script $S
    if grep -qF -- "$2" "$S"; then pass "$1"; else fail "$1" "no [$2] in $S"; fi
}
chk peaks_script_curves '$pattern << EOD'
chk peaks_script_xlabel "set xlabel '2θ (°)'"
chk peaks_script_legend "title '7 pseudo-voigt peaks' noenhanced"
chk peaks_script_title "set title 'cu.xy' noenhanced"
# the tick rows hold the fitted positions: 7 lines, the first near Cu 111 (43.32 deg)
ticks=$(awk '/^\$ticks1 << EOD/ {on = 1; next} /^EOD/ {on = 0} on' "$S")
n=$(printf '%s\n' "$ticks" | grep -c .)
first=$(printf '%s\n' "$ticks" | head -n 1)
if [ "$n" -eq 7 ] && awk -v x="$first" 'BEGIN { exit !(x > 43.2 && x < 43.45) }'; then
    pass peaks_script_ticks; else fail peaks_script_ticks "$n tick lines, first at $first"; fi
# every pattern line: x obs calc bkg obs-calc, the 5th the difference of the 2nd and 3rd
bad=$(awk '/^\$pattern << EOD/ {on = 1; next} /^EOD/ {on = 0} on {
          n++; d = $2 - $3 - $5; if (NF != 5 || d > 1e-6 * ($2 > 1 ? $2 : 1) || d < -1e-6 * ($2 > 1 ? $2 : 1)) b++ }
          END { print (n > 5000 && b == 0) ? "" : n " lines, " b " bad" }' "$S")
if [ -z "$bad" ]; then pass peaks_script_data; else fail peaks_script_data "$bad"; fi
# svg, a q axis (needs the wavelength), pdf
expect peaks_plot_svg_q 0 '' "$XRDFIT" peaks "$P" --radiation CuKa --plot "$W/peaks.svg" --plot-x q
if grep -q '<svg' "$W/peaks.svg" && grep -q 'Å' "$W/peaks.svg"; then pass peaks_plot_svg_content; else
    fail peaks_plot_svg_content "not an svg with a q axis"; fi
expect peaks_plot_pdf 0 '' "$XRDFIT" peaks "$P" --radiation CuKa --plot "$W/peaks.pdf"
if [ "$(head -c 5 "$W/peaks.pdf")" = "%PDF-" ]; then pass peaks_plot_pdf_header; else
    fail peaks_plot_pdf_header "no %PDF-"; fi
expect peaks_plot_bad_ext 2 '--plot expects a file ending in \.png, \.svg or \.pdf' \
    "$XRDFIT" peaks "$P" --radiation CuKa --plot "$W/x.jpg"
expect peaks_plot_bad_size 2 '--plot-size expects WxH' \
    "$XRDFIT" peaks "$P" --radiation CuKa --plot "$W/x.png" --plot-size 12

# ---- size: the Williamson-Hall figure
run size_plot_exit 0 "$XRDFIT" size "$P" --radiation CuKa --uvwxy 0.004,-0.002,0.002,0.01,0 \
    --phase Cu --plot "$W/wh.png" --plot-size 900x600 --gnuplot-script "$W/wh.gp" \
    --json "$W/wh.json" && pass size_plot_exit
if printf '%s\n' "$OUT" | grep -q '^Williamson-Hall (7 peaks)'; then pass size_plot_report_written; else
    fail size_plot_report_written "no Williamson-Hall line in the report"; fi
png_ok size_plot_png "$W/wh.png" "900 600"
S=$W/wh.gp
chk size_script_xlabel "set xlabel '4 sin θ'"
chk size_script_ylabel "set ylabel 'β cos θ (rad)'"
chk size_script_block '$wh1 << EOD'
if grep -Eq "title 'Williamson-Hall: D = [0-9.]+\([0-9]+\) nm, ε = 0\.[0-9]+\([0-9]+\)' noenhanced" "$S"; then
    pass size_script_legend; else fail size_script_legend "no legend with D and strain (esd)"; fi
# the points: 7, labelled 111 ... 331, x = 4 sin(theta) of the peaks (111 at 1.475)
pts=$(awk '/^\$wh1 << EOD/ {on = 1; next} /^EOD/ {on = 0} on' "$S")
n=$(printf '%s\n' "$pts" | grep -c .)
x111=$(printf '%s\n' "$pts" | awk '$4 == "\"111\"" { print $1 }')
if [ "$n" -eq 7 ] && printf '%s\n' "$pts" | grep -q '"331"' &&
   awk -v x="$x111" 'BEGIN { exit !(x > 1.470 && x < 1.480) }'; then pass size_script_points
else fail size_script_points "$n points, 111 at x = $x111"; fi
# the fitted line: its slope per 4 sin(theta) is the strain of the JSON
eps=$(tr ',' '\n' < "$W/wh.json" | awk -F: '/"strain"/ { gsub(/[ }]/, "", $2); print $2; exit }')
slope=$(awk '/\* x with lines/ { for (i = 1; i <= NF; i++) if ($i == "*") { print $(i-1); exit } }' "$S")
if awk -v a="$eps" -v b="$slope" 'BEGIN { d = a - b; exit !(a > 0 && (d < 0 ? -d : d) < 1e-6 * a) }'; then
    pass size_script_line_slope; else fail size_script_line_slope "slope $slope, strain $eps"; fi
# the script alone redraws the figure
rm -f "$W/wh.png"
(cd "$W" && gnuplot "$S" 2> "$W/gp.err")
if [ $? -eq 0 ] && [ "$(png_wh "$W/wh.png")" = "900 600" ]; then pass size_script_runs; else
    fail size_script_runs "$(head -c 300 "$W/gp.err")"; fi
# script only: the figure is named after the script, gnuplot does not run
rm -f "$W/only.png"
expect size_script_only 0 '' "$XRDFIT" size "$P" --radiation CuKa --no-instrument \
    --gnuplot-script "$W/only.gp"
if grep -qF "set output '$W/only.png'" "$W/only.gp" && [ ! -e "$W/only.png" ]; then
    pass size_script_only_named; else fail size_script_only_named "output not named after the script"; fi
# the WH x axis is 4 sin(theta): --plot-x does not apply
expect size_plot_x_rejected 2 'unknown option|unrecognized option' \
    "$XRDFIT" size "$P" --radiation CuKa --no-instrument --plot "$W/x.png" --plot-x q

# gnuplot missing: exit 1 with the install hint, the report still printed
env PATH="$W/empty" "$XRDFIT" size "$P" --radiation CuKa --no-instrument --plot "$W/m.png" \
    > "$W/m.txt" 2> "$W/m.err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'gnuplot not found: install gnuplot-nox (make deps)' "$W/m.err" &&
   grep -q '^Williamson-Hall' "$W/m.txt" && [ ! -e "$W/m.png" ]; then pass size_plot_missing_gnuplot
else fail size_plot_missing_gnuplot "exit $rc: $(head -c 300 "$W/m.err")"; fi
env PATH="$W/empty" "$XRDFIT" peaks "$P" --radiation CuKa --plot "$W/m.png" > "$W/m.txt" 2> "$W/m.err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'gnuplot not found' "$W/m.err" && grep -q '^Converged' "$W/m.txt"; then
    pass peaks_plot_missing_gnuplot; else fail peaks_plot_missing_gnuplot "exit $rc"; fi
