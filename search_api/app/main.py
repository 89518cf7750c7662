"""Application factory. Settings come in as an argument; nothing here reads the environment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from nlp.agency_names import AgencyNames
from pantau import __version__
from pantau.settings import Settings
from search_api.app import docs_pages, errors, ui
from search_api.app.headers import SecurityHeaders
from search_api.app.limits import RequestLimits
from search_api.app.routers import (
    alerts,
    articles,
    corrections,
    export,
    health,
    partners,
    releases,
    saved_searches,
    search,
    stats,
    users,
)
from search_api.app.schemas import ErrorOut
from search_api.auth.guard import guard
from search_api.store import open_store
from search_api.store.cached import cached

# Per server process: the overview asks the store 4 questions at once; a few people's at a time.
STORE_THREADS = 8

COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (401, "no login session or API token"),
        (403, "the role is too low, or a cross-site form"),
        (413, "the request body is too large"),
        (422, "invalid parameters, each named in detail.errors"),
        (429, "too many requests from this address (Retry-After)"),
        (503, "the office database or the article store is unavailable"),
    )
}


def allowed_hosts(settings: Settings) -> list[str]:
    hosts = list(settings.api.allowed_hosts)
    if settings.api.public_url:
        name = urlsplit(settings.api.public_url).hostname
        if name:
            hosts.append(name)
    if settings.api.host not in ("127.0.0.1", "0.0.0.0", "::", "::1", "localhost"):
        hosts.append(settings.api.host)
    return hosts


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        RequestLimits,
        max_body=settings.api.max_body_bytes,
        per_minute=settings.api.requests_per_minute,
    )
    # Outermost: a request for another host name (DNS rebinding) is refused before anything.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))


def app_from_environment() -> FastAPI:
    """The app of ``pantau.toml`` and the environment: what each ``pantau serve --workers``
    process builds for itself (uvicorn calls it by name)."""
    return create_app(Settings())


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Repeated questions (ten officers opening the same overview) answered from memory until
        # the store changes (store/cached.py).
        app.state.store = cached(open_store(settings.store_url), settings.api.result_cache)
        # Names for agency ids the pages show without an article beside them (facets, filters).
        app.state.agency_names = AgencyNames.load(overrides=settings.agencies_file)
        # Long-lived, so each keeps its SQLite read connection (and its warm page cache).
        app.state.store_threads = ThreadPoolExecutor(STORE_THREADS, thread_name_prefix="store")
        try:
            yield
        finally:
            app.state.store_threads.shutdown(wait=True)
            app.state.store.close()

    app = FastAPI(
        title="Pantau API",
        version=__version__,
        description=(
            "Pemantauan berita untuk humas pemerintah daerah — news monitoring for humas offices."
        ),
        lifespan=lifespan,
        # Served by docs_pages with local assets: FastAPI's own pages load them from a CDN.
        docs_url=None,
        redoc_url=None,
        # Every route needs a login or a token (search_api/auth/guard.py), added or not yet.
        dependencies=[Depends(guard)],
        # The errors any route may answer, in the app's one envelope (errors.py, limits.py).
        responses=COMMON_ERRORS,
    )
    app.state.settings = settings
    errors.install(app)
    _add_middleware(app, settings)
    docs_pages.install(app)
    app.include_router(search.router)
    app.include_router(articles.router)
    app.include_router(health.router)
    app.include_router(saved_searches.router)
    app.include_router(alerts.router)
    app.include_router(stats.router)
    app.include_router(export.router)
    app.include_router(corrections.router)
    app.include_router(releases.router)
    app.include_router(users.router)
    app.include_router(partners.router)
    # The web UI (HTML pages at / and /artikel/{id}) and its stylesheet and icons.
    app.include_router(ui.router)
    app.mount("/static", ui.static_files(), name="static")
    return app
