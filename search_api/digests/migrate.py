"""Schema migrations of the office database: the steps from each older ``user_version`` to the next.

``schema.sql`` creates a new file at the current version; a file of an older version is brought up
to date here, one step per version, each in its own ``BEGIN IMMEDIATE`` transaction that re-reads
the version first, so two processes opening the same old file migrate it once (the second waits
for the first's lock, then finds the new version and does nothing). A step is a tuple of
statements run with ``execute`` (not ``executescript``, which would commit the transaction). The
office's rows cannot be rebuilt, so a step only adds: no table is copied or dropped.
"""

from __future__ import annotations

from search_api.sqlite_files import Migration, widen_check


def _v6_to_v7() -> tuple[str, ...]:
    """6 → 7: registered press releases (search_api/releases/). A new table only; written out as
    it was at version 7, not read from schema.sql, so a later change there cannot alter this step.
    """
    return (
        """CREATE TABLE IF NOT EXISTS releases (
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
)""",
        "CREATE INDEX IF NOT EXISTS releases_published ON releases (published_at, id)",
    )


# STEPS[n] brings a file of version n to version n + 1.
STEPS: dict[int, tuple[Migration, ...]] = {
    # 1 → 2: the agency-tone filter of saved searches ("<agency id>:<tone>" strings). Existing
    # searches get no such filter, as the default says.
    1: (
        "ALTER TABLE saved_searches ADD COLUMN agency_tones TEXT NOT NULL DEFAULT '[]' "
        "CHECK (json_valid(agency_tones))",
    ),
    # 2 → 3: instant alerts (search_api/alerts/, docs/alerts.md). New tables only; no existing row
    # changes, and no subscription alerts until a rule is set. Written out as they were at
    # version 3, not read from schema.sql, so a later change there cannot alter this step.
    2: (
        """CREATE TABLE IF NOT EXISTS alert_rules (
            subscription_id  INTEGER PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
            mode             TEXT    NOT NULL CHECK (mode IN ('every', 'negative', 'spike')),
            spike_threshold  INTEGER CHECK (spike_threshold IS NULL OR spike_threshold >= 2),
            by_email         INTEGER NOT NULL DEFAULT 1 CHECK (by_email IN (0, 1)),
            webhook_url      TEXT,
            since            TEXT    NOT NULL,
            last_checked_at  TEXT,
            created_at       TEXT    NOT NULL,
            CHECK (by_email = 1 OR webhook_url IS NOT NULL)
        )""",
        """CREATE TABLE IF NOT EXISTS alerts (
            id               INTEGER PRIMARY KEY,
            subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
            kind             TEXT    NOT NULL CHECK (kind IN ('match', 'negative', 'spike')),
            payload          TEXT    NOT NULL CHECK (json_valid(payload)),
            created_at       TEXT    NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS alert_articles (
            subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
            article_id       TEXT    NOT NULL,
            alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
            PRIMARY KEY (subscription_id, article_id)
        )""",
        """CREATE TABLE IF NOT EXISTS alert_outbox (
            id               INTEGER PRIMARY KEY,
            alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
            channel          TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
            target           TEXT    NOT NULL,
            status           TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent')),
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  TEXT    NOT NULL,
            held_until       TEXT,
            last_error       TEXT,
            sent_at          TEXT,
            updated_at       TEXT    NOT NULL,
            UNIQUE (alert_id, channel)
        )""",
        """CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox (status, next_attempt_at)""",
        """CREATE TABLE IF NOT EXISTS alert_attempts (
            outbox_id        INTEGER NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
            attempt          INTEGER NOT NULL,
            at               TEXT    NOT NULL,
            ok               INTEGER NOT NULL CHECK (ok IN (0, 1)),
            detail           TEXT,
            PRIMARY KEY (outbox_id, attempt)
        )""",
    ),
    # 3 → 4: staff corrections of tone (search_api/corrections/). A new table only; written out
    # as it was at version 4, not read from schema.sql.
    3: (
        """CREATE TABLE IF NOT EXISTS corrections (
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
)""",
        "CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id, agency_id, id)",
    ),
    # 4 → 5: accounts, sessions, API tokens, failed logins and the audit log (search_api/auth/).
    # New tables only; written out as they were at version 5.
    4: (
        """CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE CHECK (length(trim(username)) > 0),
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'staf', 'baca')),
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS login_failures (
    username      TEXT    NOT NULL,
    at            TEXT    NOT NULL
)""",
        """CREATE INDEX IF NOT EXISTS login_failures_by_user ON login_failures (username, at)""",
        """CREATE TABLE IF NOT EXISTS audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    detail        TEXT    NOT NULL DEFAULT ''
)""",
    ),
    # 5 → 6: 'uncertain', a message sent whole whose acknowledgement never came, held for a
    # person instead of being retried (sendlog.py, alerts/outbox.py). Only two CHECK constraints
    # accept one more value; every row stays as it is.
    5: (
        widen_check(
            "send_log",
            "'skipped', 'abandoned')",
            "'skipped', 'abandoned', 'uncertain')",
        ),
        widen_check(
            "alert_outbox",
            "('pending', 'sending', 'sent')",
            "('pending', 'sending', 'sent', 'uncertain')",
        ),
    ),
    6: _v6_to_v7(),
}
