/* Writing library phase files (xrd_phase_write_file): every shipped phase and
 * the test CIFs read back with the same numbers, space-group setting and
 * sources; an existing file is left alone without the force flag; a phase that
 * would make an invalid file, or whose operations are in no tabulated setting,
 * writes nothing; numbers keep their '.' under a decimal-comma locale.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "xrdfit/xrdfit.h"

static char phase_rng[1024], dir[1024];

static const char *const fields[] = {"spacegroup", "a", "b", "c", "alpha", "beta",
                                     "gamma", "temperature", "cte", "atoms", "biso"};

/* "" when a and b agree in everything the file holds, else what differs. */
static const char *differs(const xrd_phase *a, const xrd_phase *b)
{
    static char why[256];
    if (strcmp(a->name, b->name) || strcmp(a->formula, b->formula) ||
        strcmp(a->structure, b->structure) || strcmp(a->status, b->status) ||
        strcmp(a->note, b->note))
        return "name, formula, structure, status or note";
    if (a->sg.number != b->sg.number || a->sg.hall_number != b->sg.hall_number ||
        strcmp(a->sg.symbol, b->sg.symbol) || strcmp(a->sg.setting, b->sg.setting))
        return "space group";
    const double *ca = &a->cell.a, *cb = &b->cell.a;
    const double *ea = &a->cell_esd.a, *eb = &b->cell_esd.a;
    unsigned free_mask = xrd_spacegroup_cell_free(&a->sg); /* the file holds their esds */
    for (int i = 0; i < 6; i++)
        if (ca[i] != cb[i] || ((free_mask >> i & 1u) && ea[i] != eb[i])) {
            snprintf(why, sizeof why, "cell value %d: %.17g (%.17g) vs %.17g (%.17g)", i, ca[i],
                     ea[i], cb[i], eb[i]);
            return why;
        }
    if (a->temperature_K != b->temperature_K || a->cte_per_K != b->cte_per_K)
        return "temperature or cte";
    if (a->n_atoms != b->n_atoms)
        return "number of atoms";
    for (int i = 0; i < a->n_atoms; i++) {
        const xrd_atom *p = &a->atoms[i], *q = &b->atoms[i];
        if (strcmp(p->element, q->element) || strcmp(p->label, q->label) || p->x != q->x ||
            p->y != q->y || p->z != q->z || p->occupancy != q->occupancy ||
            p->biso_A2 != q->biso_A2) {
            snprintf(why, sizeof why, "atom %d: biso %.17g vs %.17g", i, p->biso_A2,
                     q->biso_A2);
            return why;
        }
    }
    return "";
}

/* The source of a field as the writer takes it: its own entry, else "all". */
static const char *source_of(const xrd_phase *p, const char *field)
{
    const char *s = xrd_phase_source(p, field);
    return s ? s : xrd_phase_source(p, "all");
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Temporary files the writer left in dir (".NAME.tmp..."). */
static int leftovers(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        n += de->d_name[0] == '.' && strstr(de->d_name, ".tmp") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void test_library_round_trip(void)
{
    char phases_dir[1200], out[1200];
    snprintf(phases_dir, sizeof phases_dir, "%s/refdata/phases", th_top());
    xrd_phase_library *lib = NULL;
    xrd_error e;
    ASSERT_MSG(xrd_phase_library_load(phases_dir, phase_rng, &lib, &e) == XRD_OK, "%s",
               e.message);
    for (size_t i = 0; i < lib->n; i++) {
        const xrd_phase *p = &lib->phases[i];
        xrd_phase back;
        snprintf(out, sizeof out, "%s/%s.xml", dir, p->name);
        xrd_status st = xrd_phase_write_file(p, out, phase_rng, 0, &e);
        ASSERT_MSG(st == XRD_OK, "%s: %s", p->name, e.message);
        st = xrd_phase_load_file(out, phase_rng, &back, &e);
        ASSERT_MSG(st == XRD_OK, "%s: %s:%ld: %s", p->name, e.file, e.line, e.message);
        const char *d = differs(p, &back);
        ASSERT_MSG(!d[0], "%s: %s differs after the round trip", p->name, d);
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            const char *s0 = xrd_phase_source(p, fields[k]), *s1 = xrd_phase_source(&back, fields[k]);
            ASSERT_MSG((!s0 && !s1) || (s0 && s1 && !strcmp(s0, s1)), "%s: source of %s", p->name,
                       fields[k]);
        }
        unlink(out);
    }
    xrd_phase_library_free(lib);
    ASSERT(leftovers() == 0);
}

static void test_cif_round_trip(void)
{
    /* H-M symbols, a Hall symbol (RuO2), operations (anatase), ICSD's setting word (corundum) */
    const char *cifs[] = {"CeO2", "Cu2O", "CuO", "RuO2", "anatase", "corundum"};
    for (int k = 0; k < 6; k++) {
        char cif[1200], out[1200];
        snprintf(cif, sizeof cif, "%s/tests/data/cif/%s.cif", th_top(), cifs[k]);
        snprintf(out, sizeof out, "%s/%s-cif.xml", dir, cifs[k]);
        xrd_phase p, back;
        xrd_error e;
        ASSERT_MSG(xrd_phase_load_cif(cif, &p, &e) == XRD_OK, "%s", e.message);
        ASSERT(!strcmp(p.status, "imported"));
        ASSERT_MSG(xrd_phase_write_file(&p, out, phase_rng, 0, &e) == XRD_OK, "%s: %s",
                   cifs[k], e.message);
        ASSERT_MSG(xrd_phase_load_file(out, phase_rng, &back, &e) == XRD_OK, "%s: %s", cifs[k],
                   e.message);
        const char *d = differs(&p, &back);
        ASSERT_MSG(!d[0], "%s: %s differs after the round trip", cifs[k], d);
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            /* every field the file holds carries the source the CIF phase gave it */
            const char *s1 = xrd_phase_source(&back, fields[f]);
            if (s1)
                ASSERT_MSG(!strcmp(s1, source_of(&p, fields[f])), "%s: source of %s", cifs[k],
                           fields[f]);
        }
        const char *all = xrd_phase_source(&back, "a");
        ASSERT(all && strstr(all, cif) && strstr(all, "data block"));
        unlink(out);
    }
    /* CeO2 states U iso and a temperature; Cu2O neither, and cites its paper */
    char cif[1200];
    snprintf(cif, sizeof cif, "%s/tests/data/cif/Cu2O.cif", th_top());
    xrd_phase p;
    xrd_error e;
    ASSERT(xrd_phase_load_cif(cif, &p, &e) == XRD_OK);
    ASSERT(p.temperature_K == 0 && strstr(xrd_phase_source(&p, "temperature"), "not stated"));
    ASSERT(strstr(xrd_phase_source(&p, "biso"), "nominal") &&
           strstr(xrd_phase_source(&p, "biso"), "Cu1, O1"));
    ASSERT_MSG(strstr(xrd_phase_source(&p, "all"),
                      "Restori, R. and Schwarzenbach, D., Acta Crystallographica Section B 42 "
                      "(1986) 201"),
               "%s", xrd_phase_source(&p, "all"));
    snprintf(cif, sizeof cif, "%s/tests/data/cif/CeO2.cif", th_top());
    ASSERT(xrd_phase_load_cif(cif, &p, &e) == XRD_OK);
    ASSERT(!xrd_phase_source(&p, "biso") && !xrd_phase_source(&p, "temperature"));
    ASSERT_NEAR(p.atoms[0].biso_A2, 8 * M_PI * M_PI * 0.0045, 1e-15);
}

/* Operations in no tabulated setting (P-1 with its inversion centre at
 * x = 1/4): refused, since a file that names the group would move the atoms. */
static void test_untabulated_setting(void)
{
    char cif[1200], path[1200];
    snprintf(cif, sizeof cif, "%s/shifted.cif", dir);
    snprintf(path, sizeof path, "%s/shifted.xml", dir);
    FILE *f = fopen(cif, "w");
    ASSERT(f);
    fputs("data_shifted\n_chemical_formula_sum 'Cu'\n_cell_length_a 3\n_cell_length_b 4\n"
          "_cell_length_c 5\n_cell_angle_alpha 80\n_cell_angle_beta 85\n"
          "_cell_angle_gamma 95\nloop_\n_space_group_symop_operation_xyz\n'x,y,z'\n"
          "'-x+1/2,-y,-z'\nloop_\n_atom_site_label\n_atom_site_fract_x\n"
          "_atom_site_fract_y\n_atom_site_fract_z\nCu1 0.1 0.2 0.3\n",
          f);
    fclose(f);
    xrd_phase p;
    xrd_error e;
    ASSERT_MSG(xrd_phase_load_cif(cif, &p, &e) == XRD_OK, "%s", e.message);
    if (p.sg.hall_number != 0)
        SKIP("the shifted P-1 was identified as Hall setting %d", p.sg.hall_number);
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_UNSUPPORTED);
    ASSERT_MSG(strstr(e.message, "no tabulated setting"), "%s", e.message);
    ASSERT(!file_exists(path) && leftovers() == 0);
}

static int read_all(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t k = fread(buf, 1, n - 1, f);
    buf[k] = '\0';
    fclose(f);
    return (int)k;
}

static void test_existing_file(void)
{
    char path[1200], before[4096], after[4096];
    snprintf(path, sizeof path, "%s/existing.xml", dir);
    FILE *f = fopen(path, "w");
    ASSERT(f);
    fputs("not a phase\n", f);
    fclose(f);
    xrd_phase p;
    xrd_error e;
    char cif[1200];
    snprintf(cif, sizeof cif, "%s/tests/data/cif/CeO2.cif", th_top());
    ASSERT(xrd_phase_load_cif(cif, &p, &e) == XRD_OK);
    read_all(path, before, sizeof before);
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_IO);
    ASSERT(strstr(e.message, "exists") && !strcmp(e.file, path));
    read_all(path, after, sizeof after);
    ASSERT(!strcmp(before, after));
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, XRD_PHASE_WRITE_FORCE, &e) == XRD_OK);
    read_all(path, after, sizeof after);
    ASSERT(strstr(after, "<phase version=\"1\">") && strstr(after, "5.411651"));
    ASSERT(leftovers() == 0);
    unlink(path);
    /* a directory that does not exist: an I/O error naming the path, no file */
    snprintf(path, sizeof path, "%s/no/such/dir/x.xml", dir);
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_IO);
    ASSERT(strstr(e.message, "temporary file"));
}

static void test_invalid_phase_not_written(void)
{
    char cif[1200], path[1200];
    snprintf(cif, sizeof cif, "%s/tests/data/cif/CeO2.cif", th_top());
    snprintf(path, sizeof path, "%s/invalid.xml", dir);
    xrd_phase good, p;
    xrd_error e;
    ASSERT(xrd_phase_load_cif(cif, &good, &e) == XRD_OK);
    p = good;
    p.n_atoms = 0;
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "no atom sites"));
    p = good;
    p.atoms[1].biso_A2 = -0.2; /* a non-positive U in a CIF */
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_INVALID);
    ASSERT_MSG(strstr(e.message, "not written") && strstr(e.message, "biso") && e.line > 0,
               "%s", e.message);
    p = good;
    snprintf(p.status, sizeof p.status, "user"); /* not a status of the schema */
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_SCHEMA);
    p = good;
    p.n_sources = 0;
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "no source"));
    p = good;
    p.formula[0] = '\0';
    ASSERT(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_ERR_INVALID);
    ASSERT(strstr(e.message, "no formula"));
    ASSERT(!file_exists(path) && leftovers() == 0);
    /* text that needs escaping stays text */
    p = good;
    snprintf(p.note, sizeof p.note, "a < b & \"c\" > 'd'");
    snprintf(p.sources[0].text, sizeof p.sources[0].text, "<sources> & ]]> CIF");
    ASSERT_MSG(xrd_phase_write_file(&p, path, phase_rng, 0, &e) == XRD_OK, "%s", e.message);
    xrd_phase back;
    ASSERT(xrd_phase_load_file(path, phase_rng, &back, &e) == XRD_OK);
    ASSERT(!strcmp(back.note, p.note) && !strcmp(xrd_phase_source(&back, "a"), "<sources> & ]]> CIF"));
    unlink(path);
}

static void test_decimal_comma_locale(void)
{
    const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (!loc) { /* build the locale in the test folder when its source is present */
        char cmd[1200], ldir[1100];
        snprintf(ldir, sizeof ldir, "%s/locale", th_tmpdir());
        snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 '%s/de_DE.UTF-8' >/dev/null 2>&1",
                 ldir);
        mkdir(ldir, 0755);
        if (system(cmd) == 0) {
            setenv("LOCPATH", ldir, 1);
            loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
        }
    }
    if (!loc || strcmp(localeconv()->decimal_point, ",") != 0) {
        setlocale(LC_NUMERIC, "C");
        SKIP("no locale with a decimal comma (de_DE.UTF-8) available or buildable");
    }
    char cif[1200], path[1200], text[4096];
    snprintf(cif, sizeof cif, "%s/tests/data/cif/CeO2.cif", th_top());
    snprintf(path, sizeof path, "%s/comma.xml", dir);
    xrd_phase p, back;
    xrd_error e;
    xrd_status st = xrd_phase_load_cif(cif, &p, &e);
    if (!st)
        st = xrd_phase_write_file(&p, path, phase_rng, 0, &e);
    setlocale(LC_NUMERIC, "C");
    ASSERT_MSG(st == XRD_OK, "%s", e.message);
    read_all(path, text, sizeof text);
    ASSERT(strstr(text, ">5.411651<") && strstr(text, "x=\"0.25\""));
    ASSERT(xrd_phase_load_file(path, phase_rng, &back, &e) == XRD_OK);
    ASSERT(!differs(&p, &back)[0]);
    unlink(path);
}

int main(void)
{
    snprintf(phase_rng, sizeof phase_rng, "%s/refdata/phase.rng", th_top());
    snprintf(dir, sizeof dir, "%s/phase_write", th_tmpdir());
    mkdir(dir, 0755);
    RUN(test_library_round_trip);
    RUN(test_cif_round_trip);
    RUN(test_untabulated_setting);
    RUN(test_existing_file);
    RUN(test_invalid_phase_not_written);
    RUN(test_decimal_comma_locale);
    TH_EXIT();
}
