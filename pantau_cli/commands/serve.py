"""``pantau serve``: the web UI (``/``) and the JSON API (``/api``, ``/docs``) with uvicorn."""

from __future__ import annotations

import argparse
import socket

import uvicorn

from pantau.settings import Settings
from search_api.app import create_app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free port, so the URL can be printed before serving."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def serve(settings: Settings, sock: socket.socket) -> None:
    config = uvicorn.Config(create_app(settings), log_level="info")
    uvicorn.Server(config).run(sockets=[sock])


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    host = args.host or settings.api.host
    port = args.port if args.port is not None else settings.api.port
    sock = bind(host, port)
    actual = sock.getsockname()[1]
    base = f"http://{host}:{actual}"
    print(f"Web UI: {base}/", flush=True)
    print(f"Pantau API: {base}/api/search?q=bekasi  (docs: {base}/docs)", flush=True)
    serve(settings, sock)
    return 0
