"""Writing and reading the append-only change history."""

import datetime as dt

from tracker import clock
from tracker.extensions import db
from tracker.models import Event, User


def record_event(
    kind: str,
    actor: User | None,
    *,
    item=None,
    document=None,
    unit=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Add one history row in the caller's transaction.

    ``actor`` None means the system (scheduler, import script). Never pass a
    password or a hash in ``before``/``after``: the history is shown to admins.
    """
    event = Event(
        kind=kind,
        actor_id=actor.id if actor is not None else None,
        work_item_id=item.id if item is not None else None,
        document_id=document.id if document is not None else None,
        unit_id=unit.id if unit is not None else None,
        before=before,
        after=after,
        note=note,
        occurred_at=at or clock.now(),
    )
    db.session.add(event)
    return event


def search_events(
    *,
    kind: str | None = None,
    actor_id: int | None = None,
    work_item_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str | None = None,
    page: int = 1,
    per_page: int = 50,
):
    """Return a page of events, newest first, filtered as given (for the admin history search)."""
    query = db.select(Event).order_by(Event.occurred_at.desc(), Event.id.desc())
    if kind:
        query = query.where(Event.kind.startswith(kind, autoescape=True))
    if actor_id:
        query = query.where(Event.actor_id == actor_id)
    if work_item_id:
        query = query.where(Event.work_item_id == work_item_id)
    if since:
        query = query.where(Event.occurred_at >= clock.start_of_day(since))
    if until:
        query = query.where(Event.occurred_at < clock.start_of_day(until + dt.timedelta(days=1)))
    if text:
        query = query.where(Event.note.contains(text, autoescape=True))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def item_history(item) -> list[Event]:
    """Every event of one work item, oldest first."""
    return list(
        db.session.scalars(
            db.select(Event).where(Event.work_item_id == item.id).order_by(Event.occurred_at, Event.id)
        )
    )
