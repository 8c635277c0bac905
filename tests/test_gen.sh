#!/bin/sh
# Tests of the independent pattern generator build/xrdgen (tests/gen/):
# physical truths of the patterns it writes, determinism, usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
GEN=${XRDFIT_GEN:-build/xrdgen}
T=$TMP/gen
mkdir -p "$T"
if [ ! -x "$GEN" ]; then fail gen_built "$GEN is missing"; exit 1; fi

# awk helpers over the data lines of an .xy file
xmax() { # FILE LO HI -> x of the largest y in [LO,HI]
    awk -v lo="$2" -v hi="$3" '!/^#/ && $1>=lo && $1<=hi { if ($2>m || n==0) {m=$2; x=$1}; n++ } END {print x}' "$1"
}
area() { # FILE LO HI -> sum of y*step in [LO,HI] minus a linear baseline through the ends
    awk -v lo="$2" -v hi="$3" '!/^#/ && $1>=lo && $1<=hi { if (!n) {x0=$1; y0=$2}; x1=$1; y1=$2; s+=$2; n++ }
        END { step=(x1-x0)/(n-1); print (s - n*(y0+y1)/2)*step }' "$1"
}
centroid() { # FILE LO HI
    awk -v lo="$2" -v hi="$3" '!/^#/ && $1>=lo && $1<=hi { s+=$2; sx+=$1*$2 } END {printf "%.9f\n", sx/s}' "$1"
}
check() { # NAME AWK-CONDITION MESSAGE  (condition over variables set with -v)
    _n=$1; shift
    if awk "BEGIN { exit !($1) }"; then pass "$_n"; else fail "$_n" "$2"; fi
}

# 1. Cu fcc (111): maximum at the Bragg angle of Cu Ka1, 43.318 deg for a = 3.6149 A
"$GEN" --range 20:100 --step 0.01 --phase fcc:a=3.6149,el=Cu --noise none -o "$T/cu.xy" --truth "$T/cu.json" 2> "$T/err"
x=$(xmax "$T/cu.xy" 40 46)
bragg=$(awk 'BEGIN { l=1.5405929; d=3.6149/sqrt(3); s=l/(2*d); print 2*atan2(s, sqrt(1-s*s))*45/atan2(1,1) }')
check gen_cu111_position "($x-$bragg)^2 < 0.02^2" "max at $x, Bragg 2theta(111) = $bragg"

# 2. relative intensities of Cu: I(200)/I(111) by area, ~0.46 (PDF 04-0836 peak heights 100:46)
a111=$(area "$T/cu.xy" 41.8 44.8); a200=$(area "$T/cu.xy" 49 52)
check gen_cu_relative_intensity "$a200/$a111 > 0.40 && $a200/$a111 < 0.52" "A(200)/A(111) = $a200/$a111"

# 3. Ka2/Ka1 area ratio ~ 0.5 in a well separated high-angle peak (Cu 420 near 144.7 deg)
"$GEN" --range 130:160 --step 0.005 --phase fcc:a=3.6149,el=Cu --instrument 0.002,0,0.001,0,0 --noise none -o "$T/ka.xy"
x1=$(xmax "$T/ka.xy" 140 150)
sep=$(awk -v x="$x1" 'BEGIN { t=x/2*atan2(1,1)/45; print 2*(sin(t)/cos(t))*(1.5444274-1.5405929)/1.5405929*45/atan2(1,1) }')
mid=$(awk -v a="$x1" -v s="$sep" 'BEGIN{print a+s/2}')
r1=$(area "$T/ka.xy" "$(awk -v a="$x1" 'BEGIN{print a-0.4}')" "$mid")
r2=$(area "$T/ka.xy" "$mid" "$(awk -v a="$x1" -v s="$sep" 'BEGIN{print a+s+0.4}')")
check gen_ka2_ratio "$r2/$r1 > 0.47 && $r2/$r1 < 0.53" "A(Ka2)/A(Ka1) = $r2/$r1 (separation $sep deg)"

# 4. background only: the points are the Chebyshev values
"$GEN" --range 20:90 --step 0.05 --bg 300,-50,20,4 --noise none -o "$T/bg.xy"
d=$(awk '!/^#/ { t=(2*$1-110)/70; b=300-50*t+20*(2*t*t-1)+4*(4*t*t*t-3*t); e=$2-b; if (e<0) e=-e; if (e>m) m=e; n++ } END { print (n==1401 ? m : 1e9) }' "$T/bg.xy")
check gen_background_chebyshev "$d < 1e-4" "largest |y - Chebyshev| = $d (or wrong point count)"

# 5. 5 nm spheres: FWHM of (111) vs Scherrer (K = 0.89, FWHM) within 10 %, and vs the
#    generator's own definition (Lorentzian, beta = lambda/(L_vol cos), L_vol = 3D/4) within 2 %
"$GEN" --radiation CuKa1 --instrument 0,0,0,0,0 --range 30:60 --step 0.005 \
    --phase fcc:a=3.6149,el=Cu,size=5 --noise none -o "$T/s5.xy"
fw=$(awk '!/^#/ && $1<47 {x[n]=$1; y[n]=$2; n++} END { for (i=0;i<n;i++) if (y[i]>m) {m=y[i]; im=i}; h=m/2;
    for (i=im; i>0 && y[i]>h; i--); xl=x[i]+(h-y[i])/(y[i+1]-y[i])*(x[i+1]-x[i]);
    for (i=im; i<n-1 && y[i]>h; i++); xr=x[i-1]+(h-y[i-1])/(y[i]-y[i-1])*(x[i]-x[i-1]); print xr-xl }' "$T/s5.xy")
sch=$(awk -v b="$bragg" 'BEGIN { r=45/atan2(1,1); print 0.89*1.5405929/(50*cos(b/2/r))*r }')
own=$(awk -v b="$bragg" 'BEGIN { r=45/atan2(1,1); pi=4*atan2(1,1); print 2/pi*1.5405929/(37.5*cos(b/2/r))*r }')
check gen_scherrer_5nm "($fw-$sch)^2 < (0.1*$sch)^2" "FWHM $fw deg, Scherrer (K=0.89) $sch deg"
check gen_size_definition "($fw-$own)^2 < (0.02*$own)^2" "FWHM $fw deg, Lorentzian L_vol=3D/4 model $own deg"

# 5b. exact sphere profile (--size-profile sphere): same area and same integral breadth
#     lambda/(L_vol cos theta) as the Lorentzian, so the same peak height (10 nm, no instrument)
for sp in lorentz sphere; do
    "$GEN" --radiation CuKa1 --instrument 0,0,0,0,0 --range 30:60 --step 0.005 --noise none \
        --phase fcc:a=3.6149,el=Cu,size=10 --size-profile $sp -o "$T/sp.xy" --truth "$T/$sp.json"
done
kl=$(grep -o '"counts_per_raw_unit": [0-9.e+-]*' "$T/lorentz.json" | awk '{print $2}')
ks=$(grep -o '"counts_per_raw_unit": [0-9.e+-]*' "$T/sphere.json" | awk '{print $2}')
check gen_sphere_integral_breadth "($ks/$kl-1)^2 < 0.01^2" "peak heights differ: 1/$ks vs 1/$kl"
if grep -q '"size_profile": "sphere_exact"' "$T/sphere.json"; then pass gen_sphere_truth; else fail gen_sphere_truth "size_profile not recorded"; fi

# 6. specimen displacement: shift -(2 s cos(theta)/R)(180/pi)
"$GEN" --radiation CuKa1 --range 40:47 --step 0.002 --phase fcc:a=3.6149,el=Cu --noise none -o "$T/d0.xy"
"$GEN" --radiation CuKa1 --range 40:47 --step 0.002 --phase fcc:a=3.6149,el=Cu --noise none \
    --displacement 0.2 --radius 240 --zero 0.03 -o "$T/d1.xy"
c0=$(centroid "$T/d0.xy" 42.8 43.8); c1=$(centroid "$T/d1.xy" 42.8 43.8)
want=$(awk -v b="$bragg" 'BEGIN { r=45/atan2(1,1); print 0.03 - 2*0.2*cos(b/2/r)/240*r }')
check gen_displacement_zero "($c1-$c0-($want))^2 < 0.002^2" "centroid shift $c1 - $c0, expected $want"

# 7. FCJ axial divergence: low-angle peaks move down (LaB6 100 near 21.4 deg), high-angle up
"$GEN" --radiation CuKa1 --range 18:25 --step 0.002 --phase LaB6:a=4.15683 --noise none -o "$T/l0.xy"
"$GEN" --radiation CuKa1 --range 18:25 --step 0.002 --phase LaB6:a=4.15683 --noise none --asym 0.03,0.03 -o "$T/l1.xy"
c0=$(centroid "$T/l0.xy" 20.4 22.4); c1=$(centroid "$T/l1.xy" 20.4 22.4)
check gen_fcj_low_angle "$c1 < $c0 - 0.02 && $c1 > $c0 - 0.08" "centroid $c0 -> $c1 with S/L=H/L=0.03 (FCJ mean shift -0.044)"
"$GEN" --radiation CuKa1 --range 135:140 --step 0.002 --phase fcc:a=3.6149,el=Cu --noise none -o "$T/h0.xy"
"$GEN" --radiation CuKa1 --range 135:140 --step 0.002 --phase fcc:a=3.6149,el=Cu --noise none --asym 0.03,0.03 -o "$T/h1.xy"
c0=$(centroid "$T/h0.xy" 136 138.5); c1=$(centroid "$T/h1.xy" 136 138.5)
check gen_fcj_high_angle "$c1 > $c0" "centroid $c0 -> $c1 above 90 deg"

# 7b. exponential axial kernel (--axial-exp W): unit area (the raw integrated intensity, counts
#     over counts per raw unit, is the same with and without it), centroid moved by
#     w = W |cot 2theta|: down for Pt (111) at 39.76 deg, up for fcc a = 3.6659 (420) at 140.0 deg
#     (Cu Ka1, Gaussian instrument only, so the whole peak lies inside the window)
rawarea() { # TRUTH.json -> integrated intensity of phase 1 in raw units
    awk '/"integrated_counts"/ { sub(/.*"integrated_counts": /, ""); sub(/[,}].*/, ""); ic=$0 }
         /"counts_per_raw_unit"/ { sub(/.*"counts_per_raw_unit": /, ""); sub(/[,}].*/, ""); k=$0 }
         END { print ic / k }' "$1"
}
E="--radiation CuKa1 --instrument 0,0,0.002,0,0 --step 0.002 --noise none"
for w in 0 0.02; do
    # shellcheck disable=SC2086
    "$GEN" $E --range 37:43 --phase fcc:a=3.9009,el=Pt --axial-exp $w -o "$T/el$w.xy" --truth "$T/el$w.json"
    # shellcheck disable=SC2086
    "$GEN" $E --range 137:143 --phase fcc:a=3.6659,el=Cu --axial-exp $w -o "$T/eh$w.xy" --truth "$T/eh$w.json"
done
r=$(awk -v a="$(rawarea "$T/el0.02.json")" -v b="$(rawarea "$T/el0.json")" 'BEGIN { print a / b }')
check gen_exp_area_low "($r-1)^2 < 1e-3^2" "raw area ratio with/without the kernel at 40 deg = $r"
r=$(awk -v a="$(rawarea "$T/eh0.02.json")" -v b="$(rawarea "$T/eh0.json")" 'BEGIN { print a / b }')
check gen_exp_area_high "($r-1)^2 < 1e-3^2" "raw area ratio with/without the kernel at 140 deg = $r"
cotw() { awk -v x="$1" 'BEGIN { t=x*atan2(1,1)/45; c=cos(t)/sin(t); printf "%.9g\n", 0.02*(c<0 ? -c : c) }'; }
c0=$(centroid "$T/el0.xy" 37 43); c1=$(centroid "$T/el0.02.xy" 37 43); w=$(cotw "$c0")
check gen_exp_shift_low "($c1-$c0+$w)^2 < (0.02*$w)^2" "centroid $c0 -> $c1, expected -$w"
c0=$(centroid "$T/eh0.xy" 137 143); c1=$(centroid "$T/eh0.02.xy" 137 143); w=$(cotw "$c0")
check gen_exp_shift_high "($c1-$c0-$w)^2 < (0.02*$w)^2" "centroid $c0 -> $c1, expected +$w"
#     the width grows as the kernel's sd w: variance(with) - variance(without) = w^2 within 2 %
var() { awk -v lo="$2" -v hi="$3" '!/^#/ && $1>=lo && $1<=hi { s+=$2; sx+=$1*$2; sxx+=$1*$1*$2 } END { m=sx/s; printf "%.12g\n", sxx/s-m*m }' "$1"; }
v0=$(var "$T/el0.xy" 37 43); v1=$(var "$T/el0.02.xy" 37 43); w=$(cotw "$(centroid "$T/el0.xy" 37 43)")
check gen_exp_variance "($v1-$v0-$w*$w)^2 < (0.02*$w*$w)^2" "variance $v0 -> $v1, expected + $w^2"
#     one axial kernel at a time; W in [0, 0.5]
expect gen_exp_not_with_fcj 2 "one axial kernel" "$GEN" --axial-exp 0.02 --asym 0.02,0.02
expect gen_exp_bad_w 2 "axial-exp" "$GEN" --axial-exp -0.1
if grep -q '"axial_kernel": "exponential"' "$T/el0.02.json" && grep -q '"axial_exp_W_deg": 0.02' "$T/el0.02.json"; then
    pass gen_exp_truth; else fail gen_exp_truth "axial_kernel / axial_exp_W_deg not in the truth"; fi

# 8. q axis: Cu (111) maximum at q = 2 pi / d
"$GEN" --radiation CuKa1 --x q --range 2:4 --step 0.001 --phase fcc:a=3.6149,el=Cu --noise none -o "$T/q.xy"
x=$(xmax "$T/q.xy" 2.5 3.5)
check gen_q_axis "($x-2*3.14159265*sqrt(3)/3.6149)^2 < 0.002^2" "max at q = $x"

# 9. intensity share follows scale: the same phase with scale 1 and 3 shares 1/4 : 3/4
"$GEN" --range 20:140 --phase fcc:a=3.6149,el=Cu,size=4 --phase fcc:a=3.6149,el=Cu,size=4,scale=3 --noise none --truth "$T/sh.json" -o "$T/sh.xy"
s=$(grep -o '"intensity_share": [0-9.e-]*' "$T/sh.json" | head -1 | awk '{print $2}')
check gen_intensity_share "($s-0.25)^2 < 1e-8" "share of phase 1 = $s"

# 10. scattering factors: a1+a2+a3+a4+c = Z
b=$("$GEN" --list-elements | awk '!/^#/ { e=$4; if (e<0) e=-e; if (e>m) m=e; n++ } END { print (n>=16 ? m : 99) }')
check gen_cromer_mann_sum_rule "$b < 0.06" "largest |f0(0) - Z| = $b"

# 11. noise: same seed -> identical files, other seed -> different; Poisson variance ~ mean
A="--range 20:90 --phase fcc:a=3.70,el=Cu:0.5/Ru:0.5,size=5,strain=0.001 --phase hcp:a=2.7058,c=4.2816,el=Ru,size=3,scale=0.5 --asym 0.02,0.02 --bg 300,-50,20 --counts 20000"
# shellcheck disable=SC2086
"$GEN" $A --seed 7 -o "$T/n1.xy" --truth "$T/n1.json"; "$GEN" $A --seed 7 -o "$T/n2.xy"; "$GEN" $A --seed 8 -o "$T/n3.xy"
# (the '#' header repeats the command line, which names the output file)
for f in n1 n2 n3; do grep -v '^#' "$T/$f.xy" > "$T/$f.dat"; done
if cmp -s "$T/n1.dat" "$T/n2.dat"; then pass gen_same_seed_same_file; else fail gen_same_seed_same_file "files differ"; fi
if cmp -s "$T/n1.dat" "$T/n3.dat"; then fail gen_other_seed_other_file "files equal"; else pass gen_other_seed_other_file; fi
"$GEN" --bg 1000 --range 20:90 --seed 3 -o "$T/p.xy"
v=$(awk '!/^#/ { s+=$2; ss+=$2*$2; n++ } END { m=s/n; print (ss/n-m*m)/m }' "$T/p.xy")
check gen_poisson_variance "$v > 0.9 && $v < 1.1" "variance/mean = $v"
if grep -q '^# SYNTHETIC' "$T/n1.xy" && grep -q '"L_vol_nm": 3.75' "$T/n1.json" && grep -q '"seed": 7' "$T/n1.json"; then
    pass gen_headers_and_truth; else fail gen_headers_and_truth "missing SYNTHETIC header or truth keys"; fi

# 11b. --time-per-step T: the same seed's counts divided by T, 6 decimals, no time in the
#      header unless --time-header (then '# Time per step: T s')
# shellcheck disable=SC2086
"$GEN" $A --seed 7 --time-per-step 7.3 -o "$T/t1.xy" --truth "$T/t1.json"
# shellcheck disable=SC2086
"$GEN" $A --seed 7 --time-per-step 7.3 --time-header -o "$T/t2.xy"
d=$(awk 'NR==FNR { if (!/^#/) c[FNR]=$0; next } !/^#/ { n++; split(c[n], v, " ");
        if (v[1] != $1 || v[2] != int(v[2])) { print 1e9; exit } e=$2*7.3-v[2]; if (e<0) e=-e; if (e>m) m=e }
        END { print (n==3501 ? m+0 : 1e9) }' "$T/n1.dat" "$T/t1.xy")
check gen_time_per_step_divides "$d < 4e-6" "largest |y*T - counts| = $d (or different x / point count)"
if grep -v '^#' "$T/t1.xy" | awk '$2 !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]$/ { bad=1 } END { exit bad }'; then
    pass gen_time_per_step_decimals; else fail gen_time_per_step_decimals "y not written with 6 decimals"; fi
if grep -qi 'time per step' "$T/t1.xy"; then
    fail gen_time_per_step_no_header "a time per step in the header without --time-header"
else pass gen_time_per_step_no_header; fi
if [ "$(grep -c '^# Time per step: 7.3 s$' "$T/t2.xy")" = 1 ]; then pass gen_time_header
else fail gen_time_header "--time-header did not write '# Time per step: 7.3 s'"; fi
grep -v '^#' "$T/t1.xy" > "$T/t1.dat"; grep -v '^#' "$T/t2.xy" > "$T/t2.dat"
if cmp -s "$T/t1.dat" "$T/t2.dat"; then pass gen_time_header_same_data
else fail gen_time_header_same_data "--time-header changed the data lines"; fi
if grep -q '"y_unit": "counts_per_second", "time_per_step_s": 7.3' "$T/t1.json"; then
    pass gen_time_per_step_truth; else fail gen_time_per_step_truth "y_unit / time_per_step_s not in the truth"; fi
expect gen_time_header_needs_time 2 "time-per-step" "$GEN" --time-header
expect gen_bad_time_per_step 2 "time-per-step" "$GEN" --time-per-step 0

# 12. speed: 3500 points, two phases, asymmetry, well under 1 s
t0=$(date +%s%N)
# shellcheck disable=SC2086
"$GEN" $A --step 0.02 -o "$T/speed.xy"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check gen_speed "$ms < 1000" "took $ms ms"

# 13. usage errors exit 2
expect gen_bad_option 2 "unknown|known option" "$GEN" --frobnicate
expect gen_bad_structure 2 "STRUCT" "$GEN" --phase fcx:a=3.6,el=Cu
expect gen_missing_el 2 "el=" "$GEN" --phase fcc:a=3.6
expect gen_bad_element 2 "element" "$GEN" --phase fcc:a=3.6,el=Xx
expect gen_hcp_needs_c 2 "c=" "$GEN" --phase hcp:a=2.7,el=Ru
expect gen_bad_range 2 "range" "$GEN" --range 90:20
expect gen_bad_noise 2 "none\\|poisson" "$GEN" --noise gauss
expect gen_missing_argument 2 "argument" "$GEN" --step
expect gen_bad_instrument 2 "U,V,W,X,Y" "$GEN" --instrument 1,2,3
expect gen_q_beyond_limit 2 "q inside" "$GEN" --x q --range 1:9
