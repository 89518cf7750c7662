"""The saved-search form: read from a GET (prefilled from the search page) or a POST, checked by
the digests package's own validators, and its problems told in the page's language.

The checks themselves live in :mod:`search_api.digests.validation` (the CLI and the JSON API use
the same ones); this module only calls them field by field, so the form can show every problem at
once next to its field, and words their English messages again from the ``ui`` catalog
(``saved.error.*``). A message this table does not know yet is shown as it is behind a translated
lead-in, like ``query_errors.py`` does for the parser.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from starlette.datastructures import ImmutableMultiDict

from search_api.app.ui.query_errors import QueryProblem, describe
from search_api.digests.searches import SavedSearch, SearchFields
from search_api.digests.validation import ValidationError, check_email, check_name
from search_api.i18n import LANGUAGES, Language, Messages
from search_api.query import QueryError

FieldName = Literal["name", "q", "outlet", "agency", "sentiment", "agency_tone", "email", "form"]
# Ids never contain blanks, so commas and blanks both separate them in the form's text inputs.
_ID_SEPARATORS = re.compile(r"[\s,]+")

# (pattern on ValidationError's message, the field it concerns, catalog key); named groups fill it.
_KNOWN: list[tuple[re.Pattern[str], FieldName, str]] = [
    (re.compile(r"^name must not be empty$"), "name", "saved.error.name_empty"),
    (re.compile(r"^name must be at most (?P<n>\d+) characters$"), "name", "saved.error.name_long"),
    (
        re.compile(r"^a saved search needs a query or at least one filter$"),
        "q",
        "saved.error.no_query",
    ),
    (re.compile(r"^sentiment (?P<value>.+): expected"), "sentiment", "saved.error.sentiment"),
    (re.compile(r"^outlet (?P<value>.+): expected an id"), "outlet", "saved.error.outlet"),
    (
        re.compile(
            r"^outlet (?P<value>.+) is not an outlet Pantau knows; did you mean (?P<hint>.+)\?$"
        ),
        "outlet",
        "saved.error.outlet_unknown_hint",
    ),
    (
        re.compile(r"^outlet (?P<value>.+) is not an outlet Pantau knows$"),
        "outlet",
        "saved.error.outlet_unknown",
    ),
    (re.compile(r"^agency (?P<value>.+): expected an id"), "agency", "saved.error.agency"),
    (
        re.compile(r"^agency_tone (?P<value>.+): expected <agency id>"),
        "agency_tone",
        "saved.error.agency_tone",
    ),
    (re.compile(r"^(?P<value>.+) is not an e-mail address$"), "email", "saved.error.email"),
]


# Query parameters (the prefill from the search page) or posted form data.
Params = ImmutableMultiDict[str, object]


def _text(params: Params, name: str) -> str:
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _texts(params: Params, name: str) -> list[str]:
    return [v for v in params.getlist(name) if isinstance(v, str)]


def _values(params: Params, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in _texts(params, name) if v.strip()))


def _ids(params: Params, name: str) -> tuple[str, ...]:
    found = (part for value in _texts(params, name) for part in _ID_SEPARATORS.split(value))
    return tuple(dict.fromkeys(part for part in found if part))


def language_or(value: str, default: Language) -> Language:
    for language in LANGUAGES:
        if value == language:
            return language
    return default


@dataclass(frozen=True, slots=True, kw_only=True)
class SavedForm:
    name: str = ""
    q: str = ""
    outlet: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    sentiment: tuple[str, ...] = ()
    # "<agency id>:<tone>", from the search page (the overview's per-agency tone links); the form
    # shows each as a ticked box, so it can be dropped but not typed.
    agency_tone: tuple[str, ...] = ()
    email: str = ""  # the first subscriber, optional
    language: Language = "id"

    @classmethod
    def from_params(cls, params: Params, default_language: Language) -> SavedForm:
        return cls(
            name=_text(params, "name"),
            q=_text(params, "q"),
            outlet=_ids(params, "outlet"),
            agency=_ids(params, "agency"),
            sentiment=tuple(dict.fromkeys(v.strip() for v in _texts(params, "sentiment"))),
            agency_tone=_values(params, "agency_tone"),
            email=_text(params, "email"),
            language=language_or(_text(params, "language"), default_language),
        )

    @classmethod
    def of(cls, saved: SavedSearch) -> SavedForm:
        """The edit form of a saved search (its subscribers are managed on the list page)."""
        return cls(
            name=saved.name,
            q=saved.query,
            outlet=tuple(saved.outlets),
            agency=tuple(saved.agencies),
            sentiment=tuple(saved.sentiments),
            agency_tone=tuple(saved.agency_tones),
        )

    def search_fields(self, known_outlets: Collection[str] | None = None) -> SearchFields:
        return SearchFields(
            name=self.name,
            query=self.q,
            outlets=self.outlet,
            agencies=self.agency,
            sentiments=self.sentiment,
            agency_tones=self.agency_tone,
            known_outlets=known_outlets,
        )


@dataclass(slots=True)
class FormProblems:
    query: QueryProblem | None = None
    fields: dict[FieldName, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.query is not None or bool(self.fields)


def check(
    form: SavedForm, messages: Messages, known_outlets: Collection[str] | None = None
) -> FormProblems:
    """Every problem of the form, through the digests package's validators."""
    problems = FormProblems()
    try:
        check_name(form.name)
    except ValidationError as exc:
        problems.fields.update([explain(exc, messages)])
    if form.email:
        try:
            check_email(form.email)
        except ValidationError as exc:
            problems.fields.update([explain(exc, messages)])
    try:
        form.search_fields(known_outlets).validated()
    except QueryError as exc:
        problems.query = describe(exc, form.q, messages)
    except ValidationError as exc:
        name, message = explain(exc, messages)
        problems.fields.setdefault(name, message)
    return problems


def explain(error: ValidationError, messages: Messages) -> tuple[FieldName, str]:
    """The field a validation message concerns and the message in the page's language."""
    text = str(error)
    for pattern, name, key in _KNOWN:
        found = pattern.search(text)
        if found:
            values = {k: _unquote(v) for k, v in found.groupdict().items()}
            return name, messages(key, **values)
    return "form", messages("saved.error.other", detail=text)


def _unquote(value: str) -> str:
    """The validators quote values with ``repr``; the page shows them without the quotes."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
