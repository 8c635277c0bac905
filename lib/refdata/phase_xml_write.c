/* xrd_phase -> a reference phase file (refdata/phases/NAME.xml), the inverse
 * of phase_xml.c: the cell parameters the crystal system leaves free with
 * their esds, the space group, temperature, expansion coefficient, atoms and
 * one <source> per distinct source text. Numbers in the shortest form that
 * reads back exactly. The document is read back through the loader (schema
 * and all its checks) before anything touches the disk, then written to a
 * temporary file beside the target and moved onto it: a reader never sees
 * half a file, and an existing file is replaced only when asked to.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "core/numfmt.h"
#include "core/xml_safe.h"
#include "refdata/phase_internal.h"

/* The <source> entries: one per distinct text, its id named after the field
 * of the entry that has it ("all" for a phase's catch-all source). */
typedef struct {
    int n;
    char id[XRD_MAX_SOURCES + 1][48];
    const char *text[XRD_MAX_SOURCES + 1];
} source_ids;

static int is_ncname(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

/* The id of the source of field: its own entry, else the phase's "all". */
static xrd_status source_id(const xrd_phase *ph, const char *field, source_ids *ids,
                            const char **id, const char *path, xrd_error *err)
{
    const xrd_source *src = NULL;
    for (int pass = 0; pass < 2 && !src; pass++)
        for (int i = 0; i < ph->n_sources && i < XRD_MAX_SOURCES && !src; i++)
            if (!strcmp(ph->sources[i].field, pass ? "all" : field) && ph->sources[i].text[0])
                src = &ph->sources[i];
    if (!src)
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "phase '%s': its %s has no source (a library phase names the source "
                             "of every value)",
                             ph->name, field);
    for (int k = 0; k < ids->n; k++)
        if (!strcmp(ids->text[k], src->text)) {
            *id = ids->id[k];
            return XRD_OK;
        }
    if (ids->n > XRD_MAX_SOURCES)
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0, "phase '%s': more than %d sources",
                             ph->name, XRD_MAX_SOURCES);
    char *nid = ids->id[ids->n];
    snprintf(nid, sizeof ids->id[0], "%s", src->field);
    for (int k = 0, dup = 1; dup; k++) {
        if (k > 0 || !is_ncname(nid))
            snprintf(nid, sizeof ids->id[0], "source%d", ids->n + 1 + k);
        dup = 0;
        for (int j = 0; j < ids->n; j++)
            dup |= !strcmp(ids->id[j], nid);
    }
    ids->text[ids->n++] = src->text;
    *id = nid;
    return XRD_OK;
}

/* The symbol written for the space group: the shortest name the loader's
 * xrd_spacegroup_lookup resolves to the same setting ("Fm-3m", "Fd-3m:1",
 * "R-3m:R"). Operations in no tabulated setting (a CIF's unusual origin) have
 * no such name, and a file that named only the group would move the atoms. */
static xrd_status spacegroup_symbol(const xrd_phase *ph, char *buf, size_t n, const char *path,
                                    xrd_error *err)
{
    if (ph->sg.hall_number == 0)
        return xrd_error_set(err, XRD_ERR_UNSUPPORTED, path, 0,
                             "phase '%s': its symmetry operations (space group %s, %d) are in "
                             "no tabulated setting, which a phase file, naming its group by "
                             "symbol, cannot state",
                             ph->name, ph->sg.symbol, ph->sg.number);
    xrd_spacegroup_name(&ph->sg, buf, n);
    return XRD_OK;
}

/* xmlTextWriter calls return < 0 on failure; ok stays 0 after the first. */
typedef struct {
    xmlTextWriterPtr w;
    int ok;
} writer;

static void start(writer *x, const char *name)
{
    x->ok = x->ok && xmlTextWriterStartElement(x->w, BAD_CAST name) >= 0;
}
static void end(writer *x)
{
    x->ok = x->ok && xmlTextWriterEndElement(x->w) >= 0;
}
static void attr(writer *x, const char *name, const char *value)
{
    x->ok = x->ok && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) >= 0;
}
static void attr_num(writer *x, const char *name, double v)
{
    char buf[40];
    attr(x, name, xrdi_fmt_shortest(v, buf, sizeof buf));
}
static void text(writer *x, const char *s)
{
    x->ok = x->ok && xmlTextWriterWriteString(x->w, BAD_CAST s) >= 0;
}
static void text_element(writer *x, const char *name, const char *s)
{
    x->ok = x->ok && xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST s) >= 0;
}

/* The document of ph into x (every source id resolved through ids). */
/* <name unit="..." source="...">value</name>, the source of field `name`. */
static xrd_status sourced_value(writer *x, const xrd_phase *ph, source_ids *ids,
                                const char *name, const char *unit, double value,
                                const char *path, xrd_error *err)
{
    const char *id;
    char buf[40];
    xrd_status st = source_id(ph, name, ids, &id, path, err);
    if (st)
        return st;
    start(x, name);
    attr(x, "unit", unit);
    attr(x, "source", id);
    text(x, xrdi_fmt_shortest(value, buf, sizeof buf));
    end(x);
    return XRD_OK;
}

static xrd_status document(const xrd_phase *ph, writer *x, source_ids *ids, const char *path,
                           xrd_error *err)
{
    const char *id;
    const char *biso_id;
    char buf[64];
    xrd_status st;
    x->ok = xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) >= 0;
    x->ok = x->ok && xmlTextWriterWriteComment(
                         x->w, BAD_CAST " xrdfit reference phase; schema phase.rng ") >= 0;
    start(x, "phase");
    attr(x, "version", "1");
    text_element(x, "name", ph->name);
    text_element(x, "formula", ph->formula);
    text_element(x, "structure", ph->structure);
    text_element(x, "status", ph->status);

    if ((st = source_id(ph, "spacegroup", ids, &id, path, err)) ||
        (st = spacegroup_symbol(ph, buf, sizeof buf, path, err)))
        return st;
    start(x, "spacegroup");
    attr(x, "symbol", buf);
    snprintf(buf, sizeof buf, "%d", ph->sg.number);
    attr(x, "number", buf);
    attr(x, "source", id);
    end(x);

    const double v[6] = {ph->cell.a, ph->cell.b, ph->cell.c,
                         ph->cell.alpha, ph->cell.beta, ph->cell.gamma};
    const double e[6] = {ph->cell_esd.a, ph->cell_esd.b, ph->cell_esd.c,
                         ph->cell_esd.alpha, ph->cell_esd.beta, ph->cell_esd.gamma};
    unsigned mask = xrd_spacegroup_cell_free(&ph->sg);
    start(x, "cell");
    for (int i = 0; i < 6; i++) {
        if (!(mask & (1u << i)))
            continue;
        if ((st = source_id(ph, xrdi_cell_names[i], ids, &id, path, err)))
            return st;
        start(x, xrdi_cell_names[i]);
        attr(x, "source", id);
        if (isfinite(e[i]) && e[i] > 0)
            attr_num(x, "esd", e[i]);
        text(x, xrdi_fmt_shortest(v[i], buf, sizeof buf));
        end(x);
    }
    end(x);

    if ((st = sourced_value(x, ph, ids, "temperature", "K", ph->temperature_K, path, err)))
        return st;
    if (ph->cte_per_K != 0 &&
        (st = sourced_value(x, ph, ids, "cte", "1/K", ph->cte_per_K, path, err)))
        return st;

    if ((st = source_id(ph, "atoms", ids, &id, path, err)) ||
        (st = source_id(ph, "biso", ids, &biso_id, path, err)))
        return st;
    start(x, "atoms");
    attr(x, "source", id);
    attr(x, "biso-source", biso_id);
    for (int i = 0; i < ph->n_atoms && i < XRD_MAX_ATOMS; i++) {
        const xrd_atom *a = &ph->atoms[i];
        start(x, "atom");
        attr(x, "element", a->element);
        if (a->label[0])
            attr(x, "label", a->label);
        attr_num(x, "x", a->x);
        attr_num(x, "y", a->y);
        attr_num(x, "z", a->z);
        attr_num(x, "occupancy", a->occupancy);
        attr_num(x, "biso", a->biso_A2);
        end(x);
    }
    end(x);
    if (ph->note[0])
        text_element(x, "note", ph->note);

    start(x, "sources");
    for (int k = 0; k < ids->n; k++) {
        start(x, "source");
        attr(x, "id", ids->id[k]);
        text(x, ids->text[k]);
        end(x);
    }
    end(x);
    end(x); /* phase */
    x->ok = x->ok && xmlTextWriterEndDocument(x->w) >= 0;
    return XRD_OK;
}

/* Serialise ph into *out (free with xmlBufferFree). */
static xrd_status serialise(const xrd_phase *ph, const char *path, xmlBufferPtr *out,
                            xrd_error *err)
{
    *out = NULL;
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        if (buf)
            xmlBufferFree(buf);
        return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory");
    }
    writer x = {w, 1};
    x.ok = xmlTextWriterSetIndent(w, 1) >= 0 &&
           xmlTextWriterSetIndentString(w, BAD_CAST "  ") >= 0;
    source_ids ids;
    ids.n = 0;
    xrd_status st = document(ph, &x, &ids, path, err);
    xmlFreeTextWriter(w); /* flushes into buf */
    if (!st && !x.ok)
        st = xrd_error_set(err, XRD_ERR_NOMEM, path, 0,
                           "cannot build the XML document of phase '%s' (libxml2 failed)",
                           ph->name);
    if (st) {
        xmlBufferFree(buf);
        return st;
    }
    *out = buf;
    return XRD_OK;
}

static xrd_status write_all(int fd, const char *data, size_t len, const char *tmp,
                            xrd_error *err)
{
    while (len > 0) {
        ssize_t k = write(fd, data, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return xrd_error_set(err, XRD_ERR_IO, tmp, 0, "cannot write: %s",
                                 k < 0 ? strerror(errno) : "nothing written");
        data += k;
        len -= (size_t)k;
    }
    if (fsync(fd) != 0 && errno != EINVAL)
        return xrd_error_set(err, XRD_ERR_IO, tmp, 0, "cannot write: %s", strerror(errno));
    return XRD_OK;
}

static xrd_status exists_error(const char *path, xrd_error *err)
{
    return xrd_error_set(err, XRD_ERR_IO, path, 0,
                         "the file exists already and was left as it is (--force replaces it)");
}

/* data into a new temporary file beside path, then moved onto path: by
 * rename(2) when replacing is allowed, else by link(2), which fails when path
 * exists (a file system without hard links: checked just before rename). */
static xrd_status write_atomic(const char *path, const char *data, size_t len, int force,
                               xrd_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dir_len = slash ? (int)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    if (!*base)
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0, "the output path names a directory");
    if (slash == path)
        dir_len = 1; /* "/NAME" */
    char tmp[4096];
    int fd = -1;
    for (int k = 0; k < 100 && fd < 0; k++) {
        int m = snprintf(tmp, sizeof tmp, "%.*s/.%s.tmp%ld-%d", dir_len, dir, base,
                         (long)getpid(), k);
        if (m < 0 || (size_t)m >= sizeof tmp)
            return xrd_error_set(err, XRD_ERR_INVALID, path, 0, "the output path is too long");
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            return xrd_error_set(err, XRD_ERR_IO, path, 0,
                                 "cannot create a temporary file in %.*s: %s", dir_len, dir,
                                 strerror(errno));
    }
    if (fd < 0)
        return xrd_error_set(err, XRD_ERR_IO, path, 0,
                             "cannot create a temporary file in %.*s: 100 names taken", dir_len,
                             dir);
    xrd_status st = write_all(fd, data, len, tmp, err);
    if (close(fd) != 0 && !st)
        st = xrd_error_set(err, XRD_ERR_IO, tmp, 0, "cannot write: %s", strerror(errno));
    if (!st && !force) {
        if (link(tmp, path) == 0) {
            unlink(tmp);
            return XRD_OK;
        }
        if (errno == EEXIST)
            st = exists_error(path, err);
        else if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
                 errno != EMLINK)
            st = xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot create the file: %s",
                               strerror(errno));
        else if (access(path, F_OK) == 0 || errno != ENOENT)
            st = exists_error(path, err);
    }
    if (!st && rename(tmp, path) != 0)
        st = xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot create the file: %s",
                           strerror(errno));
    if (st)
        unlink(tmp);
    return st;
}

xrd_status xrd_phase_write_file(const xrd_phase *ph, const char *path, const char *schema_path,
                                unsigned flags, xrd_error *err)
{
    if (!ph || !path || !*path)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0,
                             "xrd_phase_write_file needs a phase and an output path");
    const int force = (flags & XRD_PHASE_WRITE_FORCE) != 0;
    if (!force && access(path, F_OK) == 0)
        return exists_error(path, err);
    const char *const need[4][2] = {{"name", ph->name},
                                    {"formula", ph->formula},
                                    {"structure", ph->structure},
                                    {"status", ph->status}};
    for (int k = 0; k < 4; k++)
        if (!need[k][1][0])
            return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                                 "phase '%s' has no %s; a library phase needs one", ph->name,
                                 need[k][0]);
    if (ph->n_atoms < 1)
        return xrd_error_set(err, XRD_ERR_INVALID, path, 0,
                             "phase '%s' has no atom sites; a library phase needs at least one",
                             ph->name);
    xmlBufferPtr buf = NULL;
    xrd_status st = serialise(ph, path, &buf, err);
    if (st)
        return st;
    const char *data = (const char *)xmlBufferContent(buf);
    size_t len = (size_t)xmlBufferLength(buf);
    if (schema_path) {
        /* the loader's verdict on the very bytes to be written */
        xmlRelaxNGPtr schema = NULL;
        xrd_phase back;
        xrd_error sub;
        xrd_error_clear(&sub);
        st = xrdi_schema_load(schema_path, &schema, err);
        if (!st && (st = xrdi_phase_load_memory(data, len, path, schema, &back, &sub)))
            xrd_error_set(err, st, path, sub.line,
                          "not written: phase '%s' does not make a valid library phase file: %s",
                          ph->name, sub.message);
    }
    if (!st)
        st = write_atomic(path, data, len, force, err);
    xmlBufferFree(buf);
    return st;
}
