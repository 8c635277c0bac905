#!/bin/sh
# Remake the simulated example patterns of data/ (see data/README.md) with
# `xrdfit simulate`; run from anywhere:  sh tools/make-data.sh [BUILD_DIR]
# Each file records its command in its header; data/README.md lists the same
# commands (tests/test_simulate.sh checks that the two agree).
# SPDX-License-Identifier: GPL-3.0-or-later
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
cd "$TOP" || exit 1
xrdfit() { "$BUILD/xrdfit" --refdata "$TOP/refdata" "$@"; }
set -e

# laboratory diffractometer, Cu Ka1 + Ka2 (Hoelzer 1997), Bragg-Brentano,
# U 0.004 V -0.002 W 0.002 deg^2, X 0, Y 0.02 deg, FCJ asymmetry S/L = H/L = 0.02
xrdfit simulate --phase LaB6-660c --radiation CuKa --profile 0.004,-0.002,0.002,0,0.02 --asymmetry 0.02 --range 20:140 --step 0.02 --counts 50000 --background 400,-120,40 --seed 660 -o data/lab6-660c_cuka.xy
xrdfit simulate --phase fcc:a=3.7203,el=Cu:0.46/Ru:0.54,name=Cu0.46Ru0.54 --radiation CuKa --profile 0.004,-0.002,0.002,0,0.02 --asymmetry 0.02 --size-nm 3.9 --range 20:90 --step 0.02 --counts 6000 --background 900,-300,80 --seed 4654 -o data/curu_fcc_3.9nm_cuka.xy
xrdfit simulate --phase fcc:a=3.761,el=Cu:0.25/Ru:0.75,name=Ru-rich --phase fcc:a=3.626,el=Cu:0.94/Ru:0.06,name=Cu-rich --radiation CuKa --profile 0.004,-0.002,0.002,0,0.02 --asymmetry 0.02 --size-nm 2.4,3.5 --weight 0.6,0.4 --range 20:90 --step 0.02 --counts 5000 --background 900,-300,80 --seed 3761 -o data/curu_two-fcc_cuka.xy
xrdfit simulate --phase fcc:a=3.59,el=Cu:0.64/Co:0.36,name=Cu0.64Co0.36 --radiation CuKa --profile 0.004,-0.002,0.002,0,0.02 --asymmetry 0.02 --size-nm 6 --range 20:90 --step 0.02 --counts 8000 --background 700,-200,60 --seed 359 -o data/cuco_fcc_6nm_cuka.xy

# synchrotron, 0.5787 A, capillary (transmission), polarised beam,
# U 0.0004 V -0.0002 W 0.0002 deg^2, X 0, Y 0.004 deg, no asymmetry
xrdfit simulate --phase LaB6-660c --wavelength 0.5787 --geometry transmission --profile 0.0004,-0.0002,0.0002,0,0.004 --polarization synchrotron --range 5:45 --step 0.005 --counts 50000 --background 300,-100,30 --seed 5787 -o data/lab6-660c_sync0.5787.xy
xrdfit simulate --phase fcc:a=3.9005,el=Pt:0.8/Ru:0.2,name=Pt0.8Ru0.2 --phase hcp:a=2.7058,c=4.2816,el=Ru,name=Ru-hcp --wavelength 0.5787 --geometry transmission --profile 0.0004,-0.0002,0.0002,0,0.004 --polarization synchrotron --size-nm 3.5,2.5 --weight 0.7,0.3 --range 5:45 --step 0.02 --counts 10000 --background 600,-200,50 --seed 578 -o data/ptru_fcc-hcp_sync0.5787.xy
