"""The scheduler's jobs: how they are registered, and a real crawl job against the sample site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from pantau.crawl_process import CrawlProcessFailed
from pantau.models import Article, article_id
from pantau.settings import CrawlSettings, ScheduleSettings, Settings
from search_api.scheduler import ScheduleError, add_jobs, crawl_job, digest_job, maintain_job
from search_api.store import open_store

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_crawl_job_is_registered_safely() -> None:
    settings = Settings(
        schedule=ScheduleSettings(crawl="30 6,12,18 * * *", misfire_grace_seconds=600)
    )
    scheduler = BackgroundScheduler(timezone=JAKARTA)
    add_jobs(scheduler, settings)
    job = scheduler.get_job("crawl")
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.misfire_grace_time == 600
    after = datetime(2023, 11, 9, 12, 31, tzinfo=JAKARTA)
    assert job.trigger.get_next_fire_time(None, after) == datetime(
        2023, 11, 9, 18, 30, tzinfo=JAKARTA
    )


def test_digest_job_runs_every_morning_in_jakarta() -> None:
    scheduler = BackgroundScheduler(timezone=ZoneInfo("UTC"))  # the job's own zone must win
    add_jobs(scheduler, Settings())
    assert {job.id for job in scheduler.get_jobs()} == {"crawl", "digest", "alerts", "maintain"}
    job = scheduler.get_job("digest")
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.misfire_grace_time == 900
    assert job.trigger.timezone == JAKARTA
    after = datetime(2026, 11, 28, 7, 1, tzinfo=JAKARTA)
    assert job.trigger.get_next_fire_time(None, after) == datetime(
        2026, 11, 29, 7, 0, tzinfo=JAKARTA
    )


def _article(n: int, text: str) -> Article:
    url = f"https://kabarmasa.com/berita/{n}"
    return Article(id=article_id("kabarmasa.com", url), url=url, canonical_url=url,
                   outlet="kabarmasa.com",
                   title=f"Banjir {n}", text=text)  # fmt: skip


def test_maintenance_runs_weekly_and_shrinks_the_store(tmp_path: Path) -> None:
    scheduler = BackgroundScheduler(timezone=ZoneInfo("UTC"))
    add_jobs(scheduler, Settings())
    job = scheduler.get_job("maintain")
    after = datetime(2026, 12, 3, 12, 0, tzinfo=JAKARTA)  # a Thursday
    assert job.trigger.get_next_fire_time(None, after) == datetime(
        2026, 12, 6, 2, 30, tzinfo=JAKARTA
    )
    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'm.db'}")
    store = open_store(settings.store_url)
    try:
        # Write every article again with a shorter text: the old rows leave free pages behind.
        store.upsert([_article(n, "banjir rob di pesisir " * 200) for n in range(40)])
        store.upsert([_article(n, "banjir rob") for n in range(40)])
        count = store.count()
    finally:
        store.close()
    report = maintain_job(settings)
    assert report["engine"] == "sqlite"
    assert report["bytes_after"] < report["bytes_before"]
    store = open_store(settings.store_url)
    try:
        assert store.count() == count  # nothing lost
    finally:
        store.close()


def test_digest_job_sends_what_is_due(tmp_path: Path) -> None:
    # No saved searches yet: the job runs, counts nothing and needs neither SMTP nor articles.
    report = digest_job(Settings(home=tmp_path))
    assert (report["sent"], report["failed"]) == (0, 0)
    assert (tmp_path / "office.db").is_file()


@pytest.mark.parametrize("name", ["crawl", "digest", "alerts", "maintain"])
def test_bad_crontab_names_the_setting(name: str) -> None:
    settings = Settings(schedule=ScheduleSettings(**{name: "every morning"}))
    with pytest.raises(ScheduleError, match=rf"schedule\.{name}"):
        add_jobs(BackgroundScheduler(timezone=JAKARTA), settings)


@pytest.mark.slow
def test_crawl_job_crawls_into_the_store(sample_site: Any, tmp_path: Path) -> None:
    sources = sample_site.write_sources(tmp_path / "sources.yaml")
    settings = Settings(
        home=tmp_path,
        crawl=CrawlSettings(sources_file=sources, download_delay=0, autothrottle=False),
    )
    summary = crawl_job(settings)
    assert summary["created"] >= 40
    store = open_store(settings.store_url)
    try:
        assert store.count() == summary["created"]
    finally:
        store.close()


def test_failed_crawl_raises(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, crawl=CrawlSettings(sources_file=tmp_path / "missing.yaml"))
    with pytest.raises(CrawlProcessFailed, match="cannot read"):
        crawl_job(settings)


def test_store_maintain_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pantau_cli.main import main

    monkeypatch.setenv("PANTAU_HOME", str(tmp_path))
    monkeypatch.setenv("PANTAU_STORE", f"sqlite:///{tmp_path / 'c.db'}")
    assert main(["store", "maintain", "--json"]) == 0
    assert '"vacuum"' in capsys.readouterr().out
