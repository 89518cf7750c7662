"""The bundled sample news site: four outlets and the office's site, each on its own port.

Usage in tests::

    with SampleSite() as site:
        site.base_urls["kabarmasa.com"]          # "http://127.0.0.1:PORT/"
        site.write_sources(tmp_path / "sources.yaml")

``python -m samplesite.server [BASE_PORT]`` runs it standalone and prints the URLs. Articles are
data in ``samplesite/articles/``; the modules next to this file render them.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Callable, Collection, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from samplesite import blogger, kabarmasa, legacy, wordpress
from samplesite.model import (
    OUTLET_IDS,
    OutletData,
    SampleArticle,
    load_articles,
    load_outlet,
)
from samplesite.pages import Page, Routes

__all__ = ["SOURCES_TEMPLATE", "SampleArticle", "SampleSite", "load_articles"]

SOURCES_TEMPLATE = Path(__file__).resolve().parent / "sources.yaml"

_BUILDERS: dict[str, Callable[[OutletData, str], Routes]] = {
    "wartabekasi.com": wordpress.build,
    "sumedangpost.blogspot.com": blogger.build,
    "kabarmasa.com": kabarmasa.build,
    "suarapriangan.net": legacy.build,
    # The office's own site runs WordPress too, as many regional-government sites do.
    "humas.bekasikota.go.id": wordpress.build,
}

_NOT_FOUND = Page(
    b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    b"<body><h1>404 Halaman tidak ditemukan</h1></body></html>",
    "text/html; charset=UTF-8",
    status=404,
)


def _gone(status: int) -> Page:
    return Page(
        b"<!DOCTYPE html><html><head><title>Berita dihapus</title></head>"
        b"<body><h1>Berita ini telah dihapus</h1></body></html>",
        "text/html; charset=UTF-8",
        status=status,
    )


class _OutletServer(ThreadingHTTPServer):
    """One outlet's HTTP server; the handler reads the routes and the log from here."""

    daemon_threads = True

    def __init__(self, host: str, port: int, outlet: str, site: SampleSite) -> None:
        super().__init__((host, port), _Handler)
        self.outlet = outlet
        self.site = site
        self.routes: Routes = {}
        self.data: OutletData | None = None
        self.base = ""
        # Paths of deleted articles and the status they answer (404 or 410).
        self.deleted: dict[str, int] = {}


class _Handler(BaseHTTPRequestHandler):
    server: _OutletServer
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def _page(self) -> Page:
        routes = self.server.routes
        path, _, query = self.path.partition("?")
        if query and f"{path}?{query}" in routes:
            return routes[f"{path}?{query}"]
        # Like most CMSes, unknown query strings (utm_*, m=1, fbclid) are ignored.
        return routes.get(path, _NOT_FOUND)

    def _respond(self, *, body: bool) -> None:
        self.server.site._log(self.server.outlet, self.path)
        page = self._page()
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        if page.location:
            self.send_header("Location", page.location)
        self.end_headers()
        if body:
            self.wfile.write(page.body)

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``SampleSite.request_log`` instead of stderr."""


class SampleSite:
    """Serves the four sample outlets on loopback, each on its own port.

    ``base_port=0`` (the default, for tests) picks free ports; a fixed ``base_port`` puts the
    outlets on ``base_port``, ``base_port + 1``, ... so URLs stay stable between runs (the demo).
    ``redesigned`` outlets serve their new template (only kabarmasa.com has one: dates drawn by
    JavaScript), to test that ``pantau sources check`` notices a redesign.
    """

    def __init__(
        self, host: str = "127.0.0.1", *, base_port: int = 0, redesigned: Collection[str] = ()
    ) -> None:
        self.host = host
        self.redesigned = frozenset(redesigned)
        self.base_port = base_port
        self.base_urls: dict[str, str] = {}
        self.request_log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._servers: list[_OutletServer] = []
        self._threads: list[threading.Thread] = []

    def _log(self, outlet: str, path: str) -> None:
        with self._lock:
            self.request_log.append((outlet, path))

    def requests_for(self, outlet: str) -> list[str]:
        """Paths requested from one outlet so far (a snapshot)."""
        with self._lock:
            return [path for o, path in self.request_log if o == outlet]

    def start(self) -> None:
        if self._servers:
            raise RuntimeError("SampleSite already started")
        try:
            for index, outlet_id in enumerate(OUTLET_IDS):
                port = self.base_port + index if self.base_port else 0
                server = _OutletServer(self.host, port, outlet_id, self)
                self._servers.append(server)
                base = f"http://{self.host}:{server.server_address[1]}/"
                if outlet_id in self.redesigned and outlet_id != "kabarmasa.com":
                    raise ValueError(f"only kabarmasa.com has a redesigned template: {outlet_id}")
                server.data = load_outlet(outlet_id)
                server.base = base
                self._rebuild(server)
                self.base_urls[outlet_id] = base
        except BaseException:
            self._close_servers()
            raise
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sample-site-{server.outlet}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def _rebuild(self, server: _OutletServer) -> None:
        assert server.data is not None  # set in start()
        if server.outlet in self.redesigned:
            routes = kabarmasa.build(server.data, server.base, redesign=True)
        else:
            routes = _BUILDERS[server.outlet](server.data, server.base)
        for path, status in server.deleted.items():
            routes[path] = _gone(status)
        server.routes = routes  # one assignment: a request sees the old or the new site

    def _server(self, outlet: str) -> _OutletServer:
        for server in self._servers:
            if server.outlet == outlet:
                return server
        raise KeyError(f"no running outlet {outlet!r} (start the SampleSite first)")

    def _article(self, server: _OutletServer, slug: str) -> SampleArticle:
        assert server.data is not None
        for article in server.data.articles:
            if article.slug == slug:
                return article
        raise KeyError(f"{server.outlet} has no article {slug!r}")

    def edit_article(
        self,
        outlet: str,
        slug: str,
        *,
        title: str | None = None,
        paragraphs: Sequence[str] | None = None,
    ) -> str:
        """Change an article in place, as an outlet editing a published story (same URL).
        Returns the article's path."""
        with self._lock:
            server = self._server(outlet)
            article = self._article(server, slug)
            changes: dict[str, object] = {}
            if title is not None:
                changes["title"] = title
            if paragraphs is not None:
                changes["paragraphs"] = tuple(paragraphs)
            edited = dataclasses.replace(article, **changes)  # type: ignore[arg-type]
            assert server.data is not None
            server.data = dataclasses.replace(
                server.data,
                articles=tuple(edited if a is article else a for a in server.data.articles),
            )
            self._rebuild(server)
            return article.path

    def delete_article(self, outlet: str, slug: str, *, status: int = 410) -> str:
        """Take an article down: its URL answers ``status`` (410 Gone or 404) and it leaves the
        feeds, sitemaps and listings. Returns the article's path."""
        if status not in (404, 410):
            raise ValueError(f"a deleted article answers 404 or 410, not {status}")
        with self._lock:
            server = self._server(outlet)
            article = self._article(server, slug)
            assert server.data is not None
            server.data = dataclasses.replace(
                server.data, articles=tuple(a for a in server.data.articles if a is not article)
            )
            server.deleted[article.path] = status
            self._rebuild(server)
            return article.path

    def _close_servers(self) -> None:
        for server in self._servers:
            server.server_close()
        self._servers.clear()
        self.base_urls.clear()

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self._close_servers()

    def __enter__(self) -> SampleSite:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def write_sources(self, path: Path) -> Path:
        """Write ``sources.yaml`` for the live site: each ``url`` becomes the outlet's base URL."""
        if not self.base_urls:
            raise RuntimeError("start the SampleSite before writing sources")
        with SOURCES_TEMPLATE.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        for source in data["sources"]:
            source["url"] = self.base_urls[source["id"]]
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)
        return path


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    site = SampleSite(base_port=port)
    site.start()
    try:
        for outlet_id, url in site.base_urls.items():
            print(f"{outlet_id:28} {url}")
        print("Ctrl-C to stop.", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()


if __name__ == "__main__":
    main()
