/* First estimate of an electron camera constant from a ring profile in pixels
 * of a standard: the constant K (d = K / r) that puts the standard's
 * reflections on the profile's strongest net signal. The refinement that
 * follows (instrument --unit px) makes it exact.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>

#include "core/search.h"
#include "xrdfit/analyze.h"
#include "xrdfit/crystal.h"

/* net signal: y above a running minimum over w points on either side */
static void net_signal(const xrd_pattern *p, double *net)
{
    size_t n = p->n, w = n / 30 + 2;
    for (size_t i = 0; i < n; i++) {
        size_t a = i > w ? i - w : 0, b = i + w < n ? i + w : n - 1;
        double lo = INFINITY;
        for (size_t j = a; j <= b; j++)
            lo = fmin(lo, p->y[j]);
        net[i] = p->y[i] - lo;
    }
}

/* linear interpolation of net at r (x increasing); NaN outside */
static double at(const xrd_pattern *p, const double *net, double r)
{
    if (!(r >= p->x[0] && r <= p->x[p->n - 1]))
        return NAN;
    size_t hi = xrdi_lower_bound(p->x, p->n, r);
    if (hi == 0)
        hi = 1;
    size_t lo = hi - 1;
    double t = (r - p->x[lo]) / (p->x[hi] - p->x[lo]);
    return net[lo] + t * (net[hi] - net[lo]);
}

xrd_status xrd_camera_constant_estimate(const xrd_pattern *p, const xrd_phase *standard,
                                        double *K, xrd_error *err)
{
    if (!p || p->n < 20 || !standard || !K || !(p->x[0] > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, p ? p->source : NULL, 0,
                             "a camera constant needs a ring profile of 20 or more points at "
                             "positive radii and a standard");
    double rmin = p->x[0], rmax = p->x[p->n - 1];
    xrd_reflist *rl = NULL;
    /* reflections down to d = largest d x rmin / rmax: all a scale can bring in */
    xrd_reflist *all = NULL;
    xrd_status st = xrd_reflections_generate_for(&standard->cell, &standard->sg,
                                                 standard->structure, 0.5, &all, err);
    if (st != XRD_OK)
        return st;
    double d1 = all->n ? all->refl[0].d_A : 0;
    xrd_reflist_free(all);
    if (!(d1 > 0))
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "the standard has no reflection");
    st = xrd_reflections_generate_for(&standard->cell, &standard->sg, standard->structure,
                                      d1 * rmin / rmax * 0.999, &rl, err);
    if (st != XRD_OK)
        return st;
    double *net = malloc(p->n * sizeof(double));
    if (!net) {
        xrd_reflist_free(rl);
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    }
    net_signal(p, net);
    /* K from putting the largest d at the first point to putting it at the last */
    const int n_grid = 6000;
    double k_lo = rmin * d1, k_hi = rmax * d1, best = -INFINITY, kbest = NAN;
    for (int g = 0; g < n_grid; g++) {
        double k = k_lo * pow(k_hi / k_lo, (double)g / (n_grid - 1)), s = 0;
        int in = 0;
        for (size_t j = 0; j < rl->n; j++) {
            double v = at(p, net, k / rl->refl[j].d_A);
            if (isnan(v))
                continue;
            s += v;
            in++;
        }
        /* at least three rings on the profile; the mean net signal under them */
        if (in >= 3 && s / in > best) {
            best = s / in;
            kbest = k;
        }
    }
    free(net);
    xrd_reflist_free(rl);
    if (!isfinite(kbest))
        return xrd_error_set(err, XRD_ERR_NO_DATA, p->source, 0,
                             "no camera constant puts three rings of %s on the profile "
                             "(radii %g-%g px)", standard->name, rmin, rmax);
    *K = kbest;
    return XRD_OK;
}
