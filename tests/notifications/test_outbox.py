"""Queueing mail: rendered from templates, unique per dedupe key, inside the caller's transaction."""

import datetime as dt

from tracker.extensions import db
from tracker.models import OutboxMail, ReportDuty
from tracker.notifications.outbox import add_rows, dedupe_key, enqueue, outbox_row
from tracker.notifications.render import RenderedMail
from tracker.services.duties import DueReport


def test_a_second_enqueue_with_the_same_key_is_a_no_op(db, make_item):
    item = make_item()
    first = enqueue("report_due", "a@example.cn", "k1", due=_due(item), unit=item.lead_unit, today=None)
    second = enqueue("report_due", "a@example.cn", "k1", due=_due(item), unit=item.lead_unit, today=None)
    db.session.commit()

    assert first is not None
    assert second is None
    assert db.session.query(OutboxMail).count() == 1


def test_a_key_taken_by_another_writer_is_caught_without_losing_the_callers_work(db, make_item, monkeypatch):
    item = make_item()
    db.session.add(
        OutboxMail(kind="x", recipient="a@example.cn", subject="s", body_text="b", dedupe_key="k1")
    )
    db.session.flush()
    monkeypatch.setattr("tracker.notifications.outbox.is_queued", lambda key: False)

    assert (
        enqueue("report_due", "a@example.cn", "k1", due=_due(item), unit=item.lead_unit, today=None) is None
    )
    db.session.commit()
    assert db.session.get(type(item), item.id) is not None


def test_a_batch_with_a_key_taken_meanwhile_adds_the_other_rows(db, make_item):
    item = make_item()
    db.session.add(
        OutboxMail(kind="x", recipient="a@example.cn", subject="s", body_text="b", dedupe_key="k2")
    )
    db.session.flush()
    mail = RenderedMail("subject", "text", "<p>html</p>")
    rows = [outbox_row("weekly_digest", "a@example.cn", f"k{n}", mail) for n in (1, 2, 3)]

    assert add_rows(rows) == 2
    db.session.commit()
    assert sorted(db.session.scalars(db.select(OutboxMail.dedupe_key))) == ["k1", "k2", "k3"]
    assert db.session.get(type(item), item.id) is not None


def test_long_dedupe_keys_end_in_a_hash_and_stay_distinct():
    long_a, long_b = "a" * 300 + "@example.cn", "a" * 300 + "@example.com"
    key_a, key_b = dedupe_key("digest", "unit-1", long_a), dedupe_key("digest", "unit-1", long_b)

    assert len(key_a) == len(key_b) == 200
    assert key_a != key_b
    assert dedupe_key("Digest", "unit-1", "A@Example.cn") == "digest:unit-1:a@example.cn"


def _due(item):
    """An occurrence of a monthly report duty on ``item``, for the report_due template."""
    duty = ReportDuty(work_item=item, phrase="每月报送", rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    db.session.add(duty)
    return DueReport(duty, item.lead_unit_id, dt.date(2026, 11, 30))
