/* The Debye-equation refinement's result as text, JSON and CSV curves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "xrdfit/xrdfit.h"
#include "core/numfmt.h"
#include "report/json_writer.h"

static void composition(const xrd_phase *ph, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int k = 0; k < ph->n_atoms && used + 24 < n; k++) {
        int seen = 0;
        for (int j = 0; j < k; j++)
            seen |= !strcmp(ph->atoms[j].element, ph->atoms[k].element) &&
                    ph->atoms[j].x == ph->atoms[k].x && ph->atoms[j].y == ph->atoms[k].y &&
                    ph->atoms[j].z == ph->atoms[k].z;
        if (!seen)
            used += (size_t)snprintf(buf + used, n - used, "%s%s%.4g", used ? " " : "",
                                     ph->atoms[k].element, ph->atoms[k].occupancy);
    }
    if (!used)
        snprintf(buf, n, "unit scatterers (no atoms given)");
}

static const char *size_model(const xrd_debye_fit_options *o)
{
    return o->lognormal           ? "number-weighted lognormal of sizes"
           : o->populations == 2 ? "two populations, each its lattice, one size and scale"
                                 : "one size (between the database's neighbours)";
}

xrd_status xrd_report_debye_fit_text(FILE *out, const xrd_debye_fit_result *r,
                                     const xrd_phase *ph, const xrd_debye_fit_options *o,
                                     const char *pattern_name, xrd_error *err)
{
    char b[64], comp[256];
    composition(ph, comp, sizeof comp);
    fprintf(out, "xrdfit %s  fit --debye: %s\n", xrd_version(), pattern_name ? pattern_name : "");
    fprintf(out, "model: Debye equation of %s clusters of %s (%s, random alloy), %s\n",
            xrd_cluster_shape_name(o->shape), ph->name, comp, size_model(o));
    fprintf(out, "database: %d clusters, equal-volume diameters %.2f to %.2f nm, up to %zu "
                 "atoms (%.1f s); fit %.2f s, %d steps\n",
            r->n_sizes, r->db_d_min_nm, r->db_d_max_nm, r->db_max_atoms, r->seconds_database,
            r->seconds_fit, r->iterations);
    for (int k = 0; k < r->n_tried; k++)
        fprintf(out, "%s %-15s chi2 %-10.6g GOF %6.3f  a %.5f A  D %.3f nm%s\n",
                k ? "               " : "shapes tried:", xrd_cluster_shape_name(r->tried[k].shape),
                r->tried[k].chi2, r->tried[k].GOF, r->tried[k].a_A, r->tried[k].d_median_nm,
                k ? (r->tried[k].converged ? "" : "  (not converged)") : "  <- kept");
    fprintf(out, "  a            %s A", xrd_format_esd(r->a_A, r->a_esd_A, 5, b, sizeof b));
    if (fabs(r->c_A - r->a_A) > 1e-9)
        fprintf(out, "   (c %.5f A, c/a of the phase)", r->c_A);
    fputc('\n', out);
    if (o->lognormal) {
        fprintf(out, "  D median     %s nm (number-weighted)\n",
                xrd_format_esd(r->d_median_nm, r->d_median_esd_nm, 3, b, sizeof b));
        fprintf(out, "  sigma        %s (of ln D)\n",
                xrd_format_esd(r->sigma, r->sigma_esd, 3, b, sizeof b));
        fprintf(out, "  <D> number   %s nm\n",
                xrd_format_esd(r->d_number_nm, r->d_number_esd_nm, 3, b, sizeof b));
        fprintf(out, "  D area       %s nm (<D^3>/<D^2>)\n",
                xrd_format_esd(r->d_area_nm, r->d_area_esd_nm, 3, b, sizeof b));
        fprintf(out, "  D volume     %s nm (<D^4>/<D^3>)\n",
                xrd_format_esd(r->d_volume_nm, r->d_volume_esd_nm, 3, b, sizeof b));
        if (r->outside_fraction > 1e-3)
            fprintf(out, "  beyond the database: %.1f %% of the volume\n",
                    100.0 * r->outside_fraction);
    } else {
        fprintf(out, "  D            %s nm (equal-volume diameter)\n",
                xrd_format_esd(r->d_median_nm, r->d_median_esd_nm, 3, b, sizeof b));
    }
    if (r->populations == 2) {
        double v = r->a_esd_A * r->a_esd_A + r->a2_esd_A * r->a2_esd_A - 2.0 * r->cov_a_a2;
        fprintf(out, "  a (2)        %s A\n", xrd_format_esd(r->a2_A, r->a2_esd_A, 5, b, sizeof b));
        fprintf(out, "  D (2)        %s nm\n", xrd_format_esd(r->d2_nm, r->d2_esd_nm, 3, b, sizeof b));
        fprintf(out, "  share (2)    %.1f %% of the clusters' scattering; a2 - a %+.5f A = %.1f esd\n",
                100.0 * r->share2, r->a2_A - r->a_A,
                v > 0 ? (r->a2_A - r->a_A) / sqrt(v) : 0.0);
    }
    fprintf(out, "  B            %s A^2%s\n", xrd_format_esd(r->b_A2, r->b_esd_A2, 3, b, sizeof b),
            isfinite(r->b_esd_A2) ? "" : " (held)");
    if (r->composition_refined)
        fprintf(out, "  x(%s)        %s (the rest %s; from the scattering factors alone)\n",
                r->element_a, xrd_format_esd(r->x_a, r->x_a_esd, 3, b, sizeof b), r->element_b);
    fprintf(out, "  zero         %s deg%s\n",
            xrd_format_esd(r->zero_deg, r->zero_esd_deg, 4, b, sizeof b),
            isfinite(r->zero_esd_deg) ? "" : " (held)");
    if (isfinite(r->displacement_esd_mm))
        fprintf(out, "  displacement %s mm\n",
                xrd_format_esd(r->displacement_mm, r->displacement_esd_mm, 4, b, sizeof b));
    fprintf(out, "  background   %d Chebyshev terms\n", r->n_background);
    fprintf(out, "Rwp %.4f  Rexp %.4f  GOF %.3f  chi2 %.6g  points %zu  parameters %d\n", r->Rwp,
            r->Rexp, r->GOF, r->chi2, r->n_points, r->n_params);
    fprintf(out, "the clusters against the background alone: delta chi2 %.6g\n",
            r->delta_chi2_clusters);
    fprintf(out, "esds: covariance x chi2_red x %.2f^2 (Berar-Lelann, Durbin-Watson %.3f)\n",
            r->berar_lelann_factor, r->durbin_watson);
    fprintf(out, "%s: %s\n", r->converged ? "converged" : "NOT CONVERGED", r->message);
    if (fflush(out) || ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the report failed");
    return XRD_OK;
}

/* "key": value and its esd under the key's name with _esd before the unit */
static void value_esd(xrdi_json *j, const char *key, const char *esd_key, double v, double e)
{
    xrdi_json_kn(j, key, v);
    xrdi_json_kn(j, esd_key, e);
}

xrd_status xrd_report_debye_fit_json(FILE *out, const xrd_debye_fit_result *r,
                                     const xrd_phase *ph, const xrd_debye_fit_options *o,
                                     const char *pattern_name, xrd_error *err)
{
    char comp[256];
    composition(ph, comp, sizeof comp);
    xrdi_json j;
    xrdi_json_begin(&j, out);
    xrdi_json_obj(&j);
    xrdi_json_ks(&j, "program", "xrdfit");
    xrdi_json_ks(&j, "version", xrd_version());
    xrdi_json_ks(&j, "command", "fit --debye");
    xrdi_json_ks(&j, "pattern", pattern_name ? pattern_name : "");
    xrdi_json_ks(&j, "phase", ph->name);
    xrdi_json_ks(&j, "composition", comp);
    xrdi_json_ks(&j, "shape", xrd_cluster_shape_name(o->shape));
    xrdi_json_ks(&j, "size_model", o->lognormal ? "lognormal" : "one size");
    xrdi_json_kb(&j, "converged", r->converged);
    xrdi_json_ks(&j, "message", r->message);
    xrdi_json_ki(&j, "iterations", r->iterations);
    value_esd(&j, "a_A", "a_esd_A", r->a_A, r->a_esd_A);
    xrdi_json_kn(&j, "c_A", r->c_A);
    value_esd(&j, "d_median_nm", "d_median_esd_nm", r->d_median_nm, r->d_median_esd_nm);
    value_esd(&j, "sigma", "sigma_esd", r->sigma, r->sigma_esd);
    value_esd(&j, "d_number_nm", "d_number_esd_nm", r->d_number_nm, r->d_number_esd_nm);
    value_esd(&j, "d_area_nm", "d_area_esd_nm", r->d_area_nm, r->d_area_esd_nm);
    value_esd(&j, "d_volume_nm", "d_volume_esd_nm", r->d_volume_nm, r->d_volume_esd_nm);
    xrdi_json_ki(&j, "populations", r->populations == 2 ? 2 : 1);
    if (r->populations == 2) {
        value_esd(&j, "a2_A", "a2_esd_A", r->a2_A, r->a2_esd_A);
        value_esd(&j, "d2_nm", "d2_esd_nm", r->d2_nm, r->d2_esd_nm);
        xrdi_json_kn(&j, "share2", r->share2);
        xrdi_json_kn(&j, "cov_a_a2_A2", r->cov_a_a2);
    }
    value_esd(&j, "b_A2", "b_esd_A2", r->b_A2, r->b_esd_A2);
    xrdi_json_ks(&j, "composition_element", r->composition_refined ? r->element_a : "");
    value_esd(&j, "composition_x", "composition_x_esd", r->x_a, r->x_a_esd);
    value_esd(&j, "zero_deg", "zero_esd_deg", r->zero_deg, r->zero_esd_deg);
    value_esd(&j, "displacement_mm", "displacement_esd_mm", r->displacement_mm, r->displacement_esd_mm);
    xrdi_json_kn(&j, "scale", r->scale);
    xrdi_json_key(&j, "background");
    xrdi_json_arr(&j);
    for (int k = 0; k < r->n_background; k++)
        xrdi_json_num(&j, r->background[k]);
    xrdi_json_arr_end(&j);
    xrdi_json_kn(&j, "Rwp", r->Rwp);
    xrdi_json_kn(&j, "Rexp", r->Rexp);
    xrdi_json_kn(&j, "GOF", r->GOF);
    xrdi_json_kn(&j, "chi2", r->chi2);
    xrdi_json_kn(&j, "delta_chi2_clusters", r->delta_chi2_clusters);
    xrdi_json_kn(&j, "durbin_watson", r->durbin_watson);
    xrdi_json_kn(&j, "berar_lelann_factor", r->berar_lelann_factor);
    xrdi_json_ki(&j, "points", (long)r->n_points);
    xrdi_json_ki(&j, "parameters", r->n_params);
    xrdi_json_key(&j, "shapes_tried");
    xrdi_json_arr(&j);
    for (int k = 0; k < r->n_tried; k++) {
        xrdi_json_obj(&j);
        xrdi_json_ks(&j, "shape", xrd_cluster_shape_name(r->tried[k].shape));
        xrdi_json_kb(&j, "converged", r->tried[k].converged);
        xrdi_json_kn(&j, "chi2", r->tried[k].chi2);
        xrdi_json_kn(&j, "GOF", r->tried[k].GOF);
        xrdi_json_kn(&j, "a_A", r->tried[k].a_A);
        xrdi_json_kn(&j, "d_median_nm", r->tried[k].d_median_nm);
        xrdi_json_obj_end(&j);
    }
    xrdi_json_arr_end(&j);
    xrdi_json_key(&j, "database");
    xrdi_json_obj(&j);
    xrdi_json_ki(&j, "clusters", r->n_sizes);
    xrdi_json_kn(&j, "d_min_nm", r->db_d_min_nm);
    xrdi_json_kn(&j, "d_max_nm", r->db_d_max_nm);
    xrdi_json_ki(&j, "max_atoms", (long)r->db_max_atoms);
    xrdi_json_kn(&j, "outside_volume_fraction", r->outside_fraction);
    xrdi_json_obj_end(&j);
    xrdi_json_obj_end(&j);
    fputc('\n', out);
    if (fflush(out) || ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the JSON failed");
    return XRD_OK;
}

xrd_status xrd_report_debye_fit_curves_csv(FILE *o, const xrd_debye_fit_result *r,
                                           xrd_error *err)
{
    char b[64];
    fprintf(o, "two_theta_deg,observed,calculated,background,difference\n");
    for (size_t i = 0; i < r->n; i++) {
        fputs(xrdi_fmt_json(r->x[i], b, sizeof b), o);
        fprintf(o, ",%s", xrdi_fmt_json(r->y_obs[i], b, sizeof b));
        fprintf(o, ",%s", xrdi_fmt_json(r->y_calc[i], b, sizeof b));
        fprintf(o, ",%s", xrdi_fmt_json(r->y_bkg[i], b, sizeof b));
        fprintf(o, ",%s\n", xrdi_fmt_json(r->y_obs[i] - r->y_calc[i], b, sizeof b));
    }
    if (fflush(o) || ferror(o))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the curves failed");
    return XRD_OK;
}
