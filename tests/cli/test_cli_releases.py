"""``pantau releases`` on the demo data: the crawl registered the office site's releases (its
source is ``own: true``); pasted text and URLs register more; ``show`` lists the pickups."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli

from samplesite.model import OFFICE_OUTLET, load_articles

pytestmark = pytest.mark.slow

OFFICE = [a for a in load_articles() if a.outlet == OFFICE_OUTLET]


@pytest.fixture
def home(demo_home: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data: these tests write to its office database."""
    copy = tmp_path / "home"
    shutil.copytree(demo_home, copy)
    return copy


def _env(home: Path) -> dict[str, str]:
    return {"PANTAU_HOME": str(home), "PANTAU_STORE": f"sqlite:///{home / 'pantau.db'}"}


def _json(cli: Cli, home: Path, *args: str, stdin: str | None = None) -> Any:
    done = cli("releases", *args, "--json", cwd=home, env=_env(home), stdin=stdin)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_crawl_registered_the_office_sites_releases(cli: Cli, home: Path) -> None:
    listed = _json(cli, home, "list")
    assert sorted(r["title"] for r in listed) == sorted(a.title for a in OFFICE)
    assert {r["source"] for r in listed} == {"feed"}
    assert {r["outlet"] for r in listed} == {OFFICE_OUTLET}


def test_show_lists_the_outlets_that_carried_a_release(cli: Cli, home: Path) -> None:
    listed = {r["title"]: r["id"] for r in _json(cli, home, "list")}
    shown = _json(
        cli,
        home,
        "show",
        str(listed["Pemkot Bekasi Normalisasi Kali Bekasi Sepanjang Tiga Kilometer"]),
    )
    pickups = {p["outlet"]: p for p in shown["pickups"]}
    assert set(pickups) == {"kabarmasa.com", "suarapriangan.net"}
    assert pickups["kabarmasa.com"]["kind"] == "verbatim"
    assert pickups["kabarmasa.com"]["delay"] == "5 jam 10 menit"
    assert pickups["suarapriangan.net"]["kind"] == "rewritten"
    assert any(
        "Ujang Suherman" in q or "tanggulnya" in q
        for q in pickups["suarapriangan.net"]["added_quotes"]
    )
    nobody = _json(
        cli,
        home,
        "show",
        str(listed["Car Free Day Jalan Ahmad Yani Kembali Digelar Setiap Minggu"]),
    )
    assert nobody["pickups"] == []
    text = cli(
        "releases",
        "show",
        str(listed["Car Free Day Jalan Ahmad Yani Kembali Digelar Setiap Minggu"]),
        cwd=home,
        env=_env(home),
    )
    assert "carried by 0 outlet article(s)" in text.stdout


def test_pasted_text_is_registered_and_its_pickups_skip_the_office_site(
    cli: Cli, home: Path
) -> None:
    polio = next(a for a in OFFICE if "Polio" in a.title)
    added = _json(
        cli, home, "add", "--text", "-", "--title", "Sub PIN Polio (salinan tempel)",
        "--published", "2023-11-09T09:30", stdin=polio.text,
    )  # fmt: skip
    assert added["created"] is True
    assert added["source"] == "text"
    assert added["published_at"] == "2023-11-09T02:30:00+00:00"  # office time, stored in UTC
    shown = _json(cli, home, "show", str(added["id"]))
    assert {p["outlet"] for p in shown["pickups"]} == {"wartabekasi.com", "kabarmasa.com"}


def test_a_page_url_already_registered_by_the_crawl_is_not_added_twice(
    cli: Cli, home: Path, sample_site: Any
) -> None:
    page = OFFICE[0]
    url = sample_site.base_urls[OFFICE_OUTLET].rstrip("/") + page.path
    added = _json(cli, home, "add", "--url", url)
    assert added["created"] is False
    assert added["title"] == page.title


def test_bad_input_is_refused_with_a_reason(cli: Cli, home: Path, sample_site: Any) -> None:
    env = _env(home)
    short = cli(
        "releases",
        "add",
        "--text",
        "-",
        "--title",
        "Pendek",
        cwd=home,
        env=env,
        stdin="Terlalu pendek.",
    )
    assert short.returncode == 2
    assert "at least 30 words" in short.stderr
    gone = sample_site.base_urls[OFFICE_OUTLET] + "tidak-ada/"
    missing = cli("releases", "add", "--url", gone, cwd=home, env=env)
    assert missing.returncode == 1
    assert "cannot fetch" in missing.stderr
    unknown = cli("releases", "show", "999", cwd=home, env=env)
    assert unknown.returncode == 1
    assert "no release 999" in unknown.stderr
    assert len(_json(cli, home, "list")) == len(OFFICE)
