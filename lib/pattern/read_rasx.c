/* Rigaku RASX (SmartLab Studio II): a zip holding, per scan N, DataN/ProfileN.txt
 * ("2theta intensity attenuation" lines, UTF-8 BOM; read as a RAS profile) and
 * DataN/MesurementConditionsN.xml (sic: Rigaku's spelling), whose TargetName,
 * WavelengthKalpha1/2, AxisName, Step and Speed (deg/min) and the "Temp" axis
 * give the anode, the lines, the scan axis, the time per step and the sample
 * temperature. The zip is read through libzip
 * (zip_entry.c), the XML through the safe parser.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"
#include "core/xml_safe.h"
#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

static xrd_status conditions(const xrdi_source *src, int scan, xrd_pattern *p, xrd_error *err)
{
    char member[64];
    snprintf(member, sizeof member, "Data%d/MesurementConditions%d.xml", scan, scan);
    char *xml = NULL;
    size_t len = 0;
    xrd_status st = xrdi_zip_read(src, member, XRD_PATTERN_MAX_BYTES, &xml, &len, err);
    if (st == XRD_ERR_NOT_FOUND)
        return XRD_OK; /* the profile alone: no header */
    if (st)
        return st;
    char label[600];
    snprintf(label, sizeof label, "%s:%s", src->name, member);
    xmlDocPtr doc = NULL;
    st = xrdi_xml_parse_memory(xml, len, label, &doc, err);
    free(xml);
    if (st)
        return st;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    double l1 = xrdi_xml_double(xrdi_xml_find(root, "WavelengthKalpha1"), NULL), l2 = xrdi_xml_double(xrdi_xml_find(root, "WavelengthKalpha2"), NULL);
    if (l1 >= 0.01 && l1 <= 20)
        p->wavelength_A = l1;
    if (l2 >= 0.01 && l2 <= 20 && l2 != l1)
        p->meta.wavelength2_A = l2;
    xmlNodePtr t = xrdi_xml_find(root, "TargetName");
    if (t)
        xrdi_xml_text(t, NULL, p->meta.anode, sizeof p->meta.anode);
    xmlNodePtr sn = xrdi_xml_find(root, "SampleName");
    if (sn)
        xrdi_xml_text(sn, NULL, p->meta.sample, sizeof p->meta.sample);
    char axis[64] = "", su[32] = "";
    xmlNodePtr ax = xrdi_xml_find(root, "AxisName");
    if (ax)
        xrdi_xml_text(ax, NULL, axis, sizeof axis);
    double step = xrdi_xml_double(xrdi_xml_find(root, "Step"), NULL), speed = xrdi_xml_double(xrdi_xml_find(root, "Speed"), NULL);
    xmlNodePtr u = xrdi_xml_find(root, "SpeedUnit");
    if (u)
        xrdi_xml_text(u, NULL, su, sizeof su);
    if (step > 0 && speed > 0 && strstr(su, "min"))
        p->meta.time_per_step_s = 60.0 * step / speed;
    /* the sample temperature: <Axis Name="Temp" Unit="C" Position="550"/> */
    for (xmlNodePtr ax2 = xrdi_xml_find(root, "Axis"); ax2; ax2 = xrdi_xml_next(ax2, "Axis")) {
        char nm[32] = "", un[8] = "";
        if (xrdi_xml_text(ax2, "Name", nm, sizeof nm) || strcmp(nm, "Temp"))
            continue;
        xrdi_xml_text(ax2, "Unit", un, sizeof un);
        double tv = xrdi_xml_double(ax2, "Position");
        if (!strcmp(un, "C") && tv > -273.15 && tv < 3000)
            p->meta.temperature_K = tv + 273.15;
        else if (!strcmp(un, "K") && tv > 0 && tv < 3300)
            p->meta.temperature_K = tv;
        break;
    }
    xmlFreeDoc(doc);
    if (axis[0] && !strstr(axis, "TwoTheta"))
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, src->name, 0,
                             "scan %d is a '%s' scan, not a 2theta scan", scan + 1, axis);
    return XRD_OK;
}

xrd_status xrdi_read_rasx(const xrdi_source *src, const xrd_read_options *o, xrd_pattern **out,
                          xrd_error *err)
{
    *out = NULL;
    int n_scans = 0;
    xrd_status cst = xrdi_zip_count(src, "Data%d/Profile%d.txt", 10000, &n_scans, err);
    if (cst)
        return cst;
    if (n_scans == 0)
        return xrd_error_set(err, XRD_ERR_NO_DATA, src->name, 0,
                             "the RASX archive holds no Data0/Profile0.txt");
    if (o->scan >= n_scans)
        return xrd_error_set(err, XRD_ERR_INVALID, src->name, 0,
                             "--scan %d: the RASX file holds %d scan%s", o->scan + 1, n_scans,
                             n_scans == 1 ? "" : "s");
    char member[64];
    snprintf(member, sizeof member, "Data%d/Profile%d.txt", o->scan, o->scan);
    char *txt = NULL;
    size_t len = 0;
    xrd_status st = xrdi_zip_read(src, member, XRD_PATTERN_MAX_BYTES, &txt, &len, err);
    if (st)
        return st;
    xrd_pattern *p = xrd_pattern_new(0);
    if (!p) {
        free(txt);
        return xrd_error_set(err, XRD_ERR_NOMEM, src->name, 0, "out of memory");
    }
    snprintf(p->source, sizeof p->source, "%s", src->name);
    snprintf(p->meta.format, sizeof p->meta.format, "rigaku_rasx");
    char label[600];
    snprintf(label, sizeof label, "%s:%s", src->name, member);
    st = xrdi_rigaku_profile(txt, len, NULL, 0, label, p, err);
    free(txt);
    if (!st)
        st = conditions(src, o->scan, p, err);
    if (st) {
        xrd_pattern_free(p);
        return st;
    }
    p->meta.n_scans = n_scans;
    p->meta.scan = o->scan;
    p->unit = XRD_X_TWO_THETA_DEG;
    *out = p;
    return XRD_OK;
}
