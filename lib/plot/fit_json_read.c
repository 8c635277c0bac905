/* Reading a fit JSON with curves (xrdfit fit --json F --json-curves) back
 * into an xrd_fit_result for redrawing the figure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_parse.h"
#include "xrdfit/crystal.h"
#include "xrdfit/plot.h"

#define MAX_BYTES (256L * 1024 * 1024)

typedef struct {
    const char *file;
    xrd_error *err;
} ctx;

static xrd_status missing(const ctx *c, const xrdi_jval *where, const char *key, const char *what)
{
    return xrd_error_set(c->err, XRD_ERR_PARSE, c->file, where ? where->line : 0,
                         "expected \"%s\" (%s) in this object, not found or of another type", key,
                         what);
}

/* number or null (NaN); absent -> def */
static xrd_status num(const ctx *c, const xrdi_jval *o, const char *key, int required, double def,
                      double *out)
{
    const xrdi_jval *v = xrdi_json_get(o, key);
    if (!v) {
        if (required)
            return missing(c, o, key, "a number");
        *out = def;
        return XRD_OK;
    }
    if (v->type == XRDI_J_NULL) {
        *out = NAN;
        return XRD_OK;
    }
    if (v->type != XRDI_J_NUM)
        return missing(c, o, key, "a number");
    *out = v->num;
    return XRD_OK;
}

static xrd_status num_array(const ctx *c, const xrdi_jval *v, size_t n, double **out)
{
    if (!v || v->type != XRDI_J_ARR || v->n != n)
        return xrd_error_set(c->err, XRD_ERR_PARSE, c->file, v ? v->line : 0,
                             "expected an array of %zu numbers, found %s", n,
                             !v ? "none" : v->type != XRDI_J_ARR ? "another type" : "another length");
    double *a = malloc((n ? n : 1) * sizeof *a);
    if (!a)
        return xrd_error_set(c->err, XRD_ERR_NOMEM, c->file, v->line, "no memory for the curves");
    for (size_t i = 0; i < n; i++) {
        const xrdi_jval *e = &v->items[i];
        if (e->type == XRDI_J_NULL)
            a[i] = NAN;
        else if (e->type == XRDI_J_NUM)
            a[i] = e->num;
        else {
            free(a);
            return xrd_error_set(c->err, XRD_ERR_PARSE, c->file, e->line,
                                 "expected a number in the array, found another type");
        }
    }
    *out = a;
    return XRD_OK;
}

void xrd_plot_fit_result_free(xrd_fit_result *r)
{
    if (!r)
        return;
    for (int p = 0; p < r->n_phases; p++) {
        if (r->phases)
            free(r->phases[p].refl);
        if (r->y_phase)
            free(r->y_phase[p]);
    }
    free(r->phases);
    free(r->y_phase);
    free(r->x);
    free(r->y_obs);
    free(r->y_calc);
    free(r->y_bkg);
    free(r);
}

static xrd_status read_phase(const ctx *c, const xrdi_jval *o, xrd_phase_result *ph)
{
    if (!o || o->type != XRDI_J_OBJ)
        return xrd_error_set(c->err, XRD_ERR_PARSE, c->file, o ? o->line : 0,
                             "expected a phase object");
    const xrdi_jval *s = xrdi_json_get(o, "name");
    if (!s || s->type != XRDI_J_STR)
        return missing(c, o, "name", "a string");
    snprintf(ph->name, sizeof ph->name, "%s", s->str);
    s = xrdi_json_get(o, "structure");
    if (s && s->type == XRDI_J_STR)
        snprintf(ph->structure, sizeof ph->structure, "%s", s->str);
    double sgn = 0;
    xrd_status st = num(c, o, "space_group_number", 0, 225, &sgn);
    if (st != XRD_OK)
        return st;
    const xrdi_jval *sym = xrdi_json_get(o, "space_group"),
                    *set = xrdi_json_get(o, "space_group_setting");
    char spec[48] = "";
    if (sym && sym->type == XRDI_J_STR)
        snprintf(spec, sizeof spec, "%.23s%s%.7s", sym->str,
                 set && set->type == XRDI_J_STR && set->str[0] ? ":" : "",
                 set && set->type == XRDI_J_STR ? set->str : "");
    if ((!spec[0] || xrd_spacegroup_lookup(spec, &ph->sg, NULL) != XRD_OK ||
         ph->sg.number != (int)sgn) &&
        (!(isfinite(sgn) && sgn >= 1 && sgn <= 230) ||
         xrd_spacegroup_by_number((int)sgn, &ph->sg, NULL) != XRD_OK)) {
        /* unknown to the library: only the crystal system matters here */
        memset(&ph->sg, 0, sizeof ph->sg);
        ph->sg.system = xrdi_json_get(o, "c_A") ? XRD_SYS_HEXAGONAL : XRD_SYS_CUBIC;
    }
    if ((st = num(c, o, "a_A", 1, 0, &ph->cell.a)) != XRD_OK ||
        (st = num(c, o, "a_esd_A", 0, NAN, &ph->cell_esd.a)) != XRD_OK ||
        (st = num(c, o, "b_A", 0, ph->cell.a, &ph->cell.b)) != XRD_OK ||
        (st = num(c, o, "b_esd_A", 0, NAN, &ph->cell_esd.b)) != XRD_OK ||
        (st = num(c, o, "c_A", 0, ph->cell.a, &ph->cell.c)) != XRD_OK ||
        (st = num(c, o, "c_esd_A", 0, NAN, &ph->cell_esd.c)) != XRD_OK ||
        (st = num(c, o, "alpha_deg", 0, 90, &ph->cell.alpha)) != XRD_OK ||
        (st = num(c, o, "alpha_esd_deg", 0, NAN, &ph->cell_esd.alpha)) != XRD_OK ||
        (st = num(c, o, "beta_deg", 0, 90, &ph->cell.beta)) != XRD_OK ||
        (st = num(c, o, "beta_esd_deg", 0, NAN, &ph->cell_esd.beta)) != XRD_OK ||
        (st = num(c, o, "gamma_deg", 0, 90, &ph->cell.gamma)) != XRD_OK ||
        (st = num(c, o, "gamma_esd_deg", 0, NAN, &ph->cell_esd.gamma)) != XRD_OK ||
        (st = num(c, o, "size_nm", 0, NAN, &ph->size_nm)) != XRD_OK ||
        (st = num(c, o, "size_esd_nm", 0, NAN, &ph->size_esd_nm)) != XRD_OK ||
        (st = num(c, o, "sphere_diameter_nm", 0, NAN, &ph->sphere_diameter_nm)) != XRD_OK ||
        (st = num(c, o, "sphere_diameter_esd_nm", 0, NAN, &ph->sphere_diameter_esd_nm)) != XRD_OK ||
        (st = num(c, o, "strain", 0, NAN, &ph->strain)) != XRD_OK ||
        (st = num(c, o, "intensity_share", 0, NAN, &ph->intensity_share)) != XRD_OK)
        return st;
    s = xrdi_json_get(o, "size_status");
    ph->size_status = s && s->type == XRDI_J_STR ? (!strcmp(s->str, "determined")    ? 1
                                                    : !strcmp(s->str, "not refined") ? 0
                                                                                     : -1)
                                                 : 0;
    const xrdi_jval *refl = xrdi_json_get(o, "reflections");
    if (!refl || refl->type != XRDI_J_ARR)
        return missing(c, o, "reflections", "an array");
    ph->refl = calloc(refl->n ? refl->n : 1, sizeof *ph->refl);
    if (!ph->refl)
        return xrd_error_set(c->err, XRD_ERR_NOMEM, c->file, refl->line, "no memory");
    ph->n_refl = refl->n;
    for (size_t k = 0; k < refl->n; k++) {
        const xrdi_jval *e = &refl->items[k];
        xrd_refl_result *f = &ph->refl[k];
        const xrdi_jval *hkl = xrdi_json_get(e, "hkl");
        if (!hkl || hkl->type != XRDI_J_ARR || hkl->n != 3)
            return missing(c, e, "hkl", "an array of 3 integers");
        int *idx[3] = {&f->h, &f->k, &f->l};
        for (int m = 0; m < 3; m++) {
            const xrdi_jval *h = &hkl->items[m];
            if (h->type != XRDI_J_NUM || h->num != floor(h->num) || fabs(h->num) > 1000)
                return missing(c, e, "hkl", "an array of 3 integers");
            *idx[m] = (int)h->num;
        }
        if ((st = num(c, e, "two_theta_deg", 1, 0, &f->two_theta_deg)) != XRD_OK ||
            (st = num(c, e, "d_A", 0, NAN, &f->d_A)) != XRD_OK)
            return st;
        const xrdi_jval *in = xrdi_json_get(e, "in_range");
        f->in_range = !in || (in->type == XRDI_J_BOOL && in->num != 0);
    }
    return XRD_OK;
}

static xrd_status convert(const ctx *c, const xrdi_jval *doc, xrd_fit_result *r, char *pattern,
                          size_t psize)
{
    if (doc->type != XRDI_J_OBJ)
        return xrd_error_set(c->err, XRD_ERR_PARSE, c->file, doc->line,
                             "expected a JSON object (a fit result)");
    const xrdi_jval *v = xrdi_json_get(doc, "pattern");
    if (pattern && psize)
        snprintf(pattern, psize, "%s", v && v->type == XRDI_J_STR ? v->str : "");
    xrd_status st;
    double rwp = NAN, gof = NAN;
    if ((st = num(c, doc, "Rwp", 0, NAN, &rwp)) != XRD_OK ||
        (st = num(c, doc, "GOF", 0, NAN, &gof)) != XRD_OK)
        return st;
    r->Rwp = rwp / 100.0;
    r->GOF = gof;
    v = xrdi_json_get(doc, "converged");
    r->converged = v && v->type == XRDI_J_BOOL && v->num != 0;
    const xrdi_jval *rad = xrdi_json_get(doc, "radiation");
    if (rad && rad->type == XRDI_J_OBJ) {
        v = xrdi_json_get(rad, "name");
        if (v && v->type == XRDI_J_STR)
            snprintf(r->instrument.rad.name, sizeof r->instrument.rad.name, "%s", v->str);
        v = xrdi_json_get(rad, "lambda_A");
        if (v && v->type == XRDI_J_ARR && v->n >= 1 && v->items[0].type == XRDI_J_NUM) {
            r->instrument.rad.n_lines = 1;
            r->instrument.rad.lambda_A[0] = v->items[0].num;
        }
    }
    const xrdi_jval *phases = xrdi_json_get(doc, "phases");
    if (!phases || phases->type != XRDI_J_ARR)
        return missing(c, doc, "phases", "an array");
    if (phases->n > 64)
        return xrd_error_set(c->err, XRD_ERR_TOO_LARGE, c->file, phases->line,
                             "%zu phases: at most 64 are drawn", phases->n);
    const xrdi_jval *cu = xrdi_json_get(doc, "curves");
    if (!cu || cu->type != XRDI_J_OBJ)
        return xrd_error_set(c->err, XRD_ERR_NO_DATA, c->file, 0,
                             "no \"curves\" in this fit result: write it with "
                             "`xrdfit fit ... --json FILE --json-curves`");
    v = xrdi_json_get(cu, "x_unit");
    if (v && (v->type != XRDI_J_STR || strcmp(v->str, "2theta_deg")))
        return xrd_error_set(c->err, XRD_ERR_UNSUPPORTED, c->file, v->line,
                             "curves x_unit must be \"2theta_deg\"");
    const xrdi_jval *x = xrdi_json_get(cu, "x");
    if (!x || x->type != XRDI_J_ARR || x->n < 2)
        return missing(c, cu, "x", "an array of at least 2 numbers");
    size_t n = x->n;
    r->phases = calloc(phases->n ? phases->n : 1, sizeof *r->phases);
    r->y_phase = calloc(phases->n ? phases->n : 1, sizeof *r->y_phase);
    if (!r->phases || !r->y_phase)
        return xrd_error_set(c->err, XRD_ERR_NOMEM, c->file, 0, "no memory");
    r->n_phases = (int)phases->n;
    for (size_t p = 0; p < phases->n; p++)
        if ((st = read_phase(c, &phases->items[p], &r->phases[p])) != XRD_OK)
            return st;
    if ((st = num_array(c, x, n, &r->x)) != XRD_OK ||
        (st = num_array(c, xrdi_json_get(cu, "observed"), n, &r->y_obs)) != XRD_OK ||
        (st = num_array(c, xrdi_json_get(cu, "calculated"), n, &r->y_calc)) != XRD_OK ||
        (st = num_array(c, xrdi_json_get(cu, "background"), n, &r->y_bkg)) != XRD_OK)
        return st;
    r->n_curve = n;
    const xrdi_jval *yp = xrdi_json_get(cu, "phases");
    if (!yp || yp->type != XRDI_J_ARR || yp->n != phases->n)
        return xrd_error_set(c->err, XRD_ERR_PARSE, c->file, yp ? yp->line : cu->line,
                             "expected \"phases\" in the curves with one array per phase (%zu)",
                             phases->n);
    for (size_t p = 0; p < phases->n; p++)
        if ((st = num_array(c, &yp->items[p], n, &r->y_phase[p])) != XRD_OK)
            return st;
    return XRD_OK;
}

xrd_status xrd_plot_read_fit_json(const char *path, xrd_fit_result **out, char *pattern,
                                  size_t pattern_size, xrd_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    char *text = NULL;
    size_t len = 0, cap = 0;
    xrd_status st = XRD_OK;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            size_t nc = cap ? 2 * cap : 1 << 20;
            char *nt = realloc(text, nc);
            if (!nt) {
                st = xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "no memory to read the file");
                break;
            }
            text = nt;
            cap = nc;
        }
        size_t got = fread(text + len, 1, 65536, f);
        len += got;
        if (len > (size_t)MAX_BYTES) {
            st = xrd_error_set(err, XRD_ERR_TOO_LARGE, path, 0,
                               "larger than %ld MB: not a fit result", MAX_BYTES >> 20);
            break;
        }
        if (got < 65536) {
            if (ferror(f))
                st = xrd_error_set(err, XRD_ERR_IO, path, 0, "read error");
            break;
        }
    }
    fclose(f);
    if (st != XRD_OK) {
        free(text);
        return st;
    }
    text[len] = '\0';
    xrdi_jval doc;
    st = xrdi_json_parse(text, len, path, &doc, err);
    free(text);
    if (st != XRD_OK)
        return st;
    xrd_fit_result *r = calloc(1, sizeof *r);
    if (!r)
        st = xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "no memory");
    else {
        ctx c = {path, err};
        st = convert(&c, &doc, r, pattern, pattern_size);
    }
    xrdi_json_free(&doc);
    if (st != XRD_OK) {
        xrd_plot_fit_result_free(r);
        return st;
    }
    *out = r;
    return XRD_OK;
}
