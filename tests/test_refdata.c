/* Reference data: the shipped phase library and radiation file, phase specs,
 * and malformed XML (tests/data/bad_xml/EXPECTED).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <time.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

static char phases_dir[1024], phase_rng[1024], radiation_xml[1024];
static xrd_phase_library *lib;

static void paths(void)
{
    snprintf(phases_dir, sizeof phases_dir, "%s/refdata/phases", th_top());
    snprintf(phase_rng, sizeof phase_rng, "%s/refdata/phase.rng", th_top());
    snprintf(radiation_xml, sizeof radiation_xml, "%s/refdata/radiation.xml", th_top());
}

static void test_library_loads(void)
{
    xrd_error e;
    xrd_status st = xrd_phase_library_load(phases_dir, phase_rng, &lib, &e);
    ASSERT_MSG(st == XRD_OK, "%s:%ld: %s", e.file, e.line, e.message);
    ASSERT(lib->n >= 31);
    const char *need[] = {"Cu", "Ni", "Ag", "Au", "Pt", "Pd", "Rh", "Ir", "Al", "Pb", "Co-fcc",
                          "Ru-fcc", "Ru", "Co", "Ti", "Mg", "Zn", "Fe", "W", "Mo", "Cr",
                          "LaB6-660c", "LaB6-660b", "Si-640e", "CeO2-674b", "W-fcc",
                          "Nb", "Ta", "Zr", "Hf", "Cd"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        ASSERT_MSG(xrd_phase_library_find(lib, need[i]), "phase %s missing", need[i]);
    /* sorted by file name, found case-insensitively */
    ASSERT(xrd_phase_library_find(lib, "lab6-660C") == xrd_phase_library_find(lib, "LaB6-660c"));
    ASSERT(xrd_phase_library_find(lib, "Unobtainium") == NULL);
}

static void test_spot_values(void)
{
    if (!lib)
        SKIP("library not loaded");
    const xrd_phase *cu = xrd_phase_library_find(lib, "Cu");
    ASSERT_NEAR(cu->cell.a, 3.6149, 0.0005);
    /* the HEA elements: bcc Nb, Ta; hcp Zr, Hf with c/a of about 1.59 (CRC 98th ed., Emsley) */
    const xrd_phase *nb = xrd_phase_library_find(lib, "Nb");
    const xrd_phase *ta = xrd_phase_library_find(lib, "Ta");
    const xrd_phase *zr = xrd_phase_library_find(lib, "Zr");
    const xrd_phase *hf = xrd_phase_library_find(lib, "Hf");
    ASSERT(nb && ta && zr && hf);
    ASSERT(nb->sg.number == 229 && ta->sg.number == 229 && zr->sg.number == 194);
    ASSERT_NEAR(nb->cell.a, 3.3004, 1e-9);
    ASSERT_NEAR(ta->cell.a, 3.3030, 1e-9);
    ASSERT_NEAR(zr->cell.c / zr->cell.a, 1.593, 0.001);
    ASSERT_NEAR(hf->cell.c / hf->cell.a, 1.581, 0.001);
    ASSERT(cu->sg.number == 225 && !strcmp(cu->structure, "fcc"));
    ASSERT(cu->cell.b == cu->cell.a && cu->cell.c == cu->cell.a && cu->cell.gamma == 90);
    const xrd_phase *lab6 = xrd_phase_library_find(lib, "LaB6-660c");
    ASSERT(lab6->cell.a == 4.156826);
    ASSERT(!strcmp(lab6->status, "certified") && lab6->sg.number == 221);
    ASSERT_NEAR(lab6->temperature_K, 295.65, 1e-9);
    ASSERT(lab6->n_atoms == 2 && !strcmp(lab6->atoms[1].element, "B"));
    ASSERT_NEAR(lab6->atoms[1].x, 0.1975, 0.003);
    ASSERT_NEAR(xrd_phase_library_find(lib, "LaB6-660b")->cell.a, 4.15689, 1e-9);
    ASSERT_NEAR(xrd_phase_library_find(lib, "Si-640e")->cell.a, 5.431179, 1e-9);
    const xrd_phase *ceo2 = xrd_phase_library_find(lib, "CeO2-674b");
    ASSERT_NEAR(ceo2->cell.a, 5.411651, 1e-9);
    ASSERT(ceo2->n_atoms == 2 && ceo2->atoms[1].x == 0.25);
    const xrd_phase *ru = xrd_phase_library_find(lib, "Ru");
    ASSERT(!strcmp(ru->structure, "hcp") && ru->sg.system == XRD_SYS_HEXAGONAL);
    ASSERT(ru->cell.gamma == 120 && ru->cell.b == ru->cell.a);
    /* Ru has c/a 1.582, below the ideal 1.633 of hard-sphere packing */
    ASSERT_NEAR(ru->cell.c / ru->cell.a, 1.582, 0.002);
    ASSERT_NEAR(ru->atoms[0].x, 1.0 / 3.0, 1e-9);
    /* Zn has the long c axis of the cadmium type: c/a ~ 1.856 */
    ASSERT_NEAR(xrd_phase_library_find(lib, "Zn")->cell.c / xrd_phase_library_find(lib, "Zn")->cell.a,
                1.856, 0.003);
    ASSERT(!strcmp(xrd_phase_library_find(lib, "W-fcc")->status, "computed"));
    ASSERT(!strcmp(xrd_phase_library_find(lib, "W")->structure, "bcc"));
    const xrd_phase *rufcc = xrd_phase_library_find(lib, "Ru-fcc");
    ASSERT(!strcmp(rufcc->status, "metastable") && rufcc->sg.number == 225);
    ASSERT_NEAR(rufcc->cell.a, 3.81, 0.02);
    /* room temperature values: 290-300 K where a temperature is known */
    for (size_t i = 0; i < lib->n; i++) {
        const xrd_phase *p = &lib->phases[i];
        ASSERT_MSG(p->temperature_K == 0 || (p->temperature_K > 290 && p->temperature_K < 300),
                   "%s at %g K", p->name, p->temperature_K);
    }
}

static void test_every_number_has_a_source(void)
{
    if (!lib)
        SKIP("library not loaded");
    for (size_t i = 0; i < lib->n; i++) {
        const xrd_phase *p = &lib->phases[i];
        const char *always[] = {"a", "temperature", "atoms", "biso", "spacegroup"};
        for (size_t k = 0; k < 5; k++) {
            const char *s = xrd_phase_source(p, always[k]);
            ASSERT_MSG(s && strlen(s) > 10, "%s: no source for %s", p->name, always[k]);
        }
        if (p->sg.system != XRD_SYS_CUBIC)
            ASSERT_MSG(xrd_phase_source(p, "c"), "%s: no source for c", p->name);
        if (p->cte_per_K != 0)
            ASSERT_MSG(xrd_phase_source(p, "cte"), "%s: no source for cte", p->name);
        ASSERT_MSG(p->n_atoms >= 1, "%s has no atoms", p->name);
    }
    ASSERT(strstr(xrd_phase_source(xrd_phase_library_find(lib, "LaB6-660c"), "a"), "660c"));
    ASSERT(xrd_phase_source(xrd_phase_library_find(lib, "Cu"), "nonsense") == NULL);
}

static void test_radiation_hoelzer_default(void)
{
    xrd_radiation r;
    xrd_error e;
    ASSERT_MSG(xrd_radiation_lookup(radiation_xml, "CuKa", NULL, &r, &e) == XRD_OK, "%s",
               e.message);
    ASSERT(r.n_lines == 2 && !strcmp(r.scale, "Hoelzer1997") && !strcmp(r.name, "CuKa"));
    ASSERT(r.lambda_A[0] == 1.5405929 && r.lambda_A[1] == 1.5444274);
    ASSERT(r.weight[0] == 1 && r.weight[1] == 0.5);
    ASSERT(!strcmp(r.line_name[1], "Ka2"));
    ASSERT(strstr(r.source, "4554"));
    ASSERT(xrd_radiation_lookup(radiation_xml, "cuka1", NULL, &r, &e) == XRD_OK);
    ASSERT(r.n_lines == 1 && r.lambda_A[0] == 1.5405929 && !strcmp(r.name, "CuKa1"));
    ASSERT(xrd_radiation_lookup(radiation_xml, "CUKA2", NULL, &r, &e) == XRD_OK);
    ASSERT(r.n_lines == 1 && r.lambda_A[0] == 1.5444274);
    ASSERT(xrd_radiation_lookup(radiation_xml, "CoKa", NULL, &r, &e) == XRD_OK);
    ASSERT(r.lambda_A[0] == 1.7889960 && r.lambda_A[1] == 1.7928350);
    ASSERT(xrd_radiation_lookup(radiation_xml, "FeKa", NULL, &r, &e) == XRD_OK);
    ASSERT(r.lambda_A[0] == 1.9360410);
    ASSERT(xrd_radiation_lookup(radiation_xml, "CrKa", NULL, &r, &e) == XRD_OK);
    ASSERT(r.lambda_A[0] == 2.2897260);
}

static void test_radiation_bearden(void)
{
    xrd_radiation r;
    xrd_error e;
    ASSERT(xrd_radiation_lookup(radiation_xml, "CuKa", "Bearden1967", &r, &e) == XRD_OK);
    ASSERT(r.lambda_A[0] == 1.540562 && r.lambda_A[1] == 1.544390);
    ASSERT(!strcmp(r.scale, "Bearden1967"));
    /* the two scales differ by about 2e-5 relative at Cu Ka1 */
    ASSERT_NEAR((1.5405929 - r.lambda_A[0]) / r.lambda_A[0], 2.0e-5, 0.3e-5);
    /* Mo has only Bearden values: the default falls back to them */
    ASSERT(xrd_radiation_lookup(radiation_xml, "MoKa", NULL, &r, &e) == XRD_OK);
    ASSERT(r.lambda_A[0] == 0.709300 && r.lambda_A[1] == 0.713590 && r.weight[1] == 0.5);
    ASSERT(!strcmp(r.scale, "Bearden1967"));
    ASSERT(xrd_radiation_lookup(radiation_xml, "AgKa1", NULL, &r, &e) == XRD_OK);
    ASSERT(r.lambda_A[0] == 0.559421);
    ASSERT(xrd_radiation_lookup(radiation_xml, "MoKa", "Hoelzer1997", &r, &e) == XRD_ERR_NOT_FOUND);
    ASSERT(strstr(e.message, "Bearden1967"));
}

static void test_radiation_unknown(void)
{
    xrd_radiation r;
    xrd_error e;
    ASSERT(xrd_radiation_lookup(radiation_xml, "WKa", NULL, &r, &e) == XRD_ERR_NOT_FOUND);
    ASSERT(strstr(e.message, "CuKa") && strstr(e.message, "MoKa1") && strstr(e.message, "AgKa"));
    ASSERT(xrd_radiation_lookup(radiation_xml, "Cu", NULL, &r, &e) == XRD_ERR_NOT_FOUND);
    ASSERT(xrd_radiation_lookup(radiation_xml, "Ka", NULL, &r, &e) == XRD_ERR_NOT_FOUND);
    char missing[1100];
    snprintf(missing, sizeof missing, "%s/no/such/radiation.xml", th_tmpdir());
    ASSERT(xrd_radiation_lookup(missing, "CuKa", NULL, &r, &e) == XRD_ERR_IO);
}

static void test_single_wavelength(void)
{
    xrd_radiation r;
    xrd_error e;
    ASSERT(xrd_radiation_single(0.5787, &r, &e) == XRD_OK);
    ASSERT(r.n_lines == 1 && r.lambda_A[0] == 0.5787 && r.weight[0] == 1);
    ASSERT(xrd_radiation_single(0.001, &r, &e) == XRD_OK);
    ASSERT(xrd_radiation_single(10, &r, &e) == XRD_OK);
    ASSERT(xrd_radiation_single(0.0009, &r, &e) == XRD_ERR_INVALID);
    ASSERT(xrd_radiation_single(10.01, &r, &e) == XRD_ERR_INVALID);
    ASSERT(xrd_radiation_single(-1, &r, &e) == XRD_ERR_INVALID);
    ASSERT(xrd_radiation_single(NAN, &r, &e) == XRD_ERR_INVALID);
}

static void test_electron_wavelength(void)
{
    ASSERT_NEAR(xrd_electron_lambda_A(200), 0.02508, 1e-5);
    ASSERT_NEAR(xrd_electron_lambda_A(300), 0.01969, 1e-5);
    /* low voltage: close to the non-relativistic 12.264/sqrt(V) A */
    ASSERT_NEAR(xrd_electron_lambda_A(0.1), 12.2643 / sqrt(100.0), 1e-3);
    ASSERT(isnan(xrd_electron_lambda_A(0)) && isnan(xrd_electron_lambda_A(-5)));
}

static void test_phase_specs_good(void)
{
    xrd_phase p;
    xrd_error e;
    ASSERT(xrd_phase_parse_spec("fcc:a=3.77", NULL, &p, &e) == XRD_OK);
    ASSERT(p.sg.number == 225 && p.cell.a == 3.77 && p.cell.c == 3.77 && !strcmp(p.structure, "fcc"));
    ASSERT(xrd_phase_parse_spec("bcc:a=2.87", NULL, &p, &e) == XRD_OK && p.sg.number == 229);
    ASSERT(xrd_phase_parse_spec("hcp:a=2.70,c=4.28", NULL, &p, &e) == XRD_OK);
    ASSERT(p.sg.number == 194 && p.cell.c == 4.28 && p.cell.gamma == 120);
    ASSERT(xrd_phase_parse_spec("diamond:a=5.43", NULL, &p, &e) == XRD_OK && p.sg.number == 227);
    ASSERT(xrd_phase_parse_spec("Fm-3m:a=5.41", NULL, &p, &e) == XRD_OK && p.sg.number == 225);
    ASSERT(xrd_phase_parse_spec("P6_3/mmc:a=2.7,c=4.28", NULL, &p, &e) == XRD_OK);
    ASSERT(p.sg.number == 194 && p.cell.c == 4.28);
    ASSERT(xrd_phase_parse_spec("I4/mmm:a=3.1,c=5.2", NULL, &p, &e) == XRD_OK);
    ASSERT(p.sg.system == XRD_SYS_TETRAGONAL);
    ASSERT(xrd_phase_parse_spec("fcc:a=3.6,name=core", NULL, &p, &e) == XRD_OK);
    ASSERT(!strcmp(p.name, "core"));
    if (!lib)
        SKIP("library not loaded");
    ASSERT(xrd_phase_parse_spec("Cu", lib, &p, &e) == XRD_OK);
    ASSERT(!strcmp(p.name, "Cu") && p.cell.a == xrd_phase_library_find(lib, "Cu")->cell.a);
    ASSERT(!strcmp(p.status, "measured"));
    ASSERT(xrd_phase_parse_spec("cu:a=3.62", lib, &p, &e) == XRD_OK);
    ASSERT(p.cell.a == 3.62 && p.cell.c == 3.62 && !strcmp(p.status, "user"));
    ASSERT(strstr(xrd_phase_source(&p, "a"), "command line"));
    ASSERT(xrd_phase_parse_spec("Ru,name=Ru-hcp", lib, &p, &e) == XRD_OK);
    ASSERT(!strcmp(p.name, "Ru-hcp") && p.cell.c == 4.2816);
    ASSERT(xrd_phase_parse_spec("Ru:c=4.30", lib, &p, &e) == XRD_OK);
    ASSERT(p.cell.c == 4.30 && p.cell.a == 2.7058);
}

static void spec_fails(const char *spec, xrd_status want, const char *needle)
{
    xrd_phase p;
    xrd_error e;
    xrd_error_clear(&e);
    xrd_status st = xrd_phase_parse_spec(spec, lib, &p, &e);
    if (st != want)
        TH_FAIL("'%s': %s, expected %s (%s)", spec, xrd_status_name(st), xrd_status_name(want),
                e.message);
    else if (needle && !strstr(e.message, needle))
        TH_FAIL("'%s': message '%s' lacks '%s'", spec, e.message, needle);
}

static void test_phase_specs_bad(void)
{
    spec_fails("fcc:q=3", XRD_ERR_INVALID, "unknown key 'q'");
    spec_fails("fcc", XRD_ERR_INVALID, "a is missing");
    spec_fails("fcc:name=x", XRD_ERR_INVALID, "a is missing");
    spec_fails("hcp:a=2.70", XRD_ERR_INVALID, "c is missing");
    spec_fails("P6_3/mmc:a=2.7", XRD_ERR_INVALID, "c is missing");
    spec_fails("fcc:a=abc", XRD_ERR_PARSE, "must be a number");
    spec_fails("fcc:a=3,6", XRD_ERR_INVALID, "key=value");
    spec_fails("fcc:a=-3.6", XRD_ERR_INVALID, "positive");
    spec_fails("fcc:a=0", XRD_ERR_INVALID, "positive");
    spec_fails("fcc:a=nan", XRD_ERR_PARSE, NULL);
    spec_fails("fcc:a=3.6,c=4", XRD_ERR_INVALID, "fixed by the cubic");
    spec_fails("fcc:a=3.6,a=3.7", XRD_ERR_INVALID, "twice");
    spec_fails("Xyz:a=3", XRD_ERR_NOT_FOUND, "Xyz");
    spec_fails("", XRD_ERR_INVALID, NULL);
    spec_fails(":a=3", XRD_ERR_INVALID, NULL);
    spec_fails("Cu:c=3.7", XRD_ERR_INVALID, "fixed by the cubic");
    spec_fails("Cu:a=-1", XRD_ERR_INVALID, "positive");
}

/* Every file of tests/data/bad_xml/EXPECTED fails with its status and line. */
static void test_bad_xml_manifest(void)
{
    char dir[1100], man[1200];
    snprintf(dir, sizeof dir, "%s/tests/data/bad_xml", th_top());
    snprintf(man, sizeof man, "%s/EXPECTED", dir);
    FILE *f = fopen(man, "r");
    ASSERT_MSG(f, "cannot open %s", man);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        char file[256], status[64];
        long want_line;
        if (line[0] == '#' || sscanf(line, "%255s %63s %ld", file, status, &want_line) != 3)
            continue;
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, file);
        xrd_phase p;
        xrd_error e;
        xrd_error_clear(&e);
        clock_t t0 = clock();
        xrd_status st = xrd_phase_load_file(path, phase_rng, &p, &e);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        n++;
        if (strcmp(xrd_status_name(st), status) || e.line != want_line) {
            fclose(f);
            ASSERT_MSG(0, "%s: got %s line %ld (%s), expected %s line %ld", file,
                       xrd_status_name(st), e.line, e.message, status, want_line);
        }
        if (e.code != st || strcmp(e.file, path) || !e.message[0]) {
            fclose(f);
            ASSERT_MSG(0, "%s: error record incomplete", file);
        }
        if (secs > 0.5) {
            fclose(f);
            ASSERT_MSG(0, "%s took %.2f s to fail", file, secs);
        }
        /* nothing of /etc/passwd may ever appear */
        if (strstr(e.message, "root:") || strstr(p.formula, "root")) {
            fclose(f);
            ASSERT_MSG(0, "%s: external entity content leaked", file);
        }
    }
    fclose(f);
    ASSERT_MSG(n >= 15, "only %d entries in EXPECTED", n);
}

static void test_too_large(void)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/too_large.xml", th_tmpdir());
    FILE *f = fopen(path, "w");
    ASSERT(f);
    fputs("<?xml version=\"1.0\"?>\n<phase version=\"1\">\n<note>", f);
    for (size_t i = 0; i < XRD_XML_MAX_BYTES / 64 + 10; i++)
        fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", f);
    fputs("</note></phase>\n", f);
    fclose(f);
    xrd_phase p;
    xrd_error e;
    xrd_status st = xrd_phase_load_file(path, phase_rng, &p, &e);
    remove(path);
    ASSERT_MSG(st == XRD_ERR_TOO_LARGE, "%s: %s", xrd_status_name(st), e.message);
    ASSERT(e.line == 0 && strstr(e.message, "limit"));
}

static void test_library_one_bad_file(void)
{
    /* a directory with one good and one bad file fails with the bad file's error */
    char dir[1100], cmd[8192];
    snprintf(dir, sizeof dir, "%s/badlib", th_tmpdir());
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && cp '%s/Cu.xml' '%s/' && "
             "cp '%s/tests/data/bad_xml/negative_a.xml' '%s/Zz.xml'",
             dir, dir, phases_dir, dir, th_top(), dir);
    ASSERT(system(cmd) == 0);
    xrd_phase_library *l = NULL;
    xrd_error e;
    xrd_status st = xrd_phase_library_load(dir, phase_rng, &l, &e);
    ASSERT(st == XRD_ERR_INVALID && l == NULL && strstr(e.file, "Zz.xml") && e.line == 10);
    /* duplicate names */
    snprintf(cmd, sizeof cmd, "cp '%s/Cu.xml' '%s/Zz.xml'", phases_dir, dir);
    ASSERT(system(cmd) == 0);
    st = xrd_phase_library_load(dir, phase_rng, &l, &e);
    ASSERT(st == XRD_ERR_INVALID && strstr(e.message, "already used"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ASSERT(system(cmd) == 0);
    st = xrd_phase_library_load(dir, phase_rng, &l, &e);
    ASSERT(st == XRD_ERR_IO);
}

int main(void)
{
    paths();
    RUN(test_library_loads);
    RUN(test_spot_values);
    RUN(test_every_number_has_a_source);
    RUN(test_radiation_hoelzer_default);
    RUN(test_radiation_bearden);
    RUN(test_radiation_unknown);
    RUN(test_single_wavelength);
    RUN(test_electron_wavelength);
    RUN(test_phase_specs_good);
    RUN(test_phase_specs_bad);
    RUN(test_bad_xml_manifest);
    RUN(test_too_large);
    RUN(test_library_one_bad_file);
    xrd_phase_library_free(lib);
    TH_EXIT();
}
