/* pw_bm25: FTS5's bm25() with the query's document frequencies given, and adjacent phrases rewarded.
 *
 * FTS5's own bm25() counts, on every query, the rows that hold each phrase by reading the phrase's
 * whole doclist: tens of milliseconds for a common word in a million articles, however few rows the
 * query then ranks. presswatch keeps those counts and passes them in:
 *
 *     pw_bm25(articles_fts, weight_title, weight_body, df_1, ..., df_n, pair_df_1, ..., pair_df_n-1)
 *
 * df_i: how many rows hold phrase i of the MATCH expression (in FTS5's order); a NULL or missing one
 * is counted here, as bm25() counts it. pair_df_i, optional: how many rows hold phrase i directly
 * followed by phrase i+1. Vietnamese words are written as syllables, each a token: "đảng viên"
 * (party member) is two, and a row with "đang ... viên" is not about it. Each pair given adds a BM25
 * term of its own for the row's occurrences of phrase i followed at once by phrase i+1 (Lucene's
 * phrase-field boost, Metzler and Croft's sequential dependence). Without pairs the score is
 * exactly bm25()'s: same k1, b, IDF floor and column weights.
 */
#include <math.h>
#include <string.h>
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#define K1 1.2
#define B 0.75

typedef struct {
    int phrases, pairs;
    double avgdl;             /* tokens per row over the table, all columns */
    double *idf;              /* phrases, then pairs */
    double *freq;             /* the same, for the current row: scratch */
    int capacity;             /* of the instance scratch below */
    int *phrase, *column, *offset;
} Stats;

static void stats_free(void *p) {
    Stats *s = p;
    sqlite3_free(s->phrase);
    sqlite3_free(s);
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *count) {
    (void)api; (void)fts;
    (*(sqlite3_int64 *)count)++;
    return SQLITE_OK;
}

static double idf(sqlite3_int64 rows, sqlite3_int64 hits) {
    double value = log((rows - hits + 0.5) / (hits + 0.5));
    return value <= 0.0 ? 1e-6 : value;
}

/* The query's statistics, computed on its first row and kept as FTS5 auxiliary data. */
static int stats(const Fts5ExtensionApi *api, Fts5Context *fts, int nval, sqlite3_value **args, Stats **out) {
    Stats *s = api->xGetAuxdata(fts, 0);
    if (s) { *out = s; return SQLITE_OK; }
    int phrases = api->xPhraseCount(fts), columns = api->xColumnCount(fts);
    int pairs = nval - columns - phrases;
    if (pairs < 0) pairs = 0;
    if (pairs > phrases - 1) pairs = phrases > 0 ? phrases - 1 : 0;
    sqlite3_int64 size = sizeof(Stats) + 2 * (sqlite3_int64)(phrases + pairs) * sizeof(double);
    s = sqlite3_malloc64(size);
    if (!s) return SQLITE_NOMEM;
    memset(s, 0, size);
    s->phrases = phrases;
    s->pairs = pairs;
    s->idf = (double *)&s[1];
    s->freq = &s->idf[phrases + pairs];
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    s->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
    for (int i = 0; rc == SQLITE_OK && i < phrases + pairs; i++) {
        sqlite3_int64 hits = 0;
        sqlite3_value *given = columns + i < nval ? args[columns + i] : 0;
        if (given && sqlite3_value_type(given) != SQLITE_NULL) hits = sqlite3_value_int64(given);
        else if (i < phrases) rc = api->xQueryPhrase(fts, i, &hits, count_row);
        else continue;  /* a pair without its count adds nothing */
        s->idf[i] = idf(rows, hits);
    }
    if (rc != SQLITE_OK) { sqlite3_free(s); return rc; }
    rc = api->xSetAuxdata(fts, s, stats_free);  /* frees s itself when it fails */
    if (rc == SQLITE_OK) *out = s;
    return rc;
}

/* Room for the current row's instances, when pairs are scored. */
static int reserve(Stats *s, int instances) {
    if (instances <= s->capacity) return SQLITE_OK;
    int *block = sqlite3_realloc64(s->phrase, 3 * (sqlite3_int64)instances * sizeof(int));
    if (!block) return SQLITE_NOMEM;
    s->phrase = block;
    s->column = block + instances;
    s->offset = block + 2 * (sqlite3_int64)instances;
    s->capacity = instances;
    return SQLITE_OK;
}

static void pw_bm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval, sqlite3_value **args) {
    Stats *s = 0;
    int rc = stats(api, fts, nval, args, &s), instances = 0, tokens = 0;
    if (rc == SQLITE_OK) {
        memset(s->freq, 0, (s->phrases + s->pairs) * sizeof(double));
        rc = api->xInstCount(fts, &instances);
    }
    if (rc == SQLITE_OK && s->pairs) rc = reserve(s, instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc != SQLITE_OK) break;
        s->freq[phrase] += column < nval ? sqlite3_value_double(args[column]) : 1.0;
        if (s->pairs) { s->phrase[i] = phrase; s->column[i] = column; s->offset[i] = offset; }
    }
    /* Instances come in the order of the text (column, then offset): the phrase that follows phrase
     * p at once, if any, is among the next ones. */
    for (int i = 0; rc == SQLITE_OK && s->pairs && i < instances; i++) {
        int p = s->phrase[i];
        if (p >= s->pairs) continue;
        int next = s->offset[i] + api->xPhraseSize(fts, p);
        for (int j = i + 1; j < instances && s->column[j] == s->column[i] && s->offset[j] <= next; j++) {
            if (s->phrase[j] == p + 1 && s->offset[j] == next) {
                s->freq[s->phrases + p] += s->column[i] < nval ? sqlite3_value_double(args[s->column[i]]) : 1.0;
                break;
            }
        }
    }
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &tokens);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
    double score = 0.0, norm = K1 * (1.0 - B + B * tokens / s->avgdl);
    for (int i = 0; i < s->phrases + s->pairs; i++) score += s->idf[i] * (s->freq[i] * (K1 + 1.0)) / (s->freq[i] + norm);
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
