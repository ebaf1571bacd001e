"""Deliver one message: over SMTP when SMTP_HOST is set, otherwise to the log (development)."""

import logging
import smtplib
from email.message import EmailMessage
from typing import Protocol

logger = logging.getLogger(__name__)

#: Seconds to wait for the mail server before counting the attempt as failed (config SMTP_TIMEOUT).
SMTP_TIMEOUT = 30


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Deliver ``message`` or raise."""


class SmtpTransport:
    """One SMTP connection per send: reminders are few, and a fresh connection survives server restarts."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = SMTP_TIMEOUT,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.user, self.password, self.starttls = user, password, starttls

    def send(self, message: EmailMessage) -> None:
        """Send over a fresh connection; smtplib uses SMTPUTF8 when an address needs it and the server offers it.

        A server without SMTPUTF8 cannot take a non-ASCII mailbox name at
        all, so that recipient is refused for good (553 5.6.7, RFC 6531's
        reply for it) rather than retried for a day.
        """
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            try:
                smtp.send_message(message)
            except smtplib.SMTPNotSupportedError as error:
                reason = f"5.6.7 邮件服务器不支持 SMTPUTF8，无法发往中文用户名的地址（{error}）"
                raise smtplib.SMTPRecipientsRefused(
                    {address: (553, reason.encode()) for address in message.get_all("To", [])}
                ) from error


class LogTransport:
    """Development sink: log that a message would have been sent (subject only, no addresses)."""

    def send(self, message: EmailMessage) -> None:
        logger.info("SMTP_HOST is not set; not sending mail %r", message["Subject"])


def transport_from_config(config) -> Transport:
    """The transport the configuration asks for."""
    if not config.get("SMTP_HOST"):
        return LogTransport()
    return SmtpTransport(
        config["SMTP_HOST"],
        config["SMTP_PORT"],
        user=config.get("SMTP_USER"),
        password=config.get("SMTP_PASSWORD"),
        starttls=config.get("SMTP_STARTTLS", False),
        timeout=config.get("SMTP_TIMEOUT", SMTP_TIMEOUT),
    )


def is_permanent(error: Exception) -> bool:
    """Whether retrying cannot help: the server answered 5xx, to every recipient when it refused them.

    A 4xx reply is temporary wherever it comes (greylisting answers 451 at
    RCPT, a busy server 421 at any step), so it is retried with backoff. Refused
    recipients are judged each by its own code: one of them worth retrying
    makes the try temporary.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(_is_5xx(code) for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and _is_5xx(error.smtp_code)


def describe(error: Exception) -> str:
    """The error as one readable line for the outbox page: refused recipients each with code and reply."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(
            f"{address}: {code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for address, (code, reply) in error.recipients.items()
        )
        return f"{type(error).__name__}: {replies}"
    return f"{type(error).__name__}: {error}"


def _is_5xx(code: int) -> bool:
    return 500 <= code < 600
