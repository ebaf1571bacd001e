"""The scheduled jobs end to end, with a frozen clock and a real local SMTP server."""

import datetime as dt

import pytest

from tracker.models import Event, OutboxMail, ReportDuty
from tracker.scheduling import jobs
from tracker.services import dashboard
from tracker.services.settings import update_settings


class HeldLock:
    """Stands in for the scheduler lock: these tests are the only runner."""

    is_held_now = True
    holder = "test-host:1:tenure"

    def is_held(self) -> bool:
        return self.is_held_now


@pytest.fixture
def bound_jobs(app, db):
    lock = HeldLock()
    jobs.bind(app, lock)
    return lock


@pytest.fixture
def week(db, make_unit, make_item, make_user):
    """Three units: two with items due (one overdue), one with nothing due; a leader; the office."""
    water = make_unit(name="县水利局", reminder_emails=["slj@example.cn", "slj-office@example.cn"])
    roads = make_unit(name="县交通运输局", reminder_emails=["jtj@example.cn"])
    quiet = make_unit(name="县档案馆", reminder_emails=["dag@example.cn"])
    make_user(role="viewer", display_name="王副县长", leader_name="王副县长", email="wang@example.cn")
    make_user(role="supervisor", email="dcs@example.cn")
    items = {
        "late": make_item(
            lead_unit=water,
            title="完成灌区节水改造",
            due_on=dt.date(2026, 11, 2),
            status="in_progress",
            leaders=["王副县长"],
        ),
        "this_week": make_item(
            lead_unit=roads, title="完成农村公路危桥改造", due_on=dt.date(2026, 11, 27), status="assigned"
        ),
        "far": make_item(
            lead_unit=quiet, title="档案数字化", due_on=dt.date(2027, 3, 1), status="in_progress"
        ),
    }
    db.session.commit()
    return {"water": water, "roads": roads, "quiet": quiet, **items}


def bodies_to(smtp_server, address):
    return [m.get_body(("plain",)).get_content() for m in smtp_server.messages if m["To"] == address]


def test_a_week_with_overdue_items_sends_one_digest_to_each_affected_unit_with_its_items(
    bound_jobs, week, smtp_server, frozen_clock, db
):
    frozen_clock(2026, 11, 23, 8, 35)

    jobs.send_reminders()
    jobs.send_reminders()
    jobs.dispatch_outbox()

    assert smtp_server.recipients() == [
        "dcs@example.cn",
        "jtj@example.cn",
        "slj-office@example.cn",
        "slj@example.cn",
        "wang@example.cn",
    ]
    (water,) = bodies_to(smtp_server, "slj@example.cn")
    assert "完成灌区节水改造" in water
    assert "已超期 21 天" in water
    assert f"http://tracker.test/items/{week['late'].id}" in water
    assert "完成农村公路危桥改造" not in water
    (roads,) = bodies_to(smtp_server, "jtj@example.cn")
    assert "本周到期" in roads
    assert "尚未签收" in roads
    assert "完成农村公路危桥改造" in roads
    (leader,) = bodies_to(smtp_server, "wang@example.cn")
    assert "完成灌区节水改造" in leader
    assert "15 个工作日" in leader


def test_nothing_goes_out_before_the_digest_time(bound_jobs, week, smtp_server, frozen_clock, db):
    frozen_clock(2026, 11, 23, 8, 25)
    jobs.send_reminders()
    assert smtp_server.messages == []
    assert db.session.query(OutboxMail).count() == 0


def test_on_a_holiday_monday_the_digest_waits_for_the_next_working_day(
    bound_jobs, db, make_unit, make_item, smtp_server, frozen_clock
):
    unit = make_unit(reminder_emails=["slj@example.cn"])
    make_item(lead_unit=unit, due_on=dt.date(2025, 6, 5), status="in_progress")
    db.session.commit()

    frozen_clock(2025, 6, 2, 8, 35)  # 端午节 Monday
    jobs.send_reminders()
    assert smtp_server.messages == []

    frozen_clock(2025, 6, 3, 8, 35)
    jobs.send_reminders()
    frozen_clock(2025, 6, 4, 8, 35)
    jobs.send_reminders()
    assert smtp_server.recipients() == ["slj@example.cn"]
    assert "6月2日—6月8日" in smtp_server.messages[0]["Subject"]


def test_a_friday_digest_in_the_national_day_week_goes_out_on_the_wednesday_before(
    bound_jobs, db, make_unit, make_item, smtp_server, frozen_clock
):
    unit = make_unit(reminder_emails=["slj@example.cn"])
    make_item(lead_unit=unit, due_on=dt.date(2026, 9, 30), status="in_progress")
    update_settings(None, frozen_clock(2026, 9, 28, 8, 0), digest_weekday=4)
    db.session.commit()

    frozen_clock(2026, 9, 29, 9, 0)
    jobs.send_reminders()
    assert smtp_server.messages == []
    frozen_clock(2026, 9, 30, 8, 35)  # 1 and 2 October are 国庆: no working day left after Friday
    jobs.send_reminders()
    frozen_clock(2026, 10, 2, 9, 0)
    jobs.send_reminders()
    assert smtp_server.recipients() == ["slj@example.cn"]
    assert "9月28日—10月4日" in smtp_server.messages[0]["Subject"], "the digest of the week of 国庆"


def test_settings_changed_in_the_app_apply_at_the_next_run(bound_jobs, week, smtp_server, frozen_clock, db):
    update_settings(
        None, frozen_clock(2026, 11, 23, 8, 0), digest_weekday=2, muted_unit_ids=[week["roads"].id]
    )
    db.session.commit()

    frozen_clock(2026, 11, 23, 9, 0)
    jobs.send_reminders()
    assert smtp_server.messages == []
    frozen_clock(2026, 11, 25, 9, 0)
    jobs.send_reminders()
    assert "jtj@example.cn" not in smtp_server.recipients()
    assert "slj@example.cn" in smtp_server.recipients()


def test_report_duty_reminders_go_out_the_configured_working_days_before(
    bound_jobs, db, make_unit, make_item, smtp_server, frozen_clock
):
    unit = make_unit(reminder_emails=["slj@example.cn"])
    item = make_item(lead_unit=unit, due_on=dt.date(2027, 6, 30), status="in_progress")
    db.session.add(ReportDuty(work_item=item, phrase="每月底前报送进展", rule="FREQ=MONTHLY;BYMONTHDAY=-1"))
    db.session.commit()

    frozen_clock(2026, 11, 24, 9, 0)  # 30 Nov is 4 working days away: too early for 3
    jobs.send_reminders()
    assert [m["Subject"] for m in smtp_server.messages if "报送提醒" in m["Subject"]] == []

    frozen_clock(2026, 11, 25, 9, 0)
    jobs.send_reminders()
    frozen_clock(2026, 11, 26, 9, 0)
    jobs.send_reminders()
    reminders = [m for m in smtp_server.messages if "报送提醒" in m["Subject"]]
    assert len(reminders) == 1
    assert "2026-11-30" in reminders[0]["Subject"]


def test_the_flag_job_records_transitions_and_skips_when_the_lock_is_lost(
    bound_jobs, db, make_item, frozen_clock
):
    make_item(due_on=dt.date(2026, 11, 22), status="in_progress")
    db.session.commit()
    frozen_clock(2026, 11, 23, 0, 10)

    bound_jobs.is_held_now = False
    jobs.flag_overdue()
    assert db.session.query(Event).filter_by(kind="item.turned_red").count() == 0

    bound_jobs.is_held_now = True
    jobs.flag_overdue()
    assert db.session.query(Event).filter_by(kind="item.turned_red").count() == 1


def test_a_failing_job_records_its_error_for_the_admin(bound_jobs, db, monkeypatch):
    from tracker.models import JobRun
    from tracker.services import flags

    def broken(now):
        raise RuntimeError("database went away")

    monkeypatch.setattr(flags, "flag_overdue", broken)
    with pytest.raises(RuntimeError):
        jobs.flag_overdue()
    db.session.expire_all()
    run = db.session.get(JobRun, "flag_overdue")
    assert run.last_error == "RuntimeError: database went away"
    assert run.failed_at is not None
    assert run.finished_at is None


def test_the_dashboard_refresh_job_stores_todays_office_figures(bound_jobs, db, make_item):
    from tracker.models import CachedFigures

    make_item(due_on=dt.date(2020, 1, 1))
    db.session.commit()
    jobs.refresh_dashboard()
    db.session.expire_all()
    stored = db.session.scalars(db.select(CachedFigures)).one()
    assert stored.key.startswith(dashboard.summary_family(None))
    assert stored.payload["light_counts"]["red"] == 1


def test_a_dispatch_begun_before_the_lock_was_lost_and_taken_again_stops(
    bound_jobs, db, smtp_server, monkeypatch
):
    from tracker.notifications import dispatch

    db.session.add_all(
        OutboxMail(
            kind="weekly_digest",
            recipient=f"u{n}@example.cn",
            subject="督办提醒",
            body_text="x",
            dedupe_key=f"k{n}",
        )
        for n in range(3)
    )
    db.session.commit()
    sent = dispatch._send_one

    def send_then_retake_the_lock(mail, transport):
        bound_jobs.holder = "test-host:1:next-tenure"  # the lock was lost and taken again meanwhile
        return sent(mail, transport)

    monkeypatch.setattr(dispatch, "_send_one", send_then_retake_the_lock)
    jobs.dispatch_outbox()

    assert len(smtp_server.messages) == 1, "the old tenure's round stops; the new tenure sends the rest"
