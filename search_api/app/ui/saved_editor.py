"""The saved-search form: ``/tersimpan/baru`` (create, prefilled from the search page) and
``/tersimpan/{id}/ubah`` (edit).

Outlets and agencies are picked by name from what the store holds (:func:`outlet_names`, the most
covered agencies with the tagger's names), with a text field for other agency ids. An outlet id
the store has no article from is refused with the closest known id as a suggestion
(``wartabekasi`` → ``wartabekasi.com``): such a search could never match. On a store with no
articles yet nothing is known, and outlets are taken as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from search_api.app.deps import AgencyNamesDep, OfficeDep, SettingsDep, StoreDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep, done, not_found
from search_api.app.ui.saved_form import FormProblems, SavedForm, check
from search_api.app.ui.saved_pages import parse_id
from search_api.app.ui.search_form import FILTERS
from search_api.auth.guard import require_subscriber
from search_api.digests import searches
from search_api.digests.searches import NotFound
from search_api.filters_core import SENTIMENTS
from search_api.i18n import LANGUAGES
from search_api.store.base import Store
from search_api.store.overview import outlet_names, top_agencies

router = APIRouter(include_in_schema=False)
# Agencies offered as boxes to tick: the most covered; others are typed as ids.
AGENCY_CHOICES = 60


@dataclass(frozen=True, slots=True)
class Choices:
    """What the pickers offer: (id, display name) pairs."""

    outlets: list[tuple[str, str]]
    agencies: list[tuple[str, str]]

    @property
    def known_outlets(self) -> set[str] | None:
        return {value for value, _ in self.outlets} or None

    def pickers(self) -> dict[str, list[tuple[str, str]]]:
        return {"outlet": self.outlets, "agency": self.agencies}


def choices(store: Store, names: AgencyNamesDep) -> Choices:
    outlets = sorted(outlet_names(store).items(), key=lambda pair: pair[1].lower())
    agencies = [(a, names.name(a) or a) for a in top_agencies(store, AGENCY_CHOICES)]
    return Choices(outlets=outlets, agencies=sorted(agencies, key=lambda p: p[1].lower()))


def _form_page(
    page: Page,
    form: SavedForm,
    problems: FormProblems,
    offer: Choices,
    *,
    action: str,
    mode: str,
    status: int = 200,
) -> HTMLResponse:
    return page.render(
        "saved_new.html",
        status,
        form=form,
        problems=problems,
        query_problem=problems.query,
        filters=FILTERS,
        sentiments=SENTIMENTS,
        languages=LANGUAGES,
        pickers=offer.pickers(),
        action=action,
        mode=mode,
    )


# Create --------------------------------------------------------------------------------------

NEW = "/tersimpan/baru"


@router.get(NEW, response_class=HTMLResponse, name="ui_saved_new")
def saved_new(
    request: Request, store: StoreDep, names: AgencyNamesDep, page: PageDep
) -> HTMLResponse:
    form = SavedForm.from_params(request.query_params, page.language)
    return _form_page(page, form, FormProblems(), choices(store, names), action=NEW, mode="new")


@router.post(NEW, response_class=HTMLResponse, name="ui_saved_create")
def saved_create(
    request: Request,
    data: FormDep,
    office: OfficeDep,
    store: StoreDep,
    names: AgencyNamesDep,
    settings: SettingsDep,
    page: PageDep,
) -> Response:
    form = SavedForm.from_params(data, page.language)
    if form.email:
        require_subscriber(request, settings, form.email)
    offer = choices(store, names)
    problems = check(form, page.messages, offer.known_outlets)
    if problems:
        return _form_page(page, form, problems, offer, action=NEW, mode="new", status=400)
    saved = searches.create_saved_search(office, form.search_fields(offer.known_outlets))
    if form.email:
        searches.subscribe(office, saved.id, form.email, form.language)
    return done("created", saved.id)


# Edit ----------------------------------------------------------------------------------------


@router.get("/tersimpan/{search_id}/ubah", response_class=HTMLResponse, name="ui_saved_edit")
def saved_edit(
    search_id: str, office: OfficeDep, store: StoreDep, names: AgencyNamesDep, page: PageDep
) -> HTMLResponse:
    number = parse_id(search_id) or 0
    try:
        saved = searches.get_saved_search(office, number)
    except NotFound:
        return not_found(page, number)
    action = f"/tersimpan/{number}/ubah"
    offer = choices(store, names)
    return _form_page(page, SavedForm.of(saved), FormProblems(), offer, action=action, mode="edit")


@router.post("/tersimpan/{search_id}/ubah", response_class=HTMLResponse)
def saved_update(
    search_id: str,
    data: FormDep,
    office: OfficeDep,
    store: StoreDep,
    names: AgencyNamesDep,
    page: PageDep,
) -> Response:
    number = parse_id(search_id) or 0
    form = SavedForm.from_params(data, page.language)
    offer = choices(store, names)
    problems = check(form, page.messages, offer.known_outlets)
    action = f"/tersimpan/{number}/ubah"
    if problems:
        return _form_page(page, form, problems, offer, action=action, mode="edit", status=400)
    try:
        searches.update_saved_search(office, number, form.search_fields(offer.known_outlets))
    except NotFound:
        return not_found(page, number)
    return done("updated", number)
