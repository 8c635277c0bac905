/* Instrument files: reading (schema-validated) and writing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/numfmt.h"
#include "core/xml_safe.h"
#include "xrdfit/instrument.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static xrd_status attr_num(const xmlNode *n, const char *attr, const char *path, double *out,
                           xrd_error *err)
{
    return xrdi_xml_number(n, attr, path, attr, out, err);
}

/* Beyond the schema: the profile must give a positive Gaussian width and a
 * non-negative Lorentzian width at every 2theta where d lies between 20 and
 * 0.6 A at the file's wavelength, within 5-150 deg for X-rays (for electrons,
 * whose rings lie below a few degrees, that range is their own), the
 * asymmetry, zero, displacement and radius must be physical. */
static xrd_status check_physics(const xrd_instrument *in, const char *path, long line,
                                xrd_error *err)
{
    const double *p = in->uvwxy;
    for (int k = 0; k < 5; k++)
        if (!isfinite(p[k]))
            return xrd_error_set(err, XRD_ERR_INVALID, path, line, "profile value %d is not "
                                 "finite", k + 1);
    double lam = in->rad.n_lines > 0 ? in->rad.lambda_A[0] : 1.5406;
    double t0 = 5.0, t1 = 150.0;
    if (lam < XRD_ELECTRON_LAMBDA_MAX_A) {
        t0 = 2.0 * asin(lam / 40.0) * 180.0 / M_PI;
        t1 = 2.0 * asin(lam / 1.2) * 180.0 / M_PI;
    }
    for (double tt = t0; tt <= t1; tt += (t1 - t0) / 290.0) {
        double t = tan(tt * M_PI / 360.0);
        double g2 = p[0] * t * t + p[1] * t + p[2], l = p[3] * t + p[4];
        if (!(g2 > 0))
            return xrd_error_set(err, XRD_ERR_INVALID, path, line,
                                 "the profile U %g, V %g, W %g gives a Gaussian FWHM^2 of %.3g "
                                 "deg^2 at 2theta = %g deg: it must be positive everywhere",
                                 p[0], p[1], p[2], g2, tt);
        if (!(l >= 0))
            return xrd_error_set(err, XRD_ERR_INVALID, path, line,
                                 "the profile X %g, Y %g gives a Lorentzian FWHM of %.3g deg at "
                                 "2theta = %g deg: it must not be negative",
                                 p[3], p[4], l, tt);
        if (sqrt(g2) > 20.0 || l > 20.0)
            return xrd_error_set(err, XRD_ERR_INVALID, path, line,
                                 "the profile gives a FWHM of more than 20 deg at 2theta = %g "
                                 "deg: not an instrument",
                                 tt);
    }
    if (!(in->asym_sl >= 0 && in->asym_sl <= 0.2 && in->asym_hl >= 0 && in->asym_hl <= 0.2))
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "axial asymmetry S/L %g, H/L %g is outside 0-0.2", in->asym_sl,
                             in->asym_hl);
    if (!(fabs(in->zero_deg) <= 1.0))
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "a zero of %g deg is outside +-1 deg: recalibrate the instrument",
                             in->zero_deg);
    if (!(fabs(in->displacement_mm) <= 2.0))
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "a displacement of %g mm is outside +-2 mm", in->displacement_mm);
    if (!(in->radius_mm >= 10 && in->radius_mm <= 2000))
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "a goniometer radius of %g mm is outside 10-2000 mm", in->radius_mm);
    /* a lens distortion moves a ring by a few % at most (10 % at d = 0.6 A) */
    if (!(fabs(in->radial_k3_A2) <= 0.1 * 0.36))
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "a radial distortion k3 of %g A^2 moves the ring of d = 0.6 A by "
                             "%.3g %%: not a lens distortion (|k3| <= 0.036 A^2)",
                             in->radial_k3_A2, 100.0 * in->radial_k3_A2 / 0.36);
    return XRD_OK;
}

static xrd_status convert(xmlDocPtr doc, const char *path, xrd_instrument *in, xrd_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr rad = xrdi_xml_child(root, "radiation");
    xrd_status st = XRD_OK;
    memset(in, 0, sizeof *in);
    xrdi_xml_text(rad, "name", in->rad.name, sizeof in->rad.name);
    xrdi_xml_text(rad, "scale", in->rad.scale, sizeof in->rad.scale);
    for (xmlNodePtr l = xrdi_xml_child(rad, "line"); l; l = xrdi_xml_next(l, "line")) {
        if (in->rad.n_lines == XRD_MAX_LINES)
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(l),
                                 "at most %d wavelength lines are supported", XRD_MAX_LINES);
        int k = in->rad.n_lines;
        xrdi_xml_text(l, "name", in->rad.line_name[k], sizeof in->rad.line_name[k]);
        if ((st = attr_num(l, "lambda_A", path, &in->rad.lambda_A[k], err)) ||
            (st = attr_num(l, "weight", path, &in->rad.weight[k], err)))
            return st;
        if (!(in->rad.lambda_A[k] >= 0.001 && in->rad.lambda_A[k] <= 10))
            return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(l),
                                 "wavelength %g A is outside 0.001-10 A", in->rad.lambda_A[k]);
        if (k == 0 && xmlHasProp(l, (const xmlChar *)"lambda_esd_A") &&
            (st = attr_num(l, "lambda_esd_A", path, &in->rad.lambda_esd_A, err)))
            return st;
        in->rad.n_lines++;
    }
    if (in->rad.n_lines > 0)
        in->rad.weight[0] = 1.0;
    xmlNodePtr g = xrdi_xml_child(root, "geometry");
    char type[32] = "";
    xrdi_xml_text(g, "type", type, sizeof type);
    in->geometry = strcmp(type, "transmission") ? XRD_GEOM_BRAGG_BRENTANO : XRD_GEOM_TRANSMISSION;
    if ((st = attr_num(g, "radius_mm", path, &in->radius_mm, err)))
        return st;
    if ((st = xrdi_xml_number(xrdi_xml_child(root, "zero_deg"), NULL, path, "zero_deg",
                              &in->zero_deg, err)) ||
        (st = xrdi_xml_number(xrdi_xml_child(root, "displacement_mm"), NULL, path,
                              "displacement_mm", &in->displacement_mm, err)))
        return st;
    static const char *const uvw[5] = {"U", "V", "W", "X", "Y"};
    xmlNodePtr pr = xrdi_xml_child(root, "profile");
    for (int k = 0; k < 5; k++)
        if ((st = attr_num(pr, uvw[k], path, &in->uvwxy[k], err)))
            return st;
    xmlNodePtr as = xrdi_xml_child(root, "asymmetry");
    if ((st = attr_num(as, "SL", path, &in->asym_sl, err)) ||
        (st = attr_num(as, "HL", path, &in->asym_hl, err)))
        return st;
    xmlNodePtr cc = xrdi_xml_child(root, "camera_constant");
    if (cc && ((st = attr_num(cc, "px_A", path, &in->camera_constant_px_A, err)) ||
               (xmlHasProp(cc, (const xmlChar *)"esd") &&
                (st = attr_num(cc, "esd", path, &in->camera_constant_esd, err)))))
        return st;
    xmlNodePtr rd = xrdi_xml_child(root, "radial_distortion");
    if (rd && ((st = attr_num(rd, "k3_A2", path, &in->radial_k3_A2, err)) ||
               (xmlHasProp(rd, (const xmlChar *)"esd") &&
                (st = attr_num(rd, "esd", path, &in->radial_k3_esd_A2, err)))))
        return st;
    xmlNodePtr cal = xrdi_xml_child(root, "calibration");
    if (cal) {
        in->calibrated = 1;
        xrdi_xml_text(cal, "standard", in->standard, sizeof in->standard);
    }
    snprintf(in->source, sizeof in->source, "%s", path);
    return check_physics(in, path, xrdi_xml_line(pr), err);
}

xrd_status xrd_instrument_load(const char *path, const char *schema_path, xrd_instrument *inst,
                               xrd_error *err)
{
    xmlRelaxNGPtr schema = NULL;
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_schema_load(schema_path, &schema, err);
    if (st == XRD_OK)
        st = xrdi_xml_parse_file(path, &doc, err);
    if (st == XRD_OK)
        st = xrdi_schema_validate(schema, doc, path, err);
    if (st == XRD_OK)
        st = convert(doc, path, inst, err);
    if (doc)
        xmlFreeDoc(doc);
    /* the schema belongs to the process cache: not freed */
    return st;
}

/* XML attribute text: escape the five special characters. */
static void xml_attr(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
        }
    }
}

/* a finite number in the locale-independent form, 0 when not finite */
static const char *num(double v, char *b)
{
    return xrdi_fmt_json(isfinite(v) ? v : 0.0, b, 64);
}

xrd_status xrd_instrument_save(const char *path, const xrd_instrument *in, const char *note,
                               xrd_error *err)
{
    char b[64];
    FILE *f = fopen(path, "w");
    if (!f)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot write the instrument file");
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<!-- xrdfit instrument file (schema refdata/instrument.rng) -->\n"
               "<instrument version=\"1\">\n  <radiation name=\"");
    xml_attr(f, in->rad.name);
    fprintf(f, "\" scale=\"");
    xml_attr(f, in->rad.scale[0] ? in->rad.scale : "user");
    fprintf(f, "\">\n");
    for (int l = 0; l < in->rad.n_lines; l++) {
        fprintf(f, "    <line name=\"");
        xml_attr(f, in->rad.line_name[l][0] ? in->rad.line_name[l] : "line");
        fprintf(f, "\" lambda_A=\"%s\"", num(in->rad.lambda_A[l], b));
        fprintf(f, " weight=\"%s\"", num(l == 0 ? 1.0 : in->rad.weight[l], b));
        if (l == 0 && in->rad.lambda_esd_A > 0)
            fprintf(f, " lambda_esd_A=\"%s\"", num(in->rad.lambda_esd_A, b));
        fprintf(f, "/>\n");
    }
    fprintf(f, "  </radiation>\n  <geometry type=\"%s\"",
            in->geometry == XRD_GEOM_TRANSMISSION ? "transmission" : "bragg-brentano");
    fprintf(f, " radius_mm=\"%s\"/>\n", num(in->radius_mm > 0 ? in->radius_mm : 240.0, b));
    fprintf(f, "  <zero_deg>%s</zero_deg>\n", num(in->zero_deg, b));
    fprintf(f, "  <displacement_mm>%s</displacement_mm>\n", num(in->displacement_mm, b));
    fprintf(f, "  <profile type=\"TCH\"");
    static const char *const uvw[5] = {"U", "V", "W", "X", "Y"};
    for (int k = 0; k < 5; k++)
        fprintf(f, " %s=\"%s\"", uvw[k], num(in->uvwxy[k], b));
    fprintf(f, "/>\n  <asymmetry SL=\"%s\"", num(in->asym_sl, b));
    fprintf(f, " HL=\"%s\"/>\n", num(in->asym_hl, b));
    if (in->camera_constant_px_A > 0) {
        fprintf(f, "  <camera_constant px_A=\"%s\"", num(in->camera_constant_px_A, b));
        if (in->camera_constant_esd > 0)
            fprintf(f, " esd=\"%s\"", num(in->camera_constant_esd, b));
        fprintf(f, "/>\n");
    }
    if (in->radial_k3_A2 != 0) {
        fprintf(f, "  <radial_distortion k3_A2=\"%s\"", num(in->radial_k3_A2, b));
        if (in->radial_k3_esd_A2 > 0)
            fprintf(f, " esd=\"%s\"", num(in->radial_k3_esd_A2, b));
        fprintf(f, "/>\n");
    }
    fprintf(f, "  <calibration standard=\"");
    xml_attr(f, in->standard);
    fprintf(f, "\" note=\"");
    xml_attr(f, note);
    fprintf(f, "\"/>\n</instrument>\n");
    if (fclose(f))
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "writing the instrument file failed");
    return XRD_OK;
}
