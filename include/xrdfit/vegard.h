/* xrdfit: composition of a solid solution from its lattice constant
 * (Vegard's law, optionally with a bowing parameter, or Zen's law), and the
 * inverse, with standard uncertainties propagated from every input.
 *
 * Conventions (x = fraction of end member A = end[0], 1 - x of B = end[1]):
 *   Vegard:  a(x)   = x a_A   + (1-x) a_B   + b x(1-x)    b in Angstrom
 *   Zen:     a(x)^3 = x a_A^3 + (1-x) a_B^3 + b x(1-x)    b in Angstrom^3
 * A positive bowing parameter b means a lattice constant ABOVE the straight
 * line (positive deviation); b = 0 is the plain law.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_VEGARD_H
#define XRDFIT_VEGARD_H

#include <stdio.h>
#include "xrdfit/error.h"
#include "xrdfit/phase.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parse a value with its standard uncertainty in the crystallographic
 * notation: "3.775(1)" -> 3.775, 0.001; "3.6149(12)" -> 3.6149, 0.0012;
 * "3.725" -> 3.725, 0; "4(1)" -> 4, 1. The esd counts units of the last
 * decimal of the value. '.' is the decimal point whatever the locale; an
 * exponent cannot be combined with an esd. XRD_ERR_PARSE on anything else
 * ("3.7(", "abc", "3.7(1)x", "nan"), with a message quoting the text. */
xrd_status xrd_parse_value_esd(const char *text, double *value, double *esd, xrd_error *err);

/* One end member, with its lattice constant at the temperature of use. */
typedef struct {
    char label[16];        /* element or formula used in results: "Cu", "Ru" */
    char phase[64];        /* reference phase name ("Ru-fcc"), "" when given as a number */
    char structure[32];    /* "fcc", "hcp" ...; "" when given as a number */
    char status[32];       /* phase status ("measured", "metastable", "computed"), "" */
    int cubic;             /* 1 cubic, 0 not, -1 unknown (given as a number) */
    double a_A, a_esd_A;   /* lattice constant used, Angstrom (esd 0 = unknown) */
    double a_ref_A;        /* value before any temperature correction */
    double temperature_ref_K; /* temperature of a_ref_A; 0 = unknown */
    double temperature_K;  /* temperature of a_A; 0 = unknown */
    double cte_per_K;      /* linear thermal-expansion coefficient; 0 = unknown */
    char note[512];        /* approximate value, no temperature correction ...; "" */
} xrd_vegard_end;

/* Parse an end member: a reference phase name ("Cu", "Ru-fcc"; lattice
 * constant, its esd when the file has one, temperature and CTE from lib) or
 * "LABEL:A(ESD)" ("Cu:3.6149(1)", label = element, a in Angstrom).
 * XRD_ERR_PARSE for a malformed number or label, XRD_ERR_NOT_FOUND for an
 * unknown phase name (lib may be NULL: then only the LABEL:A form works). */
xrd_status xrd_vegard_end_parse(const char *spec, const xrd_phase_library *lib,
                                xrd_vegard_end *out, xrd_error *err);

/* End member for an element in a given structure ("Ru", "fcc" -> Ru-fcc), for
 * callers that know the elements and the alloy's structure (analyze).
 * XRD_ERR_NOT_FOUND, naming what is missing and the ELEMENT:A(ESD) way out,
 * when lib has no such phase. */
xrd_status xrd_vegard_end_for_element(const xrd_phase_library *lib, const char *element,
                                      const char *structure, xrd_vegard_end *out,
                                      xrd_error *err);

/* Bring an end member to temperature T_K: a(T) = a0 (1 + alpha (T - T0)),
 * esd scaled alike. When T0 or alpha is unknown, a is left as it is and
 * e->note says so (this is not an error). XRD_ERR_INVALID when T_K <= 0. */
xrd_status xrd_vegard_end_at_temperature(xrd_vegard_end *e, double T_K, xrd_error *err);

typedef enum { XRD_VEGARD_LINEAR = 0, XRD_VEGARD_ZEN } xrd_vegard_law;

/* Everything a composition depends on except the measured value. */
typedef struct {
    xrd_vegard_end end[2];  /* A, B */
    char structure[32];     /* structure of the alloy ("fcc"); "" unknown */
    xrd_vegard_law law;
    double bowing, bowing_esd; /* b (Angstrom, Angstrom^3 with Zen) and its esd */
    double temperature_K;   /* measurement temperature; 0 = not given */
} xrd_vegard_setup;

/* Build a setup: parse both end members (xrd_vegard_end_parse), check that
 * they differ and share the alloy's structure (structure NULL or "" = that of
 * the first end member read from the library), and, when temperature_K > 0,
 * bring them to it. A reference phase of another structure is refused with
 * XRD_ERR_INVALID and a message naming the library phase of the right
 * structure ("use Ru-fcc") or saying that none exists. Zen's law needs cubic
 * end members (XRD_ERR_UNSUPPORTED otherwise). lib may be NULL. */
xrd_status xrd_vegard_setup_init(xrd_vegard_setup *s, const char *spec_a, const char *spec_b,
                                 const char *structure, const xrd_phase_library *lib,
                                 xrd_vegard_law law, double bowing, double bowing_esd,
                                 double temperature_K, xrd_error *err);

typedef enum {
    XRD_VEGARD_IN_RANGE = 0, /* 0 <= x <= 1, or outside by at most 2 esd */
    XRD_VEGARD_OUTSIDE,      /* x beyond [0, 1] by more than 2 esd: reported, not clipped */
    XRD_VEGARD_UNDETERMINED  /* end members too close for the esds (esd of x > 1/3),
                                or no x gives this a: no number to report */
} xrd_vegard_verdict;

typedef struct {
    int from_lattice;       /* 1: x computed from a; 0: a computed from x */
    double a_A, a_esd_A;    /* lattice constant (measured or computed) */
    double x, x_esd;        /* fraction of end[0]; end[1] has 1 - x, same esd */
    xrd_vegard_verdict verdict;
    char message[512];      /* a sentence for OUTSIDE, UNDETERMINED and an x just outside
                               [0, 1] within 2 esd; "" otherwise */
} xrd_vegard_result;

/* Composition from a lattice constant a_A +- a_esd_A (Angstrom, at the
 * setup's temperature). sigma_x = sqrt(sa^2 + x^2 sA^2 + (1-x)^2 sB^2
 * [+ (x(1-x))^2 sb^2]) / |da/dx| (in a^3 with Zen). With bowing, the root of
 * the quadratic in or nearest to [0, 1] is taken. An undetermined or
 * out-of-range composition is a verdict in *out, not an error;
 * XRD_ERR_INVALID for a non-finite or non-positive a or a negative esd. */
xrd_status xrd_vegard_composition(const xrd_vegard_setup *s, double a_A, double a_esd_A,
                                  xrd_vegard_result *out, xrd_error *err);

/* Lattice constant of the alloy with fraction x +- x_esd of end[0].
 * XRD_ERR_INVALID for a non-finite x or negative esd; x outside [0, 1] is
 * computed and flagged XRD_VEGARD_OUTSIDE. */
xrd_status xrd_vegard_lattice(const xrd_vegard_setup *s, double x, double x_esd,
                              xrd_vegard_result *out, xrd_error *err);

/* Index (0 or 1) of the end member labelled label (case-insensitive), -1 if none. */
int xrd_vegard_find_end(const xrd_vegard_setup *s, const char *label);

/* "x(Cu) = 0.429(3), x(Ru) = 0.571(3)" into buf (the verdict's message when
 * undetermined). Returns buf. */
char *xrd_vegard_format_composition(const xrd_vegard_setup *s, const xrd_vegard_result *r,
                                    char *buf, size_t n);

/* The setup and result as one JSON object: law, bowing, structure,
 * temperature_K, end_members[], a, a_esd, composition {LABEL: x, LABEL_esd:
 * sigma} (null when undetermined), verdict, message. XRD_ERR_IO on a write
 * failure. */
xrd_status xrd_vegard_write_json(FILE *out, const xrd_vegard_setup *s,
                                 const xrd_vegard_result *r, xrd_error *err);

#ifdef __cplusplus
}
#endif
#endif
