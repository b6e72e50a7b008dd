/* presswatch's SQLite extension: the search ranking pw_bm25 and the tokenizer pw.
 *
 * pw_bm25: FTS5's bm25() with the query's document frequencies given, and adjacent phrases rewarded.
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
 * bm25()'s (same k1, b and column weights) but for the IDF, Lucene's log(1 + (N - n + 0.5) / (n + 0.5)):
 * FTS5 floors its own at 1e-6 for a phrase in more than half the rows, so every article holding a
 * common phrase scored 0 and their order said nothing.
 *
 * pw: the tokenizer of the full-text index. Each syllable is indexed twice at one position: as
 * written (lower case, one tone placement: "hòa" and "hoà", "thủy" and "thuỷ" are one token) and,
 * when that differs, folded (marks removed, đ to d; FTS5_TOKEN_COLOCATED, as FTS5 indexes synonyms).
 * A query is tokenized as written only: a word typed with accents matches those accents, a word
 * typed without matches any accents, and a phrase may mix both, word by word. So is the text that
 * highlight() and snippet() read again (they skip colocated tokens): half the work.
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
    return log(1.0 + (rows - hits + 0.5) / (hits + 0.5));
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

/* --- pw: the tokenizer ------------------------------------------------------------------------ */

#define LONGEST 256  /* bytes of a token rewritten here; a longer one (no syllable) is indexed as it comes */

/* Old and new tone placement at the end of a syllable, lower case (text.py's match_form): the new one is kept. */
static const char *const TONE[][2] = {
    {"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
    {"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
    {"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
};

typedef struct {
    fts5_tokenizer unicode;   /* unicode61's methods */
    Fts5Tokenizer *written;   /* unicode61 remove_diacritics 0: lower case, marks kept */
    Fts5Tokenizer *stripped;  /* unicode61 remove_diacritics 2: marks removed (but for đ) */
} Tokenizer;

typedef struct {
    Tokenizer *tokenizer;
    void *ctx;
    int (*emit)(void *, int, const char *, int, int, int);
    int written_only;         /* a query's tokens, and those of highlight() and snippet(), which skip colocated ones */
    char folded[LONGEST];
    int nfolded;
} Pass;

static void pw_delete(Fts5Tokenizer *p) {
    Tokenizer *t = (Tokenizer *)p;
    if (t->written) t->unicode.xDelete(t->written);
    if (t->stripped) t->unicode.xDelete(t->stripped);
    sqlite3_free(t);
}

static int pw_create(void *api, const char **args, int nargs, Fts5Tokenizer **out) {
    (void)args; (void)nargs;
    static const char *keep[] = {"remove_diacritics", "0"}, *strip[] = {"remove_diacritics", "2"};
    void *data = 0;
    Tokenizer *t = sqlite3_malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    memset(t, 0, sizeof *t);
    int rc = ((fts5_api *)api)->xFindTokenizer(api, "unicode61", &data, &t->unicode);
    if (rc == SQLITE_OK) rc = t->unicode.xCreate(data, keep, 2, &t->written);
    if (rc == SQLITE_OK) rc = t->unicode.xCreate(data, strip, 2, &t->stripped);
    if (rc != SQLITE_OK) { pw_delete((Fts5Tokenizer *)t); return rc; }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

/* The token with one tone placement, into out (LONGEST bytes): its length. */
static int placed(const char *token, int n, char *out) {
    memcpy(out, token, n);
    for (size_t i = 0; i < sizeof TONE / sizeof TONE[0]; i++) {
        int old = (int)strlen(TONE[i][0]), now = (int)strlen(TONE[i][1]);
        if (n >= old && n - old + now <= LONGEST && memcmp(token + n - old, TONE[i][0], old) == 0) {
            memcpy(out + n - old, TONE[i][1], now);
            return n - old + now;
        }
    }
    return n;
}

/* unicode61 (remove_diacritics 2) gives the stripped token here; đ (no decomposition) is folded after. */
static int collect(void *p, int flags, const char *token, int n, int start, int end) {
    (void)flags; (void)start; (void)end;
    Pass *pass = p;
    for (int i = 0; i < n && pass->nfolded < LONGEST; i++) {
        if ((unsigned char)token[i] == 0xC4 && i + 1 < n && (unsigned char)token[i + 1] == 0x91) {
            pass->folded[pass->nfolded++] = 'd';
            i++;
        } else {
            pass->folded[pass->nfolded++] = token[i];
        }
    }
    return SQLITE_OK;
}

static int each(void *p, int flags, const char *token, int n, int start, int end) {
    Pass *pass = p;
    char written[LONGEST];
    if (n > LONGEST) return pass->emit(pass->ctx, flags, token, n, start, end);
    int length = placed(token, n, written), ascii = 1;
    int rc = pass->emit(pass->ctx, flags, written, length, start, end);
    for (int i = 0; i < length && ascii; i++) ascii = (unsigned char)written[i] < 0x80;
    if (rc != SQLITE_OK || pass->written_only || ascii) return rc;
    pass->nfolded = 0;
    Tokenizer *t = pass->tokenizer;
    rc = t->unicode.xTokenize(t->stripped, pass, FTS5_TOKENIZE_DOCUMENT, written, length, collect);
    if (rc == SQLITE_OK && pass->nfolded && (pass->nfolded != length || memcmp(pass->folded, written, length) != 0))
        rc = pass->emit(pass->ctx, flags | FTS5_TOKEN_COLOCATED, pass->folded, pass->nfolded, start, end);
    return rc;
}

static int pw_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                       int (*emit)(void *, int, const char *, int, int, int)) {
    Tokenizer *t = (Tokenizer *)p;
    Pass pass = {t, ctx, emit, (flags & (FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_AUX)) != 0, {0}, 0};
    return t->unicode.xTokenize(t->written, &pass, flags, text, n, each);
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
    static fts5_tokenizer tokenizer = {pw_create, pw_delete, pw_tokenize};
    rc = fts->xCreateFunction(fts, "pw_bm25", 0, pw_bm25, 0);
    if (rc == SQLITE_OK) rc = fts->xCreateTokenizer(fts, "pw", fts, &tokenizer, 0);
    return rc;
}
