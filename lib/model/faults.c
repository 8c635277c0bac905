/* Deformation (intrinsic) stacking faults of fcc crystals, Warren's model
 * (Warren, X-ray Diffraction, 1969, ch. 13; Velterop et al., J. Appl. Cryst.
 * 33 (2000) 296): per reflection family, the coefficients of its peak shift
 * and of its extra Lorentzian breadth. Referred to one {111} stacking
 * direction, the member (h k l) of a family has L0 = h + k + l; it is left
 * sharp when |L0| is a multiple of 3, and shifted by +|L0| (|L0| = 3N + 1) or
 * -|L0| (3N - 1) otherwise. Over the u + b members of the family (b of them
 * affected), with h0^2 = h^2 + k^2 + l^2:
 *   shift   Delta 2theta (deg) = (90 sqrt 3 / pi^2) alpha tan theta G,
 *           G = sum_b (+-|L0|) / (h0^2 (u + b))   (111: 1/4, 200: -1/2, 220: 1/4)
 *   breadth 1/D_eff = 1/D + 1.5 alpha V / a (the initial slope of the Fourier
 *           coefficients; as the integral breadth of a Lorentzian in 1/d, half:
 *           1.5 alpha V / (2 a), peak.c),
 *           V = sum_b |L0| / (h0 (u + b))          (111: sqrt3/4, 200: 1, 220: 1/sqrt2)
 * Twin faults (probability beta that the stacking reverses, ...ABCBA...)
 * broaden as 1/D_eff = 1/D + (1.5 alpha + beta) V / a, leave the maximum in
 * place (to first order) and make the profile asymmetric: along the stacking
 * direction an affected member's intensity is, near its node, a Lorentzian
 * plus (+-beta / sqrt 3) times its Hilbert transform (the two-state Markov
 * chain of the stacking direction: docs/faults.md), + for |L0| = 3N + 1, the
 * tail to high angles. Over the family
 *   asymmetry  profile + (beta / sqrt 3) T H[profile],
 *           T = sum_b (+-1) / (u + b)              (111: 3/4, 200: -1, 220: 1/2)
 * (the ratio -4/3 of 200 to 111 is that of Warren's centroid shifts, +11 and
 * -14.6 beta tan theta). SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "model/faults.h"

/* Every distinct signed permutation of (h k l): the family's members. */
static int members(int h, int k, int l, int out[48][3])
{
    static const int perm[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    int v[3] = {h, k, l}, n = 0;
    for (int p = 0; p < 6; p++)
        for (int s = 0; s < 8; s++) {
            int m[3];
            for (int c = 0; c < 3; c++)
                m[c] = v[perm[p][c]] * ((s >> c) & 1 ? -1 : 1);
            int seen = 0;
            for (int i = 0; i < n && !seen; i++)
                seen = out[i][0] == m[0] && out[i][1] == m[1] && out[i][2] == m[2];
            if (!seen) {
                out[n][0] = m[0];
                out[n][1] = m[1];
                out[n][2] = m[2];
                n++;
            }
        }
    return n;
}

void xrdi_fault_coefs(int h, int k, int l, double *g, double *v, double *t, double *lh)
{
    int m[48][3];
    int n = members(h, k, l, m);
    double h02 = (double)(h * h + k * k + l * l), sg = 0.0, sv = 0.0, st = 0.0;
    int nb = 0;
    for (int i = 0; i < n; i++) {
        int L0 = abs(m[i][0] + m[i][1] + m[i][2]);
        if (L0 % 3 == 0)
            continue;
        sg += L0 % 3 == 1 ? L0 : -L0;
        sv += L0;
        st += L0 % 3 == 1 ? 1.0 : -1.0;
        nb++;
    }
    int ok = h02 > 0 && n > 0;
    *g = ok ? sg / (h02 * n) : 0.0;
    *v = ok ? sv / (sqrt(h02) * n) : 0.0;
    *t = ok ? st / n : 0.0;
    *lh = ok && nb > 0 ? sv / (sqrt(h02) * nb) : 0.0;
}

int xrdi_faults_apply(const xrd_phase *ph)
{
    return ph->sg.number == 225;
}
