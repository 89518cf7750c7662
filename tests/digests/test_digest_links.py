"""A digest links back to Pantau and carries each recipient's own signed unsubscribe link
(body and List-Unsubscribe, RFC 8058 one-click), sent through a real SMTP server and followed
on the real app."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from digest_samples import DAY
from digest_smtp import SmtpServer
from fastapi.testclient import TestClient

from pantau.settings import ApiSettings, Settings
from search_api.app import create_app
from search_api.digests import searches
from search_api.digests.db import open_office
from search_api.digests.run import send_digests
from search_api.digests.searches import SearchFields

HUMAS = "humas@bekasikota.go.id"
KEPALA = "kepala@bekasikota.go.id"
BASE = "https://pantau.bekasikota.go.id"


def _linked(settings: Settings) -> Settings:
    return settings.model_copy(update={"api": ApiSettings(public_url=BASE + "/")})


def _subscribe(settings: Settings) -> int:
    with open_office(settings) as conn:
        saved = searches.create_saved_search(
            conn,
            SearchFields(name="Pemkot Bekasi", query="bekasi", agencies=["kota-bekasi/pemkot"]),
        )
        searches.subscribe(conn, saved.id, HUMAS, "id")
        searches.subscribe(conn, saved.id, KEPALA, "en")
    return saved.id


def _active(settings: Settings, search_id: int) -> dict[str, bool]:
    with open_office(settings) as conn:
        saved = searches.get_saved_search(conn, search_id)
    return {s.email: s.active for s in saved.subscriptions}


def test_each_recipient_gets_links_of_their_own(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    linked = _linked(settings)
    search_id = _subscribe(linked)
    assert send_digests(linked, day=DAY).sent == 2
    by_recipient = {r.recipients[0]: r.message for r in smtp_server.received}
    links = {}
    for email, message in by_recipient.items():
        header = message["List-Unsubscribe"]
        assert header.startswith(f"<{BASE}/berhenti?p={search_id}&s=")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        url = header.strip("<>")
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert url in text
        assert url.replace("&", "&amp;") in html
        assert "__PANTAU" not in text + html
        assert f"{BASE}/?q=bekasi&from=2026-11-28&to=2026-11-28&agency=kota-bekasi%2Fpemkot" in text
        links[email] = url
    assert links[HUMAS] != links[KEPALA]


def test_the_link_unsubscribes_after_a_confirmation(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    linked = _linked(settings)
    search_id = _subscribe(linked)
    send_digests(linked, day=DAY)
    url = next(r.message for r in smtp_server.received if r.recipients == [HUMAS])[
        "List-Unsubscribe"
    ].strip("<>")
    path = url.removeprefix(BASE)
    with TestClient(create_app(linked)) as client:
        page = client.get(path)  # a link preview or a mail scanner changes nothing
        assert page.status_code == 200
        assert HUMAS in page.text
        assert _active(linked, search_id) == {HUMAS: True, KEPALA: True}
        fields = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        done = client.post("/berhenti", data=fields)
        assert done.status_code == 200
        assert 'data-state="done"' in done.text
        assert _active(linked, search_id) == {HUMAS: False, KEPALA: True}


def test_one_click_and_forged_links(settings: Settings, smtp_server: SmtpServer) -> None:
    linked = _linked(settings)
    search_id = _subscribe(linked)
    send_digests(linked, day=DAY)
    url = next(r.message for r in smtp_server.received if r.recipients == [KEPALA])[
        "List-Unsubscribe"
    ].strip("<>")
    path = url.removeprefix(BASE)
    with TestClient(create_app(linked)) as client:
        forged = re.sub(r"t=[0-9a-f]+", "t=" + "0" * 32, path)
        assert client.get(forged).status_code == 404
        assert client.post(forged, data={"List-Unsubscribe": "One-Click"}).status_code == 404
        other = path.replace(f"p={search_id}", f"p={search_id + 1}")
        assert client.get(other).status_code == 404
        assert _active(linked, search_id) == {HUMAS: True, KEPALA: True}
        # What a mail client's own button sends (RFC 8058).
        one_click = client.post(path, data={"List-Unsubscribe": "One-Click"})
        assert one_click.status_code == 200
    assert _active(linked, search_id) == {HUMAS: True, KEPALA: False}


def test_without_a_public_url_there_are_no_links(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    _subscribe(settings)
    send_digests(settings, day=DAY)
    message = smtp_server.received[0].message
    assert message["List-Unsubscribe"] is None
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "hubungi pengelola Pantau" in text or "ask your office" in text
    assert "http" not in text.split("--")[-1]
