"""Copies of a unit's weekly digest to its staff users' own addresses: off by default, one 本县设置 switch."""

import datetime as dt

import pytest

from tracker import clock
from tracker.models import OutboxMail
from tracker.notifications.reminders import run_reminders
from tracker.services.office import update_office

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=clock.timezone())  # a Monday, after the digest time


@pytest.fixture
def water(db, make_unit, make_item, make_user):
    """A unit with one reminder address, an overdue item, two staff users with addresses and one without."""
    unit = make_unit(name="县水利局", reminder_emails=["slj@example.cn"])
    make_item(lead_unit=unit, due_on=dt.date(2026, 11, 2), status="in_progress")
    make_user(role="unit_staff", unit=unit, email="li@example.cn")
    make_user(role="unit_staff", unit=unit, email="SLJ@example.cn")  # the reminder address again
    make_user(role="unit_staff", unit=unit, email=None)
    make_user(role="unit_staff", unit=unit, email="gone@example.cn", is_active=False)
    db.session.commit()
    return unit


def recipients(db) -> list[str]:
    return sorted(
        db.session.scalars(db.select(OutboxMail.recipient).where(OutboxMail.kind == "weekly_digest"))
    )


def test_without_copies_only_the_reminder_address_gets_the_digest(db, water):
    run_reminders(NOW, force_digest=True)

    assert recipients(db) == ["slj@example.cn"]


def test_with_copies_each_active_staff_address_gets_it_once(db, water):
    update_office(None, NOW, is_copying_staff=True)

    run_reminders(NOW, force_digest=True)

    assert recipients(db) == ["li@example.cn", "slj@example.cn"]


def test_the_unit_page_says_whether_staff_get_copies(client_as, db, water):
    client = client_as("supervisor")
    assert "抄送单位用户：未开启" in client.get(f"/units/{water.id}").get_data(as_text=True)

    update_office(None, NOW, is_copying_staff=True)
    db.session.commit()

    assert "li@example.cn" in client.get(f"/units/{water.id}").get_data(as_text=True)
