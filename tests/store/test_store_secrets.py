"""A store URL's password is never printed: not in a store error, not in its cause."""

from __future__ import annotations

import socket
import traceback

import pytest

from search_api.store import StoreError, open_store


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there once the socket is closed


@pytest.mark.parametrize("url", ["http://pantau:topsecret@127.0.0.1:{port}", "ftp://u:topsecret@x"])
def test_an_unreachable_or_wrong_store_url_hides_the_password(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url.format(port=_closed_port()))
    printed = "".join(traceback.format_exception(caught.value))
    assert "topsecret" not in printed
    assert "***" in printed or "127.0.0.1" in printed
