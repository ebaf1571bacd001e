"""Send queued mail: claim a row, send it, record the outcome; retry with exponential backoff.

Each row goes through two short transactions. The claim (one conditional
UPDATE) counts the attempt, names the claimant (the scheduler's lock tenure)
and pushes ``next_attempt_at`` a lease ahead, so a second dispatcher skips the
row; after sending, ``sent_at`` or the error and the next try are written.
A scheduler that took the lock over sends its dead predecessor's claimed mail
at once instead of after the lease; a claim made outside the scheduler (the
CLI) waits out the lease.

Delivery is at least once. A crash between the server accepting a mail and
that second commit, or a reply lost after the server accepted (a dropped
connection, a reply later than the timeout), sends it again; every copy
carries the same Message-ID, so mail clients can drop the extra one. Nothing
is ever dropped: a transient failure waits and retries, a permanent one is
kept as failed for ``outbox retry``.
"""

import datetime as dt
import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import and_, or_, update

from tracker import clock
from tracker.extensions import db
from tracker.models import OutboxMail
from tracker.notifications.transport import Transport, describe, is_permanent, transport_from_config
from tracker.services.addresses import wire_address

logger = logging.getLogger(__name__)

#: A claimed mail whose sender died is tried again after this long.
CLAIM_LEASE = dt.timedelta(minutes=10)
#: Backoff after the n-th failure: FIRST_BACKOFF * 2**(n-1), at most MAX_BACKOFF.
FIRST_BACKOFF = dt.timedelta(minutes=1)
MAX_BACKOFF = dt.timedelta(hours=1)
#: Transient failures give up (as failed) after this many attempts: about a day at the maximum backoff.
MAX_ATTEMPTS = 30
_ERRORS = (smtplib.SMTPException, OSError)


@dataclass
class DispatchResult:
    sent: int = 0
    deferred: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"{self.sent} sent, {self.deferred} deferred, {self.failed} failed"


def is_pending(now: dt.datetime, claimant: str | None = None):
    """A WHERE clause for mail that is neither sent nor failed and whose next try is due.

    For ``claimant`` (the current scheduler tenure), mail claimed by another
    tenure is due as well: that scheduler no longer holds the lock.
    """
    due = or_(OutboxMail.next_attempt_at.is_(None), OutboxMail.next_attempt_at <= now)
    if claimant is not None:
        due = or_(due, and_(OutboxMail.claimed_by.is_not(None), OutboxMail.claimed_by != claimant))
    return (OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None), due)


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed try."""
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def dispatch_pending(
    transport: Transport | None = None,
    *,
    limit: int = 200,
    claimant: str | None = None,
    still_held: Callable[[], bool] | None = None,
) -> DispatchResult:
    """Send up to ``limit`` due mails, oldest first, committing after each one.

    The scheduler passes its lock tenure as ``claimant`` and the lock's check
    as ``still_held``: the round stops as soon as the lock is lost, so a
    successor does not find this process still sending the mail it reclaims.

    Call it only outside any unit of work (after the job's or command's
    commit): it commits as it goes. When the server cannot be reached or
    fails the whole try the round stops there, leaving the rest queued for the
    next; a recipient the server refuses for now (greylisting) only defers
    that one mail.
    """
    transport = transport or transport_from_config(current_app.config)
    result = DispatchResult()
    ids = db.session.scalars(
        db.select(OutboxMail.id)
        .where(*is_pending(clock.now(), claimant))
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    for mail_id in ids:
        if still_held is not None and not still_held():
            break
        mail = _claim(mail_id, claimant)
        if mail is None:
            continue
        outcome, server_unwell = _send_one(mail, transport)
        db.session.commit()
        setattr(result, outcome, getattr(result, outcome) + 1)
        if server_unwell:
            break  # the rest would fail the same way: leave them queued for the next round
    if ids:
        logger.info("Outbox: %s", result.summary())
    return result


def _claim(mail_id: int, claimant: str | None = None) -> OutboxMail | None:
    """Take the mail for this dispatcher, or None when another one took it or it is no longer due."""
    now = clock.now()
    claimed = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, *is_pending(now, claimant))
        .values(attempts=OutboxMail.attempts + 1, next_attempt_at=now + CLAIM_LEASE, claimed_by=claimant)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(OutboxMail, mail_id, populate_existing=True) if claimed else None


def _send_one(mail: OutboxMail, transport: Transport) -> tuple[str, bool]:
    """Build and send one claimed mail and record the outcome on its row.

    Returns ("sent" | "deferred" | "failed", whether the server itself is
    unwell so the round should stop). A message that cannot be built (an
    address with CR/LF or without ``@``, stored by an older release or a
    restore) fails alone with its reason, and the others still go out.
    """
    try:
        message = build_message(mail)
    except ValueError as error:
        _record_failure(mail, error, permanent=True)
        return "failed", False
    try:
        transport.send(message)
    except _ERRORS as error:
        if _record_failure(mail, error):
            return "failed", False
        # A recipient refused for now (greylisting) says nothing about the next mail; anything else does.
        return "deferred", not isinstance(error, smtplib.SMTPRecipientsRefused)
    mail.sent_at, mail.last_error, mail.next_attempt_at, mail.claimed_by = clock.now(), None, None, None
    return "sent", False


def _record_failure(mail: OutboxMail, error: Exception, *, permanent: bool = False) -> bool:
    """Keep the error and schedule the next try, or give up; return True when given up."""
    now = clock.now()
    mail.last_error, mail.claimed_by = describe(error)[:1000], None
    if permanent or is_permanent(error) or mail.attempts >= MAX_ATTEMPTS:
        mail.failed_at, mail.next_attempt_at = now, None
        logger.warning("Outbox mail %s failed for good after %d attempts: %s", mail.id, mail.attempts, error)
        return True
    mail.next_attempt_at = now + backoff(mail.attempts)
    logger.warning(
        "Outbox mail %s not sent (attempt %d), next try %s: %s",
        mail.id,
        mail.attempts,
        mail.next_attempt_at,
        error,
    )
    return False


def build_message(mail: OutboxMail) -> EmailMessage:
    """The MIME message of an outbox row: plain text with an HTML alternative.

    The Message-ID derives from the dedupe key, so should a mail ever be sent
    twice, both copies carry the same id. Raises ValueError (AddressError)
    when the recipient cannot receive mail.
    """
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = wire_address(mail.recipient)
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = message_id(mail)
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    return message


def message_id(mail: OutboxMail) -> str:
    """The Message-ID of a mail: from its dedupe key, so every try and every copy carries the same one."""
    domain = parseaddr(current_app.config["MAIL_SENDER"])[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(mail.dedupe_key.encode()).hexdigest()[:40]}@{domain}>"


def requeue(mail_ids: list[int] | None = None) -> int:
    """Make failed mail (or the given unsent mail) due again now, with a fresh count; return how many."""
    query = update(OutboxMail).where(OutboxMail.sent_at.is_(None))
    query = (
        query.where(OutboxMail.id.in_(mail_ids))
        if mail_ids
        else query.where(OutboxMail.failed_at.is_not(None))
    )
    return db.session.execute(
        query.values(failed_at=None, next_attempt_at=None, attempts=0, claimed_by=None).execution_options(
            synchronize_session=False
        )
    ).rowcount
