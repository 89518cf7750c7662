"""The alert routes over a real office database: a rule per subscription, the rules, the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from alert_helpers import PEMKOT, Smtp, article
from auth_helpers import grant
from fastapi.testclient import TestClient

from pantau.settings import Settings
from search_api.alerts.run import run_alerts
from search_api.app import create_app


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield grant(test_client, settings.home)


def _subscription(client: TestClient, **search: object) -> str:
    body = {"name": "Pemkot Bekasi", "query": "bekasi", **search}
    body["subscriptions"] = [{"email": "humas@bekasikota.go.id"}]
    created = client.post("/api/saved-searches", json=body).json()
    return f"/api/saved-searches/{created['id']}/subscriptions/{created['subscriptions'][0]['id']}"


def test_put_get_list_delete_a_rule(client: TestClient) -> None:
    path = _subscription(client, agencies=[PEMKOT[0]])
    assert client.get(f"{path}/alert").status_code == 404

    put = client.put(
        f"{path}/alert", json={"mode": "negative", "webhook_url": "https://gw.example/hook"}
    )
    assert put.status_code == 200, put.text
    rule = put.json()
    assert (rule["mode"], rule["by_email"], rule["webhook_url"]) == (
        "negative",
        True,
        "https://gw.example/hook",
    )
    assert client.get(f"{path}/alert").json() == rule
    assert [r["subscription_id"] for r in client.get("/api/alerts").json()] == [
        rule["subscription_id"]
    ]

    spike = client.put(f"{path}/alert", json={"mode": "spike", "spike_threshold": 4}).json()
    assert (spike["mode"], spike["spike_threshold"], spike["since"]) == (
        "spike",
        4,
        rule["since"],
    )

    assert client.delete(f"{path}/alert").status_code == 204
    assert client.get(f"{path}/alert").status_code == 404
    assert client.get("/api/alerts").json() == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"mode": "negative"}, 400, "needs a saved search with an agency"),
        ({"mode": "every", "by_email": False}, 400, "needs a channel"),
        ({"mode": "every", "webhook_url": "gopher://x"}, 400, "expected an http"),
        ({"mode": "sometimes"}, 422, None),
        ({"mode": "spike", "spike_threshold": 1}, 422, None),
    ],
)
def test_invalid_rules_are_refused(
    client: TestClient, body: dict[str, object], status: int, message: str | None
) -> None:
    path = _subscription(client)
    response = client.put(f"{path}/alert", json=body)
    assert response.status_code == status
    if message:
        assert message in response.json()["detail"]["message"]
    assert client.get("/api/alerts").json() == []


def test_unknown_subscription_is_404(client: TestClient) -> None:
    path = _subscription(client)
    response = client.put(f"{path}9/alert", json={"mode": "every"})
    assert response.status_code == 404


def test_deliveries_show_what_was_sent(
    client: TestClient, settings: Settings, add_articles: Callable[..., None], smtp: Smtp
) -> None:
    path = _subscription(client)
    client.put(f"{path}/alert", json={"mode": "every"})
    # The rule's `since` is the real clock's; an article crawled after it.
    since = client.get(f"{path}/alert").json()["since"]
    crawled = datetime.fromisoformat(since) + timedelta(seconds=1)
    add_articles(article(1, "Bekasi", published=crawled - timedelta(minutes=5), crawled=crawled))
    report = run_alerts(settings, now=crawled + timedelta(minutes=1))
    assert report.sent == 1
    [delivery] = client.get("/api/alerts/deliveries").json()
    assert (delivery["channel"], delivery["status"], delivery["attempts"]) == ("email", "sent", 1)
    assert delivery["articles"] == 1
    assert client.get("/api/alerts/deliveries", params={"status": "pending"}).json() == []
