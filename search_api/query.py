"""Pantau's one boolean query language: parsed once into a store-neutral AST, compiled per store.

Syntax (API ``q``, CLI, saved searches)::

    banjir bekasi              implicit AND between adjacent terms
    banjir OR longsor          operators are upper-case only; ``and``/``or``/``not`` are plain words
    NOT hoaks   -hoaks         negation of a word, ``-"a phrase"`` or ``-(a group)``
    "banjir bandang"           phrase (straight or typographic quotes: "…" “…”)
    banj*                      prefix (a trailing star only)
    (banjir OR longsor) bekasi parentheses; precedence NOT/- > AND > OR
    title:banjir  title:"banjir bandang"  title:(banjir OR longsor)
    author:andre  location:bekasi
    outlet:kabarmasa.com  agency:kota-bekasi/pemkot  agency:kota-bekasi/*  sentiment:negative

Decisions, written down once:

* **Tokenisation.** A word runs to the next space, parenthesis or quote, so ``Jum'at``,
  ``warga-warga``, ``kota-kota`` and ``10:30`` stay single terms in the AST. Matching is the
  store's job: both stores split such a term into its letter/digit parts and match them as a
  phrase, so ``warga-warga`` finds "warga-warga" (and "warga warga"), ``Jum'at`` finds "Jum'at"
  and "Jum’at", and a plain ``warga`` also finds "warga-warga". Case and accents are ignored at
  search time (``andre`` finds "André"). A ``-`` negates only at the start of a word; inside one
  it is a hyphen. A word with no letter or digit at all (``&``, ``...``) is an error rather than
  silently dropped.
* **Fields.** ``name:`` (letters directly followed by a colon) starts a field; an unknown name is
  an error (quote the text to search it literally: ``"catatan: banjir"``). The field applies to
  the word, phrase, prefix or group right after the colon (no space). Fields do not nest.
  Keyword fields (outlet, agency, sentiment) take their value verbatim (``.``, ``/``, ``-``
  included), lower-cased because ids are lower-case; a phrase there means the exact value.
  ``sentiment:`` accepts positive/neutral/negative and the Indonesian positif/netral/negatif.
* **Negation.** ``-x`` and ``NOT x`` mean the same. A query must keep at least one positive term:
  ``-a -b`` and ``NOT a`` alone are errors, and so is ``a OR -b`` (its negative branch would
  match nearly the whole archive). Purely negative searches belong in the separate filters.
* **Limits.** At most :data:`MAX_LENGTH` characters and :data:`MAX_DEPTH` levels of parentheses
  or negation, so a hostile query yields a :class:`QueryError`, never a ``RecursionError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

Field = Literal["title", "author", "location", "outlet", "agency", "sentiment"]
TEXT_FIELDS: frozenset[str] = frozenset({"title", "author", "location"})
KEYWORD_FIELDS: frozenset[str] = frozenset({"outlet", "agency", "sentiment"})
FIELDS: dict[str, Field] = {
    "title": "title",
    "author": "author",
    "location": "location",
    "outlet": "outlet",
    "agency": "agency",
    "sentiment": "sentiment",
}
SENTIMENT_VALUES = {
    "positive": "positive",
    "neutral": "neutral",
    "negative": "negative",
    "positif": "positive",
    "netral": "neutral",
    "negatif": "negative",
}
# A query box is not a document: 1000 characters fits any real saved search and bounds the SQL.
MAX_LENGTH = 1000
# Control characters other than blanks (tab, newlines count as spaces).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Parentheses/negations nested deeper than this are never meant; the limit keeps recursion shallow.
MAX_DEPTH = 20

_QUOTES = frozenset('"“”„')
_STOP = _QUOTES | {"(", ")"}
_FIELD_RE = re.compile(r"([A-Za-z_]+):")
_OPERATORS: dict[str, Literal["and", "or", "not"]] = {"AND": "and", "OR": "or", "NOT": "not"}


@dataclass(frozen=True, slots=True)
class Term:
    """A word, or a prefix when ``prefix`` is true (``text`` then excludes the star)."""

    text: str
    field: Field | None = None
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must appear together in this order (text fields only)."""

    text: str
    field: Field | None = None


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


Node: TypeAlias = Term | Phrase | And | Or | Not
Leaf: TypeAlias = Term | Phrase


class QueryError(Exception):
    """A malformed query; ``position`` is the 0-based character offset the problem was found at."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["word", "phrase", "lparen", "rparen", "and", "or", "not", "minus", "field", "eof"]
    text: str
    pos: int
    end: int


def _lex_word(text: str, i: int) -> int:
    """The end of the word starting at ``i``: the next space, parenthesis or quote."""
    j = i
    while j < len(text) and not text[j].isspace() and text[j] not in _STOP:
        j += 1
    return j


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    after_field = False  # the value right after "field:" is taken verbatim (no operators, no "-")
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token("lparen" if ch == "(" else "rparen", ch, i, i + 1))
            i += 1
        elif ch in _QUOTES:
            close = next((j for j in range(i + 1, len(text)) if text[j] in _QUOTES), -1)
            if close < 0:
                raise QueryError("unclosed quote", i)
            tokens.append(_Token("phrase", text[i + 1 : close], i, close + 1))
            i = close + 1
        elif ch == "-" and not after_field:
            if i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError("'-' must be directly followed by a word, phrase or group", i)
            tokens.append(_Token("minus", ch, i, i + 1))
            i += 1
        else:
            end = _lex_word(text, i)
            word = text[i:end]
            field = _FIELD_RE.match(word)
            if after_field:
                tokens.append(_Token("word", word, i, end))
            elif word in _OPERATORS:
                tokens.append(_Token(_OPERATORS[word], word, i, end))
            elif field:
                _check_field_name(field.group(1), i)
                tokens.append(_Token("field", field.group(1).lower(), i, i + field.end()))
                i += field.end()
                after_field = True
                continue
            else:
                tokens.append(_Token("word", word, i, end))
            i = end
        after_field = False
    tokens.append(_Token("eof", "", len(text), len(text)))
    return tokens


def _check_field_name(name: str, pos: int) -> None:
    if name.lower() not in FIELDS:
        known = ", ".join(FIELDS)
        raise QueryError(f"unknown field '{name}' (fields: {known}; quote text to search it)", pos)


class _Parser:
    """Recursive descent over the tokens.

    or := and (OR and)* ;  and := unary (AND? unary)* ;  unary := (NOT | -) unary | primary
    """

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.starts: dict[int, int] = {}  # id(node) -> position, for the positive-term check

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def mark(self, node: Node, pos: int) -> Node:
        self.starts.setdefault(id(node), pos)
        return node

    def parse_or(self, field: Field | None) -> Node:
        start = self.peek().pos
        children = [self.parse_and(field)]
        while self.peek().kind == "or":
            self.take()
            children.append(self.parse_and(field))
        return children[0] if len(children) == 1 else self.mark(Or(_flatten(Or, children)), start)

    def parse_and(self, field: Field | None) -> Node:
        start = self.peek().pos
        children = [self.parse_unary(field)]
        while self.peek().kind in {"and", "word", "phrase", "lparen", "not", "minus", "field"}:
            if self.peek().kind == "and":
                self.take()
            children.append(self.parse_unary(field))
        return children[0] if len(children) == 1 else self.mark(And(_flatten(And, children)), start)

    def parse_unary(self, field: Field | None) -> Node:
        token = self.peek()
        if token.kind not in {"not", "minus"}:
            return self.parse_primary(field)
        self.take()
        self.enter(token)
        node = self.mark(Not(self.parse_unary(field)), token.pos)
        self.depth -= 1
        return node

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"query is nested more than {MAX_DEPTH} levels deep", token.pos)

    def parse_primary(self, field: Field | None) -> Node:
        token = self.take()
        if token.kind == "word":
            return self.mark(_word_leaf(token, field), token.pos)
        if token.kind == "phrase":
            return self.mark(_phrase_leaf(token, field), token.pos)
        if token.kind == "lparen":
            return self.parse_group(token, field)
        if token.kind == "field":
            return self.parse_field(token, field)
        if token.kind == "eof":
            previous = self.tokens[self.i - 2].text if self.i >= 2 else ""
            raise QueryError(f"expected a term after '{previous}'", token.pos)
        raise QueryError(f"expected a term but found '{token.text}'", token.pos)

    def parse_group(self, lparen: _Token, field: Field | None) -> Node:
        self.enter(lparen)
        node = self.parse_or(field)
        if self.peek().kind != "rparen":
            raise QueryError("unclosed parenthesis", lparen.pos)
        self.take()
        self.depth -= 1
        return self.mark(node, lparen.pos)

    def parse_field(self, token: _Token, outer: Field | None) -> Node:
        if outer is not None:
            raise QueryError(f"field '{token.text}:' inside a '{outer}:' group", token.pos)
        value = self.peek()
        if value.pos != token.end or value.kind not in {"word", "phrase", "lparen"}:
            raise QueryError(f"'{token.text}:' needs a value right after the colon", token.end)
        return self.mark(self.parse_primary(FIELDS[token.text]), token.pos)


def _flatten(kind: type[And] | type[Or], children: list[Node]) -> tuple[Node, ...]:
    """``(a b) c`` is ``a b c``: merge nested nodes of the same kind."""
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else (child,))
    return tuple(flat)


def _has_text(value: str) -> bool:
    return any(ch.isalnum() for ch in value)


def _word_leaf(token: _Token, field: Field | None) -> Term:
    text, prefix = token.text, token.text.endswith("*")
    if prefix:
        text = text.rstrip("*")
    star = text.find("*")
    if star >= 0:
        raise QueryError("'*' is only allowed at the end of a word", token.pos + star)
    if not text:
        raise QueryError("'*' needs a word before it", token.pos)
    if text.startswith("-"):
        raise QueryError(f"put '-' before the field: -{field}:{text[1:]}", token.pos)
    if field in KEYWORD_FIELDS:
        return _keyword_leaf(text, field, prefix, token.pos)
    if not _has_text(text):
        raise QueryError(f"'{token.text}' has no letters or digits", token.pos)
    return Term(text, field, prefix)


def _phrase_leaf(token: _Token, field: Field | None) -> Term | Phrase:
    text = " ".join(token.text.split())
    if field in KEYWORD_FIELDS:
        if not text:
            raise QueryError(f"empty value for '{field}:'", token.pos)
        return _keyword_leaf(text, field, False, token.pos)
    if not _has_text(text):
        raise QueryError("phrase has no letters or digits", token.pos)
    return Phrase(text, field)


def _keyword_leaf(text: str, field: Field | None, prefix: bool, pos: int) -> Term:
    value = text.lower()
    if field == "sentiment":
        if prefix or value not in SENTIMENT_VALUES:
            raise QueryError("sentiment: takes positive, neutral or negative", pos)
        value = SENTIMENT_VALUES[value]
    return Term(value, field, prefix)


def _first_negative(node: Node, starts: dict[int, int]) -> int | None:
    """Where the query matches without any positive term; None if every match needs one."""
    if isinstance(node, Not):
        return starts.get(id(node), 0)
    if isinstance(node, And):
        found = [_first_negative(child, starts) for child in node.children]
        return None if any(pos is None for pos in found) else found[0]
    if isinstance(node, Or):
        return next(
            (pos for c in node.children if (pos := _first_negative(c, starts)) is not None), None
        )
    return None


def parse(text: str) -> Node | None:
    """Parse a query; ``None`` for an empty or blank one. Raises :class:`QueryError`."""
    if len(text) > MAX_LENGTH:
        raise QueryError(f"query is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    control = _CONTROL.search(text)
    if control is not None:
        # A NUL or another control character is never typed: refused here rather than passed
        # to a store (SQLite's FTS5 failed on NUL with an internal error).
        raise QueryError("the query contains a control character", control.start())
    tokens = _tokenize(text)
    if tokens[0].kind == "eof":
        return None
    parser = _Parser(tokens)
    node = parser.parse_or(None)
    extra = parser.peek()
    if extra.kind == "rparen":
        raise QueryError("unmatched ')'", extra.pos)
    if extra.kind != "eof":  # defensive: parse_and consumes every term-starting token
        raise QueryError(f"unexpected '{extra.text}'", extra.pos)
    negative_at = _first_negative(node, parser.starts)
    if negative_at is not None:
        raise QueryError("a query needs at least one positive term", negative_at)
    return node


def _is_text_leaf(leaf: Leaf) -> bool:
    return leaf.field is None or leaf.field in TEXT_FIELDS


def positive_leaves(node: Node | None) -> list[Leaf]:
    """Text leaves (no field, or title/author/location) outside negations, in order, no repeats.

    Stores use them for relevance ranking and snippet highlighting; keyword fields never highlight.
    """
    found: list[Leaf] = []

    def walk(current: Node) -> None:
        if isinstance(current, And | Or):
            for child in current.children:
                walk(child)
        elif isinstance(current, Term | Phrase) and _is_text_leaf(current) and current not in found:
            found.append(current)

    if node is not None:
        walk(node)
    return found
