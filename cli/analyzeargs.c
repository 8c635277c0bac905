/* Options of the alloy analysis (analyze, series --analyze).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "analyzeargs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* a usage message, and -1 for cli_analyze_option */
#define USAGE(...) (cli_usage(__VA_ARGS__), -1)

/* comma list into out (max items of width chars); -1 when an item is empty,
 * too long, or there are more than max */
static int parse_list(const char *s, char *out, int max, int width)
{
    int n = 0;
    const char *p = s;
    for (;;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (n >= max || len == 0 || len >= (size_t)width)
            return -1;
        memcpy(out + (size_t)n * (size_t)width, p, len);
        out[(size_t)n * (size_t)width + len] = '\0';
        n++;
        if (!q)
            return n;
        p = q + 1;
    }
}

/* canonical symbol of a known element ("pt" -> "Pt"), NULL when unknown */
static const char *element_symbol(const char *s)
{
    return xrd_element_symbol(xrd_element_number(s));
}

/* --elements A,B,...: symbols or SYMBOL:A(ESD); usage errors printed here */
static int parse_elements(const char *cmd, const char *arg, xrd_analyze_options *ao)
{
    char el[XRD_ANALYZE_MAX_ELEMENTS][32];
    int n = parse_list(arg, &el[0][0], XRD_ANALYZE_MAX_ELEMENTS, 32);
    if (n < 1) {
        cli_usage(cmd, "--elements expects 1 to %d comma-separated elements (e.g. Cu,Ru or "
                             "Nb,Mo,Ta,Ti,W), found '%s'", XRD_ANALYZE_MAX_ELEMENTS, arg);
        return -1;
    }
    for (int k = 0; k < n; k++) {
        char *colon = strchr(el[k], ':');
        ao->element_a_A[k] = ao->element_a_esd_A[k] = 0;
        if (colon) {
            *colon = '\0';
            xrd_error e;
            double a, esd;
            if (xrd_parse_value_esd(colon + 1, &a, &esd, &e) != XRD_OK || !(a > 0)) {
                cli_usage(cmd, "--elements: '%s:%s' expects ELEMENT:A(ESD) with a in "
                                     "Angstrom, e.g. Os:2.734(1)", el[k], colon + 1);
                return -1;
            }
            ao->element_a_A[k] = a;
            ao->element_a_esd_A[k] = esd;
        }
        const char *sym = element_symbol(el[k]);
        if (!sym) {
            cli_usage(cmd, "--elements: '%s' is not a chemical element symbol (H to Bi)", el[k]);
            return -1;
        }
        for (int j = 0; j < k; j++)
            if (!strcmp(ao->elements[j], sym)) {
                cli_usage(cmd, "--elements: %s is given twice", sym);
                return -1;
            }
        snprintf(ao->elements[k], sizeof ao->elements[k], "%s", sym);
    }
    ao->n_elements = n;
    return 0;
}

/* --ratio A:B[:C]=p:q[:r] */
static int parse_ratio(const char *arg, xrd_analyze_ratio *ra)
{
    char buf[256];
    const char *eq = strchr(arg, '=');
    if (!eq || strlen(arg) >= sizeof buf)
        return -1;
    memset(ra, 0, sizeof *ra);
    snprintf(buf, sizeof buf, "%.*s", (int)(eq - arg), arg);
    char *save = NULL;
    for (char *t = strtok_r(buf, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
        const char *sym = element_symbol(t);
        if (!sym || ra->n >= XRD_ANALYZE_MAX_ELEMENTS)
            return -1;
        snprintf(ra->element[ra->n++], sizeof ra->element[0], "%s", sym);
    }
    snprintf(buf, sizeof buf, "%s", eq + 1);
    int nw = 0;
    for (char *t = strtok_r(buf, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
        if (nw >= ra->n || cli_parse_double(t, &ra->weight[nw]) || !(ra->weight[nw] > 0))
            return -1;
        nw++;
    }
    return ra->n >= 2 && nw == ra->n ? 0 : -1;
}

int cli_analyze_option(const char *cmd, int opt, const char *arg, xrd_analyze_options *ao,
                       int *have_el)
{
    double v;
    switch (opt) {
    case CLI_OPT_AEL:
        if (parse_elements(cmd, arg, ao) != 0)
            return -1;
        *have_el = 1;
        break;
    case CLI_OPT_ARATIO:
        if (ao->n_ratios >= XRD_ANALYZE_MAX_ELEMENTS || parse_ratio(arg, &ao->ratios[ao->n_ratios]))
            return USAGE(cmd, "--ratio expects A:B=p:q (e.g. Pt:Pd=1:1, Pt:Pd:Ir=1:1:2), "
                                        "found '%s'", arg);
        ao->n_ratios++;
        break;
    case CLI_OPT_AST: {
        int n = parse_list(arg, &ao->structures[0][0], XRD_ANALYZE_MAX_STRUCT, 16);
        if (n < 1)
            return USAGE(cmd, "--structure expects fcc, bcc, hcp or a comma list, found '%s'", arg);
        for (int k = 0; k < n; k++)
            if (strcmp(ao->structures[k], "fcc") && strcmp(ao->structures[k], "bcc") &&
                strcmp(ao->structures[k], "hcp"))
                return USAGE(cmd, "--structure: '%s' is not one of fcc, bcc, hcp",
                                 ao->structures[k]);
        ao->n_structures = n;
        break;
    }
    case CLI_OPT_AMAXP:
        if (cli_parse_double(arg, &v) || v != floor(v) || v < 1 || v > 3)
            return USAGE(cmd, "--max-phases expects 1, 2 or 3, found '%s'", arg);
        ao->max_phases = (int)v;
        break;
    case CLI_OPT_ABIC:
        if (cli_parse_double(arg, &ao->bic_threshold) || ao->bic_threshold < 0)
            return USAGE(cmd, "--bic-threshold expects a number >= 0, found '%s'", arg);
        break;
    case CLI_OPT_ASEP:
        if (cli_parse_double(arg, &ao->separation_min_sigma) || ao->separation_min_sigma < 0)
            return USAGE(cmd, "--min-separation expects a number >= 0, found '%s'", arg);
        break;
    case CLI_OPT_ACLUSTERS: ao->clusters = XRD_CLUSTERS_ALWAYS; return 1;
    case CLI_OPT_ANOCLUSTERS: ao->clusters = XRD_CLUSTERS_NEVER; return 1;
    case CLI_OPT_ASHARE:
        if (cli_parse_double(arg, &ao->minor_share_min) || ao->minor_share_min < 0 ||
            ao->minor_share_min >= 0.5)
            return USAGE(cmd, "--min-share expects 0 <= F < 0.5, found '%s'", arg);
        break;
    default:
        return 0;
    }
    return 1;
}
