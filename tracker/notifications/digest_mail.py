"""What a unit clerk reads in the weekly digest: numbered sections, each item named in full, the week as dates.

The digest's data (:mod:`tracker.services.digests`) has five possible sections; only those with something
in them are printed, numbered 一、二、三… in the order shown, so a clerk never reads 一 then 五. Each item
carries its document's 文号 and title with its own title, and whether the unit leads it (牵头) or
assists (配合); an item the unit has not signed for links straight to the 签收 button.
"""

import datetime as dt
from dataclasses import dataclass

NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    """One numbered part of the digest."""

    number: str
    title: str
    #: "items" (DigestLine rows), "reports" (("due", DueReport) and ("missed", MissedReport) pairs) or
    #: "unsigned" (WorkItem rows).
    kind: str
    rows: list


def week_range(today: dt.date) -> str:
    """Monday to Sunday of ``today``'s week as a clerk writes it: 12月1日—12月7日."""
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    return f"{monday.month}月{monday.day}日—{sunday.month}月{sunday.day}日"


def digest_sections(digest) -> list[Section]:
    """The digest's non-empty sections, numbered consecutively."""
    candidates = [
        ("已超期", "items", digest.overdue),
        ("本周到期", "items", digest.due_this_week),
        ("未来两周内到期", "items", digest.due_soon),
        (
            "进展报送",
            "reports",
            [("due", due) for due in digest.reports_due] + [("missed", m) for m in digest.reports_missed],
        ),
        ("尚未签收", "unsigned", digest.unsigned),
    ]
    present = [(title, kind, rows) for title, kind, rows in candidates if rows]
    return [Section(NUMERALS[n], title, kind, rows) for n, (title, kind, rows) in enumerate(present)]


def role_of(item, unit) -> str:
    """牵头 when ``unit`` leads ``item``, else 配合."""
    return "牵头" if item.lead_unit_id == unit.id else "配合"


def item_name(item) -> str:
    """文号《document title》item title: the way the office's own paperwork names a task."""
    document = item.document
    number = f"{document.number}" if document is not None and document.number else ""
    title = f"《{document.title}》" if document is not None and document.title else ""
    return f"{number}{title}{item.title}"


def digest_context(digest) -> dict:
    """Everything the digest templates need besides the digest itself."""
    return {
        "sections": digest_sections(digest),
        "week_range": week_range(digest.today),
        "role_of": role_of,
        "item_name": item_name,
    }
