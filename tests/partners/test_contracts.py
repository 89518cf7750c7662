"""partners.yaml: loading, validation naming the entry and the key, atomic saves."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from search_api.partners.contracts import (
    Contract,
    PartnersError,
    edit_contracts,
    load_contracts,
    parse_contract,
    save_contracts,
)

GOOD: dict[str, Any] = {
    "id": "kabarmasa-2026",
    "number": "027/PKS/DISKOMINFO/X/2026",
    "outlets": ["kabarmasa.com"],
    "period": {"start": "2026-10-01", "end": "2027-03-31"},
    "quota": {"per_month": 6, "total": 30},
    "price_per_item": 2_500_000,
    "contact": {"name": "Rina (redaksi)", "phone": "0812-0000-0000"},
    "counts": {"agencies": ["kota-bekasi/"], "keywords": ["imunisasi"], "releases": True},
}


def _write(path: Path, contracts: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"contracts": contracts}), encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    [contract] = load_contracts(_write(tmp_path / "partners.yaml", [GOOD]))
    assert contract.quota.per_month == 6
    assert contract.counts.agencies == ["kota-bekasi/"]
    assert contract.period.end.isoformat() == "2027-03-31"


def test_a_missing_file_is_no_contracts(tmp_path: Path) -> None:
    assert load_contracts(tmp_path / "partners.yaml") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quota": {"per_month": 0}}, r"contracts\[1\] \(km-2\): quota.per_month = 0: .*greater"),
        ({"quota": {}}, r"contracts\[1\] \(km-2\): quota = \{\}: give per_month, total or both"),
        ({"price_per_item": "dua juta"}, r"contracts\[1\] \(km-2\): price_per_item = 'dua juta'"),
        ({"period": {"start": "2026-12-01", "end": "2026-11-01"}}, r"period = .*end 2026-11-01 is"),
        ({"counts": {"agencies": ["Kota Bekasi"]}}, r"counts.agencies = .*not an agency id"),
        ({"counts": {}}, r"counts = \{\}: say what counts"),
        (
            {"outlet": ["x.com"]},
            r"contracts\[1\] \(km-2\): outlet: unknown key \(did you mean 'outlets'",
        ),
        ({"contact": None}, r"contracts\[1\] \(km-2\): contact = None"),
    ],
)
def test_validation_names_the_entry_and_the_key(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    bad = {**GOOD, "id": "km-2", **change}
    path = _write(tmp_path / "partners.yaml", [GOOD, bad])
    with pytest.raises(PartnersError, match=message):
        load_contracts(path)


def test_a_missing_key_and_a_duplicate_id_are_named(tmp_path: Path) -> None:
    no_price = {k: v for k, v in GOOD.items() if k != "price_per_item"}
    with pytest.raises(
        PartnersError, match=r"contracts\[0\] \(kabarmasa-2026\): price_per_item: missing"
    ):
        load_contracts(_write(tmp_path / "a.yaml", [no_price]))
    with pytest.raises(PartnersError, match="contract id 'kabarmasa-2026' is used twice"):
        load_contracts(_write(tmp_path / "b.yaml", [GOOD, GOOD]))
    (tmp_path / "c.yaml").write_text("contracts: [\n", encoding="utf-8")
    with pytest.raises(PartnersError, match="not valid YAML"):
        load_contracts(tmp_path / "c.yaml")


def test_one_contract_from_the_api_is_checked_the_same_way() -> None:
    with pytest.raises(PartnersError, match=r"quota.per_month = -1"):
        parse_contract({**GOOD, "quota": {"per_month": -1}})


def test_save_round_trips_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "partners.yaml"
    contract = Contract.model_validate(GOOD)
    save_contracts(path, [contract])
    assert load_contracts(path) == [contract]
    assert path.read_text(encoding="utf-8").startswith("# Kontrak kerja sama media")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["partners.yaml"]


def test_concurrent_edits_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "partners.yaml"

    def add(n: int) -> None:
        new = Contract.model_validate({**GOOD, "id": f"c-{n}"})
        edit_contracts(path, lambda contracts: [*contracts, new])

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(c.id for c in load_contracts(path)) == sorted(f"c-{n}" for n in range(8))
