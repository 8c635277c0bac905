/* xrdfit vegard: composition of a binary solid solution from its lattice
 * constant (Vegard's or Zen's law, optional bowing), or the lattice constant
 * of a composition. SPDX-License-Identifier: GPL-3.0-or-later */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "Usage: xrdfit vegard --a A(ESD) --ends A,B [OPTIONS]\n"
            "       xrdfit vegard --x EL=X(ESD) --ends A,B [OPTIONS]\n"
            "Composition x of a binary solid solution from its lattice constant by Vegard's\n"
            "law, a(x) = x a_A + (1-x) a_B + b x(1-x), with esds propagated from a and both\n"
            "end members; or, with --x, the lattice constant of a composition.\n"
            "Quote values with esds for the shell: --a '3.775(1)'.\n\n"
            "  --a A(ESD)          lattice constant of the alloy in Angstrom: 3.775(1), 3.725\n"
            "  --x EL=X(ESD)       fraction of end member EL instead: Cu=0.5, Cu=0.40(2)\n"
            "  --ends A,B          the two end members, each a reference phase of the same\n"
            "                      structure as the alloy (Cu, Ru-fcc, Co-fcc; `xrdfit\n"
            "                      phases`) or ELEMENT:A(ESD) (Cu:3.6149(1), Ru:3.81)\n"
            "  --structure S       structure of the alloy (fcc, bcc, hcp); default: that of\n"
            "                      the first end member from the library; end members of\n"
            "                      another structure are refused\n"
            "  --bowing B(ESD)     bowing parameter b in Angstrom (Angstrom^3 with --zen);\n"
            "                      b > 0: a above the straight line. Default 0\n"
            "  --zen               Zen's law: a^3 (atomic volume) linear in x (cubic only)\n"
            "  --temperature K     temperature of the measurement: end members are brought\n"
            "                      to it with their thermal expansion from refdata,\n"
            "                      a(T) = a0 (1 + alpha (T - T0)), where known\n"
            "  --json OUT          also write the result as JSON to OUT ('-': stdout only)\n"
            "  --help              this text\n"
            "A composition outside [0,1] by more than 2 esd is reported with a warning (strain,\n"
            "size effects or a wrong end member), never clipped. When the end members are too\n"
            "close for the esds (Au/Ag) no composition is given.\n"
            "Exit status: 0 success, 1 data error (unknown phase, wrong structure,\n"
            "composition undeterminable), 2 usage error.\n");
}

static void print_end(const xrd_vegard_end *e, double T_K)
{
    char a[48], a0[48], col[64];
    xrd_format_esd(e->a_A, e->a_esd_A, 4, a, sizeof a);
    snprintf(col, sizeof col, "a = %s A", a);
    printf("  %-4s %-17s  ", e->label, col);
    if (e->phase[0])
        printf("reference phase %s (%s, %s)", e->phase, e->structure, e->status);
    else
        printf("given");
    if (e->temperature_K > 0)
        printf(", at %.0f K", e->temperature_K);
    else
        printf(", temperature not stated");
    if (T_K > 0 && e->temperature_K > 0 && e->temperature_ref_K > 0 &&
        e->temperature_K != e->temperature_ref_K) {
        xrd_format_esd(e->a_ref_A, e->a_esd_A * e->a_ref_A / e->a_A, 4, a0, sizeof a0);
        printf(" (%s A at %.0f K, alpha = %.3g /K)", a0, e->temperature_ref_K, e->cte_per_K);
    }
    printf("\n");
    if (e->note[0])
        printf("         note: %s\n", e->note);
}

static void print_text(const xrd_vegard_setup *s, const xrd_vegard_result *r)
{
    const char *lA = s->end[0].label, *lB = s->end[1].label;
    char b[48];
    if (s->law == XRD_VEGARD_ZEN)
        printf("Zen's law: a^3 = x a(%s)^3 + (1-x) a(%s)^3", lA, lB);
    else
        printf("Vegard's law: a = x a(%s) + (1-x) a(%s)", lA, lB);
    if (s->bowing != 0.0 || s->bowing_esd > 0)
        printf(" + b x(1-x), b = %s %s", xrd_format_esd(s->bowing, s->bowing_esd, 4, b, sizeof b),
               s->law == XRD_VEGARD_ZEN ? "A^3" : "A");
    printf(", x = fraction of %s\n", lA);
    printf("alloy structure: %s\n", s->structure[0] ? s->structure : "not stated");
    if (s->temperature_K > 0)
        printf("measurement temperature: %.0f K\n", s->temperature_K);
    else
        printf("measurement temperature: not given; end members at their own temperatures\n");
    printf("end members:\n");
    print_end(&s->end[0], s->temperature_K);
    print_end(&s->end[1], s->temperature_K);
    char a[48], c[256];
    xrd_format_esd(r->a_A, r->a_esd_A, 4, a, sizeof a);
    xrd_vegard_format_composition(s, r, c, sizeof c);
    if (r->verdict == XRD_VEGARD_UNDETERMINED) {
        printf("a = %s A\n", a);
        return; /* the reason goes to stderr */
    }
    if (r->from_lattice) {
        printf("a = %s A\n", a);
        printf("%s\n", c);
    } else {
        printf("%s\n", c);
        printf("a = %s A\n", a);
    }
    if (r->from_lattice && r->x_esd == 0.0)
        printf("note: no esd given for a or the end members: x carries no uncertainty\n");
    if (r->message[0])
        printf("%s: %s\n", r->verdict == XRD_VEGARD_OUTSIDE ? "warning" : "note", r->message);
}

static int write_json(const char *path, const xrd_vegard_setup *s, const xrd_vegard_result *r)
{
    xrd_error err;
    xrd_error_clear(&err);
    int is_std = !strcmp(path, "-");
    FILE *f = is_std ? stdout : fopen(path, "w");
    if (!f) {
        xrd_error_set(&err, XRD_ERR_IO, path, 0, "cannot write the JSON file");
        return cli_fail(&err);
    }
    xrd_status st = xrd_vegard_write_json(f, s, r, &err);
    if (!is_std && fclose(f) && st == XRD_OK)
        st = xrd_error_set(&err, XRD_ERR_IO, path, 0, "cannot write the JSON file");
    return st == XRD_OK ? CLI_OK : cli_fail(&err);
}

int cmd_vegard(int argc, char **argv)
{
    enum { OPT_A = 1400, OPT_X, OPT_ENDS, OPT_STRUCT, OPT_BOW, OPT_ZEN, OPT_TEMP, OPT_JSON };
    static const struct option longopts[] = {
        {"a", required_argument, 0, OPT_A},
        {"x", required_argument, 0, OPT_X},
        {"ends", required_argument, 0, OPT_ENDS},
        {"structure", required_argument, 0, OPT_STRUCT},
        {"bowing", required_argument, 0, OPT_BOW},
        {"zen", no_argument, 0, OPT_ZEN},
        {"temperature", required_argument, 0, OPT_TEMP},
        {"json", required_argument, 0, OPT_JSON},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *a_text = NULL, *x_text = NULL, *ends = NULL, *structure = NULL;
    const char *json = NULL;
    double bow = 0, bow_esd = 0, T = 0;
    xrd_vegard_law law = XRD_VEGARD_LINEAR;
    xrd_error err;
    xrd_error_clear(&err);
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': help(stdout); return CLI_OK;
        case OPT_A: a_text = optarg; break;
        case OPT_X: x_text = optarg; break;
        case OPT_ENDS: ends = optarg; break;
        case OPT_STRUCT: structure = optarg; break;
        case OPT_BOW:
            if (xrd_parse_value_esd(optarg, &bow, &bow_esd, &err) != XRD_OK)
                return cli_usage("vegard", "--bowing: %s", err.message);
            break;
        case OPT_ZEN: law = XRD_VEGARD_ZEN; break;
        case OPT_TEMP:
            if (cli_parse_double(optarg, &T) || !(T > 0))
                return cli_usage("vegard", "--temperature expects kelvin > 0, found '%s'",
                                 optarg);
            break;
        case OPT_JSON: json = optarg; break;
        case ':':
            return cli_usage("vegard", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage("vegard", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("vegard", "unexpected argument '%s'", argv[optind]);
    if (!ends)
        return cli_usage("vegard", "--ends A,B is needed (e.g. --ends Cu,Ru-fcc)");
    if (!a_text == !x_text)
        return cli_usage("vegard", "give exactly one of --a (lattice constant -> composition) "
                                   "and --x (composition -> lattice constant)");

    /* --ends A,B */
    char ebuf[256], *comma;
    if (strlen(ends) >= sizeof ebuf || !(comma = strchr(strcpy(ebuf, ends), ',')) ||
        strchr(comma + 1, ','))
        return cli_usage("vegard", "--ends expects two end members A,B (binary alloys), "
                                   "found '%s'", ends);
    *comma = '\0';

    double a = 0, a_esd = 0, x = 0, x_esd = 0;
    char xlabel[32] = "";
    if (a_text && xrd_parse_value_esd(a_text, &a, &a_esd, &err) != XRD_OK)
        return cli_usage("vegard", "--a: %s", err.message);
    if (a_text && !(a > 0))
        return cli_usage("vegard", "--a: the lattice constant must be positive, found '%s'",
                         a_text);
    if (x_text) {
        const char *eq = strchr(x_text, '=');
        if (!eq || eq == x_text || (size_t)(eq - x_text) >= sizeof xlabel)
            return cli_usage("vegard", "--x expects ELEMENT=FRACTION (Cu=0.5), found '%s'",
                             x_text);
        memcpy(xlabel, x_text, (size_t)(eq - x_text));
        xlabel[eq - x_text] = '\0';
        if (xrd_parse_value_esd(eq + 1, &x, &x_esd, &err) != XRD_OK)
            return cli_usage("vegard", "--x: %s", err.message);
    }

    xrd_phase_library *lib = NULL;
    int need_lib = !strchr(ebuf, ':') || !strchr(comma + 1, ':');
    if (need_lib && cli_load_library(&lib, &err) != XRD_OK)
        return cli_fail(&err);
    xrd_vegard_setup s;
    xrd_status st = xrd_vegard_setup_init(&s, ebuf, comma + 1, structure, lib, law, bow, bow_esd,
                                          T, &err);
    xrd_phase_library_free(lib);
    if (st == XRD_ERR_PARSE)
        return cli_usage("vegard", "--ends: %s", err.message);
    if (st != XRD_OK)
        return cli_fail(&err);

    xrd_vegard_result r;
    if (x_text) {
        int k = xrd_vegard_find_end(&s, xlabel);
        if (k < 0)
            return cli_usage("vegard", "--x names %s, which is not an end member (%s, %s)",
                             xlabel, s.end[0].label, s.end[1].label);
        st = xrd_vegard_lattice(&s, k == 0 ? x : 1.0 - x, x_esd, &r, &err);
    } else {
        st = xrd_vegard_composition(&s, a, a_esd, &r, &err);
    }
    if (st != XRD_OK)
        return cli_fail(&err);
    if (!(json && !strcmp(json, "-")))
        print_text(&s, &r);
    int rc = json ? write_json(json, &s, &r) : CLI_OK;
    if (rc == CLI_OK && r.verdict == XRD_VEGARD_UNDETERMINED) {
        xrd_error_set(&err, XRD_ERR_INVALID, NULL, 0, "%s", r.message);
        rc = cli_fail(&err);
    }
    return rc;
}
