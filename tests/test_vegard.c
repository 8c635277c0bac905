/* Vegard's and Zen's laws: value(esd) parsing, composition and esd against
 * hand calculations, inverse and bowing round trips, structure and
 * determinability checks, temperature correction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

static xrd_phase_library *lib;

static void load_lib(void)
{
    char dir[1024], rng[1024];
    snprintf(dir, sizeof dir, "%s/refdata/phases", th_top());
    snprintf(rng, sizeof rng, "%s/refdata/phase.rng", th_top());
    xrd_error e;
    if (xrd_phase_library_load(dir, rng, &lib, &e) != XRD_OK)
        lib = NULL;
}

static int setup(xrd_vegard_setup *s, const char *A, const char *B, xrd_vegard_law law,
                 double b, double sb, double T)
{
    xrd_error e;
    return xrd_vegard_setup_init(s, A, B, NULL, lib, law, b, sb, T, &e) == XRD_OK;
}

static void test_parse_value_esd(void)
{
    double v, s;
    xrd_error e;
    ASSERT(xrd_parse_value_esd("3.775(1)", &v, &s, &e) == XRD_OK);
    ASSERT(v == 3.775 && s == 0.001);
    ASSERT(xrd_parse_value_esd("3.6149(12)", &v, &s, &e) == XRD_OK);
    ASSERT(v == 3.6149 && s == 0.0012);
    ASSERT(xrd_parse_value_esd("3.725", &v, &s, &e) == XRD_OK);
    ASSERT(v == 3.725 && s == 0.0);
    ASSERT(xrd_parse_value_esd("4(1)", &v, &s, &e) == XRD_OK);
    ASSERT(v == 4.0 && s == 1.0);
    ASSERT(xrd_parse_value_esd("-0.05(2)", &v, &s, &e) == XRD_OK);
    ASSERT(v == -0.05 && s == 0.02);
    ASSERT(xrd_parse_value_esd("6.4e-6", &v, &s, &e) == XRD_OK);
    ASSERT(v == 6.4e-6 && s == 0.0);
    const char *bad[] = {"3.7(", "abc", "", "3.7(1)x", "3.7()", "(1)", "3.7(a)", "1e3(1)",
                         "nan", "inf", "3,775", "3.7(0)", ".", "3.7 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        xrd_error_clear(&e);
        ASSERT_MSG(xrd_parse_value_esd(bad[i], &v, &s, &e) == XRD_ERR_PARSE,
                   "'%s' was accepted", bad[i]);
        ASSERT_MSG(strstr(e.message, "3.775(1)"), "message does not show the form: %s",
                   e.message);
    }
}

static void test_parse_value_esd_locale(void)
{
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
    const char *got = NULL;
    for (size_t i = 0; i < 4 && !got; i++)
        got = setlocale(LC_NUMERIC, names[i]);
    if (!got)
        SKIP("no locale with a decimal comma installed");
    double v, s;
    xrd_status st = xrd_parse_value_esd("3.6149(12)", &v, &s, NULL);
    setlocale(LC_NUMERIC, "C");
    ASSERT(st == XRD_OK && v == 3.6149 && s == 0.0012);
}

/* the acceptance line: xrdfit vegard --a 3.725 --ends Cu:3.612,Ru:3.81 -> 0.429 */
static void test_acceptance_cu_ru(void)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu:3.612", "Ru:3.81", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.725, 0, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x, 0.085 / 0.198, 1e-12);
    ASSERT(r.verdict == XRD_VEGARD_IN_RANGE);
    char buf[128];
    xrd_vegard_format_composition(&s, &r, buf, sizeof buf);
    ASSERT_MSG(!strcmp(buf, "x(Cu) = 0.429, x(Ru) = 0.571"), "got '%s'", buf);
}

/* sigma_x = sqrt(sa^2 + x^2 sA^2 + (1-x)^2 sB^2) / |aA - aB|, by hand:
 * a = 3.725(3), A = 3.612(2), B = 3.81(1): x = 0.4292929, sigma = 0.0328507 */
static void test_esd_hand(void)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu:3.612(2)", "Ru:3.81(1)", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.725, 0.003, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x, 0.4292929293, 1e-9);
    ASSERT_NEAR(r.x_esd, 0.0328507405, 1e-9);
    /* each end member's esd counts: without them only sa/|dA-B| remains */
    ASSERT(setup(&s, "Cu:3.612", "Ru:3.81", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.725, 0.003, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x_esd, 0.003 / 0.198, 1e-12);
    /* swapping the end members gives 1 - x with the same esd */
    ASSERT(setup(&s, "Ru:3.81(1)", "Cu:3.612(2)", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.725, 0.003, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x, 1 - 0.4292929293, 1e-9);
    ASSERT_NEAR(r.x_esd, 0.0328507405, 1e-9);
}

/* x(a, aA, aB, b) by the library, for numerical derivatives */
static double x_of(xrd_vegard_law law, double a, double aA, double aB, double b)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    char A[64], B[64];
    snprintf(A, sizeof A, "A:%.12f", aA);
    snprintf(B, sizeof B, "B:%.12f", aB);
    if (!setup(&s, A, B, law, b, 0, 0) || xrd_vegard_composition(&s, a, 0, &r, NULL))
        return NAN;
    return r.x;
}

/* esds with bowing and Zen: the library's sigma_x equals the quadrature sum
 * of numerical partial derivatives times the input esds */
static void test_esd_derivatives(void)
{
    const double aA = 3.612, aB = 3.81, sA = 0.002, sB = 0.01, sa = 0.003, sb = 0.02;
    for (int law = 0; law < 2; law++) {
        double b = law == XRD_VEGARD_ZEN ? 1.5 : 0.05;
        double sbl = law == XRD_VEGARD_ZEN ? 0.6 : sb;
        for (double a = 3.64; a < 3.80; a += 0.04) {
            xrd_vegard_setup s;
            xrd_vegard_result r;
            ASSERT(setup(&s, "A:3.612(2)", "B:3.81(1)", (xrd_vegard_law)law, b, sbl, 0));
            ASSERT(xrd_vegard_composition(&s, a, sa, &r, NULL) == XRD_OK);
            const double h = 1e-6;
            double da = (x_of(law, a + h, aA, aB, b) - x_of(law, a - h, aA, aB, b)) / (2 * h);
            double dA = (x_of(law, a, aA + h, aB, b) - x_of(law, a, aA - h, aB, b)) / (2 * h);
            double dB = (x_of(law, a, aA, aB + h, b) - x_of(law, a, aA, aB - h, b)) / (2 * h);
            double db = (x_of(law, a, aA, aB, b + h) - x_of(law, a, aA, aB, b - h)) / (2 * h);
            double want = sqrt(da * da * sa * sa + dA * dA * sA * sA + dB * dB * sB * sB +
                               db * db * sbl * sbl);
            ASSERT_NEAR(r.x_esd, want, 1e-6 * want + 1e-9);
        }
    }
}

/* lattice(x) then composition(a) returns x, for every law, in and out of [0, 1] */
static void test_round_trips(void)
{
    struct { xrd_vegard_law law; double b; } m[] = {
        {XRD_VEGARD_LINEAR, 0}, {XRD_VEGARD_LINEAR, 0.05}, {XRD_VEGARD_LINEAR, -0.03},
        {XRD_VEGARD_ZEN, 0}, {XRD_VEGARD_ZEN, 1.2}};
    const double xs[] = {0, 0.1, 0.3, 0.5, 0.75, 1, 1.15, -0.1};
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        xrd_vegard_setup s;
        ASSERT(setup(&s, "Cu:3.612(1)", "Ru:3.81(1)", m[k].law, m[k].b, 0, 0));
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            xrd_vegard_result r1, r2;
            ASSERT(xrd_vegard_lattice(&s, xs[i], 0, &r1, NULL) == XRD_OK);
            ASSERT(xrd_vegard_composition(&s, r1.a_A, 0, &r2, NULL) == XRD_OK);
            ASSERT_MSG(fabs(r2.x - xs[i]) < 1e-10, "law %d b %g: x %g -> a %.8f -> x %.12g",
                       (int)m[k].law, m[k].b, xs[i], r1.a_A, r2.x);
        }
    }
}

/* hand values: bowing raises a by b x(1-x) (b > 0, SCIENCE.md), Zen averages a^3 */
static void test_bowing_zen_hand(void)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu:3.612", "Ru:3.81", XRD_VEGARD_LINEAR, 0.05, 0, 0));
    ASSERT(xrd_vegard_lattice(&s, 0.5, 0, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.a_A, 3.711 + 0.05 * 0.25, 1e-12);
    ASSERT(xrd_vegard_composition(&s, 3.7235, 0, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x, 0.5, 1e-12);
    ASSERT(setup(&s, "Cu:3.612", "Ru:3.81", XRD_VEGARD_ZEN, 0, 0, 0));
    ASSERT(xrd_vegard_lattice(&s, 0.5, 0, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.a_A, 3.7136391897, 1e-9);
    /* Zen lies above Vegard in between (a^3 convex) */
    ASSERT(r.a_A > 3.711);
    /* inverse by hand, A = 3.615(1), B = 3.81(1), x = 0.50(2): a = 3.7125,
     * sigma_a^2 = x^2 sA^2 + (1-x)^2 sB^2 + (aA - aB)^2 sx^2 */
    ASSERT(setup(&s, "Cu:3.615(1)", "Ru:3.81(1)", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_lattice(&s, 0.5, 0.02, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.a_A, 3.7125, 1e-12);
    ASSERT_NEAR(r.a_esd_A, sqrt(0.25e-6 + 0.25e-4 + 0.195 * 0.195 * 4e-4), 1e-12);
}

/* a non-monotonic a(x) (strong bowing) gives two compositions: refused */
static void test_bowing_ambiguous(void)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu:3.612", "Ru:3.81", XRD_VEGARD_LINEAR, 0.5, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.83, 0, &r, NULL) == XRD_OK);
    ASSERT(r.verdict == XRD_VEGARD_UNDETERMINED);
    ASSERT_MSG(strstr(r.message, "not monotonic"), "%s", r.message);
    /* and no composition reaches a above the maximum */
    ASSERT(xrd_vegard_composition(&s, 3.90, 0, &r, NULL) == XRD_OK);
    ASSERT(r.verdict == XRD_VEGARD_UNDETERMINED);
    ASSERT_MSG(strstr(r.message, "no composition gives"), "%s", r.message);
}

/* Au 4.0786 / Ag 4.0862 with sigma_a = 0.003: no number; with 0.001 it is */
static void test_au_ag_undetermined(void)
{
    if (!lib)
        SKIP("phase library not loaded");
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Au", "Ag", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 4.080, 0.003, &r, NULL) == XRD_OK);
    ASSERT(r.verdict == XRD_VEGARD_UNDETERMINED);
    ASSERT(isnan(r.x));
    ASSERT_MSG(strstr(r.message, "cannot be determined") && strstr(r.message, "0.0076"), "%s",
               r.message);
    char buf[600];
    xrd_vegard_format_composition(&s, &r, buf, sizeof buf);
    ASSERT(!strstr(buf, "x(Au) ="));
    ASSERT(xrd_vegard_composition(&s, 4.080, 0.001, &r, NULL) == XRD_OK);
    ASSERT(r.verdict == XRD_VEGARD_IN_RANGE);
    ASSERT_NEAR(r.x_esd, 0.001 / 0.0076, 1e-9);
    /* equal end members: never a number */
    ASSERT(setup(&s, "A:4.0", "B:4.0", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 4.0, 0, &r, NULL) == XRD_OK);
    ASSERT(r.verdict == XRD_VEGARD_UNDETERMINED);
}

static void test_structure_checks(void)
{
    if (!lib)
        SKIP("phase library not loaded");
    xrd_vegard_setup s;
    xrd_error e;
    /* hcp Ru for an fcc alloy: refused, naming Ru-fcc */
    ASSERT(xrd_vegard_setup_init(&s, "Cu", "Ru", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0, &e) ==
           XRD_ERR_INVALID);
    ASSERT_MSG(strstr(e.message, "Ru-fcc") && strstr(e.message, "hcp"), "%s", e.message);
    ASSERT(xrd_vegard_setup_init(&s, "Ru", "Cu", "fcc", lib, XRD_VEGARD_LINEAR, 0, 0, 0, &e) ==
           XRD_ERR_INVALID);
    ASSERT_MSG(strstr(e.message, "Ru-fcc"), "%s", e.message);
    /* no fcc Zn in the library: say what is missing */
    ASSERT(xrd_vegard_setup_init(&s, "Cu", "Zn", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0, &e) ==
           XRD_ERR_INVALID);
    ASSERT_MSG(strstr(e.message, "no fcc phase of Zn") && strstr(e.message, "Zn:A(ESD)"), "%s",
               e.message);
    /* the fcc references are accepted; labels are the elements */
    ASSERT(xrd_vegard_setup_init(&s, "Cu", "Ru-fcc", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0,
                                 &e) == XRD_OK);
    ASSERT(!strcmp(s.structure, "fcc") && !strcmp(s.end[1].label, "Ru"));
    ASSERT_NEAR(s.end[1].a_A, 3.81, 1e-12);
    ASSERT(strstr(s.end[1].note, "metastable"));
    /* by element and structure (for analyze) */
    xrd_vegard_end en;
    ASSERT(xrd_vegard_end_for_element(lib, "Ru", "fcc", &en, &e) == XRD_OK);
    ASSERT(!strcmp(en.phase, "Ru-fcc") && !strcmp(en.label, "Ru"));
    ASSERT(xrd_vegard_end_for_element(lib, "Ru", "hcp", &en, &e) == XRD_OK);
    ASSERT(!strcmp(en.phase, "Ru"));
    ASSERT(xrd_vegard_end_for_element(lib, "Zn", "fcc", &en, &e) == XRD_ERR_NOT_FOUND);
    ASSERT_MSG(strstr(e.message, "no fcc phase of Zn"), "%s", e.message);
    /* Zen needs cubic end members; the same element twice is refused */
    ASSERT(xrd_vegard_setup_init(&s, "Ru", "Co", NULL, lib, XRD_VEGARD_ZEN, 0, 0, 0, &e) ==
           XRD_ERR_UNSUPPORTED);
    ASSERT(xrd_vegard_setup_init(&s, "Cu", "Cu:3.6", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0,
                                 &e) == XRD_ERR_INVALID);
    ASSERT(xrd_vegard_setup_init(&s, "Cu", "Unobtainium", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0,
                                 &e) == XRD_ERR_NOT_FOUND);
    ASSERT(xrd_vegard_setup_init(&s, "Cu:", "Ru:3.8", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0,
                                 &e) == XRD_ERR_PARSE);
    ASSERT(xrd_vegard_setup_init(&s, ":3.6", "Ru:3.8", NULL, lib, XRD_VEGARD_LINEAR, 0, 0, 0,
                                 &e) == XRD_ERR_PARSE);
}

/* outside [0, 1] by more than 2 esd: flagged, not clipped; within 2 esd: kept */
static void test_outside_not_clipped(void)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu:3.612(1)", "Ru:3.81(1)", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.59, 0.01, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x, 0.22 / 0.198, 1e-12);
    ASSERT(r.verdict == XRD_VEGARD_OUTSIDE);
    ASSERT_MSG(strstr(r.message, "is outside [0,1]: strain, size effects or a wrong end member"),
               "%s", r.message);
    ASSERT_MSG(strstr(r.message, "x(Cu) = 1.11(5)"), "%s", r.message);
    /* 1.05(5) is within 2 esd of 1 */
    ASSERT(xrd_vegard_composition(&s, 3.6021, 0.01, &r, NULL) == XRD_OK);
    ASSERT(r.x > 1 && r.verdict == XRD_VEGARD_IN_RANGE);
    ASSERT(strstr(r.message, "within 2 esd"));
    /* and on the other side, and for the inverse */
    ASSERT(xrd_vegard_composition(&s, 3.90, 0.003, &r, NULL) == XRD_OK);
    ASSERT(r.x < -0.4 && r.verdict == XRD_VEGARD_OUTSIDE);
    ASSERT(xrd_vegard_lattice(&s, 1.3, 0, &r, NULL) == XRD_OK);
    ASSERT(r.verdict == XRD_VEGARD_OUTSIDE && strstr(r.message, "extrapolation"));
}

/* a(T) = a0 (1 + alpha (T - T0)): Cu (alpha 16.5e-6/K, 298 K) at 773 K is
 * 3.6150 * 1.0078375 = 3.6433326; fcc Ru has no alpha and is kept, with a note */
static void test_temperature(void)
{
    if (!lib)
        SKIP("phase library not loaded");
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu", "Ru-fcc", XRD_VEGARD_LINEAR, 0, 0, 773));
    ASSERT_NEAR(s.end[0].a_A, 3.6433325625, 1e-9);
    ASSERT_NEAR(s.end[0].temperature_K, 773, 0);
    ASSERT_NEAR(s.end[0].a_ref_A, 3.6150, 1e-12);
    ASSERT_NEAR(s.end[1].a_A, 3.81, 1e-12);
    ASSERT_NEAR(s.end[1].temperature_K, 298, 0);
    ASSERT_MSG(strstr(s.end[1].note, "no thermal-expansion coefficient"), "%s", s.end[1].note);
    ASSERT(xrd_vegard_composition(&s, 3.725, 0, &r, NULL) == XRD_OK);
    ASSERT_NEAR(r.x, 0.5099976413, 1e-9);
    /* at the reference temperature nothing changes */
    ASSERT(setup(&s, "Cu", "Ni", XRD_VEGARD_LINEAR, 0, 0, 298));
    ASSERT_NEAR(s.end[0].a_A, 3.6150, 1e-12);
    ASSERT(!s.end[0].note[0]);
    /* Ni 3.5238 at 573 K: 3.5238 * (1 + 13.4e-6 * 275) */
    ASSERT(setup(&s, "Cu", "Ni", XRD_VEGARD_LINEAR, 0, 0, 573));
    ASSERT_NEAR(s.end[1].a_A, 3.5367852030, 1e-9);
    /* numbers given without a temperature are used as given, and said so */
    ASSERT(setup(&s, "Cu:3.612", "Ru:3.81", XRD_VEGARD_LINEAR, 0, 0, 773));
    ASSERT_NEAR(s.end[0].a_A, 3.612, 0);
    ASSERT(strstr(s.end[0].note, "not stated"));
    xrd_vegard_end e = s.end[0];
    ASSERT(xrd_vegard_end_at_temperature(&e, -5, NULL) == XRD_ERR_INVALID);
}

static void test_json(void)
{
    xrd_vegard_setup s;
    xrd_vegard_result r;
    ASSERT(setup(&s, "Cu:3.612(2)", "Ru:3.81(1)", XRD_VEGARD_LINEAR, 0, 0, 0));
    ASSERT(xrd_vegard_composition(&s, 3.725, 0.003, &r, NULL) == XRD_OK);
    char path[1100];
    snprintf(path, sizeof path, "%s/vegard.json", th_tmpdir());
    FILE *f = fopen(path, "w+");
    ASSERT(f);
    ASSERT(xrd_vegard_write_json(f, &s, &r, NULL) == XRD_OK);
    rewind(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    ASSERT_MSG(strstr(buf, "\"Cu\": 0.4292929293") && strstr(buf, "\"Cu_esd\": 0.03285074"),
               "%.1500s", buf);
    ASSERT(strstr(buf, "\"verdict\": \"in-range\""));
    ASSERT(strstr(buf, "\"law\": \"vegard\""));
}

int main(void)
{
    load_lib();
    RUN(test_parse_value_esd);
    RUN(test_parse_value_esd_locale);
    RUN(test_acceptance_cu_ru);
    RUN(test_esd_hand);
    RUN(test_esd_derivatives);
    RUN(test_round_trips);
    RUN(test_bowing_zen_hand);
    RUN(test_bowing_ambiguous);
    RUN(test_au_ag_undetermined);
    RUN(test_structure_checks);
    RUN(test_outside_not_clipped);
    RUN(test_temperature);
    RUN(test_json);
    xrd_phase_library_free(lib);
    TH_EXIT();
}
