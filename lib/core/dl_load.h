/* Optional shared libraries loaded with dlopen on first use (internal): the
 * part every lazy loader shares (zip_loader.c, xylib_loader.c, cif_loader.c,
 * hdf5_loader.c). A loader describes its library (soname from the build, the
 * Debian package, the symbols and where their pointers go in its table, an
 * optional version check); the first call opens it under the description's
 * lock, later calls return the same answer. The library stays mapped for the
 * process (RTLD_NODELETE: leak reports and backtraces still name it).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_CORE_DL_LOAD_H
#define XRDFIT_CORE_DL_LOAD_H

#include <pthread.h>
#include <stddef.h>

#include "xrdfit/error.h"

/* A table member typed from the library's own declaration of fn */
#define XRDI_DL_FN(fn) __typeof__(fn) *fn
/* One symbol of a table type: its name and its pointer's place */
#define XRDI_DL_SYM(type, fn) {#fn, offsetof(type, fn)}

typedef struct {
    const char *name;
    size_t offset;
} xrdi_dl_sym;

typedef struct xrdi_dl xrdi_dl;
struct xrdi_dl {
    const char *soname;  /* e.g. "libzip.so.4" (Makefile: objdump of the .so) */
    const char *package; /* the Debian package that installs it */
    const char *purpose; /* "... files are read through libzip" (then its soname) */
    const xrdi_dl_sym *syms;
    size_t n_syms;
    void *table; /* the loader's table of pointers (the once-initialised state) */
    /* after the symbols (dl the library's handle): 0 when the library is
     * usable, else into why[n] what follows "which" ("is release 2.0, but") */
    int (*check)(void *dl, void *table, char *why, size_t n);
    /* set on the first load, under lock */
    pthread_mutex_t lock;
    int tried;
    void *dl;
    char why[400];
};

/* The static initialiser of a description: syms an array, table an object */
#define XRDI_DL_DESCRIBE(so, pkg, why_needed, sym_array, table_obj, check_fn)                  \
    {.soname = (so), .package = (pkg), .purpose = (why_needed), .syms = (sym_array),            \
     .n_syms = sizeof(sym_array) / sizeof((sym_array)[0]), .table = &(table_obj),              \
     .check = (check_fn), .lock = PTHREAD_MUTEX_INITIALIZER, .tried = 0, .dl = NULL}

/* Load lib once for the process: its table, filled, or NULL. Thread-safe.
 * On NULL, err is XRD_ERR_UNSUPPORTED naming file, the library, why and its
 * package (it cannot be loaded, lacks a symbol or fails its check). */
/* For a check: 0 when the first `parts` dot-separated numbers of the
 * library's release text have and of the header's want agree, else -1 and
 * why (what follows "which"). */
int xrdi_dl_same_release(const char *have, const char *want, int parts, char *why, size_t n);

const void *xrdi_dl_load(xrdi_dl *lib, const char *file, xrd_error *err);

#endif
