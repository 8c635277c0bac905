/* Tests of the lazy loading of optional libraries (lib/core/dl_load.c): the
 * release comparison of the checks, a library that is absent or lacks a
 * symbol, the answer kept for the process, and the real loaders.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cif_loader.h"
#include "core/dl_load.h"
#include "harness.h"
#include "pattern/xylib_loader.h"
#include "pattern/zip_loader.h"

static void test_same_release(void)
{
    char why[200] = "";
    ASSERT(xrdi_dl_same_release("1.7.3", "1.9.0", 1, why, sizeof why) == 0);
    ASSERT(xrdi_dl_same_release("0.4.2", "0.4.2", 2, why, sizeof why) == 0);
    ASSERT(xrdi_dl_same_release("1.6", "1.6.0", 2, why, sizeof why) == 0);
    ASSERT(xrdi_dl_same_release("0.5.0", "0.4.2", 2, why, sizeof why) == -1);
    ASSERT_MSG(strstr(why, "is release 0.5.0, but xrdfit was built for 0.4.2"), "%s", why);
    ASSERT(xrdi_dl_same_release("2.0", "1.7.3", 1, why, sizeof why) == -1);
    ASSERT(xrdi_dl_same_release("", "1.7.3", 1, why, sizeof why) == -1);
    ASSERT(xrdi_dl_same_release(NULL, "1.7.3", 1, why, sizeof why) == -1);
    ASSERT_MSG(strstr(why, "(unknown)"), "%s", why);
}

typedef struct {
    XRDI_DL_FN(strlen);
} libc_table;

static const xrdi_dl_sym libc_syms[] = {XRDI_DL_SYM(libc_table, strlen)};
static const xrdi_dl_sym bad_syms[] = {{"xrdfit_no_such_function", 0}};

static int refuse(void *dl, void *table, char *why, size_t n)
{
    (void)dl, (void)table;
    snprintf(why, n, "is refused by its check");
    return -1;
}

static void test_absent_library(void)
{
    static libc_table t;
    static xrdi_dl d = XRDI_DL_DESCRIBE("libxrdfit-no-such-library.so.9", "libnosuch9",
                                        "test files are read through nosuch", libc_syms, t, NULL);
    xrd_error e;
    for (int rep = 0; rep < 2; rep++) { /* the second answer is the first's */
        memset(&e, 0, sizeof e);
        ASSERT(xrdi_dl_load(&d, "x.test", &e) == NULL);
        ASSERT(e.code == XRD_ERR_UNSUPPORTED && !strcmp(e.file, "x.test"));
        ASSERT_MSG(strstr(e.message, "test files are read through nosuch "
                                     "(libxrdfit-no-such-library.so.9), which cannot be loaded") &&
                       strstr(e.message, "install the Debian package libnosuch9"),
                   "%s", e.message);
    }
    ASSERT(xrdi_dl_load(&d, "x.test", NULL) == NULL); /* err may be NULL */
}

static void test_missing_symbol_and_check(void)
{
    static libc_table t1, t2, t3;
    static xrdi_dl lacks = XRDI_DL_DESCRIBE("libc.so.6", "libc6", "t", bad_syms, t1, NULL);
    static xrdi_dl refused = XRDI_DL_DESCRIBE("libc.so.6", "libc6", "t", libc_syms, t2, refuse);
    static xrdi_dl good = XRDI_DL_DESCRIBE("libc.so.6", "libc6", "t", libc_syms, t3, NULL);
    xrd_error e;
    ASSERT(xrdi_dl_load(&lacks, "f", &e) == NULL);
    ASSERT_MSG(strstr(e.message, "which lacks xrdfit_no_such_function"), "%s", e.message);
    ASSERT(xrdi_dl_load(&refused, "f", &e) == NULL);
    ASSERT_MSG(strstr(e.message, "which is refused by its check"), "%s", e.message);
    const libc_table *lt = xrdi_dl_load(&good, "f", &e);
    ASSERT(lt == &t3 && lt->strlen("four") == 4);
}

static void test_real_loaders(void)
{
    xrd_error e;
    const xrdi_zip *z = NULL;
    const xrdi_xylib *x = NULL;
    ASSERT_MSG(xrdi_zip_load(&z, "f", &e) == XRD_OK && z, "%s", e.message);
    ASSERT_MSG(xrdi_xylib_load(&x, "f", &e) == XRD_OK && x, "%s", e.message);
    ASSERT_MSG(xrdi_cif_load("f", &e) == XRD_OK, "%s", e.message);
    ASSERT(x->xylib_get_format_by_name("bruker_raw") != NULL);
    ASSERT(z->zip_libzip_version()[0] == LIBZIP_VERSION[0]);
    UChar *u = NULL;
    ASSERT(XRDI_CIF->cif_cstr_to_ustr("_cell_length_a", -1, &u) == CIF_OK && u && u[0] == '_');
    free(u);
}

int main(void)
{
    RUN(test_same_release);
    RUN(test_absent_library);
    RUN(test_missing_symbol_and_check);
    RUN(test_real_loaders);
    TH_EXIT();
}
