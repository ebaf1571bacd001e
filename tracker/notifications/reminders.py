"""The reminder sweep: queue this week's digests and today's report-duty reminders.

Run often (the scheduler calls it every few minutes); it decides from the
settings read at that moment whether anything is due, so the office's
changes apply at once. Dedupe keys make every queued mail unique per
recipient and period, and the JobRun records let later runs skip the work.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from tracker import calendar
from tracker.extensions import db
from tracker.models import ReminderSettings, Unit
from tracker.notifications.outbox import add_rows, dedupe_key, enqueue, outbox_row, queued_keys
from tracker.notifications.render import render_mail
from tracker.services.digests import (
    DIGEST_BATCH,
    UnitDigest,
    build_escalations,
    build_unit_digests,
    is_digest_due,
    iso_week,
    staff_addresses,
    units_to_remind,
)
from tracker.services.duties import active_duties, due_reports, is_reported
from tracker.services.jobruns import last_run, record_run
from tracker.services.office import get_office
from tracker.services.settings import get_settings

DIGEST_JOB = "weekly_digest"
DUTY_JOB = "duty_reminders"
#: Report duties are looked up this far ahead; reminders are at most a few working days early.
_DUTY_LOOKAHEAD = dt.timedelta(days=31)


@dataclass
class ReminderResult:
    digests: int = 0
    escalations: int = 0
    duty_reminders: int = 0

    def summary(self) -> str:
        return (
            f"每周提醒 {self.digests} 封，超期升级 {self.escalations} 封，报送提醒 {self.duty_reminders} 封"
        )


def run_reminders(now: dt.datetime, *, force_digest: bool = False) -> ReminderResult:
    """Queue whatever is due at ``now``; the caller commits and then dispatches.

    ``force_digest`` queues this week's digests even before the digest day
    (``reminders send-now``); mail already queued this week is not repeated.
    """
    settings = get_settings()
    today = now.date()
    result = ReminderResult()
    digest_run = last_run(DIGEST_JOB)
    done_this_week = (
        digest_run is not None
        and digest_run.covered_on is not None
        and (iso_week(digest_run.covered_on) == iso_week(today))
    )
    if force_digest or (is_digest_due(now, settings) and not done_this_week):
        result.digests = queue_unit_digests(today, settings)
        result.escalations = queue_escalations(today, settings)
        record_run(DIGEST_JOB, now, covered_on=today, summary=result.summary())
    duty_run = last_run(DUTY_JOB)
    if now.time() >= settings.digest_time and (duty_run is None or duty_run.covered_on != today):
        result.duty_reminders = queue_duty_reminders(today, settings)
        record_run(DUTY_JOB, now, covered_on=today, summary=f"报送提醒 {result.duty_reminders} 封")
    return result


def queue_unit_digests(today: dt.date, settings: ReminderSettings) -> int:
    """One digest per address of every unit with something to report; none for a unit with nothing.

    The digest is rendered once per unit, whatever its number of addresses,
    and only for addresses without this week's mail: a re-run this week
    builds nothing for the units it already covered.
    """
    week, count, rows = iso_week(today), 0, []
    copying = get_office().is_copying_staff
    for digest, pending in _digests_to_send(units_to_remind(settings, copying), week, today, copying):
        if digest.is_empty:
            continue
        mail = render_mail("weekly_digest", digest=digest, week=week)
        rows.extend(outbox_row("weekly_digest", address, key, mail) for address, key in pending.items())
        if len(rows) >= DIGEST_BATCH:
            count += add_rows(rows)
            rows = []
    if rows:
        count += add_rows(rows)
    return count


def _digests_to_send(
    units: Iterable[Unit], week: str, today: dt.date, copying_staff: bool = False
) -> Iterator[tuple[UnitDigest, dict[str, str]]]:
    """Each unit's digest with its addresses still to mail this week (address: dedupe key).

    The addresses are the unit's reminder addresses and, when the office copies staff
    (本县设置), its staff users' own. The outbox is asked once per batch of units, and
    units with every address served are left out before their digest is built.
    """
    waiting: dict[int, dict[str, str]] = {}

    def unserved(units: Iterator[Unit]) -> Iterator[Unit]:
        while batch := list(islice(units, DIGEST_BATCH)):
            staff = staff_addresses([unit.id for unit in batch]) if copying_staff else {}
            keys = {
                unit.id: {
                    address: dedupe_key("digest", f"unit-{unit.id}", week, address)
                    for address in dict.fromkeys([*unit.reminder_emails, *staff.get(unit.id, [])])
                }
                for unit in batch
            }
            queued = queued_keys([key for of_unit in keys.values() for key in of_unit.values()])
            for unit in batch:
                waiting[unit.id] = {a: k for a, k in keys[unit.id].items() if k not in queued}
                if waiting[unit.id]:
                    yield unit

    for digest in build_unit_digests(unserved(iter(units)), today):
        yield digest, waiting.pop(digest.unit.id)


def queue_escalations(today: dt.date, settings: ReminderSettings) -> int:
    """The escalation digest for each leader named on a long-overdue item, and for the office."""
    week, count = iso_week(today), 0
    leaders, office = build_escalations(today, settings)
    for audience, escalations in (("leader", leaders), ("office", office)):
        for escalation in escalations:
            user = escalation.recipient
            key = dedupe_key(f"escalation-{audience}", f"user-{user.id}", week)
            count += (
                enqueue(
                    "escalation",
                    user.email,
                    key,
                    escalation=escalation,
                    audience=audience,
                    threshold=settings.escalation_working_days,
                    today=today,
                    week=week,
                )
                is not None
            )
    return count


def queue_duty_reminders(today: dt.date, settings: ReminderSettings) -> int:
    """Remind units of reports due within the reminder lead time that they have not yet made.

    A report due on ``d`` is announced from ``d`` minus the configured working
    days until ``d`` itself, so a scheduler that was down on the reminder day
    still sends it later; the key (duty, date, address) keeps it to one mail.
    """
    muted, count = set(settings.muted_unit_ids or ()), 0
    for due in due_reports(active_duties(), today, today + _DUTY_LOOKAHEAD):
        if calendar.add_working_days(due.due_on, -settings.duty_reminder_working_days) > today:
            continue
        unit = db.session.get(Unit, due.unit_id) if due.unit_id else None
        if unit is None or not unit.is_active or unit.id in muted or not unit.reminder_emails:
            continue
        if is_reported(due):
            continue
        for address in unit.reminder_emails:
            key = dedupe_key("duty", f"duty-{due.duty.id}", due.due_on.isoformat(), address)
            count += enqueue("report_due", address, key, due=due, unit=unit, today=today) is not None
    return count
