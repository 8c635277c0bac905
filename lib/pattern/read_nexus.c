/* NeXus / HDF5 1-D patterns through libhdf5 (a file by its path, a buffer
 * through the core driver). The pattern is the
 * NXdata group the file's "default" attributes lead to (root, then entry),
 * else the first NXdata found: its "signal" attribute names the intensity,
 * its "axes" attribute the x axis (pyFAI: "2th" in deg or "q" in nm^-1 or
 * A^-1, from the axis's "units"); "<signal>_errors" or "errors" is sigma.
 * NXmonopd's data group (polar_angle, data) reads the same way. A dataset
 * named "wavelength" (units m, nm or A) anywhere in the entry is the
 * wavelength. The serial libhdf5 is not thread-safe: every call is made under
 * one lock; its error printing is switched off. libhdf5 is loaded on the first
 * read (hdf5_loader.c), not at process start.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/hdf5_loader.h"
#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define NX_MAX_POINTS 50000000
#define NX_MAX_DEPTH 8

static pthread_mutex_t h5_lock = PTHREAD_MUTEX_INITIALIZER;

/* String attribute attr of object loc (fixed or variable length) into buf; 0 ok. */
static int attr_string(const xrdi_h5 *h, hid_t loc, const char *attr, char *buf, size_t n)
{
    buf[0] = '\0';
    if (h->Aexists(loc, attr) <= 0)
        return -1;
    hid_t a = h->Aopen(loc, attr, H5P_DEFAULT);
    if (a < 0)
        return -1;
    int rc = -1;
    hid_t t = h->Aget_type(a), sp = h->Aget_space(a);
    if (t >= 0 && sp >= 0 && h->Tget_class(t) == H5T_STRING) {
        hssize_t np = h->Sget_simple_extent_npoints(sp);
        if (h->Tis_variable_str(t) > 0) {
            char **v = np >= 1 && np < 1024 ? calloc((size_t)np, sizeof *v) : NULL;
            hid_t mt = h->Tcopy(h->c_s1);
            h->Tset_size(mt, H5T_VARIABLE);
            if (v && h->Aread(a, mt, v) >= 0 && v[0]) {
                snprintf(buf, n, "%s", v[0]);
                rc = 0;
            }
            if (v) {
                h->Dvlen_reclaim(mt, sp, H5P_DEFAULT, v);
                free(v);
            }
            h->Tclose(mt);
        } else {
            size_t sz = h->Tget_size(t);
            if (sz > 0 && sz < 65536 && np >= 1) {
                char *tmp = calloc((size_t)np * sz + 1, 1);
                hid_t mt = h->Tcopy(t);
                if (tmp && h->Aread(a, mt, tmp) >= 0) {
                    snprintf(buf, n, "%.*s", (int)sz, tmp); /* the first string */
                    rc = 0;
                }
                h->Tclose(mt);
                free(tmp);
            }
        }
    }
    if (t >= 0)
        h->Tclose(t);
    if (sp >= 0)
        h->Sclose(sp);
    h->Aclose(a);
    return rc;
}

/* A 1-D numeric dataset name in group g into a new array; its length in *n. */
static double *read_1d(const xrdi_h5 *h, hid_t g, const char *name, size_t *n, char *units, size_t nu)
{
    *n = 0;
    if (units)
        units[0] = '\0';
    if (h->Lexists(g, name, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = h->Dopen2(g, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    double *v = NULL;
    hid_t sp = h->Dget_space(d), t = h->Dget_type(d);
    int rank = sp >= 0 ? h->Sget_simple_extent_ndims(sp) : -1;
    hssize_t np = sp >= 0 ? h->Sget_simple_extent_npoints(sp) : -1;
    if (t >= 0 && (h->Tget_class(t) == H5T_FLOAT || h->Tget_class(t) == H5T_INTEGER) &&
        rank == 1 && np >= 1 && np <= NX_MAX_POINTS) {
        v = malloc((size_t)np * sizeof *v);
        if (v && h->Dread(d, h->native_double, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
            free(v);
            v = NULL;
        }
        if (v)
            *n = (size_t)np;
    }
    if (v && units)
        attr_string(h, d, "units", units, nu);
    if (t >= 0)
        h->Tclose(t);
    if (sp >= 0)
        h->Sclose(sp);
    h->Dclose(d);
    return v;
}

typedef struct {
    char path[512];
    int found;
} nx_find;

/* Depth-first search below g (path p) for the first group of NX_class cls. */
static void find_class(const xrdi_h5 *h, hid_t g, const char *p, const char *cls, nx_find *out, int depth)
{
    if (out->found || depth > NX_MAX_DEPTH)
        return;
    hsize_t n = 0;
    if (h->Gget_num_objs(g, &n) < 0 || n > 10000)
        return;
    for (hsize_t i = 0; i < n && !out->found; i++) {
        char name[256];
        if (h->Gget_objname_by_idx(g, i, name, sizeof name) <= 0)
            continue;
        if (h->Gget_objtype_by_idx(g, i) != H5G_GROUP)
            continue;
        hid_t c = h->Gopen2(g, name, H5P_DEFAULT);
        if (c < 0)
            continue;
        char sub[512], k[64];
        snprintf(sub, sizeof sub, "%s/%s", p, name);
        if (!attr_string(h, c, "NX_class", k, sizeof k) && !strcmp(k, cls)) {
            snprintf(out->path, sizeof out->path, "%s", sub);
            out->found = 1;
        } else {
            find_class(h, c, sub, cls, out, depth + 1);
        }
        h->Gclose(c);
    }
}

/* The NXdata group: root@default -> entry@default -> data, else the first NXdata. */
static hid_t open_nxdata(const xrdi_h5 *h, hid_t f, char *path, size_t np)
{
    char a[256], b[256];
    if (!attr_string(h, f, "default", a, sizeof a) && h->Lexists(f, a, H5P_DEFAULT) > 0) {
        hid_t e = h->Gopen2(f, a, H5P_DEFAULT);
        if (e >= 0) {
            if (!attr_string(h, e, "default", b, sizeof b) && h->Lexists(e, b, H5P_DEFAULT) > 0) {
                hid_t d = h->Gopen2(e, b, H5P_DEFAULT);
                h->Gclose(e);
                if (d >= 0) {
                    snprintf(path, np, "/%.200s/%.200s", a, b);
                    return d;
                }
            } else {
                h->Gclose(e);
            }
        }
    }
    nx_find fd = {"", 0};
    find_class(h, f, "", "NXdata", &fd, 0);
    if (!fd.found)
        return -1;
    snprintf(path, np, "%s", fd.path);
    return h->Gopen2(f, fd.path, H5P_DEFAULT);
}

/* The first dataset named "wavelength" below g, in Angstrom (0 if none). */
static double find_wavelength(const xrdi_h5 *h, hid_t g, int depth)
{
    if (depth > NX_MAX_DEPTH)
        return 0;
    size_t n = 0;
    char units[32];
    double *w = read_1d(h, g, "wavelength", &n, units, sizeof units);
    if (w && n >= 1) {
        double v = w[0];
        free(w);
        if (strstr(units, "nm"))
            v *= 10;
        else if (!strcmp(units, "m") || (v > 1e-12 && v < 1e-8 && !units[0]))
            v *= 1e10;
        return v >= 0.001 && v <= 20 ? v : 0;
    }
    free(w);
    hsize_t no = 0;
    if (h->Gget_num_objs(g, &no) < 0 || no > 10000)
        return 0;
    for (hsize_t i = 0; i < no; i++) {
        char name[256];
        if (h->Gget_objname_by_idx(g, i, name, sizeof name) <= 0 ||
            h->Gget_objtype_by_idx(g, i) != H5G_GROUP)
            continue;
        hid_t c = h->Gopen2(g, name, H5P_DEFAULT);
        if (c < 0)
            continue;
        double v = find_wavelength(h, c, depth + 1);
        h->Gclose(c);
        if (v > 0)
            return v;
    }
    return 0;
}

static int unit_of(const char *axis, const char *units, xrd_xunit *u)
{
    if (strstr(units, "nm"))
        *u = XRD_X_Q_INV_NM;
    else if (strstr(units, "A^-1") || strstr(units, "1/A") || strstr(units, "angstrom^-1") ||
             strstr(units, "\xc3\x85"))
        *u = XRD_X_Q_INV_A;
    else if (strstr(units, "deg") || !strcmp(axis, "2th") || !strcmp(axis, "polar_angle") ||
             !strcmp(axis, "two_theta") || !strcmp(axis, "2theta") || !strcmp(axis, "tth"))
        *u = XRD_X_TWO_THETA_DEG;
    else if (!strcmp(axis, "q"))
        *u = XRD_X_Q_INV_NM; /* pyFAI's default q unit */
    else
        return -1;
    return 0;
}

/* The file: by its path when it has one, else from memory through the core
 * driver with a copy of the image (HDF5's hl H5LTopen_file_image leaks its
 * bookkeeping on every open). */
static hid_t open_image(const xrdi_h5 *h, const xrdi_source *src)
{
    if (src->path)
        return h->Fopen(src->path, XRDI_H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t fapl = h->Pcreate(h->file_access);
    if (fapl < 0)
        return -1;
    hid_t f = -1;
    if (h->Pset_fapl_core(fapl, 65536, 0) >= 0 &&
        h->Pset_file_image(fapl, (void *)src->buf, src->len) >= 0)
        f = h->Fopen(src->name, XRDI_H5F_ACC_RDONLY, fapl);
    h->Pclose(fapl);
    return f;
}

static xrd_status read_locked(const xrdi_h5 *h, const xrdi_source *src, const xrd_read_options *o,
                              xrd_pattern **out, xrd_error *err)
{
    if (o->scan > 0)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, 0,
                             "--scan %d: a NeXus file is read as one pattern", o->scan + 1);
    h->Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = open_image(h, src);
    if (f < 0)
        return xrd_error_set(err, XRD_ERR_PARSE, src->name, 0,
                             "not a readable HDF5 file (truncated or corrupt)");
    char gp[512] = "";
    hid_t g = open_nxdata(h, f, gp, sizeof gp);
    if (g < 0) {
        h->Fclose(f);
        return xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                             "the HDF5 file holds no NeXus NXdata group (no 1-D pattern)");
    }
    char sig[128] = "", ax[128] = "", ux[64] = "", uy[64] = "";
    if (attr_string(h, g, "signal", sig, sizeof sig))
        snprintf(sig, sizeof sig, "%s", h->Lexists(g, "data", H5P_DEFAULT) > 0 ? "data" : "I");
    if (attr_string(h, g, "axes", ax, sizeof ax))
        snprintf(ax, sizeof ax, "%s",
                 h->Lexists(g, "polar_angle", H5P_DEFAULT) > 0 ? "polar_angle" : "2th");
    size_t ny = 0, nx = 0, ns = 0;
    double *y = read_1d(h, g, sig, &ny, uy, sizeof uy);
    double *x = read_1d(h, g, ax, &nx, ux, sizeof ux);
    char en[160];
    snprintf(en, sizeof en, "%s_errors", sig);
    double *s = read_1d(h, g, en, &ns, NULL, 0);
    if (!s)
        s = read_1d(h, g, "errors", &ns, NULL, 0);
    xrd_status st = XRD_OK;
    xrd_xunit unit = XRD_X_TWO_THETA_DEG;
    if (!y || !x)
        st = xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                           "%s: no 1-D numeric signal '%s' and axis '%s'", gp, sig, ax);
    else if (nx != ny)
        st = xrd_error_set(err, XRD_ERR_COLUMNS, src->name, 0,
                           "%s: the axis '%s' has %zu values, the signal '%s' %zu", gp, ax, nx,
                           sig, ny);
    else if (unit_of(ax, ux, &unit))
        st = xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, 0,
                           "%s: the axis '%s' (units '%s') is neither 2theta nor q", gp, ax, ux);
    double lambda = st ? 0 : find_wavelength(h, f, 0);
    h->Gclose(g);
    h->Fclose(f);
    xrd_pattern *p = st ? NULL : xrd_pattern_new(0);
    if (!st && !p)
        st = xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    if (st) {
        free(x), free(y), free(s);
        return st;
    }
    free(p->x), free(p->y), free(p->sigma);
    p->x = x, p->y = y, p->n = nx;
    if (s && ns == nx) {
        p->sigma = s;
        p->sigma_from_file = 1;
        for (size_t i = 0; i < nx; i++)
            if (!(s[i] > 0)) { /* a zero or missing error: judged from the scatter */
                p->sigma_from_file = 0;
                break;
            }
    } else {
        free(s);
        p->sigma = malloc((nx ? nx : 1) * sizeof(double));
        if (!p->sigma) {
            xrd_pattern_free(p);
            return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
        }
    }
    if (!p->sigma_from_file)
        for (size_t i = 0; i < nx; i++)
            p->sigma[i] = 1.0;
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "nexus");
    p->unit = unit;
    p->unit_from_header = 1;
    p->wavelength_A = lambda;
    p->meta.n_scans = 1;
    *out = p;
    return XRD_OK;
}

xrd_status xrdi_read_nexus(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                           xrd_error *err)
{
    *out = NULL;
    pthread_mutex_lock(&h5_lock);
    const xrdi_h5 *h;
    xrd_status st = xrdi_h5_load(&h, src->name, err);
    if (st == XRD_OK)
        st = read_locked(h, src, o, out, err);
    pthread_mutex_unlock(&h5_lock);
    return st;
}
