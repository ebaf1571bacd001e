"""Recurring report duties: 按月报送, 每月的第一个星期一, 每季度末, 每半年, fixed yearly dates.

A duty becomes an RFC 5545 RRULE (read with dateutil) and/or fixed
month-days that repeat every year ("6月20日、11月10日报送半年、全年工作完成情况").
Where the text names only a frequency (按月, 每季度), the duty falls due at
the end of each period: a monthly report belongs to its month. The English
`description` follows the gold annotations' wording ("monthly", "quarterly",
"every half year", "monthly, first Monday") because the extraction engine
puts it in its output as is.
"""

import calendar
import dataclasses
import datetime
import re

from dateutil import rrule

from tracker.extraction._text import DAY, MONTH, Cleaned, number

_WEEKDAYS = "一二三四五六日天"
_RRULE_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU", "SU")
_ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Sunday")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

_PATTERN = re.compile(
    rf"(?P<nth>每月的?(?:第(?P<n>[1-4一二三四])个|最后一个)(?:星期|周)(?P<wd>[{_WEEKDAYS}]))"
    rf"|(?P<monthday>每月的?(?P<md>{DAY})[日号](?:之?前)?)"
    r"|(?P<monthend>每月(?:底|末)(?:之?前)?)"
    rf"|(?P<yearday>每年的?(?P<ym>{MONTH})月(?:(?P<yd>{DAY})[日号]|底|末)?(?:之?前)?)"
    r"|(?P<quarter>每季度?(?:末|底)?|按季度?)"
    r"|(?P<half>每半年|半年一次)"
    r"|(?P<month>每月|按月|逐月|一月一[汇总分析调度报通]+|月调度)"
    r"|(?P<week>每周|按周)"
    r"|(?P<year>每年|按年)"
    rf"|(?P<fixed>(?:{MONTH}月(?:{DAY}[日号]|底|末)(?:之?前)?[、和及与]?){{2,}})"
    r"(?=[^。;；]{0,8}?(?:分别)?(?:报送|上报|报告|报)[^。;；]{0,12}?半年)"
    r"|(?P<periodic>定期(?:报送|上报|报告))"
)
# A bare frequency is a duty only when its clause reports or reviews something;
# "每年至少组织一次演练" sets a quota, "每月带队检查" an activity.
_CLAUSE = re.compile(r"[^。；;，,]*")
_REPORTING = re.compile(r"报|公布|听取|交办|汇总|分析|召开|调度|会议")
_QUOTA = re.compile(r"(?:分别)?至少")
_ALWAYS_DUTIES = {"nth", "fixed", "periodic"}
_FIXED_DATE = re.compile(rf"(?P<m>{MONTH})月(?:(?P<d>{DAY})[日号]|底|末)")


@dataclasses.dataclass(frozen=True, slots=True)
class Duty:
    """A recurring duty: an RRULE, fixed yearly dates, or just a description when neither is known."""

    text: str
    rule: str | None
    dates: tuple[datetime.date, ...]
    description: str

    def occurrences(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        """The days the duty falls due in [start, end], sorted; fixed dates repeat every year."""
        days: set[datetime.date] = set()
        if self.rule:
            dtstart = datetime.datetime.combine(start, datetime.time())
            until = datetime.datetime.combine(end, datetime.time())
            rule = rrule.rrulestr(self.rule, dtstart=dtstart)
            days.update(d.date() for d in rule.between(dtstart, until, inc=True))
        for fixed in self.dates:
            for year in range(start.year, end.year + 1):
                day = _same_day_in(year, fixed)
                if day is not None and start <= day <= end:
                    days.add(day)
        return sorted(days)

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "rule": self.rule,
            "dates": [d.isoformat() for d in self.dates],
            "description": self.description,
        }


def find_duties(text: str, reference: datetime.date) -> list[Duty]:
    """Every recurring duty in `text`, in printed order; `reference` dates the fixed days.

    A frequency followed at once by its detail ("按月（每月的第一个星期一）")
    is one duty, described by the detail.
    """
    cleaned = Cleaned(text)
    duties: list[tuple[int, int, Duty]] = []
    for match in _PATTERN.finditer(cleaned.text):
        if not _is_duty(match, cleaned.text):
            continue
        duty = _read(match, cleaned, reference)
        if duties and _refines(duties[-1], match.start(), duty):
            duties[-1] = (duties[-1][0], match.end(), duty)
        else:
            duties.append((match.start(), match.end(), duty))
    return [duty for _, _, duty in duties]


def _is_duty(match: re.Match[str], text: str) -> bool:
    if match.lastgroup in _ALWAYS_DUTIES:
        return True
    if _QUOTA.match(text, match.end()):
        return False
    clause_start = max(text.rfind(mark, 0, match.start()) for mark in "。；;，,") + 1
    clause = text[clause_start : _CLAUSE.match(text, match.end()).end()]
    return _REPORTING.search(clause) is not None


def _refines(previous: tuple[int, int, Duty], start: int, duty: Duty) -> bool:
    _, previous_end, previous_duty = previous
    detail_of_previous = duty.description.split(",")[0] == previous_duty.description != duty.description
    return detail_of_previous and start - previous_end <= 2


def _read(match: re.Match[str], cleaned: Cleaned, reference: datetime.date) -> Duty:
    text = cleaned.verbatim(match.start(), match.end())
    kind = match.lastgroup
    if kind == "nth":
        ordinal = number(match["n"]) if match["n"] else -1
        weekday = _WEEKDAYS.index(match["wd"])
        return Duty(
            text,
            f"FREQ=MONTHLY;BYDAY={ordinal:+d}{_RRULE_WEEKDAYS[weekday]}",
            (),
            f"monthly, {_ORDINALS[ordinal]} {_ENGLISH_WEEKDAYS[weekday]}",
        )
    if kind == "monthday":
        day = number(match["md"])
        return Duty(text, f"FREQ=MONTHLY;BYMONTHDAY={day}", (), f"monthly, by day {day}")
    if kind == "monthend":
        return Duty(text, "FREQ=MONTHLY;BYMONTHDAY=-1", (), "monthly, month end")
    if kind == "yearday":
        return _yearly(match, text)
    if kind == "fixed":
        return Duty(text, None, _fixed_dates(match["fixed"], reference.year), "every half year")
    return Duty(text, *_FREQUENCIES[kind])


_FREQUENCIES = {
    "quarter": ("FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", (), "quarterly"),
    "half": ("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1", (), "every half year"),
    "month": ("FREQ=MONTHLY;BYMONTHDAY=-1", (), "monthly"),
    "week": ("FREQ=WEEKLY;BYDAY=FR", (), "weekly"),
    "year": ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1", (), "yearly"),
    "periodic": (None, (), "periodic"),
}


def _yearly(match: re.Match[str], text: str) -> Duty:
    """A yearly day; a day no year has (每年2月30日) keeps its description but gets no rule.

    dateutil would search every year up to 9999 for such a day.
    """
    month = number(match["ym"])
    day = number(match["yd"]) if match["yd"] else -1
    when = f"{month}-{day}" if day > 0 else f"end of month {month}"
    exists = day < 0 or day <= calendar.monthrange(2000, month)[1]
    rule = f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}" if exists else None
    return Duty(text, rule, (), f"yearly, {when}")


def _fixed_dates(phrase: str, year: int) -> tuple[datetime.date, ...]:
    days = []
    for match in _FIXED_DATE.finditer(phrase):
        month = number(match["m"])
        if not 1 <= month <= 12:
            continue
        if match["d"] is None:
            days.append(_month_end(datetime.date(year, month, 1)))
            continue
        try:
            days.append(datetime.date(year, month, number(match["d"])))
        except ValueError:
            continue
    return tuple(days)


def _month_end(day: datetime.date) -> datetime.date:
    next_month = day.replace(day=28) + datetime.timedelta(days=4)
    return next_month - datetime.timedelta(days=next_month.day)


def _same_day_in(year: int, day: datetime.date) -> datetime.date | None:
    """`day`'s month and day in `year`; a month end stays a month end, 2-29 gives None in common years."""
    if day.month != 2 and day == _month_end(day):
        return _month_end(datetime.date(year, day.month, 1))
    try:
        return day.replace(year=year)
    except ValueError:
        return None
