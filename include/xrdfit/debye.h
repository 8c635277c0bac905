/* xrdfit: atomistic clusters and their powder patterns by the Debye scattering
 * equation (DSE) - spheres cut from any phase, fcc cuboctahedra, Mackay
 * icosahedra, twinned spheres; random or core-shell species; pair-distance
 * histograms on threads; the instrument, Ka doublet and noise of simulate.
 * Conventions and sources: docs/debye.md. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_DEBYE_H
#define XRDFIT_DEBYE_H

#include <stddef.h>
#include "xrdfit/error.h"
#include "xrdfit/instrument.h"
#include "xrdfit/pattern.h"
#include "xrdfit/phase.h"
#include "xrdfit/scattering.h"
#include "xrdfit/simulate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most species (element, B pairs) of one cluster. */
#define XRD_DEBYE_MAX_SPECIES 8
/* Default and hard bound on the atoms of one cluster: the pair sum grows as N^2
 * (10^5 atoms: 5e9 pairs, ~10 s on two cores). */
#define XRD_CLUSTER_MAX_ATOMS_DEFAULT 100000
#define XRD_CLUSTER_MAX_ATOMS_HARD 1000000

typedef enum {
    XRD_CLUSTER_SPHERE = 0,      /* atoms of the phase's lattice within D/2 of the origin */
    XRD_CLUSTER_CUBOCTAHEDRON,   /* fcc: {100} and {111} faces, 13, 55, 147, ... atoms */
    XRD_CLUSTER_ICOSAHEDRON,     /* Mackay icosahedron of fcc's nearest-neighbour distance */
    XRD_CLUSTER_TWINNED_SPHERE,  /* fcc sphere with a {111} twin plane through its centre */
    XRD_CLUSTER_FAULTED_SPHERE,  /* fcc sphere of (111) layers stacked with random
                                  * deformation faults (probability fault_alpha per layer) */
    XRD_CLUSTER_DECAHEDRON,      /* fcc: five twinned tetrahedra about a <110> axis, with
                                  * Ino's {100} truncation and Marks' re-entrance */
    XRD_CLUSTER_CUBE             /* fcc: {100} faces, edge 2 n a / 2 (shells n) */
} xrd_cluster_shape;

/* How the species of the phase's sites are placed on the cluster's atoms. */
typedef enum {
    XRD_SPECIES_RANDOM = 0,  /* each atom drawn independently with the site's occupancies */
    XRD_SPECIES_CORE_SHELL   /* the first element of a site fills the innermost atoms in the
                              * share its occupancy gives (or core_fraction), the rest outside */
} xrd_species_mode;

typedef struct {
    xrd_cluster_shape shape;
    double size_nm;        /* sphere diameter; polyhedra: the shell count is the one whose
                            * vertex-to-vertex diameter is nearest (shells = 0) */
    int shells;            /* cuboctahedra, icosahedra: shells around the central atom;
                            * decahedra: the edge in nearest-neighbour distances; cubes:
                            * half the edge in a / 2 (> 0 overrides size_nm, for a cube
                            * its edge) */
    xrd_species_mode species;
    double core_fraction;  /* core-shell: share of atoms of the core; 0 = the first element's
                            * occupancy */
    unsigned long seed;    /* random species and faults: same seed, same cluster */
    double fault_alpha;    /* faulted sphere: probability that a (111) layer starts an
                            * intrinsic (deformation) fault, ...ABC|BCA...; 0 to 0.5 */
    double twin_beta;      /* faulted sphere: probability that the stacking reverses at a
                            * (111) layer, a twin fault ...ABCBA...; 0 to 0.5 */
    size_t max_atoms;      /* refuse larger clusters (0 = XRD_CLUSTER_MAX_ATOMS_DEFAULT) */
    double ino_truncation; /* decahedron: the (100) facets parallel to the axis cut this
                            * share (0 to 0.5) of a unit's depth; 0 = none */
    double marks_reentrance; /* decahedron: re-entrant {111} notches at the twin planes
                            * cut this share (0 to 0.5) of a unit's height; 0 = none */
} xrd_cluster_options;

/* A cluster: n atoms at xyz (Angstrom, centred on the origin), species[i] an
 * index into the species tables. Free with xrd_cluster_free. */
typedef struct {
    size_t n;
    double *xyz;                 /* 3 n coordinates, A */
    unsigned char *species;      /* n indices < n_species */
    int n_species;
    int z[XRD_DEBYE_MAX_SPECIES];        /* atomic number; 0 = unit scatterer f = 1 */
    double biso_A2[XRD_DEBYE_MAX_SPECIES];
    size_t count[XRD_DEBYE_MAX_SPECIES]; /* atoms of each species */
    xrd_cluster_shape shape;
    int shells;                  /* polyhedra: shells; spheres 0 */
    double diameter_nm;          /* twice the largest distance of an atom from the centre
                                  * plus one nearest-neighbour distance */
    double nn_A;                 /* nearest-neighbour distance of the construction */
    int n_faults, n_steps;       /* faulted sphere: faulted layer steps of all steps */
    int n_twins;                 /* faulted sphere: twin faults among them */
} xrd_cluster;

/* Defaults: a 3 nm sphere, random species, seed 1, the default atom bound. */
void xrd_cluster_options_default(xrd_cluster_options *o);

/* Build a cluster of phase ph (its cell and atoms expanded by its space group;
 * without atoms the structure keyword's unit scatterer) as o says. *out is new
 * (xrd_cluster_free). XRD_ERR_UNSUPPORTED for a polyhedron of a non-fcc phase,
 * XRD_ERR_TOO_LARGE beyond max_atoms, XRD_ERR_INVALID for a bad size or options. */
xrd_status xrd_cluster_build(const xrd_phase *ph, const xrd_cluster_options *o,
                             xrd_cluster **out, xrd_error *err);

/* Free a cluster; NULL accepted. */
void xrd_cluster_free(xrd_cluster *c);

/* Name of a shape ("sphere", "cuboctahedron", "icosahedron", "twinned-sphere",
 * "faulted-sphere", "decahedron", "cube") and the
 * reverse (0, or -1 for an unknown name). */
const char *xrd_cluster_shape_name(xrd_cluster_shape s);
int xrd_cluster_shape_parse(const char *name, xrd_cluster_shape *s);

/* Write c as an extended-XYZ text file (element symbols, A; "X" for unit
 * scatterers) at path. XRD_ERR_IO when it cannot be written. */
xrd_status xrd_cluster_write_xyz(const xrd_cluster *c, const char *path, const char *comment,
                                 xrd_error *err);

/* Pair-distance histograms of a cluster, one per unordered species pair,
 * with the bin width bin_A; opaque. */
typedef struct xrd_debye_hist xrd_debye_hist;

/* Count every pair i < j of c into bins of bin_A (1e-4..0.05 A) on n_threads
 * threads (0 = 2); integer sums, so the result does not depend on the thread
 * count. *out is new (xrd_debye_hist_free). XRD_ERR_INVALID, XRD_ERR_NOMEM. */
xrd_status xrd_debye_hist_build(const xrd_cluster *c, double bin_A, int n_threads,
                                xrd_debye_hist **out, xrd_error *err);
void xrd_debye_hist_free(xrd_debye_hist *h);

/* Distinct occupied bins of h (all pairs). */
size_t xrd_debye_hist_bins(const xrd_debye_hist *h);

/* How the atoms scatter: X-rays (Cromer-Mann f0) or electrons (f_e of table). */
typedef struct {
    const xrd_electron_factors *electron; /* non-NULL: f_e (A) instead of f0 (not owned) */
    int debye_waller;                     /* 1: pair terms times exp(-(B_i + B_j) s^2), the
                                           * self terms without (docs/debye.md) */
} xrd_debye_options;

/* DSE intensity I(q) = sum_i f_i^2 + 2 sum_{i<j} f_i f_j sin(q r_ij)/(q r_ij) of
 * the cluster of h at nq points q = q0 + k dq (1/A, q0 >= 0, dq > 0, s = q/4pi
 * <= 2), distances of each bin at the bin's mean distance; in f units squared
 * (electrons^2, or A^2 for f_e). XRD_ERR_INVALID, XRD_ERR_NOT_FOUND (element). */
xrd_status xrd_debye_intensity(const xrd_debye_hist *h, const xrd_debye_options *o, double q0,
                               double dq, size_t nq, int n_threads, double *I, xrd_error *err);

/* The same sum over every pair directly, O(N^2), at the given q values (for
 * checks on small clusters). */
xrd_status xrd_debye_intensity_direct(const xrd_cluster *c, const xrd_debye_options *o,
                                      const double *q, size_t nq, double *I, xrd_error *err);

/* A lognormal ensemble: number-weighted diameters, median_nm and sigma (of ln D). */
typedef struct {
    double sigma;     /* 0 = one cluster of the size of the cluster options */
    int n_sizes;      /* sizes sampled (quadrature points; default 9) */
    int n_realizations; /* clusters of each size with seeds seed + k (random species,
                         * faults), averaged; 0 or 1 = one */
} xrd_debye_ensemble;

/* Summary of a DSE simulation (for headers). */
typedef struct {
    size_t atoms;              /* atoms of the (median) cluster */
    double diameter_nm;        /* its diameter */
    int shells;
    size_t count[XRD_DEBYE_MAX_SPECIES];
    int n_sizes;               /* clusters summed */
    size_t bins;               /* occupied bins of the median cluster */
    int n_faults, n_steps;     /* faulted spheres: faulted layer steps of all steps, over
                                * every cluster summed (the realised fault probability) */
    int n_twins;               /* their twin faults, summed likewise */
} xrd_debye_info;

/* Simulate the powder pattern of clusters of phase ph (options co; ensemble e
 * may be NULL) with the instrument, grid, counts, background, noise and
 * polarisation of o: the DSE intensity (no Lorentz factor) times polarisation
 * (X-rays), per wavelength line with its weight, convolved with the
 * instrument's TCH pseudo-Voigt (U V W X Y), zero and displacement; *out is new
 * (xrd_pattern_free); info may be NULL. Errors of the builder and the DSE. */
xrd_status xrd_debye_simulate(const xrd_instrument *inst, const xrd_phase *ph,
                              const xrd_cluster_options *co, const xrd_debye_ensemble *e,
                              const xrd_sim_options *o, int n_threads, xrd_pattern **out,
                              xrd_debye_info *info, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
