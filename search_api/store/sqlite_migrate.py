"""Schema migrations of the SQLite store: the steps from each older ``user_version`` to the next.

``schema.sql`` creates a new file at the current version; a file of an older version is brought up
to date here, one step per version, each in its own ``BEGIN IMMEDIATE`` transaction that re-reads
the version first, so two processes opening the same old file migrate it once. A step is a tuple
of statements run with ``execute`` (not ``executescript``, which would commit the transaction).
Steps may call the SQL functions of ``rekey.register_functions`` (registered before migrating).
"""

from __future__ import annotations

# STEPS[n] brings a file of version n to version n + 1.
STEPS: dict[int, tuple[str, ...]] = {
    # 1 → 2: the tone towards each agency, for per-agency tone counts and the agency-tone filter.
    # Backfilled from the stored article JSON, with the first entry of a repeated id, as writes do.
    1: (
        "ALTER TABLE article_agencies ADD COLUMN sentiment TEXT "
        "CHECK (sentiment IN ('positive', 'neutral', 'negative'))",
        "UPDATE article_agencies SET sentiment = ("
        " SELECT json_extract(j.value, '$.sentiment')"
        " FROM articles a, json_each(a.doc, '$.agencies') AS j"
        " WHERE a.id = article_agencies.article_id"
        " AND lower(json_extract(j.value, '$.id')) = article_agencies.agency_id"
        " ORDER BY j.key LIMIT 1)",
    ),
    # 2 → 3: article identity is the outlet + the canonical URL's path and query (issue #15 §4,
    # #10 §1). Every id is recomputed; copies of one article (two hosts or ports of its outlet)
    # are merged, keeping the newest crawl, then the longer text; old → new ids are kept in
    # article_aliases for the office database (``pantau store rekey``) and old links.
    2: (
        "CREATE TABLE IF NOT EXISTS article_aliases ("
        " old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS article_aliases_new ON article_aliases (new_id)",
        # The new id and URL of every row, computed once (a Python function call each).
        "CREATE TEMP TABLE rekey_map AS SELECT pk, id AS old_id,"
        " pantau_article_id(outlet, canonical_url) AS new_id,"
        " pantau_canonical_url(canonical_url) AS new_url FROM articles",
        "INSERT OR REPLACE INTO article_aliases (old_id, new_id)"
        " SELECT old_id, new_id FROM rekey_map WHERE old_id <> new_id",
        # The losing copies go first (their agencies and FTS rows with them: cascade, triggers).
        "DELETE FROM articles WHERE pk IN (SELECT pk FROM (SELECT a.pk, row_number() OVER ("
        " PARTITION BY m.new_id"
        " ORDER BY coalesce(json_extract(a.doc, '$.crawled_at'), '') DESC, length(a.body) DESC,"
        " a.pk DESC) AS n FROM articles a JOIN rekey_map m ON m.pk = a.pk) WHERE n > 1)",
        # Children and parent change ids in one transaction: check the references at COMMIT.
        "PRAGMA defer_foreign_keys = ON",
        "UPDATE article_agencies SET article_id = (SELECT new_id FROM article_aliases"
        " WHERE old_id = article_agencies.article_id)"
        " WHERE article_id IN (SELECT old_id FROM article_aliases)",
        "UPDATE articles SET id = m.new_id, canonical_url = m.new_url,"
        " doc = json_set(doc, '$.id', m.new_id, '$.canonical_url', m.new_url)"
        " FROM rekey_map m WHERE m.pk = articles.pk"
        " AND (articles.id <> m.new_id OR articles.canonical_url <> m.new_url)",
        "DROP TABLE temp.rekey_map",
    ),
}

_TONE_CODE = (
    "CASE sentiment WHEN 'positive' THEN 1 WHEN 'neutral' THEN 2 WHEN 'negative' THEN 3 ELSE 0 END"
)
# The time-ordered key of sqlite_keys.py: (published_ts + 2**41) << 20 | tone << 18 | seq for a
# dated article (seq counts articles of the same second and tone), n << 20 | tone << 18 for the
# n-th undated one.
_KEY = (
    "CASE WHEN published_ts IS NULL THEN "
    "(row_number() OVER (PARTITION BY published_ts IS NULL ORDER BY pk) << 20) "
    f"| ({_TONE_CODE} << 18) "
    f"ELSE ((published_ts + {1 << 41}) << 20) | ({_TONE_CODE} << 18) "
    f"| (row_number() OVER (PARTITION BY published_ts, sentiment ORDER BY pk) - 1) END"
)

# The rollups filled from the articles, with the agencies of schema 4 (by article id).
_ROLLUPS_V4 = (
    "DELETE FROM rollup_articles",
    "DELETE FROM rollup_agencies",
    "DELETE FROM rollup_agency_days",
    "INSERT INTO rollup_articles (day, outlet, sentiment, n) "
    "SELECT coalesce(published_day, ''), outlet, coalesce(sentiment, ''), count(*) "
    "FROM articles GROUP BY 1, 2, 3",
    "INSERT INTO rollup_agencies (agency_id, day, outlet, sentiment, agency_tone, n) "
    "SELECT g.agency_id, coalesce(a.published_day, ''), a.outlet, coalesce(a.sentiment, ''), "
    "coalesce(g.sentiment, ''), count(*) FROM article_agencies g "
    "JOIN articles a ON a.id = g.article_id GROUP BY 1, 2, 3, 4, 5",
    "INSERT INTO rollup_agency_days (day, agency_id, agency_tone, n) "
    "SELECT day, agency_id, agency_tone, sum(n) FROM rollup_agencies GROUP BY 1, 2, 3",
)

# 3 → 4: compressed documents without copies of the text, time-ordered keys, the full-text index
# reading its text from the documents, daily rollups. The tables are rebuilt (article_agencies
# too: its foreign key would otherwise follow the renamed table); needs the SQL functions of
# sqlite_docs.py on the connection, and about the file's size again in free disk while it runs.
# (After the re-key of step 2, which still reads the v2 columns: length(body) picks the copy.)
# The story of each article becomes a column (collapsed search, story counts), from the document's
# cluster_id; an article stored before clustering is a story of its own (its id).
STEPS[3] = (
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TABLE articles_fts",
    "CREATE TABLE articles_v3 ("
    " pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, canonical_url TEXT NOT NULL UNIQUE,"
    " outlet TEXT NOT NULL, published_ts INTEGER, published_day TEXT,"
    " sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')), doc BLOB NOT NULL,"
    " cluster_id TEXT NOT NULL)",
    "INSERT INTO articles_v3 (pk, id, canonical_url, outlet, published_ts, published_day,"
    f" sentiment, doc, cluster_id) SELECT {_KEY}, id, canonical_url, outlet, published_ts,"
    " published_day, sentiment,"
    " pantau_pack(json_set(doc, '$.cluster_id', coalesce(json_extract(doc, '$.cluster_id'), id))),"
    " coalesce(json_extract(doc, '$.cluster_id'), id) FROM articles",
    "CREATE TEMP TABLE agencies_v2 AS"
    " SELECT article_id, agency_id, sentiment FROM article_agencies",
    "DROP TABLE article_agencies",
    "DROP TABLE articles",
    "ALTER TABLE articles_v3 RENAME TO articles",
    "CREATE INDEX articles_outlet ON articles (outlet)",
    "CREATE INDEX articles_cluster ON articles (cluster_id)",
    "CREATE TABLE article_agencies ("
    " article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
    " agency_id TEXT NOT NULL,"
    " sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),"
    " PRIMARY KEY (article_id, agency_id)) WITHOUT ROWID",
    "INSERT INTO article_agencies SELECT article_id, agency_id, sentiment FROM temp.agencies_v2",
    "DROP TABLE temp.agencies_v2",
    "CREATE INDEX article_agencies_agency ON article_agencies (agency_id, article_id)",
    "CREATE VIEW articles_text (pk, title, body, author, location) AS"
    " SELECT pk, pantau_fts_column(doc, 0), pantau_fts_column(doc, 1),"
    " pantau_fts_column(doc, 2), pantau_fts_column(doc, 3) FROM articles",
    "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, author, location,"
    " content = 'articles_text', content_rowid = 'pk',"
    " tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
    "CREATE TABLE rollup_articles (day TEXT NOT NULL, outlet TEXT NOT NULL,"
    " sentiment TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, outlet, sentiment))"
    " WITHOUT ROWID",
    "CREATE TABLE rollup_agencies (agency_id TEXT NOT NULL, day TEXT NOT NULL,"
    " outlet TEXT NOT NULL, sentiment TEXT NOT NULL, agency_tone TEXT NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (agency_id, day, outlet, sentiment, agency_tone))"
    " WITHOUT ROWID",
    "CREATE TABLE rollup_agency_days (day TEXT NOT NULL, agency_id TEXT NOT NULL,"
    " agency_tone TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, agency_id, agency_tone))"
    " WITHOUT ROWID",
    *_ROLLUPS_V4,
)

# 4 → 5: the full-text index gains hidden token columns: ``keys`` (the article's agencies,
# sqlite_rows.agency_token), ``grams`` and ``titles`` (sqlite_grams.py), so text queries filtered by
# agency, phrases of common words and title: searches are plain FTS5 walks. The view and the index
# are re-created and the index rebuilt from the documents (needs sqlite_docs.py's functions).
STEPS[4] = (
    "DROP TABLE articles_fts",
    "DROP VIEW articles_text",
    "CREATE VIEW articles_text (pk, title, body, author, location, keys, grams, titles) AS"
    " SELECT pk, pantau_fts_column(doc, 0), pantau_fts_column(doc, 1),"
    " pantau_fts_column(doc, 2), pantau_fts_column(doc, 3), pantau_fts_column(doc, 4),"
    " pantau_fts_column(doc, 5), pantau_fts_column(doc, 6) FROM articles",
    "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, author, location, keys,"
    " grams, titles,"
    " content = 'articles_text', content_rowid = 'pk',"
    " tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
)

# 5 → 6: an index of what a search reads of each kept match by key (story, outlet, id), so that
# story counts and facets read short index entries instead of rows carrying documents.
STEPS[5] = ("CREATE INDEX IF NOT EXISTS articles_by_key ON articles (pk, cluster_id, outlet, id)",)

# 6 → 7: the agencies of an article by its key instead of its text id (facets and agency tones of
# 10,000 kept matches: 18-24 → 6-11 ms at 1M articles); the index of kept matches loses the id
# it held for that join.
STEPS[6] = (
    "CREATE TABLE article_agencies_v7 ("
    " pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,"
    " agency_id TEXT NOT NULL,"
    " sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),"
    " PRIMARY KEY (pk, agency_id)) WITHOUT ROWID",
    "INSERT INTO article_agencies_v7 (pk, agency_id, sentiment)"
    " SELECT a.pk, g.agency_id, g.sentiment FROM article_agencies g"
    " JOIN articles a ON a.id = g.article_id ORDER BY 1, 2",
    "DROP TABLE article_agencies",
    "ALTER TABLE article_agencies_v7 RENAME TO article_agencies",
    "CREATE INDEX article_agencies_agency ON article_agencies (agency_id, pk)",
    "DROP INDEX articles_by_key",
    "CREATE INDEX articles_by_key ON articles (pk, cluster_id, outlet)",
)
