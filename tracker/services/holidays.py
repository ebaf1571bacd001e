"""The office's holiday table: import the State Council's yearly notice, keep the calendar in step.

chinese-calendar knows holidays only up to the last published year; gazettes
set deadlines years ahead. The office enters each new year's arrangement here
(a small CSV: ``date,holiday|workday,name``), the working-day calendar uses it,
and years nobody entered fall back to weekends only, with a warning.
"""

import csv
import datetime as dt
import io
import time

from sqlalchemy import func

from tracker import calendar
from tracker.errors import ImportRejected, TrackerError
from tracker.extensions import db
from tracker.models import HolidayOverride, HolidayYear, User, WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.history import record_event

KINDS = {"holiday": False, "休": False, "假": False, "workday": True, "班": True, "上班": True}
#: How often a web process looks for changes made by another process.
REFRESH_SECONDS = 30.0
_last_check = {"at": float("-inf"), "signature": None}


def parse_holiday_csv(text: str) -> list[tuple[dt.date, bool, str]]:
    """Read ``date,kind,name`` lines (kind: holiday/休 or workday/班; # starts a comment).

    :raises ImportRejected: naming every bad line; nothing is returned then.
    """
    rows, problems = [], []
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not fields or not fields[0].strip() or fields[0].lstrip().startswith("#"):
            continue
        if number == 1 and fields[0].strip().lower() == "date":
            continue
        try:
            day = dt.date.fromisoformat(fields[0].strip())
        except ValueError:
            problems.append(f"第 {number} 行：日期“{fields[0].strip()}”应写成 2027-01-01。")
            continue
        kind = fields[1].strip().lower() if len(fields) > 1 else ""
        if kind not in KINDS:
            problems.append(f"第 {number} 行：类型应为 holiday（休）或 workday（班），而不是“{kind}”。")
            continue
        rows.append((day, KINDS[kind], fields[2].strip()[:40] if len(fields) > 2 else ""))
    if problems:
        raise ImportRejected("节假日文件有误，未导入：" + " ".join(problems))
    if not rows:
        raise ImportRejected("节假日文件中没有任何日期。")
    return rows


def import_holidays(
    rows: list[tuple[dt.date, bool, str]],
    source: str,
    actor: User | None,
    now: dt.datetime,
    *,
    marks_years: bool = True,
) -> list[int]:
    """Store the rows (replacing earlier entries for the same days) and, for a year's notice, mark its years.

    A file is the State Council's arrangement for its years, so they count as known from then on; one day
    entered by hand (``marks_years=False``) corrects a day and says nothing about the rest of its year.
    """
    years = sorted({day.year for day, _, _ in rows})
    for day, is_working, name in rows:
        existing = db.session.get(HolidayOverride, day)
        if existing is None:
            db.session.add(HolidayOverride(day=day, is_working_day=is_working, name=name, changed_at=now))
        else:
            existing.is_working_day, existing.name, existing.changed_at = is_working, name, now
    for year in years if marks_years else ():
        entry = db.session.get(HolidayYear, year) or HolidayYear(year=year)
        entry.source, entry.entered_at = source[:200], now
        db.session.add(entry)
    record_event(
        "holidays.imported", actor, after={"years": years, "days": len(rows)}, note=source[:500], at=now
    )
    db.session.flush()
    return years


def set_override(day: dt.date, is_working: bool, name: str, actor: User | None, now: dt.datetime) -> None:
    """Enter or correct one day (its year still counts as unknown until its arrangement is imported)."""
    import_holidays([(day, is_working, name.strip()[:40])], "手工录入", actor, now, marks_years=False)


def remove_override(day: dt.date, actor: User | None, now: dt.datetime) -> None:
    """Forget the office's entry for one day (the package's calendar applies again)."""
    row = db.session.get(HolidayOverride, day)
    if row is None:
        raise TrackerError(f"{day} 没有录入过。")
    db.session.delete(row)
    record_event("holidays.removed", actor, before={"day": day.isoformat()}, at=now)


def load_calendar() -> None:
    """Install the holiday table into the process's working-day calendar."""
    overrides = dict(db.session.execute(db.select(HolidayOverride.day, HolidayOverride.is_working_day)).all())
    years = set(db.session.scalars(db.select(HolidayYear.year)))
    calendar.install_overrides(overrides, years)
    _last_check["signature"] = _signature()
    _last_check["at"] = time.monotonic()


def invalidate_calendar() -> None:
    """Make the next check reload the table (after this process changed it, or between tests)."""
    calendar.install_overrides({}, set())
    _last_check["at"] = float("-inf")
    _last_check["signature"] = None


def refresh_calendar_if_changed() -> None:
    """Reload the table when another process changed it; looks at most every REFRESH_SECONDS."""
    if time.monotonic() - _last_check["at"] < REFRESH_SECONDS:
        return
    _last_check["at"] = time.monotonic()
    if _signature() != _last_check["signature"]:
        load_calendar()


def _signature() -> tuple:
    count, latest = db.session.execute(
        db.select(func.count(), func.max(HolidayOverride.changed_at)).select_from(HolidayOverride)
    ).one()
    years = db.session.scalar(db.select(func.count()).select_from(HolidayYear))
    return count, latest, years


def uncovered_years(today: dt.date) -> list[int]:
    """Years from this one to the last open deadline whose holidays nobody knows (weekends-only there)."""
    last = db.session.scalar(db.select(func.max(WorkItem.due_on)).where(WorkItem.status.in_(OPEN_STATUSES)))
    end = max(today.year, last.year if last else today.year)
    return [year for year in range(today.year, end + 1) if not calendar.is_year_covered(year)]
