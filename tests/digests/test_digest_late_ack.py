"""A server that accepts a digest but answers after the client gave up: the send log says
``uncertain``, no later run sends it again by itself, and a person's ``--resend`` sends the same
message (one Message-ID per digest), so the recipient's mail system can tell the two apart."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from digest_samples import DAY
from digest_smtp import CollectingHandler, SmtpServer, free_port, make_settings

from pantau.settings import Settings, SmtpSettings
from pantau_cli.main import main as cli
from search_api.digests import searches
from search_api.digests.db import open_office
from search_api.digests.run import send_digests
from search_api.digests.searches import SearchFields
from search_api.digests.sendlog import DigestKey, get_entry, list_uncertain

HUMAS = "humas@bekasikota.go.id"


class LateHandler(CollectingHandler):
    """Keeps the first message, then answers only after the client's timeout has passed."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.received) == 1:
            await asyncio.sleep(self.delay)
        return answer


class SlowRecipientHandler(CollectingHandler):
    """Answers the first RCPT only after the client's timeout: the message itself never left."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay
        self.rcpts = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.rcpts += 1
        if self.rcpts == 1:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _serve(handler: CollectingHandler) -> Iterator[SmtpServer]:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(port=controller.port, handler=handler)
    finally:
        controller.stop()


@pytest.fixture
def late_server() -> Iterator[SmtpServer]:
    yield from _serve(LateHandler(delay=2.5))


@pytest.fixture
def slow_rcpt_server() -> Iterator[SmtpServer]:
    yield from _serve(SlowRecipientHandler(delay=2.5))


def _quick(tmp_path: Any, store_url: str, port: int) -> Settings:
    settings: Settings = make_settings(tmp_path, store_url, port)
    quick = settings.smtp.model_dump() | {"timeout": 1.0}
    return settings.model_copy(update={"smtp": SmtpSettings(**quick)})


def _subscribe(settings: Settings) -> int:
    with open_office(settings) as conn:
        saved = searches.create_saved_search(conn, SearchFields(name="Bekasi", query="bekasi"))
        searches.subscribe(conn, saved.id, HUMAS, "id")
    return saved.id


def test_a_late_acknowledgement_is_uncertain_and_not_sent_again(
    tmp_path: Any,
    store_url: str,
    late_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = _quick(tmp_path, store_url, late_server.port)
    search_id = _subscribe(settings)
    key = DigestKey(search_id, HUMAS, DAY)

    first = send_digests(settings, day=DAY)
    assert (first.uncertain, first.failed, first.sent) == (1, 0, 0)
    with open_office(settings) as conn:
        entry = get_entry(conn, key)
        assert entry is not None
        assert entry.status == "uncertain"
        assert entry.error is not None
        assert entry.error.startswith("uncertain: ")
        assert entry.message_id == late_server.received[0].message["Message-ID"]

    # The next runs (the same day and the next) leave it alone: exactly one message delivered.
    again = send_digests(settings, day=DAY)
    assert (again.sent, again.failed, again.already_done) == (0, 0, 1)
    send_digests(settings, day=date.fromordinal(DAY.toordinal() + 1))
    first_day = [r for r in late_server.received if f".{DAY:%Y%m%d}." in r.message["Message-ID"]]
    assert len(first_day) == 1

    # A person decides it did not arrive: the next run sends the very same message again.
    monkeypatch.setenv("PANTAU_HOME", str(settings.home))
    monkeypatch.setenv("PANTAU_STORE", store_url)
    assert cli(["digest", "uncertain", "--json"]) == 0
    assert f'"day": "{DAY.isoformat()}"' in capsys.readouterr().out
    assert cli(["digest", "resolve", str(search_id), HUMAS, DAY.isoformat(), "--resend"]) == 0
    with open_office(settings) as conn:
        assert list_uncertain(conn) == []
    third = send_digests(settings, day=DAY)
    assert third.sent == 1
    first_day = [r for r in late_server.received if f".{DAY:%Y%m%d}." in r.message["Message-ID"]]
    assert len(first_day) == 2
    assert first_day[0].message["Message-ID"] == first_day[1].message["Message-ID"]
    assert first_day[0].message["Message-ID"].startswith(f"<pantau-digest.{search_id}.")


def test_a_resolved_digest_that_arrived_is_sent_and_stays_so(
    tmp_path: Any, store_url: str, late_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _quick(tmp_path, store_url, late_server.port)
    search_id = _subscribe(settings)
    assert send_digests(settings, day=DAY).uncertain == 1
    monkeypatch.setenv("PANTAU_HOME", str(settings.home))
    monkeypatch.setenv("PANTAU_STORE", store_url)
    args = ["digest", "resolve", str(search_id), HUMAS, DAY.isoformat(), "--arrived"]
    assert cli(args) == 0
    assert cli(args) == 1  # no longer uncertain: a second decision is refused
    with open_office(settings) as conn:
        entry = get_entry(conn, DigestKey(search_id, HUMAS, DAY))
        assert entry is not None
        assert entry.status == "sent"
    assert send_digests(settings, day=DAY).already_done == 1
    assert len(late_server.received) == 1


def test_a_timeout_before_the_message_left_is_a_plain_failure(
    tmp_path: Any, store_url: str, slow_rcpt_server: SmtpServer
) -> None:
    settings = _quick(tmp_path, store_url, slow_rcpt_server.port)
    _subscribe(settings)
    first = send_digests(settings, day=DAY)
    assert (first.failed, first.uncertain) == (1, 0)
    assert slow_rcpt_server.received == []
    second = send_digests(settings, day=DAY)  # a failure is retried by the next run
    assert second.sent == 1
    assert len(slow_rcpt_server.received) == 1
