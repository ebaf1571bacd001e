"""Fault injection: each way a mail server failed in the outside test, against the real dispatcher.

A real aiosmtpd server (``smtp_server``) misbehaves in one way; the dispatcher
runs its rounds as the scheduler would, with the clock moved past every
backoff, until nothing is queued. Then each queued mail is counted once:
delivered (at least one copy arrived), failed (kept as failed with a reason,
visible on the outbox page), lost (neither), and the extra copies (doubled).
Copies of one mail carry one Message-ID, which is how they are counted.
These counts are the figures README's "Delivery guarantee" quotes.
"""

import datetime as dt
from collections import Counter

import pytest

from tracker.models import OutboxMail
from tracker.notifications import dispatch
from tracker.notifications.dispatch import dispatch_pending, message_id
from tracker.notifications.transport import transport_from_config

ADDRESSES = [f"unit{n}@example.cn" for n in range(1, 7)]
#: The dispatcher's tenure of the scheduler lock in these rounds.
TENURE = "host:100:tenure"


def tally(db, smtp_server, rows: list[OutboxMail]) -> dict[str, int]:
    db.session.expire_all()
    received = Counter(message["Message-ID"] for message in smtp_server.messages)
    counts = Counter()
    for row in rows:
        copies = received[message_id(db.session.get(OutboxMail, row.id))]
        state = db.session.get(OutboxMail, row.id).state
        counts["delivered" if copies else "failed" if state == "failed" else "lost"] += 1
        counts["doubled"] += max(copies - 1, 0)
    return {key: counts[key] for key in ("delivered", "failed", "lost", "doubled")}


class Rounds:
    """Queue one mail per address, then run dispatch rounds an hour apart until none is queued."""

    def __init__(self, db, frozen_clock) -> None:
        self.db, self.frozen_clock = db, frozen_clock
        self.moment = frozen_clock(2026, 11, 23, 8, 30)
        self.rows: list[OutboxMail] = []

    def queue(self, addresses=ADDRESSES) -> list[OutboxMail]:
        self.rows = [
            OutboxMail(
                kind="weekly_digest",
                recipient=address,
                subject="督办提醒",
                body_text="本周到期事项",
                dedupe_key=f"digest:fault:{address}",
            )
            for address in addresses
        ]
        self.db.session.add_all(self.rows)
        self.db.session.commit()
        return self.rows

    def run(self, *, after_first_round=None) -> list[OutboxMail]:
        for number in range(12):
            dispatch_pending(claimant=TENURE)
            if number == 0 and after_first_round:
                after_first_round()
            self.moment += dt.timedelta(hours=1, minutes=1)
            self.frozen_clock(*self.moment.timetuple()[:6])
            pending = dispatch.is_pending(self.moment, TENURE)
            if not self.db.session.scalar(self.db.select(OutboxMail.id).where(*pending)):
                break
        return self.rows


@pytest.fixture
def rounds(app, db, smtp_server, frozen_clock, monkeypatch) -> Rounds:
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 0.5)
    return Rounds(db, frozen_clock)


def test_server_down_then_back_every_mail_once(db, smtp_server, rounds):
    smtp_server.stop()
    rounds.queue()
    rows = rounds.run(after_first_round=smtp_server.start)
    assert tally(db, smtp_server, rows) == {"delivered": 6, "failed": 0, "lost": 0, "doubled": 0}


def test_server_that_accepts_and_never_answers_every_mail_once(db, smtp_server, rounds):
    smtp_server.hang()
    rounds.queue()
    rows = rounds.run(after_first_round=smtp_server.start)
    assert tally(db, smtp_server, rows) == {"delivered": 6, "failed": 0, "lost": 0, "doubled": 0}


def test_greylisting_server_every_mail_once(db, smtp_server, rounds):
    smtp_server.greylist.update(ADDRESSES)
    rounds.queue()
    rows = rounds.run()
    assert tally(db, smtp_server, rows) == {"delivered": 6, "failed": 0, "lost": 0, "doubled": 0}


def test_refused_mailboxes_fail_with_the_reason_and_the_rest_arrive_once(db, smtp_server, rounds):
    smtp_server.refuse.update(ADDRESSES[:2])
    rounds.queue()
    rows = rounds.run()
    assert tally(db, smtp_server, rows) == {"delivered": 4, "failed": 2, "lost": 0, "doubled": 0}
    assert "550" in db.session.get(OutboxMail, rows[0].id).last_error


def test_reply_lost_after_the_server_took_the_mail_sends_one_extra_copy_with_the_same_id(
    db, smtp_server, rounds
):
    smtp_server.drop_reply.update(ADDRESSES[:2])
    rounds.queue()
    rows = rounds.run()
    assert tally(db, smtp_server, rows) == {"delivered": 6, "failed": 0, "lost": 0, "doubled": 2}


def test_reply_later_than_the_timeout_sends_one_extra_copy_with_the_same_id(db, smtp_server, rounds):
    smtp_server.slow_reply.update({address: 1.5 for address in ADDRESSES[:2]})
    rounds.queue()
    rows = rounds.run()
    assert tally(db, smtp_server, rows) == {"delivered": 6, "failed": 0, "lost": 0, "doubled": 2}


class KilledAfterTheServerAccepted:
    """A sender killed -9 between the server's 250 and "mark sent", once: the row stays claimed."""

    def __init__(self, transport) -> None:
        self.transport, self.killed = transport, False

    def send(self, message) -> None:
        self.transport.send(message)
        if not self.killed:
            self.killed = True
            raise KeyboardInterrupt  # nothing after this line runs in a killed process


def test_a_sender_killed_between_the_servers_ok_and_mark_sent_costs_one_copy(app, db, smtp_server, rounds):
    rounds.queue()
    transport = KilledAfterTheServerAccepted(transport_from_config(app.config))
    with pytest.raises(KeyboardInterrupt):
        dispatch_pending(transport, claimant="host:99:killed")
    db.session.rollback()

    rows = rounds.run()  # the next holder of the scheduler lock
    assert tally(db, smtp_server, rows) == {"delivered": 6, "failed": 0, "lost": 0, "doubled": 1}


def test_a_broken_address_fails_alone(db, smtp_server, rounds):
    rounds.queue([*ADDRESSES[:5], "unit6@example.cn\r\nBcc: all@example.cn"])
    rows = rounds.run()
    db.session.expire_all()
    assert sum(db.session.get(OutboxMail, row.id).state == "sent" for row in rows) == 5
    assert db.session.get(OutboxMail, rows[5].id).state == "failed"
    assert smtp_server.recipients() == ADDRESSES[:5]


INTERNATIONAL = ["dcs@例子.中国", "督查室@例子.中国", "unit1@example.cn"]


def test_without_smtputf8_an_idn_domain_goes_out_as_idna_and_a_chinese_mailbox_fails_with_the_reason(
    db, smtp_server, rounds
):
    rounds.queue(INTERNATIONAL)
    rows = rounds.run()

    assert tally(db, smtp_server, rows) == {"delivered": 2, "failed": 1, "lost": 0, "doubled": 0}
    assert "dcs@xn--fsqu00a.xn--fiqs8s" in smtp_server.recipients()
    failed = db.session.get(OutboxMail, rows[1].id)
    assert failed.attempts == 1, "failed for good at the first try, not retried for a day"
    assert "督查室@例子.中国" in failed.last_error
    assert "SMTPUTF8" in failed.last_error


def test_with_smtputf8_a_chinese_mailbox_is_delivered(db, smtp_server, rounds):
    smtp_server.stop()
    smtp_server.smtputf8 = True
    smtp_server.start()
    rounds.queue(INTERNATIONAL)
    rows = rounds.run()

    assert tally(db, smtp_server, rows) == {"delivered": 3, "failed": 0, "lost": 0, "doubled": 0}
    assert "督查室@例子.中国" in smtp_server.recipients()
