/* xrdgen: the powder average of one reflection. A crystal's reciprocal-lattice
 * blob |S(Q - G)|^2, isotropic about G, averaged over the sphere |Q| = q: with
 * rho = |Q - G| the sphere's area element is 2 pi q rho drho / G, so
 *     I(q) = |F(q)|^2 / (4 pi q^2) * integral |S|^2 dA
 *          = |F(q)|^2 [P(q - G) - P(q + G)] / (4 pi q G),
 * P the blob's projection on a line (the line profile in q, symmetric about G).
 * The generator keeps |F_hkl(q)|^2 of the group's labelled hkl (Debye-Waller
 * included), the polarisation of the beam, 1/q, and P(q - G); P(q + G), a tail
 * 2G away, is dropped. The line profile is evaluated at the q distance from
 * the peak, expressed in degrees 2theta at the peak (exact sin, no series), on
 * the true 2theta (observed minus the zero and displacement shift).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include "gen.h"


static double env_g(const gen_env *e, double true_tth_deg)
{
    double th = 0.5 * true_tth_deg * GEN_DEG;
    if (!(th > 0.0) || th >= 0.5 * GEN_PI) return 0.0;
    double s = sin(th) / e->lambda_A;
    if (e->electron && s < 0.05) s = 0.05; /* Mott-Bethe cancels digits below */
    double f2 = gen_f2_hkl(e->ph, e->h, e->k, e->l, s, e->electron);
    double pol = 1.0;
    if (!e->electron) {
        double c2 = cos(2.0 * th), cm = cos(e->mono_deg * GEN_DEG);
        pol = 1.0 + c2 * c2 * cm * cm;
    }
    return f2 * pol / (4.0 * GEN_PI * s);
}

void gen_env_init(gen_env *e, const gen_config *cfg, const gen_phase *ph, const gen_refl *rf,
                  double lambda_A, double th_k, double shift_deg)
{
    e->on = !cfg->symmetric;
    e->ph = ph;
    e->h = rf->h;
    e->k = rf->k;
    e->l = rf->l;
    e->lambda_A = lambda_A;
    e->electron = cfg->lambda_A[0] < GEN_ELECTRON_LAMBDA_A;
    e->mono_deg = cfg->mono_deg;
    e->shift_deg = shift_deg;
    e->th_k = th_k;
    e->g_k = e->on ? env_g(e, 2.0 * th_k / GEN_DEG) : 1.0;
    if (!(e->g_k > 0.0)) e->on = 0;
}

double gen_env_arg(const gen_env *e, double t, double c)
{
    if (!e->on) return t - c;
    double th = 0.5 * (t - e->shift_deg) * GEN_DEG;
    if (th >= 0.5 * GEN_PI) th = 0.5 * GEN_PI;
    return (sin(th) - sin(e->th_k)) / (cos(e->th_k) * 0.5 * GEN_DEG);
}

double gen_env_factor(const gen_env *e, double t)
{
    if (!e->on) return 1.0;
    return env_g(e, t - e->shift_deg) / e->g_k;
}
