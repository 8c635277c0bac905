/* Tests of the NeXus / HDF5 reader on files written here with libhdf5 by the
 * NeXus conventions (no real NeXus pattern is in ../shared): pyFAI's NXdata
 * reached through the "default" attributes (2theta in deg, errors, a
 * wavelength in m under the instrument), a q axis in A^-1 found without
 * "default", the NXmonopd names (polar_angle, data) without signal/axes
 * attributes, and broken files: truncated, no NXdata, lengths that differ.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

static void str_attr(hid_t loc, const char *name, const char *value)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(value) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, value);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

static void dataset(hid_t g, const char *name, const double *v, hsize_t n, const char *units)
{
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(g, name, H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    if (units)
        str_attr(d, "units", units);
    H5Dclose(d);
    H5Sclose(sp);
}

static hid_t group(hid_t parent, const char *name, const char *nx_class)
{
    hid_t g = H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    str_attr(g, "NX_class", nx_class);
    return g;
}

#define N 200

/* kind 0: pyFAI-like with defaults; 1: q in A^-1, no defaults; 2: NXmonopd;
 * 3: no NXdata; 4: axis and signal of different lengths */
static void write_file(const char *path, int kind)
{
    double x[N], y[N], e[N];
    for (int i = 0; i < N; i++) {
        x[i] = (kind == 1 ? 1.0 : 10.0) + 0.01 * i;
        y[i] = 100.0 + 900.0 * exp(-0.5 * pow((i - 100) / 4.0, 2));
        e[i] = sqrt(y[i]);
    }
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (kind == 0)
        str_attr(f, "default", "entry");
    hid_t en = group(f, "entry", "NXentry");
    if (kind == 0)
        str_attr(en, "default", "integrate");
    if (kind == 0) {
        hid_t in = group(en, "instrument", "NXinstrument");
        hid_t mo = group(in, "monochromator", "NXmonochromator");
        double w = 4.066e-11;
        dataset(mo, "wavelength", &w, 1, "m");
        H5Gclose(mo);
        H5Gclose(in);
    }
    if (kind != 3) {
        hid_t d = group(en, kind == 0 ? "integrate" : kind == 2 ? "data" : "result", "NXdata");
        if (kind == 0 || kind == 1 || kind == 4) {
            str_attr(d, "signal", "I");
            str_attr(d, "axes", kind == 1 ? "q" : "2th");
            dataset(d, kind == 1 ? "q" : "2th", x, kind == 4 ? N - 1 : N,
                    kind == 1 ? "A^-1" : "deg");
            dataset(d, "I", y, N, NULL);
            if (kind == 0)
                dataset(d, "I_errors", e, N, NULL);
        } else {
            dataset(d, "polar_angle", x, N, "degrees");
            dataset(d, "data", y, N, "counts");
        }
        H5Gclose(d);
    } else {
        dataset(en, "values", y, N, NULL);
    }
    H5Gclose(en);
    H5Fclose(f);
}

static void path_of(char *buf, size_t n, int kind)
{
    snprintf(buf, n, "%s/xrdfit_nexus_%d.h5", th_tmpdir(), kind);
}

static void pyfai_defaults(void)
{
    char path[512];
    path_of(path, sizeof path, 0);
    write_file(path, 0);
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_OK, "%s", e.message);
    ASSERT(p->n == N && p->unit == XRD_X_TWO_THETA_DEG && !strcmp(p->meta.format, "nexus"));
    ASSERT_NEAR(p->x[0], 10.0, 1e-12);
    ASSERT_NEAR(p->y[100], 1000.0, 1e-9);
    ASSERT(p->noise.source == XRD_SIGMA_FROM_FILE);
    ASSERT_NEAR(p->sigma[100], sqrt(1000.0), 1e-9);
    ASSERT_NEAR(p->wavelength_A, 0.4066, 1e-9);
    xrd_pattern_free(p);
    remove(path);
}

static void q_axis_without_defaults(void)
{
    char path[512];
    path_of(path, sizeof path, 1);
    write_file(path, 1);
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_OK, "%s", e.message);
    ASSERT(p->n == N && p->unit == XRD_X_Q_INV_A && p->wavelength_A == 0);
    ASSERT_NEAR(p->x[N - 1], 1.0 + 0.01 * (N - 1), 1e-12);
    xrd_pattern_free(p);
    remove(path);
}

static void nxmonopd_names(void)
{
    char path[512];
    path_of(path, sizeof path, 2);
    write_file(path, 2);
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_OK, "%s", e.message);
    ASSERT(p->n == N && p->unit == XRD_X_TWO_THETA_DEG);
    ASSERT(p->noise.source != XRD_SIGMA_FROM_FILE);
    xrd_pattern_free(p);
    remove(path);
}

static void broken_nexus(void)
{
    char path[512];
    xrd_pattern *p = NULL;
    xrd_error e;
    path_of(path, sizeof path, 3);
    write_file(path, 3);
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_ERR_NO_DATA && !p);
    ASSERT(strstr(e.message, "NXdata") != NULL);
    remove(path);
    path_of(path, sizeof path, 4);
    write_file(path, 4);
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_ERR_COLUMNS && !p);
    remove(path);
    /* the pyFAI file cut in half */
    path_of(path, sizeof path, 0);
    write_file(path, 0);
    FILE *f = fopen(path, "rb");
    ASSERT(f != NULL);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    xrd_status st = xrd_pattern_read_buffer(buf, n / 2, "half.h5", NULL, &p, &e);
    ASSERT_MSG(st != XRD_OK && !p && e.message[0], "status %d", (int)st);
    /* and whole from memory */
    st = xrd_pattern_read_buffer(buf, n, "whole.h5", NULL, &p, &e);
    ASSERT_MSG(st == XRD_OK && p && p->n == N, "%s", e.message);
    xrd_pattern_free(p);
    remove(path);
}

int main(void)
{
    RUN(pyfai_defaults);
    RUN(q_axis_without_defaults);
    RUN(nxmonopd_names);
    RUN(broken_nexus);
    TH_EXIT();
}
