"""The work-item workflow: who may move an item where, and what history it leaves."""

import datetime as dt

import pytest

from tracker import clock
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.models import Event, Milestone
from tracker.services import workflow

NOW = dt.datetime(2025, 5, 6, 9, 30, tzinfo=clock.timezone())


@pytest.fixture
def setting(db, make_unit, make_item, make_user):
    lead, co = make_unit(name="县水利局"), make_unit(name="县统计局")
    item = make_item(lead_unit=lead, co_units=[co])
    item.milestones.append(
        Milestone(phrase="6月底前", due_on=dt.date(2025, 6, 30), original_due_on=dt.date(2025, 6, 30))
    )
    staff = make_user(role="unit_staff", unit=lead)
    co_staff = make_user(role="unit_staff", unit=co)
    office = make_user(role="supervisor")
    viewer = make_user(role="viewer")
    db.session.commit()
    return item, staff, co_staff, office, viewer


def kinds(db, item):
    return [
        e.kind
        for e in db.session.scalars(db.select(Event).where(Event.work_item_id == item.id).order_by(Event.id))
    ]


def test_full_path_from_signing_to_done_leaves_history(db, setting):
    item, staff, _, office, _ = setting
    workflow.sign_item(item, staff, NOW)
    assert item.status == "in_progress"
    assert item.signed_by_id == staff.id
    workflow.report_progress(item, staff, "已完成方案编制", 40, NOW)
    workflow.submit_item(item, staff, "已全部完成，附验收报告", NOW)
    assert item.status == "submitted"
    workflow.accept_item(item, office, NOW, note="同意办结")
    db.session.commit()
    assert item.status == "done"
    assert item.closed_at == NOW
    assert all(m.completed_at == NOW for m in item.milestones)
    assert item.progress_reports[-1].review_state == "accepted"
    assert kinds(db, item) == ["item.status", "item.progress", "item.report", "item.status", "item.status"]


def test_returned_submission_goes_back_to_the_unit_with_the_reason(db, setting):
    item, staff, _, office, _ = setting
    workflow.submit_item(item, staff, "已完成", NOW)
    workflow.return_item(item, office, "缺少验收材料", NOW)
    db.session.commit()
    assert item.status == "in_progress"
    completion = item.progress_reports[-1]
    assert completion.review_state == "returned"
    assert completion.review_note == "缺少验收材料"


def test_return_needs_a_reason(db, setting):
    item, staff, _, office, _ = setting
    workflow.submit_item(item, staff, "已完成", NOW)
    with pytest.raises(InvalidTransition, match="原因"):
        workflow.return_item(item, office, "   ", NOW)


def test_units_cannot_close_their_own_items(db, setting):
    item, staff, _, _, _ = setting
    workflow.submit_item(item, staff, "已完成", NOW)
    with pytest.raises(PermissionDenied):
        workflow.accept_item(item, staff, NOW)


def test_viewer_can_do_nothing(db, setting):
    item, _, _, _, viewer = setting
    assert workflow.allowed_actions(item, viewer) == []
    with pytest.raises(PermissionDenied):
        workflow.sign_item(item, viewer, NOW)


def test_co_unit_may_report_but_not_sign_or_submit(db, setting):
    item, _, co_staff, _, _ = setting
    assert workflow.allowed_actions(item, co_staff) == ["report"]
    workflow.report_progress(item, co_staff, "统计口径已确认", 10, NOW)
    assert item.status == "assigned"
    assert item.progress_percent == 0


def test_done_item_accepts_no_more_reports(db, setting):
    item, staff, _, office, _ = setting
    workflow.submit_item(item, staff, "已完成", NOW)
    workflow.accept_item(item, office, NOW)
    with pytest.raises(InvalidTransition, match="已办结"):
        workflow.report_progress(item, staff, "补充", 100, NOW)


@pytest.mark.parametrize("percent", [-1, 101, "abc", None])
def test_progress_must_be_a_percentage(db, setting, percent):
    item, staff, _, _, _ = setting
    with pytest.raises(InvalidTransition, match="0 到 100"):
        workflow.report_progress(item, staff, "进展", percent, NOW)


def test_office_actions_follow_the_status(db, setting):
    item, staff, _, office, _ = setting
    assert workflow.allowed_actions(item, office) == ["cancel"]
    workflow.submit_item(item, staff, "已完成", NOW)
    assert workflow.allowed_actions(item, office) == ["accept", "return", "cancel"]
    assert workflow.allowed_actions(item, staff) == []
