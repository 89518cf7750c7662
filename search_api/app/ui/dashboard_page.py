"""``GET /ringkasan``: the overview ("is the coverage of us negative this week?").

The same query and filters as the search page (``search_form.py``); without dates it covers the
last seven days in the office's timezone, today included — or, when those hold no matching
article, the seven days up to the newest one, saying so (after the demo, whose news is from 2023,
the page would otherwise show only zeros). It shows the matches by tone, tone over time
(CSS bars drawn server-side, with the numbers in a table), the top agencies with the tone towards
each and their share of voice, and the top outlets. The numbers come from the same functions as
``/api/stats/*`` (:mod:`search_api.store.overview`). A malformed query is the page with status
400 and the position marked, as on the search page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from search_api.app.deps import AgencyNamesDep, OfficeTzDep, StoreDep, StoreThreadsDep
from search_api.app.ui.dashboard_view import overview
from search_api.app.ui.facets import active_filters, display_names
from search_api.app.ui.query_errors import describe
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.search_form import FILTERS, FormError, SearchForm
from search_api.query import QueryError
from search_api.store.base import Store
from search_api.store.overview import (
    StatsQuery,
    edge_day,
    facet_request,
    share_of_voice,
    started,
    tone_timeline,
)

router = APIRouter(include_in_schema=False)
# "This week" for a humas office: the last seven days, today included.
DEFAULT_DAYS = 7
# Ten agencies and outlets fit one screen; the API's own default too.
TOP = 10
# Newest matches read for the display names of outlets and agencies (the counts carry only ids).
NAME_SAMPLE = 100


def today(tz: ZoneInfo) -> date:
    return datetime.now(tz).date()


def with_default_range(form: SearchForm, day: date) -> SearchForm:
    """Without any date, the ``DEFAULT_DAYS`` days up to ``day``."""
    if form.date_from or form.date_to:
        return form
    start = day - timedelta(days=DEFAULT_DAYS - 1)
    return replace(form, date_from=start.isoformat(), date_to=day.isoformat())


@router.get("/ringkasan", response_class=HTMLResponse, name="ui_dashboard")
def dashboard_page(
    request: Request,
    store: StoreDep,
    agency_names: AgencyNamesDep,
    tz: OfficeTzDep,
    page: PageDep,
    threads: StoreThreadsDep,
) -> HTMLResponse:
    moved_to: date | None = None
    try:
        asked = SearchForm.from_query(request.query_params)
        form = with_default_range(asked, today(tz))
        search = form.to_request(tz)
        if form is not asked:  # the default range: move it to the newest news when it is empty
            newest = newest_day(store, asked, tz)
            if newest is not None and newest < today(tz) - timedelta(days=DEFAULT_DAYS - 1):
                form, moved_to = with_default_range(asked, newest), newest
                search = form.to_request(tz)
    except FormError as exc:
        form = SearchForm(q=request.query_params.get("q", "").strip())
        problem = page.messages(exc.key, **exc.values)
        return page.render("dashboard.html", 400, **{**_empty(form), "form_problem": problem})
    except QueryError as exc:
        query_problem = describe(exc, form.q, page.messages)
        return page.render(
            "dashboard.html", 400, **{**_empty(form), "query_problem": query_problem}
        )
    query = StatsQuery.of(form.q, search, tz)
    # The timeline on another thread meanwhile (a core is otherwise idle for one person). The
    # shares come from one walk of the matches (Store.shares), whose newest hits give the
    # outlets' and agencies' display names.
    timeline_asked = started(threads, lambda: tone_timeline(store, query, "auto"))
    names_of = replace(search, page=1, size=NAME_SAMPLE, sort="newest", snippets=False)
    counted = store.shares(facet_request(names_of, TOP), TOP)
    facets = share_of_voice(store, query.request, TOP, counted)
    agency_ids = [row.value for row in facets.agencies]
    names = display_names(counted.result.hits, agency_names, [*agency_ids, *form.filtered_agencies])
    timeline = timeline_asked.result()
    view = overview(form, query, facets, timeline, names, page.language)
    return page.render(
        "dashboard.html",
        form=form,
        view=view,
        range_text=_range_text(query, page),
        moved_text=_moved_text(moved_to, page),
        active=active_filters(form, names, page.language),
        filters=FILTERS,
        query_problem=None,
        form_problem=None,
    )


def newest_day(store: Store, form: SearchForm, tz: ZoneInfo) -> date | None:
    """The office day of the newest article this search (without dates) matches, if any."""
    undated = replace(form, date_from="", date_to="", page=1)
    return edge_day(store, undated.to_request(tz), "newest", tz)


def _moved_text(moved_to: date | None, page: Page) -> str:
    """Why the page shows an older week: the last seven days hold no matching article."""
    if moved_to is None:
        return ""
    day = str(format_date(moved_to, "long", locale=page.language))
    return page.messages("dashboard.moved", days=DEFAULT_DAYS, day=day)


def _range_text(query: StatsQuery, page: Page) -> str:
    first, last = query.first_day, query.last_day

    def day(value: date) -> str:
        return str(format_date(value, "long", locale=page.language))

    if first and last:
        return page.messages("dashboard.range", first=day(first), last=day(last))
    if first:
        return page.messages("dashboard.range_from", first=day(first))
    assert last is not None  # with_default_range fills both when neither is given
    return page.messages("dashboard.range_to", last=day(last))


def _empty(form: SearchForm) -> dict[str, object]:
    """The context of the page showing a problem instead of numbers."""
    return {
        "form": form,
        "view": None,
        "range_text": "",
        "moved_text": "",
        "active": [],
        "filters": FILTERS,
        "query_problem": None,
        "form_problem": None,
    }
