/* xrdgen: reflection list of one phase - all hkl of the full sphere down to
 * d_min, structure factors from the atom sites of the structure type, grouped
 * by equal d (so multiplicities and accidental overlaps such as fcc 333/511
 * or LaB6 300/221 come out of the enumeration, not from a table).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gen.h"

typedef struct { double x, y, z; int slot; } site; /* slot 0: el= mixture, 1: B or O */

static int sites_of(const gen_phase *ph, site *s)
{
    static const double F[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
    int n = 0;
    switch (ph->st) {
    case ST_SC:
        s[n++] = (site){0, 0, 0, 0};
        break;
    case ST_BCC:
        s[n++] = (site){0, 0, 0, 0};
        s[n++] = (site){.5, .5, .5, 0};
        break;
    case ST_FCC:
        for (int i = 0; i < 4; i++) s[n++] = (site){F[i][0], F[i][1], F[i][2], 0};
        break;
    case ST_DIAMOND: /* Fd-3m origin choice 1: fcc + (1/4,1/4,1/4) */
        for (int i = 0; i < 4; i++) {
            s[n++] = (site){F[i][0], F[i][1], F[i][2], 0};
            s[n++] = (site){F[i][0] + .25, F[i][1] + .25, F[i][2] + .25, 0};
        }
        break;
    case ST_FLUORITE: /* Fm-3m: cation 4a (0,0,0), O 8c (1/4,1/4,1/4) */
        for (int i = 0; i < 4; i++) {
            s[n++] = (site){F[i][0], F[i][1], F[i][2], 0};
            s[n++] = (site){F[i][0] + .25, F[i][1] + .25, F[i][2] + .25, 1};
            s[n++] = (site){F[i][0] + .75, F[i][1] + .75, F[i][2] + .75, 1};
        }
        break;
    case ST_LAB6: { /* Pm-3m: La 1a (0,0,0), B 6f (x,1/2,1/2) */
        double x = ph->xB;
        s[n++] = (site){0, 0, 0, 0};
        s[n++] = (site){x, .5, .5, 1};
        s[n++] = (site){-x, .5, .5, 1};
        s[n++] = (site){.5, x, .5, 1};
        s[n++] = (site){.5, -x, .5, 1};
        s[n++] = (site){.5, .5, x, 1};
        s[n++] = (site){.5, .5, -x, 1};
        break;
    }
    case ST_RUTILE: { /* P4_2/mnm: M 2a (0,0,0), (1/2,1/2,1/2); O 4f +-(x,x,0), +-(1/2+x,1/2-x,1/2) */
        double x = ph->xB;
        s[n++] = (site){0, 0, 0, 0};
        s[n++] = (site){.5, .5, .5, 0};
        s[n++] = (site){x, x, 0, 1};
        s[n++] = (site){-x, -x, 0, 1};
        s[n++] = (site){.5 + x, .5 - x, .5, 1};
        s[n++] = (site){.5 - x, .5 + x, .5, 1};
        break;
    }
    case ST_TENORITE: { /* C2/c: Cu 4c (1/4,1/4,0), (3/4,1/4,1/2); O 4e (0,y,1/4), (0,-y,3/4); + C */
        double y = ph->xB;
        const site base[4] = {{.25, .25, 0, 0}, {.75, .25, .5, 0}, {0, y, .25, 1}, {0, -y, .75, 1}};
        for (int i = 0; i < 4; i++) {
            s[n++] = base[i];
            s[n++] = (site){base[i].x + .5, base[i].y + .5, base[i].z, base[i].slot};
        }
        break;
    }
    case ST_CUPRITE: /* Pn-3m origin choice 2: Cu 4b (0,0,0)+fcc translations, O 2a */
        for (int i = 0; i < 4; i++) s[n++] = (site){F[i][0], F[i][1], F[i][2], 0};
        s[n++] = (site){.25, .25, .25, 1};
        s[n++] = (site){.75, .75, .75, 1};
        break;
    case ST_HCP: /* P6_3/mmc, 2c (1/3,2/3,1/4), (2/3,1/3,3/4) */
        s[n++] = (site){1.0 / 3, 2.0 / 3, .25, 0};
        s[n++] = (site){2.0 / 3, 1.0 / 3, .75, 0};
        break;
    }
    return n;
}

double gen_cell_volume(const gen_phase *ph)
{
    if (ph->st == ST_HCP) return sqrt(3.0) / 2.0 * ph->a_A * ph->a_A * ph->c_A;
    if (ph->st == ST_RUTILE) return ph->a_A * ph->a_A * ph->c_A;
    if (ph->st == ST_TENORITE) return ph->a_A * ph->b_A * ph->c_A * sin(ph->beta_deg * GEN_DEG);
    return ph->a_A * ph->a_A * ph->a_A;
}

static double inv_d2(const gen_phase *ph, int h, int k, int l)
{
    if (ph->st == ST_HCP)
        return 4.0 * (h * h + h * k + k * k) / (3.0 * ph->a_A * ph->a_A)
             + (double)(l * l) / (ph->c_A * ph->c_A);
    if (ph->st == ST_RUTILE)
        return (double)(h * h + k * k) / (ph->a_A * ph->a_A) + (double)(l * l) / (ph->c_A * ph->c_A);
    if (ph->st == ST_TENORITE) { /* unique axis b, textbook closed form */
        double sb = sin(ph->beta_deg * GEN_DEG), cb = cos(ph->beta_deg * GEN_DEG);
        return ((double)(h * h) / (ph->a_A * ph->a_A) + (double)(k * k) * sb * sb / (ph->b_A * ph->b_A)
                + (double)(l * l) / (ph->c_A * ph->c_A) - 2.0 * h * l * cb / (ph->a_A * ph->c_A))
             / (sb * sb);
    }
    return (double)(h * h + k * k + l * l) / (ph->a_A * ph->a_A);
}

typedef struct { double d, f2; int h, k, l; } raw;

static int cmp_raw(const void *a, const void *b)
{
    double da = ((const raw *)a)->d, db = ((const raw *)b)->d;
    return da < db ? 1 : da > db ? -1 : 0;
}

/* lexicographically larger non-negative hkl wins as the group's label */
static int better_label(int h, int k, int l, const gen_refl *r)
{
    if (h < 0 || k < 0 || l < 0) return 0;
    if (r->h < 0 || r->k < 0 || r->l < 0) return 1;
    if (h != r->h) return h > r->h;
    if (k != r->k) return k > r->k;
    return l > r->l;
}

/* Mott-Bethe: f_e = (m e^2 / (8 pi^2 eps0 h^2)) (Z - f0) / s^2, the constant in A */
#define MOTT_BETHE_A 0.023934

double gen_f2_hkl(const gen_phase *ph, int h, int k, int l, double s, int electron)
{
    site st[32];
    int ns = sites_of(ph, st);
    int ihB = gen_element_index(ph->st == ST_LAB6 ? "B" : "O");
    double dw = exp(-ph->biso_A2 * s * s);
    double fm = 0.0, fa = 0.0;
    for (int e = 0; e < ph->nel; e++) {
        double f = gen_f0(ph->el[e].z, s);
        if (electron) f = MOTT_BETHE_A * (gen_element_z(ph->el[e].z) - f) / (s * s);
        fm += ph->el[e].frac * f;
    }
    if (ns && ihB >= 0) {
        fa = gen_f0(ihB, s);
        if (electron) fa = MOTT_BETHE_A * (gen_element_z(ihB) - fa) / (s * s);
    }
    double re = 0.0, im = 0.0;
    for (int i = 0; i < ns; i++) {
        double f = (st[i].slot == 0 ? fm : fa) * dw;
        double ph2 = 2.0 * GEN_PI * (h * st[i].x + k * st[i].y + l * st[i].z);
        re += f * cos(ph2);
        im += f * sin(ph2);
    }
    return re * re + im * im;
}

int gen_reflections(gen_phase *ph, double dmin_A, int electron)
{
    ph->volume_A3 = gen_cell_volume(ph);
    int hmax, kmax, lmax;
    if (ph->st == ST_HCP) {
        hmax = kmax = (int)ceil(2.0 * ph->a_A / (sqrt(3.0) * dmin_A)) + 1;
        lmax = (int)ceil(ph->c_A / dmin_A) + 1;
    } else if (ph->st == ST_RUTILE || ph->st == ST_TENORITE) {
        /* |h| = |a . d*| <= a / d for any cell */
        hmax = (int)ceil(ph->a_A / dmin_A) + 1;
        kmax = (int)ceil((ph->st == ST_RUTILE ? ph->a_A : ph->b_A) / dmin_A) + 1;
        lmax = (int)ceil(ph->c_A / dmin_A) + 1;
    } else {
        hmax = kmax = lmax = (int)ceil(ph->a_A / dmin_A) + 1;
    }
    size_t cap = (size_t)(2 * hmax + 1) * (2 * kmax + 1) * (2 * lmax + 1);
    raw *r = malloc(cap * sizeof *r);
    if (!r) return -1;
    size_t nr = 0;
    double dinv2max = 1.0 / (dmin_A * dmin_A);
    for (int h = -hmax; h <= hmax; h++)
        for (int k = -kmax; k <= kmax; k++)
            for (int l = -lmax; l <= lmax; l++) {
                if (!h && !k && !l) continue;
                double q2 = inv_d2(ph, h, k, l);
                if (q2 > dinv2max) continue;
                double sl = 0.5 * sqrt(q2); /* sin(theta)/lambda = 1/(2d) */
                double f2 = gen_f2_hkl(ph, h, k, l, sl < 0.05 && electron ? 0.05 : sl, electron);
                if (ph->po_r > 0 && (ph->po[0] || ph->po[1] || ph->po[2])) {
                    /* March-Dollase (Dollase 1986): cos^2 of the angle to the axis from the
                     * reciprocal metric, (r^2 c^2 + s^2 / r)^(-3/2) */
                    int H = ph->po[0], K = ph->po[1], L = ph->po[2];
                    double qa = inv_d2(ph, H, K, L);
                    double dot = 0.5 * (inv_d2(ph, h + H, k + K, l + L) - q2 - qa);
                    double c2 = dot * dot / (q2 * qa), rr = ph->po_r;
                    f2 *= pow(rr * rr * c2 + (1.0 - c2) / rr, -1.5);
                }
                r[nr++] = (raw){1.0 / sqrt(q2), f2, h, k, l};
            }
    qsort(r, nr, sizeof *r, cmp_raw);
    gen_refl *g = malloc((nr ? nr : 1) * sizeof *g);
    if (!g) { free(r); return -1; }
    size_t ng = 0;
    double f2max = 0.0;
    for (size_t i = 0; i < nr; i++) {
        if (ng && fabs(g[ng - 1].d_A - r[i].d) < 1e-9 * r[i].d) {
            gen_refl *c = &g[ng - 1];
            c->mult++;
            c->f2sum += r[i].f2;
            if (better_label(r[i].h, r[i].k, r[i].l, c)) { c->h = r[i].h; c->k = r[i].k; c->l = r[i].l; }
        } else {
            g[ng++] = (gen_refl){r[i].h, r[i].k, r[i].l, 1, r[i].d, r[i].f2};
        }
    }
    free(r);
    for (size_t i = 0; i < ng; i++)
        if (g[i].f2sum > f2max) f2max = g[i].f2sum;
    size_t keep = 0;
    for (size_t i = 0; i < ng; i++) /* systematic absences: |F|^2 is 0 up to rounding */
        if (g[i].f2sum > 1e-9 * f2max) g[keep++] = g[i];
    ph->refl = g;
    ph->nrefl = (int)keep;
    return 0;
}

double gen_lp(double two_theta_deg, double mono_deg)
{
    double tt = two_theta_deg * GEN_DEG, th = 0.5 * tt, m = mono_deg * GEN_DEG;
    double c2 = cos(tt), cm = cos(m), st = sin(th);
    return (1.0 + c2 * c2 * cm * cm) / (st * st * cos(th));
}
