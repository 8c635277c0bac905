# `xrdfit peaks --profile voigt` and `xrdfit size --profile voigt` (true Voigt
# through libcerf) on patterns of the independent generator (tests/gen: Voigt
# profiles, Cu Ka doublet, Poisson noise) against its truth file: positions
# within 3 esd of the Bragg angles, Scherrer sphere diameters (K = 4/3 on the
# integral breadth) within 10 % once the instrument is removed. The patterns
# are made with symmetric peaks (--symmetric-peaks): `peaks` fits each peak
# with a symmetric profile, whose centre is the Bragg angle only when the
# Lorentz-polarisation and scattering-factor fall-off across the peak is left
# out (docs/envelope.md; `fit` models that fall-off).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${XRDFIT_TOP:-.}/tests/lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
if [ ! -x "$GEN" ]; then
    skip voigt_all "the pattern generator $GEN is not built"
    exit 0
fi
W=$TMP/voigt
rm -rf "$W"
mkdir -p "$W"
INST=0.004,-0.002,0.002,0.01,0

# hkl -> 2theta of the first line, from the truth JSON (one reflection a line)
truth_positions() {
    awk '/"hkl": \[/ { s = $0; sub(/.*"hkl": \[/, "", s); split(s, h, /[],]/);
           t = $0; sub(/.*"two_theta_deg": /, "", t); sub(/,.*/, "", t);
           printf "%d%d%d %s\n", h[1], h[2], h[3], t }' "$1"
}
# hkl 2theta esd of each indexed peak, from the (pretty-printed) peaks JSON
fitted_positions() {
    awk '/"two_theta_deg":/ { t = $2; sub(/,/, "", t) }
         /"two_theta_esd":/ { e = $2; sub(/,/, "", e) }
         /"hkl": \[/ { n = 0; h = ""; on = 1; next }
         on && /^ *-?[0-9]+,?$/ { v = $1; sub(/,/, "", v); h = h v; if (++n == 3) { print h, t, e; on = 0 } }' "$1"
}

for D in 5 30; do
    P=$W/cu$D.xy
    "$GEN" --radiation CuKa --range 35:100 --step 0.01 --phase fcc:a=3.6149,el=Cu,size=$D --symmetric-peaks \
        --instrument $INST --bg 200,-30 --counts 30000 --seed 12 -o "$P" --truth "$W/cu$D.json" \
        2> /dev/null || { fail voigt_gen_$D "xrdgen failed"; continue; }

    # ---- peaks: 5 indexed Voigt peaks at their Bragg angles
    if run voigt_peaks_$D 0 "$XRDFIT" peaks "$P" --radiation CuKa --profile voigt --phase Cu \
           --json "$W/peaks$D.json"; then
        if grep -q '"profile": "voigt"' "$W/peaks$D.json" && grep -q '"converged": true' "$W/peaks$D.json" &&
           printf '%s\n' "$OUT" | grep -q 'hg_deg .*hl_deg'; then pass voigt_peaks_$D
        else fail voigt_peaks_$D "not a converged Voigt fit: $(printf '%s' "$OUT" | head -c 300)"; fi
    fi
    truth_positions "$W/cu$D.json" > "$W/truth$D.txt"
    fitted_positions "$W/peaks$D.json" > "$W/fit$D.txt"
    res=$(awk 'NR == FNR { tt[$1] = $2; next }
               ($1 in tt) { n++; d = $2 - tt[$1]; if (d < 0) d = -d;
                            if (!($3 > 0) || d > 3 * $3) bad = bad " " $1 ":" $2 "(" $3 ")vs" tt[$1] }
               END { print n + 0, bad }' "$W/truth$D.txt" "$W/fit$D.txt")
    n=${res%% *}
    bad=${res#* }
    if [ "$n" -eq 5 ] && [ -z "$bad" ]; then pass voigt_positions_3esd_$D
    else fail voigt_positions_3esd_$D "$n peaks matched; beyond 3 esd:$bad"; fi

    # ---- size: instrument removed (the generator's U V W X Y), K = 4/3 on the
    # integral breadth gives the sphere diameter D
    sizes() { printf '%s\n' "$1" | awk '/^\([0-9 -]+\)/ { for (i = 1; i <= NF; i++) if ($i == "nm") {
                  s = $(i-1); sub(/\(.*/, "", s); print s; break } }'; }
    if run voigt_size_$D 0 "$XRDFIT" size "$P" --radiation CuKa --profile voigt --phase Cu \
           --uvwxy $INST --K 1.3333333 --breadth integral; then
        with=$(sizes "$OUT")
        n=$(printf '%s\n' "$with" | grep -c .)
        out=$(printf '%s\n' "$with" | awk -v D=$D '$1 < 0.9 * D || $1 > 1.1 * D')
        if [ "$n" -ge 4 ] && [ -z "$out" ]; then pass voigt_size_10pct_$D
        else fail voigt_size_10pct_$D "sizes $(echo $with) nm, truth $D nm"; fi
        # removing the instrument's broadening can only make the crystals larger
        if run voigt_size_noinst_$D 0 "$XRDFIT" size "$P" --radiation CuKa --profile voigt --phase Cu \
               --no-instrument --K 1.3333333 --breadth integral; then
            without=$(sizes "$OUT")
            printf '%s\n' "$with" > "$W/with$D.txt"
            printf '%s\n' "$without" > "$W/without$D.txt"
            cmp=$(paste "$W/with$D.txt" "$W/without$D.txt" | awk '!($2 < $1) { print }')
            if [ -z "$cmp" ] && [ "$(printf '%s\n' "$without" | grep -c .)" -eq "$n" ]; then
                pass voigt_size_instrument_removed_$D
            else fail voigt_size_instrument_removed_$D "with $(echo $with), without $(echo $without)"; fi
        fi
    fi
done
