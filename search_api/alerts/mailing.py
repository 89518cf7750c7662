"""An alert as an e-mail, sent through the digests' SMTP :class:`~search_api.digests.mail.Mailer`.

Plain text only: an alert is read on a phone within minutes, and the text is the same one a
webhook receives. The headers are the digest's (``Date``, ``Message-ID``, ``Auto-Submitted:
auto-generated`` so auto-replies stay quiet, ``Content-Language``) plus ``X-Pantau-Alert`` with
the alert's id, so a mail rule can sort alerts apart from digests.

Settings read: ``smtp.from_address`` (passed in).
"""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from search_api.alerts.render import RenderedAlert


def compose_alert(
    rendered: RenderedAlert, *, alert_id: int, sender: str, recipient: str, now: datetime
) -> EmailMessage:
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(now)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(idstring="pantau-alert", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Pantau-Alert"] = str(alert_id)
    message.set_content(rendered.text)
    # After the body: set_content() clears every Content-* header already present.
    message["Content-Language"] = rendered.language
    return message
