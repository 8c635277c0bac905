/* Fit result as a paper-style text table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "report/fit_json.h"
#include "core/numfmt.h"
#include "crystal/cellmath.h"
#include "xrdfit/report.h"

static const char *pct(double v, double e, char *b, size_t n)
{
    if (!isfinite(v))
        return "n/a";
    return isfinite(e) && e > 0 ? xrd_format_esd(100.0 * v, 100.0 * e, 2, b, n)
                                : xrdi_fmt_fixed(100.0 * v, 2, b, n);
}

/* The Rietveld lines of a phase, laid out like a paper's table: fractions,
 * scale and B, agreement, then the sites. */
static void rietveld_text(FILE *o, const xrd_phase_result *p)
{
    char a[48], b[48], c[48], d[48];
    fprintf(o, "    weight fraction = %s %%, volume fraction = %s %%, mole fraction = %s %%\n",
            pct(p->weight_fraction, p->weight_fraction_esd, a, sizeof a),
            pct(p->volume_fraction, p->volume_fraction_esd, b, sizeof b),
            pct(p->mole_fraction, NAN, c, sizeof c));
    fprintf(o, "    scale = %s, B shift = %s A^2, R_Bragg = %s %%, R_F = %s %%\n",
            xrd_format_esd(p->scale, p->scale_esd, 4, a, sizeof a),
            p->biso_esd_A2 > 0 ? xrd_format_esd(p->biso_A2, p->biso_esd_A2, 2, b, sizeof b)
                               : "0 (held)",
            pct(p->r_bragg, NAN, c, sizeof c), pct(p->r_f, NAN, d, sizeof d));
    if (p->po_on)
        fprintf(o, "    preferred orientation (March-Dollase) along %d %d %d: r = %s (1 random, "
                   "< 1 platelets, > 1 needles)\n",
                p->po_hkl[0], p->po_hkl[1], p->po_hkl[2],
                xrd_format_esd(p->po_r, p->po_r_esd, 3, a, sizeof a));
    if (isfinite(p->density_g_cm3))
        fprintf(o, "    cell mass %.2f u, density %.4g g/cm^3%s", p->cell_mass_u, p->density_g_cm3,
                isfinite(p->mu_mass_cm2_g) ? "" : "\n");
    if (isfinite(p->mu_mass_cm2_g))
        fprintf(o, ", mu/rho %.4g cm^2/g (photoabsorption)\n", p->mu_mass_cm2_g);
    fprintf(o, "    site     element      x         y         z       occ     B (A^2)\n");
    for (int k = 0; k < p->n_sites; k++) {
        const xrd_atom *s = &p->sites[k];
        fprintf(o, "    %-8s %-4s  %9.5f %9.5f %9.5f %8.4f %8.3f\n", s->label[0] ? s->label : "-",
                s->element, s->x, s->y, s->z, s->occupancy, s->biso_A2);
    }
}


/* One of Warren's fault probabilities, or its lower bound */
static void fault_line(FILE *o, const char *what, double v, double esd, const char *effect)
{
    char e[64];
    fprintf(o, "    %s = %s (Warren: %s, both broadened)\n", what,
            isfinite(esd) ? xrd_format_esd(v, esd, 5, e, sizeof e)
                          : "0 (at its lower bound: none detected)",
            effect);
}
static void phase_text(FILE *o, const xrd_phase_result *p, int idx)
{
    char c[64], s[64], d[64], e[64];
    char sgname[48];
    fprintf(o, "(%c) %s  %s (%d)  %s\n", 'a' + idx, p->name,
            xrd_spacegroup_name(&p->sg, sgname, sizeof sgname), p->sg.number, p->structure);
    unsigned free_cell = xrd_spacegroup_cell_free(&p->sg);
    const char *sep = "    ";
    for (int k = 0; k < 6; k++) {
        if (!(free_cell & (1u << k)))
            continue;
        fprintf(o, "%s%s = %s %s", sep, xrdi_cell_param_name[k],
                xrd_format_esd(xrdi_cell_get(&p->cell, k), xrdi_cell_get(&p->cell_esd, k),
                               k < 3 ? 5 : 3, c, sizeof c),
                xrdi_cell_param_unit(k));
        sep = ", ";
    }
    fputc('\n', o);
    if (p->cell_esd_inst.a > 0) {
        const char *lead = "      ";
        for (int k = 0; k < 6; k++) {
            if (!(free_cell & (1u << k)) || !(xrdi_cell_get(&p->cell_esd_inst, k) > 0))
                continue;
            fprintf(o, "%sesd(%s) %.2g %s = %s%.2g (+) %s%.2g", lead, xrdi_cell_param_name[k],
                    xrdi_cell_get(&p->cell_esd, k), xrdi_cell_param_unit(k),
                    k == 0 ? "statistics " : "", xrdi_cell_get(&p->cell_esd_stat, k),
                    k == 0 ? "instrument " : "", xrdi_cell_get(&p->cell_esd_inst, k));
            if (xrdi_cell_get(&p->cell_esd_lambda, k) > 0)
                fprintf(o, " (wavelength %.2g)", xrdi_cell_get(&p->cell_esd_lambda, k));
            lead = "; ";
        }
        fputc('\n', o);
    }
    if (p->size_status == 1)
        fprintf(o, "    crystal size LVol-IB = %s nm (sphere diameter %s nm)\n",
                xrd_format_esd(p->size_nm, p->size_esd_nm, 2, s, sizeof s),
                xrd_format_esd(p->sphere_diameter_nm, p->sphere_diameter_esd_nm, 2, d,
                               sizeof d));
    if (p->size_status == 1 && p->size_lognormal) {
        char a[64], b[64], c3[64];
        fprintf(o, "    lognormal spheres: median D0 = %s nm, sigma = %s; mean diameter "
                   "<D> = %s nm (number), %s nm (area), %s nm (volume)\n",
                xrd_format_esd(p->d_median_nm, p->d_median_esd_nm, 2, s, sizeof s),
                xrd_format_esd(p->size_sigma, p->size_sigma_esd, 3, a, sizeof a),
                xrd_format_esd(p->d_number_nm, p->d_number_esd_nm, 2, b, sizeof b),
                xrd_format_esd(p->d_area_nm, p->d_area_esd_nm, 2, c3, sizeof c3),
                xrd_format_esd(p->sphere_diameter_nm, p->sphere_diameter_esd_nm, 2, d,
                               sizeof d));
    } else if (p->size_status == -1)
        fprintf(o, "    crystal size: not determined (no significant size broadening beyond "
                   "the instrument)\n");
    else if (p->size_status != 1)
        fprintf(o, "    crystal size: not refined\n");
    if (p->size_status == 1 && p->sphere_diameter_nm < XRD_SMALL_CRYSTAL_NM) {
        char note[320];
        xrdi_small_crystal_note(note, sizeof note);
        fprintf(o, "    note: %s\n", note);
    }
    if (isfinite(p->strain_esd))
        fprintf(o, "    microstrain = %s", xrd_format_esd(p->strain, p->strain_esd, 5, e, sizeof e));
    else
        fprintf(o, "    microstrain = 0 (at its lower bound: none detected)");
    fprintf(o, ", share of diffracted intensity = %s %%\n",
            xrdi_fmt_fixed(100.0 * p->intensity_share, 1, s, sizeof s));
    if (p->faults_refined)
        fault_line(o, "deformation fault probability alpha", p->fault_alpha, p->fault_alpha_esd,
                   "111 shifted up, 200 down");
    if (p->twins_refined)
        fault_line(o, "twin fault probability beta", p->twin_beta, p->twin_beta_esd,
                   "111 tailed to high angles, 200 to low");
    if (p->rietveld)
        rietveld_text(o, p);
}

/* Electron ring profiles: the widths in q (1/A), constant there
 * (docs/electron.md): instrument sqrt(W), Y at theta -> 0, size 4 / LVol. */
static void widths_q_text(FILE *o, const xrd_fit_result *r)
{
    double lam = r->instrument.rad.lambda_A[0];
    if (!(lam > 0 && lam < XRD_ELECTRON_LAMBDA_MAX_A))
        return;
    double k = M_PI / 180.0 * 2.0 * M_PI / lam;
    const double *p = r->instrument.uvwxy;
    fprintf(o, "widths in q (FWHM, 1/A): instrument Gaussian %.4f, Lorentzian %.4f",
            p[2] > 0 ? sqrt(p[2]) * k : 0.0, p[4] * k);
    for (int i = 0; i < r->n_phases; i++)
        if (r->phases[i].size_status == 1 && r->phases[i].size_nm > 0)
            fprintf(o, "; size (%s) %.4f", r->phases[i].name, 4.0 / (10.0 * r->phases[i].size_nm));
    fputc('\n', o);
}

xrd_status xrd_report_fit_text(FILE *o, const xrd_fit_result *r, const xrd_report_meta *meta,
                               int show_correlation, xrd_error *err)
{
    char b1[64], b2[64], b3[64], b4[64];
    const xrd_instrument *in = &r->instrument;
    if (meta && meta->pattern_file)
        fprintf(o, "%s fit of %s\n",
                r->n_phases > 0 && r->phases[0].rietveld ? "Rietveld" : "Le Bail",
                meta->pattern_file);
    fprintf(o, "%s\n", r->converged ? "Converged." : "NOT CONVERGED - the values below are not a result:");
    if (!r->converged)
        fprintf(o, "  %s\n", r->message);
    fprintf(o, "Radiation %s (", in->rad.name);
    for (int l = 0; l < in->rad.n_lines; l++)
        fprintf(o, "%s%s %.7f A", l ? ", " : "", in->rad.line_name[l][0] ? in->rad.line_name[l] : "lambda",
                in->rad.lambda_A[l]);
    if (in->rad.lambda_esd_A > 0)
        fprintf(o, "; uncertainty %.2g A, in the esds of lengths", in->rad.lambda_esd_A);
    fprintf(o, "; scale %s)\n", in->rad.scale[0] ? in->rad.scale : "user");
    fprintf(o, "Instrument: %s%s\n", in->source[0] ? in->source : "default",
            r->instrument_calibrated ? "" : " [uncalibrated]");
    if (r->n_priors > 0) {
        fprintf(o, "Restrained (prior of its plausible range):");
        for (size_t a = 0; a < r->n_par; a++)
            if (r->par[a].prior_sd > 0)
                fprintf(o, " %s %.4g(%.2g)", r->par[a].name, r->par[a].prior_mean,
                        r->par[a].prior_sd);
        fputc('\n', o);
    }
    if (r->noise.note[0])
        fprintf(o, "Noise: %s\n", r->noise.note);
    if (r->background_model[0]) {
        fprintf(o, "Background: %s", r->background_model);
        if (r->background.use_hump)
            fprintf(o, "; hump at %.2f deg, FWHM %.2f deg", r->background.hump_center_deg,
                    r->background.hump_fwhm_deg);
        for (int k = 0; r->background.use_film && k < r->background.n_rings && k < 2; k++) {
            /* a ring's centre and width in q = 4 pi sin(theta) / lambda */
            double lam = in->rad.lambda_A[0], c = r->background.ring_center_deg[k] * M_PI / 360.0;
            double w = r->background.ring_fwhm_deg[k] * M_PI / 360.0;
            fprintf(o, "; film ring at q %.2f 1/A, FWHM %.2f 1/A", 4 * M_PI * sin(c) / lam,
                    4 * M_PI * cos(c) * w / lam);
        }
        if (r->background.use_film)
            fprintf(o, "; fall-off power %.2f", r->background.film_power);
        fputc('\n', o);
    }
    if (r->size_model[0])
        fprintf(o, "Size term: %s\n", r->size_model);
    if (meta && meta->temperature_K > 0)
        fprintf(o, "T = %.0f K, ", meta->temperature_K);
    fprintf(o, "Rwp = %s %%, GOF = %s, Rp = %s %%, Rexp = %s %%\n",
            xrdi_fmt_fixed(100 * r->Rwp, 2, b1, sizeof b1), xrdi_fmt_fixed(r->GOF, 2, b2, sizeof b2),
            xrdi_fmt_fixed(100 * r->Rp, 2, b3, sizeof b3),
            xrdi_fmt_fixed(100 * r->Rexp, 2, b4, sizeof b4));
    int riet = r->n_phases > 0 && r->phases[0].rietveld;
    fprintf(o, "background-subtracted Rwp = %s %%, chi2 = %.6g, %zu points, %zu parameters "
               "(incl. %s)\n",
            xrdi_fmt_fixed(100 * r->Rwp_bkg, 2, b1, sizeof b1), r->chi2, r->n_points, r->n_params,
            riet ? "the phase scales" : "Le Bail intensities");
    if (riet)
        fprintf(o, "Rietveld refinement: intensities from the structures (%s); fractions are "
                   "relative to the crystalline phases of this model (Hill & Howard 1987), "
                   "an amorphous or unmodelled part is not counted\n",
                r->intensity_model);
    if (riet && r->surface_roughness)
        fprintf(o, "surface roughness (Suortti): P = %s, Q = %s\n",
                xrd_format_esd(r->sr_p, r->sr_p_esd, 3, b1, sizeof b1),
                xrd_format_esd(r->sr_q, r->sr_q_esd, 3, b2, sizeof b2));
    fprintf(o, "zero = %s deg", xrd_format_esd(in->zero_deg, r->zero_esd_deg, 4, b1, sizeof b1));
    if (in->geometry == XRD_GEOM_BRAGG_BRENTANO)
        fprintf(o, ", displacement = %s mm (R = %.1f mm)",
                xrd_format_esd(in->displacement_mm, r->displacement_esd_mm, 4, b2, sizeof b2),
                in->radius_mm);
    for (size_t k = 0; k < r->n_par; k++)
        if (!strcmp(r->par[k].name, "wavelength_A"))
            fprintf(o, ", wavelength = %s A (refined)",
                    xrd_format_esd(r->par[k].value, r->par[k].esd, 6, b3, sizeof b3));
    if (in->radial_k3_A2 != 0)
        fprintf(o, ", radial distortion k3 = %s A^2",
                xrd_format_esd(in->radial_k3_A2, in->radial_k3_esd_A2, 3, b3, sizeof b3));
    if (r->instrument.asym_sl > 0 && !r->instrument_calibrated)
        fprintf(o, ", axial asymmetry S/L = H/L = %.4f", r->instrument.asym_sl);
    fputc('\n', o);
    if (r->serial_factor > 1.05)
        fprintf(o, "esd: from the covariance x GOF^2 (GOF at least 1) x %.2f^2, the Berar-Lelann "
                   "factor of serially correlated residuals (Durbin-Watson %.2f): the model "
                   "misses the profile, the points hold less information%s\n",
                r->serial_factor, r->durbin_watson,
                r->restraint_weight > 1.0 ? "; the instrument restraints weighed as much more"
                                          : "");
    else
        fprintf(o, "esd: from the covariance x GOF^2 (GOF at least 1) (Durbin-Watson %.2f, "
                   "Berar-Lelann factor %.2f%s)\n",
                r->durbin_watson, r->berar_lelann_factor,
                r->serial_factor < r->berar_lelann_factor ? ", not applied: --no-berar-lelann"
                : r->serial_factor > 1.0                  ? ", applied"
                                                          : "");
    for (int p = 0; p < r->n_phases; p++)
        phase_text(o, &r->phases[p], p);
    widths_q_text(o, r);
    fprintf(o, "size convention: %s\n", xrdi_size_convention);
    if (show_correlation && r->n_par) {
        fprintf(o, "\nRefined parameters and correlation (%%):\n");
        for (size_t a = 0; a < r->n_par; a++) {
            fprintf(o, "  %-22s %14.7g %12.3g ", r->par[a].name, r->par[a].value, r->par[a].esd);
            for (size_t b = 0; b < a; b++) {
                double c = r->correlation[a * r->n_par + b];
                if (isfinite(c))
                    fprintf(o, " %4.0f", 100 * c);
                else
                    fprintf(o, "    .");
            }
            fputc('\n', o);
        }
    }
    if (fflush(o) || ferror(o))
        return xrd_error_set(err, XRD_ERR_IO, NULL, 0, "writing the report failed");
    return XRD_OK;
}
