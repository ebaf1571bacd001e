"""The history table is append-only."""

import pytest

from tracker.models import Event, HistoryIsAppendOnly


def test_events_can_be_added(db, make_item):
    item = make_item()
    db.session.add(Event(kind="item.created", work_item_id=item.id, after={"title": item.title}))
    db.session.commit()
    assert db.session.scalar(db.select(Event.kind)) == "item.created"


def test_event_cannot_be_edited(db):
    event = Event(kind="user.login", note="first")
    db.session.add(event)
    db.session.commit()
    event.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(db.select(Event.note)) == "first"


def test_event_cannot_be_deleted(db):
    event = Event(kind="user.login")
    db.session.add(event)
    db.session.commit()
    db.session.delete(event)
    with pytest.raises(HistoryIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 1
