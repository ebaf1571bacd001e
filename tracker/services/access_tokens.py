"""Issuing and checking the tokens of the JSON API and of the calendar feeds.

A token is 32 random bytes (URL-safe text); the database keeps only its
SHA-256, so the token is shown once, when it is issued. Each owner (a user, or
a unit for its calendar) has at most one live token per kind: issuing a new one
deletes the old one, so regenerating invalidates a leaked URL or key. A token
also ends with the person behind it: :func:`revoke_tokens_of` runs when their
password is changed or reset, when they are deactivated and when they move to
another unit or role.
"""

import datetime as dt
import hashlib
import secrets

from tracker.extensions import db
from tracker.models import AccessToken, Unit, User
from tracker.services.history import record_event


def hash_token(token: str) -> str:
    """The hex SHA-256 stored in place of ``token``."""
    return hashlib.sha256(token.encode()).hexdigest()


def _owner_clause(kind: str, user: User | None, unit: Unit | None):
    if (user is None) == (unit is None):
        raise ValueError("a token belongs to exactly one user or one unit")
    owner = AccessToken.user_id == user.id if user is not None else AccessToken.unit_id == unit.id
    return db.and_(AccessToken.kind == kind, owner)


def issue_token(
    kind: str, actor: User, now: dt.datetime, *, user: User | None = None, unit: Unit | None = None
) -> str:
    """Replace the owner's token of ``kind`` with a new one and return it (the only time it is readable)."""
    db.session.execute(db.delete(AccessToken).where(_owner_clause(kind, user, unit)))
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccessToken(
            kind=kind,
            token_hash=hash_token(token),
            user_id=user.id if user else None,
            unit_id=unit.id if unit else None,
            created_at=now,
            created_by_id=actor.id,
        )
    )
    record_event(
        "token.issued", actor, unit=unit, after={"kind": kind, "user_id": user.id if user else None}, at=now
    )
    return token


def current_token(kind: str, *, user: User | None = None, unit: Unit | None = None) -> AccessToken | None:
    """The owner's live token row of ``kind`` (its hash and dates, never the token), or None."""
    return db.session.scalars(db.select(AccessToken).where(_owner_clause(kind, user, unit))).first()


def find_token(kind: str, token: str) -> AccessToken | None:
    """The live token row matching ``token``, or None; a token of a deactivated user matches nothing."""
    if not token:
        return None
    row = db.session.scalars(
        db.select(AccessToken).where(AccessToken.kind == kind, AccessToken.token_hash == hash_token(token))
    ).first()
    if row is None or (row.user is not None and not row.user.is_active):
        return None
    return row


def revoke_token(
    kind: str, actor: User, now: dt.datetime, *, user: User | None = None, unit: Unit | None = None
) -> bool:
    """Delete the owner's token of ``kind`` (the token page's 撤销); False when there was none."""
    deleted = db.session.execute(db.delete(AccessToken).where(_owner_clause(kind, user, unit))).rowcount
    if deleted:
        record_event(
            "token.revoked",
            actor,
            unit=unit,
            after={"kind": kind, "user_id": user.id if user else None},
            at=now,
        )
    return bool(deleted)


def revoke_tokens_of(person: User, actor: User | None, reason: str) -> int:
    """Delete every token ``person`` owns or issued (a unit feed they handed out); return how many.

    Called when the person's password changes or is reset, or they are
    deactivated, moved to another unit or given another role: a copied API key
    or feed URL must not outlive the access it was issued under.
    """
    deleted = db.session.execute(
        db.delete(AccessToken).where(
            db.or_(AccessToken.user_id == person.id, AccessToken.created_by_id == person.id)
        )
    ).rowcount
    if deleted:
        record_event("token.revoked", actor, after={"user_id": person.id, "count": deleted}, note=reason)
    return deleted
