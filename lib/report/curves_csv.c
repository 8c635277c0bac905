/* Calculated curves as CSV. SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/numfmt.h"
#include "xrdfit/report.h"

xrd_status xrd_report_curves_csv(FILE *o, const xrd_fit_result *r, xrd_error *err)
{
    char b[64];
    fprintf(o, "two_theta_deg,observed,calculated,background");
    for (int p = 0; p < r->n_phases; p++) {
        fputc(',', o);
        /* phase names may hold commas or quotes: quote them */
        fputc('"', o);
        for (const char *s = r->phases[p].name; *s; s++) {
            if (*s == '"')
                fputc('"', o);
            fputc(*s, o);
        }
        fputc('"', o);
    }
    fprintf(o, ",difference\n");
    for (size_t i = 0; i < r->n_curve; i++) {
        fputs(xrdi_fmt_json(r->x[i], b, sizeof b), o);
        fprintf(o, ",%s", xrdi_fmt_json(r->y_obs[i], b, sizeof b));
        fprintf(o, ",%s", xrdi_fmt_json(r->y_calc[i], b, sizeof b));
        fprintf(o, ",%s", xrdi_fmt_json(r->y_bkg[i], b, sizeof b));
        for (int p = 0; p < r->n_phases; p++)
            fprintf(o, ",%s", xrdi_fmt_json(r->y_phase[p][i], b, sizeof b));
        fprintf(o, ",%s\n", xrdi_fmt_json(r->y_obs[i] - r->y_calc[i], b, sizeof b));
    }
    if (fflush(o) || ferror(o))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the curves failed");
    return XRD_OK;
}
