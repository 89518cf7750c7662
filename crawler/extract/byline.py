"""Bylines inside the article text: label lines and trailing initials.

* A line that is only ``Penulis: X`` / ``Reporter: X`` / ``Pewarta: X`` / ``Wartawan: X`` /
  ``Kontributor: X`` / ``Laporan: X`` (author; "Laporan" is the byline of older CMS templates)
  or ``Editor: Y`` / ``Redaktur: Y`` / ``Penyunting: Y`` (editor) is
  removed and its name kept; ``Fotografer: Z`` (a photo page's credit) is removed too and
  names the author only when no writer is named; several labels may share a line ("Pewarta: X
  Editor: Y"), and table rows as trafilatura renders them ("| Penulis | : X |") count too.
* Initials in brackets at the very end of the text, after a sentence end or on their own line —
  "(goeng)", "(ast/rdn)", "(FHM)" — are removed. By the convention of detik, Kompas and others the
  first initials are the writer's and the second the editor's, so they fill ``author`` / ``editor``
  only where no byline named them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AUTHOR_LABELS = ("penulis", "reporter", "pewarta", "wartawan", "kontributor", "laporan")
EDITOR_LABELS = ("editor", "redaktur", "penyunting")
CREDIT_LABELS = ("fotografer", "videografer")
_LABEL_ALT = "|".join(AUTHOR_LABELS + EDITOR_LABELS + CREDIT_LABELS)
_LABEL = re.compile(rf"\b({_LABEL_ALT})\s*:\s*", re.IGNORECASE)
_LABEL_LINE = re.compile(rf"^\s*(?:{_LABEL_ALT})\s*:\s*\S", re.IGNORECASE)
# A name: up to eight words, no sentence punctuation (a colon line longer than that is prose).
_NAME = re.compile(r"^[^.!?;\"“”]{2,80}$")
_TABLE_CELLS = re.compile(r"\s*\|\s*")
_TRAILING_INITIALS = re.compile(
    r"(?:(?<=[.!?\"”’)])|^|(?<=\n))\s*\(\s*([A-Za-z]{2,6}(?:\s*/\s*[A-Za-z]{2,6}){0,2})\s*\)\s*\Z"
)
# A byline label word followed by a name, as it appears in meta tags ("Pewarta Nur Imansyah").
_LABEL_PREFIX = re.compile(rf"^\s*(?:{_LABEL_ALT}|oleh|by)\s*:?\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Byline:
    author: str | None = None
    editor: str | None = None


def strip_label(name: str) -> str:
    """ "Pewarta: Nur Imansyah" / "Oleh Budi" → the name alone (for meta and JSON-LD authors)."""
    return _LABEL_PREFIX.sub("", name).strip()


def _role(label: str) -> str:
    if label in AUTHOR_LABELS:
        return "author"
    return "editor" if label in EDITOR_LABELS else "credit"


def _parse_label_line(line: str) -> dict[str, str] | None:
    """``{"author": ..., "editor": ...}`` for a byline line, or None for any other line."""
    flat = _TABLE_CELLS.sub(" ", line).strip()
    if not _LABEL_LINE.match(flat):
        return None
    parts = _LABEL.split(flat)
    # split() with one group gives ["", label, value, label, value, ...].
    found: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        name = value.strip(" ,|-–")
        if not _NAME.match(name) or len(name.split()) > 8:
            return None
        role = _role(label.lower())
        found.setdefault(role, name)
    return found


def extract_bylines(text: str) -> tuple[str, Byline]:
    """Remove byline label lines from ``text``; the first author and editor named are returned."""
    kept: list[str] = []
    author: str | None = None
    editor: str | None = None
    credit: str | None = None
    for line in text.split("\n"):
        found = _parse_label_line(line)
        if found is None:
            kept.append(line)
            continue
        author = author or found.get("author")
        editor = editor or found.get("editor")
        credit = credit or found.get("credit")
    return "\n".join(kept).strip(), Byline(author or credit, editor)


def strip_trailing_initials(text: str) -> tuple[str, Byline]:
    """Remove "(goeng)" / "(ast/rdn)" at the end of ``text``; the initials as author/editor."""
    match = _TRAILING_INITIALS.search(text)
    if match is None:
        return text, Byline()
    initials = [part.strip() for part in match.group(1).split("/")]
    editor = initials[1] if len(initials) > 1 else None
    return text[: match.start()].rstrip(), Byline(initials[0], editor)
