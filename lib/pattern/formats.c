/* The reader registry: every pattern format xrdfit knows, how it is recognised
 * from the first bytes of a file, and who reads it (xrdfit's own reader or
 * xylib).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "pattern/pattern_internal.h"
#include "xrdfit/pattern.h"

#define SNIFF 4096 /* bytes looked at for a signature */

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int xrdi_has_ext(const xrdi_source *src, const char *ext)
{
    size_t n = strlen(src->name), k = strlen(ext);
    if (k > n)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower((unsigned char)src->name[n - k + i]) != lower((unsigned char)ext[i]))
            return 0;
    return 1;
}

int xrdi_starts_with(const xrdi_source *src, const char *magic)
{
    size_t k = strlen(magic);
    return src->len >= k && !memcmp(src->buf, magic, k);
}

int xrdi_contains(const xrdi_source *src, const char *key, size_t max)
{
    size_t n = src->len < max ? src->len : max, k = strlen(key);
    for (size_t i = 0; k <= n && i + k <= n; i++)
        if (!memcmp(src->buf + i, key, k))
            return 1;
    return 0;
}

/* ---- signatures ---- */
static int sniff_xrdml(const xrdi_source *s)
{
    if (xrdi_contains(s, "<xrdMeasurements", SNIFF))
        return 2;
    return xrdi_has_ext(s, ".xrdml");
}

static int sniff_raw13(const xrdi_source *s)
{
    /* Bruker/Siemens DIFFRAC-AT RAW v1 ("RAW "), v2 ("RAW2"), v3 ("RAW1.01") */
    return xrdi_starts_with(s, "RAW1.01") || xrdi_starts_with(s, "RAW2") ||
                   xrdi_starts_with(s, "RAW ")
               ? 2
               : 0;
}

static int sniff_raw4(const xrdi_source *s)
{
    return xrdi_starts_with(s, "RAW4.0") ? 2 : 0;
}

static int sniff_uxd(const xrdi_source *s)
{
    return xrdi_contains(s, "_FILEVERSION", SNIFF) && xrdi_contains(s, "_2THETA", SNIFF * 16) ? 2
                                                                                               : 0;
}

static int sniff_cpi(const xrdi_source *s)
{
    return xrdi_starts_with(s, "SIETRONICS XRD SCAN") ? 2 : 0;
}

static int sniff_udf(const xrdi_source *s)
{
    return xrdi_contains(s, "SampleIdent,", SNIFF) && xrdi_contains(s, "RawScan", SNIFF * 64)
               ? 2
               : 0;
}

static int sniff_philips_rd(const xrdi_source *s)
{
    return xrdi_starts_with(s, "V3RD") || xrdi_starts_with(s, "V5RD") ? 2 : 0;
}

static int sniff_zip(const xrdi_source *s, const char *ext)
{
    return xrdi_starts_with(s, "PK\x03\x04") && xrdi_has_ext(s, ext) ? 2 : 0;
}

static int sniff_brml(const xrdi_source *s)
{
    return sniff_zip(s, ".brml");
}

static int sniff_rasx(const xrdi_source *s)
{
    return sniff_zip(s, ".rasx");
}

static int sniff_ras(const xrdi_source *s)
{
    return xrdi_contains(s, "*RAS_DATA_START", SNIFF) || xrdi_contains(s, "*RAS_HEADER_START", SNIFF)
               ? 2
               : 0;
}

static int sniff_hdf5(const xrdi_source *s)
{
    return xrdi_starts_with(s, "\x89HDF\r\n\x1a\n") ? 2 : 0;
}

static int sniff_pdcif(const xrdi_source *s)
{
    return (xrdi_has_ext(s, ".cif") || xrdi_contains(s, "data_", SNIFF)) &&
                   xrdi_contains(s, "_pd_meas", s->len) && xrdi_contains(s, "loop_", s->len)
               ? 2
               : 0;
}

static int sniff_text(const xrdi_source *s)
{
    (void)s;
    return 1;
}

/* ---- readers ---- */
static xrd_status read_text(const xrdi_source *s, const xrd_read_options *o, xrd_pattern **out,
                            xrd_error *err)
{
    if (o->scan > 0)
        return xrd_error_set(err, XRD_ERR_INVALID, s->name, 0,
                             "--scan %d: a text pattern holds one scan", o->scan + 1);
    return xrdi_read_text(s->buf, s->len, s->name, o, out, err);
}

#define XYLIB_READER(fn, fmt)                                                                    \
    static xrd_status fn(const xrdi_source *s, const xrd_read_options *o, xrd_pattern **out,     \
                         xrd_error *err)                                                         \
    {                                                                                            \
        return xrdi_read_xylib(s, fmt, o, out, err);                                             \
    }
XYLIB_READER(read_raw13, "bruker_raw")
XYLIB_READER(read_cpi, "cpi")
XYLIB_READER(read_udf, "philips_udf")
XYLIB_READER(read_philips_rd, "philips_raw")






static const xrdi_format formats[] = {
    {"xrdml", "PANalytical XRDML 1.x and 2.x (intensities or counts, multi-scan)", ".xrdml",
     "xrdfit", sniff_xrdml, xrdi_read_xrdml},
    {"bruker_raw", "Bruker / Siemens DIFFRAC-AT RAW v1, v2, v3 (RAW1.01)", ".raw", "xylib",
     sniff_raw13, read_raw13},
    {"uxd", "Bruker / Siemens UXD text", ".uxd", "xrdfit", sniff_uxd, xrdi_read_uxd},
    {"cpi", "Sietronics CPI", ".cpi", "xylib", sniff_cpi, read_cpi},
    {"philips_udf", "Philips UDF", ".udf", "xylib", sniff_udf, read_udf},
    {"philips_raw", "Philips RD / SD (V3RD, V5RD)", ".rd .sd", "xylib", sniff_philips_rd,
     read_philips_rd},
    {"bruker_raw4", "Bruker RAW4.00 (DIFFRAC.SUITE)", ".raw", "xrdfit", sniff_raw4,
     xrdi_read_raw4},
    {"brml", "Bruker BRML (DIFFRAC.SUITE zip of XML)", ".brml", "xrdfit", sniff_brml,
     xrdi_read_brml},
    {"rasx", "Rigaku RASX (SmartLab Studio II zip)", ".rasx", "xrdfit", sniff_rasx,
     xrdi_read_rasx},
    {"ras", "Rigaku RAS (SmartLab text)", ".ras", "xrdfit", sniff_ras, xrdi_read_ras},
    {"nexus", "NeXus / HDF5 1-D pattern (NXdata, NXmonopd)", ".h5 .nxs .hdf5", "xrdfit",
     sniff_hdf5, xrdi_read_nexus},
    {"pdcif", "powder CIF (pdCIF)", ".cif", "xrdfit", sniff_pdcif, xrdi_read_pdcif},
    {"text", "text columns x y [sigma] (.xy .xye .dat .csv .txt .chi) and GSAS FXYE / ESD",
     ".xy .xye .dat .csv .txt .chi .fxye .gsa", "xrdfit", sniff_text, read_text},
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

const xrdi_format *xrdi_format_detect(const xrdi_source *src)
{
    const xrdi_format *maybe = NULL;
    for (size_t i = 0; i + 1 < N_FORMATS; i++) {
        int s = formats[i].sniff(src);
        if (s == 2)
            return &formats[i];
        if (s == 1 && !maybe)
            maybe = &formats[i];
    }
    return maybe ? maybe : &formats[N_FORMATS - 1];
}

static const char *const format_lines[] = {
    "xrdml: PANalytical XRDML 1.x and 2.x, intensities or counts, multi-scan (.xrdml; xrdfit)",
    "bruker_raw: Bruker / Siemens DIFFRAC-AT RAW v1, v2, v3 = RAW1.01 (.raw; xylib)",
    "uxd: Bruker / Siemens UXD text, multi-range (.uxd; xrdfit: xylib 1.6 crashes on corrupt ones)",
    "cpi: Sietronics CPI (.cpi; xylib)",
    "philips_udf: Philips UDF (.udf; xylib)",
    "philips_raw: Philips RD / SD, V3RD and V5RD (.rd .sd; xylib)",
    "bruker_raw4: Bruker RAW4.00, DIFFRAC.SUITE, multi-range (.raw; xrdfit: xylib 1.6 lacks it)",
    "brml: Bruker BRML, DIFFRAC.SUITE zip of XML, multi-scan (.brml; xrdfit: libzip + libxml2)",
    "ras: Rigaku RAS, SmartLab text, multi-scan (.ras; xrdfit)",
    "rasx: Rigaku RASX, SmartLab Studio II zip, multi-scan (.rasx; xrdfit: libzip + libxml2)",
    "text: columns x y [sigma] (.xy .xye .dat .csv .txt .chi) and GSAS FXYE / ESD (xrdfit)",
    "nexus: NeXus / HDF5 1-D pattern, NXdata as pyFAI writes it or NXmonopd (.h5 .nxs; "
    "xrdfit: libhdf5)",
    "pdcif: powder CIF, the intensity loop with its 2theta and standard uncertainties (.cif; "
    "xrdfit: the CIF API)",
    NULL};

const char *const *xrd_pattern_formats(void)
{
    return format_lines;
}
