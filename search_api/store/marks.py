"""The private-use characters that mark matches in a snippet (used by both stores' snippets and by
``folding.py``, which never counts them as part of a word).

FTS5's ``snippet()`` (and the Elasticsearch store's highlighter) mark matches with them; the snippet
is HTML-escaped and only then are they turned into ``<mark>…</mark>``. They are removed from the
indexed text so an article cannot forge them.
"""

from __future__ import annotations

MARK_START = "\ue000"
MARK_END = "\ue001"
