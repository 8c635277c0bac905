/* xrdgen: command-line options. Every error prints one sentence naming the
 * option, what was expected and what was found, and returns 2 (usage error).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"

void gen_usage(void)
{
    fputs(
"usage: xrdgen [options] [-o OUT.xy] [--truth OUT.json]\n"
"Synthetic powder XRD pattern with known truth (for xrdfit's tests).\n"
"  --phase STRUCT:key=val,...   repeatable; STRUCT fcc|bcc|hcp|sc|diamond|LaB6|fluorite\n"
"        a=A (A)  c=A (hcp)  el=Cu | el=Cu:0.5/Ru:0.5 (random alloy, mean f)\n"
"        size=D (sphere diameter, nm; 0 = none)  strain=EPS (integral-breadth)\n"
"        B=BISO (A^2, default 0.5)  scale=S (relative volume fraction, default 1)\n"
"        po=H/K/L r=R (preferred orientation along the normal of H K L, March-\n"
"        Dollase ratio R, per reflection of a group; default none)\n"
"        x=0.1975 (LaB6 boron x)  name=LABEL\n"
"  --radiation CuKa|CuKa1|CoKa|MoKa|FeKa|CrKa|AgKa   (default CuKa, Hoelzer Cu)\n"
"  --wavelength L       one line of L A (synchrotron); --ka2-ratio R (default 0.5);\n"
"                       below 0.05 A electrons: Mott-Bethe f_e = 0.023934 (Z - f0)/s^2\n"
"  --instrument U,V,W,X,Y   FWHM_G^2 = U tan^2+V tan+W (deg^2), FWHM_L = X tan+Y/cos (deg)\n"
"                       (default 0.004,-0.002,0.002,0,0.01)\n"
"  --asym SL,HL         FCJ axial divergence S/L,H/L half-lengths (default 0,0)\n"
"  --axial-exp W        instead of FCJ: a one-sided exponential axial kernel of\n"
"                       decay length W |cot 2theta| deg (W in deg, 0..0.5), tail\n"
"                       to low angles below 90 deg 2theta, to high angles above;\n"
"                       unit area, mean shift -+W |cot 2theta| (default 0 = none)\n"
"  --mono DEG           monochromator 2theta_m in LP (default 0 = none)\n"
"  --zero DEG  --displacement MM  --radius MM (default 240)\n"
"  --bg c0,c1,...       Chebyshev background (counts) on the range scaled to [-1,1]\n"
"  --hump C,FWHM,H      Gaussian amorphous hump (x units, counts)\n"
"  --counts N           strongest point N counts above background (default 10000)\n"
"  --time-per-step T    write counts / T (counts per second, 6 decimals) after the\n"
"                       noise, as many lab exports do; no time in the header\n"
"  --time-header        with --time-per-step: a '# Time per step: T s' line too\n"
"  --noise none|poisson (default poisson)   --seed N (default 1)\n"
"  --range A:B --step S (default 20:90, 0.02)  --x 2theta|q (q in 1/A)\n"
"  --subsamples N       fine nodes per step for bin integration (default 5)\n"
"  --size-profile lorentz|sphere  size broadening as a Lorentzian of the same\n"
"                       integral breadth (default) or the exact profile of spheres\n"
"  --symmetric-peaks    peaks symmetric in 2theta with LP and |F|^2 at the centre (the\n"
"                       Le Bail convention); by default each reflection is the powder\n"
"                       average, |F(q)|^2 P(2theta) / q times a profile symmetric in q\n"
"  --list-elements      print the scattering-factor table check and exit\n"
"  -o FILE (default stdout)  --truth FILE   -h, --help\n", stdout);
}

static int bad(const char *opt, const char *want, const char *got)
{
    fprintf(stderr, "xrdgen: %s: expected %s, found '%s'\n", opt, want, got ? got : "(nothing)");
    return 2;
}

static int num(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && isfinite(*v);
}

/* comma list of up to max numbers; returns count or -1 */
static int numlist(const char *s, char sep, double *v, int max)
{
    char buf[1024];
    if (strlen(s) >= sizeof buf) return -1;
    strcpy(buf, s);
    int n = 0;
    char *p = buf;
    for (;;) {
        char *q = strchr(p, sep);
        if (q) *q = '\0';
        if (n >= max || !num(p, &v[n])) return -1;
        n++;
        if (!q) break;
        p = q + 1;
    }
    return n;
}

static const struct { const char *name; gen_structure st; } STRUCTS[] = {
    {"fcc", ST_FCC}, {"bcc", ST_BCC}, {"hcp", ST_HCP}, {"sc", ST_SC},
    {"diamond", ST_DIAMOND}, {"LaB6", ST_LAB6}, {"fluorite", ST_FLUORITE},
    {"rutile", ST_RUTILE}, {"tenorite", ST_TENORITE}, {"cuprite", ST_CUPRITE},
};

static int parse_elements(const char *v, gen_phase *ph)
{
    char buf[256];
    if (strlen(v) >= sizeof buf) return bad("--phase el", "El[:frac]/El[:frac]...", v);
    strcpy(buf, v);
    ph->nel = 0;
    double sum = 0.0;
    for (char *tok = strtok(buf, "/"); tok; tok = strtok(NULL, "/")) {
        if (ph->nel >= GEN_MAX_EL) return bad("--phase el", "at most 8 elements", v);
        char *colon = strchr(tok, ':');
        double f = 1.0;
        if (colon) {
            *colon = '\0';
            if (!num(colon + 1, &f) || f <= 0.0)
                return bad("--phase el", "a positive fraction after ':'", colon + 1);
        }
        int z = gen_element_index(tok);
        if (z < 0) return bad("--phase el", "an element of the table (see --list-elements)", tok);
        ph->el[ph->nel++] = (gen_elfrac){z, f};
        sum += f;
    }
    if (ph->nel == 0) return bad("--phase el", "El[:frac]/El[:frac]...", v);
    for (int i = 0; i < ph->nel; i++) ph->el[i].frac /= sum; /* normalised to 1 */
    return 0;
}

static int parse_phase(const char *spec, gen_config *cfg)
{
    if (cfg->nphase >= GEN_MAX_PHASES) return bad("--phase", "at most 16 phases", spec);
    gen_phase *ph = &cfg->ph[cfg->nphase];
    memset(ph, 0, sizeof *ph);
    ph->biso_A2 = 0.5;
    ph->scale = 1.0;
    ph->xB = 0.1975;
    char buf[1024];
    if (strlen(spec) >= sizeof buf) return bad("--phase", "a shorter specification", spec);
    strcpy(buf, spec);
    char *colon = strchr(buf, ':');
    if (colon) *colon = '\0';
    const char *sn = NULL;
    for (size_t i = 0; i < sizeof STRUCTS / sizeof STRUCTS[0]; i++)
        if (strcmp(buf, STRUCTS[i].name) == 0) { ph->st = STRUCTS[i].st; sn = STRUCTS[i].name; }
    if (!sn)
        return bad("--phase",
                   "STRUCT fcc|bcc|hcp|sc|diamond|LaB6|fluorite|rutile|tenorite|cuprite before ':'",
                   buf);
    if (ph->st == ST_RUTILE) ph->xB = 0.3058;   /* RuO2, Bolzan et al. 1997 */
    if (ph->st == ST_TENORITE) ph->xB = 0.4184; /* CuO, Asbrink & Norrby 1970 */
    snprintf(ph->name, sizeof ph->name, "%.16s-%d", sn, cfg->nphase + 1);
    int have_el = 0;
    if (colon) {
        /* split on ',' only: the el= value uses ':' and '/' */
        char *p = colon + 1;
        while (*p) {
            char *comma = strchr(p, ',');
            if (comma) *comma = '\0';
            char *eq = strchr(p, '=');
            if (!eq) return bad("--phase", "key=value", p);
            *eq = '\0';
            const char *k = p, *v = eq + 1;
            double d;
            if (strcmp(k, "el") == 0) {
                int rc = parse_elements(v, ph);
                if (rc) return rc;
                have_el = 1;
            } else if (strcmp(k, "name") == 0) {
                snprintf(ph->name, sizeof ph->name, "%.60s", v);
            } else if (strcmp(k, "po") == 0) {
                int used = 0;
                if (sscanf(v, "%d/%d/%d%n", &ph->po[0], &ph->po[1], &ph->po[2], &used) != 3 ||
                    v[used] || (!ph->po[0] && !ph->po[1] && !ph->po[2]))
                    return bad("--phase", "po=H/K/L (integers, not 0/0/0)", v);
            } else {
                if (!num(v, &d)) return bad("--phase", "a number after '='", v);
                if (strcmp(k, "a") == 0) ph->a_A = d;
                else if (strcmp(k, "c") == 0) ph->c_A = d;
                else if (strcmp(k, "b") == 0) ph->b_A = d;
                else if (strcmp(k, "beta") == 0) ph->beta_deg = d;
                else if (strcmp(k, "y") == 0) ph->xB = d;
                else if (strcmp(k, "size") == 0) ph->size_nm = d;
                else if (strcmp(k, "strain") == 0) ph->strain = d;
                else if (strcmp(k, "B") == 0 || strcmp(k, "biso") == 0) ph->biso_A2 = d;
                else if (strcmp(k, "scale") == 0) ph->scale = d;
                else if (strcmp(k, "x") == 0) ph->xB = d;
                else if (strcmp(k, "r") == 0) ph->po_r = d;
                else return bad("--phase", "a key a|b|c|beta|el|size|strain|B|scale|x|y|po|r|name", k);
                if (d < 0.0) return bad("--phase", "a non-negative value", v);
            }
            if (!comma) break;
            p = comma + 1;
        }
    }
    if (!(ph->a_A > 0.0)) return bad("--phase", "a=LATTICE (A, > 0)", spec);
    if ((ph->st == ST_HCP || ph->st == ST_RUTILE || ph->st == ST_TENORITE) && !(ph->c_A > 0.0))
        return bad("--phase", "c=LATTICE for hcp, rutile and tenorite", spec);
    if (ph->st == ST_TENORITE && !(ph->b_A > 0.0 && ph->beta_deg > 60.0 && ph->beta_deg < 150.0))
        return bad("--phase", "b=LATTICE and beta=ANGLE (60..150 deg) for tenorite", spec);
    if (!have_el) {
        if (ph->st == ST_LAB6 || ph->st == ST_FLUORITE || ph->st == ST_TENORITE ||
            ph->st == ST_CUPRITE) {
            ph->nel = 1;
            ph->el[0] = (gen_elfrac){gen_element_index(ph->st == ST_LAB6       ? "La"
                                                       : ph->st == ST_FLUORITE ? "Ce"
                                                       : ph->st == ST_CUPRITE  ? "Cu"
                                                                               : "Cu"),
                                     1.0};
        } else {
            return bad("--phase", "el=ELEMENT(S) for this structure", spec);
        }
    }
    cfg->nphase++;
    return 0;
}

static int set_radiation(gen_config *cfg, const char *v)
{
    static const struct { const char *n; double l1, l2; } R[] = {
        {"CuKa", 1.5405929, 1.5444274},  /* Hoelzer et al. 1997 */
        {"CuKa1", 1.5405929, 0.0},
        {"CoKa", 1.788965, 1.792850},    /* Bearden-type, ICDD */
        {"MoKa", 0.709300, 0.713590},
        {"FeKa", 1.936042, 1.939980},
        {"CrKa", 2.289700, 2.293606},
        {"AgKa", 0.559421, 0.563813},
    };
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++)
        if (strcmp(v, R[i].n) == 0) {
            snprintf(cfg->radiation, sizeof cfg->radiation, "%s", v);
            cfg->lambda_A[0] = R[i].l1;
            cfg->ratio[0] = 1.0;
            cfg->nlines = 1;
            if (R[i].l2 > 0.0) {
                cfg->lambda_A[1] = R[i].l2;
                cfg->nlines = 2;
            }
            return 0;
        }
    return bad("--radiation", "CuKa|CuKa1|CoKa|MoKa|FeKa|CrKa|AgKa", v);
}

int gen_parse_args(int argc, char **argv, gen_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    set_radiation(cfg, "CuKa");
    double ka2 = 0.5;
    cfg->U = 0.004; cfg->V = -0.002; cfg->W = 0.002; cfg->X = 0.0; cfg->Y = 0.01;
    cfg->radius_mm = 240.0;
    cfg->counts = 10000.0;
    cfg->noise = 1;
    cfg->seed = 1;
    cfg->x0 = 20.0; cfg->x1 = 90.0; cfg->step = 0.02;
    cfg->nsub = 5;
    size_t used = 0;
    for (int i = 0; i < argc && used + 2 < sizeof cfg->cmdline; i++) {
        int w = snprintf(cfg->cmdline + used, sizeof cfg->cmdline - used, "%s%s", i ? " " : "", argv[i]);
        if (w < 0) break;
        used += (size_t)w;
        if (used >= sizeof cfg->cmdline) { used = sizeof cfg->cmdline - 1; break; }
    }
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) { gen_usage(); return 1; }
        if (strcmp(o, "--list-elements") == 0) { cfg->list_elements = 1; continue; }
        if (strcmp(o, "--time-header") == 0) { cfg->time_header = 1; continue; }
        if (strcmp(o, "--symmetric-peaks") == 0) { cfg->symmetric = 1; continue; }
        if (o[0] != '-') return bad("arguments", "an option starting with '-'", o);
        static const char *const WITHARG[] = {
            "--phase", "--radiation", "--wavelength", "--ka2-ratio", "--instrument", "--asym",
            "--axial-exp", "--time-per-step",
            "--mono", "--zero", "--displacement", "--radius", "--bg", "--hump", "--counts",
            "--noise", "--seed", "--range", "--step", "--x", "--subsamples", "--size-profile",
            "-o", "--truth"};
        int known = 0;
        for (size_t j = 0; j < sizeof WITHARG / sizeof WITHARG[0]; j++)
            if (strcmp(o, WITHARG[j]) == 0) known = 1;
        if (!known) return bad("options", "a known option (see --help)", o);
        if (i + 1 >= argc) return bad(o, "an argument", NULL);
        const char *v = argv[++i];
        double d, l[GEN_MAX_BG];
        int rc = 0;
        if (strcmp(o, "--phase") == 0) rc = parse_phase(v, cfg);
        else if (strcmp(o, "--radiation") == 0) rc = set_radiation(cfg, v);
        else if (strcmp(o, "--wavelength") == 0) {
            if (!num(v, &d) || d <= 0.0) return bad(o, "a wavelength > 0 (A)", v);
            cfg->nlines = 1;
            cfg->lambda_A[0] = d;
            snprintf(cfg->radiation, sizeof cfg->radiation, "single");
        } else if (strcmp(o, "--ka2-ratio") == 0) {
            if (!num(v, &ka2) || ka2 < 0.0) return bad(o, "a ratio >= 0", v);
        } else if (strcmp(o, "--instrument") == 0) {
            if (numlist(v, ',', l, 5) != 5) return bad(o, "U,V,W,X,Y (5 numbers)", v);
            cfg->U = l[0]; cfg->V = l[1]; cfg->W = l[2]; cfg->X = l[3]; cfg->Y = l[4];
        } else if (strcmp(o, "--asym") == 0) {
            if (numlist(v, ',', l, 2) != 2 || l[0] < 0.0 || l[1] < 0.0 || l[0] + l[1] > 0.5)
                return bad(o, "SL,HL (two numbers >= 0, sum <= 0.5)", v);
            cfg->s_l = l[0]; cfg->h_l = l[1];
        } else if (strcmp(o, "--axial-exp") == 0) {
            if (!num(v, &cfg->axial_exp_deg) || cfg->axial_exp_deg < 0.0 || cfg->axial_exp_deg > 0.5)
                return bad(o, "a decay constant W in [0, 0.5] deg", v);
        } else if (strcmp(o, "--mono") == 0) {
            if (!num(v, &cfg->mono_deg) || cfg->mono_deg < 0.0 || cfg->mono_deg >= 180.0)
                return bad(o, "a monochromator 2theta in [0,180) deg", v);
        } else if (strcmp(o, "--zero") == 0) {
            if (!num(v, &cfg->zero_deg)) return bad(o, "a number (deg)", v);
        } else if (strcmp(o, "--displacement") == 0) {
            if (!num(v, &cfg->disp_mm)) return bad(o, "a number (mm)", v);
        } else if (strcmp(o, "--radius") == 0) {
            if (!num(v, &cfg->radius_mm) || cfg->radius_mm <= 0.0) return bad(o, "a radius > 0 (mm)", v);
        } else if (strcmp(o, "--bg") == 0) {
            int n = numlist(v, ',', cfg->bg, GEN_MAX_BG);
            if (n < 1) return bad(o, "c0,c1,... (1 to 32 numbers)", v);
            cfg->nbg = n;
        } else if (strcmp(o, "--hump") == 0) {
            if (numlist(v, ',', l, 3) != 3 || l[1] <= 0.0) return bad(o, "CENTRE,FWHM,HEIGHT (FWHM > 0)", v);
            cfg->hump = 1; cfg->hump_c = l[0]; cfg->hump_fwhm = l[1]; cfg->hump_h = l[2];
        } else if (strcmp(o, "--counts") == 0) {
            if (!num(v, &cfg->counts) || cfg->counts <= 0.0) return bad(o, "a count > 0", v);
        } else if (strcmp(o, "--time-per-step") == 0) {
            if (!num(v, &cfg->time_per_step_s) || cfg->time_per_step_s <= 0.0)
                return bad(o, "a counting time per step > 0 (s)", v);
        } else if (strcmp(o, "--noise") == 0) {
            if (strcmp(v, "none") == 0) cfg->noise = 0;
            else if (strcmp(v, "poisson") == 0) cfg->noise = 1;
            else return bad(o, "none|poisson", v);
        } else if (strcmp(o, "--seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(v, &end, 10);
            if (end == v || *end || errno || v[0] == '-') return bad(o, "a non-negative integer", v);
            cfg->seed = (unsigned long)s;
        } else if (strcmp(o, "--range") == 0) {
            if (numlist(v, ':', l, 2) != 2 || !(l[1] > l[0])) return bad(o, "A:B with A < B", v);
            cfg->x0 = l[0]; cfg->x1 = l[1];
        } else if (strcmp(o, "--step") == 0) {
            if (!num(v, &cfg->step) || cfg->step <= 0.0) return bad(o, "a step > 0", v);
        } else if (strcmp(o, "--x") == 0) {
            if (strcmp(v, "2theta") == 0) cfg->xunit = X_TTH;
            else if (strcmp(v, "q") == 0) cfg->xunit = X_Q;
            else return bad(o, "2theta|q", v);
        } else if (strcmp(o, "--subsamples") == 0) {
            if (!num(v, &d) || d < 1 || d > 100 || d != floor(d)) return bad(o, "an integer 1..100", v);
            cfg->nsub = (int)d;
        } else if (strcmp(o, "--size-profile") == 0) {
            if (strcmp(v, "lorentz") == 0) cfg->sphere = 0;
            else if (strcmp(v, "sphere") == 0) cfg->sphere = 1;
            else return bad(o, "lorentz|sphere", v);
        } else if (strcmp(o, "-o") == 0) cfg->out = v;
        else if (strcmp(o, "--truth") == 0) cfg->truth = v;
        if (rc) return rc;
    }
    if (cfg->nlines == 2) cfg->ratio[1] = ka2;
    if (cfg->time_header && !(cfg->time_per_step_s > 0.0))
        return bad("--time-header", "--time-per-step T with it", "no --time-per-step");
    if (cfg->axial_exp_deg > 0.0 && cfg->s_l + cfg->h_l > 0.0) {
        char r[64];
        snprintf(r, sizeof r, "--asym %g,%g", cfg->s_l, cfg->h_l);
        return bad("--axial-exp", "no FCJ --asym with it (one axial kernel at a time)", r);
    }
    /* range checks need the wavelength */
    if (cfg->xunit == X_TTH) {
        if (cfg->x0 <= 0.0 || cfg->x1 >= 180.0) {
            char r[64];
            snprintf(r, sizeof r, "%g:%g", cfg->x0, cfg->x1);
            return bad("--range", "2theta inside (0,180) deg", r);
        }
    } else {
        double qmax = 4.0 * GEN_PI / cfg->lambda_A[0];
        if (cfg->x0 <= 0.0 || cfg->x1 + 0.5 * cfg->step >= qmax) {
            char r[96];
            snprintf(r, sizeof r, "%g:%g (q max %.4g for this wavelength)", cfg->x0, cfg->x1, qmax);
            return bad("--range", "q inside (0, 4 pi / lambda) 1/A", r);
        }
    }
    double npts = (cfg->x1 - cfg->x0) / cfg->step;
    if (npts > 1e7 || npts < 1.0) {
        char r[64];
        snprintf(r, sizeof r, "%g", cfg->step);
        return bad("--step", "between 2 and 10^7 points in the range", r);
    }
    return 0;
}
