-- Pantau SQLite store schema. The single source of the schema: sqlite.py loads this file through
-- importlib.resources and runs it on a database whose PRAGMA user_version is 0. The version is the
-- `PRAGMA user_version` line at the end; bump it with every change and add a migration step (the
-- statements that bring a file of the previous version to this one) to sqlite_migrate.py.
-- History: 1 initial; 2 article_agencies.sentiment (the tone towards each agency).
-- Everything is IF NOT EXISTS so two processes creating the same new file at once are harmless: the
-- second waits on BEGIN IMMEDIATE (busy_timeout) and then finds everything already there.

BEGIN IMMEDIATE;

-- One row per article. `doc` is the whole Article as JSON (what get()/search() return); the other
-- columns are copies for filtering, sorting, facets and full-text search.
-- `pk` is an explicit INTEGER PRIMARY KEY (the rowid alias) rather than making `id` the primary key:
-- the FTS index refers to articles by rowid, and only an aliased rowid is guaranteed to survive VACUUM.
-- `id` is still the article's identity: NOT NULL UNIQUE, and what upserts conflict on.
CREATE TABLE IF NOT EXISTS articles (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    canonical_url TEXT    NOT NULL UNIQUE,
    outlet        TEXT    NOT NULL,
    published_ts  INTEGER,               -- epoch seconds; NULL when the date is unknown
    published_day TEXT,                  -- 'YYYY-MM-DD' in Asia/Jakarta, for the day facet
    sentiment     TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,      -- text (plus the lead when it is not the text's start), the FTS "body" column (snippets come from it)
    author        TEXT,
    location      TEXT,
    doc           TEXT    NOT NULL CHECK (json_valid(doc)),
    cluster_id    TEXT                   -- the story (Article.cluster_id): collapsing and story counts
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published_ts);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet, published_ts);
CREATE INDEX IF NOT EXISTS articles_sentiment ON articles (sentiment);
CREATE INDEX IF NOT EXISTS articles_day ON articles (published_day);
CREATE INDEX IF NOT EXISTS articles_cluster ON articles (cluster_id, published_ts);

-- The agencies an article covers, for the agency filter, the agency: query field and facets.
-- `sentiment` is the tone towards that agency (AgencyRef.sentiment, not the article's), NULL when
-- the tagger gave none; when an article lists an agency twice, the first entry's tone is kept.
CREATE TABLE IF NOT EXISTS article_agencies (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    agency_id  TEXT NOT NULL,
    sentiment  TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    PRIMARY KEY (article_id, agency_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_agencies_agency ON article_agencies (agency_id, article_id);

-- Full-text index. External content (content='articles'): the text lives once in `articles` and
-- snippet() reads it from there; a contentless table could not produce snippets, and a regular FTS
-- table would store every text twice. The triggers below keep the index in step with every write to
-- `articles`, whoever makes it. unicode61 with remove_diacritics 2 folds case and accents
-- ("André" = "andre") and splits on punctuation ("warga-warga" -> warga, warga).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, body, author, location,
    content = 'articles',
    content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body, author, location)
    VALUES (new.pk, new.title, new.body, new.author, new.location);
END;

CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, author, location)
    VALUES ('delete', old.pk, old.title, old.body, old.author, old.location);
END;

CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, author, location)
    VALUES ('delete', old.pk, old.title, old.body, old.author, old.location);
    INSERT INTO articles_fts (rowid, title, body, author, location)
    VALUES (new.pk, new.title, new.body, new.author, new.location);
END;

PRAGMA user_version = 3;

COMMIT;
