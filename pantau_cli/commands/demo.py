"""``pantau demo``: the main job end to end on the bundled sample news site.

Starts the sample site (the ``samplesite`` package, our own Indonesian articles) on loopback,
crawls it in a ``pantau crawl`` subprocess (the Twisted reactor runs once per process), which
extracts, tags and indexes into the store under ``PANTAU_HOME``, then serves the API. ``--once``
stops after indexing and prints the counts. The sample site listens on fixed ports
(``--site-port`` and the next ones) so that article URLs stay the same from one demo run to the
next; ids do not depend on the port anyway (outlet + path), so a run on other ports adds nothing.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import socket
import time
from typing import Any

from pantau.crawl_process import LOCAL_SITE_ENV, CrawlProcessFailed, crawl_subprocess
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from pantau_cli.commands.serve import PortUnavailable, bind, serve
from samplesite.server import SOURCES_TEMPLATE, SampleSite
from search_api.auth.accounts import add_user, list_users
from search_api.digests.db import open_office
from search_api.store import open_store
from search_api.store.base import SearchRequest


def store_counts(settings: Settings) -> dict[str, int]:
    store = open_store(settings.store_url)
    try:
        # Facets list every outlet and agency here, not just the top 20 a search page shows.
        result = store.search(SearchRequest(size=1, facets=True, facet_size=10_000))
        return {
            "articles": store.count(),
            "outlets": len(result.facets.get("outlet", [])),
            "agencies": len(result.facets.get("agency", [])),
        }
    finally:
        store.close()


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    # Both ports first: a busy one is reported before anything is crawled into the store.
    try:
        sock = None if args.once else bind(args.host, args.port)
    except PortUnavailable as exc:
        return fail(str(exc))
    site = SampleSite(base_port=args.site_port)
    try:
        site.start()
    except OSError as exc:
        if sock is not None:
            sock.close()
        return fail(
            f"sample site cannot listen on port {args.site_port}+: {exc.strerror}; "
            "choose others with --site-port (0 = any free port)"
        )
    settings.home.mkdir(parents=True, exist_ok=True)
    try:
        return _crawl_and_serve(settings, site, sock, args)
    finally:
        site.stop()
        if sock is not None:
            sock.close()


def _crawl_and_serve(
    settings: Settings, site: SampleSite, sock: socket.socket | None, args: argparse.Namespace
) -> int:
    sources_file = site.write_sources(settings.home / "demo-sources.yaml")
    started = time.monotonic()
    try:
        crawl = crawl_subprocess(settings, sources_file, env=LOCAL_SITE_ENV)
    except CrawlProcessFailed as exc:
        return fail(str(exc), code=1)
    _demo_partners(settings)
    summary = {
        **store_counts(settings),
        "new": crawl["created"],
        "rejected": crawl["rejected"],
        "skipped_already_stored": crawl["skipped_already_stored"],
        "seconds": round(time.monotonic() - started, 1),
    }
    if sock is None:  # --once
        if args.json:
            print_json(summary)
        else:
            print(", ".join(f"{k}: {v}" for k, v in summary.items()))
        return 0
    return _serve(settings, site.base_urls, summary, sock, args.host)


DEMO_USER = "demo"
DEMO_PARTNERS = SOURCES_TEMPLATE.with_name("partners.yaml")  # shipped in the samplesite package


def _demo_partners(settings: Settings) -> None:
    """A sample media contract, so /mitra and ``pantau partners report`` have one to show; an
    existing partners.yaml is the user's and is left alone."""
    target = settings.partners_path
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEMO_PARTNERS, target)


def demo_login(settings: Settings) -> tuple[str, str] | None:
    """The demo's own admin account, made when the installation has no user yet (then the
    password is new and printed); None when users exist (they sign in as themselves)."""
    with open_office(settings) as conn:
        if list_users(conn):
            return None
        password = secrets.token_urlsafe(9)
        add_user(conn, DEMO_USER, "admin", password)
    return DEMO_USER, password


def _serve(
    settings: Settings,
    outlets: dict[str, str],
    summary: dict[str, Any],
    sock: socket.socket,
    host: str,
) -> int:
    base = f"http://{host}:{sock.getsockname()[1]}"
    print(f"Indexed {summary['articles']} articles from {summary['outlets']} outlets.")
    print("Sample news site:")
    for outlet, url in outlets.items():
        print(f"  {outlet}: {url}")
    print(f"Web UI: {base}/")
    print(f"API:    {base}/api/search?q=bekasi")
    print(f"Docs:   {base}/docs")
    print(f"Health: {base}/healthz")
    login = demo_login(settings)
    if login is not None:
        print(f"Login:  {login[0]} / {login[1]}  (a local demo account, made for this demo)")
    print("Press Ctrl+C to stop.", flush=True)
    serve(settings, sock)
    return 0
