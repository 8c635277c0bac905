/* One member of a zip archive held in memory (Bruker BRML, Rigaku RASX), read
 * through libzip with its size bounded before anything is inflated (a zip
 * bomb is refused by its stated size, and a member that inflates beyond what
 * it states is an error, not a long read). libzip is loaded on the first
 * archive (zip_loader.c), not at process start.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern_internal.h"
#include "pattern/zip_loader.h"
#include "xrdfit/pattern.h"

xrd_status xrdi_zip_read(const xrdi_source *src, const char *member, size_t max_bytes,
                         char **out, size_t *len, xrd_error *err)
{
    *out = NULL;
    *len = 0;
    const xrdi_zip *lz;
    xrd_status lst = xrdi_zip_load(&lz, src->name, err);
    if (lst)
        return lst;
    zip_error_t ze;
    lz->zip_error_init(&ze);
    zip_source_t *zs = lz->zip_source_buffer_create(src->buf, src->len, 0, &ze);
    if (!zs) {
        lz->zip_error_fini(&ze);
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory opening the zip");
    }
    zip_t *z = lz->zip_open_from_source(zs, ZIP_RDONLY, &ze);
    if (!z) {
        xrd_status st = xrd_error_set(err, XRD_ERR_PARSE, src->name, 0,
                                      "not a readable zip archive: %s", lz->zip_error_strerror(&ze));
        lz->zip_source_free(zs);
        lz->zip_error_fini(&ze);
        return st;
    }
    lz->zip_error_fini(&ze);
    xrd_status st = XRD_OK;
    zip_stat_t sb;
    lz->zip_stat_init(&sb);
    zip_file_t *zf = NULL;
    char *buf = NULL;
    if (lz->zip_stat(z, member, 0, &sb) != 0 || !(sb.valid & ZIP_STAT_SIZE)) {
        st = xrd_error_set(err, XRD_ERR_NOT_FOUND, src->name, 0, "the archive has no %s", member);
        goto done;
    }
    if (sb.size > max_bytes) {
        st = xrd_error_set(err, XRD_ERR_TOO_LARGE, src->name, 0,
                           "%s states %llu bytes, more than the limit of %zu", member,
                           (unsigned long long)sb.size, max_bytes);
        goto done;
    }
    buf = malloc((size_t)sb.size + 1);
    zf = buf ? lz->zip_fopen(z, member, 0) : NULL;
    if (!buf || !zf) {
        st = buf ? xrd_error_set(err, XRD_ERR_PARSE, src->name, 0, "cannot open %s in the archive: "
                                 "%s", member, lz->zip_strerror(z))
                 : xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory reading %s",
                                 member);
        goto done;
    }
    size_t n = 0;
    for (;;) {
        zip_int64_t got = lz->zip_fread(zf, buf + n, (zip_uint64_t)((size_t)sb.size - n));
        if (got < 0) {
            st = xrd_error_set(err, XRD_ERR_PARSE, src->name, 0, "%s is corrupt in the archive: "
                               "%s", member, lz->zip_file_strerror(zf));
            goto done;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n == (size_t)sb.size)
            break;
    }
    if (n != (size_t)sb.size) {
        st = xrd_error_set(err, XRD_ERR_PARSE, src->name, 0,
                           "%s ends after %zu of its %llu bytes (truncated archive)", member, n,
                           (unsigned long long)sb.size);
        goto done;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
done:
    if (zf)
        lz->zip_fclose(zf);
    free(buf);
    lz->zip_discard(z);
    return st;
}

xrd_status xrdi_zip_count(const xrdi_source *src, const char *fmt, int max, int *count,
                          xrd_error *err)
{
    *count = 0;
    const xrdi_zip *lz;
    xrd_status st = xrdi_zip_load(&lz, src->name, err);
    if (st)
        return st;
    zip_error_t ze;
    lz->zip_error_init(&ze);
    zip_source_t *zs = lz->zip_source_buffer_create(src->buf, src->len, 0, &ze);
    zip_t *z = zs ? lz->zip_open_from_source(zs, ZIP_RDONLY, &ze) : NULL;
    if (!z && zs)
        lz->zip_source_free(zs);
    lz->zip_error_fini(&ze);
    if (!z)
        return XRD_OK;
    int n = 0;
    while (n < max) {
        char m[128];
        snprintf(m, sizeof m, fmt, n, n);
        if (lz->zip_name_locate(z, m, 0) < 0)
            break;
        n++;
    }
    lz->zip_discard(z);
    *count = n;
    return XRD_OK;
}
