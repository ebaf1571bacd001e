"""Queue e-mails as OutboxMail rows in the caller's transaction; :mod:`dispatch` sends them after commit."""

import hashlib
import logging
from collections.abc import Collection

from flask_babel import lazy_gettext
from sqlalchemy import exists
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import OutboxMail
from tracker.notifications.render import RenderedMail, render_mail

logger = logging.getLogger(__name__)

_KEY_LENGTH = OutboxMail.dedupe_key.type.length


#: What each kind of mail is called on the outbox page.
MAIL_KINDS = {
    "weekly_digest": lazy_gettext("每周提醒"),
    "report_due": lazy_gettext("报送提醒"),
    "escalation": lazy_gettext("超期升级"),
}


def mail_kind_label(kind: str) -> str:
    """The name of a kind of mail as readers see it."""
    return str(MAIL_KINDS.get(kind, lazy_gettext("其他邮件")))


def dedupe_key(*parts: object) -> str:
    """Join ``parts`` into a dedupe key; a key too long for the column ends in a hash instead."""
    key = ":".join(str(part) for part in parts).lower()
    if len(key) <= _KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return key[: _KEY_LENGTH - len(digest) - 1] + "~" + digest


def is_queued(key: str) -> bool:
    """Whether a mail with this dedupe key exists (queued, sent or failed)."""
    return db.session.scalar(db.select(exists().where(OutboxMail.dedupe_key == key)))


def queued_keys(keys: Collection[str]) -> set[str]:
    """Those of ``keys`` that are in the outbox already: one query for a batch of would-be mails."""
    return set(db.session.scalars(db.select(OutboxMail.dedupe_key).where(OutboxMail.dedupe_key.in_(keys))))


def enqueue(kind: str, recipient: str, key: str, **context) -> OutboxMail | None:
    """Render mail ``kind`` for ``recipient`` and add it to the outbox, unless ``key`` is already there.

    Returns the new row, or None when the key exists. The check avoids
    rendering twice. Nothing is sent here: the caller commits, then the
    dispatcher sends.
    """
    if is_queued(key):
        return None
    row = outbox_row(kind, recipient, key, render_mail(kind, **context))
    return row if add_rows([row]) else None


def outbox_row(kind: str, recipient: str, key: str, mail: RenderedMail) -> OutboxMail:
    """A new outbox row for a rendered mail, not yet in the session."""
    return OutboxMail(
        kind=kind,
        recipient=recipient,
        subject=mail.subject[: OutboxMail.subject.type.length],
        body_text=mail.text,
        body_html=mail.html,
        dedupe_key=key,
    )


def add_rows(rows: list[OutboxMail]) -> int:
    """Add ``rows`` to the outbox in one INSERT; return how many went in.

    The unique constraint, hit inside a SAVEPOINT, settles a race with
    another writer without undoing the caller's other work: the batch is
    then retried row by row, so only the keys taken meanwhile are dropped.
    Callers check the keys beforehand, so the fallback is rare; one INSERT
    per batch is what lets a sweep queue 10^4 digests in seconds.
    """
    try:
        with db.session.begin_nested():
            db.session.add_all(rows)
    except IntegrityError:
        if len(rows) == 1:
            logger.info("Mail %s was queued meanwhile by another writer", rows[0].dedupe_key)
            return 0
        return sum(add_rows([_fresh(row)]) for row in rows)
    return len(rows)


def _fresh(row: OutboxMail) -> OutboxMail:
    """A copy of a row whose INSERT was rolled back, without the id it may have been given."""
    return OutboxMail(
        **{
            column: getattr(row, column)
            for column in ("kind", "recipient", "subject", "body_text", "body_html", "dedupe_key")
        }
    )


#: The states of an outbox row (see OutboxMail.state).
STATES = ("queued", "sent", "failed")


def outbox_query(state: str | None = None):
    """Outbox rows, newest first, optionally only those queued, sent or failed."""
    query = db.select(OutboxMail).order_by(OutboxMail.id.desc())
    unsent = OutboxMail.sent_at.is_(None)
    if state == "sent":
        query = query.where(~unsent)
    elif state == "failed":
        query = query.where(unsent, OutboxMail.failed_at.is_not(None))
    elif state == "queued":
        query = query.where(unsent, OutboxMail.failed_at.is_(None))
    return query
