"""Events: the append-only history of every change."""

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime


class Event(db.Model):
    """Who changed what, when, with the values before and after.

    Rows are only ever inserted: the session refuses to flush an update or a
    delete of an Event, so the history cannot be rewritten through the app.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_work_item_occurred", "work_item_id", "occurred_at"),
        Index("ix_events_kind_occurred", "kind", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: None for the system (scheduler, import script).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: What happened, dotted: "item.created", "item.status", "item.turned_red", "user.login" …
    kind: Mapped[str] = mapped_column(String(40))
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id", ondelete="RESTRICT"))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    #: A reason or comment given with the change (退回 reason, 延期 reason).
    note: Mapped[str | None] = mapped_column(String(500))

    actor: Mapped["User | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} item={self.work_item_id}>"


class HistoryIsAppendOnly(RuntimeError):
    """Raised when code tries to update or delete an Event."""


@event.listens_for(Session, "before_flush")
def _refuse_history_rewrites(session, flush_context, instances):
    """Stop a flush that would change or remove history rows."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Event) and (obj in session.deleted or session.is_modified(obj)):
            raise HistoryIsAppendOnly(f"{obj!r} cannot be changed or deleted: history is append-only")
