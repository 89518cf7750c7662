"""Alert runs end to end: a real SQLite store, office.db, aiosmtpd and a loopback webhook."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from alert_helpers import BPBD, NOW, PEMKOT, SINCE, Receiver, Smtp, article, free_port

from pantau.settings import Settings
from search_api.alerts import outbox
from search_api.alerts.rules import RuleFields, set_rule
from search_api.alerts.run import run_alerts
from search_api.digests.db import open_office
from search_api.digests.searches import SearchFields, create_saved_search, subscribe

ADDRESS = "humas@bekasikota.go.id"


def _rule(
    settings: Settings,
    *,
    query: str = "bekasi",
    agencies: Sequence[str] = (),
    mode: str = "every",
    by_email: bool = True,
    webhook: str | None = None,
    threshold: int | None = None,
) -> int:
    """A saved search with one subscription whose alert rule was set at SINCE; its id."""
    with open_office(settings) as conn:
        saved = create_saved_search(
            conn, SearchFields(name="Pemkot Bekasi", query=query, agencies=agencies)
        )
        sub = subscribe(conn, saved.id, ADDRESS, "id")
        fields = RuleFields(
            mode=mode, spike_threshold=threshold, by_email=by_email, webhook_url=webhook
        )
        set_rule(conn, saved, sub.id, fields, now=SINCE)
    return sub.id


def _rows(settings: Settings, sql: str, *params: Any) -> list[sqlite3.Row]:
    with open_office(settings) as conn:
        return conn.execute(sql, params).fetchall()


def _titles(message: Any) -> str:
    return str(message.get_content())


def test_every_match_alerts_once_per_article(
    make_settings: Callable[..., Settings], add_articles: Callable[..., None], smtp: Smtp
) -> None:
    settings = make_settings()
    sub_id = _rule(settings)
    add_articles(
        article(1, "Banjir rendam Bekasi Timur", published=NOW - timedelta(hours=3)),
        article(2, "Pasar murah di Bekasi Utara", published=NOW - timedelta(minutes=30)),
        # In the store before alerts were switched on: the backlog does not alert.
        article(3, "Bekasi lama", published=NOW - timedelta(hours=2), crawled=SINCE - timedelta(1)),
        article(  # no match
            4, "Cuaca Bandung cerah", published=NOW - timedelta(minutes=20), location="Bandung"
        ),
    )

    first = run_alerts(settings, now=NOW)
    assert (first.alerts, first.articles, first.sent, first.failed) == (1, 2, 1, 0)
    [message] = smtp.messages
    assert message["To"] == ADDRESS
    assert message["Subject"] == "Pantau — Peringatan: 2 berita baru · Pemkot Bekasi"
    assert message["Auto-Submitted"] == "auto-generated"
    body = _titles(message)
    assert "Banjir rendam Bekasi Timur" in body
    assert "Pasar murah di Bekasi Utara" in body
    assert "Bekasi lama" not in body
    assert "Bandung" not in body

    # A second run (the scheduler's, or by hand) finds nothing new and sends nothing.
    again = run_alerts(settings, now=NOW + timedelta(minutes=5))
    assert (again.alerts, again.sent) == (0, 0)
    assert len(smtp.messages) == 1

    # The next crawl brings one more: only that one alerts.
    later = NOW + timedelta(hours=2)
    add_articles(
        article(
            5,
            "Bekasi gelar CFD",
            published=later - timedelta(minutes=40),
            crawled=later - timedelta(minutes=2),
        )
    )
    third = run_alerts(settings, now=later)
    assert (third.alerts, third.articles, third.sent) == (1, 1, 1)
    assert "Bekasi gelar CFD" in _titles(smtp.messages[1])
    assert "Banjir" not in _titles(smtp.messages[1])
    logged = _rows(
        settings, "SELECT count(*) FROM alert_articles WHERE subscription_id = ?", sub_id
    )
    assert logged[0][0] == 3


def test_negative_towards_the_agency_not_the_overall_tone(
    make_settings: Callable[..., Settings],
    add_articles: Callable[..., None],
    smtp: Smtp,
    receiver: Receiver,
) -> None:
    settings = make_settings()
    _rule(settings, query="", agencies=[PEMKOT[0]], mode="negative", webhook=receiver.url)
    hour = NOW - timedelta(hours=1)
    add_articles(
        article(
            1,
            "Banjir, Pemkot lamban",
            published=hour,
            label="negative",
            agencies=((PEMKOT, "negative"),),
        ),
        # Positive overall, critical of the Pemkot: alerts.
        article(
            2,
            "Festival meriah, tapi Pemkot dikritik",
            published=hour,
            label="positive",
            agencies=((PEMKOT, "negative"), (BPBD, "positive")),
        ),
        # Negative overall, neutral towards the Pemkot: does not.
        article(
            3,
            "Kecelakaan di tol, Pemkot imbau warga",
            published=hour,
            label="negative",
            agencies=((PEMKOT, "neutral"),),
        ),
        # Negative towards another agency only: does not.
        article(
            4,
            "BPBD dikritik warga",
            published=hour,
            label="negative",
            agencies=((PEMKOT, "positive"), (BPBD, "negative")),
        ),
    )

    report = run_alerts(settings, now=NOW)
    assert (report.alerts, report.articles, report.sent) == (1, 2, 2)  # e-mail and webhook
    [message] = smtp.messages
    assert message["Subject"] == (
        "Pantau — Peringatan: 2 berita negatif terhadap Pemerintah Kota Bekasi · Pemkot Bekasi"
    )
    [hook] = receiver.accepted
    assert receiver.refused == []  # the signature and timestamp checked out
    body = hook.body
    assert (body["event"], body["kind"], body["version"]) == ("pantau.alert", "negative", 1)
    assert sorted(a["title"] for a in body["articles"]) == [
        "Banjir, Pemkot lamban",
        "Festival meriah, tapi Pemkot dikritik",
    ]
    assert body["agencies"] == [{"id": PEMKOT[0], "name": PEMKOT[1]}]
    assert body["subject"] == message["Subject"]
    assert hook.headers["X-Pantau-Delivery"] == str(body["delivery_id"])


def test_spike_of_n_articles_within_an_hour(
    make_settings: Callable[..., Settings], add_articles: Callable[..., None], receiver: Receiver
) -> None:
    settings = make_settings(spike_window_minutes=60)
    _rule(settings, mode="spike", threshold=3, by_email=False, webhook=receiver.url)
    # Three over three hours, then two within an hour: no spike yet.
    add_articles(
        *(article(n, f"Bekasi {n}", published=NOW - timedelta(hours=n + 3)) for n in range(1, 4))
    )
    add_articles(
        article(10, "Bekasi macet", published=NOW - timedelta(minutes=50)),
        article(11, "Bekasi macet lagi", published=NOW - timedelta(minutes=30)),
    )
    quiet = run_alerts(settings, now=NOW)
    assert (quiet.alerts, quiet.sent, receiver.accepted) == (0, 0, [])

    # A third within the same hour: a spike, listing the three.
    later = NOW + timedelta(minutes=10)
    add_articles(
        article(
            12,
            "Bekasi macet total",
            published=NOW - timedelta(minutes=5),
            crawled=later - timedelta(minutes=1),
        )
    )
    spike = run_alerts(settings, now=later)
    assert (spike.alerts, spike.articles, spike.sent) == (1, 3, 1)
    [hook] = receiver.accepted
    assert hook.body["kind"] == "spike"
    assert hook.body["spike"]["articles"] == 3
    assert hook.body["spike"]["window_minutes"] == 60
    assert [a["title"] for a in hook.body["articles"]] == [
        "Bekasi macet",
        "Bekasi macet lagi",
        "Bekasi macet total",
    ]
    assert hook.body["subject"] == "Pantau — Lonjakan: 3 berita dalam 60 menit · Pemkot Bekasi"

    # One more in that hour: the spike's articles are used up, so no second alert.
    add_articles(
        article(13, "Bekasi macet malam", published=NOW, crawled=later + timedelta(minutes=4))
    )
    after = run_alerts(settings, now=later + timedelta(minutes=5))
    assert (after.alerts, len(receiver.accepted)) == (0, 1)


def test_quiet_hours_hold_then_release(
    make_settings: Callable[..., Settings],
    add_articles: Callable[..., None],
    smtp: Smtp,
    receiver: Receiver,
) -> None:
    settings = make_settings(quiet_start="22:00", quiet_end="06:00")
    night = NOW.replace(hour=23, minute=30)
    _rule(settings, webhook=receiver.url)
    add_articles(
        article(
            1,
            "Kebakaran di Bekasi",
            published=night - timedelta(minutes=20),
            crawled=night - timedelta(minutes=3),
        )
    )

    found = run_alerts(settings, now=night)
    assert (found.alerts, found.held, found.sent) == (1, 2, 0)
    assert found.quiet_until == "2026-12-04T06:00:00+07:00"
    assert (smtp.messages, receiver.accepted) == ([], [])
    [row] = _rows(settings, "SELECT DISTINCT held_until, next_attempt_at FROM alert_outbox")
    assert row["held_until"] == row["next_attempt_at"] == "2026-12-04T06:00:00+07:00"

    still = run_alerts(settings, now=night + timedelta(hours=3))  # 02:30
    assert (still.sent, still.pending, smtp.messages) == (0, 2, [])

    morning = run_alerts(settings, now=night + timedelta(hours=6, minutes=30))  # 06:00
    assert (morning.sent, morning.failed, morning.pending, morning.quiet_until) == (2, 0, 0, None)
    assert len(smtp.messages) == 1
    assert [h.body["articles"][0]["title"] for h in receiver.accepted] == ["Kebakaran di Bekasi"]


def test_a_failing_webhook_is_retried_with_backoff_until_delivered(
    make_settings: Callable[..., Settings],
    add_articles: Callable[..., None],
    smtp: Smtp,
    receiver: Receiver,
) -> None:
    settings = make_settings(retry_base_seconds=60, retry_max_seconds=3600)
    _rule(settings, webhook=receiver.url)
    add_articles(article(1, "Demo buruh di Bekasi", published=NOW - timedelta(minutes=15)))
    receiver.fail_next = 2

    first = run_alerts(settings, now=NOW)
    assert (first.sent, first.failed, first.pending) == (1, 1, 1)  # e-mail went, webhook 500
    assert "HTTP 500" in first.errors[0]["error"]
    early = run_alerts(settings, now=NOW + timedelta(seconds=30))  # before the 60 s backoff
    assert (early.sent, early.failed) == (0, 0)
    second = run_alerts(settings, now=NOW + timedelta(seconds=61))
    assert (second.sent, second.failed) == (0, 1)  # next wait: 120 s
    not_yet = run_alerts(settings, now=NOW + timedelta(seconds=61 + 100))
    assert (not_yet.sent, not_yet.failed) == (0, 0)
    third = run_alerts(settings, now=NOW + timedelta(seconds=61 + 121))
    assert (third.sent, third.failed, third.pending) == (1, 0, 0)

    assert receiver.refused == [500, 500]
    [hook] = receiver.accepted
    assert hook.body["articles"][0]["title"] == "Demo buruh di Bekasi"
    assert len(smtp.messages) == 1  # the e-mail was not sent again with the retries
    attempts = _rows(
        settings,
        "SELECT o.channel, t.attempt, t.ok, t.detail FROM alert_attempts t "
        "JOIN alert_outbox o ON o.id = t.outbox_id ORDER BY o.channel, t.attempt",
    )
    assert [(r["channel"], r["attempt"], r["ok"]) for r in attempts] == [
        ("email", 1, 1),
        ("webhook", 1, 0),
        ("webhook", 2, 0),
        ("webhook", 3, 1),
    ]
    assert attempts[-1]["detail"] == "HTTP 204"


def test_receiver_and_smtp_down_then_up_nothing_dropped(
    make_settings: Callable[..., Settings],
    add_articles: Callable[..., None],
    smtp: Smtp,
) -> None:
    hook_port, dead_smtp = free_port(), free_port()
    down = make_settings(smtp_port=dead_smtp, retry_base_seconds=60)
    _rule(down, webhook=f"http://127.0.0.1:{hook_port}/hook")
    add_articles(article(1, "Jembatan Bekasi retak", published=NOW - timedelta(minutes=15)))

    first = run_alerts(down, now=NOW)
    assert (first.alerts, first.sent, first.failed, first.pending) == (1, 0, 2, 2)
    errors = sorted(e["error"] for e in first.errors)
    assert "cannot reach SMTP server" in errors[0]
    assert "unreachable" in errors[1]
    # Down for a while: each later run retries when the backoff allows, and keeps the alert.
    for minutes in (2, 5, 12):
        run_alerts(down, now=NOW + timedelta(minutes=minutes))
    [row] = _rows(down, "SELECT count(*) FROM alert_outbox WHERE status = 'pending'")
    assert row[0] == 2

    up = make_settings(retry_base_seconds=60)  # the real SMTP server
    with Receiver(port=hook_port) as receiver:
        back = run_alerts(up, now=NOW + timedelta(hours=2))
        assert (back.alerts, back.sent, back.failed, back.pending) == (0, 2, 0, 0)
        [hook] = receiver.accepted
    assert hook.body["articles"][0]["title"] == "Jembatan Bekasi retak"
    [message] = smtp.messages
    assert "Jembatan Bekasi retak" in _titles(message)
    [count] = _rows(up, "SELECT count(*) FROM alert_attempts")
    assert count[0] >= 4  # every failed attempt is on record, and the successes


def test_a_webhook_without_a_secret_fails_loudly_and_waits(
    make_settings: Callable[..., Settings], add_articles: Callable[..., None], receiver: Receiver
) -> None:
    settings = make_settings(webhook_secret=None)
    _rule(settings, by_email=False, webhook=receiver.url)
    add_articles(article(1, "Bekasi berbenah", published=NOW - timedelta(minutes=15)))
    report = run_alerts(settings, now=NOW)
    assert (report.sent, report.failed, report.pending) == (0, 1, 1)
    assert "alerts.webhook_secret is not set" in report.errors[0]["error"]
    assert receiver.accepted == []


def test_two_runs_never_claim_the_same_delivery_and_a_stale_claim_is_retried(
    make_settings: Callable[..., Settings], add_articles: Callable[..., None]
) -> None:
    settings = make_settings()
    _rule(settings)
    add_articles(article(1, "Bekasi siaga banjir", published=NOW - timedelta(minutes=15)))
    assert run_alerts(settings, now=NOW, deliver=False).pending == 1
    with open_office(settings) as first, open_office(settings) as second:
        [claimed] = outbox.claim_due(first, NOW)
        assert outbox.claim_due(second, NOW) == []  # the scheduler's job and a crawl's run
        # The first run died mid-send: after STALE_CLAIM its claim is taken again, not lost.
        assert outbox.claim_due(second, NOW + outbox.STALE_CLAIM - timedelta(seconds=1)) == []
        [again] = outbox.claim_due(second, NOW + outbox.STALE_CLAIM + timedelta(seconds=1))
        assert (again.id, again.attempts) == (claimed.id, 2)
