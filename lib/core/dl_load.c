/* dlopen of an optional library on first use: see dl_load.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include "core/dl_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

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

xrd_status xrdi_dl_load(xrdi_dl *lib, const char *file, xrd_error *err)
{
    pthread_mutex_lock(&lib->lock);
    if (!lib->tried) {
        lib->tried = 1;
        open_locked(lib);
    }
    int ok = lib->dl != NULL;
    pthread_mutex_unlock(&lib->lock);
    if (ok)
        return XRD_OK;
    /* lib->why is written once, before tried is seen set under the lock */
    return xrd_error_set(err, XRD_ERR_UNSUPPORTED, file, 0,
                         "%s (%s), which %s: install the Debian package %s", lib->purpose,
                         lib->soname, lib->why, lib->package);
}
