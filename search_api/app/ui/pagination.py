"""Page links for a result list: previous/next and a short window of numbers around this page."""

from __future__ import annotations

from dataclasses import dataclass

from search_api.app.ui.search_form import LAST_PAGE, PAGE_SIZE, SearchForm

# Pages shown either side of the current one; more is noise in a monitoring list.
WINDOW = 2


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Pagination:
    pages: int
    previous: str | None
    next: str | None
    links: list[PageLink]


def paginate(form: SearchForm, total: int) -> Pagination | None:
    """None when everything fits on one page; deep pages stop at the store's result window."""
    pages = min(-(-total // PAGE_SIZE), LAST_PAGE)
    if pages <= 1:
        return None
    current = min(form.page, pages)
    shown = {1, pages, *range(max(1, current - WINDOW), min(pages, current + WINDOW) + 1)}
    links: list[PageLink] = []
    last = 0
    for number in sorted(shown):
        if number > last + 1:
            links.append(PageLink(number=None, url=""))
        links.append(PageLink(number, form.at_page(number).url(), current=number == current))
        last = number
    return Pagination(
        pages=pages,
        previous=form.at_page(current - 1).url() if current > 1 else None,
        next=form.at_page(current + 1).url() if current < pages else None,
        links=links,
    )
