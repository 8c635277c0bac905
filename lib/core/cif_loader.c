/* The CIF API through dlopen: see cif_loader.h for why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/cif_loader.h"

#include <stdlib.h>

#ifndef XRDI_CIF_SONAME
#define XRDI_CIF_SONAME "libcif.so"
#endif
#ifndef XRDI_CIF_PACKAGE
#define XRDI_CIF_PACKAGE "libcif1"
#endif
/* cif.h states no version: the Makefile gives the -dev package's */
#ifndef XRDI_CIF_BUILT_FOR
#define XRDI_CIF_BUILT_FOR "0.4"
#endif

#define SYM(fn) XRDI_DL_SYM(xrdi_cif, fn)
static const xrdi_dl_sym cif_syms[] = {
    SYM(cif_container_free),   SYM(cif_container_get_code), SYM(cif_container_get_item_loop),
    SYM(cif_container_get_value), SYM(cif_cstr_to_ustr),    SYM(cif_destroy),
    SYM(cif_get_all_blocks),   SYM(cif_get_api_version),    SYM(cif_loop_free),
    SYM(cif_loop_get_packets), SYM(cif_packet_free),        SYM(cif_packet_get_item),
    SYM(cif_parse),            SYM(cif_parse_options_create), SYM(cif_pktitr_close),
    SYM(cif_pktitr_next_packet), SYM(cif_value_free),       SYM(cif_value_get_number),
    SYM(cif_value_get_su),     SYM(cif_value_get_text)};

/* The release must be the major.minor of the build's (struct
 * cif_parse_opts_s, which xrdfit fills, is the header's). */
static int check(void *dl, void *table, char *why, size_t n)
{
    const xrdi_cif *c = table;
    char *v = NULL;
    if (c->cif_get_api_version(&v) != CIF_OK)
        v = NULL;
    int rc = xrdi_dl_same_release(v, XRDI_CIF_BUILT_FOR, 2, why, n);
    free(v);
    return rc;
}

/* Once-initialised: the table is written on the first load only (dl_load.h) */
static xrdi_cif cif_table;
static xrdi_dl cif_dl = XRDI_DL_DESCRIBE(XRDI_CIF_SONAME, XRDI_CIF_PACKAGE,
    "CIF files are read through the CIF API", cif_syms, cif_table, check);

xrd_status xrdi_cif_load(const char *file, xrd_error *err)
{
    return xrdi_dl_load(&cif_dl, file, err) ? XRD_OK : XRD_ERR_UNSUPPORTED;
}

const xrdi_cif *xrdi_cif_api(void)
{
    return &cif_table;
}
