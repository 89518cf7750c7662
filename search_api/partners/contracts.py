"""``partners.yaml``: the office's media-partner contracts, loaded and validated.

A mistake names the file, the entry (its position and id) and the key::

    partners.yaml: contracts[1] (km-2026): quota.per_month = 0: Input should be greater than 0

The file is rewritten whole by :func:`save_contracts` (the API and the UI): written to a temporary
file beside it, fsynced and renamed over it, so a reader sees the old or the new file, never half;
comments in a hand-edited file are not kept (the header says so).
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pantau.config_errors import suggest

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_AGENCY = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]*)?$")
HEADER = (
    "# Kontrak kerja sama media (partners.yaml). Ditulis ulang oleh Pantau saat diubah lewat\n"
    "# /mitra atau /api/partners: komentar tidak disimpan. Lihat docs/partners.md.\n"
)


class PartnersError(ValueError):
    """partners.yaml is unreadable or invalid; the message names the file, entry and key."""


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Quota(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    per_month: int | None = Field(default=None, gt=0, description="items paid per month")
    total: int | None = Field(default=None, gt=0, description="items paid over the whole period")

    @model_validator(mode="after")
    def _one_at_least(self) -> Quota:
        if self.per_month is None and self.total is None:
            raise ValueError("give per_month, total or both")
        return self


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    phone: str | None = None
    email: str | None = None


class Counts(BaseModel):
    """What counts as a paid item: it mentions one of ``agencies`` (an agency id such as
    ``kota-bekasi/dinkes`` or a prefix such as ``kota-bekasi/``) and, when ``keywords`` are
    given, one of them; or, with ``releases``, it carries a registered press release."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agencies: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    releases: bool = False

    @field_validator("agencies")
    @classmethod
    def _agency_ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _AGENCY.match(value):
                raise ValueError(
                    f"{value!r} is not an agency id or prefix (kota-bekasi/dinkes, kota-bekasi/)"
                )
        return values

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, values: list[str]) -> list[str]:
        if any(not value.strip() for value in values):
            raise ValueError("an empty keyword matches everything; remove it")
        return values

    @model_validator(mode="after")
    def _something(self) -> Counts:
        if not (self.agencies or self.keywords or self.releases):
            raise ValueError("say what counts: agencies, keywords and/or releases: true")
        return self


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="short id used in URLs and commands, e.g. kabarmasa-2023")
    number: str = Field(min_length=1, description="contract number, e.g. 027/PKS/DKI/XI/2023")
    outlets: list[str] = Field(min_length=1, description="outlet ids of sources.yaml")
    period: Period
    quota: Quota
    price_per_item: int = Field(ge=0, description="Rupiah per item, an integer")
    contact: Contact
    counts: Counts
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id must be lowercase letters, digits and '-', not {value!r}")
        return value

    @field_validator("outlets")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError("an outlet is listed twice")
        return values


class PartnersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contracts: list[Contract] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> PartnersFile:
        seen: set[str] = set()
        for contract in self.contracts:
            if contract.id in seen:
                raise ValueError(f"contract id {contract.id!r} is used twice")
            seen.add(contract.id)
        return self


def _where(loc: tuple[int | str, ...], raw: Any) -> str:
    parts = [str(p) for p in loc]
    if len(parts) >= 2 and parts[0] == "contracts" and parts[1].isdigit():
        index = int(parts[1])
        entry = f"contracts[{index}]"
        items = raw.get("contracts") if isinstance(raw, dict) else None
        if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
            ident = items[index].get("id")
            if ident:
                entry += f" ({ident})"
        key = ".".join(parts[2:])
        return f"{entry}: {key}" if key else entry
    return ".".join(parts) or "(top level)"


def describe_error(exc: ValidationError, raw: Any) -> str:
    problems = []
    for err in exc.errors():
        where = _where(tuple(err["loc"]), raw)
        if err["type"] == "extra_forbidden":
            name = str(err["loc"][-1])
            problems.append(f"{where}: unknown key{suggest(name, _KNOWN)}")
        elif err["type"] == "missing":
            problems.append(f"{where}: missing")
        else:
            problems.append(
                f"{where} = {err.get('input')!r}: {err['msg'].removeprefix('Value error, ')}"
            )
    return "; ".join(problems)


_KNOWN = sorted(
    {
        *Contract.model_fields,
        *Period.model_fields,
        *Quota.model_fields,
        *Contact.model_fields,
        *Counts.model_fields,
    }
)


def parse_contracts(raw: Any, *, source: str = "partners.yaml") -> list[Contract]:
    """Validate loaded YAML (or a JSON body); :class:`PartnersError` names entry and key."""
    if raw is None:
        return []
    try:
        return PartnersFile.model_validate(raw).contracts
    except ValidationError as exc:
        raise PartnersError(f"{source}: {describe_error(exc, raw)}") from exc


def parse_contract(raw: Any, *, source: str = "contract") -> Contract:
    try:
        return Contract.model_validate(raw)
    except ValidationError as exc:
        # One entry: report it as the file would, so the message reads the same everywhere.
        wrapped = {"contracts": [raw]}
        details = "; ".join(
            f"{_where(('contracts', 0, *err['loc']), wrapped).removeprefix('contracts[0]')}"
            f"{'' if err['type'] == 'missing' else ' = ' + repr(err.get('input'))}: "
            f"{'missing' if err['type'] == 'missing' else err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        )
        raise PartnersError(f"{source}{details}") from exc


def load_contracts(path: Path) -> list[Contract]:
    """The contracts of ``path``; a missing file is no contracts."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise PartnersError(f"{path}: cannot read: {exc}") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PartnersError(f"{path}: not valid YAML: {exc}") from exc
    return parse_contracts(raw, source=str(path))


def contract_to_dict(contract: Contract) -> dict[str, Any]:
    return contract.model_dump(mode="json", exclude_none=True)


def save_contracts(path: Path, contracts: list[Contract]) -> None:
    """Write the whole file atomically (temporary file, fsync, rename)."""
    PartnersFile(contracts=contracts)  # ids unique: the same check as loading
    body = yaml.safe_dump(
        {"contracts": [contract_to_dict(c) for c in contracts]},
        allow_unicode=True,
        sort_keys=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(HEADER + body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def find_contract(contracts: list[Contract], contract_id: str) -> Contract:
    for contract in contracts:
        if contract.id == contract_id:
            return contract
    known = [c.id for c in contracts]
    raise PartnersError(f"no contract {contract_id!r}{suggest(contract_id, known)}")


def edit_contracts(
    path: Path, change: Callable[[list[Contract]], list[Contract]]
) -> list[Contract]:
    """Read, change and save the file under an exclusive lock, so two admins editing at once
    cannot lose each other's change. Returns the saved contracts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file closes
        contracts = change(load_contracts(path))
        save_contracts(path, contracts)
        return contracts
