/* xrdfit fit --debye: refinement of one pattern by the Debye equation of
 * clusters of one shape (xrd_debye_fit), its report, JSON and curves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fitargs.h"

int cli_fit_debye(const cli_fitargs *a, const xrd_pattern *p, const xrd_instrument *inst,
                  const xrd_phase *ph, const xrd_fit_options *fo, const char *shape,
                  const char *sizes)
{
    xrd_debye_fit_options o;
    xrd_debye_fit_options_default(&o);
    int all = !strcmp(shape, "auto");
    if (!all && (xrd_cluster_shape_parse(shape, &o.shape) ||
                 o.shape == XRD_CLUSTER_FAULTED_SPHERE))
        return cli_usage("fit", "--debye expects auto, sphere, cuboctahedron, icosahedron or "
                                "twinned-sphere, found '%s'", shape);
    if (sizes && (cli_parse_range(sizes, &o.d_min_nm, &o.d_max_nm) || !(o.d_min_nm > 0) ||
                  o.d_max_nm > 100))
        return cli_usage("fit", "--debye-sizes expects MIN:MAX in nm (0 < MIN < MAX <= 100), "
                                "found '%s'", sizes);
    o.lognormal = a->lognormal_size;
    o.x_min = fo->x_min;
    o.x_max = fo->x_max;
    if (a->n_background > 0)
        o.n_background = a->n_background;
    /* the zero is refined unless held; the displacement only when asked */
    o.refine_zero = !a->no_zero;
    o.refine_displacement = a->refine_disp && !a->no_disp;
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
        fprintf(stderr, "xrdfit fit: the Debye refinement did not converge: %s\n", r.message);
        rc = CLI_DATA_ERROR;
    }
    xrd_debye_fit_result_free(&r);
    return rc;
}
