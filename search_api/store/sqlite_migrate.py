"""Schema migrations of the SQLite store: the steps from each older ``user_version`` to the next.

``schema.sql`` creates a new file at the current version; a file of an older version is brought up
to date here, one step per version, each in its own ``BEGIN IMMEDIATE`` transaction that re-reads
the version first, so two processes opening the same old file migrate it once. A step is a tuple
of statements run with ``execute`` (not ``executescript``, which would commit the transaction).
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
    # 2 → 3: the story of each article as a column (collapsed search, story counts): reading it
    # from the JSON made a collapsed search of 20k articles 350 ms instead of ~40 ms. Backfilled
    # from the JSON; an article stored before clustering is a story of its own (its id).
    2: (
        "ALTER TABLE articles ADD COLUMN cluster_id TEXT",
        "UPDATE articles SET cluster_id = coalesce(json_extract(doc, '$.cluster_id'), id)",
        "CREATE INDEX IF NOT EXISTS articles_cluster ON articles (cluster_id, published_ts)",
    ),
}
