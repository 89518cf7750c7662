"""Facet counts as filter links, with names people recognise instead of bare ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from nlp.agency_names import AgencyNames
from search_api.app.ui.search_form import FILTERS, FilterName, SearchForm
from search_api.i18n import Language, Messages, sentiment_name
from search_api.store.base import Hit, SearchResult


@dataclass(frozen=True, slots=True)
class FacetLink:
    value: str
    label: str
    count: int
    url: str  # this search with the value toggled
    selected: bool


def display_names(
    hits: list[Hit], agency_names: AgencyNames, agency_ids: Iterable[str] = ()
) -> dict[FilterName, dict[str, str]]:
    """Outlet and agency names as the hits on this page spell them (facets carry only ids); the
    agencies in ``agency_ids`` no hit names get the vocabulary's name for their id."""
    names: dict[FilterName, dict[str, str]] = {name: {} for name in FILTERS}
    for hit in hits:
        article = hit.article
        if article.outlet_name:
            names["outlet"].setdefault(article.outlet, article.outlet_name)
        for agency in article.agencies:
            names["agency"].setdefault(agency.id, agency.name)
    for agency_id in agency_ids:
        if agency_id not in names["agency"]:
            names["agency"][agency_id] = agency_names.name(agency_id) or agency_id
    return names


def facet_links(
    form: SearchForm, result: SearchResult, names: dict[FilterName, dict[str, str]]
) -> dict[FilterName, list[FacetLink]]:
    links: dict[FilterName, list[FacetLink]] = {}
    for name in FILTERS:
        # The store's facet keys are the article fields, which the form's filters are named after.
        counts = result.facets.get(name, [])
        links[name] = [
            FacetLink(
                value=facet.value,
                label=names[name].get(facet.value, facet.value),
                count=facet.count,
                url=form.toggled(name, facet.value).url(),
                selected=facet.value in form.selected(name),
            )
            for facet in counts
            if facet.count > 0
        ]
    return links


@dataclass(frozen=True, slots=True)
class ActiveFilter:
    name: FilterName | Literal["agency_tone"]
    value: str
    label: str
    remove_url: str


def tone_label(tone: str, language: Language) -> str:
    """A tone's display name; "none" is the tagger's "not rated"."""
    if tone == "none":
        return Messages("ui", language)("tone.unknown")
    return sentiment_name(tone, language)


def active_filters(
    form: SearchForm, names: dict[FilterName, dict[str, str]], language: Language = "id"
) -> list[ActiveFilter]:
    chips = [
        ActiveFilter(
            name=name,
            value=value,
            label=names[name].get(value, value),
            remove_url=form.toggled(name, value).url(),
        )
        for name in FILTERS
        for value in form.selected(name)
    ]
    for value in form.agency_tone:  # from the overview page: "<agency id>:<tone>"
        agency, _, tone = value.rpartition(":")
        label = f"{names['agency'].get(agency, agency)} ({tone_label(tone, language)})"
        chips.append(
            ActiveFilter(
                name="agency_tone",
                value=value,
                label=label,
                remove_url=form.without_agency_tone(value).url(),
            )
        )
    return chips
