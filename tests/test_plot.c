/* Tests of the plot module: quoting of user strings, script content of the
 * fit / Williamson-Hall / Vegard figures on a hand-made result, running
 * gnuplot (rendered PNG size, failures, missing program, SIGPIPE), and the
 * fit JSON reader. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "plot/plot_internal.h"
#include "xrdfit/xrdfit.h"

#define NPT 400

/* A two-phase result built by hand: Gaussian peaks on a flat background. */
typedef struct {
    xrd_fit_result r;
    xrd_phase_result ph[2];
    xrd_refl_result refl[2][3];
    double x[NPT], obs[NPT], calc[NPT], bkg[NPT], yp0[NPT], yp1[NPT];
    double *yp[2];
} fake;

static void make_fake(fake *f, const char *name0)
{
    memset(f, 0, sizeof *f);
    const double c[2][3] = {{43.3, 50.4, 74.1}, {42.1, 49.0, 71.9}};
    for (int p = 0; p < 2; p++) {
        xrd_phase_result *ph = &f->ph[p];
        snprintf(ph->name, sizeof ph->name, "%s", p ? "Ru-rich" : name0);
        ph->sg.system = XRD_SYS_CUBIC;
        ph->cell.a = ph->cell.b = ph->cell.c = p ? 3.7752 : 3.6261;
        ph->cell_esd.a = p ? 0.0012 : 0.0021;
        ph->size_status = 1;
        ph->size_nm = p ? 3.5 : 6.2;
        ph->size_esd_nm = 0.2;
        ph->n_refl = 3;
        ph->refl = f->refl[p];
        for (int k = 0; k < 3; k++) {
            f->refl[p][k].h = 1 + (k > 0);
            f->refl[p][k].k = 1 + (k > 0) * (k == 2);
            f->refl[p][k].l = 1 - (k == 1);
            f->refl[p][k].two_theta_deg = c[p][k];
            f->refl[p][k].in_range = 1;
        }
    }
    for (int i = 0; i < NPT; i++) {
        double x = 35.0 + 45.0 * i / (NPT - 1);
        f->x[i] = x;
        f->bkg[i] = 200;
        f->yp0[i] = f->yp1[i] = 0;
        for (int k = 0; k < 3; k++) {
            f->yp0[i] += 3000.0 / (k + 1) * exp(-pow((x - c[0][k]) / 0.5, 2));
            f->yp1[i] += 5000.0 / (k + 1) * exp(-pow((x - c[1][k]) / 0.7, 2));
        }
        f->calc[i] = f->bkg[i] + f->yp0[i] + f->yp1[i];
        f->obs[i] = f->calc[i] + ((i % 7) - 3) * 5.0;
    }
    f->yp[0] = f->yp0;
    f->yp[1] = f->yp1;
    f->r.n_phases = 2;
    f->r.phases = f->ph;
    f->r.n_curve = NPT;
    f->r.x = f->x;
    f->r.y_obs = f->obs;
    f->r.y_calc = f->calc;
    f->r.y_bkg = f->bkg;
    f->r.y_phase = f->yp;
    f->r.Rwp = 0.0523;
    f->r.GOF = 1.21;
    f->r.instrument.rad.n_lines = 1;
    f->r.instrument.rad.lambda_A[0] = 1.5405929;
}

/* The script of the fit figure in a malloc'd string (NULL on failure). */
static char *fit_script(const xrd_fit_result *r, const xrd_plot_options *o, xrd_error *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    xrd_status st = xrd_plot_fit_script(m, r, o, e);
    fclose(m);
    if (st != XRD_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int png_size(const char *path, long *w, long *h, long *bytes)
{
    unsigned char b[24];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(b, 1, sizeof b, f);
    fseek(f, 0, SEEK_END);
    *bytes = ftell(f);
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 24 || memcmp(b, sig, 8) || memcmp(b + 12, "IHDR", 4))
        return -1;
    *w = ((long)b[16] << 24) | ((long)b[17] << 16) | ((long)b[18] << 8) | b[19];
    *h = ((long)b[20] << 24) | ((long)b[21] << 16) | ((long)b[22] << 8) | b[23];
    return 0;
}

static int have_gnuplot(void)
{
    char path[4096];
    return xrdi_gp_find(NULL, path, sizeof path) == 0;
}

/* ---- quoting ---- */

static void quote_is_inert(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    xrdi_gp_quote(m, "a\"b; system('x')\n`rm -rf ~` @M $d \\");
    fclose(m);
    ASSERT_MSG(!strcmp(buf, "'a\"b; system(''x'') `rm -rf ~` @M $d \\'"), "got [%s]", buf);
    free(buf);
}

static void quote_caps_length_at_utf8_boundary(void)
{
    char s[600], out[XRDI_GP_MAX_STRING + 1];
    for (int i = 0; i < 299; i++)
        memcpy(s + 2 * i, "\xc3\x85", 2); /* Å */
    s[598] = '\0';
    xrdi_gp_clean(s, out, sizeof out);
    size_t n = strlen(out);
    ASSERT(n <= XRDI_GP_MAX_STRING);
    ASSERT(!strcmp(out + n - 3, "..."));
    ASSERT(((unsigned char)out[n - 4] & 0xC0) == 0x80); /* ends after a whole Å */
    ASSERT((unsigned char)out[n - 5] == 0xC3);
}

static void numbers_ignore_locale(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    xrdi_gp_num(m, 3.5);
    fputc(' ', m);
    xrdi_gp_num(m, NAN);
    fputc(' ', m);
    xrdi_gp_fixed(m, 2.345, 2);
    fclose(m);
    ASSERT_MSG(!strcmp(buf, "3.5 NaN 2.35") || !strcmp(buf, "3.5 NaN 2.34"), "got [%s]", buf);
    free(buf);
}

/* ---- scripts ---- */

static void fit_script_content(void)
{
    fake f;
    make_fake(&f, "Cu-rich");
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = "fig.png";
    o.title = "sample 1";
    xrd_error e;
    char *s = fit_script(&f.r, &o, &e);
    ASSERT_MSG(s, "%s", e.message);
    const char *want[] = {"set terminal pngcairo size 1200,800",
                          "set output 'fig.png'",
                          "set title 'sample 1' noenhanced",
                          "$pattern << EOD\n",
                          "$ticks1 << EOD\n",
                          "$ticks2 << EOD\n",
                          "set multiplot",
                          "2θ (°)",
                          "Intensity (counts)",
                          "'Cu-rich   a = 3.626(2) Å, LVol = 6.2(2) nm' noenhanced",
                          "'Ru-rich   a = 3.7752(12) Å, LVol = 3.5(2) nm' noenhanced",
                          "set label 1 'Cu-rich' at screen",
                          "with vectors nohead",
                          "R_{wp} = 5.23 %, GOF = 1.21",
                          "unset output\n"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        ASSERT_MSG(strstr(s, want[k]), "the script lacks [%s]", want[k]);
    /* every datablock is closed, and the first data line is x obs calc bkg diff p1 p2 */
    const char *d = strstr(s, "$pattern << EOD\n") + 16;
    double v[7];
    ASSERT(sscanf(d, "%lf %lf %lf %lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                  &v[6]) == 7);
    ASSERT_NEAR(v[0], 35.0, 1e-9);
    ASSERT_NEAR(v[4], f.obs[0] - f.calc[0], 1e-9);
    ASSERT_NEAR(v[5], f.bkg[0] + f.yp0[0], 1e-6);
    int opened = 0, closed = 0;
    for (const char *p = s; (p = strstr(p, "<< EOD\n")); p++)
        opened++;
    for (const char *p = s; (p = strstr(p, "\nEOD\n")); p++)
        closed++;
    ASSERT(opened == 3 && closed == 3);
    free(s);
}

static void fit_script_axes_and_formats(void)
{
    fake f;
    make_fake(&f, "Cu");
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    xrd_error e;
    o.output = "f.pdf";
    o.x_axis = XRD_PLOT_X_Q;
    char *s = fit_script(&f.r, &o, &e);
    ASSERT(s && strstr(s, "set terminal pdfcairo size 7in,4.666666667in") &&
           strstr(s, "q (Å^{-1})"));
    /* q of 35 deg 2theta with Cu Ka1 */
    double q = 4 * M_PI * sin(17.5 * M_PI / 180) / 1.5405929, v;
    ASSERT(sscanf(strstr(s, "$pattern << EOD\n") + 16, "%lf", &v) == 1);
    ASSERT_NEAR(v, q, 1e-8);
    free(s);
    o.output = "f.svg";
    o.x_axis = XRD_PLOT_X_D;
    o.width = 800;
    o.height = 600;
    s = fit_script(&f.r, &o, &e);
    ASSERT(s && strstr(s, "set terminal svg size 800,600") && strstr(s, "d (Å)"));
    free(s);
    o.output = "f.jpg";
    ASSERT(fit_script(&f.r, &o, &e) == NULL && e.code == XRD_ERR_INVALID);
    o.output = "f.png";
    o.width = 5;
    ASSERT(fit_script(&f.r, &o, &e) == NULL && e.code == XRD_ERR_INVALID);
}

/* A phase name that tries to end the string, start a command on a new line
 * and run a shell: the script keeps it inside one quoted string. */
static void fit_script_hostile_names(void)
{
    fake f;
    make_fake(&f, "x'\nsystem('touch P')\n`touch Q`");
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = "a\"b; system('x').png";
    o.title = "t'\nset output '/tmp/evil.png'";
    xrd_error e;
    char *s = fit_script(&f.r, &o, &e);
    ASSERT_MSG(s, "%s", e.message);
    ASSERT(strstr(s, "set output 'a\"b; system(''x'').png'\n"));
    ASSERT(strstr(s, "set title 't'' set output ''/tmp/evil.png''' noenhanced\n"));
    ASSERT(strstr(s, "'x'' system(''touch P'') `touch Q`   a = "));
    /* no line of the script begins with the injected commands */
    ASSERT(!strstr(s, "\nsystem(") && !strstr(s, "\nset output '/tmp/evil"));
    ASSERT(!strstr(s, "\n`touch"));
    free(s);
}

/* ---- rendering ---- */

static void render_png_of_requested_size(void)
{
    if (!have_gnuplot())
        SKIP("gnuplot is not installed");
    fake f;
    make_fake(&f, "Cu-rich");
    char out[1024], script[1024];
    snprintf(out, sizeof out, "%s/plot_c_fit.png", th_tmpdir());
    snprintf(script, sizeof script, "%s/plot_c_fit.gp", th_tmpdir());
    remove(out);
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = out;
    o.width = 900;
    o.height = 640;
    FILE *sc = fopen(script, "w");
    ASSERT(sc);
    xrd_error e;
    xrd_status st = xrd_plot_fit(&f.r, &o, sc, &e);
    fclose(sc);
    ASSERT_MSG(st == XRD_OK, "%s", e.message);
    long w, h, bytes;
    ASSERT(png_size(out, &w, &h, &bytes) == 0);
    ASSERT_MSG(w == 900 && h == 640, "%ldx%ld", w, h);
    ASSERT_MSG(bytes > 20000, "only %ld bytes: a blank canvas?", bytes);
    struct stat sb;
    ASSERT(stat(script, &sb) == 0 && sb.st_size > 10000);
}

static void render_wh_and_vegard(void)
{
    if (!have_gnuplot())
        SKIP("gnuplot is not installed");
    double x[4] = {1.34, 1.55, 2.19, 2.57}, y[4] = {0.021, 0.0225, 0.027, 0.0301};
    double ye[4] = {0.001, 0.0012, 0.0015, 0.002};
    const char *lab[4] = {"111", "200", "220", "311"};
    xrd_plot_wh_series s = {"Cu-rich  D = 6.2(3) nm", 4, x, y, ye, lab, 0.0066, 0.012};
    char out[1024];
    snprintf(out, sizeof out, "%s/plot_c_wh.png", th_tmpdir());
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = out;
    o.width = 800;
    o.height = 600;
    xrd_error e;
    ASSERT_MSG(xrd_plot_wh(&s, 1, &o, NULL, &e) == XRD_OK, "%s", e.message);
    long w, h, bytes;
    ASSERT(png_size(out, &w, &h, &bytes) == 0 && w == 800 && h == 600 && bytes > 10000);

    xrd_plot_vegard_point pts[2] = {{"Cu-rich", 0.08, 0.02, 3.6261, 0.0021},
                                    {"Ru-rich", 0.71, 0.03, 3.7752, 0.0012}};
    xrd_plot_vegard_data v = {"Cu", "Ru-fcc", 3.615, 3.81, NULL, 2, pts};
    snprintf(out, sizeof out, "%s/plot_c_vegard.png", th_tmpdir());
    ASSERT_MSG(xrd_plot_vegard(&v, &o, NULL, &e) == XRD_OK, "%s", e.message);
    ASSERT(png_size(out, &w, &h, &bytes) == 0 && w == 800 && h == 600 && bytes > 10000);
}

static void gnuplot_error_is_reported(void)
{
    if (!have_gnuplot())
        SKIP("gnuplot is not installed");
    xrd_error e;
    const char *bad = "set frobnicate 3\n";
    ASSERT(xrdi_gp_run(NULL, bad, strlen(bad), 0, &e) == XRD_ERR_EXTERNAL);
    ASSERT_MSG(strstr(e.message, "gnuplot failed (exit status 1)") &&
                   strstr(e.message, "frobnicate"),
               "%s", e.message);
}

static void missing_gnuplot(void)
{
    fake f;
    make_fake(&f, "Cu");
    char out[1024];
    snprintf(out, sizeof out, "%s/plot_c_missing.png", th_tmpdir());
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = out;
    o.gnuplot = "/nonexistent/gnuplot";
    xrd_error e;
    ASSERT(xrd_plot_fit(&f.r, &o, NULL, &e) == XRD_ERR_EXTERNAL);
    ASSERT_MSG(!strcmp(e.message, "gnuplot not found: install gnuplot-nox (make deps)"), "%s",
               e.message);
    struct stat sb;
    ASSERT(stat(out, &sb) != 0);
}

/* A "gnuplot" that exits at once: the writes hit EPIPE; the process must
 * survive (SIGPIPE blocked and consumed) and get an error. */
static void early_exit_does_not_kill(void)
{
    size_t n = 4u << 20;
    char *big = malloc(n);
    ASSERT(big);
    memset(big, '#', n);
    for (size_t i = 79; i < n; i += 80)
        big[i] = '\n';
    xrd_error e;
    xrd_status st = xrdi_gp_run("/bin/true", big, n, 0, &e);
    free(big);
    ASSERT(st == XRD_ERR_EXTERNAL);
    ASSERT_MSG(strstr(e.message, "stopped reading"), "%s", e.message);
    sigset_t pend;
    sigpending(&pend);
    ASSERT(!sigismember(&pend, SIGPIPE));
}

/* ---- the JSON reader ---- */

static int write_text(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(s, f);
    return fclose(f);
}

static void json_read_minimal(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/plot_c_fit.json", th_tmpdir());
    ASSERT(write_text(path,
                      "{\"pattern\": \"s\\u00e9 \\\"q\\\".xy\", \"Rwp\": 5.5, \"GOF\": 1.1,\n"
                      " \"radiation\": {\"name\": \"CuKa\", \"lambda_A\": [1.5405929, 1.5444]},\n"
                      " \"phases\": [{\"name\": \"Cu\", \"space_group_number\": 225,\n"
                      "   \"a_A\": 3.615, \"a_esd_A\": 0.001, \"size_nm\": 5, \"size_esd_nm\": null,\n"
                      "   \"size_status\": \"determined\",\n"
                      "   \"reflections\": [{\"hkl\": [1,1,1], \"two_theta_deg\": 43.3, "
                      "\"in_range\": true}]}],\n"
                      " \"curves\": {\"x_unit\": \"2theta_deg\", \"x\": [40, 41.5e0],\n"
                      "   \"observed\": [1, 2], \"calculated\": [1.5, -2E-1], \"background\": [0, 0],\n"
                      "   \"phases\": [[1.5, 2]]}}\n") == 0);
    xrd_fit_result *r = NULL;
    char pat[64];
    xrd_error e;
    ASSERT_MSG(xrd_plot_read_fit_json(path, &r, pat, sizeof pat, &e) == XRD_OK, "%s", e.message);
    ASSERT(!strcmp(pat, "s\xc3\xa9 \"q\".xy"));
    ASSERT(r->n_phases == 1 && r->n_curve == 2 && r->phases[0].n_refl == 1);
    ASSERT_NEAR(r->Rwp, 0.055, 1e-12);
    ASSERT_NEAR(r->x[1], 41.5, 0);
    ASSERT_NEAR(r->y_calc[1], -0.2, 1e-15);
    ASSERT_NEAR(r->y_phase[0][1], 2, 0);
    ASSERT_NEAR(r->instrument.rad.lambda_A[0], 1.5405929, 0);
    ASSERT(r->phases[0].size_status == 1 && isnan(r->phases[0].size_esd_nm));
    ASSERT(r->phases[0].sg.system == XRD_SYS_CUBIC && r->phases[0].refl[0].l == 1);
    xrd_plot_fit_result_free(r);
}

static void json_read_errors(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/plot_c_bad.json", th_tmpdir());
    xrd_fit_result *r = NULL;
    xrd_error e;
    ASSERT(write_text(path, "{\n\"a\": 1,\n\"b\": [1, 2,, 3]\n}\n") == 0);
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_PARSE && e.line == 3 && !r);
    ASSERT(write_text(path, "{\"x\": NaN}") == 0);
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_PARSE);
    ASSERT(write_text(path, "{\"x\": \"open") == 0);
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_PARSE);
    ASSERT(write_text(path, "{\"phases\": [], \"x\": 1} trailing") == 0);
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_PARSE);
    ASSERT(write_text(path, "{\"phases\": []}") == 0);
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_NO_DATA);
    ASSERT(strstr(e.message, "--json-curves"));
    char deep[200];
    memset(deep, '[', 100);
    deep[100] = '\0';
    ASSERT(write_text(path, deep) == 0);
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_TOO_LARGE);
    snprintf(path, sizeof path, "%s/plot_c_nothing.json", th_tmpdir());
    ASSERT(xrd_plot_read_fit_json(path, &r, NULL, 0, &e) == XRD_ERR_IO);
}

/* The trend figure of a series whose second phase appears half-way and has
 * weight fractions only there: every panel shares the x range of all the
 * patterns (a panel of its own range would put its points under the wrong
 * temperatures), and a missing point breaks the line (a blank line). */
static void trend_script_shares_x_and_breaks_lines(void)
{
    double T[6] = {300, 350, 400, 450, 500, 550};
    double a1[6] = {3.72, 3.721, 3.722, NAN, 3.66, 3.661}, e1[6] = {1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3};
    double a2[6] = {NAN, NAN, NAN, NAN, 3.80, 3.801};
    double w2[6] = {NAN, NAN, NAN, NAN, 0.5, 0.52}, we[6] = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01};
    xrd_plot_trend_series ser[2] = {{"phase 1", 6, T, a1, e1, NULL, NULL, NULL, NULL},
                                    {"phase 2", 6, T, a2, e1, NULL, NULL, w2, we}};
    xrd_plot_trend_data d = {"T (K)", 2, ser};
    xrd_plot_options o;
    xrd_plot_options_default(&o);
    o.output = "trend.png";
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ASSERT(m);
    xrd_error e;
    xrd_status st = xrd_plot_trend_script(m, &d, &o, &e);
    fclose(m);
    ASSERT_MSG(st == XRD_OK, "%s", e.message);
    /* 300..550 K with 3 % on either side */
    ASSERT_MSG(strstr(buf, "set xrange [292.5:557.5]"), "no shared x range in:\n%.600s", buf);
    ASSERT_MSG(strstr(buf, "$a0 << EOD\n300 3.72 0.001\n350 3.721 0.001\n400 3.722 0.001\n\n500 3.66"),
               "no break at the missing point in:\n%.600s", buf);
    free(buf);
}

int main(void)
{
    RUN(quote_is_inert);
    RUN(quote_caps_length_at_utf8_boundary);
    RUN(numbers_ignore_locale);
    RUN(fit_script_content);
    RUN(fit_script_axes_and_formats);
    RUN(fit_script_hostile_names);
    RUN(render_png_of_requested_size);
    RUN(render_wh_and_vegard);
    RUN(gnuplot_error_is_reported);
    RUN(missing_gnuplot);
    RUN(early_exit_does_not_kill);
    RUN(json_read_minimal);
    RUN(json_read_errors);
    RUN(trend_script_shares_x_and_breaks_lines);
    TH_EXIT();
}
