"""Media partners in the web UI: ``/mitra`` (the contracts), ``/mitra/{id}`` (a contract and its
month: expected vs found, every item with why it counts or not, XLSX/PDF downloads), and the forms
that add, change and delete a contract (admins only; the guard refuses other roles).

A form with a mistake comes back with the values as typed and the message that names the key
(:mod:`search_api.partners.contracts`), status 400. Changes rewrite ``partners.yaml`` atomically.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from search_api.app.deps import SettingsDep, StoreDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep
from search_api.partners.contracts import (
    Contract,
    PartnersError,
    contract_to_dict,
    edit_contracts,
    find_contract,
    load_contracts,
    parse_contract,
)
from search_api.partners.formatting import month_name, percent, rupiah
from search_api.partners.report import ReportError
from search_api.partners.service import contract_report, report_file

router = APIRouter(include_in_schema=False)
FORM_FIELDS = (
    "id",
    "number",
    "outlets",
    "start",
    "end",
    "per_month",
    "total",
    "price_per_item",
    "contact_name",
    "contact_phone",
    "contact_email",
    "agencies",
    "keywords",
    "note",
)


def _is_admin(request: Request) -> bool:
    user = getattr(request.state, "user", None)
    return bool(user is not None and user.may("admin"))


def _problem(page: Page, status: int, message: str) -> HTMLResponse:
    return page.render("mitra_problem.html", status, message=message)


def _helpers() -> dict[str, Any]:
    return {"rupiah": rupiah, "month_name": month_name, "pct": percent}


@router.get("/mitra", response_class=HTMLResponse, name="ui_partners")
def partners_list(request: Request, page: PageDep, settings: SettingsDep) -> HTMLResponse:
    try:
        contracts = load_contracts(settings.partners_path)
    except PartnersError as exc:
        return _problem(page, 500, str(exc))
    return page.render(
        "mitra_list.html",
        contracts=contracts,
        admin=_is_admin(request),
        notice=request.query_params.get("ok"),
        **_helpers(),
    )


def _default_month(contract: Contract, tz: ZoneInfo) -> str:
    """This month, inside the contract's period."""
    today = datetime.now(tz).date()
    day = min(max(today, contract.period.start), contract.period.end)
    return f"{day:%Y-%m}"


def _months(contract: Contract) -> list[str]:
    months: list[str] = []
    current = contract.period.start.replace(day=1)
    while current <= contract.period.end and len(months) < 120:
        months.append(f"{current:%Y-%m}")
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _contract(page: Page, settings: SettingsDep, contract_id: str) -> Contract | HTMLResponse:
    try:
        return find_contract(load_contracts(settings.partners_path), contract_id)
    except PartnersError as exc:
        status = 404 if str(exc).startswith("no contract") else 500
        return _problem(page, status, str(exc))


# Forms (admins) ---------------------------------------------------------------------------------
# Declared before /mitra/{contract_id} so that "baru" is not taken for an id.


def _form_values(contract: Contract | None) -> dict[str, str]:
    if contract is None:
        return {name: "" for name in FORM_FIELDS} | {"releases": ""}
    return {
        "id": contract.id,
        "number": contract.number,
        "outlets": ", ".join(contract.outlets),
        "start": contract.period.start.isoformat(),
        "end": contract.period.end.isoformat(),
        "per_month": str(contract.quota.per_month or ""),
        "total": str(contract.quota.total or ""),
        "price_per_item": str(contract.price_per_item),
        "contact_name": contract.contact.name,
        "contact_phone": contract.contact.phone or "",
        "contact_email": contract.contact.email or "",
        "agencies": ", ".join(contract.counts.agencies),
        "keywords": ", ".join(contract.counts.keywords),
        "releases": "on" if contract.counts.releases else "",
        "note": contract.note or "",
    }


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _number(text: str) -> int | str | None:
    cleaned = text.strip().replace(".", "").replace(" ", "")
    if not cleaned:
        return None
    return int(cleaned) if cleaned.isdigit() else text  # not a number: the check names it


def _contract_from_form(values: dict[str, str]) -> Contract:
    raw: dict[str, Any] = {
        "id": values["id"].strip(),
        "number": values["number"].strip(),
        "outlets": _listed(values["outlets"]),
        "period": {"start": values["start"] or None, "end": values["end"] or None},
        "quota": {
            k: v
            for k, v in (
                ("per_month", _number(values["per_month"])),
                ("total", _number(values["total"])),
            )
            if v is not None
        },
        "price_per_item": _number(values["price_per_item"]),
        "contact": {
            "name": values["contact_name"].strip(),
            "phone": values["contact_phone"].strip() or None,
            "email": values["contact_email"].strip() or None,
        },
        "counts": {
            "agencies": _listed(values["agencies"]),
            "keywords": _listed(values["keywords"]),
            "releases": values.get("releases") == "on",
        },
        "note": values["note"].strip() or None,
    }
    return parse_contract(raw, source="kontrak")


def _posted(form: FormData) -> dict[str, str]:
    values = {name: str(form.get(name) or "") for name in FORM_FIELDS}
    values["releases"] = "on" if form.get("releases") else ""
    return values


def _form(
    page: Page,
    values: dict[str, str],
    *,
    editing: str | None,
    status: int = 200,
    message: str | None = None,
) -> HTMLResponse:
    action = f"/mitra/{editing}/ubah" if editing else "/mitra/baru"
    return page.render(
        "mitra_form.html", status, form=values, editing=editing, action=action, message=message
    )


@router.get("/mitra/baru", response_class=HTMLResponse)
def new_form(page: PageDep) -> HTMLResponse:
    return _form(page, _form_values(None), editing=None)


@router.post("/mitra/baru", response_class=HTMLResponse)
def create(page: PageDep, settings: SettingsDep, form: FormDep) -> Response:
    values = _posted(form)
    try:
        contract = _contract_from_form(values)

        def add(contracts: list[Contract]) -> list[Contract]:
            if any(c.id == contract.id for c in contracts):
                raise PartnersError(f"id {contract.id!r} sudah dipakai kontrak lain")
            return [*contracts, contract]

        edit_contracts(settings.partners_path, add)
    except PartnersError as exc:
        return _form(page, values, editing=None, status=400, message=str(exc))
    return RedirectResponse(f"/mitra/{contract.id}?ok=created", status_code=303)


@router.get("/mitra/{contract_id}/ubah", response_class=HTMLResponse)
def edit_form(contract_id: str, page: PageDep, settings: SettingsDep) -> HTMLResponse:
    found = _contract(page, settings, contract_id)
    if isinstance(found, HTMLResponse):
        return found
    return _form(page, _form_values(found), editing=contract_id)


@router.post("/mitra/{contract_id}/ubah", response_class=HTMLResponse)
def update(contract_id: str, page: PageDep, settings: SettingsDep, form: FormDep) -> Response:
    values = _posted(form)
    values["id"] = contract_id  # the id is the contract's address; it does not change here
    try:
        contract = _contract_from_form(values)

        def replace(contracts: list[Contract]) -> list[Contract]:
            if not any(c.id == contract_id for c in contracts):
                raise PartnersError(f"no contract {contract_id!r}")
            return [contract if c.id == contract_id else c for c in contracts]

        edit_contracts(settings.partners_path, replace)
    except PartnersError as exc:
        return _form(page, values, editing=contract_id, status=400, message=str(exc))
    return RedirectResponse(f"/mitra/{contract_id}?ok=updated", status_code=303)


@router.post("/mitra/{contract_id}/hapus", response_class=HTMLResponse)
def delete(contract_id: str, page: PageDep, settings: SettingsDep) -> Response:
    def remove(contracts: list[Contract]) -> list[Contract]:
        if not any(c.id == contract_id for c in contracts):
            raise PartnersError(f"no contract {contract_id!r}")
        return [c for c in contracts if c.id != contract_id]

    try:
        edit_contracts(settings.partners_path, remove)
    except PartnersError as exc:
        return _problem(page, 404, str(exc))
    return RedirectResponse("/mitra?ok=deleted", status_code=303)


# A contract and its month ------------------------------------------------------------------------


@router.get("/mitra/{contract_id}", response_class=HTMLResponse, name="ui_partner")
def partner_detail(
    contract_id: str, request: Request, page: PageDep, settings: SettingsDep, store: StoreDep
) -> HTMLResponse:
    found = _contract(page, settings, contract_id)
    if isinstance(found, HTMLResponse):
        return found
    tz = ZoneInfo(settings.schedule.timezone)
    month = request.query_params.get("bulan") or _default_month(found, tz)
    try:
        report = contract_report(settings, store, found, month)
    except ReportError as exc:
        return _problem(page, 400, str(exc))
    return page.render(
        "mitra_detail.html",
        contract=found,
        contract_yaml=contract_to_dict(found),
        report=report,
        months=_months(found),
        month=month,
        admin=_is_admin(request),
        notice=request.query_params.get("ok"),
        **_helpers(),
    )


@router.get("/mitra/{contract_id}/laporan.{file_format}")
def download(
    contract_id: str,
    file_format: Literal["xlsx", "pdf"],
    request: Request,
    page: PageDep,
    settings: SettingsDep,
    store: StoreDep,
) -> Response:
    found = _contract(page, settings, contract_id)
    if isinstance(found, HTMLResponse):
        return found
    month = request.query_params.get("bulan") or _default_month(
        found, ZoneInfo(settings.schedule.timezone)
    )
    try:
        made = report_file(contract_report(settings, store, found, month), file_format)
    except ReportError as exc:
        return _problem(page, 400, str(exc))
    return Response(
        made.body,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )
