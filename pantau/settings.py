"""Pantau's settings: one ``Settings`` object built from ``pantau.toml`` and ``PANTAU_*`` variables.

Precedence (highest first): constructor arguments (tests), environment (``PANTAU_HOME``,
``PANTAU_STORE``, ``PANTAU_API__PORT`` …; nested sections use ``__``), ``pantau.toml`` in the
working directory (or the file named by ``PANTAU_CONFIG``), defaults. Defaults work with no file:
everything lives under ``PANTAU_HOME`` (``./var``).

No module reads the environment itself; components receive a ``Settings`` instance.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

# Says who we are and why, so an outlet's admin can tell our requests apart and reach us.
DEFAULT_USER_AGENT = "PantauBot/0.1 (news monitoring for Indonesian government humas offices)"


class CrawlSettings(BaseModel):
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    concurrent_per_domain: int = 2
    download_delay: float = 0.5
    autothrottle: bool = True
    max_listing_pages: int = 5
    max_articles_per_source: int = 500
    sources_file: Path | None = Field(
        default=None, description="sources.yaml; default: ./sources.yaml"
    )


class ApiSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8000
    max_page_size: int = 100


class ScheduleSettings(BaseModel):
    timezone: str = Field(default="Asia/Jakarta", description="the office's clock for cron times")
    crawl: str = Field(default="0 */2 * * *", description="crontab line: when to crawl all sources")
    misfire_grace_seconds: int = Field(
        default=900, description="a run late by more than this (machine asleep) is skipped"
    )
    crawl_timeout_seconds: int = Field(
        default=3600, description="a crawl running longer is stopped"
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

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("PANTAU_CONFIG", "pantau.toml"))
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
    def sources_path(self) -> Path:
        return self.crawl.sources_file or Path("sources.yaml")
