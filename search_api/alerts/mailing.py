"""An alert as an e-mail, sent through the digests' SMTP :class:`~search_api.digests.mail.Mailer`.

Plain text only: an alert is read on a phone within minutes, and the text is the same one a
webhook receives. The headers are the digest's (``Date``, ``Message-ID``, ``Auto-Submitted:
auto-generated`` so auto-replies stay quiet, ``Content-Language``) plus ``X-Pantau-Alert`` with
the alert's id, so a mail rule can sort alerts apart from digests.

Settings read: ``smtp.from_address`` (passed in).
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from search_api.alerts.render import RenderedAlert
from search_api.digests.mail import new_message, stable_message_id


def compose_alert(
    rendered: RenderedAlert, *, alert_id: int, sender: str, recipient: str, now: datetime
) -> EmailMessage:
    message = new_message(
        subject=rendered.subject,
        sender=sender,
        recipient=recipient,
        now=now,
        # One per alert and recipient: a retry after a late acknowledgement is the same message.
        message_id=stable_message_id("alert", str(alert_id), recipient, sender),
    )
    message["X-Pantau-Alert"] = str(alert_id)
    message.set_content(rendered.text)
    # After the body: set_content() clears every Content-* header already present.
    message["Content-Language"] = rendered.language
    return message
