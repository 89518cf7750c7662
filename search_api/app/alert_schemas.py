"""Request and response models of the alert API (``routers/alerts.py``) and of ``pantau alerts …
--json`` and ``pantau saved subscribe … --alert``, so the command line and the API print the same
fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from search_api.alerts.rules import MAX_URL_LENGTH, AlertRule, RuleFields

ModeIn = Literal["every", "negative", "spike"]


class AlertRuleIn(BaseModel):
    mode: ModeIn = Field(
        description="every: each new match; negative: tone towards the saved search's agency "
        "is negative; spike: spike_threshold matches within alerts.spike_window_minutes"
    )
    spike_threshold: int | None = Field(
        default=None, ge=2, description="spike mode; default: the alerts.spike_threshold setting"
    )
    by_email: bool = Field(default=True, description="e-mail the subscription's address")
    webhook_url: str | None = Field(
        default=None,
        max_length=MAX_URL_LENGTH,
        examples=["https://gateway.bekasikota.go.id/pantau"],
        description="POST a signed JSON body here (docs/alerts.md)",
    )

    def fields(self) -> RuleFields:
        return RuleFields(
            mode=self.mode,
            spike_threshold=self.spike_threshold,
            by_email=self.by_email,
            webhook_url=self.webhook_url,
        )


class AlertRuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    subscription_id: int
    saved_search_id: int
    email: str
    language: str
    active: bool
    mode: str
    spike_threshold: int | None
    by_email: bool
    webhook_url: str | None
    since: datetime = Field(description="only articles crawled from then on alert")
    last_checked_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, rule: AlertRule) -> AlertRuleOut:
        return cls.model_validate(rule)


class DeliveryOut(BaseModel):
    """One delivery of an alert over one channel (the outbox)."""

    id: int
    alert_id: int
    subscription_id: int
    kind: str
    articles: int
    channel: str
    target: str
    status: str = Field(
        description="pending (waiting: quiet hours or a retry), sending, sent, uncertain "
        "(sent whole, never acknowledged: held for a person)"
    )
    attempts: int
    next_attempt_at: datetime
    held_until: datetime | None = Field(description="found in quiet hours, held until then")
    last_error: str | None
    sent_at: datetime | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> DeliveryOut:
        return cls.model_validate(row)
