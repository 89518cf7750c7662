"""The contracts' release criterion against the office's real press-release registry: a contract
that counts carried releases counts a verbatim copy and a rewrite of a registered release, and
not an article on the same topic that carries none (real SQLite store, real office.db)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pantau.settings import Settings
from search_api.digests.db import open_office
from search_api.partners.contracts import Contract
from search_api.partners.report import build_report
from search_api.partners.service import OfficeReleases
from search_api.releases.registry import add_release
from search_api.store import Store, open_store
from tests.partners.helpers import article

RELEASE_TEXT = (
    "Dinas Kesehatan Kota Bekasi membuka posko imunisasi polio di 56 puskesmas mulai Senin. "
    "Kepala Dinas Kesehatan mengatakan sasaran imunisasi adalah 320.000 anak usia nol sampai "
    "tujuh tahun. Orang tua diminta membawa buku kesehatan ibu dan anak ke posko terdekat. "
    "Petugas akan mendatangi sekolah dan posyandu bagi anak yang belum mendapat imunisasi."
)
REWRITE = (
    "Sebanyak 320.000 anak usia nol sampai tujuh tahun menjadi sasaran. Dinas Kesehatan Kota "
    "Bekasi membuka posko imunisasi polio di 56 puskesmas mulai Senin, kata kepala dinas. "
    "Warga menyambut baik langkah itu. Orang tua diminta membawa buku kesehatan ibu dan anak."
)
UNRELATED = (
    "Pemerintah Kota Bekasi menggelar bazar UMKM di alun-alun selama tiga hari. Sebanyak 80 "
    "pelaku usaha ikut serta dan panitia menyiapkan panggung hiburan bagi pengunjung."
)
ARTICLES = [
    article("verbatim", (2026, 10, 6), text=RELEASE_TEXT, title="Posko Imunisasi Polio Dibuka"),
    article("rewrite", (2026, 10, 7), text=REWRITE, title="320.000 Anak Disasar Imunisasi"),
    article("bazar", (2026, 10, 8), text=UNRELATED, title="Bazar UMKM di Alun-alun"),
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'pantau.db'}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings.store_url)
    store.upsert(ARTICLES)
    try:
        yield store
    finally:
        store.close()


def test_carried_releases_count_and_unrelated_articles_do_not(
    settings: Settings, store: Store
) -> None:
    contract = Contract.model_validate(
        {
            "id": "km-rilis",
            "number": "028/PKS/X/2026",
            "outlets": ["kabarmasa.com"],
            "period": {"start": "2026-10-01", "end": "2026-12-31"},
            "quota": {"per_month": 5},
            "price_per_item": 1_000_000,
            "contact": {"name": "Rina"},
            "counts": {"releases": True},
        }
    )
    releases = OfficeReleases(settings)
    # No office database yet: nothing registered, nothing counts (and no file is created).
    empty = build_report(store, contract, date(2026, 10, 1), releases=releases, ledger=None)
    assert empty.counted == []
    assert not (settings.home / "office.db").exists()

    with open_office(settings) as conn:
        release, created = add_release(
            conn,
            title="Dinkes Buka Posko Imunisasi Polio",
            text=RELEASE_TEXT,
            published_at=datetime(2026, 10, 5, 9, 0, tzinfo=UTC),
            source="text",
            registered_by="humas",
        )
    assert created
    report = build_report(store, contract, date(2026, 10, 1), releases=releases, ledger=None)
    counted = {item.url.rsplit("/", 1)[-1]: item for item in report.counted}
    assert set(counted) == {"verbatim", "rewrite"}
    for item in counted.values():
        assert [(m.kind, m.value) for m in item.matches] == [("release", str(release.id))]
    assert [i.url.rsplit("/", 1)[-1] for i in report.not_counted] == ["bazar"]
