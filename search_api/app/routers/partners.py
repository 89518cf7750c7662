"""Media-partner contracts (``partners.yaml``) and their monthly report.

``GET /api/partners`` lists the contracts, ``GET /api/partners/{id}`` shows one (role ``baca``);
``POST``, ``PUT`` and ``DELETE`` change them (role ``admin``: a contract decides payments). The
file is rewritten whole and atomically (comments are not kept). ``GET
/api/partners/{id}/report?month=YYYY-MM&format=json|xlsx|pdf`` is the monthly report
(docs/partners.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import JSONResponse

from search_api.app.deps import SettingsDep, StoreDep
from search_api.app.schemas import ErrorOut
from search_api.partners.contracts import (
    Contract,
    PartnersError,
    edit_contracts,
    find_contract,
    load_contracts,
)
from search_api.partners.report import ReportError
from search_api.partners.service import MEDIA_TYPES, contract_report, report_file

router = APIRouter(prefix="/api/partners", tags=["partners"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "partners.yaml is invalid"},
    404: {"model": ErrorOut, "description": "no such contract"},
}
Month = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])]


def _contracts(settings: SettingsDep) -> list[Contract]:
    try:
        return load_contracts(settings.partners_path)
    except PartnersError as exc:
        raise HTTPException(400, str(exc)) from exc


def _one(settings: SettingsDep, contract_id: str) -> Contract:
    try:
        return find_contract(_contracts(settings), contract_id)
    except PartnersError as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("", responses=_ERRORS)
def list_contracts(settings: SettingsDep) -> list[Contract]:
    return _contracts(settings)


@router.get("/{contract_id}", responses=_ERRORS)
def get_contract(contract_id: str, settings: SettingsDep) -> Contract:
    return _one(settings, contract_id)


def _edit(settings: SettingsDep, change: Any) -> None:
    try:
        edit_contracts(settings.partners_path, change)
    except PartnersError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.post("", status_code=201, responses={**_ERRORS, 409: {"model": ErrorOut}})
def add_contract(body: Contract, settings: SettingsDep) -> Contract:
    def add(contracts: list[Contract]) -> list[Contract]:
        if any(c.id == body.id for c in contracts):
            raise HTTPException(409, f"contract {body.id!r} exists; PUT changes it")
        return [*contracts, body]

    _edit(settings, add)
    return body


@router.put("/{contract_id}", responses=_ERRORS)
def replace_contract(contract_id: str, body: Contract, settings: SettingsDep) -> Contract:
    if body.id != contract_id:
        raise HTTPException(400, f"the body's id {body.id!r} is not {contract_id!r}")

    def replace(contracts: list[Contract]) -> list[Contract]:
        if not any(c.id == contract_id for c in contracts):
            raise HTTPException(404, f"no contract {contract_id!r}")
        return [body if c.id == contract_id else c for c in contracts]

    _edit(settings, replace)
    return body


@router.delete("/{contract_id}", status_code=204, responses=_ERRORS)
def delete_contract(contract_id: str, settings: SettingsDep) -> Response:
    def remove(contracts: list[Contract]) -> list[Contract]:
        if not any(c.id == contract_id for c in contracts):
            raise HTTPException(404, f"no contract {contract_id!r}")
        return [c for c in contracts if c.id != contract_id]

    _edit(settings, remove)
    return Response(status_code=204)


@router.get(
    "/{contract_id}/report",
    responses={
        **_ERRORS,
        200: {
            "content": {"application/json": {}, **{m: {} for m in MEDIA_TYPES.values()}},
            "description": "the report as JSON, or the XLSX/PDF file",
        },
    },
)
def contract_report_route(
    contract_id: str,
    month: Month,
    settings: SettingsDep,
    store: StoreDep,
    report_format: Annotated[Literal["json", "xlsx", "pdf"], Query(alias="format")] = "json",
) -> Response:
    contract = _one(settings, contract_id)
    try:
        report = contract_report(settings, store, contract, month)
    except ReportError as exc:
        raise HTTPException(400, str(exc)) from exc
    if report_format == "json":
        return JSONResponse(report.to_dict())
    made = report_file(report, report_format)
    return Response(
        made.body,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )
