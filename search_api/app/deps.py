"""Dependency aliases shared by the routers; tests override ``get_store``/``get_settings``."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from nlp.agency_names import AgencyNames
from pantau.settings import Settings
from search_api.store import Store


def get_store(request: Request) -> Store:
    return cast(Store, request.app.state.store)


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_agency_names(request: Request) -> AgencyNames:
    return cast(AgencyNames, request.app.state.agency_names)


StoreDep = Annotated[Store, Depends(get_store)]
AgencyNamesDep = Annotated[AgencyNames, Depends(get_agency_names)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
