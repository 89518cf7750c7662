"""The API against its own OpenAPI document: thousands of generated requests (Schemathesis),
valid and invalid, and not one answered with a server error (5xx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from auth_helpers import token_for
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from pantau.settings import ApiSettings, Settings
from search_api.app import create_app
from search_api.store import open_store

pytestmark = pytest.mark.slow

# Cases per API operation; the API has ~25, so a run is a few thousand requests.
EXAMPLES = 150
_TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    import test_api

    home: Path = tmp_path_factory.mktemp("schemathesis")
    config = Settings(
        home=home,
        store=f"sqlite:///{home / 's.db'}",
        # Thousands of requests from one address: the rate limit is not what this tests.
        api=ApiSettings(requests_per_minute=1_000_000),
    )
    with open_store(config.store_url) as store:
        store.upsert(test_api.ARTICLES)
    app = create_app(config)
    _TOKENS["admin"] = token_for(home)
    with TestClient(app):  # runs the lifespan: the store and names stay open for the cases
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_server_errors(api_schema: Any) -> None:
    # Schemathesis' own pytest plugin does not run on pytest 9 yet, so each operation's cases are
    # drawn here with Hypothesis directly from the operation's strategy.
    auth = {"Authorization": f"Bearer {_TOKENS['admin']}"}
    server_errors: list[str] = []
    sent = 0
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            nonlocal sent
            response = case.call(headers=auth)
            sent += 1
            if response.status_code >= 500:
                server_errors.append(
                    f"{case.method} {case.formatted_path} {case.query} -> "
                    f"{response.status_code} {response.text[:200]}"
                )

        check()
    assert server_errors == []
    assert sent >= 2000
