/* Minimal recursive-descent JSON parser (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/json_parse.h"

#include <stdlib.h>
#include <string.h>

#include "core/numparse.h"

typedef struct {
    const char *s, *end, *file;
    long line;
    xrd_error *err;
} parser;

static xrd_status fail(parser *p, const char *what)
{
    const char *found = p->s < p->end ? p->s : NULL;
    if (found)
        return xrd_error_set(p->err, XRD_ERR_PARSE, p->file, p->line,
                             "JSON: expected %s, found '%.12s'", what, found);
    return xrd_error_set(p->err, XRD_ERR_PARSE, p->file, p->line,
                         "JSON: expected %s, found the end of the file", what);
}

static void skip_ws(parser *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\r' || *p->s == '\n')) {
        if (*p->s == '\n')
            p->line++;
        p->s++;
    }
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t utf8(unsigned cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* at the opening quote; the decoded string is never longer than the source */
static xrd_status string(parser *p, char **out)
{
    const char *q = ++p->s;
    while (q < p->end && *q != '"') {
        if (*q == '\\' && q + 1 < p->end)
            q++;
        q++;
    }
    if (q >= p->end)
        return fail(p, "a closing '\"'");
    char *buf = malloc((size_t)(q - p->s) + 1);
    if (!buf)
        return xrd_error_set(p->err, XRD_ERR_NOMEM, p->file, p->line, "no memory for JSON");
    size_t w = 0;
    while (*p->s != '"') {
        unsigned char c = (unsigned char)*p->s;
        if (c < 0x20) {
            free(buf);
            return fail(p, "no control character inside a string");
        }
        if (c != '\\') {
            buf[w++] = (char)c;
            p->s++;
            continue;
        }
        char e = p->s[1];
        p->s += 2;
        switch (e) {
        case '"': buf[w++] = '"'; break;
        case '\\': buf[w++] = '\\'; break;
        case '/': buf[w++] = '/'; break;
        case 'b': buf[w++] = '\b'; break;
        case 'f': buf[w++] = '\f'; break;
        case 'n': buf[w++] = '\n'; break;
        case 'r': buf[w++] = '\r'; break;
        case 't': buf[w++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (p->end - p->s < 4 || hex4(p->s, &cp) || cp == 0) {
                free(buf);
                return fail(p, "four hex digits (not 0000) after \\u");
            }
            p->s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p->end - p->s >= 6 && p->s[0] == '\\' &&
                p->s[1] == 'u' && !hex4(p->s + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p->s += 6;
            } else if (cp >= 0xD800 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            w += utf8(cp, buf + w); /* \uXXXX is 6 source bytes, at most 4 out */
            break;
        }
        default:
            free(buf);
            p->s -= 2;
            return fail(p, "a valid escape after '\\'");
        }
    }
    p->s++;
    buf[w] = '\0';
    *out = buf;
    return XRD_OK;
}

static xrd_status number(parser *p, double *out)
{
    const char *q = p->s;
    if (*q == '-')
        q++;
    if (!(*q >= '0' && *q <= '9'))
        return fail(p, "a value");
    if (*q == '0')
        q++;
    else
        while (*q >= '0' && *q <= '9')
            q++;
    if (*q == '.') {
        q++;
        if (!(*q >= '0' && *q <= '9'))
            return fail(p, "digits after '.'");
        while (*q >= '0' && *q <= '9')
            q++;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-')
            q++;
        if (!(*q >= '0' && *q <= '9'))
            return fail(p, "an exponent");
        while (*q >= '0' && *q <= '9')
            q++;
    }
    const char *end;
    *out = xrdi_strtod(p->s, &end);
    if (end != q)
        return fail(p, "a number");
    p->s = q;
    return XRD_OK;
}

static int word(parser *p, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(p->end - p->s) >= n && !memcmp(p->s, w, n)) {
        p->s += n;
        return 1;
    }
    return 0;
}

static xrd_status value(parser *p, xrdi_jval *v, int depth);

static xrd_status push(parser *p, xrdi_jval *v, size_t *cap, char *key, int depth)
{
    if (v->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        xrdi_jval *ni = realloc(v->items, nc * sizeof *ni);
        if (ni)
            v->items = ni;
        char **nk = v->type == XRDI_J_OBJ && ni ? realloc(v->keys, nc * sizeof *nk) : NULL;
        if (nk)
            v->keys = nk;
        if (!ni || (v->type == XRDI_J_OBJ && !nk)) {
            free(key);
            return xrd_error_set(p->err, XRD_ERR_NOMEM, p->file, p->line, "no memory for JSON");
        }
        *cap = nc;
    }
    if (v->type == XRDI_J_OBJ)
        v->keys[v->n] = key;
    memset(&v->items[v->n], 0, sizeof v->items[0]);
    v->n++;
    return value(p, &v->items[v->n - 1], depth + 1);
}

static xrd_status container(parser *p, xrdi_jval *v, int depth)
{
    int obj = *p->s == '{';
    char close = obj ? '}' : ']';
    v->type = obj ? XRDI_J_OBJ : XRDI_J_ARR;
    if (depth >= XRDI_JSON_MAX_NEST)
        return xrd_error_set(p->err, XRD_ERR_TOO_LARGE, p->file, p->line,
                             "JSON nested deeper than %d levels", XRDI_JSON_MAX_NEST);
    p->s++;
    skip_ws(p);
    size_t cap = 0;
    if (p->s < p->end && *p->s == close) {
        p->s++;
        return XRD_OK;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(p);
        if (obj) {
            if (p->s >= p->end || *p->s != '"')
                return fail(p, "a member name in double quotes");
            xrd_status st = string(p, &key);
            if (st != XRD_OK)
                return st;
            skip_ws(p);
            if (p->s >= p->end || *p->s != ':') {
                free(key);
                return fail(p, "':'");
            }
            p->s++;
        }
        xrd_status st = push(p, v, &cap, key, depth);
        if (st != XRD_OK)
            return st;
        skip_ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            return XRD_OK;
        }
        return fail(p, obj ? "',' or '}'" : "',' or ']'");
    }
}

static xrd_status value(parser *p, xrdi_jval *v, int depth)
{
    skip_ws(p);
    v->line = p->line;
    if (p->s >= p->end)
        return fail(p, "a value");
    switch (*p->s) {
    case '{':
    case '[': return container(p, v, depth);
    case '"': v->type = XRDI_J_STR; return string(p, &v->str);
    default: break;
    }
    if (word(p, "null")) {
        v->type = XRDI_J_NULL;
        return XRD_OK;
    }
    if (word(p, "true") || word(p, "false")) {
        v->type = XRDI_J_BOOL;
        v->num = p->s[-1] == 'e' && p->s[-2] == 'u';
        return XRD_OK;
    }
    v->type = XRDI_J_NUM;
    return number(p, &v->num);
}

xrd_status xrdi_json_parse(const char *text, size_t len, const char *file, xrdi_jval *out,
                           xrd_error *err)
{
    parser p = {text, text + len, file, 1, err};
    memset(out, 0, sizeof *out);
    if (memchr(text, '\0', len))
        return xrd_error_set(err, XRD_ERR_BINARY, file, 0, "a NUL byte: this is not JSON text");
    xrd_status st = value(&p, out, 0);
    if (st == XRD_OK) {
        skip_ws(&p);
        if (p.s != p.end)
            st = fail(&p, "the end of the document");
    }
    if (st != XRD_OK)
        xrdi_json_free(out);
    return st;
}

void xrdi_json_free(xrdi_jval *v)
{
    if (!v)
        return;
    free(v->str);
    for (size_t i = 0; i < v->n; i++) {
        xrdi_json_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    memset(v, 0, sizeof *v);
}

const xrdi_jval *xrdi_json_get(const xrdi_jval *v, const char *key)
{
    if (!v || v->type != XRDI_J_OBJ)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->keys[i], key))
            return &v->items[i];
    return NULL;
}
