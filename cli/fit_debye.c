/* xrdfit fit --debye: refinement of one pattern by the Debye equation of
 * clusters of one shape (xrd_debye_fit), its report, JSON and curves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fitargs.h"
#include "plotargs.h"

/* The figure: observed, calculated, background, difference, and a row of
 * ticks at the phase's Bragg angles (Ka1) at the refined cell. */
static int figure(const cli_plotargs *pa, const char *path, const xrd_debye_fit_result *r,
                  const xrd_phase *ph, const xrd_instrument *inst, xrd_cluster_shape shape)
{
    if (!pa->plot_out && !pa->script_out)
        return CLI_OK;
    xrd_error err;
    xrd_error_clear(&err);
    double lam = inst->rad.lambda_A[0], t_max = r->x[r->n - 1];
    xrd_cell cell = ph->cell;
    xrd_spacegroup_constrain_cell(&ph->sg, &cell);
    double k = r->a_A / cell.a;
    cell.a *= k;
    cell.b *= k;
    cell.c *= k;
    xrd_reflist *rl = NULL;
    if (xrd_reflections_generate_for(&cell, &ph->sg, ph->structure,
                                     lam / (2.0 * sin(0.5 * t_max * M_PI / 180.0)), &rl,
                                     &err) != XRD_OK)
        return cli_fail(&err);
    double *tt = malloc((rl->n ? rl->n : 1) * sizeof(double));
    if (!tt) {
        xrd_reflist_free(rl);
        xrd_error_set(&err, XRD_ERR_NOMEM, NULL, 0, "out of memory for the figure");
        return cli_fail(&err);
    }
    size_t nt = 0;
    for (size_t j = 0; j < rl->n; j++) {
        double s = lam / (2.0 * rl->refl[j].d_A);
        if (s < 1.0 && 360.0 / M_PI * asin(s) >= r->x[0])
            tt[nt++] = 360.0 / M_PI * asin(s);
    }
    char legend[160];
    if (isnan(r->sigma))
        snprintf(legend, sizeof legend, "%s %ss, a = %.4f A, D = %.2f nm", ph->name,
                 xrd_cluster_shape_name(shape), r->a_A, r->d_median_nm);
    else
        snprintf(legend, sizeof legend, "%s %ss, a = %.4f A, D0 = %.2f nm, sigma %.2f",
                 ph->name, xrd_cluster_shape_name(shape), r->a_A, r->d_median_nm, r->sigma);
    xrd_plot_curves_data d;
    memset(&d, 0, sizeof d);
    d.n = r->n;
    d.x = r->x;
    d.y_obs = r->y_obs;
    d.y_calc = r->y_calc;
    d.y_bkg = r->y_bkg;
    d.n_ticks = nt;
    d.tick_deg = tt;
    d.tick_name = ph->name;
    d.tick_legend = legend;
    d.lambda_A = lam;
    d.Rwp = r->Rwp;
    d.GOF = r->GOF;
    d.what = "Debye-equation fit figure";
    int rc = cli_plot_curves(pa, path, &d);
    free(tt);
    xrd_reflist_free(rl);
    return rc;
}

int cli_fit_debye(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                  const xrd_phase *ph, int n_ph, const xrd_fit_options *fo, const char *shape,
                  const char *sizes, int composition, const cli_plotargs *pa)
{
    xrd_debye_fit_options o;
    xrd_debye_fit_options_default(&o);
    /* SHAPE or decahedron:T,R / auto:T,R (the decahedron's truncation, re-entrance) */
    char name[32];
    const char *colon = strchr(shape, ':');
    size_t len = colon ? (size_t)(colon - shape) : strlen(shape);
    snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), shape);
    int all = !strcmp(name, "auto");
    if (!all && (xrd_cluster_shape_parse(name, &o.shape) ||
                 o.shape == XRD_CLUSTER_FAULTED_SPHERE))
        return cli_usage("fit", "--debye expects auto, sphere, cuboctahedron, icosahedron, "
                                "twinned-sphere, decahedron[:T,R] or cube, found '%s'", shape);
    if (colon) {
        int used = 0;
        if ((!all && o.shape != XRD_CLUSTER_DECAHEDRON) ||
            sscanf(colon + 1, "%lf,%lf%n", &o.ino_truncation, &o.marks_reentrance, &used) != 2 ||
            colon[1 + used] || !(o.ino_truncation >= 0 && o.ino_truncation <= 0.5) ||
            !(o.marks_reentrance >= 0 && o.marks_reentrance <= 0.5))
            return cli_usage("fit", "--debye decahedron:T,R (or auto:T,R) expects Ino's "
                                    "truncation T and Marks' re-entrance R, each 0 to 0.5, "
                                    "found '%s'", shape);
    }
    if (sizes && (cli_parse_range(sizes, &o.d_min_nm, &o.d_max_nm) || !(o.d_min_nm > 0) ||
                  o.d_max_nm > 100))
        return cli_usage("fit", "--debye-sizes expects MIN:MAX in nm (0 < MIN < MAX <= 100), "
                                "found '%s'", sizes);
    o.lognormal = a->lognormal_size;
    if (n_ph == 2) { /* two populations of one structure */
        if (ph[0].sg.number != ph[1].sg.number || all || a->lognormal_size || composition)
            return cli_usage("fit", "--debye with two --phase refines two populations of one "
                                    "structure and one shape (not auto), one size each "
                                    "(no --lognormal-size, no --debye-composition)");
        o.populations = 2;
        o.start2_a_A[0] = ph[0].cell.a;
        o.start2_a_A[1] = ph[1].cell.a;
        o.phase2 = &ph[1];
    }
    o.x_min = fo->x_min;
    o.x_max = fo->x_max;
    if (a->n_background > 0)
        o.n_background = a->n_background;
    /* the zero is refined unless held; the displacement only when asked */
    o.refine_zero = !a->no_zero;
    o.refine_displacement = a->refine_disp && !a->no_disp;
    o.refine_composition = composition;
    o.polarization = fo->polarization;
    o.mono_two_theta_deg = fo->mono_two_theta_deg;
    o.electron = fo->electron_factors;
    o.threads = a->threads;
    if (a->max_points)
        o.max_points = (size_t)a->max_points;
    if (a->max_cycles)
        o.max_iterations = a->max_cycles;
    xrd_debye_fit_result r;
    xrd_error err;
    xrd_error_clear(&err);
    xrd_status st = all ? xrd_debye_fit_shapes(p, inst, ph, &o, &r, &o.shape, &err)
                        : xrd_debye_fit(p, inst, ph, &o, &r, &err);
    if (st != XRD_OK)
        return cli_fail(&err);
    int rc = CLI_OK, is_std = 0;
    if (!(a->json_out && !strcmp(a->json_out, "-")) &&
        xrd_report_debye_fit_text(stdout, &r, ph, &o, a->pattern_path, &err) != XRD_OK)
        rc = cli_fail(&err);
    if (rc == CLI_OK && a->json_out) {
        FILE *f = cli_open_out(a->json_out, &is_std);
        st = f ? xrd_report_debye_fit_json(f, &r, ph, &o, a->pattern_path, &err)
               : xrd_error_set(&err, XRD_ERR_IO, a->json_out, 0, "cannot write the JSON file");
        if (f && !is_std && fclose(f) && st == XRD_OK)
            st = xrd_error_set(&err, XRD_ERR_IO, a->json_out, 0, "cannot write the JSON file");
        if (st != XRD_OK)
            rc = cli_fail(&err);
    }
    if (rc == CLI_OK && a->curves_out) {
        FILE *f = cli_open_out(a->curves_out, &is_std);
        st = f ? xrd_report_debye_fit_curves_csv(f, &r, &err)
               : xrd_error_set(&err, XRD_ERR_IO, a->curves_out, 0, "cannot write the curves file");
        if (f && !is_std && fclose(f) && st == XRD_OK)
            st = xrd_error_set(&err, XRD_ERR_IO, a->curves_out, 0, "cannot write the curves file");
        if (st != XRD_OK)
            rc = cli_fail(&err);
    }
    if (rc == CLI_OK && !r.converged) {
        rc = CLI_DATA_ERROR;
        fprintf(stderr, "xrdfit fit: the Debye refinement did not converge: %s\n", r.message);
    }
    /* the figure last: a missing gnuplot fails after the results are written */
    if (rc == CLI_OK || rc == CLI_DATA_ERROR) {
        int prc = figure(pa, a->pattern_path, &r, ph, inst, o.shape);
        rc = rc == CLI_OK ? prc : rc;
    }
    xrd_debye_fit_result_free(&r);
    return rc;
}
