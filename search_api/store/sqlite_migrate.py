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
