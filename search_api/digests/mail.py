"""Composing a digest e-mail and handing it to the office's SMTP server with ``smtplib``.

A message is ``multipart/alternative`` (plain text first, HTML second, so clients that can show
HTML do) with ``Date``, ``Message-ID``, ``From``, ``To``, a UTF-8 encoded ``Subject`` (RFC 2047,
done by the ``SMTP`` policy), ``Content-Language`` and ``Auto-Submitted: auto-generated``
(RFC 3834: auto-responders must not answer it). One message per recipient, so subscribers never
see each other's addresses.

:class:`Mailer` opens one connection per digest run, lazily, and reuses it. When the server cannot
be reached, every later message of the run fails at once with the same error instead of waiting
out ``smtp.timeout`` again; a connection that drops mid-run is reopened for the next message.
Every failure is a :class:`MailError` carrying a readable reason for the send log. A timeout or a
dropped connection after the whole message was written is :class:`MailUncertain` instead: the
server may have accepted the message, so it is not a plain failure to retry.

Settings read: ``smtp.*`` (passed in as :class:`SmtpSettings`).
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from html import escape
from types import TracebackType
from typing import TYPE_CHECKING, Self

from pantau.settings import SmtpSettings
from search_api.digests.links import UNSUBSCRIBE_MARKER
from search_api.digests.render import RenderedDigest

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

logger = logging.getLogger(__name__)


class MailError(Exception):
    """A message was not accepted by the SMTP server; the message says why."""


class MailUncertain(MailError):
    """The whole message went to the server but its answer never came (timeout or dropped
    connection after the final ``.``): the server may have accepted it. Sending it again could
    deliver it twice, so callers record it as ``uncertain`` and leave the decision to a person."""


class _SMTP(smtplib.SMTP):
    """Notes when a message's terminating ``CRLF.CRLF`` has been written: from then on only the
    server knows whether it took the message."""

    body_sent = False

    def send(self, s: ReadableBuffer | str) -> None:
        super().send(s)
        # smtplib.SMTP.data() writes commands as str and the dot-stuffed body as bytes ending in
        # the terminator; nothing else ends that way.
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.body_sent = True


class _SMTPSSL(_SMTP, smtplib.SMTP_SSL):
    pass


def compose(
    rendered: RenderedDigest,
    *,
    sender: str,
    recipient: str,
    now: datetime,
    unsubscribe_url: str | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """The message for one recipient; ``unsubscribe_url`` is that recipient's own link, put in
    the bodies and in ``List-Unsubscribe`` with one-click unsubscribing (RFC 8058)."""
    text, body = rendered.text, rendered.html
    if unsubscribe_url:
        text = text.replace(UNSUBSCRIBE_MARKER, unsubscribe_url)
        body = body.replace(UNSUBSCRIBE_MARKER, escape(unsubscribe_url, quote=True))
    message = new_message(
        subject=rendered.subject,
        sender=sender,
        recipient=recipient,
        now=now,
        message_id=message_id or make_msgid(idstring="pantau-digest", domain=sender_domain(sender)),
    )
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(body, subtype="html")
    # After the bodies: set_content() clears every Content-* header already present.
    message["Content-Language"] = rendered.language
    return message


def sender_domain(sender: str) -> str | None:
    return parseaddr(sender)[1].rpartition("@")[2] or None


def new_message(
    *, subject: str, sender: str, recipient: str, now: datetime, message_id: str
) -> EmailMessage:
    """The headers every Pantau e-mail carries (digests and alerts); the caller adds the body."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id
    # Automatic mail: out-of-office replies and auto-forwarders leave it alone (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    return message


def stable_message_id(kind: str, key: str, recipient: str, sender: str) -> str:
    """The same Message-ID for every attempt at one message: when a server accepted a message but
    its answer came too late, the retry is recognisably the same message (RFC 5322 §3.6.4)."""
    domain = sender_domain(sender) or "pantau.invalid"
    hashed = hashlib.sha256(recipient.lower().encode()).hexdigest()[:16]
    return f"<pantau-{kind}.{key}.{hashed}@{domain}>"


def digest_message_id(search_id: int, email: str, day: date, sender: str) -> str:
    """One Message-ID per digest: saved search, recipient and day."""
    return stable_message_id("digest", f"{search_id}.{day:%Y%m%d}", email, sender)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        return f"SMTP {exc.smtp_code}: {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"recipient refused: {exc.recipients}"
    return f"{type(exc).__name__}: {exc}"


class Mailer:
    """``with Mailer(settings.smtp) as mailer: mailer.send(message)``."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: _SMTP | _SMTPSSL | None = None
        self._connect_error: str | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def _connect(self) -> _SMTP | _SMTPSSL:
        s = self.settings
        if not s.host:
            raise MailError("smtp.host is not set: configure [smtp] in pantau.toml")
        context = ssl.create_default_context()
        smtp: _SMTP | _SMTPSSL
        if s.ssl:
            smtp = _SMTPSSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            smtp = _SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.starttls:
                smtp.starttls(context=context)
            if s.username:
                password = s.password.get_secret_value() if s.password else ""
                smtp.login(s.username, password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._connect_error is not None:
            raise MailError(self._connect_error)
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except (OSError, smtplib.SMTPException) as exc:
                self._connect_error = f"cannot reach SMTP server {self.where}: {_describe(exc)}"
                logger.error("%s", self._connect_error)
                raise MailError(self._connect_error) from exc
        smtp = self._smtp
        smtp.body_sent = False
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            # The connection is fine; only this address was refused.
            raise MailError(_describe(exc)) from exc
        except smtplib.SMTPResponseException as exc:
            # The server answered, so it knows and we know: refused, whatever the stage.
            self._drop()
            raise MailError(f"SMTP server {self.where}: {_describe(exc)}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            if smtp.body_sent:
                raise MailUncertain(
                    f"uncertain: SMTP server {self.where} got the whole message but did not "
                    f"answer ({_describe(exc)}); it may have been delivered"
                ) from exc
            raise MailError(f"SMTP server {self.where}: {_describe(exc)}") from exc

    def _drop(self) -> None:
        """Forget a connection in an unknown state; the next message opens a new one."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException) as exc:
            # Every message was already accepted or recorded as failed; a rude goodbye from the
            # server changes nothing but is worth a line in the log.
            logger.warning("closing SMTP connection to %s: %s", self.where, exc)
            smtp.close()
