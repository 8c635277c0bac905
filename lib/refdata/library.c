/* The reference library: every *.xml phase file of a directory, sorted by
 * file name, validated against one compiled schema.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "refdata/phase_internal.h"
#include "core/xml_safe.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_xml_name(const char *n)
{
    size_t l = strlen(n);
    return n[0] != '.' && l > 4 && !strcmp(n + l - 4, ".xml");
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Sorted names of the *.xml files of dir. */
static xrd_status list_dir(const char *dir, char ***out, size_t *n_out, xrd_error *err)
{
    *out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return xrd_error_set(err, XRD_ERR_IO, dir, 0, "cannot open the phase directory: %s",
                             strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!is_xml_name(de->d_name))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn) {
                closedir(d);
                free_names(names, n);
                return xrd_error_set(err, XRD_ERR_NOMEM, dir, 0, "out of memory");
            }
            names = nn;
            cap = ncap;
        }
        names[n] = strdup(de->d_name);
        if (!names[n]) {
            closedir(d);
            free_names(names, n);
            return xrd_error_set(err, XRD_ERR_NOMEM, dir, 0, "out of memory");
        }
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    *n_out = n;
    return XRD_OK;
}

xrd_status xrd_phase_library_load(const char *dir, const char *schema_path,
                                  xrd_phase_library **out, xrd_error *err)
{
    if (!out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no output library given");
    *out = NULL;
    if (!dir || !schema_path)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "a phase directory and a schema are needed");
    char **names = NULL;
    size_t n = 0;
    xrd_status st = list_dir(dir, &names, &n, err);
    if (st)
        return st;
    if (n == 0) {
        free_names(names, n);
        return xrd_error_set(err, XRD_ERR_NO_DATA, dir, 0, "no *.xml phase files in the directory");
    }
    xmlRelaxNGPtr schema = NULL;
    if ((st = xrdi_schema_load(schema_path, &schema, err))) {
        free_names(names, n);
        return st;
    }
    xrd_phase_library *lib = calloc(1, sizeof *lib);
    xrd_phase *ph = lib ? calloc(n, sizeof *ph) : NULL;
    if (!ph) {
        free(lib);
        free_names(names, n);
        /* the schema belongs to the process cache */
        return xrd_error_set(err, XRD_ERR_NOMEM, dir, 0, "out of memory");
    }
    lib->phases = ph;
    for (size_t i = 0; i < n && !st; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            st = xrd_error_set(err, XRD_ERR_NOMEM, dir, 0, "out of memory");
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        st = xrdi_phase_load_with_schema(path, schema, &ph[i], err);
        if (!st) {
            for (size_t j = 0; j < i; j++)
                if (!strcasecmp(ph[j].name, ph[i].name)) {
                    st = xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                                       "phase name '%s' is already used by %s/%s", ph[i].name,
                                       dir, names[j]);
                    break;
                }
        }
        free(path);
        if (!st)
            lib->n = i + 1;
    }
    /* the schema belongs to the process cache */
    free_names(names, n);
    if (st) {
        xrd_phase_library_free(lib);
        return st;
    }
    *out = lib;
    return XRD_OK;
}

void xrd_phase_library_free(xrd_phase_library *lib)
{
    if (!lib)
        return;
    free(lib->phases);
    free(lib);
}

const xrd_phase *xrd_phase_library_find(const xrd_phase_library *lib, const char *name)
{
    if (!lib || !name)
        return NULL;
    for (size_t i = 0; i < lib->n; i++)
        if (!strcasecmp(lib->phases[i].name, name))
            return &lib->phases[i];
    return NULL;
}
