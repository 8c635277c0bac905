/* The expansion of a phase's atoms to every position of the unit cell by
 * the operations of its space group (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/structure.h"

/* Site of a structure keyword's single atom (as phase specs such as fcc:a=3.6
 * place it), for phases given without atoms. */
typedef struct {
    const char *word;
    int sg;
    double x, y, z;
} keyword_site;

static const keyword_site KEYWORD_SITES[] = {
    {"fcc", 225, 0, 0, 0},
    {"bcc", 229, 0, 0, 0},
    {"hcp", 194, 1.0 / 3.0, 2.0 / 3.0, 0.25},
    {"diamond", 227, 0.125, 0.125, 0.125},
    {"sc", 221, 0, 0, 0},
};

xrd_status xrdi_expand_atoms(const xrd_phase *ph, xrdi_cell_atom **out, size_t *n, int *equal,
                             xrd_error *err)
{
    *out = NULL;
    *n = 0;
    *equal = 0;
    /* the sites to expand: the phase's atoms, or the keyword's unit scatterer */
    int n_sites = ph->n_atoms;
    double site_xyz[XRD_MAX_ATOMS][3];
    int site_z[XRD_MAX_ATOMS];
    double site_occ[XRD_MAX_ATOMS], site_b[XRD_MAX_ATOMS];
    if (n_sites > XRD_MAX_ATOMS)
        n_sites = XRD_MAX_ATOMS;
    for (int i = 0; i < n_sites; i++) {
        const xrd_atom *a = &ph->atoms[i];
        site_z[i] = xrd_element_number(a->element);
        if (site_z[i] == 0)
            return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                                 "phase %s: atom %s: no X-ray scattering factor for element "
                                 "'%s' (xrdfit has H to Bi)",
                                 ph->name, a->label, a->element);
        site_xyz[i][0] = a->x;
        site_xyz[i][1] = a->y;
        site_xyz[i][2] = a->z;
        site_occ[i] = a->occupancy;
        site_b[i] = a->biso_A2;
    }
    if (n_sites == 0) {
        *equal = 1;
        for (size_t k = 0; k < sizeof KEYWORD_SITES / sizeof KEYWORD_SITES[0]; k++)
            if (!strcasecmp(ph->structure, KEYWORD_SITES[k].word) &&
                ph->sg.number == KEYWORD_SITES[k].sg) {
                site_xyz[0][0] = KEYWORD_SITES[k].x;
                site_xyz[0][1] = KEYWORD_SITES[k].y;
                site_xyz[0][2] = KEYWORD_SITES[k].z;
                if (ph->sg.number == 227 && !strcmp(ph->sg.setting, "1"))
                    site_xyz[0][0] = site_xyz[0][1] = site_xyz[0][2] = 0.0; /* origin -43m */
                site_z[0] = 0;
                site_occ[0] = 1.0;
                site_b[0] = 0.0;
                n_sites = 1;
            }
        if (n_sites == 0)
            return XRD_OK; /* |F|^2 = 1 per reflection */
    }
    if (ph->sg.n_ops < 1 || ph->sg.n_centring < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "phase %s: space group %s has no symmetry operations", ph->name,
                             ph->sg.symbol);
    size_t cap = (size_t)ph->sg.n_ops * (size_t)ph->sg.n_centring;
    xrdi_cell_atom *atoms = malloc((size_t)n_sites * cap * sizeof(xrdi_cell_atom));
    double(*pos)[3] = malloc(cap * sizeof *pos);
    if (!atoms || !pos) {
        free(atoms);
        free(pos);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    size_t na = 0;
    for (int i = 0; i < n_sites; i++) {
        int m = xrd_spacegroup_orbit(&ph->sg, site_xyz[i], pos, (int)cap);
        for (int q = 0; q < m && q < (int)cap; q++) {
            xrdi_cell_atom a = {site_z[i], site_occ[i], site_b[i], pos[q][0], pos[q][1],
                                pos[q][2]};
            atoms[na++] = a;
        }
    }
    free(pos);
    *out = atoms;
    *n = na;
    return XRD_OK;
}
