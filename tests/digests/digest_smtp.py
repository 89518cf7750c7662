"""Helpers for the digest tests: a collecting SMTP handler (aiosmtpd), free ports, settings."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from net_helpers import free_port as free_port  # the tests here import it from this module

from pantau.settings import Settings, SmtpSettings


@dataclass
class Received:
    """What the SMTP server was given: envelope recipients and the parsed message."""

    recipients: list[str]
    message: EmailMessage


@dataclass
class CollectingHandler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    port: int
    handler: CollectingHandler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def make_settings(tmp_path: Path, store_url: str, smtp_port: int, **overrides: Any) -> Settings:
    smtp = SmtpSettings(
        host="127.0.0.1",
        port=smtp_port,
        from_address="Pantau Humas <pantau@bekasikota.go.id>",
        timeout=5,
    )
    return Settings(home=tmp_path, store=store_url, smtp=smtp, **overrides)
