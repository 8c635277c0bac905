/* Safe XML reading shared by the reference-data loaders: size limit, no
 * network, no DTD or entities, per-call error collection, RelaxNG validation.
 *
 * libxml2's global error handlers (xmlSetStructuredErrorFunc) are not used:
 * parser errors go to the structured handler of the parser context's own SAX
 * table, RelaxNG errors to the handlers of the RelaxNG contexts, each with a
 * collector living on the caller's stack. xmlInitParser() is called on every
 * entry (it is idempotent); xmlCleanupParser() is never called.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/xml_safe.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <pthread.h>
#include <libxml/xmlerror.h>

#include "core/numparse.h"
#include "xrdfit/phase.h"

#if LIBXML_VERSION >= 21200
typedef const xmlError *xrdi_errptr;
#else
typedef xmlErrorPtr xrdi_errptr;
#endif

/* The collector of one call: the first error wins. */
typedef struct {
    xrd_error *err;
    const char *path;
    xrd_status code;   /* status to report for libxml2 errors */
    int have;          /* 1 once an error is recorded */
    xmlParserCtxtPtr ctxt; /* the parser, for the line of errors that carry none */
} collector;

static void collect(collector *c, xrdi_errptr e)
{
    if (!c || c->have || !e || e->level < XML_ERR_ERROR)
        return;
    long line = e->line;
    if (line <= 0 && e->node)
        line = xmlGetLineNo((xmlNodePtr)e->node);
    if (line <= 0 && c->ctxt && c->ctxt->input)
        line = c->ctxt->input->line;
    char msg[600];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "unknown libxml2 error");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    c->have = 1;
    xrd_error_set(c->err, c->code, c->path, line > 0 ? line : 0, "%s: %s",
                  c->code == XRD_ERR_SCHEMA ? "not valid against the schema"
                                            : "XML not well formed",
                  msg);
}

/* Parser errors: data is the parser context, whose _private is ours. */
static void on_parser_error(void *data, xrdi_errptr e)
{
    xmlParserCtxtPtr ctxt = data;
    collect(ctxt ? ctxt->_private : NULL, e);
}

/* Errors libxml2 raises outside the parser context (encoding conversion, I/O):
 * data is the collector, installed for this thread during one parse. */
static void on_global_error(void *data, xrdi_errptr e)
{
    collect(data, e);
}

/* libxml2's unstructured messages (printed to stderr by default): dropped; the
 * structured handlers above record the same errors. */
static void quiet(void *data, const char *fmt, ...)
{
    (void)data;
    (void)fmt;
}

/* RelaxNG errors: data is the collector itself. */
static void on_rng_error(void *data, xrdi_errptr e)
{
    collect(data, e);
}

static void refuse(xmlParserCtxtPtr ctxt, const char *what)
{
    collector *c = ctxt->_private;
    if (c && !c->have) {
        c->have = 1;
        xrd_error_set(c->err, XRD_ERR_XML, c->path, xmlSAX2GetLineNumber(ctxt),
                      "XML not accepted: %s; xrdfit reference data must not declare "
                      "or load entities or external DTDs",
                      what);
    }
    xmlStopParser(ctxt);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                               const xmlChar *system_id)
{
    if (external_id || system_id) {
        refuse(ctx, "a DOCTYPE with an external identifier (SYSTEM or PUBLIC) was found");
        return;
    }
    /* A bare <!DOCTYPE name [...]> is harmless. libxml2's own handler records it
     * (loading nothing: no external identifier) so that the comments and
     * processing instructions of its internal subset belong to a DTD node the
     * document frees; without one they leaked. */
    xmlSAX2InternalSubset(ctx, name, NULL, NULL);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    refuse(ctx, "an entity declaration (<!ENTITY>) was found");
}

static void on_external_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                               const xmlChar *system_id)
{
    (void)name;
    if (external_id || system_id)
        refuse(ctx, "an external DTD subset was requested");
}

xrd_status xrdi_read_file_limited(const char *path, size_t max_bytes, char **buf, size_t *len,
                                  xrd_error *err)
{
    *buf = NULL;
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "cannot open the file: %s",
                             strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
        fclose(f);
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, path, 0,
                             "the file has %lld bytes, more than the limit of %zu bytes",
                             (long long)st.st_size, max_bytes);
    }
    size_t cap = 65536, n = 0;
    char *b = malloc(cap + 1);
    if (!b) {
        fclose(f);
        return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory reading the file");
    }
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                break;
            }
            size_t ncap = cap * 2;
            char *nb = realloc(b, ncap + 1);
            if (!nb) {
                free(b);
                fclose(f);
                return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "out of memory reading the file");
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int rerr = ferror(f);
    fclose(f);
    if (rerr) {
        free(b);
        return xrd_error_set(err, XRD_ERR_IO, path, 0, "read error");
    }
    if (n > max_bytes) {
        free(b);
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, path, 0,
                             "the file is larger than the limit of %zu bytes", max_bytes);
    }
    b[n] = '\0';
    *buf = b;
    if (len)
        *len = n;
    return XRD_OK;
}

xrd_status xrdi_xml_parse_memory(const char *buf, size_t len, const char *label,
                                 xmlDocPtr *doc, xrd_error *err)
{
    *doc = NULL;
    xmlInitParser();
    if (len > XRD_XML_MAX_BYTES)
        return xrd_error_set(err, XRD_ERR_TOO_LARGE, label, 0,
                             "the XML is larger than the limit of %zu bytes",
                             (size_t)XRD_XML_MAX_BYTES);
    collector c = {err, label, XRD_ERR_XML, 0, NULL};
    if (len == 0)
        return xrd_error_set(err, XRD_ERR_NO_DATA, label, 0, "the file is empty: no XML");
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt)
        return xrd_error_set(err, XRD_ERR_NOMEM, label, 0, "cannot create an XML parser");
    /* this thread's libxml2 handlers, for this parse only: nothing printed, the
     * first error recorded with its line */
    c.ctxt = ctxt;
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(&c, on_global_error);
    /* NONET: never fetch anything; deliberately no NOENT, DTDLOAD, DTDATTR,
     * DTDVALID, XINCLUDE or HUGE. */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    ctxt->_private = &c;
    ctxt->replaceEntities = 0;
    ctxt->loadsubset = 0;
    ctxt->validate = 0;
    ctxt->sax->serror = on_parser_error;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->externalSubset = on_external_subset;
    ctxt->sax->entityDecl = on_entity_decl;
    xmlParseDocument(ctxt);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlDocPtr d = ctxt->myDoc;
    int well_formed = ctxt->wellFormed;
    ctxt->myDoc = NULL;
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    if (c.have || !well_formed || !d) {
        if (d)
            xmlFreeDoc(d);
        if (!c.have)
            xrd_error_set(err, XRD_ERR_XML, label, 0, "XML not well formed");
        return XRD_ERR_XML;
    }
    if (d->intSubset && d->intSubset->entities) {
        /* Unreachable with the hooks above; kept as a second fence. */
        xmlFreeDoc(d);
        return xrd_error_set(err, XRD_ERR_XML, label, 0, "entity declarations are not accepted");
    }
    *doc = d;
    return XRD_OK;
}

xrd_status xrdi_xml_parse_file(const char *path, xmlDocPtr *doc, xrd_error *err)
{
    *doc = NULL;
    char *buf = NULL;
    size_t len = 0;
    xrd_status st = xrdi_read_file_limited(path, XRD_XML_MAX_BYTES, &buf, &len, err);
    if (st)
        return st;
    st = xrdi_xml_parse_memory(buf, len, path, doc, err);
    free(buf);
    return st;
}

/* The first element that would make RelaxNG read another file: <include>,
 * <externalRef> (RelaxNG) or an XInclude; NULL when there is none. */
static const xmlNode *includes_other_file(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)n->name;
        if (!strcmp(nm, "include") || !strcmp(nm, "externalRef"))
            return n;
        const xmlNode *c = includes_other_file(n->children);
        if (c)
            return c;
    }
    return NULL;
}

/* Compiled schemas, one per path for the life of the process: compiled once,
 * read only afterwards (validation contexts are per call), so threads share
 * them; the lock guards the list. */
typedef struct schema_entry {
    struct schema_entry *next;
    xmlRelaxNGPtr schema;
    char path[1];
} schema_entry;
static schema_entry *schema_cache;
static pthread_mutex_t schema_lock = PTHREAD_MUTEX_INITIALIZER;

static xrd_status schema_compile(const char *schema_path, xmlRelaxNGPtr *schema, xrd_error *err);

xrd_status xrdi_schema_load(const char *schema_path, xmlRelaxNGPtr *schema, xrd_error *err)
{
    *schema = NULL;
    if (!schema_path)
        return xrd_error_set(err, XRD_ERR_INVALID, NULL, 0, "no schema path");
    pthread_mutex_lock(&schema_lock);
    for (schema_entry *e = schema_cache; e; e = e->next)
        if (!strcmp(e->path, schema_path)) {
            *schema = e->schema;
            pthread_mutex_unlock(&schema_lock);
            return XRD_OK;
        }
    xrd_status st = schema_compile(schema_path, schema, err);
    if (st == XRD_OK) {
        size_t n = strlen(schema_path);
        schema_entry *e = malloc(sizeof *e + n);
        if (!e) {
            xmlRelaxNGFree(*schema);
            *schema = NULL;
            st = xrd_error_set(err, XRD_ERR_NOMEM, schema_path, 0, "out of memory");
        } else {
            memcpy(e->path, schema_path, n + 1);
            e->schema = *schema;
            e->next = schema_cache;
            schema_cache = e;
        }
    }
    pthread_mutex_unlock(&schema_lock);
    return st;
}

static xrd_status schema_compile(const char *schema_path, xmlRelaxNGPtr *schema, xrd_error *err)
{
    *schema = NULL;
    xmlDocPtr doc = NULL;
    xrd_status st = xrdi_xml_parse_file(schema_path, &doc, err);
    if (st)
        return st;
    const xmlNode *inc = includes_other_file(xmlDocGetRootElement(doc));
    if (inc) {
        long line = xrdi_xml_line(inc);
        char what[32];
        snprintf(what, sizeof what, "%s", (const char *)inc->name);
        xmlFreeDoc(doc);
        return xrd_error_set(err, XRD_ERR_SCHEMA, schema_path, line,
                             "the schema would read another file (<%s>): xrdfit's schemas are "
                             "self-contained",
                             what);
    }
    collector c = {err, schema_path, XRD_ERR_SCHEMA, 0, NULL};
    xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewDocParserCtxt(doc);
    if (!pctxt) {
        xmlFreeDoc(doc);
        return xrd_error_set(err, XRD_ERR_NOMEM, schema_path, 0,
                             "cannot create a RelaxNG parser");
    }
    xmlRelaxNGSetParserStructuredErrors(pctxt, on_rng_error, &c);
    xmlRelaxNGPtr s = xmlRelaxNGParse(pctxt);
    xmlRelaxNGFreeParserCtxt(pctxt);
    xmlFreeDoc(doc);
    if (!s) {
        if (!c.have)
            xrd_error_set(err, XRD_ERR_SCHEMA, schema_path, 0, "the RelaxNG schema is not usable");
        else if (err)
            err->code = XRD_ERR_SCHEMA;
        return XRD_ERR_SCHEMA;
    }
    *schema = s;
    return XRD_OK;
}

xrd_status xrdi_schema_validate(xmlRelaxNGPtr schema, xmlDocPtr doc, const char *path,
                                xrd_error *err)
{
    collector c = {err, path, XRD_ERR_SCHEMA, 0, NULL};
    xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(schema);
    if (!v)
        return xrd_error_set(err, XRD_ERR_NOMEM, path, 0, "cannot create a RelaxNG validator");
    xmlRelaxNGSetValidStructuredErrors(v, on_rng_error, &c);
    int rc = xmlRelaxNGValidateDoc(v, doc);
    xmlRelaxNGFreeValidCtxt(v);
    if (rc == 0)
        return XRD_OK;
    if (!c.have)
        xrd_error_set(err, XRD_ERR_SCHEMA, path, 0, "not valid against the schema");
    return XRD_ERR_SCHEMA;
}

long xrdi_xml_line(const xmlNode *node)
{
    if (!node)
        return 0;
    long l = xmlGetLineNo((xmlNodePtr)node);
    return l > 0 ? l : 0;
}

xmlNodePtr xrdi_xml_next(const xmlNode *node, const char *name)
{
    for (const xmlNode *n = node ? node->next : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name))
            return (xmlNodePtr)n;
    return NULL;
}

xmlNodePtr xrdi_xml_child(const xmlNode *parent, const char *name)
{
    for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name))
            return (xmlNodePtr)n;
    return NULL;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

int xrdi_xml_text(const xmlNode *node, const char *attr, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (!node || n == 0)
        return -1;
    xmlChar *s = attr ? xmlGetProp(node, (const xmlChar *)attr) : xmlNodeGetContent(node);
    if (!s)
        return -1;
    const char *p = (const char *)s;
    while (is_space(*p))
        p++;
    size_t l = strlen(p);
    while (l > 0 && is_space(p[l - 1]))
        l--;
    int rc = 0;
    if (l >= n) {
        rc = -1;
        l = n - 1;
    }
    memcpy(buf, p, l);
    buf[l] = '\0';
    xmlFree(s);
    return rc;
}

xrd_status xrdi_xml_number(const xmlNode *node, const char *attr, const char *path,
                           const char *what, double *out, xrd_error *err)
{
    char buf[128];
    if (xrdi_xml_text(node, attr, buf, sizeof buf) || xrdi_parse_finite(buf, out))
        return xrd_error_set(err, XRD_ERR_INVALID, path, xrdi_xml_line(node),
                             "%s: expected a finite number, found '%s'", what, buf);
    return XRD_OK;
}

xmlNodePtr xrdi_xml_find(const xmlNode *node, const char *name)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)c->name, name))
            return c;
        xmlNodePtr d = xrdi_xml_find(c, name);
        if (d)
            return d;
    }
    return NULL;
}

double xrdi_xml_double(const xmlNode *node, const char *attr)
{
    char b[64];
    if (!node || xrdi_xml_text(node, attr, b, sizeof b))
        return 0;
    const char *e;
    double v = xrdi_strtod(b, &e);
    return e != b && isfinite(v) ? v : 0;
}

xrd_status xrdi_xml_load_beside(const char *path, const char *schema_file, xmlDocPtr *doc,
                                xrd_error *err)
{
    *doc = NULL;
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0, sl = strlen(schema_file);
    char *schema_path = malloc(dl + sl + 1);
    if (!schema_path)
        return xrd_error_set(err, XRD_ERR_NOMEM, NULL, 0, "out of memory");
    memcpy(schema_path, path, dl);
    memcpy(schema_path + dl, schema_file, sl + 1);
    xmlRelaxNGPtr schema = NULL;
    xrd_status st = xrdi_schema_load(schema_path, &schema, err);
    free(schema_path);
    if (st)
        return st;
    st = xrdi_xml_parse_file(path, doc, err);
    if (!st)
        st = xrdi_schema_validate(schema, *doc, path, err);
    if (st && *doc) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    /* the schema belongs to the process cache */
    return st;
}
