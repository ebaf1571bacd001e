"""The office's reminder settings page and the outbox page."""

import datetime as dt

import pytest

from tests.conftest import csrf_token_from
from tracker.models import Event, MissedReport, OutboxMail, ReminderSettings, ReportDuty


@pytest.mark.parametrize("role", ["unit_staff", "viewer"])
def test_only_the_office_sees_the_reminder_pages(client_as, make_unit, role):
    client = client_as(role, unit=make_unit() if role == "unit_staff" else None)
    assert client.get("/reminders/settings").status_code == 403
    assert client.get("/reminders/outbox").status_code == 403


def test_the_office_changes_the_digest_day_time_windows_and_muted_units(client_as, make_unit, db):
    muted = make_unit(name="县档案馆")
    db.session.commit()
    client = client_as("supervisor")
    page = client.get("/reminders/settings")
    assert page.status_code == 200
    assert "每周提醒日" in page.text

    response = client.post(
        "/reminders/settings",
        data={
            "csrf_token": csrf_token_from(page.text),
            "digest_weekday": "2",
            "digest_time": "09:15",
            "due_soon_days": "5",
            "escalation_working_days": "10",
            "duty_reminder_working_days": "2",
            "muted_unit_ids": [str(muted.id)],
        },
    )

    assert response.status_code == 302
    db.session.expire_all()
    settings = db.session.get(ReminderSettings, 1)
    assert (settings.digest_weekday, settings.digest_time) == (2, dt.time(9, 15))
    assert (
        settings.due_soon_days,
        settings.escalation_working_days,
        settings.duty_reminder_working_days,
    ) == (
        5,
        10,
        2,
    )
    assert settings.muted_unit_ids == [muted.id]
    (event,) = db.session.query(Event).filter_by(kind="settings.reminders").all()
    assert event.before["digest_time"] == "08:30"
    assert event.after["digest_time"] == "09:15"


def test_the_settings_page_shows_the_next_send_date_moved_back_before_a_holiday_friday(
    client_as, db, frozen_clock
):
    from tracker.services.settings import update_settings

    update_settings(None, frozen_clock(2026, 9, 28, 9, 0), digest_weekday=4)
    db.session.commit()

    page = client_as("supervisor").get("/reminders/settings").text

    assert "下一次每周提醒：2026-09-30 08:30" in page, "Friday 2 October is 国庆: the Wednesday before"
    assert "此前的最后一个工作日" in page, "the page states the rule"


def test_invalid_settings_are_refused(client_as, db):
    client = client_as("admin")
    page = client.get("/reminders/settings")
    response = client.post(
        "/reminders/settings",
        data={
            "csrf_token": csrf_token_from(page.text),
            "digest_weekday": "0",
            "digest_time": "08:30",
            "due_soon_days": "-1",
            "escalation_working_days": "5",
            "duty_reminder_working_days": "3",
        },
    )
    assert response.status_code == 200
    assert db.session.get(ReminderSettings, 1) is None


def test_the_outbox_page_shows_queued_sent_and_failed_mail_with_the_error(client_as, db, frozen_clock):
    now = frozen_clock(2026, 11, 23, 8, 35)
    db.session.add_all(
        [
            OutboxMail(
                kind="weekly_digest", recipient="a@example.cn", subject="待发", body_text="x", dedupe_key="k1"
            ),
            OutboxMail(
                kind="weekly_digest",
                recipient="b@example.cn",
                subject="已发",
                body_text="x",
                dedupe_key="k2",
                sent_at=now,
                attempts=1,
            ),
            OutboxMail(
                kind="weekly_digest",
                recipient="c@example.cn",
                subject="失败",
                body_text="x",
                dedupe_key="k3",
                failed_at=now,
                attempts=3,
                last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
            ),
        ]
    )
    db.session.commit()
    client = client_as("supervisor")

    page = client.get("/reminders/outbox").text
    assert "待发送" in page
    assert "已发送" in page
    assert "发送失败" in page
    assert "550 mailbox unavailable" in page
    assert "运行计划" in page
    assert "每周提醒" in page

    failed_only = client.get("/reminders/outbox?state=failed").text
    assert "c@example.cn" in failed_only
    assert "a@example.cn" not in failed_only


def test_the_dashboard_marks_recently_missed_reports(client_as, db, make_item, frozen_clock):
    frozen_clock(2026, 11, 23, 9, 0)
    duty = ReportDuty(work_item=make_item(), phrase="每月底报送", rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    db.session.add(duty)
    db.session.flush()
    db.session.add(MissedReport(report_duty_id=duty.id, unit_id=None, due_on=dt.date(2026, 10, 31)))
    db.session.commit()

    assert "近 30 天有 1 次逾期未报送进展" in client_as("viewer").get("/").text
