"""Sending digests to a real SMTP server on loopback (aiosmtpd): once, retried after a failure."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from digest_samples import DAY, QUIET_DAY
from digest_smtp import SmtpServer, free_port, make_settings

from pantau.settings import DigestSettings, Settings, SmtpSettings
from search_api.digests import searches
from search_api.digests.db import open_office
from search_api.digests.run import send_digests
from search_api.digests.searches import SearchFields
from search_api.digests.sendlog import DigestKey, claim, get_entry

HUMAS = "humas@bekasikota.go.id"
KEPALA = "kepala.diskominfo@bekasikota.go.id"


def _subscribe(settings: Settings, *subscribers: tuple[str, str], query: str = "bekasi") -> int:
    with open_office(settings) as conn:
        saved = searches.create_saved_search(
            conn, SearchFields(name="Pemkot Bekasi", query=query, agencies=["kota-bekasi/pemkot"])
        )
        for email, language in subscribers:
            searches.subscribe(conn, saved.id, email, language)  # type: ignore[arg-type]
    return saved.id


def _status(settings: Settings, search_id: int, email: str, day: date) -> tuple[str, str | None]:
    with open_office(settings) as conn:
        entry = get_entry(conn, DigestKey(search_id, email, day))
    assert entry is not None
    return entry.status, entry.error


def test_digests_go_out_as_multipart_in_each_language(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    _subscribe(settings, (HUMAS, "id"), (KEPALA, "en"))
    report = send_digests(settings, day=DAY)
    assert (report.sent, report.failed) == (2, 0)
    by_recipient = {r.recipients[0]: r for r in smtp_server.received}
    assert set(by_recipient) == {HUMAS, KEPALA}
    assert all(len(r.recipients) == 1 for r in smtp_server.received)  # one message each

    message = by_recipient[HUMAS].message
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert message["Subject"] == (
        "Pantau — Ringkasan berita 28 November 2026: 4 berita (2 negatif) · Pemkot Bekasi"
    )
    assert message["To"] == HUMAS
    assert message["From"] == "Pantau Humas <pantau@bekasikota.go.id>"
    assert message["Message-ID"].endswith("@bekasikota.go.id>")
    assert message["Date"].datetime.tzinfo is not None
    assert message["Content-Language"] == "id"
    assert message["Auto-Submitted"] == "auto-generated"
    text = plain.get_content()
    assert "4 berita — 2 negatif · 1 netral · 1 positif" in text
    assert "Alasan: banjir merendam; mengeluhkan drainase; lamban menangani" in text
    assert "Alasan: molor dari jadwal" in html.get_content()

    english = by_recipient[KEPALA].message
    assert english["Subject"] == (
        "Pantau — News digest 28 November 2026: 4 articles (2 negative) · Pemkot Bekasi"
    )
    assert "Why: banjir merendam" in english.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_the_subject_is_utf8_encoded_on_the_wire(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    _subscribe(settings, (HUMAS, "id"))
    send_digests(settings, day=DAY)
    (received,) = smtp_server.received
    raw = received.message.as_bytes()
    # The em dash and the middle dot travel as RFC 2047 encoded words, never raw bytes.
    subject_lines = raw.split(b"\n\n", 1)[0].split(b"Subject:", 1)[1]
    assert b"=?utf-8?" in subject_lines.lower()


def test_a_second_run_sends_nothing_again(settings: Settings, smtp_server: SmtpServer) -> None:
    search_id = _subscribe(settings, (HUMAS, "id"), (KEPALA, "en"))
    assert send_digests(settings, day=DAY).sent == 2
    again = send_digests(settings, day=DAY)
    assert (again.sent, again.already_done, again.failed) == (0, 2, 0)
    assert len(smtp_server.received) == 2
    status, _ = _status(settings, search_id, HUMAS, DAY)
    assert status == "sent"


def test_unreachable_smtp_is_recorded_and_retried_by_the_next_run(
    tmp_path: Path, store_url: str, smtp_server: SmtpServer
) -> None:
    down = make_settings(tmp_path, store_url, free_port())
    search_id = _subscribe(down, (HUMAS, "id"))
    failed = send_digests(down, day=DAY)
    assert (failed.sent, failed.failed) == (0, 1)
    assert "cannot reach SMTP server 127.0.0.1:" in failed.errors[0]["error"]
    status, error = _status(down, search_id, HUMAS, DAY)
    assert status == "failed"
    assert error is not None
    assert "cannot reach SMTP server" in error
    assert smtp_server.received == []

    # The next morning the server is back: the next day's digest and the failed one both go out.
    up = make_settings(tmp_path, store_url, smtp_server.port)
    next_day = DAY + timedelta(days=1)
    report = send_digests(up, day=next_day)
    assert (report.sent, report.failed, report.retried) == (2, 0, 1)
    subjects = sorted(r.message["Subject"] for r in smtp_server.received)
    assert "28 November 2026: 4 berita (2 negatif)" in subjects[0]
    assert "29 November 2026: 1 berita" in subjects[1]
    assert _status(up, search_id, HUMAS, DAY)[0] == "sent"
    with open_office(up) as conn:
        entry = get_entry(conn, DigestKey(search_id, HUMAS, DAY))
    assert entry is not None
    assert entry.attempts == 2
    # And nothing is sent a third time.
    assert send_digests(up, day=next_day).sent == 0


def test_failures_past_the_retry_window_are_abandoned_not_dropped(
    tmp_path: Path, store_url: str, smtp_server: SmtpServer
) -> None:
    down = make_settings(tmp_path, store_url, free_port())
    search_id = _subscribe(down, (HUMAS, "id"))
    assert send_digests(down, day=DAY).failed == 1
    up = make_settings(tmp_path, store_url, smtp_server.port, digest=DigestSettings(retry_days=2))
    report = send_digests(up, day=DAY + timedelta(days=3))
    assert (report.abandoned, report.retried, report.sent) == (1, 0, 1)
    assert _status(up, search_id, HUMAS, DAY)[0] == "abandoned"


def test_missing_smtp_host_is_a_recorded_failure(tmp_path: Path, store_url: str) -> None:
    settings = Settings(home=tmp_path, store=store_url, smtp=SmtpSettings())
    search_id = _subscribe(settings, (HUMAS, "id"))
    report = send_digests(settings, day=DAY)
    assert report.failed == 1
    assert "smtp.host is not set" in report.errors[0]["error"]
    assert _status(settings, search_id, HUMAS, DAY)[0] == "failed"


def test_a_broken_store_is_a_recorded_failure(tmp_path: Path, smtp_server: SmtpServer) -> None:
    broken = tmp_path / "newer.db"
    raw = sqlite3.connect(broken)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    settings = make_settings(tmp_path, f"sqlite:///{broken}", smtp_server.port)
    search_id = _subscribe(settings, (HUMAS, "id"))
    report = send_digests(settings, day=DAY)
    assert report.failed == 1
    status, error = _status(settings, search_id, HUMAS, DAY)
    assert status == "failed"
    assert error is not None
    assert error.startswith("article store:")
    assert smtp_server.received == []


@pytest.mark.parametrize("send_empty", [True, False])
def test_a_quiet_day(
    tmp_path: Path, store_url: str, smtp_server: SmtpServer, send_empty: bool
) -> None:
    settings = make_settings(
        tmp_path, store_url, smtp_server.port, digest=DigestSettings(send_empty=send_empty)
    )
    search_id = _subscribe(settings, (HUMAS, "id"))
    report = send_digests(settings, day=QUIET_DAY)
    if send_empty:
        assert report.sent == 1
        (received,) = smtp_server.received
        assert received.message["Subject"].endswith("tidak ada berita baru · Pemkot Bekasi")
        assert "Tidak ada berita baru" in received.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    else:
        assert (report.sent, report.skipped_empty) == (0, 1)
        assert smtp_server.received == []
        assert _status(settings, search_id, HUMAS, QUIET_DAY)[0] == "skipped"


def test_paused_subscriptions_and_no_subscriptions(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    assert send_digests(settings, day=DAY).to_dict()["sent"] == 0  # nothing saved yet
    search_id = _subscribe(settings, (HUMAS, "id"))
    with open_office(settings) as conn:
        (subscription,) = searches.get_saved_search(conn, search_id).subscriptions
        searches.update_subscription(conn, search_id, subscription.id, active=False)
    assert send_digests(settings, day=DAY).sent == 0
    assert smtp_server.received == []


def test_the_default_day_is_yesterday_in_jakarta(settings: Settings) -> None:
    now = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)  # 07:00 WIB
    assert send_digests(settings, now=now).day == DAY


def test_a_claim_is_exclusive_until_it_goes_stale(settings: Settings) -> None:
    search_id = _subscribe(settings, (HUMAS, "id"))
    key = DigestKey(search_id, HUMAS, DAY)
    now = datetime.now(UTC)
    with open_office(settings) as conn:
        assert claim(conn, key, now) is True
        assert claim(conn, key, now + timedelta(minutes=5)) is False  # another run is sending
        assert claim(conn, key, now + timedelta(hours=2)) is True  # that run crashed
