/* libzip through dlopen: see zip_loader.h for why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "pattern/zip_loader.h"

#include <stdio.h>
#include <stdlib.h>

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
    const char *v = z->zip_libzip_version();
    if (v && strtol(v, NULL, 10) == LIBZIP_VERSION_MAJOR)
        return 0;
    snprintf(why, n, "is release %s, but xrdfit was built for %s", v ? v : "(none)",
             LIBZIP_VERSION);
    return -1;
}

/* Once-initialised: the table is written on the first load only (dl_load.h) */
static xrdi_zip zip_table;
static xrdi_dl zip_dl = {XRDI_DL_INIT,
                         .soname = XRDI_ZIP_SONAME,
                         .package = XRDI_ZIP_PACKAGE,
                         .purpose = "Bruker BRML and Rigaku RASX files (zip archives) are read "
                                    "through libzip",
                         .syms = zip_syms,
                         .n_syms = sizeof zip_syms / sizeof zip_syms[0],
                         .table = &zip_table,
                         .check = check};

xrd_status xrdi_zip_load(const xrdi_zip **z, const char *file, xrd_error *err)
{
    *z = NULL;
    xrd_status st = xrdi_dl_load(&zip_dl, file, err);
    if (st == XRD_OK)
        *z = &zip_table;
    return st;
}
