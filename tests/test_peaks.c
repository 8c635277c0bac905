/* Peak search, peak fit and crystal size on patterns of the independent
 * generator (tests/gen, build/xrdgen: true Voigt, Ka doublet, Poisson noise).
 * Truths: Bragg 2theta of Cu (a = 3.6149 A, Hoelzer Cu Ka1 1.5405929 A) computed
 * here; size D = sphere diameter, which the integral breadth gives with K = 4/3
 * (generator: Lorentzian integral breadth lambda / (LVol cos theta), LVol = 3D/4).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

#define LAMBDA1 1.5405929
#define A_CU 3.6149

static const char *gen(void)
{
    const char *g = getenv("XRDFIT_GEN");
    return g ? g : "build/xrdgen";
}

/* Run the generator with args into TMP/name; load the pattern. NULL on failure.
 * The peaks are symmetric (--symmetric-peaks): the peak fit models symmetric
 * profiles, and with the generator's physical envelope (Lorentz-polarisation,
 * |f|^2 and Debye-Waller across each peak) a symmetric fit finds the apparent
 * maximum, 0.001 deg off the Bragg angle at 60 nm (the Le Bail tests check it). */
static xrd_pattern *make(const char *name, const char *args)
{
    char cmd[2048], path[1024];
    snprintf(path, sizeof path, "%s/%s", th_tmpdir(), name);
    snprintf(cmd, sizeof cmd, "%s %s --symmetric-peaks -o %s", gen(), args, path);
    if (system(cmd) != 0)
        return NULL;
    xrd_pattern *p = NULL;
    if (xrd_pattern_read_file(path, NULL, &p, NULL) != XRD_OK)
        return NULL;
    return p;
}

static double bragg(int h, int k, int l)
{
    double d = A_CU / sqrt((double)(h * h + k * k + l * l));
    return 360.0 / M_PI * asin(LAMBDA1 / (2 * d));
}

static const int hkl[5][3] = {{1, 1, 1}, {2, 0, 0}, {2, 2, 0}, {3, 1, 1}, {2, 2, 2}};

/* Search + fit (profile by name) of a Cu Ka pattern; NULL on failure. */
static xrd_peak_fit_result *search_fit(const xrd_pattern *p, const char *profile,
                                       xrd_radiation *rad, size_t *nfound)
{
    if (xrd_radiation_single(LAMBDA1, rad, NULL) != XRD_OK)
        return NULL;
    rad->n_lines = 2;
    rad->lambda_A[1] = 1.5444274;
    rad->weight[1] = 0.5;
    xrd_peak_search_options so;
    xrd_peak_search_options_default(&so);
    so.rad = rad;
    xrd_peak_list *L = NULL;
    if (xrd_peak_search(p, &so, &L, NULL) != XRD_OK)
        return NULL;
    *nfound = L->n;
    double at[64], fw[64];
    size_t n = L->n < 64 ? L->n : 64;
    for (size_t k = 0; k < n; k++) {
        at[k] = L->peaks[k].two_theta_deg;
        fw[k] = L->peaks[k].fwhm_deg;
    }
    xrd_peak_list_free(L);
    xrd_peak_fit_options o;
    xrd_peak_fit_options_default(&o);
    o.profile = xrd_profile_by_name(profile);
    xrd_peak_fit_result *r = NULL;
    if (xrd_peak_fit(p, rad, at, fw, n, &o, &r, NULL) != XRD_OK)
        return NULL;
    return r;
}

/* The fitted peak nearest 2theta t, or NULL beyond 0.5 deg. */
static const xrd_peak_result *near(const xrd_peak_fit_result *r, double t, size_t *idx)
{
    const xrd_peak_result *b = NULL;
    for (size_t k = 0; k < r->n_peaks; k++)
        if (fabs(r->peaks[k].two_theta_deg - t) < 0.5 &&
            (!b || fabs(r->peaks[k].two_theta_deg - t) < fabs(b->two_theta_deg - t))) {
            b = &r->peaks[k];
            if (idx)
                *idx = k;
        }
    return b;
}

static void test_search_and_positions_sharp(void)
{
    xrd_pattern *p = make("sharp.xy", "--radiation CuKa --range 35:100 --step 0.01 "
                                      "--phase fcc:a=3.6149,el=Cu,size=60 --instrument "
                                      "0.004,-0.002,0.002,0.01,0 --bg 200,-30 --counts 30000 "
                                      "--seed 11");
    ASSERT_MSG(p, "generator failed");
    xrd_radiation rad;
    size_t nf = 0;
    xrd_peak_fit_result *r = search_fit(p, "voigt", &rad, &nf);
    xrd_pattern_free(p);
    ASSERT_MSG(r, "search or fit failed");
    /* exactly the 5 reflections: no Ka2 companion, no noise peak */
    ASSERT_MSG(r->n_peaks == 5, "found %zu peaks, expected 5 (Cu 111..222)", r->n_peaks);
    ASSERT(r->converged);
    for (int i = 0; i < 5; i++) {
        double t = bragg(hkl[i][0], hkl[i][1], hkl[i][2]);
        const xrd_peak_result *pk = near(r, t, NULL);
        ASSERT_MSG(pk, "no peak near %g", t);
        ASSERT_MSG(fabs(pk->two_theta_deg - t) <= 3 * pk->two_theta_esd,
                   "(%d%d%d) at %.5f(%.5f), truth %.5f", hkl[i][0], hkl[i][1], hkl[i][2],
                   pk->two_theta_deg, pk->two_theta_esd, t);
    }
    ASSERT(r->GOF > 0.8 && r->GOF < 1.3);
    xrd_peak_fit_result_free(r);
}

/* Scherrer sphere diameter (K = 4/3, integral breadth) within 10 % of D. */
static void size_case(double D, const char *profile)
{
    char args[512];
    snprintf(args, sizeof args,
             "--radiation CuKa --range 30:100 --step 0.02 --phase fcc:a=3.6149,el=Cu,size=%g "
             "--instrument 0.004,-0.002,0.002,0.01,0 --bg 300,-40 --counts 20000 --seed 5",
             D);
    xrd_pattern *p = make("size.xy", args);
    ASSERT_MSG(p, "generator failed");
    xrd_radiation rad;
    size_t nf = 0;
    xrd_peak_fit_result *r = search_fit(p, profile, &rad, &nf);
    xrd_pattern_free(p);
    ASSERT_MSG(r, "search or fit failed");
    ASSERT_MSG(r->converged, "D = %g: not converged: %s", D, r->message);
    xrd_size_options so;
    xrd_size_options_default(&so);
    so.K = 4.0 / 3.0;
    so.breadth = XRD_BREADTH_INTEGRAL;
    double u[5] = {0.004, -0.002, 0.002, 0.01, 0};
    memcpy(so.uvwxy, u, sizeof u);
    xrd_size_result *s = NULL;
    ASSERT(xrd_size_analyze(r, &so, &s, NULL) == XRD_OK);
    int checked = 0;
    for (int i = 0; i < 5; i++) {
        size_t idx = 0;
        const xrd_peak_result *pk = near(r, bragg(hkl[i][0], hkl[i][1], hkl[i][2]), &idx);
        if (!pk)
            continue;
        const xrd_size_peak *sp = &s->peaks[idx];
        if (D <= 5 && i == 4)
            continue; /* 222 is a weak shoulder of 311 at 3-5 nm */
        ASSERT_MSG(sp->status == 1, "D = %g (%d%d%d): refused: %s", D, hkl[i][0], hkl[i][1],
                   hkl[i][2], sp->reason);
        ASSERT_MSG(fabs(sp->size_nm - D) <= 0.10 * D, "D = %g (%d%d%d): size %.3f(%.3f) nm", D,
                   hkl[i][0], hkl[i][1], hkl[i][2], sp->size_nm, sp->size_esd_nm);
        checked++;
    }
    ASSERT_MSG(checked >= 4, "D = %g: only %d peaks checked", D, checked);
    xrd_size_result_free(s);
    xrd_peak_fit_result_free(r);
}

static void test_scherrer_3nm(void) { size_case(3, "voigt"); }
static void test_scherrer_10nm(void) { size_case(10, "voigt"); }
static void test_scherrer_50nm(void) { size_case(50, "voigt"); }
static void test_scherrer_10nm_pseudo_voigt(void) { size_case(10, "pseudo-voigt"); }

static void test_williamson_hall_strain(void)
{
    xrd_pattern *p = make("strain.xy", "--radiation CuKa --range 35:140 --step 0.02 "
                                       "--phase fcc:a=3.6149,el=Cu,strain=0.002 --instrument "
                                       "0.004,-0.002,0.002,0.01,0 --bg 200 --counts 30000 "
                                       "--seed 9");
    ASSERT_MSG(p, "generator failed");
    xrd_radiation rad;
    size_t nf = 0;
    xrd_peak_fit_result *r = search_fit(p, "voigt", &rad, &nf);
    xrd_pattern_free(p);
    ASSERT_MSG(r, "search or fit failed");
    xrd_size_options so;
    xrd_size_options_default(&so);
    so.K = 1.0;
    so.breadth = XRD_BREADTH_INTEGRAL;
    double u[5] = {0.004, -0.002, 0.002, 0.01, 0};
    memcpy(so.uvwxy, u, sizeof u);
    xrd_size_result *s = NULL;
    ASSERT(xrd_size_analyze(r, &so, &s, NULL) == XRD_OK);
    ASSERT_MSG(s->wh_status == 1, "W-H not fitted: %s", s->wh_reason);
    ASSERT_MSG(s->wh_n >= 6, "W-H over %zu peaks", s->wh_n);
    ASSERT_MSG(fabs(s->wh_strain - 0.002) <= 0.2 * 0.002, "strain %.5f(%.5f), truth 0.002",
               s->wh_strain, s->wh_strain_esd);
    xrd_size_result_free(s);
    xrd_peak_fit_result_free(r);
}

static void test_refuse_below_instrument(void)
{
    /* no sample broadening: every peak is the instrument alone */
    xrd_pattern *p = make("inst.xy", "--radiation CuKa --range 35:100 --step 0.01 "
                                     "--phase fcc:a=3.6149,el=Cu --instrument "
                                     "0.004,-0.002,0.002,0.01,0 --bg 200 --counts 30000 --seed 4");
    ASSERT_MSG(p, "generator failed");
    xrd_radiation rad;
    size_t nf = 0;
    xrd_peak_fit_result *r = search_fit(p, "voigt", &rad, &nf);
    xrd_pattern_free(p);
    ASSERT_MSG(r, "search or fit failed");
    xrd_size_options so;
    xrd_size_options_default(&so);
    double u[5] = {0.004, -0.002, 0.002, 0.01, 0};
    memcpy(so.uvwxy, u, sizeof u);
    xrd_size_result *s = NULL;
    ASSERT(xrd_size_analyze(r, &so, &s, NULL) == XRD_OK);
    ASSERT(s->n >= 4);
    for (size_t k = 0; k < s->n; k++) {
        ASSERT_MSG(s->peaks[k].status == 0, "peak %.3f: size %.1f nm reported",
                   s->peaks[k].two_theta_deg, s->peaks[k].size_nm);
        ASSERT(s->peaks[k].reason[0] != '\0');
    }
    /* without the instrument removed the same peaks give a (meaningless) size */
    so.uvwxy[0] = so.uvwxy[1] = so.uvwxy[2] = so.uvwxy[3] = so.uvwxy[4] = 0;
    xrd_size_result *s2 = NULL;
    ASSERT(xrd_size_analyze(r, &so, &s2, NULL) == XRD_OK);
    ASSERT(s2->peaks[0].status == 1);
    xrd_size_result_free(s2);
    xrd_size_result_free(s);
    xrd_peak_fit_result_free(r);
}

static void test_bad_input(void)
{
    xrd_pattern *p = xrd_pattern_new(100);
    ASSERT(p);
    for (size_t i = 0; i < 100; i++) {
        p->x[i] = 30 + 0.1 * (double)i;
        p->y[i] = 100;
        p->sigma[i] = 10;
    }
    xrd_radiation rad;
    ASSERT(xrd_radiation_single(1.54, &rad, NULL) == XRD_OK);
    xrd_error e;
    xrd_peak_fit_result *r = NULL;
    double at = 50.0; /* outside 30..39.9 */
    ASSERT(xrd_peak_fit(p, &rad, &at, NULL, 1, NULL, &r, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "outside"));
    ASSERT(xrd_peak_fit(p, &rad, NULL, NULL, 0, NULL, &r, &e) == XRD_ERR_TOO_FEW);
    xrd_peak_list *L = NULL;
    ASSERT(xrd_peak_search(p, NULL, &L, &e) == XRD_OK);
    ASSERT_MSG(L->n == 0, "flat pattern: %zu peaks found", L->n);
    xrd_peak_list_free(L);
    xrd_peak_search_options so;
    xrd_peak_search_options_default(&so);
    so.threshold = -1;
    ASSERT(xrd_peak_search(p, &so, &L, &e) == XRD_ERR_INVALID);
    xrd_size_options zo;
    xrd_size_options_default(&zo);
    zo.K = 0;
    xrd_peak_fit_result dummy;
    memset(&dummy, 0, sizeof dummy);
    dummy.profile = xrd_profile_get(XRD_PROFILE_VOIGT);
    xrd_size_result *s = NULL;
    ASSERT(xrd_size_analyze(&dummy, &zo, &s, &e) == XRD_ERR_INVALID);
    xrd_pattern_free(p);
}

/* The same fit on several threads at once gives, bit for bit, the result of a
 * fit alone: the least squares keep no state outside their arguments. */
typedef struct {
    const xrd_pattern *p;
    const xrd_radiation *rad;
    const double *at;
    size_t n;
    xrd_peak_fit_result *r[3];
} thr_job;

static void *thr_fit(void *arg)
{
    thr_job *j = arg;
    for (int k = 0; k < 3; k++) {
        xrd_peak_fit_options o;
        xrd_peak_fit_options_default(&o);
        j->r[k] = NULL;
        if (xrd_peak_fit(j->p, j->rad, j->at, NULL, j->n, &o, &j->r[k], NULL) != XRD_OK)
            j->r[k] = NULL;
    }
    return NULL;
}

static int same_fit(const xrd_peak_fit_result *a, const xrd_peak_fit_result *b)
{
    if (!a || !b || a->n_peaks != b->n_peaks || a->chi2 != b->chi2)
        return 0;
    for (size_t k = 0; k < a->n_peaks; k++)
        if (a->peaks[k].two_theta_deg != b->peaks[k].two_theta_deg ||
            a->peaks[k].area != b->peaks[k].area ||
            a->peaks[k].two_theta_esd != b->peaks[k].two_theta_esd ||
            a->peaks[k].fwhm_esd != b->peaks[k].fwhm_esd)
            return 0;
    return 1;
}

static void test_peak_fit_threads(void)
{
    xrd_pattern *p = make("threads.xy", "--radiation CuKa --range 35:100 --step 0.01 "
                                        "--phase fcc:a=3.6149,el=Cu,size=20 --instrument "
                                        "0.004,-0.002,0.002,0.01,0 --bg 200,-30 --counts "
                                        "30000 --seed 21");
    ASSERT_MSG(p, "generator failed");
    xrd_radiation rad;
    ASSERT(xrd_radiation_single(LAMBDA1, &rad, NULL) == XRD_OK);
    rad.n_lines = 2;
    rad.lambda_A[1] = 1.5444274;
    rad.weight[1] = 0.5;
    double at[5];
    for (int i = 0; i < 5; i++)
        at[i] = round(100 * bragg(hkl[i][0], hkl[i][1], hkl[i][2])) / 100;
    xrd_peak_fit_options o;
    xrd_peak_fit_options_default(&o);
    xrd_peak_fit_result *ref = NULL;
    ASSERT(xrd_peak_fit(p, &rad, at, NULL, 5, &o, &ref, NULL) == XRD_OK && ref->converged);
    enum { NT = 4 };
    thr_job job[NT];
    pthread_t th[NT];
    int started = 0;
    for (int t = 0; t < NT; t++) {
        job[t].p = p;
        job[t].rad = &rad;
        job[t].at = at;
        job[t].n = 5;
        if (pthread_create(&th[t], NULL, thr_fit, &job[t]) == 0)
            started++;
        else
            break;
    }
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    int same = started == NT;
    for (int t = 0; t < started; t++)
        for (int k = 0; k < 3; k++) {
            same &= same_fit(ref, job[t].r[k]);
            xrd_peak_fit_result_free(job[t].r[k]);
        }
    xrd_peak_fit_result_free(ref);
    xrd_pattern_free(p);
    ASSERT_MSG(same, "a fit on %d threads differs from the fit alone (or a thread failed)", NT);
}

int main(void)
{
    RUN(test_search_and_positions_sharp);
    RUN(test_scherrer_3nm);
    RUN(test_scherrer_10nm);
    RUN(test_scherrer_50nm);
    RUN(test_scherrer_10nm_pseudo_voigt);
    RUN(test_williamson_hall_strain);
    RUN(test_refuse_below_instrument);
    RUN(test_bad_input);
    RUN(test_peak_fit_threads);
    TH_EXIT();
}
