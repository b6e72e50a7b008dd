/* pw_bm25: FTS5's bm25() with the document frequencies of the query's phrases given by the caller.
 *
 * FTS5's own bm25() counts, on every query, the rows that hold each phrase by reading the phrase's
 * whole doclist: tens of milliseconds for a common word in a million articles, however few rows the
 * query then ranks. presswatch keeps those counts and passes them in:
 *
 *     pw_bm25(articles_fts, weight_title, weight_body, df_1, ..., df_n)
 *
 * one document frequency per phrase of the MATCH expression, in order; a NULL or missing one is
 * counted here as bm25() counts it. The score is bm25()'s, with the same k1, b and IDF floor.
 */
#include <math.h>
#include <string.h>
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#define K1 1.2
#define B 0.75

typedef struct {
    int phrases;
    double avgdl;   /* tokens per row over the table, all columns */
    double *idf;    /* per phrase */
    double *freq;   /* per phrase, for the current row: scratch */
} Stats;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *count) {
    (void)api; (void)fts;
    (*(sqlite3_int64 *)count)++;
    return SQLITE_OK;
}

/* The query's statistics, computed on its first row and kept as FTS5 auxiliary data. */
static int stats(const Fts5ExtensionApi *api, Fts5Context *fts, int nval, sqlite3_value **args, Stats **out) {
    Stats *s = api->xGetAuxdata(fts, 0);
    if (s) { *out = s; return SQLITE_OK; }
    int phrases = api->xPhraseCount(fts), columns = api->xColumnCount(fts);
    sqlite3_int64 size = sizeof(Stats) + 2 * (sqlite3_int64)phrases * sizeof(double);
    s = sqlite3_malloc64(size);
    if (!s) return SQLITE_NOMEM;
    memset(s, 0, size);
    s->phrases = phrases;
    s->idf = (double *)&s[1];
    s->freq = &s->idf[phrases];
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    s->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
        sqlite3_int64 hits = 0;
        sqlite3_value *given = columns + i < nval ? args[columns + i] : 0;
        if (given && sqlite3_value_type(given) != SQLITE_NULL) hits = sqlite3_value_int64(given);
        else rc = api->xQueryPhrase(fts, i, &hits, count_row);
        double idf = log((rows - hits + 0.5) / (hits + 0.5));
        s->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (rc != SQLITE_OK) { sqlite3_free(s); return rc; }
    rc = api->xSetAuxdata(fts, s, sqlite3_free);  /* frees s itself when it fails */
    if (rc == SQLITE_OK) *out = s;
    return rc;
}

static void pw_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval, sqlite3_value **args) {
    Stats *s = 0;
    int rc = stats(api, fts, nval, args, &s), instances = 0, tokens = 0;
    if (rc == SQLITE_OK) {
        memset(s->freq, 0, s->phrases * sizeof(double));
        rc = api->xInstCount(fts, &instances);
    }
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK) s->freq[phrase] += column < nval ? sqlite3_value_double(args[column]) : 1.0;
    }
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &tokens);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
    double score = 0.0, norm = K1 * (1.0 - B + B * tokens / s->avgdl);
    for (int i = 0; i < s->phrases; i++) score += s->idf[i] * (s->freq[i] * (K1 + 1.0)) / (s->freq[i] + norm);
    sqlite3_result_double(ctx, -score);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
    SQLITE_EXTENSION_INIT2(routines);
    fts5_api *fts = 0;
    sqlite3_stmt *stmt = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, (void *)&fts, "fts5_api_ptr", 0);
        sqlite3_step(stmt);
        rc = sqlite3_finalize(stmt);
    }
    if (rc != SQLITE_OK || !fts) {
        *error = sqlite3_mprintf("pw_bm25 needs FTS5, which this SQLite lacks");
        return SQLITE_ERROR;
    }
    return fts->xCreateFunction(fts, "pw_bm25", 0, pw_bm25, 0);
}
