/* libzip through dlopen: see zip_loader.h for why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "pattern/zip_loader.h"

#ifndef XRDI_ZIP_SONAME
#define XRDI_ZIP_SONAME "libzip.so"
#endif
#ifndef XRDI_ZIP_PACKAGE
#define XRDI_ZIP_PACKAGE "libzip4"
#endif

#define SYM(fn) XRDI_DL_SYM(xrdi_zip, fn)
static const xrdi_dl_sym zip_syms[] = {
    SYM(zip_discard), SYM(zip_error_fini), SYM(zip_error_init), SYM(zip_error_strerror),
    SYM(zip_fclose), SYM(zip_file_strerror), SYM(zip_fopen), SYM(zip_fread),
    SYM(zip_libzip_version), SYM(zip_name_locate), SYM(zip_open_from_source),
    SYM(zip_source_buffer_create), SYM(zip_source_free), SYM(zip_stat), SYM(zip_stat_init),
    SYM(zip_strerror)};

/* The release must be the major one zip.h describes (zip_stat_t's layout). */
static int check(void *dl, void *table, char *why, size_t n)
{
    const xrdi_zip *z = table;
    return xrdi_dl_same_release(z->zip_libzip_version(), LIBZIP_VERSION, 1, why, n);
}

/* Once-initialised: the table is written on the first load only (dl_load.h) */
static xrdi_zip zip_table;
static xrdi_dl zip_dl = XRDI_DL_DESCRIBE(XRDI_ZIP_SONAME, XRDI_ZIP_PACKAGE,
    "Bruker BRML and Rigaku RASX files (zip archives) are read through libzip", zip_syms,
    zip_table, check);

xrd_status xrdi_zip_load(const xrdi_zip **z, const char *file, xrd_error *err)
{
    *z = xrdi_dl_load(&zip_dl, file, err);
    return *z ? XRD_OK : XRD_ERR_UNSUPPORTED;
}
