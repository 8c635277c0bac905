/* Anomalous-dispersion corrections f'(E), f''(E) of the elements from
 * refdata/dispersion.xml (NIST FFAST, validated against dispersion.rng next to
 * it), interpolated linearly in log E at a wavelength.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "core/xml_safe.h"
#include "xrdfit/simulate.h"

#define DISP_MAX_Z 118
/* hc in eV A (CODATA 2018) */
#define HC_EV_A 12398.419843320026

typedef struct {
    size_t n;
    double *e, *fp, *fpp; /* n points, e increasing */
} disp_row;

struct xrd_dispersion {
    double e_min, e_max;
    disp_row row[DISP_MAX_Z + 1];
    char source[512];
};

void xrd_dispersion_free(xrd_dispersion *d)
{
    if (!d)
        return;
    for (int z = 0; z <= DISP_MAX_Z; z++)
        free(d->row[z].e);
    free(d);
}

/* The triplets of one <element> into r: E increasing, finite. */
static xrd_status read_row(xmlNodePtr el, const char *path, disp_row *r, xrd_error *err)
{
    xmlChar *txt = xmlNodeGetContent(el);
    if (!txt)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    size_t cap = 0, n = 0;
    for (const xmlChar *c = txt; *c; c++)
        cap += *c == ' ' || *c == '\n' || *c == '\t';
    cap = cap / 3 + 2;
    r->e = malloc(3 * cap * sizeof(double));
    if (!r->e) {
        xmlFree(txt);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    r->fp = r->e + cap;
    r->fpp = r->e + 2 * cap;
    const char *p = (const char *)txt;
    xrd_status st = XRD_OK;
    for (;;) {
        double v[3];
        int k = 0;
        for (; k < 3; k++) {
            const char *end;
            while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
                p++;
            if (!*p)
                break;
            v[k] = xrdi_strtod(p, &end);
            if (end == p || !isfinite(v[k])) {
                st = xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(el),
                                   "dispersion table: expected a number, found '%.20s'", p);
                break;
            }
            p = end;
        }
        if (st != XRD_OK || k == 0)
            break;
        if (k < 3 || n >= cap) {
            st = xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(el),
                               "dispersion table: the numbers are not triplets E f' f''");
            break;
        }
        if (!(v[0] > 0) || (n > 0 && !(v[0] > r->e[n - 1]))) {
            st = xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(el),
                               "dispersion table: energies must be positive and increasing, "
                               "found %g after %g eV", v[0], n > 0 ? r->e[n - 1] : 0.0);
            break;
        }
        r->e[n] = v[0];
        r->fp[n] = v[1];
        r->fpp[n] = v[2];
        n++;
    }
    xmlFree(txt);
    r->n = n;
    if (st == XRD_OK && n < 2)
        st = xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(el),
                           "dispersion table: an element needs at least two energies");
    return st;
}

xrd_status xrd_dispersion_load(const char *xml_path, xrd_dispersion **out, xrd_error *err)
{
    if (!xml_path || !out)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_dispersion_load needs a file and an output");
    *out = NULL;
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_load_beside(xml_path, "dispersion.rng", &doc, err);
    xrd_dispersion *d = st ? NULL : calloc(1, sizeof *d);
    if (!st && !d)
        st = xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    if (!st) {
        xmlNodePtr root = xmlDocGetRootElement(doc);
        d->e_min = xrdi_xml_double(root, "e_min_eV");
        d->e_max = xrdi_xml_double(root, "e_max_eV");
        xrdi_xml_text(xrdi_xml_child(root, "source"), NULL, d->source, sizeof d->source);
        for (xmlNodePtr el = xrdi_xml_child(root, "element"); el && !st;
             el = xrdi_xml_next(el, "element")) {
            int z = (int)xrdi_xml_double(el, "z");
            if (z < 1 || z > DISP_MAX_Z || d->row[z].n)
                st = xrd_error_set(err, XRD_ERR_INVALID, xml_path, xrdi_xml_line(el),
                                   "dispersion table: element z=%d given twice or outside 1-%d",
                                   z, DISP_MAX_Z);
            else
                st = read_row(el, xml_path, &d->row[z], err);
        }
    }
    if (doc)
        xmlFreeDoc(doc);
    if (st) {
        xrd_dispersion_free(d);
        return st;
    }
    *out = d;
    return XRD_OK;
}

const char *xrd_dispersion_source(const xrd_dispersion *d)
{
    return d ? d->source : "";
}

xrd_status xrd_dispersion_at(const xrd_dispersion *d, int z, double lambda_A, double *fp,
                             double *fpp, xrd_error *err)
{
    if (!d || !fp || !fpp || !(lambda_A > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_dispersion_at needs a table, a positive wavelength and outputs");
    *fp = *fpp = 0.0;
    if (z < 1 || z > DISP_MAX_Z || d->row[z].n < 2)
        return xrd_error_set(err, XRD_ERR_NOT_FOUND, NULL, 0,
                             "no anomalous-dispersion values for element Z = %d", z);
    const disp_row *r = &d->row[z];
    double e = HC_EV_A / lambda_A;
    if (e < r->e[0] || e > r->e[r->n - 1])
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "the wavelength %.5g A (%.4g keV) is outside the dispersion table "
                             "(%.4g-%.4g keV)", lambda_A, e / 1000.0, r->e[0] / 1000.0,
                             r->e[r->n - 1] / 1000.0);
    size_t lo = 0, hi = r->n - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (r->e[mid] <= e)
            lo = mid;
        else
            hi = mid;
    }
    double t = log(e / r->e[lo]) / log(r->e[hi] / r->e[lo]);
    *fp = r->fp[lo] + t * (r->fp[hi] - r->fp[lo]);
    *fpp = r->fpp[lo] + t * (r->fpp[hi] - r->fpp[lo]);
    return XRD_OK;
}
