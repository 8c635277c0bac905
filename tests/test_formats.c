/* Tests of the vendor pattern formats on the real files of
 * $XRDFIT_REALDATA/../realdata-formats (SKIP when absent): each reader against
 * the points its PROVENANCE.md checked (first and last three), the Bruker RAW
 * v3 LaB6 against its vendor .xy export point by point, the same BT86 scan as
 * RAW and as UXD, header metadata, multi-scan XRDML, formats recognised but not
 * read, and truncated or corrupt files (one clear error, no partial pattern).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

static char formats_dir[1024];

static int have_formats(void)
{
    const char *s = getenv("XRDFIT_REALDATA_FORMATS");
    if (s)
        snprintf(formats_dir, sizeof formats_dir, "%s", s);
    else
        snprintf(formats_dir, sizeof formats_dir, "%s/../realdata-formats", th_realdata());
    struct stat sb;
    return stat(formats_dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void load(const char *rel, int scan, xrd_status want, xrd_pattern **out)
{
    *out = NULL;
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", formats_dir, rel);
    xrd_read_options o;
    xrd_read_options_default(&o);
    o.scan = scan;
    xrd_pattern *p = NULL;
    xrd_error e;
    xrd_status st = xrd_pattern_read_file(path, &o, &p, &e);
    if (st != XRD_OK) {
        xrd_pattern_free(p);
        p = NULL;
    }
    *out = p;
    ASSERT_MSG(st == want, "%s: status %d, expected %d: %s", rel, (int)st, (int)want, e.message);
}

/* n points; first and last three (x, y) as PROVENANCE.md lists them (x to the
 * digits given there). */
static void check_points(const xrd_pattern *p, size_t n, const double *first,
                         const double *last, double xtol)
{
    ASSERT_MSG(p->n == n, "%zu points, expected %zu", p->n, n);
    if (p->n != n)
        return;
    for (int k = 0; k < 3; k++) {
        ASSERT_NEAR(p->x[k], first[2 * k], xtol);
        ASSERT_NEAR(p->y[k], first[2 * k + 1], 1e-9);
        ASSERT_NEAR(p->x[n - 3 + (size_t)k], last[2 * k], xtol);
        ASSERT_NEAR(p->y[n - 3 + (size_t)k], last[2 * k + 1], 1e-9);
    }
}

static void xrdml_versions(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    xrd_pattern *p = NULL;
    load("xrdml_v1.5_intensities_empyrean/empyrean.xrdml", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {30.05, 8, 30.11, 11, 30.17, 6}, l[] = {41.63, 6, 41.69, 4, 41.75, 6};
        check_points(p, 196, f, l, 1e-6);
        ASSERT(!strcmp(p->meta.format, "xrdml") && !strcmp(p->meta.format_version, "1.5"));
        ASSERT_NEAR(p->wavelength_A, 1.5405980, 1e-9);
        ASSERT_NEAR(p->meta.wavelength2_A, 1.5444260, 1e-9);
        ASSERT_NEAR(p->meta.ka2_ratio, 0.5, 1e-12);
        ASSERT(!strcmp(p->meta.anode, "Cu"));
        ASSERT_NEAR(p->meta.time_per_step_s, 0.44, 1e-12);
        ASSERT_NEAR(p->meta.goniometer_radius_mm, 240.0, 1e-9);
        ASSERT(p->noise.source == XRD_SIGMA_FROM_POISSON);
        xrd_pattern_free(p);
    }
    load("xrdml_v2.1_counts_empyrean_na2co2teo6/examples.xrdml", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {15.023, 10704, 15.05, 10742, 15.076, 10685},
                     l[] = {119.93, 8874, 119.96, 8828, 119.99, 8826};
        check_points(p, 3998, f, l, 6e-3);
        ASSERT(!strcmp(p->meta.format_version, "2.1"));
        ASSERT(!strcmp(p->meta.sample, "example-data"));
        xrd_pattern_free(p);
    }
    load("xrdml_v1.6_intensities_empyrean_nomad/XRD-918-16_10.xrdml", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {4.0066, 1305, 4.0197, 1310, 4.0328, 1345},
                     l[] = {69.973, 170, 69.986, 189, 69.999, 171};
        check_points(p, 5027, f, l, 6e-4);
        xrd_pattern_free(p);
    }
}

static void xrdml_scans_and_attenuation(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    const char *mesh = "xrdml_v2.1_area_mesh_101scans_nomad/m82762_mesh_101scans.xrdml";
    xrd_pattern *p = NULL;
    load(mesh, 0, XRD_OK, &p);
    if (p) {
        const double f[] = {67.451, 41, 67.46, 34, 67.47, 44},
                     l[] = {69.932, 25, 69.942, 23, 69.951, 26};
        check_points(p, 255, f, l, 6e-3);
        ASSERT(p->meta.n_scans == 101 && p->meta.scan == 0);
        xrd_pattern_free(p);
    }
    load(mesh, 1, XRD_OK, &p); /* scan 2 */
    if (p) {
        ASSERT_NEAR(p->x[0], 67.451, 6e-3);
        ASSERT_NEAR(p->y[0], 37, 1e-9);
        ASSERT(p->meta.scan == 1);
        xrd_pattern_free(p);
    }
    load(mesh, 100, XRD_OK, &p); /* the last scan */
    if (p) {
        ASSERT_NEAR(p->x[p->n - 1], 69.951, 6e-3);
        ASSERT_NEAR(p->y[p->n - 1], 48, 1e-9);
        xrd_pattern_free(p);
    }
    load(mesh, 101, XRD_ERR_INVALID, &p); /* there is no scan 102 */
    /* counts with beam attenuation factors: y = counts x factor, sigma from the counts */
    load("xrdml_v2.1_counts_xpertpro_om2th_nomad/m54313_om2th_10.xrdml", 0, XRD_OK, &p);
    if (p) {
        ASSERT(p->n == 1800);
        ASSERT_NEAR(p->x[0], 26.025, 1e-6);
        ASSERT_NEAR(p->x[p->n - 1], 79.995, 1e-6);
        double ymax = 0;
        for (size_t i = 0; i < p->n; i++)
            ymax = p->y[i] > ymax ? p->y[i] : ymax;
        ASSERT(ymax > 1e5); /* the substrate peak, attenuated when measured */
        ASSERT(p->noise.source == XRD_SIGMA_FROM_FILE);
        xrd_pattern_free(p);
    }
}

static void bruker_raw_uxd(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    xrd_pattern *p = NULL;
    load("bruker_raw_v1.01_xylib/Cu3Au-1.raw", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {22, 48, 22.02, 24, 22.04, 38}, l[] = {99.96, 18, 99.98, 11, 100, 11};
        check_points(p, 3901, f, l, 1e-4);
        ASSERT(!strcmp(p->meta.format, "bruker_raw"));
        ASSERT_NEAR(p->wavelength_A, 1.5406, 1e-9);
        ASSERT_NEAR(p->meta.wavelength2_A, 1.54439, 1e-9);
        ASSERT(!strcmp(p->meta.anode, "Cu") && !strcmp(p->meta.sample, "Cu3Au-1"));
        ASSERT_NEAR(p->meta.time_per_step_s, 0.5, 1e-12);
        xrd_pattern_free(p);
    }
    /* a RAW1.01 file of three ranges: the first by default, the others by scan number */
    load("bruker_raw_v1.01_xylib/format1.raw", 0, XRD_OK, &p);
    if (p) {
        ASSERT(p->n == 101 && p->meta.n_scans == 3);
        ASSERT_NEAR(p->x[0], 10.0, 1e-9);
        xrd_pattern_free(p);
    }
    load("bruker_raw_v1.01_xylib/format1.raw", 1, XRD_OK, &p);
    if (p) {
        ASSERT(p->n == 26 && p->meta.scan == 1);
        ASSERT_NEAR(p->x[0], 30.0, 1e-9);
        xrd_pattern_free(p);
    }
    load("bruker_raw_v1.01_xylib/format1.raw", 3, XRD_ERR_INVALID, &p);
    /* the same BT86 scan as RAW and as UXD: the same counts at the same angles */
    xrd_pattern *r = NULL, *u = NULL;
    load("bruker_raw_v1.01_xylib/BT86.raw", 0, XRD_OK, &r);
    load("bruker_uxd_xylib/BT86_.UXD", 0, XRD_OK, &u);
    if (r && u) {
        ASSERT(r->n == 2374 && u->n == 2374);
        size_t bad = 0;
        for (size_t i = 0; i < r->n && i < u->n; i++)
            bad += fabs(r->x[i] - u->x[i]) > 5e-3 || r->y[i] != u->y[i]; /* UXD: x to 0.01 */
        ASSERT_MSG(bad == 0, "%zu of %zu points differ between RAW and UXD", bad, r->n);
        ASSERT_NEAR(u->meta.goniometer_radius_mm, 200.5, 1e-9);
        ASSERT(!strcmp(u->meta.anode, "Cu") && !strcmp(u->meta.sample, "BT86"));
    }
    xrd_pattern_free(r);
    xrd_pattern_free(u);
}

/* The RAW v3 LaB6 of the GSAS-II tutorial against the vendor's .xy of the same scan. */
static void raw_v3_against_vendor_xy(void)
{
    char raw[1024], xy[1024];
    snprintf(raw, sizeof raw, "%s/lab6_gsas2tut_bruker_jan2018/LaB6_Jan2018.raw", th_realdata());
    snprintf(xy, sizeof xy, "%s/lab6_gsas2tut_bruker_jan2018/LaB6_Jan2018_converted.xy",
             th_realdata());
    struct stat sb;
    if (stat(raw, &sb) != 0 || stat(xy, &sb) != 0)
        SKIP("%s or its .xy not found", raw);
    xrd_pattern *a = NULL, *b = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_pattern_read_file(raw, NULL, &a, &e) == XRD_OK, "%s", e.message);
    ASSERT_MSG(xrd_pattern_read_file(xy, NULL, &b, &e) == XRD_OK, "%s", e.message);
    if (a && b) {
        ASSERT(a->n == 3040 && b->n == 3040);
        ASSERT_NEAR(a->x[0], 10.0, 1e-6);
        ASSERT_NEAR(a->x[a->n - 1], 70.0044, 1e-3);
        size_t bad = 0;
        for (size_t i = 0; i < a->n && i < b->n; i++)
            bad += fabs(a->x[i] - b->x[i]) > 1e-4 || a->y[i] != b->y[i];
        ASSERT_MSG(bad == 0, "%zu of %zu points differ from the vendor's .xy", bad, a->n);
        ASSERT_NEAR(a->wavelength_A, 1.5406, 1e-9);
        ASSERT(!strcmp(a->meta.anode, "Cu"));
    }
    xrd_pattern_free(a);
    xrd_pattern_free(b);
}

static void bruker_raw4_brml(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    xrd_pattern *p = NULL;
    load("bruker_raw4_nomad_scrambled/TwoTheta_scan_scrambled.raw", 0, XRD_OK, &p);
    if (p) {
        /* intensities scrambled by the uploader (negative values): layout only */
        const double f[] = {10, 283.769, 10.011, -164.534, 10.021, -164.534},
                     l[] = {85.02, 235.456, 85.031, 537.094, 85.041, -105.778};
        ASSERT(p->n == 7134);
        for (int k = 0; k < 3; k++) {
            ASSERT_NEAR(p->x[k], f[2 * k], 6e-4);
            ASSERT_NEAR(p->y[k], f[2 * k + 1], 1e-3);
            ASSERT_NEAR(p->x[p->n - 3 + (size_t)k], l[2 * k], 6e-4);
            ASSERT_NEAR(p->y[p->n - 3 + (size_t)k], l[2 * k + 1], 1e-3);
        }
        ASSERT(!strcmp(p->meta.anode, "Cu") && p->meta.ka1_only);
        ASSERT_NEAR(p->wavelength_A, 1.5406, 1e-6);
        ASSERT(!strncmp(p->meta.sample, "HeOx-1001", 9));
        xrd_pattern_free(p);
    }
    load("bruker_brml_nomad_2thomega/23-012-AG_2thomegascan_long.brml", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {44, 3, 44.002, 1, 44.004, 1}, l[] = {47.996, 3, 47.998, 6, 48, 2};
        check_points(p, 2001, f, l, 1e-9);
        ASSERT_NEAR(p->wavelength_A, 1.5406, 1e-9);
        ASSERT_NEAR(p->meta.wavelength2_A, 1.54439, 1e-9);
        ASSERT(!strcmp(p->meta.anode, "Cu"));
        ASSERT_NEAR(p->meta.time_per_step_s, 1.0, 1e-12);
        xrd_pattern_free(p);
    }
    load("bruker_brml_nomad_2thomega/23-012-AG_2thomegascan_long.brml", 1, XRD_ERR_INVALID, &p);
}

static void rigaku_ras_rasx(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    xrd_pattern *p = NULL;
    load("rigaku_ras_smartlab_rigakuXRD/MB120718Si3.ras", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {2, 7994, 2.02, 7788, 2.04, 7984}, l[] = {29.96, 1138, 29.98, 1158,
                                                                     30, 1150};
        check_points(p, 1401, f, l, 1e-9);
        ASSERT_NEAR(p->wavelength_A, 1.540593, 1e-9);
        ASSERT_NEAR(p->meta.wavelength2_A, 1.544414, 1e-9);
        ASSERT(!strcmp(p->meta.anode, "Cu") && !strcmp(p->meta.sample, "MB120718Si3"));
        ASSERT_NEAR(p->meta.time_per_step_s, 60.0 * 0.02 / 0.25, 1e-9);
        xrd_pattern_free(p);
    }
    load("rigaku_rasx/RM20220915Si01.rasx", 0, XRD_OK, &p);
    if (p) {
        const double f[] = {8.5, 591, 8.51, 609, 8.52, 598}, l[] = {29.98, 514, 29.99, 507,
                                                                   30, 524};
        check_points(p, 2151, f, l, 1e-9);
        ASSERT(!strcmp(p->meta.anode, "Cu"));
        ASSERT_NEAR(p->meta.time_per_step_s, 60.0 * 0.01 / 1.0, 1e-9);
        xrd_pattern_free(p);
    }
    load("rigaku_rasx/Omega-2Theta_scan_high_temperature.rasx", 0, XRD_OK, &p);
    if (p) {
        ASSERT(p->n == 1042);
        ASSERT_NEAR(p->meta.temperature_K, 550.0 + 273.15, 1e-9); /* its Temp axis, 550 C */
        xrd_pattern_free(p);
    }
    load("rigaku_rasx/TwoTheta_scan_powder.rasx", 0, XRD_OK, &p);
    if (p) {
        ASSERT(p->n == 2726);
        ASSERT_NEAR(p->y[0], 170.554, 1e-3);
        ASSERT_NEAR(p->y[p->n - 1], 13.8521, 1e-4);
        ASSERT_NEAR(p->x[p->n - 1], 119.0, 1e-9);
        xrd_pattern_free(p);
    }
}

static void pdcif(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    xrd_pattern *p = NULL;
    load("pdcif_cod1517474_xylib/1517474.cif", 0, XRD_OK, &p);
    if (p) {
        /* the loop gives intensities with su; 2theta from _pd_meas_2theta_range_* */
        ASSERT(p->n == 3296 && p->sigma_from_file);
        ASSERT_NEAR(p->x[0], 1.5, 1e-12);
        ASSERT_NEAR(p->x[1], 1.55, 1e-12);
        ASSERT_NEAR(p->x[p->n - 1], 166.25, 1e-9);
        ASSERT_NEAR(p->y[0], 5540, 1e-9);
        ASSERT_NEAR(p->sigma[0], 160, 1e-9);
        ASSERT_NEAR(p->y[1], 4570, 1e-9);
        ASSERT_NEAR(p->wavelength_A, 2.0785, 1e-12);
        xrd_pattern_free(p);
    }
    const char *bad = "data_x\n_pd_meas_2theta_range_min 10\nloop_\n_pd_meas_counts_total\n"
                      "10\n 12\n 'unterminated\n";
    xrd_error e;
    xrd_status st = xrd_pattern_read_buffer(bad, strlen(bad), "bad.cif", NULL, &p, &e);
    ASSERT_MSG(st != XRD_OK && !p, "status %d", (int)st);
    const char *nox = "data_x\nloop_\n_pd_meas_counts_total\n10\n12\n14\n";
    st = xrd_pattern_read_buffer(nox, strlen(nox), "nox.cif", NULL, &p, &e);
    ASSERT_MSG(st == XRD_ERR_NO_DATA && strstr(e.message, "no 2theta"), "%d %s", (int)st,
               e.message);
}

/* Truncated and corrupt copies: one error, no pattern. */
static void broken_files(void)
{
    if (!have_formats())
        SKIP("format samples %s not found", formats_dir);
    const char *src[] = {"bruker_raw_v1.01_xylib/Cu3Au-1.raw",
                         "xrdml_v1.5_intensities_empyrean/empyrean.xrdml",
                         "bruker_raw4_nomad_scrambled/TwoTheta_scan_scrambled.raw",
                         "bruker_brml_nomad_2thomega/23-012-AG_2thomegascan_long.brml",
                         "rigaku_rasx/TwoTheta_scan_powder.rasx"};
    const char *ext[] = {"raw", "xrdml", "raw", "brml", "rasx"};
    for (int i = 0; i < 5; i++) {
        char path[1400], out[1200];
        snprintf(path, sizeof path, "%s/%s", formats_dir, src[i]);
        FILE *f = fopen(path, "rb");
        ASSERT(f != NULL);
        if (!f)
            continue;
        static char buf[1 << 22];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        snprintf(out, sizeof out, "%s/xrdfit_trunc_%d.%s", th_tmpdir(), i, ext[i]);
        f = fopen(out, "wb");
        ASSERT(f != NULL);
        if (!f)
            continue;
        fwrite(buf, 1, n / 2, f); /* cut in the middle */
        fclose(f);
        xrd_pattern *p = NULL;
        xrd_error e;
        xrd_status st = xrd_pattern_read_file(out, NULL, &p, &e);
        ASSERT_MSG(st != XRD_OK && !p && e.message[0], "%s cut in half: status %d", src[i],
                   (int)st);
        remove(out);
    }
    /* a word among the counts */
    const char *bad = "<?xml version=\"1.0\"?>\n<xrdMeasurements><xrdMeasurement><scan>"
                      "<dataPoints><positions axis=\"2Theta\"><startPosition>10</startPosition>"
                      "<endPosition>11</endPosition></positions>\n<counts>1 2 x3 4</counts>"
                      "</dataPoints></scan></xrdMeasurement></xrdMeasurements>\n";
    xrd_pattern *p = NULL;
    xrd_error e;
    xrd_status st = xrd_pattern_read_buffer(bad, strlen(bad), "bad.xrdml", NULL, &p, &e);
    ASSERT_MSG(st == XRD_ERR_PARSE && e.line == 3 && strstr(e.message, "'x3"), "%d line %ld %s",
               (int)st, e.line, e.message);
    /* UXD (read by xrdfit: xylib frees a block twice on some corrupt ones) */
    const char *uxd = "_FILEVERSION=2\n_WL1=1.5406\n_STEPSIZE=0.02\n_START=20\n_2THETACOUNTS\n"
                      "20.00 10\n20.02 12\n20.04\n";
    st = xrd_pattern_read_buffer(uxd, strlen(uxd), "bad.uxd", NULL, &p, &e);
    ASSERT_MSG(st == XRD_ERR_COLUMNS && e.line == 8 && !p, "%d line %ld %s", (int)st, e.line,
               e.message);
    const char *uxd2 = "_FILEVERSION=2\n_2THETA=20\n_COUNTS\n 1 2 3\n";
    st = xrd_pattern_read_buffer(uxd2, strlen(uxd2), "nostep.uxd", NULL, &p, &e);
    ASSERT_MSG(st == XRD_ERR_PARSE && strstr(e.message, "_STEPSIZE"), "%d %s", (int)st, e.message);
    /* a RAW in memory: xylib reads files only */
    st = xrd_pattern_read_buffer("RAW1.01\0\0\0\0", 11, "mem.raw", NULL, &p, &e);
    ASSERT(st == XRD_ERR_UNSUPPORTED && !p);
}

/* GSAS STD bank: fixed fields of 8 columns (count I2, intensity I6), x from the
 * BANK line in centidegrees, sigma^2 = intensity / count */
static void gsas_std(void)
{
    const char *t = "STD test\nBANK 1 12 2 CONST 1000.0 2.0 0 0 STD\n"
                    "    1000    1100 2  2400    1300    1500    2000    3000    2500    1600"
                    "    1200\n    1100    1050\n";
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_pattern_read_buffer(t, strlen(t), "std.gsa", NULL, &p, &e) == XRD_OK, "%s",
               e.message);
    ASSERT(p->n == 12 && p->sigma_from_file);
    ASSERT_NEAR(p->x[0], 10.0, 1e-12);
    ASSERT_NEAR(p->x[11], 10.22, 1e-12);
    ASSERT_NEAR(p->y[2], 2400, 1e-12);
    ASSERT_NEAR(p->sigma[2], sqrt(1200.0), 1e-9);
    ASSERT_NEAR(p->sigma[0], sqrt(1000.0), 1e-9);
    xrd_pattern_free(p);
    const char *bad = "T\nBANK 1 3 1 CONST 1000.0 2.0 0 0 STD\n    1000  1x1100    1200\n";
    ASSERT(xrd_pattern_read_buffer(bad, strlen(bad), "bad.gsa", NULL, &p, &e) == XRD_ERR_PARSE);
    ASSERT(e.line == 3 && strstr(e.message, "field 2"));
    const char *huge = "T\nBANK 1 4 1 CONS 1e308 2 0 0 ESD\n 10 3 12 3 13 3 14 3\n";
    ASSERT(xrd_pattern_read_buffer(huge, strlen(huge), "esd.gsa", NULL, &p, &e) == XRD_ERR_PARSE);
    ASSERT(strstr(e.message, "start") != NULL);
}

static void format_list(void)
{
    const char *const *l = xrd_pattern_formats();
    int n = 0, xrdml = 0, raw = 0;
    for (; l[n]; n++) {
        xrdml |= !strncmp(l[n], "xrdml:", 6);
        raw |= !strncmp(l[n], "bruker_raw:", 11);
    }
    ASSERT(n >= 7 && xrdml && raw);
}

int main(void)
{
    RUN(xrdml_versions);
    RUN(xrdml_scans_and_attenuation);
    RUN(bruker_raw_uxd);
    RUN(raw_v3_against_vendor_xy);
    RUN(bruker_raw4_brml);
    RUN(rigaku_ras_rasx);
    RUN(pdcif);
    RUN(broken_files);
    RUN(gsas_std);
    RUN(format_list);
    TH_EXIT();
}
