"""``GET /tersimpan/{id}/ringkasan?day=YYYY-MM-DD``: the digest a saved search would e-mail for one
day, without sending it or touching the send log.

The digest is built and rendered by :func:`search_api.digests.preview.preview_digest`, the same
code the daily run uses, in the page's language (``?lang=en`` previews the English digest and, as
everywhere in the UI, switches the page too). The page shows its parts natively — counts by tone,
agencies with their tone, the articles with their reasons — and, folded away, the e-mail exactly
as sent: the subject, the HTML body in a sandboxed ``<iframe srcdoc>`` (escaped as an attribute,
scripts and links disabled) and the plain-text body.

The default day is yesterday in ``schedule.timezone`` (Asia/Jakarta), as the 07:00 run sends it.
Settings read: ``schedule.timezone``, ``digest.*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from search_api.app.deps import AgencyNamesDep, OfficeDep, SettingsDep, StoreDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import not_found, problem_page
from search_api.app.ui.saved_pages import SavedView, parse_id
from search_api.digests import searches
from search_api.digests.build import SENTIMENT_LABELS, DigestArticle, default_day
from search_api.digests.links import results_url, search_filters
from search_api.digests.preview import Preview, preview_digest
from search_api.digests.searches import NotFound, SavedSearch
from search_api.i18n import Language, format_date, format_datetime, zone_abbreviation
from search_api.store import StoreError

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class ArticleView:
    item: DigestArticle
    when: str  # in the digest's timezone, as the e-mail shows it
    original_url: str | None  # only http(s): a crawled javascript: URL must not become a link


def article_view(item: DigestArticle, timezone: str, language: Language) -> ArticleView:
    when = (
        format_datetime(item.published_at, language, timezone, short=True)
        if item.published_at
        else ""
    )
    url = item.url if urlsplit(item.url).scheme in ("http", "https") else None
    return ArticleView(item=item, when=when, original_url=url)


@router.get("/tersimpan/{search_id}/ringkasan", response_class=HTMLResponse, name="ui_digest")
def digest_page(
    search_id: str,
    request: Request,
    office: OfficeDep,
    store: StoreDep,
    settings: SettingsDep,
    agency_names: AgencyNamesDep,
    page: PageDep,
) -> HTMLResponse:
    number = parse_id(search_id) or 0
    try:
        saved = searches.get_saved_search(office, number)
    except NotFound:
        return not_found(page, number)

    timezone = settings.schedule.timezone
    raw_day = request.query_params.get("day", "").strip()
    context: dict[str, Any] = {
        "view": SavedView.of(saved),
        "raw_day": raw_day,
        "zone": zone_abbreviation(timezone),
    }
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            message = page.messages("digest.bad_day", value=raw_day)
            return page.render("saved_preview.html", 400, day_problem=message, **context)
    else:
        day = default_day(datetime.now(UTC), timezone)

    try:
        preview = preview_digest(
            settings, store, saved, names=agency_names, day=day, language=page.language
        )
    except StoreError as exc:
        return problem_page(page, 503, "store", detail=str(exc))
    return _preview_page(page, preview, saved, day, {**context, "raw_day": day.isoformat()})


def _preview_page(
    page: Page, preview: Preview, saved: SavedSearch, day: date, context: dict[str, Any]
) -> HTMLResponse:
    digest = preview.digest
    return page.render(
        "saved_preview.html",
        200,
        **context,
        day_problem=None,
        digest=digest,
        rendered=preview.rendered,
        day_text=format_date(day, page.language),
        tone_labels=SENTIMENT_LABELS,
        articles=[article_view(a, digest.timezone, page.language) for a in digest.articles],
        more=max(0, digest.total - len(digest.articles)),
        day_results_url=day_results_url(saved, day),
    )


def day_results_url(saved: SavedSearch, day: date) -> str:
    """The search page with this saved search over ``day``: every article, not just the top."""
    return results_url("", saved.query, search_filters(saved), day)
