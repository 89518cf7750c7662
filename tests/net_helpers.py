"""Loopback helpers shared by the tests' local servers."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port nobody listens on right now (aiosmtpd 1.4 cannot bind port 0 itself; a
    closed port is also what an unreachable server looks like)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
