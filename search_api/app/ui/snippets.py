"""Result snippets as safe HTML: only the store's highlight marks survive as markup.

The stores already escape snippet text and add ``<mark>`` (``store/base.py``). The page does not
rely on that: it splits on the marks, reads each piece as (possibly escaped) text and escapes it
again, so a store that forgot to escape, or a ``<mark>`` left unclosed, cannot inject markup.
"""

from __future__ import annotations

import html

from markupsafe import Markup, escape

from search_api.store.base import HIGHLIGHT_END, HIGHLIGHT_START


def safe_snippet(snippet: str) -> Markup:
    parts: list[str] = []
    for i, chunk in enumerate(snippet.split(HIGHLIGHT_START)):
        if i == 0:
            parts.append(_text(chunk))
            continue
        marked, closed, rest = chunk.partition(HIGHLIGHT_END)
        if not closed:  # an unclosed mark: show the text, unmarked
            parts.append(_text(chunk))
            continue
        parts.append(f"<mark>{_text(marked)}</mark>{_text(rest.replace(HIGHLIGHT_END, ''))}")
    return Markup("".join(parts))


def _text(piece: str) -> str:
    return str(escape(html.unescape(piece)))
