"""Schema migrations of the office database: the steps from each older ``user_version`` to the next.

``schema.sql`` creates a new file at the current version; a file of an older version is brought up
to date here, one step per version, each in its own ``BEGIN IMMEDIATE`` transaction that re-reads
the version first, so two processes opening the same old file migrate it once (the second waits
for the first's lock, then finds the new version and does nothing). A step is a tuple of
statements run with ``execute`` (not ``executescript``, which would commit the transaction). The
office's rows cannot be rebuilt, so a step only adds: no table is copied or dropped.
"""

from __future__ import annotations

# STEPS[n] brings a file of version n to version n + 1.
STEPS: dict[int, tuple[str, ...]] = {
    # 1 → 2: the agency-tone filter of saved searches ("<agency id>:<tone>" strings). Existing
    # searches get no such filter, as the default says.
    1: (
        "ALTER TABLE saved_searches ADD COLUMN agency_tones TEXT NOT NULL DEFAULT '[]' "
        "CHECK (json_valid(agency_tones))",
    ),
}
