/* Options shared by the fitting commands (fit, instrument, analyze) and the
 * preparation of pattern, instrument and fit options from them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_FITARGS_H
#define XRDFIT_CLI_FITARGS_H

#include <getopt.h>
#include "cli.h"
#include "plotargs.h"

typedef struct {
    const char *pattern_path;
    const char *cmd;             /* the command, for messages ("fit", "analyze" ...) */
    xrd_read_options ro;
    const char *radiation, *wavelength, *scale;
    char electron_wavelength[32]; /* --electron-kv: the relativistic wavelength as text */
    int pixel;                   /* --unit px: x is a ring radius in pixels */
    double camera_constant;      /* --camera-constant (px A); 0 = the instrument file's */
    const char *instrument_path;
    const char *geometry;
    double radius_mm;
    double range_lo, range_hi;
    int have_range;
    int n_background, inv_x, hump;
    double hump_center;
    int refine_disp, no_disp, no_zero, refine_zero, refine_k2, no_size, no_strain;
    int no_priors;               /* --no-priors: free/fixed switches only, no restraints */
    int fixed_background;        /* --no-auto-background */
    int max_cycles, verbose, true_voigt, pearson7, classic;
    int symmetric_peaks, lorentzian_size; /* --symmetric-peaks, --lorentzian-size */
    int faults;                  /* --faults */
    int twins;                   /* --twin-faults */
    int voigt_size;              /* --voigt-size: no lognormal choice for small crystals */
    int lognormal_size;          /* --lognormal-size */
    int threads;                 /* --threads N; 0 = one per processor */
    const char *json_out, *curves_out;
    int correlation, no_berar_lelann;
    int json_curves;             /* --json-curves: add "curves" to the JSON */
    double temperature_K;
    int max_points;              /* 0 = the library's default */
} cli_fitargs;

enum {
    CLI_OPT_RADIATION = 1100, CLI_OPT_WAVELENGTH, CLI_OPT_SCALE, CLI_OPT_INSTRUMENT,
    CLI_OPT_GEOMETRY, CLI_OPT_RADIUS, CLI_OPT_RANGE, CLI_OPT_BACKGROUND, CLI_OPT_INVX,
    CLI_OPT_HUMP, CLI_OPT_DISP, CLI_OPT_NOZERO, CLI_OPT_K2, CLI_OPT_NOSIZE, CLI_OPT_NOSTRAIN,
    CLI_OPT_MAXCYC, CLI_OPT_REFZERO, CLI_OPT_NODISP, CLI_OPT_VOIGT, CLI_OPT_JSON, CLI_OPT_CURVES, CLI_OPT_CORR, CLI_OPT_BL, CLI_OPT_NOBL, CLI_OPT_TEMP,
    CLI_OPT_JSONCURVES, CLI_OPT_CLASSIC, CLI_OPT_THREADS, CLI_OPT_NOPRIORS, CLI_OPT_NOAUTOBKG,
    CLI_OPT_MAXPOINTS, CLI_OPT_PEARSON7, CLI_OPT_EKV, CLI_OPT_CAMERA, CLI_OPT_SYMPEAKS,
    CLI_OPT_LORSIZE, CLI_OPT_FAULTS, CLI_OPT_LNSIZE, CLI_OPT_TWINS, CLI_OPT_VOIGTSIZE
};

#define CLI_FIT_LONGOPTS                                                         \
    CLI_PATTERN_LONGOPTS,                                                        \
    {"radiation", required_argument, 0, CLI_OPT_RADIATION},                      \
    {"wavelength", required_argument, 0, CLI_OPT_WAVELENGTH},                    \
    {"electron-kv", required_argument, 0, CLI_OPT_EKV},                          \
    {"camera-constant", required_argument, 0, CLI_OPT_CAMERA},                   \
    {"wavelength-scale", required_argument, 0, CLI_OPT_SCALE},                   \
    {"instrument", required_argument, 0, CLI_OPT_INSTRUMENT},                    \
    {"geometry", required_argument, 0, CLI_OPT_GEOMETRY},                        \
    {"radius", required_argument, 0, CLI_OPT_RADIUS},                            \
    {"range", required_argument, 0, CLI_OPT_RANGE},                              \
    {"background", required_argument, 0, CLI_OPT_BACKGROUND},                    \
    {"background-inv-x", no_argument, 0, CLI_OPT_INVX},                          \
    {"hump", optional_argument, 0, CLI_OPT_HUMP},                                \
    {"refine-displacement", no_argument, 0, CLI_OPT_DISP},                       \
    {"fix-zero", no_argument, 0, CLI_OPT_NOZERO},                                \
    {"refine-zero", no_argument, 0, CLI_OPT_REFZERO},                            \
    {"fix-displacement", no_argument, 0, CLI_OPT_NODISP},                        \
    {"no-priors", no_argument, 0, CLI_OPT_NOPRIORS},                            \
    {"no-auto-background", no_argument, 0, CLI_OPT_NOAUTOBKG},                  \
    {"refine-ka2-ratio", no_argument, 0, CLI_OPT_K2},                            \
    {"no-size", no_argument, 0, CLI_OPT_NOSIZE},                                 \
    {"no-strain", no_argument, 0, CLI_OPT_NOSTRAIN},                             \
    {"symmetric-peaks", no_argument, 0, CLI_OPT_SYMPEAKS},                       \
    {"lorentzian-size", no_argument, 0, CLI_OPT_LORSIZE},                        \
    {"lognormal-size", no_argument, 0, CLI_OPT_LNSIZE},                          \
    {"faults", no_argument, 0, CLI_OPT_FAULTS},                                  \
    {"twin-faults", no_argument, 0, CLI_OPT_TWINS},                              \
    {"voigt-size", no_argument, 0, CLI_OPT_VOIGTSIZE},                           \
    {"max-cycles", required_argument, 0, CLI_OPT_MAXCYC},                        \
    {"max-points", required_argument, 0, CLI_OPT_MAXPOINTS},                     \
    {"true-voigt", no_argument, 0, CLI_OPT_VOIGT},                               \
    {"pearson7", no_argument, 0, CLI_OPT_PEARSON7},                              \
    {"classic-cycles", no_argument, 0, CLI_OPT_CLASSIC},                         \
    {"threads", required_argument, 0, CLI_OPT_THREADS},                          \
    {"json", required_argument, 0, CLI_OPT_JSON},                                \
    {"json-curves", no_argument, 0, CLI_OPT_JSONCURVES},                         \
    {"curves", required_argument, 0, CLI_OPT_CURVES},                            \
    {"correlation", no_argument, 0, CLI_OPT_CORR},                               \
    {"berar-lelann", no_argument, 0, CLI_OPT_BL},                                \
    {"no-berar-lelann", no_argument, 0, CLI_OPT_NOBL},                           \
    {"temperature", required_argument, 0, CLI_OPT_TEMP},                         \
    {"verbose", no_argument, 0, 'v'}

#define CLI_FIT_MODEL_HELP                                                             \
    "  --radiation NAME    CuKa (Ka1+Ka2), CuKa1, CoKa, MoKa, FeKa, CrKa, AgKa\n" \
    "  --wavelength A      a single wavelength in Angstrom (synchrotron, electrons);\n" \
    "                      0.51677(3) gives its uncertainty, which enters the esds\n" \
    "                      of the cell lengths (their instrument part)\n" \
    "  --wavelength-scale S  Hoelzer1997 (default where known) or Bearden1967\n" \
    "  --electron-kv KV    electrons accelerated by KV kilovolts (SAED, 4D-STEM ring\n" \
    "                      profiles, with --unit q or q_nm): the relativistic\n" \
    "                      wavelength (200 kV: 0.025079 A), transmission geometry;\n" \
    "                      structure intensities (ties, --rietveld) kinematic, with\n" \
    "                      electron scattering factors (refdata/electron_scattering.xml)\n" \
    "  --unit px           ring radius in pixels (electrons): d = K / r with the\n" \
    "                      camera constant K of --camera-constant K (px A) or of the\n" \
    "                      instrument file (`xrdfit instrument --unit px` on a film)\n" \
    "  --instrument FILE   instrument file from `xrdfit instrument` (profile held fixed)\n" \
    "  --geometry G        bragg-brentano (flat plate) or transmission (capillary)\n" \
    "  --radius MM         goniometer radius for specimen displacement (default 240)\n" \
    "  --range LO:HI       fit only LO <= 2theta <= HI\n"                    \
    "  --background N      Chebyshev terms (default from the range)\n"        \
    "  --background-inv-x  add a c/x background term\n"                      \
    "  --hump[=DEG]        add an amorphous hump (default centre 20 deg)\n"  \
    "                      Default for broad peaks (FWHM > 0.5 deg at Cu Ka): also try a\n" \
    "                      hump (free centre, width), c/x and both; keep the lowest BIC\n" \
    "  --no-auto-background  only the Chebyshev terms (or what is asked for)\n" \
    "  --fix-zero, --fix-displacement  hold them fixed\n"                    \
    "  --refine-zero       with a calibrated --instrument: refine the zero as well\n" \
    "                      Defaults: without a calibrated --instrument the zero,\n" \
    "                      the specimen displacement (Bragg-Brentano) and the axial\n" \
    "                      asymmetry are refined, each restrained to its plausible\n" \
    "                      range (zero 0(0.05) deg, displacement 0(0.1) mm, S/L = H/L\n" \
    "                      0.020(15) lab, 0.003(5) synchrotron): their spread is in the\n" \
    "                      esds. With a calibrated --instrument the zero and profile\n" \
    "                      are the standard's; the displacement is restrained\n" \
    "  --refine-displacement  (with --no-priors or a calibrated --instrument) refine\n" \
    "                      the specimen displacement (Bragg-Brentano)\n" \
    "  --no-priors         no restraints: the zero is refined freely, the displacement\n" \
    "                      only with --refine-displacement (then the zero only with\n" \
    "                      --refine-zero), the asymmetry is held (the old switches)\n" \
    "  --refine-ka2-ratio  refine I(Ka2)/I(Ka1)\n"                           \
    "  --no-size, --no-strain  do not refine size / microstrain broadening\n" \
    "  --lorentzian-size   the size term Lorentzian only (by default a Voigt:\n" \
    "                      Lorentzian and Gaussian parts, both ~1/cos theta; LVol\n" \
    "                      from the Voigt's integral breadth, as TOPAS CS_L + CS_G)\n" \
    "  --voigt-size        keep the Voigt size term for crystals below 3 nm (by\n" \
    "                      default fit and analyze's one-phase answer try a\n" \
    "                      lognormal distribution of spheres there and keep it\n" \
    "                      when it lowers BIC)\n"                            \
    "  --lognormal-size    the size term a lognormal distribution of spheres\n" \
    "                      (Fourier profile, as WPPM): median, number-, area- and\n" \
    "                      volume-weighted diameters and sigma with esds\n" \
    "  --faults            refine the deformation (intrinsic) stacking fault\n" \
    "                      probability alpha of fcc phases (Warren: 111 shifted\n" \
    "                      up, 200 down, hkl-dependent breadth)\n"            \
    "  --twin-faults       refine the twin fault probability beta of fcc phases\n" \
    "                      (Warren: hkl-dependent breadth, 111 tailed to high\n" \
    "                      angles, 200 to low; maxima in place; Voigt size only)\n" \
    "  --symmetric-peaks   peaks symmetric in 2theta with Lorentz-polarisation,\n" \
    "                      f^2 and Debye-Waller taken at the centre (as TOPAS,\n" \
    "                      GSAS-II, FullProf); by default symmetric in q and these\n" \
    "                      factors applied at every point: right for broad peaks\n" \
    "  --max-cycles N      cap of least-squares steps over all stages (default 100;\n" \
    "                      with --classic-cycles: of Le Bail / least-squares cycles)\n" \
    "  --max-points N      refuse a fitted range of more than N points (default\n" \
    "                      2000000)\n" \
    "  --classic-cycles    Le Bail cycles alternating with least squares at fixed\n" \
    "                      intensities (slow; the default solves the intensities and\n" \
    "                      background with every least-squares step)\n" \
    "  --threads N         threads for one fit (default: one per processor, at\n" \
    "                      most 16); the result is the same for any number\n" \
    "  --true-voigt        exact Voigt profiles (libcerf) instead of the TCH\n" \
    "                      pseudo-Voigt: closer shapes, several times slower\n" \
    "  --pearson7          Pearson VII profiles with the same widths (FWHM and\n" \
    "                      integral breadth of the TCH pseudo-Voigt fix its m)\n" \
    "  --no-berar-lelann   esds from the covariance x GOF^2 alone; by default\n" \
    "                      serially correlated residuals (a profile the model\n" \
    "                      misses) multiply them by the Berar-Lelann factor and\n" \
    "                      weigh the instrument restraints its square more\n"   \
    "                      (--berar-lelann: the default, accepted)\n"          \
    "  --temperature K     measurement temperature (reported)\n"            \
    "  -v, --verbose       show each refinement stage\n"                    \
    CLI_PATTERN_HELP

/* The per-pattern outputs of fit, analyze and instrument (series writes JSON lines) */
#define CLI_FIT_OUTPUT_HELP \
    "  --json FILE|-       write the result as JSON (- = standard output)\n" \
    "  --json-curves       include the curves in the JSON (for `xrdfit plot`)\n" \
    "  --curves FILE       CSV of observed, calculated, background, phases, difference\n" \
    "  --correlation       print the correlation matrix\n"
#define CLI_FIT_HELP CLI_FIT_MODEL_HELP CLI_FIT_OUTPUT_HELP

void cli_fitargs_init(cli_fitargs *a);

/* Handle one getopt result; 1 handled, 0 not ours, -1 bad value (usage printed). */
int cli_fitargs_option(const char *cmd, int opt, const char *arg, cli_fitargs *a);

/* Read the pattern (converted to 2theta when its x is q or d), resolve the
 * instrument (file, or the default for the radiation of the command line or
 * the file's header) and fill fit options; a temperature the header states
 * fills a->temperature_K when --temperature was not given. */
/* The options of structure-factor intensities in fo: polarisation P
 * ("unpolarized", "synchrotron" or a monochromator 2theta in deg; NULL = from
 * the radiation), the dispersion table of refdata unless no_disp (*disp, freed
 * by the caller after the fit). CLI_OK, or the exit status after a message. */
int cli_intensity_options(const char *cmd, const xrd_instrument *inst, const char *pol,
                          int no_disp, xrd_fit_options *fo, xrd_dispersion **disp, xrd_error *err);

/* x of p, ring radii in pixels, replaced by d = K / r (A), decreasing: only
 * for xrd_pattern_convert to 2theta, which makes it increasing again. */
xrd_status cli_pixels_to_d(xrd_pattern *p, double K, xrd_error *err);

xrd_status cli_fit_prepare(cli_fitargs *a, xrd_pattern **pattern, xrd_instrument *inst,
                           xrd_fit_options *fo, xrd_error *err);

/* Create and run a fit of n phases, print the text report (unless JSON goes
 * to stdout) and write the JSON/curves outputs. *out receives the fit (free
 * with xrd_fit_free) even when it did not converge; returns a CLI exit code
 * (1 for a data error or a fit that did not converge). */
int cli_run_fit(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                const xrd_phase *ph, int n, const xrd_fit_options *fo, const char *cmd,
                xrd_fit **out);

/* cli_run_fit with preferred orientations: po[q] = {on, h, k, l} per phase
 * (NULL: none). */
/* fopen(path, "w"), or stdout for "-" (*is_std 1: not to be closed). */
FILE *cli_open_out(const char *path, int *is_std);

/* fit --debye: the Debye refinement of p as clusters of ph[0] of the shape
 * named (n_ph 2: two populations of one structure, each its a, size and scale,
 * started at the two phases' a; sizes "MIN:MAX" nm or NULL; composition:
 * refine the site's share), with the range, background, zero, threads and
 * outputs of a and fo; prints the report. A CLI exit code. */
int cli_fit_debye(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                  const xrd_phase *ph, int n_ph, const xrd_fit_options *fo, const char *shape,
                  const char *sizes, int composition, const cli_plotargs *pa);

int cli_run_fit_po(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                   const xrd_phase *ph, int n, const xrd_fit_options *fo, const int (*po)[4],
                   const char *cmd, xrd_fit **out);

/* Log callback printing "  message" on stderr. */
void cli_log_stderr(void *user, const char *msg);

/* Write the JSON / curves outputs requested in a; CLI exit code. */
int cli_write_fit_outputs(const cli_fitargs *a, const xrd_fit_result *r,
                          const xrd_report_meta *meta);

#endif
