/* GSAS constant-wavelength banks inside the text reader: the BANK line, ESD
 * records (pairs of intensity and esd at implicit x) and STD records (fixed
 * fields of a count and an intensity). x comes from the BANK line's start and
 * step in centidegrees. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "core/numparse.h"
#include "pattern/read_text_internal.h"

/* Values of an ESD bank line: pairs (intensity, esd) at implicit x. */
xrd_status xrdi_gsas_esd_line(reader *r, long line, const field *f, int nf, char sep,
                           xrd_error *err)
{
    if (nf % 2 != 0 || nf > MAX_FIELDS)
        return xrd_error_set(err, XRD_ERR_COLUMNS, r->name, line,
                             "expected pairs of intensity and esd in the GSAS ESD bank, "
                             "found %d values",
                             nf);
    for (int c = 0; c < nf; c += 2) {
        double yv, ev;
        xrd_status st = xrdi_text_get_number(r, line, f, c, sep, &yv, err);
        if (!st)
            st = xrdi_text_get_number(r, line, f, c + 1, sep, &ev, err);
        if (!st) {
            double xv = (r->esd_start + r->esd_step * (double)r->n_read) * r->o.x_scale;
            st = xrdi_text_add_point(r, line, xv, yv, ev, 1, err);
        }
        if (st)
            return st;
    }
    return XRD_OK;
}

/* A record of a GSAS STD bank: up to 10 fields of 8 columns, each a count of
 * summed readings (2 columns, blank = 1) and the intensity (6 columns);
 * sigma^2 = intensity / count (as GSAS weighs them), at least 1 / count. */
xrd_status xrdi_gsas_std_line(reader *r, long line, const char *s, size_t n, xrd_error *err)
{
    for (size_t c = 0; c + 1 <= n && r->std_left > 0; c += 8) {
        char nc[3] = {0}, iv[7] = {0};
        size_t w = n - c < 8 ? n - c : 8;
        memcpy(nc, s + c, w < 2 ? w : 2);
        if (w > 2)
            memcpy(iv, s + c + 2, w - 2);
        int blank = 1;
        for (size_t k = 0; k < w; k++)
            blank &= s[c + k] == ' ' || s[c + k] == '\t';
        if (blank)
            break; /* a short last record */
        const char *e;
        const char *p = nc;
        while (*p == ' ')
            p++;
        double cnt = *p ? xrdi_strtod(p, &e) : 1.0;
        if (*p && (e == p || *e != '\0'))
            cnt = NAN;
        p = iv;
        while (*p == ' ')
            p++;
        double y = xrdi_strtod(p, &e);
        while (e && *e == ' ')
            e++;
        if (!(cnt >= 1) || e == p || (e && *e) || !isfinite(y))
            return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                                 "expected a count (2 columns) and an intensity (6 columns) in "
                                 "field %zu of the GSAS STD record, found '%.8s'",
                                 c / 8 + 1, s + c);
        double xv = (r->esd_start + r->esd_step * (double)r->n_read) * r->o.x_scale;
        xrd_status st = xrdi_text_add_point(r, line, xv, y, sqrt((y > 1.0 ? y : 1.0) / cnt), 1, err);
        if (st)
            return st;
        r->std_left--;
    }
    return XRD_OK;
}

/* GSAS "BANK ibank nchan nrec bintyp bcoef1 bcoef2 ... type" header line. */
xrd_status xrdi_gsas_bank_line(reader *r, long line, const field *f, int nf, xrd_error *err,
                            int scale_given)
{
    if (r->bank)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, r->name, line,
                             "a second BANK; only files with one GSAS bank are supported");
    r->bank = 1;
    if (nf > MAX_FIELDS)
        return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                             "a BANK line has at most %d fields, found %d", MAX_FIELDS, nf);
    const field *type = nf > 0 ? &f[nf - 1] : NULL;
    int fxye = type && type->n == 4 && !memcmp(type->p, "FXYE", 4);
    int esd = type && type->n == 3 && !memcmp(type->p, "ESD", 3);
    int std = type && type->n == 3 && !memcmp(type->p, "STD", 3);
    int cons = nf >= 7 && f[4].n == 4 && !memcmp(f[4].p, "CONS", 4);
    if (!cons && nf >= 8 && std)
        cons = f[4].n == 5 && !memcmp(f[4].p, "CONST", 5);
    if (nf >= 5 && f[4].n == 5 && !memcmp(f[4].p, "CONST", 5))
        cons = 1;
    if (!cons || !(fxye || esd || std))
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, r->name, line,
                             "only constant-wavelength GSAS banks (BANK ... CONS ... FXYE, ESD "
                             "or STD) are supported");
    if (!scale_given)
        r->o.x_scale = 0.01; /* GSAS constant-wavelength x is in centidegrees */
    if (esd || std) {
        if (nf < 7 || !xrdi_text_field_number(&f[5], &r->esd_start) || !xrdi_text_field_number(&f[6], &r->esd_step) ||
            !isfinite(r->esd_start) || !isfinite(r->esd_step) || r->esd_step <= 0 ||
            fabs(r->esd_start) > 1e6)
            return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                                 "the BANK line needs a start (|start| <= 1e6 centidegrees) and a "
                                 "positive step after CONS");
        r->esd = esd;
        if (std) {
            double nch;
            if (!xrdi_text_field_number(&f[2], &nch) || !(nch >= 1 && nch <= 1e8))
                return xrd_error_set(err, XRD_ERR_PARSE, r->name, line,
                                     "the STD BANK line needs the number of points (NCHAN)");
            r->std = 1;
            r->std_left = (long)nch;
        }
    }
    return XRD_OK;
}

