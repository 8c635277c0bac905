/* A series' JSON lines read back: `series --merge` joins the parts of a
 * sharded run (GNU parallel, a Slurm job array) into one table and the
 * figures; `series --resume` takes the patterns an earlier (interrupted) run
 * finished. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "series_out.h"

typedef struct {
    size_t index, pos;
} merge_key;

/* by index, then by position in the parts (a later record replaces) */
static int by_key(const void *a, const void *b)
{
    const merge_key *x = a, *y = b;
    if (x->index != y->index)
        return (x->index > y->index) - (x->index < y->index);
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The records of every part, sorted by index; a later record of the same
 * index and pattern replaces an earlier one (a part fitted again). */
static int gather(char *const *parts, int n_parts, xrd_series_record **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    for (int p = 0; p < n_parts; p++) {
        xrd_series_record *rec = NULL;
        size_t m = 0;
        int cut = 0;
        xrd_error err;
        if (xrd_series_records_read(parts[p], &rec, &m, &cut, &err) != XRD_OK)
            return cli_fail(&err);
        if (cut)
            fprintf(stderr, "xrdfit series: note: %s ends in a cut-off line (an interrupted "
                            "run); it is left out\n", parts[p]);
        if (*n + m > cap) {
            size_t nc = 2 * (*n + m) + 16;
            xrd_series_record *nr = realloc(*out, nc * sizeof *nr);
            if (!nr) {
                free(rec);
                return cli_usage("series", "out of memory");
            }
            *out = nr;
            cap = nc;
        }
        if (m)
            memcpy(*out + *n, rec, m * sizeof *rec);
        *n += m;
        free(rec);
    }
    xrd_series_record *r = *out;
    merge_key *key = malloc((*n + 1) * sizeof *key);
    if (!key)
        return cli_usage("series", "out of memory");
    for (size_t i = 0; i < *n; i++)
        key[i] = (merge_key){r[i].index, i};
    qsort(key, *n, sizeof *key, by_key);
    xrd_series_record *sorted = malloc((*n + 1) * sizeof *sorted);
    if (!sorted) {
        free(key);
        return cli_usage("series", "out of memory");
    }
    size_t w = 0;
    for (size_t i = 0; i < *n; i++) {
        const xrd_series_record *x = &r[key[i].pos];
        if (w > 0 && sorted[w - 1].index == x->index) {
            if (strcmp(sorted[w - 1].pattern, x->pattern)) {
                int rc = cli_usage("series", "the parts disagree: index %zu is %s in one and "
                                             "%s in another (parts of different series?)",
                                   x->index, sorted[w - 1].pattern, x->pattern);
                free(key);
                free(sorted);
                return rc;
            }
            sorted[w - 1] = *x;
            continue;
        }
        sorted[w++] = *x;
    }
    free(key);
    free(*out);
    *out = sorted;
    *n = w;
    return CLI_OK;
}

int cli_series_merge(cli_series_out *o, char *const *parts, int n_parts)
{
    xrd_series_record *rec = NULL;
    size_t n = 0;
    int rc = gather(parts, n_parts, &rec, &n);
    if (rc == CLI_OK && n == 0)
        rc = cli_usage("series", "the parts hold no record");
    for (size_t i = 1; rc == CLI_OK && i < n; i++)
        if (rec[i].analysis != rec[0].analysis)
            rc = cli_usage("series", "the parts mix fits and analyses (%s and %s)",
                           rec[0].pattern, rec[i].pattern);
    xrd_series_row *rows = rc == CLI_OK ? malloc(n * sizeof *rows) : NULL;
    const char **paths = rc == CLI_OK ? malloc(n * sizeof *paths) : NULL;
    size_t *index = rc == CLI_OK ? malloc(n * sizeof *index) : NULL;
    if (rc == CLI_OK && (!rows || !paths || !index))
        rc = cli_usage("series", "out of memory");
    int np = 0;
    for (size_t i = 0; rc == CLI_OK && i < n; i++) {
        rows[i] = rec[i].row;
        paths[i] = rec[i].pattern;
        index[i] = rec[i].index;
        np = rows[i].n_phases > np ? rows[i].n_phases : np;
        if (rec[i].analysis && rec[i].max_phases > np)
            np = rec[i].max_phases;
    }
    if (rc == CLI_OK) {
        o->paths = paths;
        o->index = index;
        o->n = n;
        o->n_phases = np;
        o->phases = NULL;
        o->analysis = rec[0].analysis;
        o->n_elements = rec[0].n_elements;
        o->elements = (const char(*)[8])rec[0].elements;
        size_t gaps = (rec[n - 1].index + 1) - n;
        if (gaps)
            fprintf(stderr, "xrdfit series: note: %zu of the series' %zu patterns have no "
                            "record in the parts (a part missing or unfinished)\n",
                    gaps, rec[n - 1].index + 1);
        cli_series_out_open(o);
        rc = cli_series_out_close(o, rows, 1);
    }
    free(rows);
    free(paths);
    free(index);
    free(rec);
    return rc;
}

/* Cut the file after its last newline (an interrupted write's partial line). */
static int cut_partial_line(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return CLI_OK;
    long keep = 0, pos = 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        pos++;
        if (c == '\n')
            keep = pos;
    }
    fclose(f);
    if (keep < pos && truncate(path, (off_t)keep) != 0) {
        xrd_error err;
        xrd_error_set(&err, XRD_ERR_IO, path, 0, "cannot remove its cut-off last line");
        return cli_fail(&err);
    }
    return CLI_OK;
}

int cli_series_resume(const cli_series_out *o, xrd_series_row *rows, unsigned char *skip,
                      size_t *n_done)
{
    *n_done = 0;
    struct stat sb;
    if (!o->jsonl || !strcmp(o->jsonl, "-"))
        return cli_usage("series", "--resume needs --jsonl FILE (the records of the earlier "
                                   "run)");
    if (stat(o->jsonl, &sb) != 0)
        return CLI_OK; /* nothing done yet */
    xrd_series_record *rec = NULL;
    size_t m = 0;
    int cut = 0;
    xrd_error err;
    if (xrd_series_records_read(o->jsonl, &rec, &m, &cut, &err) != XRD_OK)
        return cli_fail(&err);
    int rc = cut ? cut_partial_line(o->jsonl) : CLI_OK;
    for (size_t r = 0; rc == CLI_OK && r < m; r++) {
        const xrd_series_record *x = &rec[r];
        size_t i = o->n;
        if (!o->index) {
            i = x->index < o->n ? x->index : o->n;
        } else { /* a shard's indices increase along its patterns */
            size_t lo = 0, hi = o->n;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (o->index[mid] < x->index)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            i = lo < o->n && o->index[lo] == x->index ? lo : o->n;
        }
        int other_phases = !o->analysis && x->row.status == XRD_OK &&
                           x->row.n_phases != o->n_phases;
        if (i == o->n || strcmp(o->paths[i], x->pattern) || x->analysis != o->analysis ||
            other_phases) {
            rc = cli_usage("series", "--resume: %s holds a record of another series (index "
                                     "%zu: %s%s); give a new --jsonl file or the same patterns "
                                     "and options",
                           o->jsonl, x->index, x->pattern,
                           x->analysis != o->analysis ? ", another kind of run"
                           : other_phases                ? ", another number of phases"
                                                         : "");
            break;
        }
        if (!skip[i])
            (*n_done)++;
        rows[i] = x->row;
        skip[i] = 1;
    }
    free(rec);
    return rc;
}
