/* Cluster geometry shared by cluster.c and cluster_shapes.c (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_MODEL_CLUSTER_INTERNAL_H
#define XRDFIT_MODEL_CLUSTER_INTERNAL_H

#include "xrdfit/debye.h"

#define XRDI_MAX_POS 192

/* The unique positions of a cell and the species (with occupancies) on each. */
typedef struct {
    int n_pos;
    double frac[XRDI_MAX_POS][3];
    int n_on[XRDI_MAX_POS];
    int on[XRDI_MAX_POS][XRD_DEBYE_MAX_SPECIES];
    double occ[XRDI_MAX_POS][XRD_DEBYE_MAX_SPECIES];
    int n_species;
    int z[XRD_DEBYE_MAX_SPECIES];
    double biso[XRD_DEBYE_MAX_SPECIES];
} xrdi_sites;

/* The positions of ph's cell and the species on each (its atoms expanded by
 * the space group; a structure keyword's unit scatterer without atoms).
 * XRD_ERR_INVALID without positions or for occupancies summing above 1. */
xrd_status xrdi_cluster_sites(const xrd_phase *ph, xrdi_sites *s, xrd_error *err);

/* Positions of a cluster before species: xyz (3 n, A), site[i] the cell position. */
typedef struct {
    size_t n, cap;
    double *xyz;
    int *site;
    int shells;
    double nn_A;
    int n_faults, n_steps;   /* faulted sphere: deformation-faulted layer steps of all steps */
    int n_twins;             /* faulted sphere: twin faults (reversals of the stacking) */
} xrdi_geom;

/* Append an atom at x y z (A) on cell position site; XRD_ERR_TOO_LARGE beyond
 * max_atoms, XRD_ERR_NOMEM. */
xrd_status xrdi_geom_push(xrdi_geom *g, double x, double y, double z, int site,
                          size_t max_atoms, xrd_error *err);

/* The fcc decahedron of edge n nearest-neighbour distances (lattice a), Ino's
 * (001) truncation and Marks' re-entrance as shares of the unit's depth and
 * height (0 to 0.5; cluster_decahedron.c), centred on the origin. */
xrd_status xrdi_geom_decahedron(double a, int n, double truncation, double reentrance,
                                size_t max_atoms, xrdi_geom *g, xrd_error *err);

/* Every lattice position of s within radius_A of the cell origin. */
xrd_status xrdi_geom_sphere(const xrd_cell *cell, const xrdi_sites *s, double radius_A,
                            size_t max_atoms, xrdi_geom *g, xrd_error *err);

/* Cuboctahedra, icosahedra and twinned spheres of an fcc phase (one position
 * orbit of Fm-3m); XRD_ERR_UNSUPPORTED otherwise. */
xrd_status xrdi_geom_fcc_shape(const xrd_phase *ph, const xrd_cell *cell, const xrdi_sites *s,
                               const xrd_cluster_options *o, size_t max_atoms, xrdi_geom *g,
                               xrd_error *err);

#endif
