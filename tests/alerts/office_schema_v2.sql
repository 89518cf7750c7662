-- Pantau office database: saved searches, their e-mail subscriptions and the digest send log.
-- The single source of the schema: search_api/digests/db.py loads this file through
-- importlib.resources and runs it on a database whose PRAGMA user_version is 0. The version is the
-- `PRAGMA user_version` line at the end; bump it with every change and add the step that brings a file
-- of the previous version up to date in migrate.py.
-- Versions: 1 first release; 2 saved_searches.agency_tones.
-- This is the office's own data (what it watches, who is told), kept apart from the article store,
-- which may be Elasticsearch and can be rebuilt by crawling again; this file cannot.
-- Everything is IF NOT EXISTS so two processes creating the same new file at once are harmless.

BEGIN IMMEDIATE;

-- A named query in the query language (search_api/query.py), validated when saved, plus the
-- separate filters as JSON arrays of ids/labels. `agency_tones` holds "<agency id>:<tone>" strings
-- (tone positive, neutral, negative or none): articles whose tone towards that agency is that tone.
CREATE TABLE IF NOT EXISTS saved_searches (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    query        TEXT    NOT NULL,
    outlets      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(outlets)),
    agencies     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(agencies)),
    sentiments   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(sentiments)),
    agency_tones TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(agency_tones)),
    created_at   TEXT    NOT NULL            -- ISO 8601 with offset (UTC)
);

-- Who receives a saved search's daily digest, in which language. One address once per search;
-- `active = 0` pauses the digest without forgetting the subscription.
CREATE TABLE IF NOT EXISTS subscriptions (
    id               INTEGER PRIMARY KEY,
    saved_search_id  INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    language         TEXT    NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TEXT    NOT NULL,
    UNIQUE (saved_search_id, email)
);

-- One row per digest (saved search, recipient, day in the office's timezone): the key that makes a
-- digest go out at most once. `status`:
--   sending   claimed by a run that is sending it now (a crashed run's claim goes stale, see sendlog.py)
--   sent      delivered to the SMTP server; never sent again
--   failed    the last attempt failed (`error` says why); retried by later runs for digest.retry_days
--   skipped   an empty day with digest.send_empty = false
--   abandoned failed for longer than digest.retry_days; kept for the record, no longer retried
-- Keyed by address rather than subscription id so unsubscribing and subscribing again the same day
-- does not send the same digest twice.
CREATE TABLE IF NOT EXISTS send_log (
    saved_search_id  INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    day              TEXT    NOT NULL,     -- 'YYYY-MM-DD'
    status           TEXT    NOT NULL
        CHECK (status IN ('sending', 'sent', 'failed', 'skipped', 'abandoned')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    error            TEXT,
    message_id       TEXT,
    articles         INTEGER,              -- the digest's total, for the record
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (saved_search_id, email, day)
);
CREATE INDEX IF NOT EXISTS send_log_status ON send_log (status, day);

PRAGMA user_version = 2;

COMMIT;
