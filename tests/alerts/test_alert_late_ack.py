"""An alert e-mail the server took but acknowledged after the client's timeout: the outbox says
``uncertain``, later runs do not send it again by themselves, and ``pantau alerts resolve
--resend`` sends the same message (same Message-ID) once more."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from alert_helpers import NOW, SINCE, Collector, Smtp, article, free_port

from pantau.settings import Settings, SmtpSettings
from pantau_cli.main import main as cli
from search_api.alerts import outbox
from search_api.alerts.rules import RuleFields, set_rule
from search_api.alerts.run import run_alerts
from search_api.digests.db import open_office
from search_api.digests.searches import SearchFields, create_saved_search, subscribe


class LateCollector(Collector):
    """Keeps every message; answers the first only after the client has given up."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == 1:
            await asyncio.sleep(2.5)
        return answer


@pytest.fixture
def late_smtp() -> Iterator[Smtp]:
    collector = LateCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield Smtp(port=controller.port, collector=collector)
    finally:
        controller.stop()


def test_a_late_acknowledged_alert_is_uncertain_and_held(
    make_settings: Callable[..., Settings],
    add_articles: Callable[..., None],
    late_smtp: Smtp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(smtp_port=late_smtp.port)
    quick = settings.smtp.model_dump() | {"timeout": 1.0}
    settings = settings.model_copy(update={"smtp": SmtpSettings(**quick)})
    with open_office(settings) as conn:
        saved = create_saved_search(conn, SearchFields(name="Pemkot Bekasi", query="bekasi"))
        sub = subscribe(conn, saved.id, "humas@bekasikota.go.id", "id")
        set_rule(conn, saved, sub.id, RuleFields(mode="every"), now=SINCE)
    add_articles(article(1, "Banjir rendam Bekasi Timur", published=NOW - timedelta(hours=1)))

    first = run_alerts(settings, now=NOW)
    assert (first.alerts, first.sent, first.failed) == (1, 0, 1)
    assert first.errors[0]["error"].startswith("uncertain: ")
    with open_office(settings) as conn:
        assert outbox.status_counts(conn)["uncertain"] == 1
        [row] = outbox.list_deliveries(conn, status="uncertain")

    # Hours later, past any backoff: still exactly one message.
    later = run_alerts(settings, now=NOW + timedelta(hours=6))
    assert (later.sent, later.failed) == (0, 0)
    assert len(late_smtp.messages) == 1

    # A person decides it did not arrive (on the tests' clock; the CLI uses the real one).
    with open_office(settings) as conn:
        outbox.resolve_uncertain(conn, row["id"], resend=True, now=NOW + timedelta(hours=7))
    monkeypatch.setenv("PANTAU_HOME", str(settings.home))
    assert cli(["alerts", "resolve", str(row["id"]), "--arrived"]) == 1  # decided already
    again = run_alerts(settings, now=NOW + timedelta(hours=7), match=False)
    assert again.sent == 1
    first_message, second_message = late_smtp.messages
    assert first_message["Message-ID"] == second_message["Message-ID"]
