"""Pantau's settings: one ``Settings`` object built from ``pantau.toml`` and ``PANTAU_*`` variables.

Precedence (highest first): constructor arguments (tests), environment (``PANTAU_HOME``,
``PANTAU_STORE``, ``PANTAU_API__PORT`` …; nested sections use ``__``), ``pantau.toml`` in the
working directory (or the file named by ``PANTAU_CONFIG``), defaults. Defaults work with no file:
everything lives under ``PANTAU_HOME`` (``./var``).

No module reads the environment itself; components receive a ``Settings`` instance.
"""

from __future__ import annotations

import os
import tomllib
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pantau.config_errors import ConfigError, describe

# Says who we are and why, so an outlet's admin can tell our requests apart and reach us.
DEFAULT_USER_AGENT = "PantauBot/0.1 (news monitoring for Indonesian government humas offices)"


class Section(BaseModel):
    """A ``[section]`` of pantau.toml: a misspelled key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


def config_file() -> Path:
    """``pantau.toml`` in the working directory, or the file named by ``PANTAU_CONFIG``."""
    return Path(os.environ.get("PANTAU_CONFIG", "pantau.toml"))


class CrawlSettings(Section):
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    concurrent_per_domain: int = 2
    download_delay: float = 0.5
    autothrottle: bool = True
    max_listing_pages: int = 5
    max_articles_per_source: int = 500
    extract_workers: int | None = Field(
        default=None,
        ge=0,
        description="extraction worker processes; default: one per CPU; 0: in the crawl's process",
    )
    extract_timeout: float = Field(
        default=20.0, gt=0, description="seconds one page's extraction may take (in a worker)"
    )
    sources_file: Path | None = Field(
        default=None, description="sources.yaml; default: ./sources.yaml"
    )
    frontier: str | None = Field(
        default=None,
        description="redis://host:6379/0: the shared frontier of `pantau crawl --worker` "
        "processes (docs/scale-out.md); unset: one crawl per machine",
    )
    frontier_visibility: float = Field(
        default=60.0,
        gt=0,
        description="seconds after which the requests of a worker that stopped answering are "
        "fetched by another",
    )
    cycle_seconds: int = Field(
        default=7200,
        ge=0,
        description="distributed mode: a new crawl cycle starts at most this often",
    )

    @field_validator("frontier")
    @classmethod
    def _check_frontier(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"frontier must be a redis:// or rediss:// URL, not {value!r}")
        return value


class ApiSettings(Section):
    host: str = "127.0.0.1"
    port: int = 8000
    max_page_size: int = 100
    public_url: str | None = Field(
        default=None,
        description="the address staff open Pantau at (https://pantau.kantor.go.id): the links "
        "in e-mails (the day's results, unsubscribe); unset: e-mails carry no links",
    )
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "testserver"],
        description="Host headers served (DNS rebinding): add the name staff use, e.g. "
        "pantau.bekasikota.go.id; the host of public_url is added by itself",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="proxies whose X-Forwarded-For/-Proto are believed (uvicorn), comma-separated",
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1024, description="larger request bodies are refused (413)"
    )
    requests_per_minute: int = Field(
        default=600, ge=1, description="per client address; more is answered 429"
    )
    result_cache: int = Field(
        default=256,
        ge=0,
        description="store answers (searches, timelines, agency tones) each server process keeps "
        "until the SQLite store changes; 0: none",
    )


class ScheduleSettings(Section):
    timezone: str = Field(default="Asia/Jakarta", description="the office's clock for cron times")
    crawl: str = Field(default="0 */2 * * *", description="crontab line: when to crawl all sources")
    misfire_grace_seconds: int = Field(
        default=900, description="a run late by more than this (machine asleep) is skipped"
    )
    crawl_timeout_seconds: int = Field(
        default=3600, description="a crawl running longer is stopped"
    )
    digest: str = Field(
        default="0 7 * * *", description="crontab line: when to send the daily digests"
    )
    alerts: str = Field(
        default="*/5 * * * *",
        description="crontab line: retry failed alerts, release those held in quiet hours",
    )
    maintain: str = Field(
        default="30 2 * * sun",  # a name: APScheduler counts weekday numbers from Monday
        description="crontab line: weekly store upkeep (ANALYZE, FTS optimize, VACUUM)",
    )


class SmtpSettings(Section):
    """The mail server digests go out through (``smtplib``); no host means nothing is sent."""

    host: str | None = Field(default=None, description="SMTP server; unset: digests are not sent")
    port: int = Field(default=25, description="25 (plain), 587 (starttls) or 465 (ssl)")
    username: str | None = None
    password: SecretStr | None = None
    starttls: bool = Field(default=False, description="upgrade the connection with STARTTLS")
    ssl: bool = Field(default=False, description="TLS from the first byte (SMTPS, port 465)")
    from_address: str = Field(
        default="Pantau <pantau@localhost>", description="From: of every digest"
    )
    timeout: float = Field(default=30.0, description="seconds to wait for the server")

    @model_validator(mode="after")
    def _one_tls_mode(self) -> SmtpSettings:
        if self.starttls and self.ssl:
            raise ValueError("smtp: choose starttls or ssl, not both")
        return self


class DigestSettings(Section):
    """What a daily digest contains and how its sending is retried."""

    send_empty: bool = Field(
        default=True, description="send a short 'no new articles' digest on a quiet day"
    )
    max_articles: int = Field(default=10, ge=1, description="articles listed in a digest")
    max_agencies: int = Field(default=10, ge=1, description="agencies listed with their tone")
    scan_limit: int = Field(
        default=500,
        ge=1,
        le=10_000,  # the stores' deepest reachable result (MAX_RESULT_WINDOW)
        description="articles read per digest for agency tone and ordering",
    )
    retry_days: int = Field(
        default=7, ge=0, description="a failed digest is retried on later runs for this many days"
    )


class AuthSettings(Section):
    """Accounts (``pantau users``): every page and API call needs a login or an API token."""

    session_hours: float = Field(default=12.0, gt=0, description="a login lasts this long")
    allowed_mail_domains: list[str] = Field(
        default_factory=list,
        description="e-mail domains staff may subscribe (bekasikota.go.id); another address "
        "needs an admin. Empty: any domain",
    )


class AlertSettings(BaseModel):
    """Instant alerts of saved searches (docs/alerts.md): matching, delivery, quiet hours."""

    # A new section, so no file in the field relies on a misspelled key being ignored.
    model_config = ConfigDict(extra="forbid")

    webhook_secret: SecretStr | None = Field(
        default=None,
        description="shared secret that signs webhook bodies (HMAC-SHA256); unset: webhooks fail",
    )
    quiet_start: time | None = Field(
        default=None, description="quiet hours begin (schedule.timezone), e.g. 22:00; unset: none"
    )
    quiet_end: time | None = Field(
        default=None, description="quiet hours end; alerts held in them are sent then"
    )
    spike_threshold: int = Field(
        default=5, ge=2, description="spike mode: this many matches within spike_window_minutes"
    )
    spike_window_minutes: int = Field(default=60, ge=1, le=24 * 60)
    lookback_hours: int = Field(
        default=48,
        ge=1,
        description="an article published this long before it is crawled still alerts",
    )
    scan_limit: int = Field(
        default=1000,
        ge=1,
        le=10_000,  # the stores' deepest reachable result (MAX_RESULT_WINDOW)
        description="matches read per alert rule and run",
    )
    retry_base_seconds: int = Field(
        default=60, ge=1, description="first retry of a failed delivery; doubles each attempt"
    )
    retry_max_seconds: int = Field(
        default=3600, ge=1, description="longest wait between two attempts (never given up)"
    )
    webhook_timeout: float = Field(default=10.0, gt=0, description="seconds to wait for a webhook")
    max_listed: int = Field(default=20, ge=1, description="articles listed in an alert e-mail")

    @model_validator(mode="after")
    def _quiet_hours_pair(self) -> AlertSettings:
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("alerts: set both quiet_start and quiet_end, or neither")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("alerts: quiet_start and quiet_end must differ")
        return self


class ArchiveSettings(Section):
    """The crawl-time archive (docs/partners.md): raw responses in WARC files under home/warc."""

    max_file_bytes: int = Field(
        default=100 * 1024 * 1024, ge=1024, description="a WARC file past this size is closed"
    )
    recheck_delay: float = Field(
        default=1.0, ge=0, description="seconds between two requests of `pantau archive recheck`"
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PANTAU_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    home: Path = Field(default=Path("var"), description="data directory (PANTAU_HOME)")
    store: str | None = Field(
        default=None,
        description=(
            "sqlite:///path/to/file.db or an Elasticsearch URL "
            "http(s)://[user:pass@]host:9200[/?index=ALIAS] (alias default pantau-articles); "
            "default: SQLite under home"
        ),
    )
    agencies_file: Path | None = Field(
        default=None, description="agencies.yaml: local bodies and aliases added to the gazetteer"
    )
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    archive: ArchiveSettings = Field(default_factory=ArchiveSettings)
    partners_file: Path | None = Field(
        default=None,
        description="partners.yaml: media partner contracts; default: home/partners.yaml",
    )

    def __init__(self, **values: Any) -> None:
        """As ``BaseSettings``, but a bad file or value raises :class:`ConfigError` (one line)."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(describe(exc, type(self), config_file())) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_file()}: not valid TOML: {exc}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file()}: cannot read: {exc}") from exc

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = config_file()
        if "PANTAU_CONFIG" in os.environ and not toml_file.is_file():
            # An explicitly named file that is missing is a mistake; the default may be absent.
            raise ConfigError(f"PANTAU_CONFIG={toml_file}: no such file")
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
        )

    @property
    def store_url(self) -> str:
        if self.store:
            return self.store
        return f"sqlite:///{(self.home / 'pantau.db').resolve()}"

    @property
    def partners_path(self) -> Path:
        return self.partners_file or self.home / "partners.yaml"

    @property
    def sources_path(self) -> Path:
        return self.crawl.sources_file or Path("sources.yaml")
