-- presswatch store, schema version 1. docs/schema.md describes every table.
-- Raw tables (articles, sources, the fact tables) are written by ingest, one transaction per batch;
-- registry tables (directives, persons, localities, ...) are kept by the link stage.

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);

-- Every input document ever read, by a hash of its raw text and metadata: a re-run skips them unread.
CREATE TABLE IF NOT EXISTS sources (
    source_hash TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    origin TEXT
);

CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,            -- 16 hex digits of sha1(identity)
    identity TEXT NOT NULL UNIQUE,      -- "url:<url>" when the source gives one, else "sha1:<content_hash>"
    content_hash TEXT NOT NULL,         -- sha1 of body
    source_id TEXT,                     -- the id the source gave, if any
    url TEXT,
    origin TEXT,                        -- the path (and line) it was read from
    title TEXT,
    published TEXT,                     -- ISO 8601
    authors TEXT NOT NULL DEFAULT '[]', -- JSON list
    outlet TEXT,
    section TEXT,
    body TEXT NOT NULL,                 -- kept paragraphs, one a line; every span points here
    noise TEXT NOT NULL DEFAULT '[]',   -- JSON list of {text, reason}
    minhash BLOB,                       -- 128 little-endian uint32: MinHash of rare word pairs
    story_id INTEGER,                   -- set by link: near-duplicate articles share it
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);

-- Full text. External content: the index is built from articles' title and body by the pw tokenizer
-- (store/rank.c): each syllable as written (lower case, one tone placement) and, at the same position,
-- folded (no marks, đ as d), so that a query word matches its accents when typed with them and any
-- accents when typed without. Every connection that reads or writes this table loads the extension.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='pw'
);

-- Facts, one table per kind; (article_id, seq) is the fact's place in its article's output.
-- spans: JSON [[start, end], ...] into articles.body; sentence: the sentence of the first span.
CREATE TABLE IF NOT EXISTS citations (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    directive TEXT NOT NULL,            -- id as cited: 21-KL/TW
    type TEXT, issuer TEXT, date TEXT, term TEXT, subject TEXT, alias TEXT,
    implements TEXT NOT NULL DEFAULT '[]',
    directive_key TEXT,                 -- link: directives.key
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS citations_key ON citations(directive_key);
CREATE INDEX IF NOT EXISTS citations_directive ON citations(directive);

CREATE TABLE IF NOT EXISTS person_mentions (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    name TEXT NOT NULL, positions TEXT NOT NULL DEFAULT '[]',
    person_id TEXT,                     -- link: persons.id
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS person_mentions_person ON person_mentions(person_id);

CREATE TABLE IF NOT EXISTS organization_mentions (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    name TEXT NOT NULL, expanded TEXT, kind TEXT, level TEXT, locality TEXT,
    organization_id TEXT,               -- link: organizations.id
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS organization_mentions_org ON organization_mentions(organization_id);

CREATE TABLE IF NOT EXISTS locality_mentions (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    name TEXT NOT NULL, level TEXT, parent TEXT,
    locality_id TEXT,                   -- link: localities.id
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS locality_mentions_locality ON locality_mentions(locality_id);

CREATE TABLE IF NOT EXISTS events (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    type TEXT NOT NULL, date TEXT, chair TEXT, host TEXT, counterpart TEXT,
    attendees TEXT NOT NULL DEFAULT '[]', directives TEXT NOT NULL DEFAULT '[]',
    chair_id TEXT,                      -- link: persons.id of the chair
    counterpart_locality_id TEXT,       -- link: the locality of the unit reviewed
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS events_chair ON events(chair_id);
CREATE INDEX IF NOT EXISTS events_counterpart ON events(counterpart_locality_id);

CREATE TABLE IF NOT EXISTS statements (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    type TEXT NOT NULL, speaker TEXT, addressee TEXT, text TEXT NOT NULL,
    speaker_id TEXT,                    -- link: persons.id when the speaker is a person
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_id);
CREATE INDEX IF NOT EXISTS statements_type ON statements(type);

CREATE TABLE IF NOT EXISTS indicators (
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, sentence TEXT, spans TEXT NOT NULL,
    label TEXT, value REAL, unit TEXT, target REAL, percent REAL, qualifier TEXT, period TEXT, subject TEXT,
    PRIMARY KEY (article_id, seq)
);

-- What the link stage has still to do, written in each batch's transaction: ('article', id) for an
-- article written, and (kind, key) for each registry entry the facts of a replaced article pointed to
-- (directive, family, person, locality, organization, story). The link recomputes only what these touch.
CREATE TABLE IF NOT EXISTS link_queue (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The registry: kept by the link stage from the fact tables.
CREATE TABLE IF NOT EXISTS directives (
    key TEXT PRIMARY KEY,               -- id, with "@term" for a party document whose term is known: 21-KL/TW@XIII
    id TEXT NOT NULL, type TEXT, issuer TEXT, date TEXT, term TEXT, subject TEXT, alias TEXT,
    citations INTEGER NOT NULL, articles INTEGER NOT NULL,
    first_seen TEXT, last_seen TEXT     -- publication dates of the first and last citing article
);
CREATE INDEX IF NOT EXISTS directives_id ON directives(id);

CREATE TABLE IF NOT EXISTS directive_relations (
    child TEXT NOT NULL, parent TEXT NOT NULL, relation TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (child, parent, relation)
);

CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY,                -- slug of the name, with the province when two people share it
    name TEXT NOT NULL, anchor TEXT,    -- anchor: the province (or "central") their positions place them in
    mentions INTEGER NOT NULL, articles INTEGER NOT NULL, first_seen TEXT, last_seen TEXT
);
CREATE TABLE IF NOT EXISTS person_positions (
    person_id TEXT NOT NULL, position TEXT NOT NULL,
    first_seen TEXT, last_seen TEXT, articles INTEGER NOT NULL,
    PRIMARY KEY (person_id, position)
);

CREATE TABLE IF NOT EXISTS organizations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, level TEXT, locality TEXT,
    mentions INTEGER NOT NULL, articles INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS localities (
    id TEXT PRIMARY KEY,                -- slug: level-name-code
    name TEXT NOT NULL, level TEXT, tier TEXT, district TEXT, province TEXT,
    code TEXT, era TEXT,                -- gazetteer code; era: legacy (before July 2025) or 2025
    successor TEXT, successor_level TEXT, successor_code TEXT,  -- the unit it became in 2025
    mentions INTEGER NOT NULL, articles INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY, size INTEGER NOT NULL, title TEXT, first_published TEXT, last_published TEXT
);

CREATE TABLE IF NOT EXISTS contradictions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                 -- directive_date, directive_issuer
    subject TEXT NOT NULL,              -- what it is about: a directive key
    decided TEXT,                       -- the value the registry keeps (most articles)
    detail TEXT NOT NULL                -- JSON: [{value, articles: [{article_id, sentence}]}]
);
