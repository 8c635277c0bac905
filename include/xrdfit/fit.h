/* xrdfit: multi-phase Le Bail refinement of a powder pattern.
 * Workflow (like GSL's multifit_nlinear): fill xrd_fit_options, create a
 * workspace with xrd_fit_new, run it with xrd_fit_run, read xrd_fit_result,
 * free with xrd_fit_free. A workspace is used by one thread at a time;
 * separate workspaces run on separate threads safely.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_FIT_H
#define XRDFIT_FIT_H

#include <stddef.h>
#include "xrdfit/crystal.h"
#include "xrdfit/error.h"
#include "xrdfit/instrument.h"
#include "xrdfit/pattern.h"
#include "xrdfit/phase.h"
#include "xrdfit/scattering.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XRD_MAX_CHEB 24

/* Background: Chebyshev polynomial of the first kind in x scaled to [-1,1]
 * over the fitted range, optional c/x term, optional amorphous hump
 * (Gaussian: centre, FWHM in deg, height in counts). */
/* Sphere diameter (nm) below which a Le Bail fit's lattice parameters carry the
 * finite-size biases of atomistic clusters (measured on Debye-equation patterns,
 * bench/study_dse_analyze.sh: 0.003-0.08 A up to a Le Bail diameter of 3.5 nm,
 * shapes, facets, twins); the reports say so and point to fit --debye. The
 * diameter below which analyze tries the clusters (XRD_CLUSTERS_AUTO_NM). */
#define XRD_SMALL_CRYSTAL_NM 4.0

/* Sphere diameter (nm) below which xrd_fit_choose_size_term tries a lognormal
 * distribution of spheres instead of the Voigt size term. */
#define XRD_SIZE_CHOICE_NM 3.0

/* Points a fit takes by default (a 130k-point synchrotron pattern needs 25 MB
 * and a fraction of a second; memory and time grow linearly). */
#define XRD_FIT_MAX_POINTS ((size_t)2000000)

typedef struct {
    int n_cheb;
    double cheb[XRD_MAX_CHEB];
    int use_inv_x;
    double inv_x;              /* counts * deg */
    int use_hump;
    double hump_center_deg, hump_fwhm_deg, hump_height;
    /* electron ring profiles: an amorphous (carbon) film's steep fall-off
     * film_amp * (film_x0_deg / 2theta)^film_power, counts, and up to two broad
     * Gaussian rings (centre, FWHM in deg, height in counts) */
    int use_film;
    double film_amp, film_power, film_x0_deg;
    int n_rings;
    double ring_center_deg[2], ring_fwhm_deg[2], ring_height[2];
} xrd_background;

/* A Gaussian restraint (prior) on a refined parameter: chi2 gains
 * ((value - mean) / sd)^2. sd <= 0 or NaN: no restraint. */
typedef struct {
    double mean, sd;
} xrd_prior;

/* How the instrument's position and asymmetry terms are treated. */
typedef enum {
    XRD_INSTMODEL_AUTO = 0,      /* calibrated instrument: as calibrated (zero held, displacement
                                    restrained); uncalibrated: zero, displacement (Bragg-Brentano)
                                    and axial asymmetry refined with priors of their plausible range */
    XRD_INSTMODEL_SWITCHES       /* only what refine_zero / refine_displacement / refine_instrument
                                    say, without restraints (the behaviour before priors) */
} xrd_instrument_model;

/* Messages from the refinement (stages, parameter sets, progress). */
typedef void (*xrd_log_fn)(void *user, const char *message);

typedef struct {
    double x_min, x_max;         /* fitted range (pattern unit = 2theta deg); NaN = all */
    int n_background;            /* Chebyshev terms; 0 = chosen from the pattern */
    int background_inv_x;        /* add a c/x term */
    int background_hump;         /* add an amorphous hump */
    int background_auto;         /* default 1: for broad peaks, with n_background 0 and neither
                                    hump nor c/x asked for, also try a hump (free centre and
                                    width), c/x and both, and keep the lowest BIC; at an
                                    electron wavelength also an amorphous carbon film
                                    (power-law fall-off + two broad rings, docs/electron.md) */
    double hump_center_deg;      /* start of the hump centre; 0 = 20 deg */
    int refine_instrument;       /* refine U V W X Y and asymmetry (standards) */
    int refine_asymmetry;        /* with refine_instrument: also S/L = H/L */
    int refine_zero;             /* default 1 */
    int refine_displacement;     /* default 1; Bragg-Brentano only (restrained: see priors) */
    int refine_ka2_ratio;        /* default 0 */
    int hold_cell;               /* 1: every phase's cell held at its given value (a standard
                                    with its certified cell); default 0 */
    int refine_wavelength;       /* 1: refine the wavelength (all lines in their ratio), for a
                                    standard with its cell held; default 0 */
    int refine_faults;           /* 1: refine each fcc (Fm-3m) phase's deformation fault
                                    probability alpha (Warren: hkl-dependent peak shifts and
                                    breadths); default 0 */
    int size_auto;               /* 1 (default): xrd_fit_choose_size_term may replace the
                                    Voigt size term of crystals below XRD_SIZE_CHOICE_NM by a
                                    lognormal distribution of spheres; 0: it keeps the fit */
    int refine_twins;            /* 1: refine each fcc phase's twin fault probability beta
                                    (Warren: hkl-dependent breadth and asymmetry, the
                                    maxima in place); default 0 */
    int refine_radial;           /* 1: refine the radial distortion k3 of a ring profile
                                    (instrument.radial_k3_A2), for a standard film with its
                                    cell held; default 0 */
    int refine_size;             /* per-phase Lorentzian size; default 1 */
    int refine_strain;           /* per-phase Gaussian microstrain; default 1 */
    int size_gauss;              /* 1 (default): the size term is a Voigt, a Gaussian part
                                    (~1/cos, at most 5 times the Lorentzian's breadth) refined
                                    with the Lorentzian; LVol from the Voigt's integral
                                    breadth. 0: Lorentzian only */
    int size_lognormal;          /* 1: the size term is a lognormal distribution of spheres
                                    (Fourier profile, docs/size_lognormal.md): its 1/LVol and
                                    sigma of ln D refined, the diameters reported; overrides
                                    size_gauss. Default 0 */
    size_t max_points;           /* refuse a fitted range of more points (default
                                  * XRD_FIT_MAX_POINTS; 0 = the default) */
    int max_cycles;              /* cap of least-squares steps over all stages (with
                                    classic_cycles: of Le Bail / least-squares cycles);
                                    default 100 */
    double tail_fraction;        /* profile window: neglected tail area; default 1e-3 */
    int true_voigt;              /* 1: exact Voigt (libcerf) instead of the TCH pseudo-Voigt */
    int pearson7;                /* 1: Pearson VII with the TCH FWHM and integral breadth */
    int symmetric_peaks;         /* 1: peaks symmetric in 2theta, their smooth factors
                                    (Lorentz-polarisation, f^2, Debye-Waller) at the centre,
                                    as TOPAS, GSAS-II and FullProf; 0 (default): symmetric
                                    in q with the factors at every point (docs/envelope.md) */
    int rescue;                  /* 1 (default): when the fast route does not converge, the
                                    classic cycles continue from its values (at most 20) */
    int classic_cycles;          /* 1: Le Bail cycles alternating with least squares at fixed
                                    intensities (slow; for comparison); 0 (default): the
                                    intensities and background are solved with every step */
    xrd_instrument_model instrument_model; /* default XRD_INSTMODEL_AUTO */
    xrd_prior zero_prior_deg;    /* sd 0 = the plausible range for the instrument (AUTO) */
    xrd_prior displacement_prior_mm;
    xrd_prior asymmetry_prior;   /* FCJ S/L = H/L */
    int ignore_serial_correlation; /* 0 (default): residuals correlated from point to point
                                    (a profile the model misses) carry less information: the
                                    esds include the Berar-Lelann factor and the restraints
                                    weigh its square more against the data; 1: covariance
                                    x GOF^2 only */
    double zero_limit_deg;       /* a fit ending with |zero| above this is not converged; 0.5 */
    double displacement_limit_mm; /* ... |displacement| above this; 1.0 */
    int threads;                 /* threads for the passes over the points; 0 (default) =
                                    one per online processor, at most 16. The result is
                                    the same to the last digit for any number */
    xrd_log_fn log;              /* NULL = silent */
    void *log_user;
    /* Rietveld refinement: intensities from the phases' structures instead of
       Le Bail extraction (every phase needs atoms, e.g. from a phase file, a
       CIF or el=); refined: one scale per phase and a B shift added to all of
       its sites. Default 0 (Le Bail). */
    int rietveld;
    int refine_biso;             /* with rietveld: the B shift per phase; default 1 */
    xrd_polarization polarization; /* LP's polarisation; default XRD_POL_UNPOLARIZED
                                    (a lab tube), XRD_POL_SYNCHROTRON, or a monochromator */
    double mono_two_theta_deg;   /* with XRD_POL_MONOCHROMATOR: its 2theta (deg) */
    const xrd_dispersion *dispersion; /* f', f'' at the wavelength (NULL: neglected); not
                                    owned: it must outlive the workspace */
    const xrd_electron_factors *electron_factors; /* f_e for an electron wavelength: the
                                    intensities of Rietveld phases and of the ties of
                                    reflections outside the range (NULL: Rietveld refused,
                                    no ties from structure); not owned, as dispersion */
    int surface_roughness;       /* with rietveld: refine the Suortti surface roughness P, Q
                                    of a flat plate (Bragg-Brentano; it lowers the low-angle
                                    intensities alike for every phase); default 0 */
} xrd_fit_options;

/* One refined parameter, in natural units. esd is NaN when undetermined. */
typedef struct {
    char name[48];               /* "zero_deg", "Cu.a_A", "U", "bkg3" ... */
    double value, esd;
    int at_bound;
    double prior_mean, prior_sd; /* its restraint; prior_sd 0 when none */
} xrd_param;

typedef struct {
    int h, k, l;
    int multiplicity;
    double d_A;
    double two_theta_deg;        /* Ka1 (or single line) position incl. zero/displacement */
    double intensity;            /* Le Bail integrated intensity (counts * deg) */
    double fwhm_deg;
    int in_range;                /* centre inside the fitted range */
} xrd_refl_result;

typedef struct {
    char name[64];
    char structure[32];
    xrd_spacegroup sg;
    xrd_cell cell, cell_esd;     /* esd 0 for constrained / fixed parameters; the total esd */
    xrd_cell cell_esd_stat;      /* esd with the instrument terms (zero, displacement,
                                    asymmetry, profile) held at their values: counting statistics */
    xrd_cell cell_esd_inst;      /* the instrument's part: sqrt(total^2 - stat^2) */
    xrd_cell cell_esd_lambda;    /* the wavelength's part of cell_esd_inst: length x
                                    lambda_esd / lambda (shared by every phase) */
    double size_nm, size_esd_nm; /* volume-weighted column length LVol-IB (K = 1) */
    double sphere_diameter_nm, sphere_diameter_esd_nm; /* 4/3 LVol */
    int size_status;             /* 1 determined, 0 not refined, -1 not significant */
    int size_lognormal;          /* 1: a lognormal distribution of spheres was refined; then
                                    (NaN otherwise) its number distribution's median D0 and
                                    sigma of ln D, the number-weighted mean <D> = D0 e^(s^2/2),
                                    the area- (<D^3>/<D^2>) and volume-weighted (<D^4>/<D^3> =
                                    sphere_diameter_nm) means, with esds */
    double size_sigma, size_sigma_esd;
    double d_median_nm, d_median_esd_nm;
    double d_number_nm, d_number_esd_nm;
    double d_area_nm, d_area_esd_nm;
    double strain, strain_esd;   /* integral-breadth microstrain (beta = 4 e tan theta) */
    int faults_refined;          /* 1: fault_alpha refined (fit_options.refine_faults, fcc) */
    double fault_alpha, fault_alpha_esd; /* deformation fault probability (Warren) */
    int twins_refined;           /* 1: twin_beta refined (fit_options.refine_twins, fcc) */
    double twin_beta, twin_beta_esd; /* twin fault probability (Warren) */
    double intensity_share;      /* this phase's share of the diffracted intensity, 0..1 */
    int debye_clusters;          /* 1: cell and size are a Debye-equation cluster model's
                                    (analyze's answer, xrd_analyze_phase_answer); 0: this fit's */
    /* Rietveld (rietveld = 1; NaN otherwise). Fractions are relative to the
       crystalline phases of the model: an amorphous or unmodelled remainder is
       not counted (Hill & Howard 1987: w_p = S_p (ZMV)_p / sum_q S_q (ZMV)_q). */
    int rietveld;
    double scale, scale_esd;     /* S: intensities = S sum|F|^2 LP / V^2 */
    double biso_A2, biso_esd_A2; /* the B shift refined for every site (A^2; 0 not refined) */
    double cell_mass_u;          /* mass of the cell's contents (u) */
    double density_g_cm3;        /* calculated density */
    double mu_mass_cm2_g;        /* mass absorption coefficient at lambda (photoabsorption
                                    from f''; NaN without a dispersion table) */
    double weight_fraction, weight_fraction_esd;
    double volume_fraction, volume_fraction_esd;
    double mole_fraction;        /* of formula units (the phase's formula; one atom if none) */
    double r_bragg, r_f;         /* agreement of the Rietveld-partitioned "observed" with the
                                    calculated intensities: sum|Io-Ic|/sum Io, on sqrt(I) */
    int po_on;                   /* preferred orientation refined (March-Dollase) */
    int po_hkl[3];               /* its axis */
    double po_r, po_r_esd;       /* its ratio: 1 random, < 1 platelets, > 1 needles */
    int n_sites;                 /* the asymmetric unit with the refined B (biso_A2 + shift) */
    xrd_atom sites[XRD_MAX_ATOMS];
    size_t n_refl;
    xrd_refl_result *refl;
} xrd_phase_result;

typedef struct {
    int converged;
    char message[256];           /* why it stopped, or what diverged */
    int cycles;
    double Rp, Rwp, Rexp, GOF, chi2, chi2_red;
    double Rwp_bkg;              /* background-subtracted Rwp */
    double bic;                  /* chi2 + k ln N */
    double durbin_watson;
    double berar_lelann_factor;  /* sqrt((1+rho)/(1-rho)), rho = 1 - DW/2: the esd factor of
                                    serially correlated residuals (Berar & Lelann 1991) */
    double serial_factor;        /* the factor the esds include (1 when ignored or <= 1) */
    double restraint_weight;     /* how much more the instrument restraints weighed against
                                    the data than GOF^2 alone gives (serial_factor^2 of the
                                    first solution when refined again; 1 none) */
    size_t n_points, n_params;   /* n_params includes the Le Bail intensities */
    xrd_instrument instrument;   /* final values */
    xrd_background background;
    char background_model[160];  /* "8 Chebyshev terms + amorphous hump, chosen by BIC ..." */
    char size_model[200];        /* how xrd_fit_choose_size_term chose the size term; "" when
                                    it was not asked or did not apply */
    char intensity_model[200];   /* Rietveld: how the structures' intensities were computed */
    int surface_roughness;       /* Rietveld: the Suortti factor was refined */
    double sr_p, sr_p_esd, sr_q, sr_q_esd;
    xrd_noise_info noise;        /* the pattern's sigma: where it came from and why */
    double zero_esd_deg, displacement_esd_mm;
    int instrument_calibrated;   /* 1: profile and zero from a standard (or refined here) */
    int n_priors;                /* restrained parameters (their names carry "prior" in par[]) */
    int n_phases;
    xrd_phase_result *phases;
    size_t n_par;                /* refined non-linear parameters */
    xrd_param *par;
    double *correlation;         /* n_par x n_par, row-major */
    /* curves on the fitted points */
    size_t n_curve;
    double *x, *y_obs, *y_calc, *y_bkg;
    double **y_phase;            /* [n_phases][n_curve] */
} xrd_fit_result;

typedef struct xrd_fit xrd_fit;

/* Default options: instrument model AUTO (zero, displacement and asymmetry
 * with priors unless the instrument is calibrated), size and strain refined,
 * background terms chosen from the pattern, 100 steps, tail 1e-3. */
void xrd_fit_options_default(xrd_fit_options *opt);

/* Build a workspace for pattern p (2theta in degrees), instrument inst and
 * n_phases phases (start cells). Copies everything it needs: p, inst and
 * phases may be freed afterwards. Free with xrd_fit_free. */
xrd_status xrd_fit_new(const xrd_pattern *p, const xrd_instrument *inst,
                       const xrd_phase *phases, int n_phases, const xrd_fit_options *opt,
                       xrd_fit **out, xrd_error *err);

/* Preferred orientation of Rietveld phase `phase` along the reciprocal-lattice
 * direction h k l (the normal of the platelets' or needles' face): its
 * March-Dollase ratio r is refined from 0.9 (1 is random, where a cubic
 * phase's intensities change only to second order). XRD_ERR_INVALID without
 * rietveld, for a bad phase index or hkl = 000. */
xrd_status xrd_fit_set_preferred_orientation(xrd_fit *f, int phase, int h, int k, int l,
                                             xrd_error *err);

/* Start values for a phase's size (nm, LVol) and strain before xrd_fit_run. */
xrd_status xrd_fit_set_phase_broadening(xrd_fit *f, int phase, double size_nm,
                                        double strain, xrd_error *err);

/* Run the staged refinement: background + intensities, cell + zero, widths,
 * asymmetry, all. XRD_OK also for a fit that did not converge: check
 * result->converged; an error status means no result was produced. */
xrd_status xrd_fit_run(xrd_fit *f, xrd_error *err);

/* After xrd_fit_run of *fit, with the pattern and start instrument it was
 * made from: when the fit converged with the default Voigt size term and a
 * phase's sphere diameter is below XRD_SIZE_CHOICE_NM, fit again with a
 * lognormal distribution of spheres (from the cells and sizes found) and keep
 * that fit, freeing the other, when its BIC scaled by chi2/dof is lower by
 * 10; result->size_model says which and why. Le Bail only (not Rietveld,
 * twins or classic cycles). XRD_OK also when nothing changed; XRD_ERR_NOMEM. */
xrd_status xrd_fit_choose_size_term(const xrd_pattern *p, const xrd_instrument *inst,
                                    xrd_fit **fit, xrd_error *err);

/* The result of the last xrd_fit_run (owned by the workspace). */
const xrd_fit_result *xrd_fit_get_result(const xrd_fit *f);

/* Free a workspace and its result; NULL accepted. */
void xrd_fit_free(xrd_fit *f);

#ifdef __cplusplus
}
#endif
#endif
