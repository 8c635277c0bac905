# Adds a physically built amorphous carbon film to a ring profile (x = q, 1/A):
# f_e,C(s)^2 [1 + i(q)], s = q / 4 pi, f_e,C of Peng et al. (1996) (the C
# line of refdata/electron_scattering.xml), i(q) the Debye sum over shells of
# an sp2-rich amorphous carbon (distance r, neighbours n, spread sigma; the
# uniform density within R removed so that i(0) = 0), plus an inelastic
# fall-off kin f_e,C(0)^2 / (q^2 + 0.3)^1.5, scaled to amp counts at q = qref,
# with Gaussian noise of variance equal to the film's counts (seed).
# Usage: awk -v seed=N -v amp=A -v kin=K -v qref=Q -f carbon_film.awk FILE
# SPDX-License-Identifier: GPL-3.0-or-later
function fC(s,   s2) { s2 = s * s
    return 0.0893*exp(-0.2465*s2) + 0.2563*exp(-1.7100*s2) + 0.7570*exp(-6.4094*s2) \
         + 1.0487*exp(-18.6113*s2) + 0.3575*exp(-50.2523*s2) }
function film(q,   s, i, j, x) { s = q / (4 * 3.14159265358979)
    i = 0
    for (j = 1; j <= ns; j++) i += n[j] * sin(q * r[j]) / (q * r[j]) * exp(-sg[j]^2 * q^2 / 2)
    # the uniform density of the continuum within R removed (Sigma n atoms
    # in a sphere of radius R), which sets i(0) to 0
    x = q * R; i -= nt * 3 * (sin(x) - x * cos(x)) / (x * x * x) * exp(-0.09 * q * q)
    return fC(s)^2 * (1 + i) }
function inel(q) { return 1 / (q * q + 0.3)^1.5 }
function gauss(   u, v) { u = rand(); v = rand(); if (u < 1e-300) u = 1e-300
    return sqrt(-2 * log(u)) * cos(2 * 3.14159265358979 * v) }
BEGIN { srand(seed); ns = 5
    r[1] = 1.42; n[1] = 3; sg[1] = 0.07
    r[2] = 2.46; n[2] = 6; sg[2] = 0.13
    r[3] = 2.84; n[3] = 3; sg[3] = 0.16
    r[4] = 3.75; n[4] = 6; sg[4] = 0.25
    r[5] = 4.26; n[5] = 6; sg[5] = 0.30
    nt = 24; R = 4.6
    fr = film(qref) + kin * inel(qref) * fC(0)^2 }
/^#/ { print; next }
{ q = $1; b = amp * (film(q) + kin * inel(q) * fC(0)^2) / fr
  y = $2 + b + sqrt(b) * gauss(); printf "%s %.3f\n", $1, y }
