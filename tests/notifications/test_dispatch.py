"""Sending the outbox over a real local SMTP server: outages, crashes, refusals, backoff."""

import datetime as dt

import pytest

from tracker import clock
from tracker.models import OutboxMail
from tracker.notifications import dispatch
from tracker.notifications.dispatch import backoff, build_message, dispatch_pending, requeue


@pytest.fixture
def queue(db):
    """Add plain outbox rows (no templates involved) and commit them."""

    def add(*recipients: str) -> list[OutboxMail]:
        rows = [
            OutboxMail(
                kind="weekly_digest",
                recipient=recipient,
                subject="督办提醒",
                body_text="本周到期事项",
                body_html="<p>本周到期事项</p>",
                dedupe_key=f"digest:test:{recipient}",
            )
            for recipient in recipients
        ]
        db.session.add_all(rows)
        db.session.commit()
        return rows

    return add


def test_mail_waits_while_smtp_refuses_connections_and_goes_out_once_when_it_is_back(
    db, smtp_server, queue, frozen_clock
):
    frozen_clock(2026, 11, 23, 8, 30)
    rows = queue("a@example.cn", "b@example.cn", "c@example.cn")
    smtp_server.stop()

    outage = dispatch_pending()

    assert (outage.sent, outage.deferred) == (0, 1), "the round stops at the first unreachable server"
    db.session.expire_all()
    first = db.session.get(OutboxMail, rows[0].id)
    assert first.attempts == 1
    assert first.sent_at is None
    assert first.failed_at is None
    assert "Connection refused" in first.last_error
    assert first.next_attempt_at == clock.now() + backoff(1)

    smtp_server.start()
    frozen_clock(2026, 11, 23, 8, 40)
    assert dispatch_pending().sent == 3
    assert dispatch_pending().sent == 0
    assert smtp_server.recipients() == ["a@example.cn", "b@example.cn", "c@example.cn"]
    db.session.expire_all()
    assert all(row.sent_at is not None and row.last_error is None for row in db.session.query(OutboxMail))


def test_mail_in_backoff_is_not_retried_early(db, smtp_server, queue, frozen_clock):
    frozen_clock(2026, 11, 23, 8, 30)
    queue("a@example.cn")
    smtp_server.stop()
    dispatch_pending()
    smtp_server.start()

    frozen_clock(2026, 11, 23, 8, 30, 30)
    assert dispatch_pending().sent == 0
    frozen_clock(2026, 11, 23, 8, 31, 1)
    assert dispatch_pending().sent == 1


def test_a_mail_claimed_by_a_sender_that_crashed_is_sent_after_the_lease_exactly_once(
    db, smtp_server, queue, frozen_clock
):
    frozen_clock(2026, 11, 23, 8, 30)
    (row,) = queue("a@example.cn")
    assert dispatch._claim(row.id) is not None  # the sender dies right after claiming

    assert dispatch_pending().sent == 0, "a claimed mail is left to its sender until the lease ends"
    frozen_clock(2026, 11, 23, 8, 41)
    assert dispatch_pending().sent == 1
    assert dispatch_pending().sent == 0
    assert smtp_server.recipients() == ["a@example.cn"]


def test_a_refused_recipient_fails_for_good_without_holding_up_the_others(db, smtp_server, queue):
    smtp_server.refuse.add("gone@example.cn")
    rows = queue("gone@example.cn", "b@example.cn")

    result = dispatch_pending()

    assert (result.sent, result.failed) == (1, 1)
    db.session.expire_all()
    failed = db.session.get(OutboxMail, rows[0].id)
    assert failed.state == "failed"
    assert "550" in failed.last_error
    assert dispatch_pending().sent == 0, "failed mail waits for `outbox retry`"

    smtp_server.refuse.clear()
    assert requeue() == 1
    db.session.commit()
    assert dispatch_pending().sent == 1
    assert smtp_server.recipients() == ["b@example.cn", "gone@example.cn"]


def test_transient_failures_give_up_after_the_maximum_number_of_attempts(db, smtp_server, queue, monkeypatch):
    (row,) = queue("a@example.cn")
    smtp_server.stop()
    monkeypatch.setattr(dispatch, "MAX_ATTEMPTS", 1)

    assert dispatch_pending().failed == 1
    db.session.expire_all()
    assert db.session.get(OutboxMail, row.id).state == "failed"


def test_backoff_doubles_from_a_minute_up_to_an_hour():
    assert [backoff(n) for n in (1, 2, 3, 7, 8, 30)] == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=2),
        dt.timedelta(minutes=4),
        dt.timedelta(minutes=60),
        dt.timedelta(minutes=60),
        dt.timedelta(minutes=60),
    ]


def test_the_message_has_text_and_html_and_a_message_id_stable_across_retries(db, app, queue):
    (row,) = queue("a@example.cn")
    first, second = build_message(row), build_message(row)

    assert first["Message-ID"] == second["Message-ID"]
    assert first["To"] == "a@example.cn"
    assert first["Subject"] == "督办提醒"
    assert [part.get_content_type() for part in first.iter_parts()] == ["text/plain", "text/html"]


def test_without_smtp_host_mail_goes_to_the_log_and_counts_as_sent(db, app, queue, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    queue("a@example.cn")

    with caplog.at_level("INFO"):
        assert dispatch_pending().sent == 1
    assert "SMTP_HOST is not set" in caplog.text
    assert "a@example.cn" not in caplog.text, "addresses stay out of the log"


def test_a_greylisting_server_delays_the_mail_and_it_goes_out_at_the_next_try(
    db, smtp_server, queue, frozen_clock
):
    frozen_clock(2026, 11, 23, 8, 30)
    smtp_server.greylist.update({"a@example.cn", "b@example.cn"})
    row, *_ = queue("a@example.cn", "b@example.cn", "c@example.cn")

    first = dispatch_pending()

    assert (first.sent, first.deferred, first.failed) == (1, 2, 0), "451 at RCPT is temporary, per recipient"
    db.session.expire_all()
    mail = db.session.get(OutboxMail, row.id)
    assert mail.state == "queued"
    assert "451" in mail.last_error
    frozen_clock(2026, 11, 23, 8, 31, 1)
    assert dispatch_pending().sent == 2
    assert smtp_server.recipients() == ["a@example.cn", "b@example.cn", "c@example.cn"]


def test_refused_recipients_are_judged_each_by_its_own_reply_code():
    import smtplib

    from tracker.notifications.transport import is_permanent

    def refused(*codes):
        return smtplib.SMTPRecipientsRefused(
            {f"r{n}@example.cn": (code, b"") for n, code in enumerate(codes)}
        )

    assert is_permanent(refused(550))
    assert is_permanent(refused(550, 553))
    assert not is_permanent(refused(450))
    assert not is_permanent(refused(550, 451)), "one recipient worth retrying makes the whole try temporary"
    assert not is_permanent(smtplib.SMTPDataError(421, b"try later"))
    assert is_permanent(smtplib.SMTPDataError(554, b"rejected"))


def test_a_scheduler_that_took_over_sends_at_once_the_mail_its_dead_predecessor_had_claimed(
    db, smtp_server, queue, frozen_clock
):
    frozen_clock(2026, 11, 23, 8, 30)
    first, second = queue("a@example.cn", "b@example.cn")
    assert dispatch._claim(first.id, "host:11:dead") is not None  # killed -9 right after claiming
    assert dispatch._claim(second.id, "host:12:alive") is not None  # being sent by the lock's holder

    result = dispatch_pending(claimant="host:12:alive")

    assert result.sent == 1, "no waiting out the ten-minute lease"
    assert smtp_server.recipients() == ["a@example.cn"]
    assert dispatch_pending().sent == 0, "outside the scheduler (the CLI), claims wait out their lease"
    db.session.expire_all()
    assert db.session.get(OutboxMail, first.id).claimed_by is None


def test_a_dispatch_round_stops_when_the_scheduler_loses_its_lock(db, smtp_server, queue):
    queue("a@example.cn", "b@example.cn")
    checks = iter([True, False])

    result = dispatch_pending(claimant="host:12:alive", still_held=lambda: next(checks))

    assert result.sent == 1
    assert smtp_server.recipients() == ["a@example.cn"]
