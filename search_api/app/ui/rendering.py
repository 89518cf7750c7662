"""Templates to responses: one Jinja2 environment, the page's language and the shared helpers.

Every page gets ``_`` (the ``ui`` catalog), ``common`` (the shared catalog), ``lang``, the
language-switch links and the formatting filters, so templates hold no wording of their own and
every text has an Indonesian and an English version in ``locales/ui.yaml``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Annotated, Any, cast

from babel.numbers import format_decimal, format_percent
from fastapi import Depends
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from nlp.agency_names import AgencyNames
from pantau import __version__
from search_api.app.ui.language import LanguageChoice, choose_language, remember, switch_links
from search_api.app.ui.snippets import safe_snippet
from search_api.i18n import Language, Messages, format_datetime, sentiment_name


@cache
def environment() -> Environment:
    """Built once per process: templates are package files that do not change while serving."""
    env = Environment(
        loader=PackageLoader("search_api.app", "templates"),
        autoescape=select_autoescape(["html"]),
        # A misspelt variable fails the test that renders the page instead of showing nothing.
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = safe_snippet
    return env


class Page:
    """What a handler needs to answer with HTML in the request's language."""

    def __init__(self, request: Request, choice: LanguageChoice) -> None:
        self.request = request
        self.choice = choice
        self.language: Language = choice.language
        self.messages = Messages("ui", self.language)

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        language = self.language
        values: dict[str, Any] = {
            "request": self.request,
            "lang": language,
            "_": self.messages,
            "common": Messages("common", language),
            "lang_links": switch_links(self.request, language),
            "static": self.static_url,
            "datetime": lambda value, short=False: _datetime(value, language, short),
            "number": lambda value: format_decimal(value, locale=language),
            "percent": lambda value: format_percent(value, locale=language),
            "sentiment_name": lambda label: sentiment_name(label, language),
            "agency_name": self.agency_name,
            **context,
        }
        body = environment().get_template(template).render(values)
        response = HTMLResponse(body, status_code=status_code)
        response.headers["Content-Language"] = language
        # The same URL answers in either language depending on the cookie.
        response.headers["Vary"] = "Cookie"
        remember(response, self.choice)
        return response

    def agency_name(self, agency_id: str) -> str:
        """The vocabulary's name for an agency id shown without an article (else the id)."""
        names = cast(AgencyNames, self.request.app.state.agency_names)
        return names.name(agency_id) or agency_id

    def static_url(self, path: str) -> str:
        # A path, not an absolute URL: behind a TLS proxy an http:// stylesheet would be blocked.
        base = self.request.url_for("static", path=path).path
        return f"{base}?v={__version__}"


def page_for(request: Request) -> Page:
    """The page dependency: every UI handler answers in the request's language."""
    return Page(request, choose_language(request))


PageDep = Annotated[Page, Depends(page_for)]


def _datetime(value: dt.datetime | None, language: Language, short: bool) -> str:
    return format_datetime(value, language, short=short) if value is not None else ""
