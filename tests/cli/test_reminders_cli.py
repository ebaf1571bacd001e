"""``flask --app run flag-overdue | reminders preview|send-now | outbox list|retry``."""

import datetime as dt

import pytest

from tracker.models import Event, OutboxMail
from tracker.services.unit_directory import seed_units


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def late_unit(db, make_unit, make_item):
    unit = make_unit(name="县水利局", reminder_emails=["slj@example.cn"])
    make_item(lead_unit=unit, title="完成灌区节水改造", due_on=dt.date(2026, 11, 20), status="in_progress")
    db.session.commit()
    return unit


def test_preview_prints_the_digest_and_queues_nothing(runner, late_unit, frozen_clock, db):
    frozen_clock(2026, 11, 23, 8, 0)
    result = runner.invoke(args=["reminders", "preview", "--unit", "县水利局"])

    assert result.exit_code == 0, result.output
    assert "Subject: 【督办提醒】县水利局" in result.output
    assert "完成灌区节水改造" in result.output
    assert "已超期 3 天" in result.output
    assert db.session.query(OutboxMail).count() == 0


def test_preview_of_an_unknown_unit_fails(runner):
    result = runner.invoke(args=["reminders", "preview", "--unit", "县不存在局"])
    assert result.exit_code != 0
    assert "没有名为“县不存在局”的单位" in result.output


def test_send_now_queues_and_sends_this_weeks_digest_once(runner, late_unit, smtp_server, frozen_clock):
    frozen_clock(2026, 11, 24, 15, 0)

    first = runner.invoke(args=["reminders", "send-now"])
    second = runner.invoke(args=["reminders", "send-now"])

    assert first.exit_code == 0, first.output
    assert "每周提醒 1 封" in first.output
    assert "1 sent" in first.output
    assert "每周提醒 0 封" in second.output
    assert smtp_server.recipients() == ["slj@example.cn"]


def test_flag_overdue_reports_what_it_recorded(runner, db, make_item, frozen_clock):
    make_item(due_on=dt.date(2026, 11, 22), status="in_progress")
    db.session.commit()
    frozen_clock(2026, 11, 23, 0, 10)

    result = runner.invoke(args=["flag-overdue"])

    assert result.exit_code == 0, result.output
    assert "1 项转为超期" in result.output
    assert db.session.query(Event).filter_by(kind="item.turned_red").count() == 1


def test_outbox_list_and_retry(runner, db, smtp_server, frozen_clock):
    now = frozen_clock(2026, 11, 23, 9, 0)
    db.session.add(
        OutboxMail(
            kind="weekly_digest",
            recipient="gone@example.cn",
            subject="督办提醒",
            body_text="x",
            dedupe_key="k1",
            failed_at=now,
            attempts=1,
            last_error="SMTPRecipientsRefused: 550",
        )
    )
    db.session.commit()

    listed = runner.invoke(args=["outbox", "list", "--state", "failed"])
    assert "failed" in listed.output
    assert "550" in listed.output

    retried = runner.invoke(args=["outbox", "retry"])
    assert "1 mail(s) queued again" in retried.output
    assert "1 sent" in retried.output
    assert smtp_server.recipients() == ["gone@example.cn"]
    assert "sent" in runner.invoke(args=["outbox", "list"]).output


def test_send_now_fails_a_mail_with_a_broken_address_and_sends_the_others(
    runner, db, make_unit, make_item, smtp_server, frozen_clock
):
    # Addresses written straight into the database (an old release, a restore), never through a form.
    broken = make_unit(name="县水利局", reminder_emails=["slj@example.cn\r\nBcc: all@example.cn"])
    no_at = make_unit(name="县档案馆", reminder_emails=["not"])
    good = make_unit(name="县交通运输局", reminder_emails=["jtj@example.cn"])
    for unit in (broken, no_at, good):
        make_item(lead_unit=unit, due_on=dt.date(2026, 11, 20), status="in_progress")
    db.session.commit()
    frozen_clock(2026, 11, 24, 15, 0)

    result = runner.invoke(args=["reminders", "send-now"])

    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert "2 failed" in result.output
    assert smtp_server.recipients() == ["jtj@example.cn"]
    db.session.expire_all()
    failed = db.session.scalars(db.select(OutboxMail).where(OutboxMail.failed_at.is_not(None))).all()
    assert len(failed) == 2
    assert all("电子邮箱地址无效" in mail.last_error for mail in failed)
    rerun = runner.invoke(args=["reminders", "send-now"])
    assert "0 sent" in rerun.output, "a failed mail waits for `outbox retry`, it does not block later rounds"


def test_preview_of_a_name_in_several_counties_lists_them_and_accepts_a_full_name(runner, db):
    seed_units()
    db.session.commit()

    ambiguous = runner.invoke(args=["reminders", "preview", "--unit", "县水利局"])
    full = runner.invoke(args=["reminders", "preview", "--unit", "交城县水利局"])

    assert ambiguous.exit_code == 1
    assert "交城县 · 县水利局" in ambiguous.output
    assert "Traceback" not in ambiguous.output
    assert full.exit_code == 0, full.output
