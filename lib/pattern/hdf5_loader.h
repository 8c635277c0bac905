/* libhdf5 loaded when a NeXus file is read, not at process start (internal):
 * the serial HDF5 and what it pulls in (curl, TLS, Kerberos, LDAP: some 35
 * shared libraries) cost every xrdfit process about 5 ms to map and
 * relocate, and only NeXus files need it. The table holds the functions and
 * the type/class ids read_nexus.c uses, typed from hdf5.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_PATTERN_HDF5_LOADER_H
#define XRDFIT_PATTERN_HDF5_LOADER_H

#include <hdf5.h>
#include "core/dl_load.h"

/* H5F_ACC_RDONLY without the version check and H5open its macro calls */
#define XRDI_H5F_ACC_RDONLY 0x0000u

#define XRDI_H5_FN(name) __typeof__(H5##name) *name

typedef struct {
    XRDI_H5_FN(Aclose);
    XRDI_H5_FN(Aexists);
    XRDI_H5_FN(Aget_space);
    XRDI_H5_FN(Aget_type);
    XRDI_H5_FN(Aopen);
    XRDI_H5_FN(Aread);
    XRDI_H5_FN(Dclose);
    XRDI_H5_FN(Dget_space);
    XRDI_H5_FN(Dget_type);
    XRDI_H5_FN(Dopen2);
    XRDI_H5_FN(Dread);
    XRDI_H5_FN(Dvlen_reclaim);
    XRDI_H5_FN(Eset_auto2);
    XRDI_H5_FN(Fclose);
    XRDI_H5_FN(Fopen);
    XRDI_H5_FN(Gclose);
    XRDI_H5_FN(Gget_num_objs);
    XRDI_H5_FN(Gget_objname_by_idx);
    XRDI_H5_FN(Gget_objtype_by_idx);
    XRDI_H5_FN(Gopen2);
    XRDI_H5_FN(Lexists);
    XRDI_H5_FN(Pclose);
    XRDI_H5_FN(Pcreate);
    XRDI_H5_FN(Pset_fapl_core);
    XRDI_H5_FN(Pset_file_image);
    XRDI_H5_FN(Sclose);
    XRDI_H5_FN(Sget_simple_extent_ndims);
    XRDI_H5_FN(Sget_simple_extent_npoints);
    XRDI_H5_FN(Tclose);
    XRDI_H5_FN(Tcopy);
    XRDI_H5_FN(Tget_class);
    XRDI_H5_FN(Tget_size);
    XRDI_H5_FN(Tis_variable_str);
    XRDI_H5_FN(Tset_size);
    XRDI_H5_FN(open);
    XRDI_H5_FN(get_libversion);
    hid_t native_double, c_s1, file_access; /* H5T_NATIVE_DOUBLE, H5T_C_S1, H5P_FILE_ACCESS */
} xrdi_h5;

/* libhdf5 (its soname from the build), loaded and initialised once for the
 * process, into *h; calls through it go under the reader's lock. XRD_ERR_UNSUPPORTED
 * naming file when it cannot be loaded, lacks a function or is another release
 * than hdf5.h's. */
xrd_status xrdi_h5_load(const xrdi_h5 **h, const char *file, xrd_error *err);

#endif
