"""A store URL's password is never printed: not in a store error, not in its cause."""

from __future__ import annotations

import traceback

import pytest
from net_helpers import free_port

from search_api.store import StoreError, open_store


@pytest.mark.parametrize("url", ["http://pantau:topsecret@127.0.0.1:{port}", "ftp://u:topsecret@x"])
def test_an_unreachable_or_wrong_store_url_hides_the_password(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url.format(port=free_port()))
    printed = "".join(traceback.format_exception(caught.value))
    assert "topsecret" not in printed
    assert "***" in printed or "127.0.0.1" in printed
