/* libhdf5 through dlopen: see hdf5_loader.h for why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "pattern/hdf5_loader.h"

#include <dlfcn.h>
#include <string.h>

#ifndef XRDI_HDF5_SONAME
#define XRDI_HDF5_SONAME "libhdf5.so"
#endif

/* dlsym into a typed pointer: POSIX guarantees the object-to-function
 * pointer conversion dlsym needs; memcpy says so without a cast warning */
static int sym(void *dl, const char *name, void *fp, size_t size)
{
    void *p = dlsym(dl, name);
    if (!p)
        return -1;
    memcpy(fp, &p, size);
    return 0;
}

#define LOAD(name) (sym(h->dl, "H5" #name, &h->name, sizeof h->name) ? "H5" #name : NULL)

xrd_status xrdi_h5_load(xrdi_h5 *h, const char *file, xrd_error *err)
{
    memset(h, 0, sizeof *h);
    h->dl = dlopen(XRDI_HDF5_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h->dl)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, file, 0,
                             "NeXus/HDF5 files need libhdf5 (%s), which cannot be loaded: %s",
                             XRDI_HDF5_SONAME, dlerror());
    const char *missing = NULL;
    herr_t (*open_fn)(void) = NULL;
    const char *names[] = {
        LOAD(Aclose), LOAD(Aexists), LOAD(Aget_space), LOAD(Aget_type), LOAD(Aopen),
        LOAD(Aread), LOAD(Dclose), LOAD(Dget_space), LOAD(Dget_type), LOAD(Dopen2),
        LOAD(Dread), LOAD(Dvlen_reclaim), LOAD(Eset_auto2), LOAD(Fclose), LOAD(Fopen),
        LOAD(Gclose), LOAD(Gget_num_objs), LOAD(Gget_objname_by_idx),
        LOAD(Gget_objtype_by_idx), LOAD(Gopen2), LOAD(Lexists), LOAD(Pclose), LOAD(Pcreate),
        LOAD(Pset_fapl_core), LOAD(Pset_file_image), LOAD(Sclose),
        LOAD(Sget_simple_extent_ndims), LOAD(Sget_simple_extent_npoints), LOAD(Tclose),
        LOAD(Tcopy), LOAD(Tget_class), LOAD(Tget_size), LOAD(Tis_variable_str),
        LOAD(Tset_size),
        sym(h->dl, "H5open", &open_fn, sizeof open_fn) ? "H5open" : NULL};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !missing; i++)
        missing = names[i];
    /* the ids behind H5T_NATIVE_DOUBLE etc. are globals set by H5open */
    const hid_t *ids[3] = {NULL, NULL, NULL};
    const char *id_names[3] = {"H5T_NATIVE_DOUBLE_g", "H5T_C_S1_g", "H5P_CLS_FILE_ACCESS_ID_g"};
    /* the library must be the release the header describes (H5check_version
     * would abort the process otherwise) */
    herr_t (*version_fn)(unsigned *, unsigned *, unsigned *) = NULL;
    unsigned maj = 0, min = 0, rel = 0;
    if (!missing && sym(h->dl, "H5get_libversion", &version_fn, sizeof version_fn))
        missing = "H5get_libversion";
    if (!missing && (version_fn(&maj, &min, &rel) < 0 || maj != H5_VERS_MAJOR ||
                     min != H5_VERS_MINOR)) {
        xrdi_h5_unload(h);
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, file, 0,
                             "the libhdf5 found (%s) is release %u.%u.%u; xrdfit was built for "
                             "%d.%d", XRDI_HDF5_SONAME, maj, min, rel, H5_VERS_MAJOR,
                             H5_VERS_MINOR);
    }
    if (!missing && open_fn() < 0)
        missing = "H5open (it failed)";
    for (int i = 0; i < 3 && !missing; i++) {
        ids[i] = dlsym(h->dl, id_names[i]);
        if (!ids[i])
            missing = id_names[i];
    }
    if (missing) {
        xrdi_h5_unload(h);
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, file, 0,
                             "the libhdf5 found (%s) lacks %s", XRDI_HDF5_SONAME, missing);
    }
    h->native_double = *ids[0];
    h->c_s1 = *ids[1];
    h->file_access = *ids[2];
    return XRD_OK;
}

void xrdi_h5_unload(xrdi_h5 *h)
{
    if (h->dl)
        dlclose(h->dl);
    h->dl = NULL;
}
