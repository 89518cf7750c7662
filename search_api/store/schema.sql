-- Pantau SQLite store schema. The single source of the schema: sqlite.py loads this file through
-- importlib.resources and runs it on a database whose PRAGMA user_version is 0. The version is the
-- `PRAGMA user_version` line at the end; bump it with every change and add a migration step (the
-- statements that bring a file of the previous version to this one) to sqlite_migrate.py.
-- History: 1 initial; 2 article_agencies.sentiment (the tone towards each agency); 3 ids are
-- outlet + path (pantau.models.article_id), article_aliases keeps the ids re-keyed by migration;
-- 4 compressed documents, time-ordered keys, the index's text read from the documents, daily rollups,
-- articles.cluster_id (the story, Article.cluster_id).
-- Everything is IF NOT EXISTS so two processes creating the same new file at once are harmless: the
-- second waits on BEGIN IMMEDIATE (busy_timeout) and then finds everything already there.

BEGIN IMMEDIATE;

-- One row per article. `doc` is the whole Article as zlib-compressed JSON (what get()/search()
-- return; sqlite_docs.py); the other columns are the few values filters, sorting and facets read.
-- No column repeats the text: the full-text index reads it back out of `doc` (below).
-- `pk` is an explicit INTEGER PRIMARY KEY (the rowid alias, which survives VACUUM) that encodes the
-- publication time and the tone (sqlite_keys.py): rowid order is date order, for the full-text index
-- too. `id` is still the article's identity: NOT NULL UNIQUE, and what upserts look up.
CREATE TABLE IF NOT EXISTS articles (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    canonical_url TEXT    NOT NULL UNIQUE,
    outlet        TEXT    NOT NULL,
    published_ts  INTEGER,               -- epoch seconds; NULL when the date is unknown
    published_day TEXT,                  -- 'YYYY-MM-DD' in Asia/Jakarta, for the day facet
    sentiment     TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    doc           BLOB    NOT NULL,
    cluster_id    TEXT    NOT NULL       -- the story (Article.cluster_id): collapsing and story counts
);
-- Entries end with the rowid, so within an outlet they are in date order too.
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
-- A collapsed search groups its matches by story from this index alone.
CREATE INDEX IF NOT EXISTS articles_cluster ON articles (cluster_id);
-- What a search reads of each of its kept matches (up to 10,000): the story and the outlet. Read
-- by key from these short entries instead of the table's rows, which carry the compressed
-- documents (sqlite_search.py names it with INDEXED BY).
CREATE INDEX IF NOT EXISTS articles_by_key ON articles (pk, cluster_id, outlet);

-- The agencies an article covers, for the agency filter, the agency: query field and facets,
-- by the article's key: the agencies of 10,000 kept matches are integer look-ups (by the text id
-- they took 18-24 ms at 1M articles, by key 6-11). `sentiment` is the tone towards that agency
-- (AgencyRef.sentiment, not the article's), NULL when the tagger gave none; when an article
-- lists an agency twice, the first entry's tone is kept. An article moving to a new key
-- (sqlite_keys.py) has its entries written again under it.
CREATE TABLE IF NOT EXISTS article_agencies (
    pk        INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    agency_id TEXT    NOT NULL,
    sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    PRIMARY KEY (pk, agency_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_agencies_agency ON article_agencies (agency_id, pk);

-- Full-text index. External content: the text lives once, compressed in `articles.doc`, and
-- the view hands FTS5 the four columns (pantau_fts_column, registered on every connection by
-- sqlite_docs.py) when it builds a snippet. sqlite.py writes the index with every change to an
-- article (no triggers: they would have to decompress the old row to delete it anyway).
-- unicode61 with remove_diacritics 2 folds case and accents ("André" = "andre") and splits on
-- punctuation ("warga-warga" -> warga, warga).
CREATE VIEW IF NOT EXISTS articles_text (pk, title, body, author, location, keys, grams, titles) AS
    SELECT pk, pantau_fts_column(doc, 0), pantau_fts_column(doc, 1),
           pantau_fts_column(doc, 2), pantau_fts_column(doc, 3), pantau_fts_column(doc, 4),
           pantau_fts_column(doc, 5), pantau_fts_column(doc, 6)
    FROM articles;

-- Three hidden columns hold tokens no word of a text spells (they start with "0" and a mark):
-- `keys` the article's agencies, one token each (sqlite_rows.agency_token), so a text query with
-- an agency filter is a single FTS5 expression walked newest first; `grams` the pairs of adjacent
-- common words and `titles` the title's words (sqlite_grams.py), so a phrase of common words and
-- a title: search are plain word look-ups.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, body, author, location, keys, grams, titles,
    content = 'articles_text',
    content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Daily rollups (sqlite_rollups.py), kept in step by every write: the overview and facets of a
-- search without text read these instead of the articles. Empty strings stand for "undated" (day)
-- and "no tone" (sentiment, agency_tone), since key columns cannot hold NULL.
CREATE TABLE IF NOT EXISTS rollup_articles (
    day       TEXT    NOT NULL,
    outlet    TEXT    NOT NULL,
    sentiment TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (day, outlet, sentiment)
) WITHOUT ROWID;

-- One row per agency, day, outlet, article tone and tone towards the agency: an agency filter
-- reads that agency's rows only.
CREATE TABLE IF NOT EXISTS rollup_agencies (
    agency_id   TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    sentiment   TEXT    NOT NULL,
    agency_tone TEXT    NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (agency_id, day, outlet, sentiment, agency_tone)
) WITHOUT ROWID;

-- The same without outlet and article tone: the agency facet and tones of a date range, a few
-- hundred rows a day instead of one per agency mention.
CREATE TABLE IF NOT EXISTS rollup_agency_days (
    day         TEXT    NOT NULL,
    agency_id   TEXT    NOT NULL,
    agency_tone TEXT    NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (day, agency_id, agency_tone)
) WITHOUT ROWID;

-- Old id -> new id of the articles re-keyed by migration 2 -> 3 (search_api/store/rekey.py), for
-- the office database's references and links made before. A new file starts empty.
CREATE TABLE IF NOT EXISTS article_aliases (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_aliases_new ON article_aliases (new_id);

PRAGMA user_version = 7;

COMMIT;
