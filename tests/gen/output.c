/* xrdgen: writers - the two-column pattern with a '#' header that says it is
 * synthetic, and the truth JSON with every true parameter.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "gen.h"

static const char *sname(gen_structure s)
{
    static const char *const N[] = {"fcc",  "bcc",      "hcp",    "sc",      "diamond",
                                    "LaB6", "fluorite", "rutile", "tenorite", "cuprite"};
    return N[s];
}

static const char *SIZE_DEF =
    "size_nm_D is the diameter D of monodisperse spheres; the size broadening is a Lorentzian "
    "whose integral breadth is beta = lambda/(L_vol cos theta) rad (2theta), L_vol = 3D/4 the "
    "volume-weighted mean column length (Scherrer K = 1 with integral breadth, TOPAS LVol-IB)";
static const char *STRAIN_DEF =
    "strain is the integral-breadth apparent strain eps = beta/(4 tan theta): a Gaussian of "
    "integral breadth beta = 4 eps tan theta rad (2theta), FWHM = beta*2*sqrt(ln2/pi), added in "
    "quadrature to the instrument's Gaussian FWHM";

static void elements(FILE *f, const gen_phase *ph, int json)
{
    for (int i = 0; i < ph->nel; i++) {
        if (json)
            fprintf(f, "%s{\"el\": \"%s\", \"frac\": %.10g}", i ? ", " : "",
                    gen_element_symbol(ph->el[i].z), ph->el[i].frac);
        else
            fprintf(f, "%s%s:%.6g", i ? "/" : "", gen_element_symbol(ph->el[i].z), ph->el[i].frac);
    }
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

int gen_write_xy(const gen_config *cfg, const double *x, const double *y, size_t n)
{
    FILE *f = cfg->out ? fopen(cfg->out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "xrdgen: cannot write '%s'\n", cfg->out);
        return 1;
    }
    fprintf(f, "# SYNTHETIC powder diffraction pattern made by xrdgen (xrdfit tests) - not measured data\n");
    fprintf(f, "# command: %s\n", cfg->cmdline);
    /* with --time-per-step the column title says counts per second but not
     * the time (that is the --time-header line's job) */
    int cps = cfg->time_per_step_s > 0.0;
    fprintf(f, "# columns: %s, %s (%s)\n", cfg->xunit == X_Q ? "q (1/A)" : "2theta (deg)",
            cps ? "counts per second" : "counts",
            cfg->noise ? "Poisson noise" : "noiseless expectation");
    if (cfg->time_header) fprintf(f, "# Time per step: %g s\n", cfg->time_per_step_s);
    fprintf(f, "# radiation %s:", cfg->radiation);
    for (int j = 0; j < cfg->nlines; j++) fprintf(f, " lambda %.7f A x %.4g;", cfg->lambda_A[j], cfg->ratio[j]);
    fprintf(f, "\n# instrument U %g V %g W %g X %g Y %g; ", cfg->U, cfg->V, cfg->W, cfg->X, cfg->Y);
    if (cfg->axial_exp_deg > 0.0)
        fprintf(f, "exponential axial kernel W %g deg (decay W |cot 2theta|)", cfg->axial_exp_deg);
    else
        fprintf(f, "FCJ S/L %g H/L %g", cfg->s_l, cfg->h_l);
    fprintf(f, "; mono 2theta %g deg\n", cfg->mono_deg);
    fprintf(f, "# zero %g deg, displacement %g mm, radius %g mm\n", cfg->zero_deg, cfg->disp_mm, cfg->radius_mm);
    for (int p = 0; p < cfg->nphase; p++) {
        const gen_phase *ph = &cfg->ph[p];
        fprintf(f, "# phase %d '%s' %s a %.6f A", p + 1, ph->name, sname(ph->st), ph->a_A);
        if (ph->st == ST_TENORITE) fprintf(f, " b %.6f A", ph->b_A);
        if (ph->st == ST_HCP || ph->st == ST_RUTILE || ph->st == ST_TENORITE)
            fprintf(f, " c %.6f A", ph->c_A);
        if (ph->st == ST_TENORITE) fprintf(f, " beta %.4f deg", ph->beta_deg);
        fputs(" el ", f);
        elements(f, ph, 0);
        fprintf(f, " D %g nm (L_vol %g nm) strain %g B %g A^2 scale %g share %.4f\n", ph->size_nm,
                0.75 * ph->size_nm, ph->strain, ph->biso_A2, ph->scale, ph->share);
    }
    fprintf(f, "# background Chebyshev on [%g,%g]:", cfg->x0, cfg->x1);
    for (int i = 0; i < cfg->nbg; i++) fprintf(f, " %g", cfg->bg[i]);
    if (cfg->hump) fprintf(f, "; hump centre %g FWHM %g height %g", cfg->hump_c, cfg->hump_fwhm, cfg->hump_h);
    fprintf(f, "\n# counts %g above background at the strongest point, seed %lu\n", cfg->counts, cfg->seed);
    for (size_t i = 0; i < n; i++) {
        if (cfg->noise && !cps) fprintf(f, "%.6f %.0f\n", x[i], y[i]);
        else fprintf(f, "%.6f %.6f\n", x[i], y[i]);
    }
    int bad = ferror(f);
    if (f != stdout) bad |= fclose(f);
    else bad |= fflush(f);
    if (bad) {
        fprintf(stderr, "xrdgen: error writing '%s'\n", cfg->out ? cfg->out : "stdout");
        return 1;
    }
    return 0;
}

int gen_write_truth(const gen_config *cfg)
{
    if (!cfg->truth) return 0;
    FILE *f = fopen(cfg->truth, "w");
    if (!f) {
        fprintf(stderr, "xrdgen: cannot write '%s'\n", cfg->truth);
        return 1;
    }
    fprintf(f, "{\n  \"generator\": \"xrdgen\",\n  \"synthetic\": true,\n  \"command\": ");
    json_str(f, cfg->cmdline);
    fprintf(f, ",\n  \"x_unit\": \"%s\",\n", cfg->xunit == X_Q ? "q_invA" : "2theta_deg");
    fprintf(f, "  \"range\": [%.10g, %.10g],\n  \"step\": %.10g,\n  \"subsamples\": %d,\n",
            cfg->x0, cfg->x1, cfg->step, cfg->nsub);
    fprintf(f, "  \"radiation\": {\"name\": \"%s\", \"lines\": [", cfg->radiation);
    for (int j = 0; j < cfg->nlines; j++)
        fprintf(f, "%s{\"lambda_A\": %.10g, \"ratio\": %.10g}", j ? ", " : "", cfg->lambda_A[j], cfg->ratio[j]);
    fprintf(f, "]},\n");
    fprintf(f, "  \"instrument\": {\"U\": %.10g, \"V\": %.10g, \"W\": %.10g, \"X\": %.10g, \"Y\": %.10g,\n",
            cfg->U, cfg->V, cfg->W, cfg->X, cfg->Y);
    fprintf(f, "    \"gaussian_fwhm2_deg2\": \"U tan^2(theta) + V tan(theta) + W\",\n"
               "    \"lorentzian_fwhm_deg\": \"X tan(theta) + Y\",\n"
               "    \"profile\": \"Voigt (libcerf) convolved with the %s axial-divergence kernel\",\n",
            cfg->axial_exp_deg > 0.0 ? "exponential" : "FCJ");
    fprintf(f, "    \"axial_kernel\": \"%s\",\n",
            cfg->axial_exp_deg > 0.0 ? "exponential" : cfg->s_l + cfg->h_l > 0.0 ? "fcj" : "none");
    fprintf(f, "    \"asym_S_L\": %.10g, \"asym_H_L\": %.10g,\n"
               "    \"asym_definition\": \"Finger-Cox-Jephcoat 1994; S and H half-lengths (sample, receiving slit) in the axial direction over the goniometer radius\",\n",
            cfg->s_l, cfg->h_l);
    fprintf(f, "    \"axial_exp_W_deg\": %.10g,\n"
               "    \"axial_exp_definition\": \"one-sided exponential of unit area and decay length W |cot 2theta| deg, tail to low angles below 90 deg 2theta and to high angles above (mean shift -+W |cot 2theta|)\",\n",
            cfg->axial_exp_deg);
    fprintf(f, "    \"mono_2theta_deg\": %.10g,\n"
               "    \"lp\": \"(1 + cos^2(2theta) cos^2(2theta_m)) / (sin^2(theta) cos(theta))\",\n",
            cfg->mono_deg);
    fprintf(f, "    \"zero_deg\": %.10g, \"displacement_mm\": %.10g, \"radius_mm\": %.10g,\n"
               "    \"position\": \"2theta_obs = 2theta + zero - (2 s cos(theta) / R)(180/pi)\"},\n",
            cfg->zero_deg, cfg->disp_mm, cfg->radius_mm);
    fprintf(f, "  \"size_definition\": ");
    json_str(f, SIZE_DEF);
    fprintf(f, ",\n  \"strain_definition\": ");
    json_str(f, STRAIN_DEF);
    fprintf(f, ",\n  \"intensity_definition\": \"area = scale * ratio * sum|F|^2 * LP / V_cell^2; F with Cromer-Mann f0 (IT Vol. C 6.1.1.4, no anomalous dispersion) and exp(-B s^2); mixed sites use the mean f\",\n");
    fprintf(f, "  \"phases\": [");
    for (int p = 0; p < cfg->nphase; p++) {
        const gen_phase *ph = &cfg->ph[p];
        fprintf(f, "%s\n    {\"name\": ", p ? "," : "");
        json_str(f, ph->name);
        fprintf(f, ", \"structure\": \"%s\", \"a_A\": %.10g", sname(ph->st), ph->a_A);
        if (ph->st == ST_HCP || ph->st == ST_RUTILE || ph->st == ST_TENORITE)
            fprintf(f, ", \"c_A\": %.10g", ph->c_A);
        else fprintf(f, ", \"c_A\": null");
        if (ph->st == ST_TENORITE)
            fprintf(f, ", \"b_A\": %.10g, \"beta_deg\": %.10g", ph->b_A, ph->beta_deg);
        if (ph->st == ST_LAB6) fprintf(f, ", \"B_x\": %.10g", ph->xB);
        fprintf(f, ",\n     \"elements\": [");
        elements(f, ph, 1);
        fprintf(f, "],\n     \"size_nm_D\": %.10g, \"L_vol_nm\": %.10g, \"size_profile\": \"%s\","
                   " \"strain\": %.10g, \"Biso_A2\": %.10g,\n",
                ph->size_nm, 0.75 * ph->size_nm, ph->size_nm > 0 ? (cfg->sphere ? "sphere_exact" : "lorentzian") : "none",
                ph->strain, ph->biso_A2);
        fprintf(f, "     \"scale\": %.10g, \"volume_A3\": %.10g, \"intensity_share\": %.10g,"
                   " \"integrated_counts\": %.10g,\n",
                ph->scale, ph->volume_A3, ph->share, ph->integral);
        fprintf(f, "     \"reflections\": [");
        int first = 1;
        for (int r = 0; r < ph->nrefl; r++) {
            const gen_refl *rf = &ph->refl[r];
            double st = cfg->lambda_A[0] / (2.0 * rf->d_A);
            if (st >= 1.0) continue;
            double tt = 2.0 * asin(st) / GEN_DEG;
            double x = cfg->xunit == X_Q ? 2.0 * GEN_PI / rf->d_A : tt;
            if (x < cfg->x0 || x > cfg->x1) continue;
            fprintf(f, "%s\n       {\"hkl\": [%d, %d, %d], \"d_A\": %.10g, \"two_theta_deg\": %.10g,"
                       " \"multiplicity\": %d, \"F2_sum\": %.8g}",
                    first ? "" : ",", rf->h, rf->k, rf->l, rf->d_A, tt, rf->mult, rf->f2sum);
            first = 0;
        }
        fprintf(f, "]}");
    }
    fprintf(f, "],\n  \"background\": {\"chebyshev\": [");
    for (int i = 0; i < cfg->nbg; i++) fprintf(f, "%s%.10g", i ? ", " : "", cfg->bg[i]);
    fprintf(f, "], \"scaled_from\": [%.10g, %.10g]", cfg->x0, cfg->x1);
    if (cfg->hump)
        fprintf(f, ", \"hump\": {\"centre\": %.10g, \"fwhm\": %.10g, \"height\": %.10g}}",
                cfg->hump_c, cfg->hump_fwhm, cfg->hump_h);
    else
        fprintf(f, ", \"hump\": null}");
    fprintf(f, ",\n  \"counts\": %.10g, \"counts_per_raw_unit\": %.10g,\n", cfg->counts, cfg->k_counts);
    if (cfg->time_per_step_s > 0.0)
        fprintf(f, "  \"y_unit\": \"counts_per_second\", \"time_per_step_s\": %.10g,"
                   " \"time_header\": %s,\n", cfg->time_per_step_s, cfg->time_header ? "true" : "false");
    else
        fprintf(f, "  \"y_unit\": \"counts\", \"time_per_step_s\": null, \"time_header\": false,\n");
    fprintf(f, "  \"noise\": \"%s\", \"seed\": %lu\n}\n", cfg->noise ? "poisson" : "none", cfg->seed);
    int bad = ferror(f);
    bad |= fclose(f);
    if (bad) {
        fprintf(stderr, "xrdgen: error writing '%s'\n", cfg->truth);
        return 1;
    }
    return 0;
}
