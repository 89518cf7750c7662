"""Alert rules (validated like the saved searches they extend), quiet hours and spike grouping."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alert_helpers import NOW, SECRET, SINCE, article

from pantau.settings import AlertSettings, Settings
from search_api.alerts.match import spikes
from search_api.alerts.quiet import quiet_until
from search_api.alerts.rules import RuleFields, delete_rule, get_rule, list_rules, set_rule
from search_api.alerts.webhook import sign, verify
from search_api.digests import searches
from search_api.digests.db import connect
from search_api.digests.searches import NotFound, SearchFields
from search_api.digests.validation import ValidationError

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_set_replace_and_delete_a_rule(tmp_path: Path) -> None:
    conn = connect(tmp_path / "office.db")
    try:
        saved = searches.create_saved_search(
            conn,
            SearchFields(name="Pemkot", query="", agency_tones=["kota-bekasi/pemkot:negative"]),
        )
        sub = searches.subscribe(conn, saved.id, "humas@bekasikota.go.id", "en")
        rule = set_rule(conn, saved, sub.id, RuleFields(mode="negative"), now=SINCE)
        assert (rule.mode, rule.by_email, rule.webhook_url, rule.since) == (
            "negative",
            True,
            None,
            SINCE,
        )
        assert (rule.email, rule.language) == ("humas@bekasikota.go.id", "en")
        # Replacing keeps `since`, so the sent-log and the backlog rule stay as they were.
        spike = RuleFields(mode="spike", spike_threshold=4, webhook_url=" https://gw.example/h ")
        rule = set_rule(conn, saved, sub.id, spike, now=NOW)
        assert (rule.mode, rule.spike_threshold, rule.webhook_url, rule.since) == (
            "spike",
            4,
            "https://gw.example/h",
            SINCE,
        )
        assert [r.subscription_id for r in list_rules(conn, active_only=True)] == [sub.id]
        searches.update_subscription(conn, saved.id, sub.id, active=False)
        assert list_rules(conn, active_only=True) == []
        delete_rule(conn, saved.id, sub.id)
        with pytest.raises(NotFound):
            get_rule(conn, saved.id, sub.id)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (RuleFields(mode="sometimes"), "expected one of every, negative, spike"),
        (RuleFields(mode="every", by_email=False), "needs a channel"),
        (RuleFields(mode="every", webhook_url="ftp://gw.example/h"), "expected an http"),
        (RuleFields(mode="spike", spike_threshold=1), "at least 2"),
        (RuleFields(mode="negative"), "needs a saved search with an agency"),
    ],
)
def test_invalid_rules_are_refused(tmp_path: Path, fields: RuleFields, message: str) -> None:
    conn = connect(tmp_path / "office.db")
    try:
        saved = searches.create_saved_search(conn, SearchFields(name="Bekasi", query="bekasi"))
        sub = searches.subscribe(conn, saved.id, "humas@bekasikota.go.id", "id")
        with pytest.raises(ValidationError, match=message):
            set_rule(conn, saved, sub.id, fields)
        assert list_rules(conn) == []
        with pytest.raises(NotFound):
            set_rule(conn, saved, sub.id + 1, RuleFields(mode="every"))
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("local", "until"),
    [
        ("21:59", None),
        ("22:00", "2026-12-04 06:00"),
        ("23:30", "2026-12-04 06:00"),
        ("03:00", "2026-12-03 06:00"),
        ("06:00", None),
        ("12:00", None),
    ],
)
def test_quiet_hours_over_midnight(local: str, until: str | None) -> None:
    hour, minute = map(int, local.split(":"))
    now = datetime(2026, 12, 3, hour, minute, tzinfo=JAKARTA)
    got = quiet_until(now.astimezone(ZoneInfo("UTC")), time(22), time(6), JAKARTA)
    assert (got.strftime("%Y-%m-%d %H:%M") if got else None) == until


def test_quiet_hours_within_a_day_and_none() -> None:
    noon = datetime(2026, 12, 3, 12, 30, tzinfo=JAKARTA)
    assert quiet_until(noon, time(12), time(13), JAKARTA) == noon.replace(hour=13, minute=0)
    assert quiet_until(noon, None, None, JAKARTA) is None


def test_quiet_hours_settings_come_in_pairs() -> None:
    with pytest.raises(ValueError, match="both quiet_start and quiet_end"):
        AlertSettings(quiet_start=time(22))
    assert AlertSettings(quiet_start="22:00", quiet_end="06:00").quiet_end == time(6)


def test_spikes_group_articles_within_the_window() -> None:
    at = [NOW + timedelta(minutes=m) for m in (0, 10, 50, 70, 200, 205, 209)]
    articles = [article(n, f"Bekasi {n}", published=t) for n, t in enumerate(at)]
    groups = spikes(articles, 3, timedelta(hours=1))
    # 0, 10, 50 within the hour; 70 is left alone; 200, 205, 209 a second spike.
    assert [[a.title for a in g] for g in groups] == [
        ["Bekasi 0", "Bekasi 1", "Bekasi 2"],
        ["Bekasi 4", "Bekasi 5", "Bekasi 6"],
    ]
    assert spikes(articles[:2], 3, timedelta(hours=1)) == []


def test_the_documented_configuration_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "alerts.md").read_text(encoding="utf-8")
    example = doc.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pantau.toml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PANTAU_CONFIG", raising=False)
    settings = Settings()
    assert (settings.alerts.quiet_start, settings.alerts.quiet_end) == (time(22), time(6))
    assert settings.schedule.alerts == "*/5 * * * *"
    (tmp_path / "pantau.toml").write_text("[alerts]\nquiet_strat = '22:00'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="quiet_strat"):
        Settings()


def test_signatures_verify_and_refuse_tampering_and_replay() -> None:
    body = b'{"event":"pantau.alert"}'
    now = datetime.now(UTC)
    stamp = int(now.timestamp())
    signature = sign(SECRET, stamp, body)
    assert verify(SECRET, timestamp=str(stamp), signature=signature, body=body, now=now)
    assert not verify(SECRET, timestamp=str(stamp), signature=signature, body=body + b" ", now=now)
    assert not verify("other", timestamp=str(stamp), signature=signature, body=body, now=now)
    later = now + timedelta(minutes=6)  # a replay after the tolerance
    assert not verify(SECRET, timestamp=str(stamp), signature=signature, body=body, now=later)
    assert not verify(SECRET, timestamp=None, signature=signature, body=body, now=now)
