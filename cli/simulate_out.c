/* The .xy file of `xrdfit simulate`: a header stating that the pattern is
 * simulated and how (wavelength, command, instrument, phases, intensities,
 * background, noise), then two columns. SPDX-License-Identifier: GPL-3.0-or-later */
#include "simulate_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *cli_sim_x_name(const cli_sim_out *s)
{
    if (s->camera_px_A > 0)
        return "r (px)";
    if (s->s_unit)
        return s->s_unit == XRD_X_S_INV_NM ? "s (1/nm)" : "s (1/A)";
    switch (s->o->grid_unit) {
    case XRD_X_Q_INV_A: return "q (1/A)";
    case XRD_X_Q_INV_NM: return "q (1/nm)";
    default: return "2theta (deg)";
    }
}

/* Shell-safe rendering of one argument for the header. */
static void put_arg(FILE *f, const char *a)
{
    int plain = *a != '\0';
    for (const char *p = a; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,:=/+-@%",
                    *p))
            plain = 0;
    if (plain) {
        fputs(a, f);
        return;
    }
    fputc('\'', f);
    for (const char *p = a; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else if (*p == '\n' || *p == '\r')
            fputc(' ', f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

static void write_phases(FILE *f, const cli_sim_out *s)
{
    for (int p = 0; p < s->n; p++) {
        const xrd_phase *q = &s->ph[p];
        fprintf(f, "# phase %d: %s, %s %s, a %.5f", p + 1, q->name, q->structure, q->sg.symbol,
                q->cell.a);
        if (q->sg.system != XRD_SYS_CUBIC)
            fprintf(f, " b %.5f c %.5f", q->cell.b, q->cell.c);
        fprintf(f, " A;");
        if (s->equal[p])
            fprintf(f, " no atoms: equal scattering f = 1;");
        for (int i = 0; i < q->n_atoms; i++)
            fprintf(f, " %s %.4g at %.4g,%.4g,%.4g B %g;", q->atoms[i].element,
                    q->atoms[i].occupancy, q->atoms[i].x, q->atoms[i].y, q->atoms[i].z,
                    q->atoms[i].biso_A2);
        if (s->debye_lines) {
            fputc('\n', f);
            continue;
        }
        if (s->sp[p].size_nm > 0)
            fprintf(f, " sphere diameter %g nm (LVol %g nm);", s->sp[p].size_nm,
                    0.75 * s->sp[p].size_nm);
        else
            fprintf(f, " no size broadening;");
        fprintf(f, " strain %g; weight %g\n", s->sp[p].strain, s->sp[p].weight);
    }
}

static void write_header(FILE *f, const cli_sim_out *s, const xrd_pattern *p)
{
    const xrd_instrument *inst = s->inst;
    const xrd_sim_options *o = s->o;
    fprintf(f, "# SIMULATED powder pattern - not a measurement. Made by xrdfit %s simulate\n",
            xrd_version());
    if (s->debye_lines)
        fprintf(f, "# (the Debye scattering equation of an atomistic cluster, convolved with "
                   "the instrument's TCH profile in 2theta; no Lorentz factor).\n");
    else
        fprintf(f, "# (the forward model of `xrdfit fit`: TCH profile, structure-factor "
                   "intensities, %s).\n",
                s->electron ? "kinematic electron ring intensities" : "Lorentz-polarisation");
    const xrd_radiation *r = &inst->rad;
    fprintf(f, "# wavelength %.7f A (%s %s, scale %s)", r->lambda_A[0], r->name,
            r->line_name[0][0] ? r->line_name[0] : "line 1", r->scale[0] ? r->scale : "user");
    for (int l = 1; l < r->n_lines; l++)
        fprintf(f, "; %s %.7f A at %g of line 1", r->line_name[l][0] ? r->line_name[l] : "line",
                r->lambda_A[l], r->weight[l]);
    fprintf(f, "\n# command: xrdfit simulate");
    for (int i = 1; i < s->argc; i++) {
        fputc(' ', f);
        put_arg(f, s->argv[i]);
    }
    fprintf(f, "\n# instrument: %s; U %g V %g W %g deg^2, X %g Y %g deg; asymmetry S/L %g "
               "H/L %g; zero %g deg; displacement %g mm, radius %g mm\n",
            inst->geometry == XRD_GEOM_TRANSMISSION ? "transmission" : "Bragg-Brentano",
            inst->uvwxy[0], inst->uvwxy[1], inst->uvwxy[2], inst->uvwxy[3], inst->uvwxy[4],
            inst->asym_sl, inst->asym_hl, inst->zero_deg, inst->displacement_mm,
            inst->radius_mm);
    fprintf(f, "# instrument source: %s\n", inst->source[0] ? inst->source : "options");
    if (s->camera_px_A > 0)
        fprintf(f, "# ring radius r = K / d = K q / (2 pi), camera constant K = %.6g px A\n",
                s->camera_px_A);
    if (s->s_unit)
        fprintf(f, "# s = 1 / d = 2 sin(theta) / lambda = q / (2 pi)\n");
    write_phases(f, s);
    if (s->debye_lines) {
        fputs(s->debye_lines, f);
    } else if (s->electron) {
        /* the citation up to its first ';' (the journal reference) */
        const char *src = xrd_electron_factors_source(s->electron), *semi = strchr(src, ';');
        fprintf(f, "# intensities: multiplicity x |F|^2 x exp(-2 B s^2) / (sin^2 theta cos "
                   "theta) / V^2 x weight, F with the electron scattering factors f_e (A) of "
                   "%.*s; no polarisation (kinematic ring intensity per unit ring length)\n",
                semi ? (int)(semi - src) : (int)strlen(src), src);
    } else {
        fprintf(f, "# intensities: multiplicity x |F|^2 x LP (%s) x exp(-2 B s^2) / V^2 x "
                   "weight\n", s->pol_text);
    }
    double lo = o->x_min_deg, hi = o->x_max_deg, lam = inst->rad.lambda_A[0];
    if (o->grid_unit != XRD_X_TWO_THETA_DEG) {
        lo = xrd_x_convert(lo, o->grid_unit, XRD_X_TWO_THETA_DEG, lam);
        hi = xrd_x_convert(hi, o->grid_unit, XRD_X_TWO_THETA_DEG, lam);
    }
    fprintf(f, "# background: Chebyshev over %g to %g deg%s:", lo, hi,
            o->grid_unit != XRD_X_TWO_THETA_DEG ? " 2theta (x scaled in 2theta)" : "");
    for (int j = 0; j < o->n_background; j++)
        fprintf(f, "%s %g", j ? "," : "", o->background[j]);
    if (o->n_background == 0)
        fprintf(f, " none");
    fprintf(f, " counts\n# diffracted signal peaks at %g counts above the background; noise %s",
            o->max_counts, o->noise == XRD_SIM_NOISE_POISSON ? "Poisson" : "none");
    if (o->noise == XRD_SIM_NOISE_POISSON)
        fprintf(f, ", seed %lu (GSL mt19937)", o->seed);
    fprintf(f, "\n# %s counts\n", p->unit == XRD_X_TWO_THETA_DEG && !(s->camera_px_A > 0)
                                      ? "2theta_deg"
                                      : cli_sim_x_name(s));
}

int cli_sim_write_xy(const char *path, const cli_sim_out *s, const xrd_pattern *p)
{
    int is_std = !strcmp(path, "-");
    FILE *f = is_std ? stdout : fopen(path, "w");
    xrd_error err;
    xrd_error_clear(&err);
    if (!f) {
        xrd_error_set(&err, XRD_ERR_IO, path, 0, "cannot open the output file for writing");
        return cli_fail(&err);
    }
    write_header(f, s, p);
    /* enough decimals to tell neighbouring points apart */
    double step = p->n > 1 ? fabs(p->x[1] - p->x[0]) : s->o->step_deg;
    int dec = step > 0 ? (int)ceil(-log10(step)) + 2 : 6;
    if (dec < 3)
        dec = 3;
    if (dec > 9)
        dec = 9;
    for (size_t i = 0; i < p->n; i++) {
        if (s->o->noise == XRD_SIM_NOISE_POISSON)
            fprintf(f, "%.*f %.0f\n", dec, p->x[i], p->y[i]);
        else
            fprintf(f, "%.*f %.4f\n", dec, p->x[i], p->y[i]);
    }
    int bad = ferror(f);
    if (!is_std)
        bad |= fclose(f) != 0;
    else
        bad |= fflush(f) != 0;
    if (bad) {
        xrd_error_set(&err, XRD_ERR_IO, path, 0, "could not write the whole file");
        return cli_fail(&err);
    }
    return CLI_OK;
}
