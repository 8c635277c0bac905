/* Fit result as JSON. SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/fit_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crystal/cellmath.h"

const char xrdi_size_convention[] =
    "LVol-IB: volume-weighted column length from the integral breadth of the "
    "size term, a Voigt of Lorentzian and Gaussian parts both ~1/cos theta "
    "(Lorentzian only with --lorentzian-size; a lognormal distribution of spheres "
    "with --lognormal-size; Scherrer K = 1); sphere diameter = 4/3 LVol";

void xrdi_small_crystal_note(char *buf, size_t n)
{
    snprintf(buf, n,
             "crystals below %.1f nm are clusters of a few thousand atoms or fewer: on "
             "Debye-equation patterns of such clusters the Le Bail a is off by 0.003-0.08 A "
             "(shape, facets, twins); analyze and fit --debye SHAPE refine them by the Debye "
             "equation (docs/debye_fit.md)", XRD_SMALL_CRYSTAL_NM);
}


/* The Rietveld values of a phase: fractions, scale, B, agreement, sites. */
static void rietveld_json(xrdi_json *j, const xrd_phase_result *p)
{
    xrdi_json_kn(j, "weight_fraction", p->weight_fraction);
    xrdi_json_kn(j, "weight_fraction_esd", p->weight_fraction_esd);
    xrdi_json_kn(j, "volume_fraction", p->volume_fraction);
    xrdi_json_kn(j, "volume_fraction_esd", p->volume_fraction_esd);
    xrdi_json_kn(j, "mole_fraction", p->mole_fraction);
    xrdi_json_ks(j, "fractions_relative_to", "the crystalline phases of this model");
    xrdi_json_kn(j, "scale_factor", p->scale);
    xrdi_json_kn(j, "scale_factor_esd", p->scale_esd);
    xrdi_json_kn(j, "biso_shift_A2", p->biso_A2);
    xrdi_json_kn(j, "biso_shift_esd_A2", p->biso_esd_A2);
    if (p->po_on) {
        xrdi_json_khkl(j, "march_dollase_hkl", p->po_hkl[0], p->po_hkl[1], p->po_hkl[2]);
        xrdi_json_kn(j, "march_dollase_r", p->po_r);
        xrdi_json_kn(j, "march_dollase_r_esd", p->po_r_esd);
    }
    xrdi_json_kn(j, "R_Bragg", p->r_bragg);
    xrdi_json_kn(j, "R_F", p->r_f);
    xrdi_json_kn(j, "cell_mass_u", p->cell_mass_u);
    xrdi_json_kn(j, "density_g_cm3", p->density_g_cm3);
    xrdi_json_kn(j, "mu_mass_cm2_g", p->mu_mass_cm2_g);
    xrdi_json_key(j, "sites");
    xrdi_json_arr(j);
    for (int k = 0; k < p->n_sites; k++) {
        const xrd_atom *a = &p->sites[k];
        xrdi_json_obj(j);
        xrdi_json_ks(j, "label", a->label);
        xrdi_json_ks(j, "element", a->element);
        xrdi_json_kn(j, "x", a->x);
        xrdi_json_kn(j, "y", a->y);
        xrdi_json_kn(j, "z", a->z);
        xrdi_json_kn(j, "occupancy", a->occupancy);
        xrdi_json_kn(j, "biso_A2", a->biso_A2);
        xrdi_json_obj_end(j);
    }
    xrdi_json_arr_end(j);
}

static void phase_json(xrdi_json *j, const xrd_phase_result *p,
                       const xrdi_fit_json_hooks *h, int index)
{
    xrdi_json_obj(j);
    xrdi_json_ks(j, "name", p->name);
    xrdi_json_ks(j, "structure", p->structure);
    xrdi_json_ks(j, "space_group", p->sg.symbol);
    xrdi_json_ki(j, "space_group_number", p->sg.number);
    xrdi_json_ks(j, "space_group_setting", p->sg.setting);
    xrdi_json_ki(j, "hall_number", p->sg.hall_number);
    xrdi_json_ks(j, "crystal_system", xrd_crystal_system_name(p->sg.system));
    unsigned free_cell = xrd_spacegroup_cell_free(&p->sg);
    for (int k = 0; k < 6; k++) {
        if (!(free_cell & (1u << k)))
            continue;
        char key[32];
        const char *nm = xrdi_cell_param_name[k], *u = xrdi_cell_param_unit(k);
        snprintf(key, sizeof key, "%s_%s", nm, u);
        xrdi_json_kn(j, key, xrdi_cell_get(&p->cell, k));
        snprintf(key, sizeof key, "%s_esd_%s", nm, u);
        xrdi_json_kn(j, key, xrdi_cell_get(&p->cell_esd, k));
        snprintf(key, sizeof key, "%s_esd_stat_%s", nm, u);
        xrdi_json_kn(j, key, xrdi_cell_get(&p->cell_esd_stat, k));
        snprintf(key, sizeof key, "%s_esd_inst_%s", nm, u);
        xrdi_json_kn(j, key, xrdi_cell_get(&p->cell_esd_inst, k));
        if (k < 3) {
            snprintf(key, sizeof key, "%s_esd_wavelength_%s", nm, u);
            xrdi_json_kn(j, key, xrdi_cell_get(&p->cell_esd_lambda, k));
        }
    }
    xrdi_json_kn(j, "size_nm", p->size_status == 1 ? p->size_nm : NAN);
    xrdi_json_kn(j, "size_esd_nm", p->size_status == 1 ? p->size_esd_nm : NAN);
    xrdi_json_kn(j, "sphere_diameter_nm", p->size_status == 1 ? p->sphere_diameter_nm : NAN);
    xrdi_json_kn(j, "sphere_diameter_esd_nm",
                 p->size_status == 1 ? p->sphere_diameter_esd_nm : NAN);
    xrdi_json_ks(j, "size_status", p->size_status == 1    ? "determined"
                                   : p->size_status == 0 ? "not refined"
                                                         : "not significant");
    xrdi_json_ks(j, "size_convention", xrdi_size_convention);
    if (p->debye_clusters)
        xrdi_json_ks(j, "a_source", "debye_equation_clusters");
    else if (p->size_status == 1 && p->sphere_diameter_nm < XRD_SMALL_CRYSTAL_NM) {
        char note[320];
        xrdi_small_crystal_note(note, sizeof note);
        xrdi_json_ks(j, "small_crystal_note", note);
    }
    if (p->size_lognormal) {
        xrdi_json_ks(j, "size_model", "lognormal distribution of spheres (number-weighted; "
                                      "Fourier profile)");
        xrdi_json_kn(j, "size_sigma", p->size_sigma);
        xrdi_json_kn(j, "size_sigma_esd", p->size_sigma_esd);
        xrdi_json_kn(j, "d_median_nm", p->d_median_nm);
        xrdi_json_kn(j, "d_median_esd_nm", p->d_median_esd_nm);
        xrdi_json_kn(j, "d_number_nm", p->d_number_nm);
        xrdi_json_kn(j, "d_number_esd_nm", p->d_number_esd_nm);
        xrdi_json_kn(j, "d_area_nm", p->d_area_nm);
        xrdi_json_kn(j, "d_area_esd_nm", p->d_area_esd_nm);
    }
    xrdi_json_kn(j, "strain", p->strain);
    xrdi_json_kn(j, "strain_esd", p->strain_esd);
    xrdi_json_ks(j, "strain_convention", "integral-breadth microstrain, beta = 4 e tan(theta)");
    if (p->faults_refined) {
        xrdi_json_kn(j, "fault_alpha", p->fault_alpha);
        xrdi_json_kn(j, "fault_alpha_esd", p->fault_alpha_esd);
        xrdi_json_ks(j, "fault_convention", "Warren deformation (intrinsic) fault probability "
                                            "per {111} layer");
    }
    if (p->twins_refined) {
        xrdi_json_kn(j, "twin_beta", p->twin_beta);
        xrdi_json_kn(j, "twin_beta_esd", p->twin_beta_esd);
        xrdi_json_ks(j, "twin_convention", "Warren twin fault probability per {111} layer");
    }
    xrdi_json_kn(j, "intensity_share", p->intensity_share);
    if (p->rietveld)
        rietveld_json(j, p);
    xrdi_json_key(j, "reflections");
    xrdi_json_arr(j);
    for (size_t k = 0; k < p->n_refl; k++) {
        const xrd_refl_result *r = &p->refl[k];
        xrdi_json_obj(j);
        xrdi_json_khkl(j, "hkl", r->h, r->k, r->l);
        xrdi_json_ki(j, "multiplicity", r->multiplicity);
        xrdi_json_kn(j, "d_A", r->d_A);
        xrdi_json_kn(j, "two_theta_deg", r->two_theta_deg);
        xrdi_json_kn(j, "intensity", r->intensity);
        xrdi_json_kn(j, "fwhm_deg", r->fwhm_deg);
        xrdi_json_kb(j, "in_range", r->in_range);
        xrdi_json_obj_end(j);
    }
    xrdi_json_arr_end(j);
    if (h && h->phase)
        h->phase(j, index, h->user);
    xrdi_json_obj_end(j);
}

/* Electron ring profiles: the widths in q (1/A), where they are constant
 * (docs/electron.md): the instrument's Gaussian sqrt(W) and Lorentzian Y at
 * theta -> 0 and each phase's Lorentzian size FWHM 4 / LVol. */
static void widths_q_json(xrdi_json *j, const xrd_fit_result *r)
{
    double lam = r->instrument.rad.lambda_A[0];
    if (!(lam > 0 && lam < XRD_ELECTRON_LAMBDA_MAX_A))
        return;
    double k = M_PI / 180.0 * 2.0 * M_PI / lam; /* 2theta deg -> q 1/A */
    const double *p = r->instrument.uvwxy;
    xrdi_json_key(j, "widths_q");
    xrdi_json_obj(j);
    xrdi_json_kn(j, "instrument_gauss_fwhm_inv_A", p[2] > 0 ? sqrt(p[2]) * k : 0.0);
    xrdi_json_kn(j, "instrument_lorentz_fwhm_inv_A", p[4] * k);
    xrdi_json_key(j, "size_fwhm_inv_A");
    xrdi_json_arr(j);
    for (int i = 0; i < r->n_phases; i++)
        xrdi_json_num(j, r->phases[i].size_status == 1 && r->phases[i].size_nm > 0
                             ? 4.0 / (10.0 * r->phases[i].size_nm)
                             : NAN);
    xrdi_json_arr_end(j);
    xrdi_json_obj_end(j);
}

static void num_array(xrdi_json *j, const char *key, const double *v, size_t n)
{
    if (key)
        xrdi_json_key(j, key);
    xrdi_json_arr(j);
    for (size_t i = 0; i < n; i++)
        xrdi_json_num(j, v[i]);
    xrdi_json_arr_end(j);
}

/* "curves": the fitted points (x in 2theta deg) for redrawing the figure. */
static void curves_json(xrdi_json *j, const xrd_fit_result *r)
{
    xrdi_json_key(j, "curves");
    xrdi_json_obj(j);
    xrdi_json_ks(j, "x_unit", "2theta_deg");
    num_array(j, "x", r->x, r->n_curve);
    num_array(j, "observed", r->y_obs, r->n_curve);
    num_array(j, "calculated", r->y_calc, r->n_curve);
    num_array(j, "background", r->y_bkg, r->n_curve);
    xrdi_json_key(j, "phases");
    xrdi_json_arr(j);
    for (int p = 0; p < r->n_phases; p++)
        num_array(j, NULL, r->y_phase[p], r->n_curve);
    xrdi_json_arr_end(j);
    xrdi_json_obj_end(j);
}

void xrdi_fit_json_object(xrdi_json *j, const xrd_fit_result *r, const xrd_report_meta *meta)
{
    xrdi_fit_json_object_ex(j, r, meta, 0);
}

void xrdi_fit_json_object_ex(xrdi_json *j, const xrd_fit_result *r, const xrd_report_meta *meta,
                             int with_curves)
{
    xrdi_fit_json_object_hooked(j, r, meta, with_curves, NULL);
}

void xrdi_fit_json_object_hooked(xrdi_json *j, const xrd_fit_result *r,
                                 const xrd_report_meta *meta, int with_curves,
                                 const xrdi_fit_json_hooks *h)
{
    const xrd_instrument *in = &r->instrument;
    xrdi_json_obj(j);
    if (meta && meta->pattern_file)
        xrdi_json_ks(j, "pattern", meta->pattern_file);
    xrdi_json_kb(j, "converged", r->converged);
    xrdi_json_ks(j, "message", r->message);
    xrdi_json_kn(j, "Rp", 100.0 * r->Rp);
    xrdi_json_kn(j, "Rwp", 100.0 * r->Rwp);
    xrdi_json_kn(j, "Rexp", 100.0 * r->Rexp);
    xrdi_json_kn(j, "Rwp_bkg", 100.0 * r->Rwp_bkg);
    xrdi_json_ks(j, "R_units", "percent");
    xrdi_json_kn(j, "GOF", r->GOF);
    xrdi_json_kn(j, "chi2", r->chi2);
    xrdi_json_kn(j, "chi2_reduced", r->chi2_red);
    xrdi_json_kn(j, "bic", r->bic);
    xrdi_json_ki(j, "n_points", (long)r->n_points);
    xrdi_json_ki(j, "n_params", (long)r->n_params);
    xrdi_json_ki(j, "cycles", r->cycles);
    xrdi_json_kn(j, "durbin_watson", r->durbin_watson);
    xrdi_json_kn(j, "berar_lelann_factor", r->berar_lelann_factor);
    xrdi_json_kn(j, "esd_serial_factor", r->serial_factor);
    xrdi_json_kn(j, "restraint_weight", r->restraint_weight);
    xrdi_json_kb(j, "esd_berar_lelann_corrected", r->serial_factor > 1.0);
    xrdi_json_kn(j, "zero_deg", in->zero_deg);
    xrdi_json_kn(j, "zero_esd_deg", r->zero_esd_deg);
    if (in->radial_k3_A2 != 0) {
        xrdi_json_kn(j, "radial_k3_A2", in->radial_k3_A2);
        xrdi_json_kn(j, "radial_k3_esd_A2", in->radial_k3_esd_A2);
    }
    if (in->geometry == XRD_GEOM_BRAGG_BRENTANO) {
        xrdi_json_kn(j, "displacement_mm", in->displacement_mm);
        xrdi_json_kn(j, "displacement_esd_mm", r->displacement_esd_mm);
        xrdi_json_kn(j, "goniometer_radius_mm", in->radius_mm);
    }
    if (meta && meta->temperature_K > 0)
        xrdi_json_kn(j, "temperature_K", meta->temperature_K);
    xrdi_json_key(j, "radiation");
    xrdi_json_obj(j);
    xrdi_json_ks(j, "name", in->rad.name);
    xrdi_json_ks(j, "scale", in->rad.scale);
    xrdi_json_key(j, "lambda_A");
    xrdi_json_arr(j);
    for (int l = 0; l < in->rad.n_lines; l++)
        xrdi_json_num(j, in->rad.lambda_A[l]);
    xrdi_json_arr_end(j);
    xrdi_json_key(j, "weight");
    xrdi_json_arr(j);
    for (int l = 0; l < in->rad.n_lines; l++)
        xrdi_json_num(j, l == 0 ? 1.0 : in->rad.weight[l]);
    xrdi_json_arr_end(j);
    xrdi_json_kn(j, "lambda_esd_A", in->rad.lambda_esd_A);
    xrdi_json_obj_end(j);
    xrdi_json_ks(j, "instrument", r->instrument_calibrated ? "calibrated" : "uncalibrated");
    xrdi_json_key(j, "instrument_profile");
    xrdi_json_obj(j);
    xrdi_json_ks(j, "source", in->source);
    xrdi_json_kb(j, "calibrated", in->calibrated);
    static const char *uvw[5] = {"U", "V", "W", "X", "Y"};
    for (int k = 0; k < 5; k++)
        xrdi_json_kn(j, uvw[k], in->uvwxy[k]);
    xrdi_json_kn(j, "asym_SL", in->asym_sl);
    xrdi_json_kn(j, "asym_HL", in->asym_hl);
    xrdi_json_obj_end(j);
    xrdi_json_ks(j, "background_model", r->background_model);
    if (r->size_model[0])
        xrdi_json_ks(j, "size_choice", r->size_model);
    int riet = r->n_phases > 0 && r->phases[0].rietveld;
    xrdi_json_ks(j, "refinement", riet ? "rietveld" : "le_bail");
    if (riet)
        xrdi_json_ks(j, "intensity_model", r->intensity_model);
    if (riet && r->surface_roughness) {
        xrdi_json_kn(j, "surface_roughness_P", r->sr_p);
        xrdi_json_kn(j, "surface_roughness_P_esd", r->sr_p_esd);
        xrdi_json_kn(j, "surface_roughness_Q", r->sr_q);
        xrdi_json_kn(j, "surface_roughness_Q_esd", r->sr_q_esd);
    }
    xrdi_json_key(j, "sigma");
    xrdi_json_obj(j);
    xrdi_json_ks(j, "source", xrd_sigma_source_name(r->noise.source));
    if (r->noise.source == XRD_SIGMA_FROM_TIME || r->noise.source == XRD_SIGMA_FROM_SCATTER) {
        xrdi_json_kn(j, "gain", r->noise.gain);
        xrdi_json_kn(j, "floor", r->noise.floor);
    }
    if (r->noise.time_per_step_s > 0)
        xrdi_json_kn(j, "time_per_step_s", r->noise.time_per_step_s);
    xrdi_json_kn(j, "scatter_over_poisson", r->noise.scatter_poisson);
    xrdi_json_ks(j, "note", r->noise.note);
    xrdi_json_obj_end(j);
    xrdi_json_key(j, "background");
    xrdi_json_obj(j);
    xrdi_json_key(j, "chebyshev");
    xrdi_json_arr(j);
    for (int k = 0; k < r->background.n_cheb; k++)
        xrdi_json_num(j, r->background.cheb[k]);
    xrdi_json_arr_end(j);
    if (r->background.use_inv_x)
        xrdi_json_kn(j, "inv_x", r->background.inv_x);
    if (r->background.use_hump) {
        xrdi_json_kn(j, "hump_center_deg", r->background.hump_center_deg);
        xrdi_json_kn(j, "hump_fwhm_deg", r->background.hump_fwhm_deg);
        xrdi_json_kn(j, "hump_height", r->background.hump_height);
    }
    if (r->background.use_film) {
        xrdi_json_kn(j, "film_amp", r->background.film_amp);
        xrdi_json_kn(j, "film_power", r->background.film_power);
        xrdi_json_kn(j, "film_x0_deg", r->background.film_x0_deg);
        for (int k = 0; k < r->background.n_rings && k < 2; k++) {
            char key[40];
            snprintf(key, sizeof key, "film_ring%d_center_deg", k + 1);
            xrdi_json_kn(j, key, r->background.ring_center_deg[k]);
            snprintf(key, sizeof key, "film_ring%d_fwhm_deg", k + 1);
            xrdi_json_kn(j, key, r->background.ring_fwhm_deg[k]);
            snprintf(key, sizeof key, "film_ring%d_height", k + 1);
            xrdi_json_kn(j, key, r->background.ring_height[k]);
        }
    }
    xrdi_json_obj_end(j);
    xrdi_json_key(j, "parameters");
    xrdi_json_arr(j);
    for (size_t k = 0; k < r->n_par; k++) {
        xrdi_json_obj(j);
        xrdi_json_ks(j, "name", r->par[k].name);
        xrdi_json_kn(j, "value", r->par[k].value);
        xrdi_json_kn(j, "esd", r->par[k].esd);
        xrdi_json_kb(j, "at_bound", r->par[k].at_bound);
        if (r->par[k].prior_sd > 0) {
            xrdi_json_kn(j, "prior_mean", r->par[k].prior_mean);
            xrdi_json_kn(j, "prior_sd", r->par[k].prior_sd);
        }
        xrdi_json_obj_end(j);
    }
    xrdi_json_arr_end(j);
    xrdi_json_key(j, "phases");
    xrdi_json_arr(j);
    for (int p = 0; p < r->n_phases; p++)
        phase_json(j, &r->phases[p], h, p);
    xrdi_json_arr_end(j);
    widths_q_json(j, r);
    if (with_curves && r->n_curve && r->x)
        curves_json(j, r);
    if (h && h->top)
        h->top(j, h->user);
    xrdi_json_obj_end(j);
}

xrd_status xrd_report_fit_json(FILE *out, const xrd_fit_result *r, const xrd_report_meta *meta,
                               xrd_error *err)
{
    xrdi_json j;
    xrdi_json_begin(&j, out);
    xrdi_fit_json_object(&j, r, meta);
    if (fflush(out) || ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the JSON report failed");
    return XRD_OK;
}

xrd_status xrd_report_fit_json_curves(FILE *out, const xrd_fit_result *r,
                                      const xrd_report_meta *meta, xrd_error *err)
{
    xrdi_json j;
    xrdi_json_begin(&j, out);
    xrdi_fit_json_object_ex(&j, r, meta, 1);
    if (fflush(out) || ferror(out))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the JSON report failed");
    return XRD_OK;
}
