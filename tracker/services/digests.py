"""What each weekly digest says: a unit's deadlines, and the escalations for leaders and the office.

Pure reads: every function takes ``today`` (and the reminder settings where
they matter) explicitly and returns plain data for the e-mail templates, so
previews, the scheduler and tests build exactly the same digest.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy.orm import load_only, selectinload

from tracker import calendar
from tracker.extensions import db
from tracker.models import Document, ReminderSettings, Unit, User, WorkItem, WorkItemUnit
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.duties import DueReport, active_duties, due_reports, missed_reports
from tracker.services.permissions import can_read_all, visible_items_clause

#: Items due within this many calendar days after this week appear in "due in the next 14 days".
LOOKAHEAD_DAYS = 14
#: Missed reports stay in the digest this long: until a monthly duty's next due date.
MISSED_LOOKBACK_DAYS = 31
#: Units whose digests are built together: a few queries per batch, and one batch's items in memory.
DIGEST_BATCH = 500
#: An escalation mail lists this many of its items, the longest overdue first, and counts the rest: a
#: province's office would otherwise get one mail with 10^5 lines, built in memory.
ESCALATION_LINES = 100
#: Long-overdue items are scanned as (id, leaders) rows, this many fetched at a time.
ESCALATION_SCAN_BATCH = 5000
#: What a digest shows of an item: its long source text and the rest are loaded only if read.
_SHOWN = load_only(
    WorkItem.label,
    WorkItem.title,
    WorkItem.due_on,
    WorkItem.status,
    WorkItem.lead_unit_id,
    WorkItem.document_id,
    WorkItem.version,
    raiseload=False,
)
#: The digest names each item with its document's 文号 and title: loaded with the items, one query a batch.
_DOCUMENT = selectinload(WorkItem.document).load_only(Document.number, Document.title, raiseload=False)


@dataclass(frozen=True)
class DigestLine:
    """One item in a digest, with how late it is."""

    item: WorkItem
    #: Calendar days past the deadline (0 when not overdue).
    days_overdue: int
    #: Working days past the deadline; escalation counts these.
    working_days_overdue: int


@dataclass
class UnitDigest:
    """A unit's weekly digest, in the sections of the e-mail."""

    unit: Unit
    today: dt.date
    overdue: list[DigestLine] = field(default_factory=list)
    due_this_week: list[DigestLine] = field(default_factory=list)
    due_soon: list[DigestLine] = field(default_factory=list)
    reports_due: list[DueReport] = field(default_factory=list)
    reports_missed: list = field(default_factory=list)
    unsigned: list[WorkItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to tell the unit (no mail is sent then)."""
        return not (
            self.overdue
            or self.due_this_week
            or self.due_soon
            or self.reports_due
            or self.reports_missed
            or self.unsigned
        )


@dataclass
class Escalation:
    """Items overdue beyond the escalation threshold, for one recipient (a leader or the office).

    ``lines`` are the longest overdue, at most ESCALATION_LINES; ``total`` counts them all.
    """

    recipient: User
    lines: list[DigestLine] = field(default_factory=list)
    total: int = 0

    @property
    def is_shortened(self) -> bool:
        """Whether the mail lists only the longest overdue items (a province's office has 10^5)."""
        return self.total > len(self.lines)


def iso_week(day: dt.date) -> str:
    """The ISO week of ``day`` as used in dedupe keys, e.g. 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_day(day: dt.date, weekday: int) -> dt.date | None:
    """The day the digest of ``day``'s week goes out, ``weekday`` being the configured day (0 = Monday).

    The configured day if it is a working day; else the next working day of
    the same week; else the last working day of that week before it. So a
    holiday Friday (2 October) sends on the Wednesday before rather than not
    at all, and Saturday or Sunday sends on Friday in an ordinary week and on
    the day itself when it is a make-up working day. None only when the whole
    week is holiday (春节 2026): that week has no digest.
    """
    monday = day - dt.timedelta(days=day.weekday())
    week = [monday + dt.timedelta(days=n) for n in range(7)]
    later = [candidate for candidate in week[weekday:] if calendar.is_working_day(candidate)]
    earlier = [candidate for candidate in week[:weekday] if calendar.is_working_day(candidate)]
    return later[0] if later else earlier[-1] if earlier else None


def is_digest_due(now: dt.datetime, settings: ReminderSettings) -> bool:
    """Whether this week's digest should have gone out by ``now``.

    True from the digest day's configured time until the week ends, so a
    scheduler that was down on the digest day catches up when it returns
    (the outbox dedupe key keeps it to one digest per week).
    """
    day = digest_day(now.date(), settings.digest_weekday)
    if day is None or now.date() < day:
        return False
    return now.date() > day or now.time() >= settings.digest_time


def next_digest_at(now: dt.datetime, settings: ReminderSettings) -> dt.datetime | None:
    """When the next weekly digest is due to go out, looking up to eight weeks ahead."""
    day = now.date()
    for _ in range(8):
        digest_on = digest_day(day, settings.digest_weekday)
        if digest_on is not None:
            moment = dt.datetime.combine(digest_on, settings.digest_time, tzinfo=now.tzinfo)
            if moment > now:
                return moment
        day += dt.timedelta(days=7 - day.weekday())
    return None


def build_unit_digest(unit: Unit, today: dt.date) -> UnitDigest:
    """Collect the unit's open items by section, and its report duties due and missed."""
    return next(build_unit_digests([unit], today))


def build_unit_digests(units: Iterable[Unit], today: dt.date) -> Iterator[UnitDigest]:
    """The digests of ``units``, in their order, built a batch of units at a time.

    Each section is one query per batch rather than per unit, so 10^4 units
    take a few hundred queries; taking ``units`` lazily and yielding each
    digest keeps no more than one batch's items in memory.
    """
    late = _LateCounter(today)
    units = iter(units)
    while batch := list(islice(units, DIGEST_BATCH)):
        yield from _build_batch(batch, today, late)


def _build_batch(units: list[Unit], today: dt.date, late: "_LateCounter") -> list[UnitDigest]:
    digests = {unit.id: UnitDigest(unit=unit, today=today) for unit in units}
    unit_ids = list(digests)
    sunday = today + dt.timedelta(days=6 - today.weekday())
    horizon = sunday + dt.timedelta(days=LOOKAHEAD_DAYS)
    linked = db.session.execute(
        db.select(WorkItemUnit.unit_id, WorkItem)
        .join(WorkItem, WorkItem.id == WorkItemUnit.work_item_id)
        .where(WorkItemUnit.unit_id.in_(unit_ids), *_open(), WorkItem.due_on <= horizon)
        .options(_SHOWN, _DOCUMENT)
        .order_by(WorkItemUnit.unit_id, WorkItem.due_on, WorkItem.id)
    )
    for unit_id, item in linked:
        digest, line = digests[unit_id], _line(item, today, late)
        if item.due_on < today:
            digest.overdue.append(line)
        elif item.due_on <= sunday:
            digest.due_this_week.append(line)
        else:
            digest.due_soon.append(line)
    unsigned = db.session.scalars(
        db.select(WorkItem)
        .where(WorkItem.lead_unit_id.in_(unit_ids), WorkItem.status == "assigned", ~WorkItem.is_vanished)
        .options(_SHOWN, _DOCUMENT)
        .order_by(WorkItem.lead_unit_id, WorkItem.due_on.is_(None), WorkItem.due_on, WorkItem.id)
    )
    for item in unsigned:
        digests[item.lead_unit_id].unsigned.append(item)
    for due in due_reports(active_duties(unit_ids), today, horizon):
        digests[due.unit_id].reports_due.append(due)
    for missed in missed_reports(today - dt.timedelta(days=MISSED_LOOKBACK_DAYS), unit_ids):
        digests[missed.unit_id].reports_missed.append(missed)
    return list(digests.values())


def units_to_remind(settings: ReminderSettings, copying_staff: bool = False) -> list[Unit]:
    """Active, unmuted units with a reminder address (or, when copying, a staff user with an address)."""
    units = db.session.scalars(db.select(Unit).where(Unit.is_active).order_by(Unit.id))
    muted = set(settings.muted_unit_ids or ())
    staffed = set(staff_addresses(None)) if copying_staff else set()
    return [unit for unit in units if unit.id not in muted and (unit.reminder_emails or unit.id in staffed)]


def staff_addresses(unit_ids: list[int] | None) -> dict[int, list[str]]:
    """Per unit (of ``unit_ids``, or every unit for None): its active staff users' own addresses."""
    query = db.select(User.unit_id, User.email).where(
        User.role == "unit_staff", User.is_active, User.email.is_not(None), User.email != ""
    )
    if unit_ids is not None:
        query = query.where(User.unit_id.in_(unit_ids))
    addresses: dict[int, list[str]] = {}
    for unit_id, email in db.session.execute(query.order_by(User.unit_id, User.email)):
        addresses.setdefault(unit_id, []).append(email.strip().lower())
    return addresses


def build_escalations(
    today: dt.date, settings: ReminderSettings
) -> tuple[list[Escalation], list[Escalation]]:
    """Items overdue by more than the threshold: one digest per named leader, one per office user.

    A leader's escalation goes only to the users the office linked to that
    leader (``User.leader_name`` equal to the name printed on the item as
    责任领导 / 分管领导), never to whoever merely shares the name, and lists only
    items the recipient may open. Only active users with an e-mail address
    receive anything. The office is every active supervisor with an address.
    """
    cutoff = escalation_cutoff(today, settings.escalation_working_days)
    reachable = db.session.scalars(
        db.select(User).where(User.is_active, User.email.is_not(None), User.email != "").order_by(User.id)
    ).all()
    by_leader: dict[str, list[User]] = {}
    for user in reachable:
        if user.leader_name:
            by_leader.setdefault(user.leader_name, []).append(user)
    may_open = {
        user: set(db.session.scalars(db.select(WorkItem.id).where(visible_items_clause(user), *_open())))
        for linked in by_leader.values()
        for user in linked
        if not can_read_all(user)
    }
    office_users = [user for user in reachable if user.role == "supervisor"]
    office = _Shortlist()
    leaders: dict[User, _Shortlist] = {}
    overdue = db.session.execute(
        db.select(WorkItem.id, WorkItem.leaders)
        .where(*_open(), WorkItem.due_on <= cutoff)
        .order_by(WorkItem.due_on, WorkItem.id)
        .execution_options(yield_per=ESCALATION_SCAN_BATCH)
    )
    for item_id, names in overdue:
        office.add(item_id)
        for name in dict.fromkeys(names or ()):
            for user in by_leader.get(name, ()):
                if user not in may_open or item_id in may_open[user]:
                    leaders.setdefault(user, _Shortlist()).add(item_id)
    if not office.total:
        return [], []
    lines = _lines_of(
        {item_id for shortlist in (office, *leaders.values()) for item_id in shortlist.ids}, today
    )
    return (
        [shortlist.escalation(user, lines) for user, shortlist in leaders.items()],
        [office.escalation(user, lines) for user in office_users],
    )


class _Shortlist:
    """The first ESCALATION_LINES item ids seen (the longest overdue) and how many were seen in all."""

    def __init__(self):
        self.ids: list[int] = []
        self.total = 0

    def add(self, item_id: int) -> None:
        self.total += 1
        if len(self.ids) < ESCALATION_LINES:
            self.ids.append(item_id)

    def escalation(self, recipient: User, lines: dict[int, DigestLine]) -> Escalation:
        return Escalation(recipient, [lines[item_id] for item_id in self.ids], self.total)


def _lines_of(item_ids: set[int], today: dt.date) -> dict[int, DigestLine]:
    """The digest lines of the listed items, with what the mail shows, loaded ESCALATION_SCAN_BATCH at a time.

    A province's leaders may list 10^5 items between them: one IN list that
    long would pass the database's limit on bound parameters (65,535 on PostgreSQL).
    """
    late, ordered, lines = _LateCounter(today), sorted(item_ids), {}
    for start in range(0, len(ordered), ESCALATION_SCAN_BATCH):
        batch = ordered[start : start + ESCALATION_SCAN_BATCH]
        for item in db.session.scalars(
            db.select(WorkItem)
            .where(WorkItem.id.in_(batch))
            .options(_SHOWN, selectinload(WorkItem.lead_unit))
        ):
            lines[item.id] = _line(item, today, late)
    return lines


def escalation_cutoff(today: dt.date, threshold: int) -> dt.date:
    """The latest due date that is overdue by more than ``threshold`` working days on ``today``."""
    day, late = today, 0
    while late <= threshold:
        day -= dt.timedelta(days=1)
        late += calendar.is_working_day(day)
    return day


def _open():
    return WorkItem.status.in_(OPEN_STATUSES), ~WorkItem.is_vanished


def _line(item: WorkItem, today: dt.date, late: "_LateCounter") -> DigestLine:
    if item.due_on >= today:
        return DigestLine(item, 0, 0)
    return DigestLine(item, (today - item.due_on).days, late(item.due_on))


class _LateCounter:
    """Working days in [due_on, today) for any due date, from one backward walk shared by all items.

    Counting each item's working days separately walks the calendar day by
    day per item; for a ledger with hundreds of overdue items per unit that
    was most of a digest run. The due dates are few (at most a few years of
    days), so one counter serves a whole sweep; a new one per sweep, so a
    change to the office's holiday table applies to the next sweep.
    """

    def __init__(self, today: dt.date) -> None:
        self.day, self.late = today, 0
        self.counts = {today: 0}

    def __call__(self, due_on: dt.date) -> int:
        while self.day > due_on:
            self.day -= dt.timedelta(days=1)
            self.late += calendar.is_working_day(self.day)
            self.counts[self.day] = self.late
        return self.counts[due_on]
