"""Work items: constraints, cascades and the optimistic lock."""

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.models import Milestone, WorkItem, WorkItemUnit


def test_item_keeps_units_in_printed_order_with_lead_first(db, make_item, make_unit):
    lead, co1, co2 = make_unit(name="县水利局"), make_unit(name="县统计局"), make_unit(name="县财政局")
    item = make_item(lead_unit=lead, co_units=[co1, co2])
    db.session.commit()
    db.session.expire_all()

    loaded = db.session.get(WorkItem, item.id)
    assert [u.name for u in loaded.units] == ["县水利局", "县统计局", "县财政局"]
    assert [u.name for u in loaded.co_units] == ["县统计局", "县财政局"]
    assert loaded.lead_unit.name == "县水利局"


def test_unknown_status_is_refused_by_the_database(db, make_item):
    item = make_item()
    db.session.commit()
    item.status = "lost"
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_progress_outside_0_to_100_is_refused(db, make_item):
    item = make_item()
    db.session.commit()
    item.progress_percent = 120
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_same_unit_cannot_be_linked_twice_to_one_item(db, make_item, make_unit):
    unit = make_unit()
    item = make_item(lead_unit=unit)
    item.unit_links.append(WorkItemUnit(unit=unit, role="co", position=1))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_milestones_and_unit_links_go_with_their_item(db, make_item):
    item = make_item()
    item.milestones.append(
        Milestone(phrase="6月底前", due_on=dt.date(2025, 6, 30), original_due_on=dt.date(2025, 6, 30))
    )
    db.session.commit()
    db.session.delete(item)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Milestone)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkItemUnit)) == 0


def test_document_with_items_cannot_be_deleted(db, make_item):
    item = make_item()
    db.session.commit()
    document_id = item.document_id
    with db.engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(db.text("DELETE FROM documents WHERE id = :id"), {"id": document_id})


def test_second_concurrent_save_gets_a_conflict_not_an_overwrite(db, make_item):
    item = make_item(title="原标题")
    db.session.commit()
    item_id = item.id

    with Session(db.engine) as other:
        theirs = other.get(WorkItem, item_id)
        ours = db.session.get(WorkItem, item_id)
        assert ours.version == theirs.version == 1

        theirs.title = "另一人的修改"
        other.commit()

        ours.title = "我的修改"
        with pytest.raises(StaleDataError):
            db.session.commit()
    db.session.rollback()

    saved = db.session.get(WorkItem, item_id)
    db.session.refresh(saved)
    assert saved.title == "另一人的修改"
    assert saved.version == 2


def test_timestamps_come_back_timezone_aware(db, make_item):
    item = make_item()
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(WorkItem, item.id)
    assert loaded.created_at.tzinfo is not None
    assert loaded.created_at.utcoffset() == dt.timedelta(0)


def test_naive_timestamp_is_refused(db, make_item):
    item = make_item()
    item.signed_at = dt.datetime(2025, 1, 1, 9, 0)
    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
