/* xrdfit simulate --debye: the powder pattern of an atomistic cluster by the
 * Debye scattering equation (xrd_debye_simulate), its header naming the
 * cluster, and the cluster as an .xyz file. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simulate_out.h"

static void cluster_options(const cli_debye_args *a, const xrd_sim_options *so,
                            xrd_cluster_options *co)
{
    xrd_cluster_options_default(co);
    xrd_cluster_shape_parse(a->shape, &co->shape);
    co->size_nm = a->size_nm;
    co->shells = a->shells;
    co->species = a->core_shell ? XRD_SPECIES_CORE_SHELL : XRD_SPECIES_RANDOM;
    co->core_fraction = a->core_fraction;
    co->fault_alpha = a->fault_alpha;
    co->twin_beta = a->twin_beta;
    co->ino_truncation = a->ino_truncation;
    co->marks_reentrance = a->marks_reentrance;
    co->seed = so->seed;
    co->max_atoms = a->max_atoms > 0 ? (size_t)a->max_atoms : 0;
}

int cli_simulate_debye(const cli_debye_args *a, cli_sim_out *wo, const xrd_instrument *inst,
                       const xrd_phase *ph, const xrd_sim_options *so, const char *out,
                       double x_scale)
{
    xrd_cluster_options co;
    cluster_options(a, so, &co);
    xrd_debye_ensemble ens = {a->lognormal_sigma, a->n_sizes, a->n_realizations};
    xrd_debye_info info;
    xrd_pattern *p = NULL;
    xrd_error err;
    xrd_error_clear(&err);
    int ensemble_given = a->lognormal_sigma > 0 || a->n_realizations > 1;
    xrd_status st = xrd_debye_simulate(inst, ph, &co, ensemble_given ? &ens : NULL, so,
                                       a->threads, &p, &info, &err);
    if (st != XRD_OK)
        return cli_fail(&err);
    for (size_t i = 0; x_scale > 0 && i < p->n; i++)
        p->x[i] *= x_scale;
    if (wo->s_unit)
        p->unit = wo->s_unit;
    /* the cluster in words: shape, atoms, diameter, composition */
    char comp[256] = "", lines[2048];
    size_t used = 0;
    xrd_cluster *c = NULL;
    xrd_cluster_options cm = co;
    int nr = a->n_realizations > 1 ? a->n_realizations : 1;
    if (a->lognormal_sigma > 0)
        cm.seed = co.seed + (unsigned long)((info.n_sizes / 2) * nr);
    st = xrd_cluster_build(ph, &cm, &c, &err); /* the cluster shown (median size) */
    if (st != XRD_OK) {
        xrd_pattern_free(p);
        return cli_fail(&err);
    }
    for (int s = 0; s < c->n_species && used < sizeof comp - 40; s++)
        used += (size_t)snprintf(comp + used, sizeof comp - used, "%s%s %zu (%.4f)",
                                 s ? ", " : "", c->z[s] ? xrd_element_symbol(c->z[s]) : "X",
                                 c->count[s], (double)c->count[s] / (double)c->n);
    char shells[32] = "";
    if (c->shells > 0)
        snprintf(shells, sizeof shells, ", %d shells", c->shells);
    char ensemble[256] = "one cluster", faults[320] = "";
    if (a->lognormal_sigma > 0)
        snprintf(ensemble, sizeof ensemble,
                 "number-weighted lognormal of diameters, median %g nm, sigma %g, %d sizes "
                 "(the cluster above is the median)%s",
                 a->size_nm, a->lognormal_sigma, info.n_sizes,
                 nr > 1 ? ", each size averaged over its realizations" : "");
    if (nr > 1 && !(a->lognormal_sigma > 0))
        snprintf(ensemble, sizeof ensemble,
                 "%d realizations (seeds %lu to %lu) averaged; the cluster above is the first",
                 nr, so->seed, so->seed + (unsigned long)nr - 1);
    if (c->shape == XRD_CLUSTER_FAULTED_SPHERE)
        snprintf(faults, sizeof faults, ", deformation faults with probability %g and twin "
                 "faults with %g per (111) layer (realised over the ensemble: %d and %d of %d "
                 "layer steps, %.4f and %.4f)",
                 a->fault_alpha, a->twin_beta, info.n_faults, info.n_twins, info.n_steps,
                 info.n_steps > 0 ? (double)info.n_faults / info.n_steps : 0.0,
                 info.n_steps > 0 ? (double)info.n_twins / info.n_steps : 0.0);
    snprintf(lines, sizeof lines,
             "# cluster: %s of %zu atoms%s%s, diameter %.3f nm (2 r_max + nearest neighbour "
             "%.4f A), %s species, seed %lu\n"
             "# composition: %s\n"
             "# ensemble: %s\n"
             "# intensities: Debye equation sum_ij f_i f_j sin(q r_ij)/(q r_ij) from pair-"
             "distance histograms (bin 0.002 A at each bin's mean distance, %zu bins), %s, "
             "pair terms times exp(-(B_i + B_j) s^2); polarisation %s; no Lorentz factor (the DSE is the "
             "powder average); instrument TCH pseudo-Voigt from U V W X Y, no asymmetry\n",
             xrd_cluster_shape_name(c->shape), c->n, shells, faults, c->diameter_nm, c->nn_A,
             a->core_shell ? "core-shell (first element inside)" : "random", so->seed,
             comp, ensemble, info.bins,
             wo->electron ? "electron scattering factors f_e" : "Cromer-Mann f0",
             wo->electron ? "no polarisation" : wo->pol_text);
    wo->debye_lines = lines;
    int rc = CLI_OK;
    if (a->xyz) {
        char note[512];
        snprintf(note, sizeof note, "xrdfit %s %s of %s, %zu atoms, diameter %.3f nm, %s",
                 xrd_version(), xrd_cluster_shape_name(c->shape), ph->name, c->n,
                 c->diameter_nm, comp);
        if (xrd_cluster_write_xyz(c, a->xyz, note, &err) != XRD_OK)
            rc = cli_fail(&err);
    }
    xrd_cluster_free(c);
    if (rc == CLI_OK)
        rc = cli_sim_write_xy(out, wo, p);
    if (rc == CLI_OK && strcmp(out, "-"))
        printf("simulated %zu points by the Debye equation: %s of %zu atoms, %.3f nm: %s\n",
               p->n, xrd_cluster_shape_name(co.shape), info.atoms, info.diameter_nm, out);
    xrd_pattern_free(p);
    return rc;
}

int cli_debye_args_check(const cli_debye_args *a, int n_size, double size0)
{
    if (a->shells && n_size)
        return cli_usage("simulate", "give --size-nm or --shells, not both");
    if (a->shells && strcmp(a->shape, "cuboctahedron") && strcmp(a->shape, "icosahedron") &&
        strcmp(a->shape, "decahedron") && strcmp(a->shape, "cube"))
        return cli_usage("simulate", "--shells goes with cuboctahedron, icosahedron, cube or "
                                     "decahedron");
    if ((a->ino_truncation > 0 || a->marks_reentrance > 0) && strcmp(a->shape, "decahedron"))
        return cli_usage("simulate", "--truncation and --reentrance go with decahedron");
    if (!a->shells && (n_size != 1 || !(size0 > 0)))
        return cli_usage("simulate", "--debye needs one diameter --size-nm D > 0 (nm) or "
                                     "--shells N");
    if (a->lognormal_sigma > 0 && a->shells)
        return cli_usage("simulate", "--lognormal needs the median --size-nm, not --shells");
    if ((a->core_fraction > 0 && !a->core_shell))
        return cli_usage("simulate", "--core-fraction goes with --core-shell");
    if ((a->fault_alpha > 0 || a->twin_beta > 0) && strcmp(a->shape, "faulted-sphere"))
        return cli_usage("simulate", "--fault-probability and --twin-probability go with "
                                     "--debye faulted-sphere");
    if (a->n_sizes && !(a->lognormal_sigma > 0))
        return cli_usage("simulate", "--sizes goes with --lognormal");
    return CLI_OK;
}
