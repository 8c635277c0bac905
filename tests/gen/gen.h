/* xrdgen - independent synthetic powder-pattern generator for xrdfit's tests.
 * Shares no code with lib/ or include/xrdfit: own Bragg law, reflections,
 * structure factors, profiles. Internal header of the tests/gen sources.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDGEN_GEN_H
#define XRDGEN_GEN_H

#include <stddef.h>

#define GEN_MAX_PHASES 16
#define GEN_MAX_EL 8
#define GEN_MAX_BG 32
#define GEN_MAX_LINES 4
#define GEN_PI 3.14159265358979323846
#define GEN_DEG (GEN_PI / 180.0)

typedef enum {
    ST_FCC, ST_BCC, ST_HCP, ST_SC, ST_DIAMOND, ST_LAB6, ST_FLUORITE,
    ST_RUTILE,   /* tetragonal MO2, P4_2/mnm: a, c, x(O) */
    ST_TENORITE, /* monoclinic CuO, C2/c: a, b, c, beta, y(O) */
    ST_CUPRITE   /* cubic Cu2O, Pn-3m: Cu on the fcc sites, O at 1/4 1/4 1/4 and 3/4 3/4 3/4 */
} gen_structure;

typedef struct { int z; double frac; } gen_elfrac; /* z = index in the scattering-factor table */

/* One reflection group: every hkl of the full sphere with the same d (one phase). */
typedef struct {
    int h, k, l;      /* representative (largest h>=k>=l>=0 style, for cubic) */
    int mult;         /* number of hkl in the group */
    double d_A;
    double f2sum;     /* sum over the group of |F|^2 (Debye-Waller included), electrons^2 */
} gen_refl;

typedef struct {
    char name[64];
    gen_structure st;
    double a_A, b_A, c_A;     /* b only for tenorite, c for hcp, rutile, tenorite */
    double beta_deg;          /* tenorite monoclinic angle */
    int nel;                  /* elements on the "metal" site (random alloy, mean f) */
    gen_elfrac el[GEN_MAX_EL];
    double xB;                /* LaB6: boron x; rutile: O x; tenorite: O y */
    double biso_A2;
    double size_nm;           /* sphere diameter D; 0 = no size broadening */
    double strain;            /* integral-breadth apparent strain epsilon */
    double scale;             /* relative volume fraction (intensity ~ scale |F|^2 / V^2) */
    int po[3];                /* preferred-orientation axis (reciprocal hkl); 0 0 0 = none */
    double po_r;              /* its March-Dollase ratio (1 = random) */
    /* filled by the generator */
    int nrefl;
    gen_refl *refl;
    double volume_A3;
    double integral;          /* integrated diffracted intensity in the range (counts * x unit) */
    double share;
} gen_phase;

typedef enum { X_TTH, X_Q } gen_xunit;

typedef struct {
    int nphase;
    gen_phase ph[GEN_MAX_PHASES];
    char radiation[32];
    int nlines;
    double lambda_A[GEN_MAX_LINES], ratio[GEN_MAX_LINES];
    double U, V, W, X, Y;     /* deg^2, deg^2, deg^2, deg, deg */
    double s_l, h_l;          /* FCJ S/L, H/L (half-lengths over goniometer radius) */
    double axial_exp_deg;     /* W of the exponential axial kernel (kernel_exp.c); 0 = none */
    double mono_deg;          /* monochromator 2theta_m; 0 = none */
    double zero_deg, disp_mm, radius_mm;
    int nbg;
    double bg[GEN_MAX_BG];
    int hump;
    double hump_c, hump_fwhm, hump_h;
    double counts;
    double time_per_step_s;   /* > 0: y written as counts / T (counts per second) */
    int time_header;          /* 1: also a '# Time per step: T s' header line */
    int noise;                /* 0 none, 1 poisson */
    unsigned long seed;
    gen_xunit xunit;
    double x0, x1, step;
    int nsub;
    int sphere;               /* 1: exact sphere size profile instead of Lorentzian */
    int symmetric;            /* 1: peaks symmetric in 2theta, LP and |F|^2 at the centre
                                 (--symmetric-peaks); 0: the powder average (envelope.c) */
    const char *out, *truth;
    int list_elements;
    char cmdline[4096];
    /* filled by the generator */
    double peak_max_raw;      /* largest peak value before scaling */
    double k_counts;          /* counts per unit of raw intensity */
} gen_config;

/* options.c */
int gen_parse_args(int argc, char **argv, gen_config *cfg); /* 0 ok, 1 help shown, 2 usage error */
void gen_usage(void);

/* scatfac.c: Cromer-Mann f0(s), s = sin(theta)/lambda in 1/A */
int gen_element_index(const char *sym);
const char *gen_element_symbol(int idx);
int gen_element_z(int idx);
int gen_element_count(void);
double gen_f0(int idx, double s);

/* reflections.c */
/* electrons below this wavelength (A): Mott-Bethe f_e, no polarisation */
#define GEN_ELECTRON_LAMBDA_A 0.05
/* |F|^2 with X-ray f0, or Mott-Bethe f_e when electron; 0 ok, -1 out of memory */
int gen_reflections(gen_phase *ph, double dmin_A, int electron);
double gen_cell_volume(const gen_phase *ph);
double gen_lp(double two_theta_deg, double mono_deg);

/* reflections.c: |F(hkl)|^2 (Debye-Waller included, no texture) at s = sin(theta)/lambda
 * (1/A); electron = 1: f_e by the Mott-Bethe formula from f0 (A^2 units) */
double gen_f2_hkl(const gen_phase *ph, int h, int k, int l, double s, int electron);

/* envelope.c: the powder average of one reflection, I(q) ~ |F(q)|^2 P(2theta) / q times
 * a line profile symmetric in q about the Bragg q (the generator's own derivation) */
typedef struct {
    int on;
    const gen_phase *ph;
    int h, k, l, electron;
    double lambda_A, mono_deg;
    double shift_deg;     /* zero + displacement: observed - true 2theta */
    double th_k;          /* Bragg theta (rad) */
    double g_k;           /* g at the Bragg angle */
} gen_env;
/* Sets up env for reflection rf at line wavelength lambda (on = !cfg->symmetric). */
void gen_env_init(gen_env *e, const gen_config *cfg, const gen_phase *ph, const gen_refl *rf,
                  double lambda_A, double th_k, double shift_deg);
/* The profile's argument at observed 2theta t: the distance in q from the peak in
 * degrees at the peak (t - c for a symmetric peak), and the factor g(t) / g_k. */
double gen_env_arg(const gen_env *e, double t, double c);
double gen_env_factor(const gen_env *e, double t);

/* profile.c */
typedef struct {          /* fine uniform 2theta grid */
    double t0, dt;
    size_t n;
} gen_grid;
typedef struct {          /* discrete axial kernel: weight w[i] at shift (m0+i)*dt */
    int m0, n;
    double *w;
} gen_kernel;
int gen_fcj_kernel(double two_theta_deg, double s_l, double h_l, double dt, gen_kernel *k);
void gen_kernel_free(gen_kernel *k);
/* kernel_exp.c: one-sided exponential kernel of decay length W |cot 2theta| deg
 * (tail to low angles below 90 deg, to high angles above); 0 ok, -1 out of
 * memory, -2 wider than 2e7 grid steps. */
int gen_exp_kernel(double two_theta_deg, double w_par_deg, double dt, gen_kernel *k);
double gen_voigt_fwhm(double sigma, double gamma);
/* Adds area * (Voigt(sigma,gamma) [x] sphere(optional) [x] kernel) centred at c to acc. */
int gen_add_peak(const gen_grid *g, double c, double area, double sigma, double gamma,
                 const gen_env *env, const gen_kernel *k, double *acc);
/* Same with the exact size profile of spheres (kd = D cos(theta) (pi/180) / lambda,
 * 1/deg) instead of a size Lorentzian: analytic Fourier transforms, one FFT. */
int gen_add_peak_sphere(const gen_grid *g, double c, double area, double sigma, double gamma,
                        double kd, const gen_env *env, const gen_kernel *k, double *acc);

/* background.c */
double gen_background(const gen_config *cfg, double x);

/* noise.c */
void gen_noise(const gen_config *cfg, double *y, size_t n);

/* pattern.c */
int gen_pattern(gen_config *cfg, double **x, double **y, size_t *n);

/* output.c */
int gen_write_xy(const gen_config *cfg, const double *x, const double *y, size_t n);
int gen_write_truth(const gen_config *cfg);

#endif
