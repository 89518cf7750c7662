"""Dependency aliases shared by the routers and pages; tests override ``get_store`` and
``get_settings``.

``get_office`` opens the office database (``office.db`` in ``PANTAU_HOME``) for one request; a
file that cannot be opened raises ``OfficeDBError``, which the app answers with a 503 (JSON for the
API, a page for the UI: ``search_api/app/errors.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Annotated, cast
from zoneinfo import ZoneInfo

from fastapi import Depends, Path, Request

from nlp.agency_names import AgencyNames
from pantau.settings import Settings
from search_api.digests.db import open_office
from search_api.filters_core import office_timezone
from search_api.store import Store


def get_store(request: Request) -> Store:
    return cast(Store, request.app.state.store)


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_agency_names(request: Request) -> AgencyNames:
    return cast(AgencyNames, request.app.state.agency_names)


def get_store_threads(request: Request) -> Executor:
    return cast(Executor, request.app.state.store_threads)


StoreDep = Annotated[Store, Depends(get_store)]
# Threads a page asks the store several questions at once on (the overview).
StoreThreadsDep = Annotated[Executor, Depends(get_store_threads)]
AgencyNamesDep = Annotated[AgencyNames, Depends(get_agency_names)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_office(settings: SettingsDep) -> Iterator[sqlite3.Connection]:
    with open_office(settings) as conn:
        yield conn


OfficeDep = Annotated[sqlite3.Connection, Depends(get_office)]


def get_office_tz(settings: SettingsDep) -> ZoneInfo:
    return office_timezone(settings)


OfficeTzDep = Annotated[ZoneInfo, Depends(get_office_tz)]


# SQLite row ids are signed 64-bit: a larger number in a path is a 422, not an overflow (a 500).
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
