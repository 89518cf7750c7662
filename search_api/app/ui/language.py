"""Which language a page is shown in, and remembering a choice.

Indonesian unless asked otherwise: ``?lang=en`` (or ``?lang=id``) picks a language and is kept in a
cookie, so every later page, link and form stays in it without carrying the parameter. The
browser's ``Accept-Language`` is deliberately not consulted: the staff of an Indonesian office
often run English-language browsers, and the office's working language is Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from search_api.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language

COOKIE_NAME = "pantau_lang"
PARAM = "lang"
# A year: the choice is a preference of the person at this desk, not of one session.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    language: Language
    # True when the request asked for a language explicitly: the response sets the cookie.
    remember: bool


def _known(value: str | None) -> Language | None:
    if value is None:
        return None
    wanted = value.strip().lower()
    for language in LANGUAGES:
        if wanted == language:
            return language
    return None


def choose_language(request: Request) -> LanguageChoice:
    """``?lang=`` first, then the cookie, then Indonesian; an unknown value is ignored."""
    asked = _known(request.query_params.get(PARAM))
    if asked is not None:
        return LanguageChoice(asked, remember=True)
    remembered = _known(request.cookies.get(COOKIE_NAME))
    return LanguageChoice(remembered or DEFAULT_LANGUAGE, remember=False)


def remember(response: Response, choice: LanguageChoice) -> None:
    if choice.remember:
        response.set_cookie(
            COOKIE_NAME, choice.language, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True
        )


def switch_links(request: Request, current: Language) -> list[tuple[Language, str, bool]]:
    """``(language, url, is_current)`` for the "ID | EN" switch: this page with ``lang`` set."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != PARAM]
    links = []
    for language in LANGUAGES:
        query = urlencode([*kept, (PARAM, language)])
        links.append((language, f"{request.url.path}?{query}", language == current))
    return links
