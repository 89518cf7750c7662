"""A malformed query as the staff see it: a message in their language and the query with the
offending spot marked.

``search_api.query`` words its errors in English for the API; here each known wording is matched
and told again from the ``ui`` catalog (``query_error.*``). A wording this table does not know yet
is shown as it is, behind a translated lead-in, so a new parser message never becomes a crash or a
blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from search_api.i18n import Messages
from search_api.query import QueryError

# (pattern on QueryError.message, catalog key); named groups become the message's values.
_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), key)
    for p, key in [
        (r"^unclosed quote$", "query_error.unclosed_quote"),
        (r"^unclosed parenthesis$", "query_error.unclosed_paren"),
        (r"^unmatched '\)'$", "query_error.unmatched_paren"),
        (r"^'-' must be directly followed", "query_error.dangling_minus"),
        (r"^unknown field '(?P<name>[^']*)'", "query_error.unknown_field"),
        (r"^query is nested more than (?P<n>\d+) levels", "query_error.too_deep"),
        (r"^expected a term after '(?P<op>[^']*)'$", "query_error.term_after"),
        (r"^expected a term but found '(?P<found>.*)'$", "query_error.term_found"),
        (r"^field '(?P<inner>[^']*)' inside a '(?P<outer>[^']*)'", "query_error.nested_field"),
        (r"^'(?P<field>[^']*)' needs a value right after the colon$", "query_error.field_value"),
        (r"^'\*' is only allowed at the end", "query_error.star_inside"),
        (r"^'\*' needs a word before it$", "query_error.star_alone"),
        (r"^put '-' before the field: (?P<hint>.*)$", "query_error.minus_field"),
        (r"^phrase has no letters or digits$", "query_error.empty_phrase"),
        (r"^'(?P<word>.*)' has no letters or digits$", "query_error.no_letters"),
        (r"^empty value for '(?P<field>[^']*)'$", "query_error.empty_value"),
        (r"^sentiment: takes ", "query_error.sentiment_value"),
        (r"^query is longer than (?P<n>\d+) characters$", "query_error.too_long"),
        (r"^unexpected '(?P<found>.*)'$", "query_error.unexpected"),
        (r"^a query needs at least one positive term$", "query_error.only_negative"),
    ]
]


@dataclass(frozen=True, slots=True)
class QueryProblem:
    message: str
    position: int  # 0-based, as the API reports it
    column: int  # 1-based, as people count characters
    marked_query: Markup  # the query, escaped, with the character at ``position`` marked


def describe(error: QueryError, query: str, messages: Messages) -> QueryProblem:
    message = _translate(error.message, messages)
    return QueryProblem(
        message=message,
        position=error.position,
        column=error.position + 1,
        marked_query=mark_position(query, error.position),
    )


def _translate(message: str, messages: Messages) -> str:
    for pattern, key in _KNOWN:
        found = pattern.search(message)
        if found:
            return messages(key, **found.groupdict())
    return messages("query_error.other", detail=message)


def mark_position(query: str, position: int) -> Markup:
    """The query with the character at ``position`` in ``<mark class="error-at">``.

    At the end of the query (an unclosed quote, a dangling operator) a marked space shows where
    text is missing."""
    position = max(0, min(position, len(query)))
    before, at, after = query[:position], query[position : position + 1], query[position + 1 :]
    spot = escape(at) if at and not at.isspace() else Markup("&nbsp;")
    return Markup('{}<mark class="error-at">{}</mark>{}').format(before, spot, after)
