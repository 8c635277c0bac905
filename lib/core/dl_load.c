/* dlopen of an optional library on first use: see dl_load.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "core/dl_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xrdi_dl_same_release(const char *have, const char *want, int parts, char *why, size_t n)
{
    const char *h = have ? have : "", *w = want;
    int same = have != NULL;
    for (int i = 0; i < parts && same; i++) {
        char *he, *we;
        long a = strtol(h, &he, 10), b = strtol(w, &we, 10);
        same = he != h && we != w && a == b;
        h = *he == '.' ? he + 1 : he;
        w = *we == '.' ? we + 1 : we;
    }
    if (!same)
        snprintf(why, n, "is release %s, but xrdfit was built for %s", have ? have : "(unknown)",
                 want);
    return same ? 0 : -1;
}

/* Open lib and fill its table; on failure lib->why says why. Under lib->lock. */
static void open_locked(xrdi_dl *lib)
{
    void *dl = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!dl) {
        const char *e = dlerror();
        snprintf(lib->why, sizeof lib->why, "cannot be loaded (%s)", e ? e : "no reason given");
        return;
    }
    for (size_t i = 0; i < lib->n_syms; i++) {
        void *p = dlsym(dl, lib->syms[i].name);
        if (!p) {
            snprintf(lib->why, sizeof lib->why, "lacks %s (another release?)",
                     lib->syms[i].name);
            dlclose(dl);
            return;
        }
        /* POSIX guarantees the object-to-function pointer conversion dlsym
         * needs; memcpy says so without a cast warning */
        memcpy((char *)lib->table + lib->syms[i].offset, &p, sizeof p);
    }
    if (lib->check && lib->check(dl, lib->table, lib->why, sizeof lib->why)) {
        dlclose(dl);
        return;
    }
    lib->dl = dl;
}

const void *xrdi_dl_load(xrdi_dl *lib, const char *file, xrd_error *err)
{
    pthread_mutex_lock(&lib->lock);
    if (!lib->tried) {
        lib->tried = 1;
        open_locked(lib);
    }
    int ok = lib->dl != NULL;
    pthread_mutex_unlock(&lib->lock);
    if (ok)
        return lib->table;
    /* lib->why is written once, before tried is seen set under the lock */
    xrd_error_set(err, XRD_ERR_UNSUPPORTED, file, 0,
                  "%s (%s), which %s: install the Debian package %s", lib->purpose, lib->soname,
                  lib->why, lib->package);
    return NULL;
}
