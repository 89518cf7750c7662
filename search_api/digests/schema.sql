-- Pantau office database: saved searches, their e-mail subscriptions, the digest send log and
-- instant alerts.
-- The single source of the schema: search_api/digests/db.py loads this file through
-- importlib.resources and runs it on a database whose PRAGMA user_version is 0. The version is the
-- `PRAGMA user_version` line at the end; bump it with every change and add the step that brings a file
-- of the previous version up to date in migrate.py.
-- Versions: 1 first release; 2 saved_searches.agency_tones; 3 instant alerts (alert_rules, alerts,
-- alert_articles, alert_outbox, alert_attempts; docs/alerts.md); 4 staff corrections of tone;
-- 5 accounts, sessions, API tokens, failed logins, audit log; 6 status 'uncertain' in send_log and
-- alert_outbox (a message sent whole whose acknowledgement never came); 7 press releases.
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
        CHECK (status IN ('sending', 'sent', 'failed', 'skipped', 'abandoned', 'uncertain')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    error            TEXT,
    message_id       TEXT,
    articles         INTEGER,              -- the digest's total, for the record
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (saved_search_id, email, day)
);
CREATE INDEX IF NOT EXISTS send_log_status ON send_log (status, day);

-- Instant alerts (search_api/alerts/). The 2 → 3 step in migrate.py repeats these statements as
-- they were at version 3 (a step is history and must not follow later edits here);
-- tests/alerts/test_alert_schema.py checks that a migrated file and a new one agree.
-- An alert rule: a subscription that also wants instant alerts. `mode`: every match, negative
-- towards the saved search's agency, or a spike of `spike_threshold` matches (NULL: the
-- alerts.spike_threshold setting) within alerts.spike_window_minutes. Delivered by e-mail to the
-- subscription's address and/or to `webhook_url`. Only articles crawled from `since` on alert.
CREATE TABLE IF NOT EXISTS alert_rules (
    subscription_id  INTEGER PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
    mode             TEXT    NOT NULL CHECK (mode IN ('every', 'negative', 'spike')),
    spike_threshold  INTEGER CHECK (spike_threshold IS NULL OR spike_threshold >= 2),
    by_email         INTEGER NOT NULL DEFAULT 1 CHECK (by_email IN (0, 1)),
    webhook_url      TEXT,
    since            TEXT    NOT NULL,
    last_checked_at  TEXT,
    created_at       TEXT    NOT NULL,
    CHECK (by_email = 1 OR webhook_url IS NOT NULL)
);

-- One alert: what one run found for one subscription, frozen as the JSON `payload` that is sent
-- (so a delivery retried hours later sends what was found, and needs no article store).
CREATE TABLE IF NOT EXISTS alerts (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    kind             TEXT    NOT NULL CHECK (kind IN ('match', 'negative', 'spike')),
    payload          TEXT    NOT NULL CHECK (json_valid(payload)),
    created_at       TEXT    NOT NULL
);

-- The sent-log of alerts: an article alerts at most once per subscription (the primary key).
CREATE TABLE IF NOT EXISTS alert_articles (
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    article_id       TEXT    NOT NULL,
    alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    PRIMARY KEY (subscription_id, article_id)
);

-- The outbox: one delivery of an alert over one channel. `status`: pending (waiting for
-- `next_attempt_at`: quiet hours or a retry's backoff), sending (claimed by a run; a crashed run's
-- claim goes stale), sent. There is no failed end state: a delivery is retried until it is sent.
-- `held_until` records that the alert was found in quiet hours and held until then.
CREATE TABLE IF NOT EXISTS alert_outbox (
    id               INTEGER PRIMARY KEY,
    alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel          TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
    target           TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'uncertain')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    held_until       TEXT,
    last_error       TEXT,
    sent_at          TEXT,
    updated_at       TEXT    NOT NULL,
    UNIQUE (alert_id, channel)
);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (status, next_attempt_at);

-- Every delivery attempt and its outcome (`detail`: the error, or the Message-ID / HTTP status).
CREATE TABLE IF NOT EXISTS alert_attempts (
    outbox_id        INTEGER NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
    attempt          INTEGER NOT NULL,
    at               TEXT    NOT NULL,
    ok               INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail           TEXT,
    PRIMARY KEY (outbox_id, attempt)
);

-- Staff corrections of a tone (search_api/corrections/): the article's own tone (agency_id NULL) or
-- the tone towards one agency, with the reason and who. The newest per (article, agency) is the one
-- in force; older ones stay as the history. Title and text are copied so the rows remain labelled
-- examples for the tone model even after the article store is rebuilt.
CREATE TABLE IF NOT EXISTS corrections (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT    NOT NULL,
    agency_id    TEXT,
    original     TEXT    CHECK (original IN ('positive', 'neutral', 'negative')),
    corrected    TEXT    NOT NULL CHECK (corrected IN ('positive', 'neutral', 'negative')),
    reason       TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    corrected_by TEXT    NOT NULL CHECK (length(trim(corrected_by)) > 0),
    created_at   TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    text         TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id, agency_id, id);

-- Accounts (search_api/auth/): users with a role, login sessions and API tokens (only their
-- SHA-256 is stored: a stolen file opens no session), failed logins for the rate limit, and the
-- audit log of who changed what.
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE CHECK (length(trim(username)) > 0),
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'staf', 'baca')),
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    username      TEXT    NOT NULL,
    at            TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_by_user ON login_failures (username, at);
CREATE TABLE IF NOT EXISTS audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    detail        TEXT    NOT NULL DEFAULT ''
);

-- Registered press releases (search_api/releases/); source: pasted text, a URL of the office's own
-- site, or its feed (a source marked own: true). The outlets that carried each are found in the
-- article store, not kept here.
CREATE TABLE IF NOT EXISTS releases (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    text          TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    published_at  TEXT    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('text', 'url', 'feed')),
    url           TEXT    UNIQUE,
    article_id    TEXT    UNIQUE,
    outlet        TEXT,
    sentiment     TEXT    CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    registered_by TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS releases_published ON releases (published_at, id);

PRAGMA user_version = 7;

COMMIT;
