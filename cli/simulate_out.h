/* The .xy file of `xrdfit simulate`: a header saying what was simulated and
 * how, then the points. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CLI_SIMULATE_OUT_H
#define XRDFIT_CLI_SIMULATE_OUT_H

#include "cli.h"

/* What the header states besides the pattern itself. */
typedef struct {
    int argc;
    char **argv;                 /* the command line, repeated in the header */
    const xrd_instrument *inst;
    const xrd_phase *ph;
    const xrd_sim_phase *sp;
    const int *equal;            /* per phase: 1 = no atoms, f = 1 */
    int n;                       /* phases */
    const xrd_sim_options *o;
    const char *pol_text;        /* the polarisation factor in words */
    const xrd_electron_factors *electron; /* the table used (NULL: X-rays) */
    double camera_px_A;          /* > 0: x is a ring radius r = K / d in pixels */
    xrd_xunit s_unit;            /* XRD_X_S_INV_A or _NM: x is s = q / 2 pi; else 0 */
    const char *debye_lines;     /* non-NULL: a Debye-equation pattern; these header lines
                                  * ("# ..." each, the cluster and the intensities) replace
                                  * the Bragg intensities and sample broadening */
} cli_sim_out;

/* simulate --help: the Debye equation's options. */
#define CLI_DEBYE_HELP \
            "Debye equation (docs/debye.md): the pattern of an atomistic cluster of ONE\n" \
            "--phase, sum_ij f_i f_j sin(q r_ij)/(q r_ij), polarisation but no Lorentz factor,\n" \
            "convolved with the instrument's TCH profile (no asymmetry), Ka doublet, noise:\n" \
            "  --debye SHAPE       sphere (any phase), cuboctahedron, icosahedron (Mackay),\n" \
            "                      twinned-sphere (fcc, a {111} twin plane through the centre),\n" \
            "                      faulted-sphere (fcc (111) layers with random deformation\n" \
            "                      and twin faults, --fault-probability,\n" \
            "                      --twin-probability), decahedron (fcc: five\n" \
            "                      twinned tetrahedra, --truncation, --reentrance), cube (fcc,\n" \
            "                      {100} faces, edge --size-nm);\n" \
            "                      its diameter with --size-nm D (or --shells N)\n" \
            "  --shells N          cuboctahedron, icosahedron: N shells (13, 55, 147, ... atoms);\n" \
            "                      decahedron: an edge of N neighbours (7, 23, 54, ... atoms)\n" \
            "  --truncation T      decahedron: Ino's {100} facets, a share 0-0.5 of the depth\n" \
            "  --reentrance R      decahedron: Marks' re-entrant notches, a share 0-0.5\n" \
            "  --core-shell        the first element of el= fills the core, the atoms nearest\n" \
            "                      the centre, in its share (else species random at el=)\n" \
            "  --core-fraction F   core-shell: the core's share of the atoms instead\n" \
            "  --lognormal SIGMA   a number-weighted lognormal ensemble of diameters, median\n" \
            "                      --size-nm, sigma of ln D (0 < SIGMA <= 1)\n" \
            "  --sizes N           clusters summed for --lognormal (default 9, at most 25)\n" \
            "  --fault-probability A  faulted-sphere: probability that a (111) layer starts\n" \
            "                      a deformation fault (Warren's alpha, 0 to 0.5)\n" \
            "  --twin-probability B  faulted-sphere: probability that the stacking reverses\n" \
            "                      at a (111) layer, a twin fault (Warren's beta, 0 to 0.5)\n" \
            "  --realizations N    clusters of each size with seeds SEED, SEED+1, ...\n" \
            "                      averaged (random species and faults; 1 to 64)\n" \
            "  --xyz FILE          write the cluster (the median one) as an .xyz file\n" \
            "  --threads N         threads of the pair histogram and the sum (default 2)\n" \
            "  --max-atoms N       refuse larger clusters (default 100000, at most 1000000)\n"

/* The options of `simulate --debye`. */
typedef struct {
    const char *shape;       /* sphere, cuboctahedron, icosahedron, twinned-sphere */
    double size_nm;          /* diameter (median of an ensemble) */
    int shells;              /* polyhedra: shells (0 = from size_nm) */
    int core_shell;
    double core_fraction;    /* 0 = the first element's share */
    double lognormal_sigma;  /* 0 = one size */
    int n_sizes;
    double fault_alpha;      /* faulted-sphere: deformation fault probability */
    double twin_beta;        /* faulted-sphere: twin fault probability */
    double ino_truncation, marks_reentrance; /* decahedron */
    int n_realizations;      /* clusters of each size averaged (0 = 1) */
    const char *xyz;         /* write the (median) cluster here, or NULL */
    int threads;
    double max_atoms;        /* 0 = default bound */
} cli_debye_args;

/* Simulate the pattern of ph's clusters (a) with inst and so, write it to out
 * (x of the q grid times x_scale when x_scale > 0: K / 2 pi for pixels of camera
 * constant K, 1 / 2 pi for s) with the header of wo, and the cluster to a->xyz;
 * CLI_OK or CLI_DATA_ERROR after a message. */
/* The cluster options' combinations in a (n_size diameters given, the first
 * size0 nm): CLI_OK, or the usage error printed (its exit code). */
int cli_debye_args_check(const cli_debye_args *a, int n_size, double size0);

int cli_simulate_debye(const cli_debye_args *a, cli_sim_out *wo, const xrd_instrument *inst,
                       const xrd_phase *ph, const xrd_sim_options *so, const char *out,
                       double x_scale);

/* Name of the x column of a simulated pattern ("2theta (deg)", "q (1/A)",
 * "q (1/nm)", "r (px)"). */
const char *cli_sim_x_name(const cli_sim_out *s);

/* Write the header and the points of p (x as given) to path ("-" = standard
 * output); CLI_OK or CLI_DATA_ERROR after a message. */
int cli_sim_write_xy(const char *path, const cli_sim_out *s, const xrd_pattern *p);

#endif
