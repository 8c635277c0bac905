/* xrdfit phases [NAME]: list the reference phases, or show one with every
 * value and where it comes from; --import FILE.cif -o OUT.xml writes a CIF's
 * phase as a library phase file. SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void help(void)
{
    printf("Usage: xrdfit phases [NAME]\n"
           "       xrdfit phases --import FILE.cif -o OUT.xml [--name NAME] [--force]\n"
           "Without NAME: list the reference phases (name, structure, space group,\n"
           "a and c in Angstrom, temperature, status).\n"
           "With NAME (case-insensitive): show that phase with every value and its source.\n"
           "With --import: write the phase of a CIF (cell with esds, space group, atom\n"
           "sites, temperature) as a library phase file, status imported, its source the\n"
           "CIF file with its data block, database codes and journal reference. Put it in\n"
           "the phases directory to use it by name.\n\n"
           "Options:\n"
           "  --import FILE.cif   the CIF to import\n"
           "  -o, --output FILE   the phase file to write (NAME.xml)\n"
           "  --name NAME         the phase's name (default: FILE's name without .xml)\n"
           "  --force             replace FILE if it exists (else it is left as it is)\n"
           "  --help              this text\n\n"
           "Status: measured (stable bulk phase), certified (NIST SRM certificate),\n"
           "metastable (e.g. nanoparticles), estimated (approximate), computed (theory only),\n"
           "imported (from a CIF, not reviewed).\n"
           "The phases live in %s/phases (one XML file each, schema phase.rng).\n"
           "Exit status: 0 success, 1 data error (unknown phase, bad file, OUT exists),\n"
           "2 usage error.\n",
           cli_refdata_dir());
}

static int lower(int c)
{
    return tolower((unsigned char)c);
}

/* Levenshtein distance, case-insensitive, capped for long strings. */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb];
}

/* Case-insensitive: does hay contain needle? */
static int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return 0;
    for (const char *p = hay; *p; p++)
        if (!strncasecmp(p, needle, n))
            return 1;
    return 0;
}

static int close_name(const char *want, const xrd_phase *p)
{
    char stem_w[64], stem_p[64];
    snprintf(stem_w, sizeof stem_w, "%s", want);
    snprintf(stem_p, sizeof stem_p, "%s", p->name);
    stem_w[strcspn(stem_w, "-_ ")] = '\0';
    stem_p[strcspn(stem_p, "-_ ")] = '\0';
    return distance(want, p->name) <= 2 || (stem_w[0] && !strcasecmp(stem_w, stem_p)) ||
           (strlen(want) >= 2 && contains(p->name, want)) || !strcasecmp(want, p->formula);
}

static void print_cell_value(const char *label, double v, double esd, const char *unit)
{
    if (esd > 0)
        printf("  %-13s %.10g %s (esd %.2g)\n", label, v, unit, esd);
    else
        printf("  %-13s %.10g %s\n", label, v, unit);
}

static void show(const xrd_phase *p)
{
    static const char *const names[6] = {"a", "b", "c", "alpha", "beta", "gamma"};
    const double v[6] = {p->cell.a, p->cell.b, p->cell.c, p->cell.alpha, p->cell.beta,
                         p->cell.gamma};
    const double e[6] = {p->cell_esd.a, p->cell_esd.b, p->cell_esd.c, p->cell_esd.alpha,
                         p->cell_esd.beta, p->cell_esd.gamma};
    printf("%s\n", p->name);
    printf("  %-13s %s\n", "formula", p->formula);
    printf("  %-13s %s\n", "structure", p->structure);
    printf("  %-13s %s\n", "status", p->status);
    char sgname[48];
    printf("  %-13s %s (No. %d, %s)\n", "space group",
           xrd_spacegroup_name(&p->sg, sgname, sizeof sgname), p->sg.number,
           xrd_crystal_system_name(p->sg.system));
    for (int i = 0; i < 6; i++) {
        /* print the parameters that carry a source (the free ones) */
        if (xrd_phase_source(p, names[i]))
            print_cell_value(names[i], v[i], e[i], i < 3 ? "A" : "deg");
    }
    if (p->sg.system == XRD_SYS_HEXAGONAL || p->sg.system == XRD_SYS_TRIGONAL ||
        p->sg.system == XRD_SYS_TETRAGONAL)
        printf("  %-13s %.4f\n", "c/a", p->cell.c / p->cell.a);
    printf("  %-13s %.6g A^3\n", "volume", xrd_cell_volume(&p->cell));
    if (p->temperature_K > 0)
        printf("  %-13s %.6g K (%.2f C)\n", "temperature", p->temperature_K,
               p->temperature_K - 273.15);
    else
        printf("  %-13s unknown\n", "temperature");
    if (p->cte_per_K != 0)
        printf("  %-13s %.3g /K (linear thermal expansion)\n", "cte", p->cte_per_K);
    else
        printf("  %-13s unknown\n", "cte");
    printf("  atoms:\n    %-6s %-8s %10s %10s %10s %6s %6s\n", "elem", "label", "x", "y", "z",
           "occ", "Biso");
    for (int i = 0; i < p->n_atoms; i++) {
        const xrd_atom *a = &p->atoms[i];
        printf("    %-6s %-8s %10.6f %10.6f %10.6f %6.3f %6.3f\n", a->element, a->label, a->x,
               a->y, a->z, a->occupancy, a->biso_A2);
    }
    if (p->note[0])
        printf("  %-13s %s\n", "note", p->note);
    printf("  sources:\n");
    for (int i = 0; i < p->n_sources; i++)
        printf("    %-12s %s\n", p->sources[i].field, p->sources[i].text);
}

static void list(const xrd_phase_library *lib)
{
    printf("%-12s %-10s %-14s %10s %10s %8s  %s\n", "name", "structure", "space group", "a (A)",
           "c (A)", "T (K)", "status");
    for (size_t i = 0; i < lib->n; i++) {
        const xrd_phase *p = &lib->phases[i];
        char sg[40], c[16], t[16];
        char sgname[48];
        snprintf(sg, sizeof sg, "%s (%d)", xrd_spacegroup_name(&p->sg, sgname, sizeof sgname),
                 p->sg.number);
        if (p->sg.system == XRD_SYS_CUBIC)
            snprintf(c, sizeof c, "-");
        else
            snprintf(c, sizeof c, "%.7g", p->cell.c);
        if (p->temperature_K > 0)
            snprintf(t, sizeof t, "%.6g", p->temperature_K);
        else
            snprintf(t, sizeof t, "-");
        printf("%-12s %-10s %-14s %10.7g %10s %8s  %s\n", p->name, p->structure, sg, p->cell.a,
               c, t, p->status);
    }
}

/* Why name cannot name a library phase, NULL when it can. */
static const char *bad_name(const char *name)
{
    if (!name[0] || strlen(name) > 63)
        return "must have 1 to 63 characters";
    for (const char *p = name; *p; p++)
        if (isspace((unsigned char)*p) || *p == ':' || *p == ',' || *p == '=' || *p == '/')
            return "may not contain spaces, ':', ',', '=' or '/' (phases on the command line "
                   "use them)";
    if (!xrd_phase_spec_needs_library(name))
        return "would not be looked up in the library (a structure keyword fcc, bcc, hcp, "
               "diamond, sc, or a name ending in .cif)";
    return NULL;
}

/* --import FILE.cif -o OUT.xml: the CIF's phase as a library phase file. */
static int import(const char *cif, const char *out, const char *name, int force)
{
    char stem[256];
    if (!name) {
        const char *base = strrchr(out, '/');
        snprintf(stem, sizeof stem, "%s", base ? base + 1 : out);
        size_t l = strlen(stem);
        if (l > 4 && !strcasecmp(stem + l - 4, ".xml"))
            stem[l - 4] = '\0';
        name = stem;
    }
    const char *why = bad_name(name);
    if (why)
        return cli_usage("phases", "phase name '%s' %s; choose one with --name", name, why);
    xrd_phase ph;
    xrd_error err;
    xrd_error_clear(&err);
    if (xrd_phase_load_cif(cif, &ph, &err))
        return cli_fail(&err);
    snprintf(ph.name, sizeof ph.name, "%.63s", name); /* bad_name: at most 63 */
    char schema[4096];
    cli_refdata_path(schema, sizeof schema, "phase.rng");
    if (xrd_phase_write_file(&ph, out, schema, force ? XRD_PHASE_WRITE_FORCE : 0, &err))
        return cli_fail(&err);
    char sg[64];
    printf("wrote %s: phase %s (%s, %s, a = %.10g A, %d atom site%s) from %s\n", out, ph.name,
           ph.formula, xrd_spacegroup_name(&ph.sg, sg, sizeof sg), ph.cell.a, ph.n_atoms,
           ph.n_atoms == 1 ? "" : "s", cif);
    size_t l = strlen(out);
    if (l < 4 || strcasecmp(out + l - 4, ".xml"))
        fprintf(stderr, "xrdfit phases: note: the library reads only *.xml files\n");
    return CLI_OK;
}

int cmd_phases(int argc, char **argv)
{
    enum { OPT_IMPORT = 1, OPT_NAME, OPT_FORCE };
    static const struct option longopts[] = {{"help", no_argument, 0, 'h'},
                                             {"import", required_argument, 0, OPT_IMPORT},
                                             {"output", required_argument, 0, 'o'},
                                             {"name", required_argument, 0, OPT_NAME},
                                             {"force", no_argument, 0, OPT_FORCE},
                                             {0, 0, 0, 0}};
    optind = 1;
    opterr = 0;
    int opt, force = 0;
    const char *cif = NULL, *out = NULL, *name = NULL;
    while ((opt = getopt_long(argc, argv, "+:ho:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            help();
            return CLI_OK;
        case OPT_IMPORT: cif = optarg; break;
        case 'o': out = optarg; break;
        case OPT_NAME: name = optarg; break;
        case OPT_FORCE: force = 1; break;
        case ':':
            return cli_usage("phases", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage("phases", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (cif) {
        if (!out)
            return cli_usage("phases", "--import needs -o OUT.xml, the phase file to write");
        if (optind < argc)
            return cli_usage("phases", "--import takes no phase name, found '%s'",
                             argv[optind]);
        return import(cif, out, name, force);
    }
    if (out || name || force)
        return cli_usage("phases", "%s only goes with --import FILE.cif",
                         out ? "-o" : name ? "--name" : "--force");
    if (argc - optind > 1)
        return cli_usage("phases", "expected at most one phase name, found %d arguments",
                         argc - optind);
    xrd_phase_library *lib = NULL;
    xrd_error err;
    xrd_error_clear(&err);
    if (cli_load_library(&lib, &err))
        return cli_fail(&err);
    int rc = CLI_OK;
    if (optind == argc) {
        list(lib);
    } else {
        const char *want = argv[optind];
        const xrd_phase *p = xrd_phase_library_find(lib, want);
        if (p) {
            show(p);
        } else {
            fprintf(stderr, "xrdfit phases: no phase '%s' in %s/phases", want,
                    cli_refdata_dir());
            int n = 0;
            for (size_t i = 0; i < lib->n; i++)
                if (close_name(want, &lib->phases[i]))
                    fprintf(stderr, "%s%s", n++ ? ", " : "; close names: ", lib->phases[i].name);
            fprintf(stderr, "%s\n", n ? "" : "; 'xrdfit phases' lists them all");
            rc = CLI_DATA_ERROR;
        }
    }
    xrd_phase_library_free(lib);
    return rc;
}
