/* Tests of the pattern module: reading text patterns (good variants, every
 * malformed file in tests/data/bad_patterns with its exact error kind and line,
 * the real patterns of $XRDFIT_REALDATA), units, cropping and statistics.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Read a NUL-terminated string with options (NULL = defaults). */
static xrd_status rd(const char *text, const xrd_read_options *o, xrd_pattern **p, xrd_error *e)
{
    return xrd_pattern_read_buffer(text, strlen(text), "buf", o, p, e);
}

static int write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, n, f);
    return (fclose(f) == 0 && w == n) ? 0 : -1;
}

/* ---- good variants ---- */

static void whitespace_two_columns(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("10.0 100\n10.02\t 120\n  10.04   90  \n", NULL, &p, &e) == XRD_OK);
    ASSERT(p->n == 3);
    ASSERT_NEAR(p->x[1], 10.02, 0);
    ASSERT_NEAR(p->y[1], 120, 0);
    ASSERT(!p->sigma_from_file);
    ASSERT_NEAR(p->sigma[0], 10.0, 1e-12); /* sqrt(100) */
    ASSERT(p->unit == XRD_X_TWO_THETA_DEG);
    ASSERT(!p->reversed && p->n_negative == 0 && p->first_negative_line == 0);
    ASSERT(!strcmp(p->source, "buf"));
    xrd_pattern_free(p);
}

static void comma_and_semicolon(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("# 2Theta,Counts\n  35.62961, 265.41788\n  35.64963, 276.09999\n", NULL, &p, &e) ==
           XRD_OK);
    ASSERT(p->n == 2);
    ASSERT_NEAR(p->x[0], 35.62961, 0);
    ASSERT_NEAR(p->y[1], 276.09999, 0);
    xrd_pattern_free(p);
    ASSERT(rd("x;y\n1.5;2\n2.5 ; 3 ;\n", NULL, &p, &e) == XRD_OK); /* trailing ';' tolerated */
    ASSERT(p->n == 2);
    ASSERT_NEAR(p->x[1], 2.5, 0);
    ASSERT_NEAR(p->y[1], 3, 0);
    xrd_pattern_free(p);
    ASSERT(rd("6,10302\r\n6.03808,10161\r\n", NULL, &p, &e) == XRD_OK);
    ASSERT(p->n == 2);
    ASSERT_NEAR(p->y[0], 10302, 0);
    xrd_pattern_free(p);
}

static void comments_headers_bom_crlf(void)
{
    const char *text = "\xef\xbb\xbf"
                       "Title line without comment char\r\n"
                       "# hash\r\n"
                       "! bang\r\n"
                       "; semicolon\r\n"
                       "' quote\r\n"
                       "\r\n"
                       "angle intensity\r\n"
                       "   \t\r\n"
                       "20.0 5 # inline comment\r\n"
                       "# a comment inside the data\r\n"
                       "20.1 6\r\n"
                       "20.2 7\r\n";
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd(text, NULL, &p, &e) == XRD_OK);
    ASSERT(p->n == 3);
    ASSERT_NEAR(p->x[2], 20.2, 0);
    ASSERT_NEAR(p->y[2], 7, 0);
    ASSERT(p->header_lines == 8);
    xrd_pattern_free(p);
    /* a point count line before the data (as in .chi files) is a header line */
    ASSERT(rd("Q\nIntensity\n  3\n1 2\n2 3\n3 4\n", NULL, &p, &e) == XRD_OK);
    ASSERT(p->n == 3);
    xrd_pattern_free(p);
}

static void three_columns_sigma(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("1 100 3\n2 4 0.5\n3 0 2\n", NULL, &p, &e) == XRD_OK);
    ASSERT(p->sigma_from_file);
    ASSERT_NEAR(p->sigma[0], 3, 0);
    ASSERT_NEAR(p->sigma[1], 0.5, 0);
    xrd_pattern_free(p);
    /* third column ignored with col_sigma = -1: weights from counts, floor 1 */
    xrd_read_options o;
    xrd_read_options_default(&o);
    o.col_sigma = -1;
    ASSERT(rd("1 100 3\n2 0.25 0.5\n", &o, &p, &e) == XRD_OK);
    ASSERT(!p->sigma_from_file);
    ASSERT_NEAR(p->sigma[0], 10, 1e-12);
    ASSERT_NEAR(p->sigma[1], 1, 0);
    xrd_pattern_free(p);
    /* more columns when chosen: x = 3rd, y = 1st, sigma = 4th */
    o.col_x = 2;
    o.col_y = 0;
    o.col_sigma = 3;
    ASSERT(rd("50 9 1.0 5 7\n60 9 1.5 6 7\n", &o, &p, &e) == XRD_OK);
    ASSERT(p->n == 2);
    ASSERT_NEAR(p->x[1], 1.5, 0);
    ASSERT_NEAR(p->y[1], 60, 0);
    ASSERT_NEAR(p->sigma[1], 6, 0);
    xrd_pattern_free(p);
    o.col_sigma = 7; /* beyond the columns of the file */
    ASSERT(rd("50 9 1.0 5 7\n60 9 1.5 6 7\n", &o, &p, &e) == XRD_ERR_COLUMNS);
    ASSERT(e.line == 1);
}

static void skip_zero_sigma(void)
{
    xrd_read_options o;
    xrd_read_options_default(&o);
    o.skip_zero_sigma = 1;
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("1 10 1\n2 0 0\n3 12 1\n4 0 -1\n", &o, &p, &e) == XRD_OK);
    ASSERT(p->n == 2 && p->n_skipped == 2);
    ASSERT_NEAR(p->x[1], 3, 0);
    xrd_pattern_free(p);
}

static void descending_reversed(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("30 1 1\n20 2 2\n10 3 3\n", NULL, &p, &e) == XRD_OK);
    ASSERT(p->reversed == 1);
    ASSERT_NEAR(p->x[0], 10, 0);
    ASSERT_NEAR(p->y[0], 3, 0);
    ASSERT_NEAR(p->sigma[0], 3, 0);
    ASSERT_NEAR(p->x[2], 30, 0);
    ASSERT_NEAR(p->y[2], 1, 0);
    xrd_pattern_free(p);
}

static void negative_counts_reported(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("# h\n1 5\n2 -3\n3 4\n4 -0.5\n", NULL, &p, &e) == XRD_OK);
    ASSERT(p->n_negative == 2);
    ASSERT(p->first_negative_line == 3);
    ASSERT_NEAR(p->y[1], -3, 0);
    ASSERT_NEAR(p->sigma[1], 1, 0); /* sqrt(max(y, 1)) */
    xrd_pattern_free(p);
}

static void nonuniform_steps_and_gaps(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("1 1\n1.1 1\n1.2 1\n1.3 1\n5 1\n5.1 1\n5.25 1\n", NULL, &p, &e) == XRD_OK);
    xrd_pattern_stats st;
    xrd_pattern_get_stats(p, &st);
    ASSERT_NEAR(st.x_min, 1, 0);
    ASSERT_NEAR(st.x_max, 5.25, 0);
    ASSERT_NEAR(st.step_min, 0.1, 1e-12);
    ASSERT_NEAR(st.step_max, 3.7, 1e-12);
    /* steps 0.1 0.1 0.1 3.7 0.1 0.15: median of 6 = (0.1 + 0.1) / 2 */
    ASSERT_NEAR(st.step_median, 0.1, 1e-12);
    ASSERT(!st.uniform);
    ASSERT(st.n_gaps == 1);
    xrd_pattern_free(p);
}

static void stats_values(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("10 5\n10.5 50\n11 -2\n11.5 7\n12 8\n", NULL, &p, &e) == XRD_OK);
    xrd_pattern_stats st;
    xrd_pattern_get_stats(p, &st);
    ASSERT(st.uniform && st.n_gaps == 0);
    ASSERT_NEAR(st.step_median, 0.5, 1e-12);
    ASSERT_NEAR(st.y_max, 50, 0);
    ASSERT_NEAR(st.x_at_y_max, 10.5, 0);
    ASSERT_NEAR(st.y_min, -2, 0);
    xrd_pattern_free(p);
    /* median of many random steps equals the sorted middle value */
    size_t n = 1001;
    xrd_pattern *q = xrd_pattern_new(n);
    ASSERT(q);
    unsigned s = 12345;
    double *steps = malloc((n - 1) * sizeof *steps);
    ASSERT(steps);
    q->x[0] = 0;
    for (size_t i = 1; i < n; i++) {
        s = s * 1103515245u + 12345u;
        steps[i - 1] = 0.01 + (double)(s >> 16 & 0x7fff) / 32768.0;
        q->x[i] = q->x[i - 1] + steps[i - 1];
    }
    /* insertion sort: independent of the library's selection */
    for (size_t i = 1; i < n - 1; i++)
        for (size_t j = i; j > 0 && steps[j - 1] > steps[j]; j--) {
            double t = steps[j];
            steps[j] = steps[j - 1];
            steps[j - 1] = t;
        }
    xrd_pattern_get_stats(q, &st);
    double want = 0.5 * (steps[499] + steps[500]);
    free(steps);
    xrd_pattern_free(q);
    ASSERT_NEAR(st.step_median, want, 1e-9);
}

static void new_clone_free(void)
{
    xrd_pattern *p = xrd_pattern_new(3);
    ASSERT(p && p->n == 3 && p->x[2] == 0 && p->unit == XRD_X_TWO_THETA_DEG);
    p->x[0] = 1;
    p->x[1] = 2;
    p->x[2] = 3;
    p->y[2] = 9;
    p->sigma[2] = 3;
    snprintf(p->source, sizeof p->source, "made");
    xrd_pattern *c = xrd_pattern_clone(p);
    ASSERT(c && c->n == 3 && c->x != p->x);
    p->y[2] = 0;
    ASSERT_NEAR(c->y[2], 9, 0);
    ASSERT(!strcmp(c->source, "made"));
    xrd_pattern_free(p);
    xrd_pattern_free(c);
    xrd_pattern_free(NULL);
}

static void crop(void)
{
    xrd_pattern *p = NULL, *c = NULL;
    xrd_error e;
    ASSERT(rd("10 1\n11 -2\n12 3\n13 4\n14 5\n", NULL, &p, &e) == XRD_OK);
    ASSERT(xrd_pattern_crop(p, 10.5, 13, &c, &e) == XRD_OK);
    ASSERT(c->n == 3);
    ASSERT_NEAR(c->x[0], 11, 0);
    ASSERT_NEAR(c->x[2], 13, 0);
    ASSERT(c->n_negative == 1);
    xrd_pattern_free(c);
    ASSERT(xrd_pattern_crop(p, 11.5, 20, &c, &e) == XRD_OK);
    ASSERT(c->n == 3 && c->n_negative == 0 && c->first_negative_line == 0);
    xrd_pattern_free(c);
    ASSERT(xrd_pattern_crop(p, 12.5, 13.5, &c, &e) == XRD_ERR_TOO_FEW);
    ASSERT(c == NULL);
    ASSERT(xrd_pattern_crop(p, 20, 30, &c, &e) == XRD_ERR_TOO_FEW);
    xrd_pattern_free(p);
}

/* bins of 2: x their mean, counts summed (sigma of a sum of Poisson counts),
 * the odd last point left out; bins that leave fewer than 2 are refused */
static void bin(void)
{
    xrd_pattern *p = NULL, *b = NULL;
    xrd_error e;
    ASSERT(rd("10 4 2\n11 9 3\n12 16 4\n13 1 1\n14 5 2\n", NULL, &p, &e) == XRD_OK);
    ASSERT(xrd_pattern_bin(p, 2, &b, &e) == XRD_OK);
    ASSERT(b->n == 2);
    ASSERT_NEAR(b->x[0], 10.5, 1e-12);
    ASSERT_NEAR(b->x[1], 12.5, 1e-12);
    ASSERT_NEAR(b->y[0], 13, 1e-12);
    ASSERT_NEAR(b->y[1], 17, 1e-12);
    ASSERT_NEAR(b->sigma[0], sqrt(13.0), 1e-12);
    ASSERT_NEAR(b->sigma[1], sqrt(17.0), 1e-12);
    xrd_pattern_free(b);
    ASSERT(xrd_pattern_bin(p, 1, &b, &e) == XRD_OK && b->n == 5 && b->y[4] == 5);
    xrd_pattern_free(b);
    ASSERT(xrd_pattern_bin(p, 3, &b, &e) == XRD_ERR_TOO_FEW && b == NULL);
    ASSERT(xrd_pattern_bin(p, 0, &b, &e) == XRD_ERR_INVALID);
    xrd_pattern_free(p);
}

/* ---- units ---- */

static void unit_names(void)
{
    xrd_xunit u;
    ASSERT(xrd_xunit_parse("2theta", &u) == 0 && u == XRD_X_TWO_THETA_DEG);
    ASSERT(xrd_xunit_parse("tth", &u) == 0 && u == XRD_X_TWO_THETA_DEG);
    ASSERT(xrd_xunit_parse("q", &u) == 0 && u == XRD_X_Q_INV_A);
    ASSERT(xrd_xunit_parse("q_A", &u) == 0 && u == XRD_X_Q_INV_A);
    ASSERT(xrd_xunit_parse("q_nm", &u) == 0 && u == XRD_X_Q_INV_NM);
    ASSERT(xrd_xunit_parse("d", &u) == 0 && u == XRD_X_D_A);
    ASSERT(xrd_xunit_parse("s", &u) == 0 && u == XRD_X_S_INV_A);
    ASSERT(xrd_xunit_parse("s_nm", &u) == 0 && u == XRD_X_S_INV_NM);
    ASSERT(xrd_xunit_parse("furlong", &u) == -1);
    ASSERT(!strcmp(xrd_xunit_name(XRD_X_TWO_THETA_DEG), "2theta_deg"));
    ASSERT(!strcmp(xrd_xunit_name(XRD_X_Q_INV_A), "q_inv_A"));
    ASSERT(!strcmp(xrd_xunit_name(XRD_X_Q_INV_NM), "q_inv_nm"));
    ASSERT(!strcmp(xrd_xunit_name(XRD_X_D_A), "d_A"));
    for (int i = 0; i <= XRD_X_LAST; i++) { /* every name parses back to its unit */
        ASSERT(xrd_xunit_parse(xrd_xunit_name((xrd_xunit)i), &u) == 0);
        ASSERT((int)u == i);
    }
}

static void unit_conversion(void)
{
    const double lam = 1.5406;
    /* Bragg: d = lambda / (2 sin theta); q = 2 pi / d */
    double tth = 44.5, th = tth / 2 * M_PI / 180;
    double d = lam / (2 * sin(th));
    ASSERT_NEAR(xrd_x_convert(tth, XRD_X_TWO_THETA_DEG, XRD_X_D_A, lam), d, 1e-12);
    ASSERT_NEAR(xrd_x_convert(tth, XRD_X_TWO_THETA_DEG, XRD_X_Q_INV_A, lam), 2 * M_PI / d, 1e-12);
    ASSERT_NEAR(xrd_x_convert(tth, XRD_X_TWO_THETA_DEG, XRD_X_Q_INV_NM, lam), 20 * M_PI / d,
                1e-11);
    ASSERT_NEAR(xrd_x_convert(2.0, XRD_X_D_A, XRD_X_Q_INV_A, 0), M_PI, 1e-14); /* no lambda */
    ASSERT_NEAR(xrd_x_convert(31.4, XRD_X_Q_INV_NM, XRD_X_Q_INV_A, 0), 3.14, 1e-14);
    /* s = 1/d = 2 sin(theta) / lambda, in 1/A and 1/nm */
    ASSERT_NEAR(xrd_x_convert(tth, XRD_X_TWO_THETA_DEG, XRD_X_S_INV_A, lam), 1 / d, 1e-12);
    ASSERT_NEAR(xrd_x_convert(tth, XRD_X_TWO_THETA_DEG, XRD_X_S_INV_NM, lam), 10 / d, 1e-11);
    ASSERT_NEAR(xrd_x_convert(0.5, XRD_X_S_INV_A, XRD_X_D_A, 0), 2.0, 1e-14);
    ASSERT_NEAR(xrd_x_convert(1.0, XRD_X_S_INV_A, XRD_X_Q_INV_A, 0), 2 * M_PI, 1e-14);
    /* round trips */
    for (double t = 5; t < 170; t += 7.3) {
        for (int u = 1; u <= XRD_X_LAST; u++) {
            double v = xrd_x_convert(t, XRD_X_TWO_THETA_DEG, (xrd_xunit)u, lam);
            ASSERT_NEAR(xrd_x_convert(v, (xrd_xunit)u, XRD_X_TWO_THETA_DEG, lam), t, 1e-10);
        }
    }
    /* beyond the Ewald sphere: q > 4 pi / lambda has no 2theta */
    ASSERT(isnan(xrd_x_convert(4 * M_PI / lam * 1.01, XRD_X_Q_INV_A, XRD_X_TWO_THETA_DEG, lam)));
    ASSERT(isnan(xrd_x_convert(lam / 2 * 0.99, XRD_X_D_A, XRD_X_TWO_THETA_DEG, lam)));
    ASSERT(isnan(xrd_x_convert(30, XRD_X_TWO_THETA_DEG, XRD_X_D_A, 0))); /* lambda needed */
}

static void pattern_conversion(void)
{
    xrd_pattern *p = NULL, *q = NULL, *back = NULL;
    xrd_error e;
    ASSERT(rd("20 1 1\n40 2 2\n60 3 3\n80 4 4\n", NULL, &p, &e) == XRD_OK);
    ASSERT(xrd_pattern_convert(p, XRD_X_D_A, 1.5406, &q, &e) == XRD_OK);
    ASSERT(q->unit == XRD_X_D_A && q->n == 4);
    ASSERT(q->x[0] < q->x[1]);             /* sorted increasing d */
    ASSERT_NEAR(q->y[0], 4, 0);            /* smallest d is the highest angle */
    ASSERT_NEAR(q->sigma[3], 1, 0);
    ASSERT(xrd_pattern_convert(q, XRD_X_TWO_THETA_DEG, 1.5406, &back, &e) == XRD_OK);
    for (size_t i = 0; i < 4; i++) {
        ASSERT_NEAR(back->x[i], p->x[i], 1e-10);
        ASSERT_NEAR(back->y[i], p->y[i], 0);
    }
    xrd_pattern_free(back);
    xrd_pattern_free(q);
    /* at a longer wavelength the highest angles are unreachable: dropped */
    ASSERT(xrd_pattern_convert(p, XRD_X_Q_INV_A, 1.5406, &q, &e) == XRD_OK);
    ASSERT(xrd_pattern_convert(q, XRD_X_TWO_THETA_DEG, 4.0, &back, &e) == XRD_OK);
    ASSERT(back->n == 2); /* q of 60 deg at 1.5406 A needs sin(theta) = 1.30 at 4 A */
    xrd_pattern_free(back);
    ASSERT(xrd_pattern_convert(q, XRD_X_TWO_THETA_DEG, 10.0, &back, &e) == XRD_ERR_TOO_FEW);
    xrd_pattern_free(q);
    ASSERT(xrd_pattern_convert(p, XRD_X_Q_INV_A, 0, &q, &e) == XRD_ERR_INVALID);
    xrd_pattern_free(p);
}

static void unit_from_header(void)
{
    struct {
        const char *text;
        xrd_xunit unit;
    } cases[] = {
        {"C:\\data\\PDF-dat\nQ (Inverse Nanometres)\nIntensity\n  3\n1 2\n2 3\n3 4\n",
         XRD_X_Q_INV_NM},
        {"# q_nm^-1 I\n1 2\n2 3\n", XRD_X_Q_INV_NM},
        {"# Q (A^-1)  I\n1 2\n2 3\n", XRD_X_Q_INV_A},
        {"q_A intensity\n1 2\n2 3\n", XRD_X_Q_INV_A},
        {"# d-spacing counts\n1 2\n2 3\n", XRD_X_D_A},
        {"# d (A), I\n1, 2\n2, 3\n", XRD_X_D_A},
        {"# s (1/A) counts\n1 2\n2 3\n", XRD_X_S_INV_A},
        {"# s (1/nm) counts\n1 2\n2 3\n", XRD_X_S_INV_NM},
        {"# intensities (1/A)\n1 2\n2 3\n", XRD_X_Q_INV_A}, /* not s: a word ending in s */
        {"# 2th_deg I\n1 2\n2 3\n", XRD_X_TWO_THETA_DEG},
        /* the line nearest to the data wins */
        {"# exported from q_nm data\n# 2theta I\n1 2\n2 3\n", XRD_X_TWO_THETA_DEG},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xrd_pattern *p = NULL;
        xrd_error e;
        ASSERT_MSG(rd(cases[i].text, NULL, &p, &e) == XRD_OK, "case %zu: %s", i, e.message);
        ASSERT_MSG(p->unit == cases[i].unit && p->unit_from_header, "case %zu: unit %s", i,
                   xrd_xunit_name(p->unit));
        xrd_pattern_free(p);
    }
    /* no statement: the option's unit; a given unit overrides the header */
    xrd_read_options o;
    xrd_read_options_default(&o);
    o.unit = XRD_X_D_A;
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd("# Matthew's scan\n1 2\n2 3\n", &o, &p, &e) == XRD_OK); /* no "tth" in Matthew */
    ASSERT(p->unit == XRD_X_D_A && !p->unit_from_header);
    xrd_pattern_free(p);
    o.unit = XRD_X_Q_INV_A;
    o.unit_given = 1;
    ASSERT(rd("# 2theta I\n1 2\n2 3\n", &o, &p, &e) == XRD_OK);
    ASSERT(p->unit == XRD_X_Q_INV_A && !p->unit_from_header);
    xrd_pattern_free(p);
}

static void wavelength_from_header(void)
{
    struct {
        const char *text;
        double lambda_A;
    } cases[] = {
        {"# Wavelength: 4.066e-11 m\n1 2\n2 3\n", 0.4066},
        {"# wavelength = 1.5406\n1 2\n2 3\n", 1.5406},
        {"GSAS title\n# Mean wavelength is:     0.413128\n1 2\n2 3\n", 0.413128},
        {"# lambda = 0.15406 nm\n1 2\n2 3\n", 1.5406},
        {"# sample LaB6, no wavelength stated\n1 2\n2 3\n", 0},
        {"1 2\n2 3\n# wavelength 1.54 after the data is not a header\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xrd_pattern *p = NULL;
        xrd_error e;
        ASSERT_MSG(rd(cases[i].text, NULL, &p, &e) == XRD_OK, "case %zu: %s", i, e.message);
        double got = p->wavelength_A;
        xrd_pattern_free(p);
        ASSERT_MSG(fabs(got - cases[i].lambda_A) < 1e-9, "case %zu: %g, expected %g", i, got,
                   cases[i].lambda_A);
    }
}

/* ---- GSAS ---- */

static void gsas_fxye_and_esd(void)
{
    const char *fxye = "GSAS title line\n"
                       "# Mean wavelength is:     0.413128\n"
                       "BANK 1  3 3 CONS       49.950       0.050  0 0 FXYE \n"
                       "      49.950    13.0092        1.29518    \n"
                       "      50.000    14.0        1.5    \n"
                       "      50.050    15.0        1.6    \n";
    xrd_pattern *p = NULL;
    xrd_error e;
    ASSERT(rd(fxye, NULL, &p, &e) == XRD_OK);
    ASSERT(p->n == 3 && p->sigma_from_file);
    ASSERT_NEAR(p->x[0], 0.4995, 1e-15); /* centidegrees */
    ASSERT_NEAR(p->x[2], 0.5005, 1e-15);
    ASSERT_NEAR(p->sigma[0], 1.29518, 0);
    ASSERT_NEAR(p->x_scale, 0.01, 0);
    ASSERT_NEAR(p->wavelength_A, 0.413128, 1e-12);
    ASSERT(p->header_lines == 3);
    xrd_pattern_free(p);
    /* an explicit scale wins */
    xrd_read_options o;
    xrd_read_options_default(&o);
    o.x_scale = 0.5;
    ASSERT(rd(fxye, &o, &p, &e) == XRD_OK);
    ASSERT_NEAR(p->x[0], 24.975, 1e-12);
    xrd_pattern_free(p);
    const char *esd = "title\n"
                      "BANK 1 5 1 CONS 1000.0 2.5 0 0 ESD\n"
                      "    100.00     10.00    121.00     11.00    144.00     12.00\n"
                      "    169.00     13.00    196.00     14.00\n";
    ASSERT(rd(esd, NULL, &p, &e) == XRD_OK);
    ASSERT(p->n == 5);
    ASSERT_NEAR(p->x[0], 10.0, 1e-12);
    ASSERT_NEAR(p->x[4], 10.1, 1e-12);
    ASSERT_NEAR(p->y[3], 169, 0);
    ASSERT_NEAR(p->sigma[3], 13, 0);
    xrd_pattern_free(p);
}

/* ---- locale ---- */

static void locale_independent(void)
{
    const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (!loc) { /* build the locale in the test folder when its source is present */
        char cmd[1024];
        const char *tmp = th_tmpdir();
        snprintf(cmd, sizeof cmd,
                 "localedef -i de_DE -f UTF-8 '%s/locale/de_DE.UTF-8' >/dev/null 2>&1", tmp);
        char dir[600];
        snprintf(dir, sizeof dir, "%s/locale", tmp);
        mkdir(dir, 0755);
        if (system(cmd) == 0) {
            setenv("LOCPATH", dir, 1);
            loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
        }
    }
    if (!loc || strcmp(localeconv()->decimal_point, ",") != 0) {
        setlocale(LC_NUMERIC, "C");
        SKIP("no locale with a decimal comma (de_DE.UTF-8) available or buildable");
    }
    double libc = strtod("1.5", NULL); /* the trap we avoid: 1 under de_DE */
    xrd_pattern *p = NULL;
    xrd_error e;
    xrd_status st = rd("10.5 100.25 2.5\n10.75 3.5e1 0.125\n", NULL, &p, &e);
    setlocale(LC_NUMERIC, "C");
    ASSERT(libc == 1.0);
    ASSERT(st == XRD_OK);
    ASSERT_NEAR(p->x[0], 10.5, 0);
    ASSERT_NEAR(p->y[0], 100.25, 0);
    ASSERT_NEAR(p->x[1], 10.75, 0);
    ASSERT_NEAR(p->y[1], 35, 0);
    ASSERT_NEAR(p->sigma[1], 0.125, 0);
    xrd_pattern_free(p);
}

/* ---- files and whole-file errors ---- */

static void file_errors(void)
{
    char path[700];
    xrd_pattern *p = NULL;
    xrd_error e;
    snprintf(path, sizeof path, "%s/does-not-exist.xy", th_tmpdir());
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_ERR_IO);
    ASSERT(!strcmp(e.file, path) && p == NULL);
    ASSERT(strstr(e.message, "No such file"));
    ASSERT(xrd_pattern_read_file(th_tmpdir(), NULL, &p, &e) == XRD_ERR_IO); /* a directory */

    /* NUL bytes: binary, at the line holding the first NUL */
    snprintf(path, sizeof path, "%s/nul.xy", th_tmpdir());
    ASSERT(write_file(path, "1 2\n3 4\n5\0006\n", 12) == 0);
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_ERR_BINARY);
    ASSERT(e.line == 3);

    /* too large: refused before reading, the limit stated in MiB */
    snprintf(path, sizeof path, "%s/big.xy", th_tmpdir());
    char big[4096];
    size_t n = 0;
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%d 1\n", i);
    ASSERT(write_file(path, big, n) == 0);
    xrd_read_options o;
    xrd_read_options_default(&o);
    ASSERT(xrd_pattern_read_file(path, &o, &p, &e) == XRD_OK);
    ASSERT(p->n == 200);
    ASSERT(!strcmp(p->source, path));
    xrd_pattern_free(p);
    o.max_bytes = 512;
    ASSERT(xrd_pattern_read_file(path, &o, &p, &e) == XRD_ERR_TOO_LARGE);
    ASSERT(strstr(e.message, "MiB"));
    ASSERT(xrd_pattern_read_buffer(big, n, "big", &o, &p, &e) == XRD_ERR_TOO_LARGE);
    /* the default limit is 256 MiB */
    ASSERT(XRD_PATTERN_MAX_BYTES == (size_t)256 * 1024 * 1024);
}

/* Every file of tests/data/bad_patterns/EXPECTED: exact status and line. */
static void bad_patterns_manifest(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/bad_patterns/EXPECTED", th_top());
    FILE *f = fopen(path, "r");
    ASSERT_MSG(f, "cannot open %s", path);
    char line[512];
    int count = 0, bad = 0;
    char first_bad[1024] = "";
    while (fgets(line, sizeof line, f)) {
        char name[256], status[64], opts[256] = "";
        long want_line;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int k = sscanf(line, "%255s %63s %ld %255s", name, status, &want_line, opts);
        if (k < 3) {
            fclose(f);
            ASSERT_MSG(0, "bad manifest line: %s", line);
        }
        xrd_read_options o;
        xrd_read_options_default(&o);
        for (char *t = strtok(opts, ","); k == 4 && t; t = strtok(NULL, ",")) {
            if (!strncmp(t, "max_bytes=", 10))
                o.max_bytes = (size_t)atol(t + 10);
            else if (!strcmp(t, "skip_zero_sigma"))
                o.skip_zero_sigma = 1;
            else if (!strncmp(t, "col_sigma=", 10))
                o.col_sigma = atoi(t + 10);
        }
        char file[1024];
        snprintf(file, sizeof file, "%s/tests/data/bad_patterns/%s", th_top(), name);
        xrd_pattern *p = NULL;
        xrd_error e;
        xrd_status st = xrd_pattern_read_file(file, &o, &p, &e);
        count++;
        int ok = st != XRD_OK && !strcmp(xrd_status_name(st), status) && e.line == want_line &&
                 e.code == st && !strcmp(e.file, file) && e.message[0] && p == NULL;
        if (!ok) {
            if (!bad++)
                snprintf(first_bad, sizeof first_bad, "%.200s: got %s line %ld (%.300s), expected %.60s line %ld",
                         name, xrd_status_name(st), st ? e.line : 0L, st ? e.message : "",
                         status, want_line);
        }
        xrd_pattern_free(p);
    }
    fclose(f);
    ASSERT_MSG(bad == 0, "%d of %d wrong; first: %s", bad, count, first_bad);
    ASSERT_MSG(count >= 25, "only %d malformed files in the manifest", count);
}

/* Messages say what was expected and where. */
static void error_messages(void)
{
    xrd_pattern *p = NULL;
    xrd_error e;
    char buf[2048];
    ASSERT(rd("35.60 1\n35.64 2\n35.62 3\n", NULL, &p, &e) == XRD_ERR_NOT_MONOTONIC);
    xrd_error_format(&e, buf, sizeof buf);
    ASSERT_MSG(!strcmp(buf, "buf:3: x is not increasing: 35.62 at line 3 follows 35.64 at line 2"),
               "%.500s", buf);
    ASSERT(rd("1 2\n2 3 4 5\n", NULL, &p, &e) == XRD_ERR_COLUMNS);
    ASSERT_MSG(strstr(e.message, "expected 2 columns like line 1, found 4"), "%s", e.message);
    ASSERT(rd("1 2 3 4\n", NULL, &p, &e) == XRD_ERR_COLUMNS);
    ASSERT_MSG(strstr(e.message, "expected 2 or 3 columns, found 4"), "%s", e.message);
    ASSERT(rd("1 2\n2 x7\n", NULL, &p, &e) == XRD_ERR_PARSE);
    ASSERT_MSG(strstr(e.message, "'x7'"), "%s", e.message);
}

/* ---- real data ---- */

typedef struct {
    const char *rel;
    size_t n;
    double x_lo, x_hi; /* INDEX.md range, 2 decimals */
    xrd_xunit unit;
    int col_sigma;     /* option: -2 auto, -1 none */
    int skip_zero;
} real_case;

static const real_case real_cases[] = {
    {"lab6_660a_11bm/11bmb_3844.fxye", 132992, 0.50, 67.00, XRD_X_TWO_THETA_DEG, -2, 0},
    {"lab6_660c_nist_dbd_100a/nist_srm660c_100a_full.xye", 5332, 20.30, 150.91,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"lab6_gsas2tut_bruker_jan2018/LaB6_Jan2018_converted.xy", 3040, 10.00, 70.00,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"lab6_xrayutilities_d500/LaB6_d500_si_psd.xye", 17381, 4.57, 150.58, XRD_X_TWO_THETA_DEG,
     -2, 1},
    {"ceo2_dioptas_pilatus1m/CeO2_Pilatus1M.xy", 1512, 0.01, 30.83, XRD_X_TWO_THETA_DEG, -2, 0},
    {"ceo2_spring8_fcbenten/CeO2_spring8.xy", 16150, 2.10, 82.84, XRD_X_TWO_THETA_DEG, -1, 0},
    {"lab6_nist_d8/E211110-AAC-001_005-000_exported.csv", 5424, 10.73, 119.34,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"pt_c_tec10v50e_spring8/pt_TEC10V50E.xy", 16550, 2.10, 84.84, XRD_X_TWO_THETA_DEG, -2, 0},
    {"pt_c_tec10v50e_spring8/capillary_background_lindemann.xy", 16550, 2.10, 84.84,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"ru_np_hcp/XRD_Ru.xy", 5051, 5.00, 80.01, XRD_X_TWO_THETA_DEG, -2, 0},
    {"ru_pt_np/XRD_Ru-Pt.csv", 2206, 6.00, 89.98, XRD_X_TWO_THETA_DEG, -2, 0},
    {"ru_ir_hcp/XRD_Ru-Ir.csv", 2206, 6.00, 89.96, XRD_X_TWO_THETA_DEG, -2, 0},
    {"ru_pt_pd_np_two_phase/XRD_Ru-Pt-Pd.csv", 2258, 10.00, 90.02, XRD_X_TWO_THETA_DEG, -2, 0},
    {"nbmotati_v_hea_bcc/Nb_Mo_Ta_Ti_V_As_Cast_01_001_exported.xy", 9742, 11.31, 108.72,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"fe_powder_bcc_nist_d8/E211110-AAC-001_008-000_exported.csv", 4176, 35.63, 119.26,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"ss316l_powder_fcc_nist_d8/E211110-AAC-001_012-000_exported.csv", 4173, 35.91, 119.48,
     XRD_X_TWO_THETA_DEG, -2, 0},
    {"ni_total_scattering_q/ni.chi", 2000, 0.09, 349.51, XRD_X_Q_INV_NM, -2, 0},
};

static int realdata_present(void)
{
    struct stat sb;
    return stat(th_realdata(), &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void real_patterns(void)
{
    if (!realdata_present())
        SKIP("real data folder %s not found", th_realdata());
    for (size_t i = 0; i < sizeof real_cases / sizeof real_cases[0]; i++) {
        const real_case *c = &real_cases[i];
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", th_realdata(), c->rel);
        xrd_read_options o;
        xrd_read_options_default(&o);
        o.col_sigma = c->col_sigma;
        o.skip_zero_sigma = c->skip_zero;
        xrd_pattern *p = NULL;
        xrd_error e;
        xrd_status st = xrd_pattern_read_file(path, &o, &p, &e);
        ASSERT_MSG(st == XRD_OK, "%s: %s line %ld: %s", c->rel, xrd_status_name(st), e.line,
                   e.message);
        size_t n = p->n, n_all = p->n + p->n_skipped;
        double lo = p->x[0], hi = p->x[p->n - 1];
        xrd_xunit unit = p->unit;
        int from_file = p->sigma_from_file;
        xrd_pattern_free(p);
        ASSERT_MSG(n_all == c->n, "%s: %zu points, INDEX.md says %zu", c->rel, n_all, c->n);
        ASSERT_MSG(c->skip_zero || n == c->n, "%s: %zu points kept", c->rel, n);
        /* dropped points (sigma 0) only shorten the range at the ends */
        int hi_ok = c->skip_zero ? hi <= c->x_hi + 0.0051 : fabs(hi - c->x_hi) <= 0.0051;
        ASSERT_MSG(fabs(lo - c->x_lo) <= 0.0051 && hi_ok,
                   "%s: range %.4f-%.4f, INDEX.md says %.2f-%.2f", c->rel, lo, hi, c->x_lo,
                   c->x_hi);
        ASSERT_MSG(unit == c->unit, "%s: unit %s", c->rel, xrd_xunit_name(unit));
        ASSERT_MSG(c->col_sigma != -1 || !from_file, "%s: sigma from file", c->rel);
    }
}

static void real_special_cases(void)
{
    if (!realdata_present())
        SKIP("real data folder %s not found", th_realdata());
    char path[1024];
    xrd_pattern *p = NULL;
    xrd_error e;
    /* xrayutilities .xye: sigma 0 at the end of the detector coverage */
    snprintf(path, sizeof path, "%s/lab6_xrayutilities_d500/LaB6_d500_si_psd.xye", th_realdata());
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_ERR_SIGMA);
    ASSERT(e.line == 17370);
    xrd_read_options o;
    xrd_read_options_default(&o);
    o.skip_zero_sigma = 1;
    ASSERT(xrd_pattern_read_file(path, &o, &p, &e) == XRD_OK);
    ASSERT(p->n_skipped > 0 && p->n + p->n_skipped == 17381);
    ASSERT(p->sigma_from_file);
    for (size_t i = 0; i < p->n; i++)
        ASSERT(p->sigma[i] > 0);
    xrd_pattern_free(p);
    /* ni.chi: q in 1/nm from 'Q (Inverse Nanometres)', zero counts at the start */
    snprintf(path, sizeof path, "%s/ni_total_scattering_q/ni.chi", th_realdata());
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_OK);
    ASSERT(p->unit == XRD_X_Q_INV_NM && p->unit_from_header);
    /* intensities, not counts: sigma from the scatter, positive also at y = 0 */
    ASSERT(p->y[0] == 0 && p->sigma[0] > 0 && p->noise.source == XRD_SIGMA_FROM_SCATTER);
    xrd_pattern_free(p);
    /* pyFAI header: wavelength 4.066e-11 m */
    snprintf(path, sizeof path, "%s/ceo2_dioptas_pilatus1m/CeO2_Pilatus1M.xy", th_realdata());
    ASSERT(xrd_pattern_read_file(path, NULL, &p, &e) == XRD_OK);
    ASSERT_NEAR(p->wavelength_A, 0.4066, 1e-12);
    xrd_pattern_free(p);
    /* CeO2 SPring-8: the third column is a rounded 2theta, not a sigma */
    snprintf(path, sizeof path, "%s/ceo2_spring8_fcbenten/CeO2_spring8.xy", th_realdata());
    o.skip_zero_sigma = 0;
    o.col_sigma = -1;
    ASSERT(xrd_pattern_read_file(path, &o, &p, &e) == XRD_OK);
    ASSERT(!p->sigma_from_file && p->n == 16150);
    xrd_pattern_free(p);
}

/* The 11-BM LaB6 FXYE file (133k points, sigma from the file) read three
 * times gives the same header and grid each time. How fast is the bench's
 * to say, not a test's. */
static void real_fxye_read(void)
{
    if (!realdata_present())
        SKIP("real data folder %s not found", th_realdata());
    char path[1024];
    snprintf(path, sizeof path, "%s/lab6_660a_11bm/11bmb_3844.fxye", th_realdata());
    xrd_pattern *p = NULL;
    xrd_error e;
    for (int rep = 0; rep < 3; rep++) {
        xrd_status st = xrd_pattern_read_file(path, NULL, &p, &e);
        ASSERT_MSG(st == XRD_OK, "%s", e.message);
        {
            ASSERT(p->n == 132992 && p->sigma_from_file);
            ASSERT_NEAR(p->wavelength_A, 0.413128, 1e-12);
            ASSERT(p->header_lines == 61);
            xrd_pattern_stats st2;
            xrd_pattern_get_stats(p, &st2);
            ASSERT(st2.uniform);
            ASSERT_NEAR(st2.step_median, 0.0005, 1e-12);
        }
        xrd_pattern_free(p);
    }
}

int main(void)
{
    RUN(whitespace_two_columns);
    RUN(comma_and_semicolon);
    RUN(comments_headers_bom_crlf);
    RUN(three_columns_sigma);
    RUN(skip_zero_sigma);
    RUN(descending_reversed);
    RUN(negative_counts_reported);
    RUN(nonuniform_steps_and_gaps);
    RUN(stats_values);
    RUN(new_clone_free);
    RUN(crop);
    RUN(bin);
    RUN(unit_names);
    RUN(unit_conversion);
    RUN(pattern_conversion);
    RUN(unit_from_header);
    RUN(wavelength_from_header);
    RUN(gsas_fxye_and_esd);
    RUN(locale_independent);
    RUN(file_errors);
    RUN(bad_patterns_manifest);
    RUN(error_messages);
    RUN(real_patterns);
    RUN(real_special_cases);
    RUN(real_fxye_read);
    TH_EXIT();
}
