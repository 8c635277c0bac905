/* fit --debye auto: the Debye refinement with each cluster shape the phase
 * allows, the one of lowest chi2 kept (every shape has the same parameters),
 * the others listed. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "xrdfit/xrdfit.h"

xrd_status xrd_debye_fit_shapes(const xrd_pattern *p, const xrd_instrument *inst,
                                const xrd_phase *ph, const xrd_debye_fit_options *o,
                                xrd_debye_fit_result *r, xrd_cluster_shape *best,
                                xrd_error *err)
{
    static const xrd_cluster_shape SHAPES[6] = {XRD_CLUSTER_SPHERE, XRD_CLUSTER_CUBOCTAHEDRON,
                                               XRD_CLUSTER_ICOSAHEDRON,
                                               XRD_CLUSTER_TWINNED_SPHERE,
                                               XRD_CLUSTER_DECAHEDRON, XRD_CLUSTER_CUBE};
    if (!r || !o)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no options or result given");
    memset(r, 0, sizeof *r);
    int fcc = ph && ph->sg.number == 225;
    xrd_debye_fit_result cur;
    int have = 0, n_tried = 0;
    xrd_status st = XRD_OK;
    double tot_db = 0, tot_fit = 0;
    for (int k = 0; k < (fcc ? 6 : 1); k++) {
        xrd_debye_fit_options ok = *o;
        ok.shape = SHAPES[k];
        xrd_error e2;
        xrd_error_clear(&e2);
        st = xrd_debye_fit(p, inst, ph, &ok, &cur, &e2);
        if (st == XRD_ERR_UNSUPPORTED && k > 0) { /* an fcc phase of several sites */
            st = XRD_OK;
            continue;
        }
        if (st != XRD_OK) {
            if (err)
                *err = e2;
            break;
        }
        tot_db += cur.seconds_database;
        tot_fit += cur.seconds_fit;
        int i = n_tried++;
        r->tried[i].shape = SHAPES[k];
        r->tried[i].converged = cur.converged;
        r->tried[i].chi2 = cur.chi2;
        r->tried[i].GOF = cur.GOF;
        r->tried[i].a_A = cur.a_A;
        r->tried[i].d_median_nm = cur.d_median_nm;
        /* a converged fit beats one that is not; then the lower chi2 */
        int better = !have || (cur.converged && !r->converged) ||
                     (cur.converged == r->converged && cur.chi2 < r->chi2);
        if (better) {
            xrd_debye_shape_trial keep[6];
            memcpy(keep, r->tried, sizeof keep);
            xrd_debye_fit_result_free(r);
            *r = cur;
            memcpy(r->tried, keep, sizeof keep);
            *best = SHAPES[k];
            have = 1;
        } else {
            xrd_debye_fit_result_free(&cur);
        }
    }
    if (st != XRD_OK) {
        xrd_debye_fit_result_free(r);
        return st;
    }
    /* best first, the others in their order */
    for (int i = 0; i < n_tried; i++)
        if (r->tried[i].shape == *best && i > 0) {
            xrd_debye_shape_trial t = r->tried[i];
            memmove(&r->tried[1], &r->tried[0], (size_t)i * sizeof t);
            r->tried[0] = t;
        }
    r->n_tried = n_tried;
    r->seconds_database = tot_db;
    r->seconds_fit = tot_fit;
    return XRD_OK;
}
