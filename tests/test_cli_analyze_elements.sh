#!/bin/sh
# xrdfit analyze with many elements and honest refusals: unknown elements and bad
# ratios (usage, exit 2); a ternary generated pattern with --ratio (composition
# recovered within its esd) and without (every element null with the reason); a pure
# element against its reference lattice; "no crystalline phase" (exit 1) on uniform
# Poisson noise, all-zero counts and a q pattern read as 2theta; fit's warning.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
GEN=${XRDFIT_GEN:-build/xrdgen}
R="--refdata $TOP/refdata"
D=$TMP/analyze_el
mkdir -p "$D"
G="--range 25:100 --step 0.02 --bg 200 --counts 20000"

# usage errors (exit 2), before any pattern is read
"$GEN" --phase fcc:a=3.9,el=Pt,size=5 --range 30:50 --step 0.05 --seed 1 -o "$D/u.xy" 2> /dev/null
expect analyze_el_unknown 2 "'Xx' is not a chemical element symbol" \
    $XRDFIT $R analyze "$D/u.xy" --elements Pt,Xx --radiation CuKa
expect analyze_el_nine 2 'expects 1 to 8' \
    $XRDFIT $R analyze "$D/u.xy" --elements Pt,Pd,Ru,Ir,Rh,Au,Ag,Cu,Ni --radiation CuKa
expect analyze_el_twice 2 'Pt is given twice' \
    $XRDFIT $R analyze "$D/u.xy" --elements Pt,Pd,pt --radiation CuKa
expect analyze_el_empty 2 'expects 1 to 8' \
    $XRDFIT $R analyze "$D/u.xy" --elements Pt, --radiation CuKa
expect analyze_ratio_foreign 2 'the ratio names Ir, which is not among the elements' \
    $XRDFIT $R analyze "$D/u.xy" --elements Ru,Pt,Pd --ratio Pt:Ir=1:1 --radiation CuKa
expect analyze_ratio_malformed 2 '--ratio expects' \
    $XRDFIT $R analyze "$D/u.xy" --elements Ru,Pt,Pd --ratio Pt:Pd=1 --radiation CuKa
expect analyze_ratio_all 2 'covers every element' \
    $XRDFIT $R analyze "$D/u.xy" --elements Pt,Pd --ratio Pt:Pd=1:1 --radiation CuKa
expect analyze_el_given_two_structures 2 'needs a single --structure' \
    $XRDFIT $R analyze "$D/u.xy" --elements Pt,Os:2.7341 --structure fcc,hcp --radiation CuKa

# (1) fcc Ru0.4Pt0.3Pd0.3 on Vegard's line of the library end members
# (Ru-fcc 3.81, Pt 3.9231, Pd 3.8898 A): a = 3.86787 A
"$GEN" $G --phase fcc:a=3.86787,el=Ru:0.4/Pt:0.3/Pd:0.3,size=6 --seed 21 -o "$D/tern.xy" ||
    fail analyze_el_gen "xrdgen failed"
run analyze_ternary_ratio 0 $XRDFIT $R analyze "$D/tern.xy" --elements Ru,Pt,Pd --ratio Pt:Pd=1:1 \
    --radiation CuKa --json "$D/tern_ratio.json" && pass analyze_ternary_ratio
run analyze_ternary_free 0 $XRDFIT $R analyze "$D/tern.xy" --elements Ru,Pt,Pd \
    --radiation CuKa --json "$D/tern_free.json" && pass analyze_ternary_free

# (2) pure Pt, expanded by 0.0119 A against the reference 3.9231 A
"$GEN" $G --phase fcc:a=3.9350,el=Pt,size=6 --seed 22 -o "$D/pt.xy" || fail analyze_el_gen "xrdgen"
run analyze_pure_pt 0 $XRDFIT $R analyze "$D/pt.xy" --elements Pt --radiation CuKa \
    --json "$D/pt.json" && pass analyze_pure_pt
if printf '%s\n' "$OUT" | grep -q 'a - a(Pt) = .*expansion.*reference Pt a = 3.9231 A'; then
    pass analyze_pure_pt_text
else fail analyze_pure_pt_text "$(printf '%s' "$OUT" | head -c 600)"; fi

# (3) no crystalline phase: uniform Poisson noise, zeros, a q pattern read as 2theta
"$GEN" --phase fcc:a=3.9,el=Pt --counts 0.000001 --bg 300 --range 20:90 --step 0.02 --seed 23 \
    -o "$D/noise.xy"
awk '/^[0-9]/ {print $1, 0}' "$D/noise.xy" > "$D/zeros.xy"
# Pt in q (1/nm), the header dropped: read as 2theta, its peaks fall between 27 and 56 "deg"
"$GEN" --phase fcc:a=3.9231,el=Pt,size=8 --bg 200 --x q --range 1.5:6 --step 0.002 --seed 24 \
    -o "$D/q.xy"
awk '/^[0-9]/ {print $1 * 10, $2}' "$D/q.xy" > "$D/q_as_2theta.xy"
for c in noise zeros q_as_2theta; do
    if run "analyze_no_phase_$c" 1 $XRDFIT $R analyze "$D/$c.xy" --elements Pt,Pd --radiation CuKa \
            --json "$D/$c.json"; then
        if printf '%s\n' "$OUT" | grep -q '^Verdict: no crystalline phase$' &&
           printf '%s\n' "$OUT" | grep -Eq '^Expected reflections: .*fcc \(a 3\.8[0-9]+-4\.0[0-9]+ A\): 111 at 3[89]\.[0-9]-41\.[0-9] 200 at' &&
           printf '%s\n' "$ERR" | grep -q 'no crystalline phase'; then
            pass "analyze_no_phase_$c"
        else fail "analyze_no_phase_$c" "$(printf '%s' "$OUT" | head -c 600)"; fi
    fi
done
# the generated crystalline pattern of the same kind is a phase
expect analyze_phase_not_noise 0 '^Verdict: single-phase$' \
    $XRDFIT $R analyze "$D/pt.xy" --elements Pt,Pd --radiation CuKa

# fit: a phase fitted to noise is flagged, a real one is not
expect fit_warns_noise 0 'phase 1 \(fcc\): the extracted intensities are not significant' \
    $XRDFIT $R fit "$D/noise.xy" --phase fcc:a=3.9 --radiation CuKa
expect fit_refuses_zeros 1 'zeros\.xy: the pattern is flat: all [0-9]+ points in the fitted range are 0' \
    $XRDFIT $R fit "$D/zeros.xy" --phase fcc:a=3.9 --radiation CuKa
if run fit_no_warning_phase 0 $XRDFIT $R fit "$D/pt.xy" --phase Pt --radiation CuKa; then
    if printf '%s\n' "$ERR" | grep -q 'not significant'; then fail fit_no_warning_phase "$ERR"
    else pass fit_no_warning_phase; fi
fi

if ! command -v python3 > /dev/null 2>&1; then
    skip analyze_ternary_composition "python3 not found: the JSON checks need it"
    exit 0
fi
python3 - "$D" <<'EOF'
import json, math, sys
d = sys.argv[1]
def out(ok, name, why):
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
def load(n):
    try:
        return json.load(open("%s/%s.json" % (d, n)))
    except Exception as e:  # noqa: BLE001 - an unreadable JSON is the failure
        out(False, "analyze_el_json_" + n, str(e))
        return None
t = load("tern_ratio")
if t:
    c = t["phases"][0]["composition"]
    truth = {"Ru": 0.4, "Pt": 0.3, "Pd": 0.3}
    bad = ["x(%s) = %r(%r) vs %.2f" % (e, c.get(e), c.get(e + "_esd"), x) for e, x in truth.items()
           if not (c.get(e) is not None and abs(c[e] - x) <= 3 * c[e + "_esd"])]
    out(not bad and c.get("determined") is True and c.get("constraint") == "Pt:Pd=1:1",
        "analyze_ternary_composition", "; ".join(bad) or repr(c))
    out(abs(sum(c[e] for e in truth) - 1) < 1e-9 and abs(c["Pt"] - c["Pd"]) < 1e-12,
        "analyze_ternary_sum_ratio", repr(c))
t = load("tern_free")
if t:
    c = t["phases"][0]["composition"]
    bad = [e for e in ("Ru", "Pt", "Pd") if not (e in c and c[e] is None and c[e + "_esd"] is None
           and c.get(e + "_reason", "").startswith("composition not determined by one lattice constant"))]
    out(not bad and c.get("determined") is False, "analyze_ternary_no_ratio_null",
        "elements %s not null with the reason: %r" % (bad, c))
p = load("pt")
if p:
    ph = p["phases"][0]
    ref = ph.get("reference", {})
    da, s = ref.get("delta_a_A"), ref.get("delta_a_esd_A")
    ok = (p["verdict"] == "single-phase" and ref.get("phase") == "Pt" and ref.get("a_A") == 3.9231
          and da is not None and abs(da - 0.0119) <= 3 * s and s < 0.002
          and abs(ref["relative_expansion"] - da / 3.9231) < 1e-12
          and ph["composition"].get("Pt") == 1)
    out(ok, "analyze_pure_reference", "verdict %r, reference %r" % (p["verdict"], ref))
for n in ("noise", "zeros", "q_as_2theta"):
    j = load(n)
    if j:
        out(j["verdict"] == "no crystalline phase" and j["n_phases"] == 0 and
            "111 at" in j.get("expected_reflections", ""), "analyze_no_phase_json_" + n,
            "verdict %r, expected %r" % (j["verdict"], j.get("expected_reflections")))
EOF
