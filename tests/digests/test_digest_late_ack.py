"""A server that accepts a digest but answers after the client gave up: the retry is the same
message (one Message-ID per digest), so the recipient's mail system can tell the two apart."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from digest_samples import DAY
from digest_smtp import CollectingHandler, SmtpServer, free_port, make_settings

from pantau.settings import Settings, SmtpSettings
from search_api.digests import searches
from search_api.digests.db import open_office
from search_api.digests.run import send_digests
from search_api.digests.searches import SearchFields

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


@pytest.fixture
def late_server() -> Iterator[SmtpServer]:
    handler = LateHandler(delay=2.5)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield SmtpServer(port=controller.port, handler=handler)
    finally:
        controller.stop()


def test_a_late_acknowledgement_is_retried_as_the_same_message(
    tmp_path: Any, store_url: str, late_server: SmtpServer
) -> None:
    settings: Settings = make_settings(tmp_path, store_url, late_server.port)
    quick = settings.smtp.model_dump() | {"timeout": 1.0}
    settings = settings.model_copy(update={"smtp": SmtpSettings(**quick)})
    with open_office(settings) as conn:
        saved = searches.create_saved_search(conn, SearchFields(name="Bekasi", query="bekasi"))
        searches.subscribe(conn, saved.id, HUMAS, "id")
    first = send_digests(settings, day=DAY)
    assert first.failed == 1  # the client timed out waiting for the server's answer
    second = send_digests(settings, day=DAY)  # the next run retries the failed digest
    assert second.sent == 1
    ids = [r.message["Message-ID"] for r in late_server.received]
    assert len(ids) == 2
    assert ids[0] == ids[1]
    assert ids[0].startswith(f"<pantau-digest.{saved.id}.{DAY:%Y%m%d}.")
