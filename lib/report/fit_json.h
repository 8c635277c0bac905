/* JSON of a fit result, embeddable in larger documents (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef XRDFIT_REPORT_FIT_JSON_H
#define XRDFIT_REPORT_FIT_JSON_H

#include "report/json_writer.h"
#include "xrdfit/report.h"

/* Write the fit as one JSON object value at the writer's position. */
void xrdi_fit_json_object(xrdi_json *j, const xrd_fit_result *r, const xrd_report_meta *meta);

/* The same, with the "curves" object when with_curves is non-zero. */
void xrdi_fit_json_object_ex(xrdi_json *j, const xrd_fit_result *r, const xrd_report_meta *meta,
                             int with_curves);

/* Extra keys written into the top object and into each phase object. */
typedef struct {
    void (*top)(xrdi_json *j, void *user);
    void (*phase)(xrdi_json *j, int phase, void *user);
    void *user;
} xrdi_fit_json_hooks;

/* The same with hooks (h may be NULL). */
void xrdi_fit_json_object_hooked(xrdi_json *j, const xrd_fit_result *r,
                                 const xrd_report_meta *meta, int with_curves,
                                 const xrdi_fit_json_hooks *h);

/* The size convention sentence printed next to every size. */
extern const char xrdi_size_convention[];

/* The note on crystals below XRD_SMALL_CRYSTAL_NM (sphere diameter), into buf:
 * their Le Bail a and where to go instead; text, JSON and analyze share it. */
void xrdi_small_crystal_note(char *buf, size_t n);

#endif
