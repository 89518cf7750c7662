"""``pantau serve``: the web UI (``/``) and the JSON API (``/api``, ``/docs``) with uvicorn.

``--workers N`` (default: the number of CPUs) serves from N processes sharing the one listening
socket, so a slow overview on one core does not hold up a search on another. Each worker builds its
app from the environment (``search_api.app.main:app_from_environment``: the same ``pantau.toml``
and variables) and opens its own store; SQLite in WAL mode lets them all read at once, each with
its read connections pooled per thread. What lives in a worker's memory: the per-address request
rate limit (``api.requests_per_minute`` then applies per worker) and the agency names; logins,
their throttling and sessions are in the office database, shared by all.
"""

from __future__ import annotations

import argparse
import os
import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

from pantau.settings import Settings
from pantau_cli.commands.output import fail
from search_api.app import create_app


class PortUnavailable(OSError):
    """The API's address cannot be bound; the message says which and what to do."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free port, so the URL can be printed before serving.

    Bound before any other work (the demo's crawl), so a busy port costs nothing.
    """
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortUnavailable(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
            "choose another with --port (0 = any free port)"
        ) from exc
    return sock


APP_FACTORY = "search_api.app.main:app_from_environment"


def default_workers() -> int:
    return os.cpu_count() or 1


def serve(settings: Settings, sock: socket.socket, workers: int = 1) -> None:
    # Behind the office's reverse proxy: its X-Forwarded-For/-Proto are believed only from the
    # addresses in api.forwarded_allow_ips (client address for the rate limit, https for cookies).
    if workers <= 1:
        config = uvicorn.Config(
            create_app(settings),
            log_level="info",
            proxy_headers=True,
            forwarded_allow_ips=settings.api.forwarded_allow_ips,
        )
        uvicorn.Server(config).run(sockets=[sock])
        return
    # Worker processes import the app by name and build it from the environment.
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        workers=workers,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=settings.api.forwarded_allow_ips,
    )
    Multiprocess(config, sockets=[sock]).run()


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    host = args.host or settings.api.host
    port = args.port if args.port is not None else settings.api.port
    try:
        sock = bind(host, port)
    except PortUnavailable as exc:
        return fail(str(exc))
    actual = sock.getsockname()[1]
    base = f"http://{host}:{actual}"
    print(f"Web UI: {base}/", flush=True)
    print(f"Pantau API: {base}/api/search?q=bekasi  (docs: {base}/docs)", flush=True)
    workers = args.workers if args.workers is not None else default_workers()
    if workers < 1:
        sock.close()
        return fail(f"--workers must be at least 1, got {workers}")
    serve(settings, sock, workers)
    return 0
