/* The tabulated space-group settings through spglib (libsymspg): names,
 * operations and identification of a set of operations. spglib keeps an
 * error code in a global variable, so every call runs under one lock.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "crystal/sg_database.h"

#include <pthread.h>
#include <spglib.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t spg_lock = PTHREAD_MUTEX_INITIALIZER;

int xrdi_sgdb_setting(int hall, xrdi_sg_setting *out)
{
    if (hall < 1 || hall > XRDI_N_HALL)
        return -1;
    pthread_mutex_lock(&spg_lock);
    SpglibSpacegroupType t = spg_get_spacegroup_type(hall);
    pthread_mutex_unlock(&spg_lock);
    if (t.number < 1 || t.number > 230)
        return -1;
    memset(out, 0, sizeof *out);
    out->number = t.number;
    snprintf(out->short_hm, sizeof out->short_hm, "%s", t.international_short);
    snprintf(out->full_hm, sizeof out->full_hm, "%s", t.international_full);
    snprintf(out->names, sizeof out->names, "%s", t.international);
    snprintf(out->hall, sizeof out->hall, "%s", t.hall_symbol);
    snprintf(out->choice, sizeof out->choice, "%s", t.choice);
    return 0;
}

int xrdi_sgdb_operations(int hall, int rot[192][9], double tr[192][3])
{
    if (hall < 1 || hall > XRDI_N_HALL)
        return 0;
    int r[192][3][3];
    pthread_mutex_lock(&spg_lock);
    int n = spg_get_symmetry_from_database(r, tr, hall);
    pthread_mutex_unlock(&spg_lock);
    if (n < 1 || n > 192)
        return 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 9; j++)
            rot[i][j] = r[i][j / 3][j % 3];
    return n;
}

int xrdi_sgdb_identify(const int rot[][9], const double tr[][3], int n)
{
    if (n < 1 || n > 192)
        return 0;
    int r[192][3][3];
    double t[192][3];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 9; j++) {
            r[i][j / 3][j % 3] = rot[i][j];
            if (j < 3)
                t[i][j] = tr[i][j];
        }
    pthread_mutex_lock(&spg_lock);
    int hall = spg_get_hall_number_from_symmetry(r, t, n, 1e-5);
    pthread_mutex_unlock(&spg_lock);
    return hall >= 1 && hall <= XRDI_N_HALL ? hall : 0;
}
