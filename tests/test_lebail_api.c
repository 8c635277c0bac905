/* The Le Bail fit through the library API (include/xrdfit/fit.h):
 * determinism (same input -> bit-identical result and JSON), thread safety
 * (4 threads fitting their own copies at once -> the serial result), a
 * non-converged fit reported as such, and the error kinds of bad input.
 * Patterns come from the independent generator ($XRDFIT_GEN).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdint.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

#define NTHREADS 4

static char pat_single[1024], pat_two[1024];
static int have_patterns;

/* Run the generator with args into path; 0 on success. */
static int generate(const char *path, const char *args)
{
    const char *gen = getenv("XRDFIT_GEN");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "\"%s\" %s -o \"%s\" 2>/dev/null", gen ? gen : "build/xrdgen", args,
             path);
    return system(cmd);
}

/* The true instrument of the generated lab patterns (xrdgen --instrument
 * 0.004,-0.002,0.002,0.01,0 --asym 0.02,0.02, Hoelzer Cu Ka1 + Ka2). */
static void lab_instrument(xrd_instrument *inst)
{
    xrd_radiation rad;
    memset(&rad, 0, sizeof rad);
    snprintf(rad.name, sizeof rad.name, "CuKa");
    snprintf(rad.scale, sizeof rad.scale, "Hoelzer1997");
    rad.n_lines = 2;
    rad.lambda_A[0] = 1.5405929;
    rad.lambda_A[1] = 1.5444274;
    rad.weight[0] = 1.0;
    rad.weight[1] = 0.5;
    snprintf(rad.line_name[0], sizeof rad.line_name[0], "Ka1");
    snprintf(rad.line_name[1], sizeof rad.line_name[1], "Ka2");
    xrd_instrument_default(inst, &rad);
    inst->geometry = XRD_GEOM_BRAGG_BRENTANO;
    inst->radius_mm = 240;
    inst->zero_deg = 0;
    inst->displacement_mm = 0;
    const double uvwxy[5] = {0.004, -0.002, 0.002, 0.01, 0.0};
    memcpy(inst->uvwxy, uvwxy, sizeof uvwxy);
    inst->asym_sl = inst->asym_hl = 0.02;
    inst->calibrated = 1;
    snprintf(inst->standard, sizeof inst->standard, "xrdgen truth");
}

static void setup(void)
{
    snprintf(pat_single, sizeof pat_single, "%s/lebail_api_single.xy", th_tmpdir());
    snprintf(pat_two, sizeof pat_two, "%s/lebail_api_two.xy", th_tmpdir());
    const char *common = "--radiation CuKa --range 20:90 --step 0.02 --instrument "
                         "0.004,-0.002,0.002,0.01,0 --asym 0.02,0.02 --bg 300,-50,20 "
                         "--counts 20000";
    char args[1024];
    snprintf(args, sizeof args, "%s --phase fcc:a=3.70,el=Cu:0.5/Ru:0.5,size=5 --seed 21", common);
    int ok = generate(pat_single, args) == 0;
    snprintf(args, sizeof args,
             "%s --phase fcc:a=3.70,el=Cu:0.5/Ru:0.5,size=8 --phase fcc:a=3.62,el=Cu,size=12,scale=0.5 "
             "--seed 22", common);
    ok = ok && generate(pat_two, args) == 0;
    have_patterns = ok;
}

typedef struct {
    const char *path;
    int n_phases;
    int max_cycles;              /* 0 = default */
    int threads;                 /* threads of the one fit; 0 = default */
    /* outputs */
    xrd_status st;
    xrd_error err;
    int converged;
    char message[256];
    double a[2], a_esd[2], size[2], zero, chi2, Rwp;
    int cycles;
    char *json;
    size_t json_len;
} job;

/* Read, fit and record one job (called from threads: uses only its own data). */
static void *run_job(void *arg)
{
    job *j = arg;
    xrd_error_clear(&j->err);
    j->json = NULL;
    xrd_pattern *p = NULL;
    xrd_fit *f = NULL;
    xrd_phase ph[2];
    xrd_instrument inst;
    lab_instrument(&inst);
    j->st = xrd_pattern_read_file(j->path, NULL, &p, &j->err);
    if (j->st == XRD_OK)
        j->st = xrd_phase_parse_spec("fcc:a=3.70", NULL, &ph[0], &j->err);
    if (j->st == XRD_OK)
        j->st = xrd_phase_parse_spec("fcc:a=3.62", NULL, &ph[1], &j->err);
    xrd_fit_options o;
    xrd_fit_options_default(&o);
    if (j->max_cycles)
        o.max_cycles = j->max_cycles;
    o.threads = j->threads;
    if (j->st == XRD_OK)
        j->st = xrd_fit_new(p, &inst, ph, j->n_phases, &o, &f, &j->err);
    if (j->st == XRD_OK)
        j->st = xrd_fit_run(f, &j->err);
    if (j->st == XRD_OK) {
        const xrd_fit_result *r = xrd_fit_get_result(f);
        j->converged = r->converged;
        snprintf(j->message, sizeof j->message, "%s", r->message);
        j->cycles = r->cycles;
        j->zero = r->instrument.zero_deg;
        j->chi2 = r->chi2;
        j->Rwp = r->Rwp;
        for (int k = 0; k < j->n_phases && k < r->n_phases; k++) {
            j->a[k] = r->phases[k].cell.a;
            j->a_esd[k] = r->phases[k].cell_esd.a;
            j->size[k] = r->phases[k].sphere_diameter_nm;
        }
        FILE *m = open_memstream(&j->json, &j->json_len);
        if (m) {
            xrd_report_meta meta = {j->path, NULL, 0, NULL};
            if (xrd_report_fit_json(m, r, &meta, NULL) != XRD_OK)
                j->json_len = 0;
            fclose(m);
        }
    }
    xrd_fit_free(f);
    xrd_pattern_free(p);
    return NULL;
}

/* bit-identical doubles (NaN patterns included) */
static int same_bits(double x, double y)
{
    return memcmp(&x, &y, sizeof x) == 0;
}

static int same_job(const job *x, const job *y, char *why, size_t n)
{
    if (x->st != y->st || x->converged != y->converged || x->cycles != y->cycles) {
        snprintf(why, n, "status %d/%d, converged %d/%d, cycles %d/%d", x->st, y->st,
                 x->converged, y->converged, x->cycles, y->cycles);
        return 0;
    }
    for (int k = 0; k < x->n_phases; k++)
        if (!same_bits(x->a[k], y->a[k]) || !same_bits(x->a_esd[k], y->a_esd[k]) ||
            !same_bits(x->size[k], y->size[k])) {
            snprintf(why, n, "phase %d: a %.17g / %.17g, size %.17g / %.17g", k, x->a[k], y->a[k],
                     x->size[k], y->size[k]);
            return 0;
        }
    if (!same_bits(x->zero, y->zero) || !same_bits(x->chi2, y->chi2)) {
        snprintf(why, n, "zero %.17g / %.17g, chi2 %.17g / %.17g", x->zero, y->zero, x->chi2,
                 y->chi2);
        return 0;
    }
    if (!x->json || !y->json || x->json_len == 0 || x->json_len != y->json_len ||
        memcmp(x->json, y->json, x->json_len) != 0) {
        snprintf(why, n, "the JSON reports differ (%zu / %zu bytes)", x->json_len, y->json_len);
        return 0;
    }
    return 1;
}

static void job_free(job *j)
{
    free(j->json);
    j->json = NULL;
}

/* Run two jobs one after the other; 1 when both fitted and agree bit for bit
 * (else the reason in why). */
static int run_pair(job *x, job *y, char *why, size_t n)
{
    run_job(x);
    run_job(y);
    int ok = x->st == XRD_OK && same_job(x, y, why, n);
    if (x->st != XRD_OK)
        snprintf(why, n, "fit failed: %s", x->err.message);
    return ok;
}

/* The same two-phase input twice in one process: bit-identical values and JSON. */
static void lebail_api_deterministic(void)
{
    if (!have_patterns)
        SKIP("xrdgen could not write the patterns (XRDFIT_GEN=%s)", getenv("XRDFIT_GEN"));
    job x = {.path = pat_two, .n_phases = 2}, y = {.path = pat_two, .n_phases = 2};
    char why[1200];
    int ok = run_pair(&x, &y, why, sizeof why);
    int conv = x.converged;
    double a0 = x.a[0], a1 = x.a[1];
    job_free(&x);
    job_free(&y);
    ASSERT_MSG(ok, "%s", why);
    /* and the result is the physical one (8 nm + 12 nm, a = 3.70 / 3.62) */
    ASSERT_MSG(conv, "two-phase fit did not converge");
    ASSERT_NEAR(a0, 3.70, 0.005);
    ASSERT_NEAR(a1, 3.62, 0.005);
}

/* One two-phase fit on 1 and on 3 threads: its passes over the points are cut
 * the same way for any number of threads, so every digit agrees. */
static void lebail_api_thread_count(void)
{
    if (!have_patterns)
        SKIP("xrdgen could not write the patterns (XRDFIT_GEN=%s)", getenv("XRDFIT_GEN"));
    job x = {.path = pat_two, .n_phases = 2, .threads = 1};
    job y = {.path = pat_two, .n_phases = 2, .threads = 3};
    char why[1200];
    int ok = run_pair(&x, &y, why, sizeof why);
    job_free(&x);
    job_free(&y);
    ASSERT_MSG(ok, "1 and 3 threads differ: %s", why);
}

/* 4 threads, each with its own workspace and pattern copy, at the same time:
 * every result bit-identical to a serial run of the same input. */
static void lebail_api_threads(void)
{
    if (!have_patterns)
        SKIP("xrdgen could not write the patterns");
    job serial = {.path = pat_single, .n_phases = 1};
    run_job(&serial);
    if (serial.st != XRD_OK) {
        TH_FAIL("serial fit failed: %s", serial.err.message);
        job_free(&serial);
        return;
    }
    job jobs[NTHREADS];
    pthread_t tid[NTHREADS];
    int started[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        memset(&jobs[t], 0, sizeof jobs[t]);
        jobs[t].path = pat_single;
        jobs[t].n_phases = 1;
        started[t] = pthread_create(&tid[t], NULL, run_job, &jobs[t]) == 0;
    }
    for (int t = 0; t < NTHREADS; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    char why[1200] = "";
    int bad = -1;
    for (int t = 0; t < NTHREADS && bad < 0; t++)
        if (!started[t] || !same_job(&serial, &jobs[t], why, sizeof why))
            bad = t;
    double a = serial.a[0], e = serial.a_esd[0], s = serial.size[0];
    int conv = serial.converged;
    job_free(&serial);
    for (int t = 0; t < NTHREADS; t++)
        job_free(&jobs[t]);
    ASSERT_MSG(bad < 0, "thread %d differs from the serial run: %s", bad, why);
    ASSERT_MSG(conv, "single-phase fit did not converge");
    ASSERT_MSG(fabs(a - 3.70) <= 3 * e && fabs(a - 3.70) <= 0.002,
               "a = %.6f (esd %.6f), truth 3.70", a, e);
    ASSERT_MSG(fabs(s / 5.0 - 1) <= 0.10, "sphere diameter %.3f nm, truth 5", s);
}

/* A cycle cap of 1 cannot converge: the result says so, with a message. */
static void lebail_api_not_converged(void)
{
    if (!have_patterns)
        SKIP("xrdgen could not write the patterns");
    job j = {.path = pat_two, .n_phases = 2, .max_cycles = 1};
    run_job(&j);
    xrd_status st = j.st;
    int conv = j.converged;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", j.message);
    job_free(&j);
    ASSERT_MSG(st == XRD_OK, "xrd_fit_run returned %d (%s); a non-converged fit is a result "
               "with converged = 0", st, j.err.message);
    ASSERT_MSG(conv == 0, "converged = %d after 1 cycle", conv);
    ASSERT_MSG(strlen(msg) > 10 && strstr(msg, "converge"), "message '%s' does not say why", msg);
}

static xrd_pattern *small_pattern(size_t n, double x0, double step, xrd_xunit unit)
{
    xrd_pattern *p = xrd_pattern_new(n);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        p->x[i] = x0 + step * (double)i;
        p->y[i] = 100 + 50 * exp(-pow((p->x[i] - x0 - step * (double)n / 2) / (5 * step), 2));
        p->sigma[i] = sqrt(p->y[i]);
    }
    p->unit = unit;
    snprintf(p->source, sizeof p->source, "synthetic-%zu", n);
    return p;
}

static xrd_status try_new(const xrd_pattern *p, const xrd_phase *ph, xrd_error *err)
{
    xrd_instrument inst;
    lab_instrument(&inst);
    xrd_fit *f = NULL;
    xrd_error_clear(err);
    xrd_status st = xrd_fit_new(p, &inst, ph, 1, NULL, &f, err);
    if (st == XRD_OK)
        st = xrd_fit_run(f, err);
    xrd_fit_free(f);
    return st;
}

/* A pattern in q without conversion to 2theta: XRD_ERR_INVALID naming the unit. */
static void lebail_api_q_pattern_invalid(void)
{
    xrd_phase ph;
    ASSERT(xrd_phase_parse_spec("fcc:a=3.70", NULL, &ph, NULL) == XRD_OK);
    xrd_pattern *p = small_pattern(500, 1.0, 0.01, XRD_X_Q_INV_A);
    ASSERT(p);
    xrd_error err;
    xrd_status st = try_new(p, &ph, &err);
    xrd_pattern_free(p);
    ASSERT_MSG(st == XRD_ERR_INVALID, "status %d (%s), expected XRD_ERR_INVALID", st, err.message);
    ASSERT_MSG(strstr(err.message, "q_inv_A") || strstr(err.message, "2theta"),
               "message does not name the unit: %s", err.message);
}

/* Fewer points than the fit needs: XRD_ERR_TOO_FEW (10 points; and 500 points of
 * which only 10 lie in the requested range). */
static void lebail_api_too_few(void)
{
    xrd_phase ph;
    ASSERT(xrd_phase_parse_spec("fcc:a=3.70", NULL, &ph, NULL) == XRD_OK);
    xrd_pattern *p = small_pattern(10, 40.0, 0.02, XRD_X_TWO_THETA_DEG);
    ASSERT(p);
    xrd_error err;
    xrd_status st = try_new(p, &ph, &err);
    xrd_pattern_free(p);
    ASSERT_MSG(st == XRD_ERR_TOO_FEW, "10 points: status %d (%s), expected XRD_ERR_TOO_FEW", st,
               err.message);
    p = small_pattern(500, 40.0, 0.02, XRD_X_TWO_THETA_DEG);
    ASSERT(p);
    xrd_instrument inst;
    lab_instrument(&inst);
    xrd_fit_options o;
    xrd_fit_options_default(&o);
    o.x_min = 40.0;
    o.x_max = 40.19;
    xrd_fit *f = NULL;
    xrd_error_clear(&err);
    st = xrd_fit_new(p, &inst, &ph, 1, &o, &f, &err);
    xrd_fit_free(f);
    xrd_pattern_free(p);
    ASSERT_MSG(st == XRD_ERR_TOO_FEW, "10 points in range: status %d (%s), expected TOO_FEW", st,
               err.message);
}

/* A triclinic and a monoclinic phase are accepted, with the number of free
 * cell parameters their lattices have (6 and 4); a cell that breaks the
 * monoclinic metric is brought to it (alpha = gamma = 90). */
static void lebail_api_low_symmetry_accepted(void)
{
    const char *symbols[] = {"P-1", "P2_1/c"};
    const int n_free[] = {6, 4};
    xrd_pattern *p = small_pattern(2000, 20.0, 0.02, XRD_X_TWO_THETA_DEG);
    ASSERT(p);
    for (int i = 0; i < 2; i++) {
        xrd_spacegroup sg;
        ASSERT(xrd_spacegroup_lookup(symbols[i], &sg, NULL) == XRD_OK);
        xrd_cell cell = {5.0, 6.0, 7.0, 80.0, 95.0, 100.0};
        xrd_phase ph;
        memset(&ph, 0, sizeof ph);
        snprintf(ph.name, sizeof ph.name, "low-symmetry");
        ph.sg = sg;
        ph.cell = cell;
        xrd_error err;
        xrd_status st = try_new(p, &ph, &err);
        ASSERT_MSG(st == XRD_OK, "%s: status %d (%s)", symbols[i], st, err.message);
        unsigned m = xrd_spacegroup_cell_free(&sg);
        int bits = 0;
        for (int k = 0; k < 6; k++)
            bits += (m >> k) & 1u;
        ASSERT_MSG(bits == n_free[i], "%s: %d free cell parameters", symbols[i], bits);
        xrd_spacegroup_constrain_cell(&sg, &cell);
        if (i == 1)
            ASSERT(cell.alpha == 90 && cell.gamma == 90 && cell.beta == 95);
    }
    xrd_pattern_free(p);
}

int main(void)
{
    setup();
    RUN(lebail_api_q_pattern_invalid);
    RUN(lebail_api_too_few);
    RUN(lebail_api_low_symmetry_accepted);
    RUN(lebail_api_not_converged);
    RUN(lebail_api_threads);
    RUN(lebail_api_deterministic);
    RUN(lebail_api_thread_count);
    TH_EXIT();
}
