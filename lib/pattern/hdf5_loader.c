/* libhdf5 through dlopen: see hdf5_loader.h for why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "pattern/hdf5_loader.h"

#include <dlfcn.h>
#include <stdio.h>

#ifndef XRDI_HDF5_SONAME
#define XRDI_HDF5_SONAME "libhdf5.so"
#endif
#ifndef XRDI_HDF5_PACKAGE
#define XRDI_HDF5_PACKAGE "libhdf5-103-1"
#endif

#define SYM(name) {"H5" #name, offsetof(xrdi_h5, name)}
static const xrdi_dl_sym h5_syms[] = {
    SYM(Aclose), SYM(Aexists), SYM(Aget_space), SYM(Aget_type), SYM(Aopen),
    SYM(Aread), SYM(Dclose), SYM(Dget_space), SYM(Dget_type), SYM(Dopen2),
    SYM(Dread), SYM(Dvlen_reclaim), SYM(Eset_auto2), SYM(Fclose), SYM(Fopen),
    SYM(Gclose), SYM(Gget_num_objs), SYM(Gget_objname_by_idx),
    SYM(Gget_objtype_by_idx), SYM(Gopen2), SYM(Lexists), SYM(Pclose), SYM(Pcreate),
    SYM(Pset_fapl_core), SYM(Pset_file_image), SYM(Sclose),
    SYM(Sget_simple_extent_ndims), SYM(Sget_simple_extent_npoints), SYM(Tclose),
    SYM(Tcopy), SYM(Tget_class), SYM(Tget_size), SYM(Tis_variable_str),
    SYM(Tset_size), SYM(open), SYM(get_libversion)};

/* The library must be the release the header describes (H5check_version
 * would abort the process otherwise); then H5open, which sets the globals
 * behind H5T_NATIVE_DOUBLE, H5T_C_S1 and H5P_FILE_ACCESS. */
static int check(void *dl, void *table, char *why, size_t n)
{
    xrdi_h5 *h = table;
    unsigned maj = 0, min = 0, rel = 0;
    if (h->get_libversion(&maj, &min, &rel) < 0 || maj != H5_VERS_MAJOR ||
        min != H5_VERS_MINOR) {
        snprintf(why, n, "is release %u.%u.%u, but xrdfit was built for %d.%d", maj, min, rel,
                 H5_VERS_MAJOR, H5_VERS_MINOR);
        return -1;
    }
    if (h->open() < 0) {
        snprintf(why, n, "fails H5open");
        return -1;
    }
    const char *names[3] = {"H5T_NATIVE_DOUBLE_g", "H5T_C_S1_g", "H5P_CLS_FILE_ACCESS_ID_g"};
    hid_t *ids[3] = {&h->native_double, &h->c_s1, &h->file_access};
    for (int i = 0; i < 3; i++) {
        const hid_t *g = dlsym(dl, names[i]);
        if (!g) {
            snprintf(why, n, "lacks %s", names[i]);
            return -1;
        }
        *ids[i] = *g;
    }
    return 0;
}

/* Once-initialised: the table is written on the first load only (dl_load.h) */
static xrdi_h5 h5_table;
static xrdi_dl h5_dl = XRDI_DL_DESCRIBE(XRDI_HDF5_SONAME, XRDI_HDF5_PACKAGE,
    "NeXus/HDF5 files are read through libhdf5", h5_syms, h5_table, check);

xrd_status xrdi_h5_load(const xrdi_h5 **h, const char *file, xrd_error *err)
{
    *h = xrdi_dl_load(&h5_dl, file, err);
    return *h ? XRD_OK : XRD_ERR_UNSUPPORTED;
}
