"""Instant alerts: a rule on a subscription of a saved search, the list of rules, the deliveries.

* ``GET|PUT|DELETE /api/saved-searches/{id}/subscriptions/{sub_id}/alert`` — a subscription's
  alert rule (PUT creates or replaces it; replacing keeps what was already alerted).
* ``GET /api/alerts`` — every rule; ``GET /api/alerts/deliveries`` — the outbox, newest first
  (what is waiting, why, and what was sent).

The API only edits and shows rules; alerts are matched and delivered by ``pantau alerts run``, the
crawl and the scheduler, never in this process. An invalid rule (no channel, a webhook URL that is
not http(s), ``negative`` on a saved search without an agency) is answered 400 with a message, an
unknown id 404, as the saved-search routes do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from search_api.alerts import outbox, rules
from search_api.app.alert_schemas import AlertRuleIn, AlertRuleOut, DeliveryOut
from search_api.app.deps import OfficeDep, RowId
from search_api.digests import searches
from search_api.digests.searches import NotFound
from search_api.digests.validation import ValidationError

router = APIRouter(tags=["alerts"])

_RULE_PATH = "/api/saved-searches/{search_id}/subscriptions/{subscription_id}/alert"
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "invalid rule"},
    404: {"description": "no saved search, subscription or alert with that id"},
}


@contextmanager
def _answers() -> Iterator[None]:
    try:
        yield
    except ValidationError as exc:
        raise HTTPException(400, str(exc)) from exc
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/api/alerts", response_model=list[AlertRuleOut])
def list_alert_rules(office: OfficeDep) -> list[AlertRuleOut]:
    return [AlertRuleOut.of(rule) for rule in rules.list_rules(office)]


@router.get("/api/alerts/deliveries", response_model=list[DeliveryOut])
def list_deliveries(
    office: OfficeDep,
    status: Literal["pending", "sending", "sent", "uncertain"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[DeliveryOut]:
    return [
        DeliveryOut.of(row) for row in outbox.list_deliveries(office, status=status, limit=limit)
    ]


@router.get(_RULE_PATH, response_model=AlertRuleOut, responses=_ERRORS)
def get_alert_rule(search_id: RowId, subscription_id: RowId, office: OfficeDep) -> AlertRuleOut:
    with _answers():
        return AlertRuleOut.of(rules.get_rule(office, search_id, subscription_id))


@router.put(_RULE_PATH, response_model=AlertRuleOut, responses=_ERRORS)
def set_alert_rule(
    search_id: RowId, subscription_id: RowId, body: AlertRuleIn, office: OfficeDep
) -> AlertRuleOut:
    with _answers():
        saved = searches.get_saved_search(office, search_id)
        return AlertRuleOut.of(rules.set_rule(office, saved, subscription_id, body.fields()))


@router.delete(_RULE_PATH, status_code=204, response_class=Response, responses=_ERRORS)
def delete_alert_rule(search_id: RowId, subscription_id: RowId, office: OfficeDep) -> Response:
    with _answers():
        rules.delete_rule(office, search_id, subscription_id)
    return Response(status_code=204)
