"""``GET /``: the search page. Without parameters it lists the latest articles.

A malformed query or an unusable parameter is answered with the page itself, status 400, the
message in the page's language and the query's faulty spot marked; never a 500 or a JSON body.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from search_api.app.deps import AgencyNamesDep, OfficeTzDep, StoreDep
from search_api.app.ui.facets import active_filters, display_names, facet_links
from search_api.app.ui.pagination import paginate
from search_api.app.ui.query_errors import describe
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.search_form import FILTERS, PAGE_SIZE, FormError, SearchForm
from search_api.query import QueryError
from search_api.store.copies import copies_of

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse, name="ui_search")
def search_page(
    request: Request,
    store: StoreDep,
    agency_names: AgencyNamesDep,
    tz: OfficeTzDep,
    page: PageDep,
) -> HTMLResponse:
    try:
        form = SearchForm.from_query(request.query_params)
    except FormError as exc:
        return _problem(page, SearchForm(q=request.query_params.get("q", "")), exc)
    try:
        search = form.to_request(tz)
    except FormError as exc:
        return _problem(page, form, exc)
    except QueryError as exc:
        problem = describe(exc, form.q, page.messages)
        return page.render("search.html", 400, form=form, query_problem=problem, **_empty())
    # One result per story: copies of it on other outlets fold into "+N media lain". The page
    # lists the facets it filters by (no days).
    search = replace(search, collapse=True, facet_fields=FILTERS)
    result = store.search(search)
    copies = copies_of(store, search, result.hits)
    agency_ids = [facet.value for facet in result.facets.get("agency", [])]
    names = display_names(result.hits, agency_names, [*agency_ids, *form.filtered_agencies])
    return page.render(
        "search.html",
        form=form,
        query_problem=None,
        form_problem=None,
        result=result,
        copies=copies,
        first=(form.page - 1) * PAGE_SIZE + 1,
        facets=facet_links(form, result, names),
        active=active_filters(form, names, page.language),
        clear_filters_url=form.without_filters().url(),
        pagination=paginate(form, result.total),
        filters=FILTERS,
    )


def _problem(page: Page, form: SearchForm, exc: FormError) -> HTMLResponse:
    message = page.messages(exc.key, **exc.values)
    return page.render(
        "search.html", 400, form=form, query_problem=None, **{**_empty(), "form_problem": message}
    )


def _empty() -> dict[str, object]:
    """The context of a page that shows a problem instead of results."""
    return {
        "form_problem": None,
        "result": None,
        "copies": {},
        "first": 0,
        "facets": {},
        "active": [],
        "clear_filters_url": "/",
        "pagination": None,
        "filters": FILTERS,
    }
