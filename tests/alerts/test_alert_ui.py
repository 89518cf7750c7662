"""The alert form on /tersimpan: shown per recipient, posted, refused with a reason, off again."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape

import pytest
from alert_helpers import PEMKOT
from auth_helpers import grant
from fastapi.testclient import TestClient
from httpx import Response

from pantau.settings import Settings
from search_api.app import create_app
from search_api.i18n import catalog_keys

ADDRESS = "humas@bekasikota.go.id"


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    settings = make_settings()
    with TestClient(create_app(settings)) as test_client:
        yield grant(test_client, settings.home)


def _saved(client: TestClient, **search: object) -> tuple[int, int]:
    body = {"name": "Pemkot Bekasi", "query": "bekasi", "subscriptions": [{"email": ADDRESS}]}
    created = client.post("/api/saved-searches", json={**body, **search}).json()
    return created["id"], created["subscriptions"][0]["id"]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _post(client: TestClient, search_id: int, sub_id: int, **form: str) -> Response:
    return client.post(
        f"/tersimpan/{search_id}/langganan/{sub_id}/peringatan", data=form, follow_redirects=False
    )


def test_set_show_and_switch_off_an_alert(client: TestClient) -> None:
    search_id, sub_id = _saved(client, agencies=[PEMKOT[0]])
    page = client.get("/tersimpan").text
    assert f'id="alert-{sub_id}"' in page
    assert 'data-alert="off"' in page

    response = _post(
        client, search_id, sub_id, mode="negative", by_email="1", webhook_url="https://gw.example/h"
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/tersimpan?ok=alert_set#saved-{search_id}"
    rule = client.get(f"/api/saved-searches/{search_id}/subscriptions/{sub_id}/alert").json()
    assert (rule["mode"], rule["by_email"], rule["webhook_url"]) == (
        "negative",
        True,
        "https://gw.example/h",
    )
    page = client.get("/tersimpan?ok=alert_set").text
    assert 'data-alert="negative"' in page
    assert "Peringatan instan disimpan." in _text(page)
    assert 'value="https://gw.example/h"' in page

    english = client.get("/tersimpan?lang=en").text
    assert f"Instant alerts for {ADDRESS}: Only negative towards the agency" in _text(english)

    off = _post(client, search_id, sub_id, mode="off")
    assert off.status_code == 303
    assert (
        client.get(f"/api/saved-searches/{search_id}/subscriptions/{sub_id}/alert").status_code
        == 404
    )
    assert _post(client, search_id, sub_id, mode="off").status_code == 303


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"mode": "negative", "by_email": "1"}, "Mode negatif memerlukan pencarian"),
        ({"mode": "every"}, "Pilih e-mail, isi webhook, atau keduanya."),
        ({"mode": "every", "webhook_url": "gw.example"}, "harus berupa URL http"),
        ({"mode": "spike", "by_email": "1", "spike_threshold": "1"}, "paling sedikit 2 berita"),
        ({"mode": "loud", "by_email": "1"}, "Pilih jenis peringatan."),
    ],
)
def test_an_invalid_alert_is_a_400_page_with_the_reason(
    client: TestClient, form: dict[str, str], message: str
) -> None:
    search_id, sub_id = _saved(client)
    response = _post(client, search_id, sub_id, **form)
    assert response.status_code == 400
    assert message in _text(response.text)
    assert client.get("/api/alerts").json() == []


def test_unknown_ids_are_404(client: TestClient) -> None:
    search_id, sub_id = _saved(client)
    assert _post(client, search_id, sub_id + 1, mode="every", by_email="1").status_code == 404
    assert _post(client, search_id + 1, sub_id, mode="off").status_code == 404


def test_the_alert_texts_exist_in_both_languages() -> None:
    keys = catalog_keys("ui")
    for mode in ("off", "every", "negative", "spike"):
        assert f"saved.alert.mode.{mode}" in keys
    assert {"saved.problem.alert.title", "saved.problem.alert.text"} <= keys
