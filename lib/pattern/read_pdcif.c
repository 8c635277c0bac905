/* Powder CIF (pdCIF) patterns through the COMCIFS CIF API (libcif): the first
 * data block with an intensity loop (_pd_meas_counts_total,
 * _pd_meas_intensity_total, _pd_proc_intensity_total, _pd_proc_intensity_net);
 * 2theta from the same loop (_pd_meas_2theta_scan, _pd_proc_2theta_corrected,
 * _pd_meas_angle_2theta) or from _pd_meas_2theta_range_min/_inc (else the
 * _pd_proc_ range); sigma from the intensity's standard uncertainty
 * ("5540(160)"); the wavelength from _diffrn_radiation_wavelength. xylib also
 * reads pdCIF, but its C API does not name the columns, and the columns of a
 * pdCIF loop are in any order.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/cif_parse.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define PDCIF_MAX_POINTS 50000000

/* A scalar number of the block (0 when absent or not a number). */
static double scalar(cif_block_tp *b, const char *name)
{
    UChar *u = xrdi_cif_name(name);
    cif_value_tp *v = NULL;
    double x = 0;
    if (u && XRDI_CIF->cif_container_get_value(b, u, &v) == CIF_OK && v) {
        if (XRDI_CIF->cif_value_get_number(v, &x) != CIF_OK || !isfinite(x))
            x = 0;
        XRDI_CIF->cif_value_free(v);
    }
    free(u);
    return x;
}

/* The first of names that has a loop in b: the loop and that name's index. */
static cif_loop_tp *loop_of(cif_block_tp *b, const char *const *names, int *which)
{
    for (int k = 0; names[k]; k++) {
        UChar *u = xrdi_cif_name(names[k]);
        cif_loop_tp *l = NULL;
        int rc = u ? XRDI_CIF->cif_container_get_item_loop(b, u, &l) : -1;
        free(u);
        if (rc == CIF_OK && l) {
            *which = k;
            return l;
        }
    }
    return NULL;
}

static int loop_has(cif_block_tp *b, const char *name, cif_loop_tp *in)
{
    (void)in;
    UChar *u = xrdi_cif_name(name);
    cif_loop_tp *l = NULL;
    int ok = u && XRDI_CIF->cif_container_get_item_loop(b, u, &l) == CIF_OK && l;
    if (l)
        XRDI_CIF->cif_loop_free(l);
    free(u);
    return ok;
}

static const char *const y_names[] = {"_pd_meas_counts_total", "_pd_meas_intensity_total",
                                      "_pd_proc_intensity_total", "_pd_proc_intensity_net",
                                      NULL};
static const char *const x_names[] = {"_pd_meas_2theta_scan", "_pd_proc_2theta_corrected",
                                      "_pd_meas_angle_2theta", NULL};

static xrd_status read_block(cif_block_tp *b, const char *name, xrd_pattern *p, int *found,
                             xrd_error *err)
{
    *found = 0;
    int yi = -1;
    cif_loop_tp *loop = loop_of(b, y_names, &yi);
    if (!loop)
        return XRD_OK;
    *found = 1;
    const char *xname = NULL;
    for (int k = 0; x_names[k]; k++)
        if (loop_has(b, x_names[k], loop)) {
            xname = x_names[k];
            break;
        }
    double x0 = scalar(b, "_pd_meas_2theta_range_min"), dx = scalar(b, "_pd_meas_2theta_range_inc");
    if (!(dx > 0))
        x0 = scalar(b, "_pd_proc_2theta_range_min"), dx = scalar(b, "_pd_proc_2theta_range_inc");
    if (!xname && !(dx > 0)) {
        XRDI_CIF->cif_loop_free(loop);
        return xrd_error_set(err, XRD_ERR_NO_DATA, name, 0,
                             "the powder CIF gives %s but no 2theta (neither a 2theta column nor "
                             "_pd_meas_2theta_range_min and _inc)",
                             y_names[yi]);
    }
    UChar *uy = xrdi_cif_name(y_names[yi]), *ux = xname ? xrdi_cif_name(xname) : NULL;
    cif_pktitr_tp *it = NULL;
    xrd_status st = XRD_OK;
    size_t n = 0, cap = 0, packet = 0;
    double *x = NULL, *y = NULL, *s = NULL;
    int have_su = 1;
    if (!uy || (xname && !ux) || XRDI_CIF->cif_loop_get_packets(loop, &it) != CIF_OK) {
        st = xrd_error_set(err, XRD_ERR_PARSE, name, 0, "cannot read the powder CIF's loop");
        goto done;
    }
    cif_packet_tp *pk = NULL;
    for (;;) {
        int rc = XRDI_CIF->cif_pktitr_next_packet(it, &pk);
        if (rc == CIF_FINISHED)
            break;
        if (rc != CIF_OK) {
            st = xrd_error_set(err, XRD_ERR_PARSE, name, 0, "cannot read packet %zu of the powder "
                               "CIF's loop (CIF API error %d)", n + 1, rc);
            break;
        }
        cif_value_tp *vy = NULL, *vx = NULL;
        double yv = NAN, xv = NAN, su = 0;
        if (XRDI_CIF->cif_packet_get_item(pk, uy, &vy) == CIF_OK && vy) {
            if (XRDI_CIF->cif_value_get_number(vy, &yv) != CIF_OK)
                yv = NAN;
            if (XRDI_CIF->cif_value_get_su(vy, &su) != CIF_OK || !(su > 0))
                have_su = 0;
        }
        if (ux && XRDI_CIF->cif_packet_get_item(pk, ux, &vx) == CIF_OK && vx &&
            XRDI_CIF->cif_value_get_number(vx, &xv) != CIF_OK)
            xv = NAN;
        if (!ux)
            xv = x0 + dx * (double)packet;
        packet++;
        if (!isfinite(yv) || !isfinite(xv)) {
            /* '.' or '?' (not measured): the point is left out */
        } else {
            if (n == cap) {
                size_t nc = cap ? 2 * cap : 4096;
                if (nc > PDCIF_MAX_POINTS) {
                    st = xrd_error_set(err, XRD_ERR_TOO_LARGE, name, 0, "more than %d points",
                                       PDCIF_MAX_POINTS);
                    break;
                }
                double *a = realloc(x, nc * sizeof *a);
                if (a)
                    x = a;
                double *bb = a ? realloc(y, nc * sizeof *bb) : NULL;
                if (bb)
                    y = bb;
                double *c = bb ? realloc(s, nc * sizeof *c) : NULL;
                if (c)
                    s = c;
                if (!a || !bb || !c) {
                    st = xrd_error_set(err, XRD_ERR_NOMEM, name, 0, "out of memory");
                    break;
                }
                cap = nc;
            }
            x[n] = xv, y[n] = yv, s[n] = su;
            n++;
        }
    }
    if (pk)
        XRDI_CIF->cif_packet_free(pk);
done:
    if (it)
        (void)!XRDI_CIF->cif_pktitr_close(it);
    XRDI_CIF->cif_loop_free(loop);
    free(uy);
    free(ux);
    if (st) {
        free(x), free(y), free(s);
        return st;
    }
    free(p->x), free(p->y), free(p->sigma);
    p->x = x ? x : calloc(1, sizeof(double));
    p->y = y ? y : calloc(1, sizeof(double));
    p->sigma = s ? s : calloc(1, sizeof(double));
    p->n = n;
    p->sigma_from_file = have_su && n > 0;
    if (!p->sigma_from_file)
        for (size_t i = 0; i < n; i++)
            p->sigma[i] = 1.0;
    double l = scalar(b, "_diffrn_radiation_wavelength");
    if (l >= 0.01 && l <= 20)
        p->wavelength_A = l;
    return XRD_OK;
}

xrd_status xrdi_read_pdcif(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                           xrd_error *err)
{
    *out = NULL;
    if (o->scan > 0)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, 0,
                             "--scan %d: the first powder pattern of a CIF is read", o->scan + 1);
    cif_tp *cif = NULL;
    xrd_status pst = xrdi_cif_parse(src->buf, src->len, src->name, &cif, err);
    if (pst)
        return pst;
    cif_block_tp **blocks = NULL;
    xrd_status st = XRD_OK;
    xrd_pattern *p = xrd_pattern_new(0);
    int found = 0;
    if (!p)
        st = xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    else if (XRDI_CIF->cif_get_all_blocks(cif, &blocks) != CIF_OK)
        st = xrd_error_set(err, XRD_ERR_PARSE, src->name, 0, "cannot list the CIF's data blocks");
    for (size_t k = 0; !st && blocks && blocks[k] && !found; k++)
        st = read_block(blocks[k], src->name, p, &found, err);
    for (size_t k = 0; blocks && blocks[k]; k++)
        XRDI_CIF->cif_container_free(blocks[k]);
    free(blocks);
    (void)!XRDI_CIF->cif_destroy(cif);
    if (!st && !found)
        st = xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                           "the CIF holds no powder pattern (no _pd_meas_counts_total, "
                           "_pd_meas_intensity_total or _pd_proc_intensity_total loop)");
    if (st) {
        xrd_pattern_free(p);
        return st;
    }
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "pdcif");
    p->unit = XRD_X_TWO_THETA_DEG;
    p->meta.n_scans = 1;
    *out = p;
    return XRD_OK;
}
