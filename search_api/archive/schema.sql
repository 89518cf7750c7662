-- The capture ledger of the crawl-time archive (search_api/archive/ledger.py).
PRAGMA user_version = 1;

-- One row per archived HTTP response. warc_file is a name inside the warc directory; offset and
-- length locate the (gzip member of the) record, so a reader seeks straight to it.
CREATE TABLE captures (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    sha256 TEXT NOT NULL,          -- of the response body as archived
    text_sha256 TEXT,              -- of the extracted article text (NULL: none extracted)
    warc_file TEXT NOT NULL,
    warc_offset INTEGER NOT NULL,
    warc_length INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,      -- ISO 8601, UTC
    origin TEXT NOT NULL CHECK (origin IN ('crawl', 'recheck'))
);
CREATE INDEX captures_by_article ON captures (article_id, id);

-- What a re-check found about an archived article. Only the first finding of each kind is kept:
-- the evidence is the first capture, the flag says when the page stopped matching it.
CREATE TABLE flags (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('changed', 'gone')),
    capture_id INTEGER NOT NULL REFERENCES captures (id),
    detected_at TEXT NOT NULL,
    PRIMARY KEY (article_id, kind)
);
