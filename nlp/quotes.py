"""The ``pantau_quotes`` component: direct quotes and who said them -> ``Doc._.pantau_quotes``.

A quote is text between double quotes (straight or curly); a quote still open at the end of a
paragraph ends there (Indonesian papers, like others, reopen a long quote in the next paragraph).
Its speaker comes from the attribution right after it or right before it, with the Indonesian
speech verbs (``ucap kata ujar tutur jelas ungkap tegas sebut terang papar imbuh tambah``…):

* after: ``"...," kata Wali Kota Bekasi Tri Adhianto.`` / ``ujar Tri.`` / ``ucapnya.``
* before: ``Tri mengatakan, "..."`` / ``Menurut Tri, "..."`` / ``Menurutnya, "..."`` /
  ``Dirinya juga menyebutkan, "..."``

A verb with ``-nya`` or a pronoun (ia, dia, beliau, dirinya) refers back to the last person named
before the quote — also across paragraphs. A bare name ("kata Tri") is matched to a person already
named with a role (any word of the full name); an unknown name becomes a new person without a
role. A quote with no speech verb around it (a slogan, a programme's name) is not a quote.
Indirect speech (``Ia mengatakan bahwa ...``) is not extracted.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import doc_text, register_extensions
from nlp.naming import NOT_NAMES
from nlp.officials import PersonMention
from pantau.models import Quote

logger = logging.getLogger(__name__)

_BASE = r"ucap|kata|ujar|tutur|jelas|ungkap|tegas|sebut|terang|papar|imbuh|tambah|pungkas|tandas"
_PRONOUN = r"ia|dia|beliau|dirinya"
_ME_VERBS = (
    r"mengucapkan|mengatakan|berkata|menuturkan|menjelaskan|mengungkapkan|menegaskan|"
    r"menyebutkan|menyebut|menerangkan|memaparkan|mengimbuhkan|menambahkan|menyampaikan|"
    r"menyatakan|mengaku|menandaskan|memungkaskan"
)
_AFTER = re.compile(
    rf"\s*[,.]?\s*(?:(?P<verb>{_BASE})(?P<nya>nya)?|{_ME_VERBS})\b"
    r"(?P<rest>[^.!?\n\"“”]{0,160})",
    re.IGNORECASE,
)
# Matched on the clause before an opening quote (from the last sentence boundary), so that no
# pattern has to scan backwards over the whole paragraph.
_BEFORE = re.compile(rf"\b(?P<verb>{_ME_VERBS}|kata|ujar)(?:\s+bahwa)?\s*[,:]?\s*$", re.IGNORECASE)
_MENURUT = re.compile(r"\bmenurut(?P<nya>nya)?\b(?P<who>[^,:]{0,120}?)[,:]?\s*$", re.I)
_BOUNDARY = re.compile(r"[.!?\n\"“”][^.!?\n\"“”]*$")
_LEADING_PRONOUN = re.compile(rf"^\s*(?:{_PRONOUN})\b", re.IGNORECASE)
_PROPER = re.compile(r"[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-]+){0,3}")
_MARKS = re.compile('["“”\n]')


@dataclass(frozen=True, slots=True)
class QuoteHit:
    speaker: str
    role: str | None
    agency_id: str | None
    text: str
    start_char: int  # the quoted text, without the quote marks
    end_char: int


def find_quotes(text: str) -> list[tuple[int, int, int]]:
    """(open mark, content end, position after the close mark) of every quote, paragraph-aware."""
    found: list[tuple[int, int, int]] = []
    opened: int | None = None
    for mark in _MARKS.finditer(text):
        char, index = mark.group(), mark.start()
        if char == "\n":
            if opened is not None:  # a quote still open at the end of its paragraph ends there
                found.append((opened, index, index))
            opened = None
        elif opened is None:
            if char != "”":
                opened = index
        elif char != "“":
            found.append((opened, index, index + 1))
            opened = None
    if opened is not None:
        found.append((opened, len(text), len(text)))
    return found


class QuoteFinder:
    """Callable pipeline component; reads ``Doc._.pantau_people`` and adds speakers named only in
    an attribution ("kata Tri") to it."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        people: list[PersonMention] = list(doc._.pantau_people or [])
        quotes: list[QuoteHit] = []
        for opened, content_end, closed in find_quotes(text):
            body = text[opened + 1 : content_end].strip().rstrip(",").strip()
            if not body:
                continue
            speaker = self._after(text, closed, opened, people)
            if speaker is None:
                speaker = self._before(text, opened, people)
            if speaker is None or (speaker.name is None and speaker.role is None):
                continue
            if speaker not in people:
                people.append(speaker)
                people.sort(key=lambda m: m.start_char)
            label = speaker.name or speaker.role or ""
            quotes.append(
                QuoteHit(label, speaker.role, speaker.agency_id, body, opened + 1, content_end)
            )
        doc._.pantau_people = people
        doc._.pantau_quotes = quotes
        return doc

    def _after(
        self, text: str, closed: int, opened: int, people: list[PersonMention]
    ) -> PersonMention | None:
        match = _AFTER.match(text, closed)
        if match is None:
            return None
        rest_start = match.start("rest")
        if match.group("nya") or _LEADING_PRONOUN.match(match.group("rest")):
            return _last_named(people, opened)
        return _speaker_in(text, rest_start, match.end("rest"), people)

    def _before(self, text: str, opened: int, people: list[PersonMention]) -> PersonMention | None:
        window = max(0, opened - 200)
        boundary = _BOUNDARY.search(text, window, opened)
        base = boundary.start() + 1 if boundary is not None else window
        clause = text[base:opened]
        menurut = _MENURUT.search(clause)
        if menurut is not None:
            if menurut.group("nya") or _LEADING_PRONOUN.match(menurut.group("who")):
                return _last_named(people, opened)
            return _speaker_in(text, base + menurut.start("who"), base + menurut.end("who"), people)
        match = _BEFORE.search(clause)
        if match is None:
            return None
        if _LEADING_PRONOUN.match(clause[: match.start()].split(",")[-1]):
            return _last_named(people, opened)
        return _speaker_in(text, base, base + match.start(), people, last=True)


def _last_named(people: list[PersonMention], before: int) -> PersonMention | None:
    named = [m for m in people if m.name is not None and m.start_char < before]
    return named[-1] if named else None


def _speaker_in(
    text: str, start: int, end: int, people: list[PersonMention], *, last: bool = False
) -> PersonMention | None:
    """The person named in ``text[start:end]``: a known mention there, else a name matched to a
    known person, else a new person with only a name. ``last``: the subject of a verb is the
    name nearest to it ("Dalam sambutannya, Tri mengatakan")."""
    inside = [m for m in people if start <= m.start_char < end]
    if inside:
        named = [m for m in inside if m.name is not None]
        return named[-1] if named else inside[-1]
    runs = list(_PROPER.finditer(text, start, end))
    for match in reversed(runs) if last else runs:
        words = [w for w in match.group().split() if w.lower() not in NOT_NAMES]
        if not words or words[0] != match.group().split()[0]:
            continue
        name = " ".join(words)
        known = _known(people, words)
        offset = match.start() + match.group().index(words[0])
        if known is not None:
            return PersonMention(
                known.name, known.role, known.agency_id, offset, offset + len(name)
            )
        return PersonMention(name, None, None, offset, offset + len(name))
    return None


def _known(people: list[PersonMention], words: list[str]) -> PersonMention | None:
    """The latest person whose full name contains all the given words ("Tri" -> "Tri
    Adhianto")."""
    for mention in reversed(people):
        if mention.name is not None and set(words) <= set(mention.name.split()):
            return mention
    return None


def quotes_of(hits: list[QuoteHit]) -> list[Quote]:
    return [Quote(speaker=h.speaker, text=h.text, role=h.role, agency_id=h.agency_id) for h in hits]


@Language.factory("pantau_quotes")
def make_quotes(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)
