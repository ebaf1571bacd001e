"""Find the time limits in a task's text and turn them into dates.

Officials write time limits ("2025年底前", "6月底前", "上半年", "国庆前",
"2025年5月至9月底") that date libraries misread (dateparser takes 前 for
"ago"), so the grammar here is our own: one regex compiled at import, plus
small functions that turn its groups into dates following the rules in
shared/eval/SCHEMA.md ("Deadline normalisation"). A wrong date is worse than
none, so anything that cannot be pinned to one day gets date None.

Recurring phrases (每月20日前, 每年12月底前) are report duties, not one-off
deadlines: they are skipped here and read by `tracker.extraction.recurrence`.
"""

import calendar
import dataclasses
import datetime
import re
from collections.abc import Mapping

import dateparser

from tracker.extraction._text import DAY, MONTH, Cleaned, number
from tracker.extraction.festivals import festival_day, lunar_day, lunar_month, lunar_to_solar

_CN_DIGIT = "〇零一二三四五六七八九"
# Gazettes date things in the 1900s and 2000s; other four-digit numbers before 年 are not years.
_YEAR = rf"(?:(?:19|20)\d\d|[一二][{_CN_DIGIT}]{{3}})"
_QUARTER = r"第?[1-4一二三四]季度末?"
_RELATIVE_YEARS = {"今年": 0, "当年": 0, "本年": 0, "明年": 1, "次年": 1, "去年": -1}
_HALVES_AND_WHOLE = r"上半年|下半年|年底|年末|年内|全年"
# Range marks as printed and as OCR renders them: 至/到 (also 起至), one or two em dashes, and every
# hyphen, en dash, tilde and wave dash (full-width －/～ are folded to -/~ by `Cleaned`).
_DASH = r"(?:起?[至到]|——?|[-–~―‐‑‒−﹣〜─])"
# "前后" and "左右" (around a day) set no limit that can be pinned: the phrase is kept, without a date.
_VAGUE_TAILS = {"前后", "左右"}
# Parts of a month. 月初 is the month's first 旬, so it ends on the 10th like 上旬 (SCHEMA); the
# first half of a 旬 (上旬初) ends on its 5th day.
_MONTH_PARTS = r"上旬初|中旬初|下旬初|上中旬|中下旬|上旬|中旬|下旬|底|末|初|中|份"
# First and last day of each part of a month; _MONTH_END stands for the month's last day, None for
# no last day (月中 is too vague to end anywhere).
_MONTH_END = 0
_MONTH_PART_DAYS = {
    "上旬初": (1, 5),
    "中旬初": (11, 15),
    "下旬初": (21, 25),
    "上旬": (1, 10),
    "初": (1, 10),
    "上中旬": (1, 20),
    "中下旬": (11, _MONTH_END),
    "中旬": (11, 20),
    "下旬": (21, _MONTH_END),
    "底": (_MONTH_END, _MONTH_END),
    "末": (_MONTH_END, _MONTH_END),
    "中": (11, None),
}
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Two 旬 at once ("12月中下旬") are a range of their own: they carry a start.
_TWO_DEKADS = {"上中旬", "中下旬"}
_RELATIVE_MONTHS = {"本月": 0, "下月": 1, "下个月": 1}
# Items of one list ("2021年11月30日、12月31日") share the year printed on the first.
_LIST_JOINER = re.compile(r"[、,，和及与或]|以及")
# "当年" and "本年" alone mostly mean "that year" in rules (当年享受补贴), not a time limit.
_TARGET_RELATIVE_YEARS = {"今年", "明年"}
# Events and seasons that officials set limits by ("汛期前", "2024年启动运行前")
# but that have no fixed day: they give a deadline without a date.
_EVENTS = r"(?:全国|省|市|县|区)?两会|汛期|主汛期|采暖季|供暖季|入冬|春季|夏季|秋季|冬季|(?:启动|正式)?(?:运行|投运|投用|开学|开园)"
_START_TAILS = {"起", "以后", "开始", "后"}
_BEFORE_TAILS = {"前", "之前", "以前"}
_TARGET_LEADS = {"到", "至", "截至", "截止", "截止到"}
_BARE_YEAR_FOLLOWERS = re.compile(r"[,，、;；:：。)）]|$|在|我县|全县|力争|要|将|完成|实现|基本|全面|各|内")
# Open-ended wording and recurring duties: neither is a one-off deadline.
_NO_DEADLINE = re.compile(
    r"长期|持续|常态化|久久为功|不定期|随时|每(?:年|月|季|半年|周|旬)|按(?:年|月|季|周)|定期"
)
_LIMIT_DEFINITION = re.compile(r"(?P<name>[\u4e00-\u9fff]{2}(?:时限|期限))(?:截止到|截止|截至|为|至|到)")
_CITED_TITLE = re.compile(r"《[^》]*》")
_BASELINE_MARKS = ("较", "比", "与", "同比")
_HALF_YEAR_BEFORE = re.compile(r"半年[、和及与]?$")
_TEMPORAL_HINT = re.compile(r"[年月日号旬季期天周前内底末]|当天|当日")


def _year(name: str) -> str:
    return rf"(?:(?P<{name}>{_YEAR})年|(?P<{name}r>今年|明年|次年|当年|本年|去年))"


def _point(p: str) -> str:
    """A calendar point: a day, part of a month, a month, part of a year, or a year.

    Each alternative carries its own groups because Python's re forbids a
    group name twice; `p` keeps the two ends of a range ("a", "b") and a
    single point ("s") apart. A range's start may omit 月 ("5—9月") and 日
    ("4月29—5月10日": the dash after it shows it is a day); its end may omit
    日 when no digit follows ("4月29日—5月10"). A month that is directly
    followed by a digit is never read as a whole month: "4月10前" is not the
    end of April.
    """
    if p == "a":
        month_mark, after_month = rf"(?:月|(?={_DASH}))", rf"(?P<ad>{DAY})[日号]?|(?P<ax>{_MONTH_PARTS})|"
    else:
        day_mark = r"(?:[日号]|(?![\d.]))" if p == "b" else "[日号]"
        month_mark, after_month = "月", rf"(?P<{p}d>{DAY}){day_mark}|(?P<{p}x>{_MONTH_PARTS})|(?!\d)"
    return (
        rf"(?:(?:{_year(p + 'ya')})?(?P<{p}m>{MONTH}){month_mark}|(?P<{p}mr>本月|下个?月))(?:{after_month})"
        rf"|{_year(p + 'yb')}(?P<{p}ys>底|末|内|{_HALVES_AND_WHOLE}|{_QUARTER})?"
        rf"|(?P<{p}ns>{_HALVES_AND_WHOLE}|{_QUARTER})"
        rf"|(?P<{p}dd>{DAY})[日号]"
    )


# Every character a match can start with, and the start of a named limit ("创建时限内"). Checked first,
# it lets the scan skip in one step the many positions where none of the alternatives below can begin.
_STARTS = (
    r"(?=[0-9〇零一二三四五六七八九十两廿卅今明次当本去上下全年第每按截到至于在国元春五劳中端清农阴省市县区汛主采供入夏秋冬启正运投开]"
    r"|[\u4e00-\u9fff]{2}的?[时期]限)"
)

_PATTERN = re.compile(
    _STARTS + r"(?P<rec>每(?:年|月|季度?|半年|周|旬)的?|按(?:年|月|季度?))?"
    r"(?P<lead>截止到|截止|截至|到|至|于|在)?"
    r"(?<!\d)(?:"
    r"(?P<iso>(?P<isoy>\d{4})[-/.](?P<isom>\d{1,2})[-/.](?P<isod>\d{1,2}))"
    rf"(?:(?P<isor>{_DASH}(?:(?P<isoby>\d{{4}})[-/.])?(?P<isobm>\d{{1,2}})[-/.](?P<isobd>\d{{1,2}}))|(?!{_DASH}\d))"
    r"(?![\d.])"
    rf"|(?P<span1>(?:19|20)\d\d)年?{_DASH}(?P<span2>(?:19|20)\d\d)年"
    rf"|(?P<range>(?:{_point('a')}){_DASH}(?:{_point('b')}))"
    rf"|(?:{_year('fy')})?(?P<fest>国庆节?|元旦|春节|五一|劳动节|中秋节?|端午节?|清明节?)(?=之前|以前|前)"
    rf"|(?:{_year('ly')})?(?P<lunar>(?:农历|阴历)(?P<lleap>闰)?(?P<lm>正|冬|腊|{MONTH})月"
    rf"(?P<ld>初[一二三四五六七八九十]|廿[一二三四五六七八九]|卅|{DAY})?)"
    rf"|(?P<rel>(?:\d{{1,3}}|[一二三四五六七八九十两]+)个?(?:工作日|日|天|周|星期|月|年)内)"
    rf"|(?:{_year('vy')})?(?P<vague>{_EVENTS})(?=之前|以前|前)"
    r"|(?P<named>[\u4e00-\u9fff]{2}的?(?:时限|期限))内"
    rf"|(?P<single>{_point('s')})"
    r")"
    r"(?P<tail>前后|左右|之前|以前|前|为止|起|以后|以来|开始|后)?"
)


@dataclasses.dataclass(frozen=True, slots=True)
class Deadline:
    """One time limit: the phrase as printed, its last day and, for ranges, its first day."""

    text: str
    date: datetime.date | None
    start: datetime.date | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "start": self.start.isoformat() if self.start else None,
        }


def find_deadlines(
    text: str, reference: datetime.date, named_limits: Mapping[str, datetime.date] | None = None
) -> list[Deadline]:
    """Every time limit in `text`, in printed order; `reference` is the document's date.

    `named_limits` (from `find_named_limits` over the document) dates an item
    that refers to a limit set elsewhere, such as "在创建时限内".

    Dates that are not the task's own time limit are left out: those inside a
    cited title (《…(2023—2025年)…》), past periods (2021—2023年, 较2020年),
    and windows of a recurring rule ("5-9月份每日").
    """
    cleaned = Cleaned(text)
    titles = _cited_titles(cleaned.text)
    found = []
    list_year, list_end = None, 0
    for match in _PATTERN.finditer(cleaned.text):
        if _in_spans(match.start(), titles) or _is_context(match, cleaned.text, reference):
            continue
        in_list = list_year is not None and _LIST_JOINER.fullmatch(cleaned.text, list_end, match.start())
        deadline = _read(match, cleaned, reference, named_limits or {}, list_year if in_list else None)
        if deadline is not None:
            found.append(deadline)
            day = deadline.date or deadline.start
            list_year, list_end = (day.year if day else None), match.end()
    return found


def normalise(
    phrase: str, reference: datetime.date, named_limits: Mapping[str, datetime.date] | None = None
) -> Deadline | None:
    """Read one time-limit phrase; None when it sets no deadline (open-ended or recurring).

    A phrase that reads as a time limit but that the grammar cannot pin to a
    day ("汛期前", "三天内办结", "启动运行前") gives a Deadline with date None.
    When a phrase holds several time points, the first one counts.
    """
    if _NO_DEADLINE.search(phrase):
        return None
    cleaned = Cleaned(phrase)
    for match in _PATTERN.finditer(cleaned.text):
        deadline = _read(match, cleaned, reference, named_limits or {})
        if deadline is not None:
            return Deadline(phrase, deadline.date, deadline.start)
    if _TEMPORAL_HINT.search(cleaned.text):
        return Deadline(phrase, None)
    return None


def find_named_limits(text: str, reference: datetime.date) -> dict[str, datetime.date]:
    """Limits a document defines once and items cite by name ("创建时限截止到2025年12月" -> 创建时限).

    SCHEMA: a date in a preamble reaches an item only when the item refers
    to it ("在创建时限内"); pass the result to `find_deadlines`.
    """
    cleaned = Cleaned(text)
    limits = {}
    for definition in _LIMIT_DEFINITION.finditer(cleaned.text):
        match = _PATTERN.match(cleaned.text, definition.end())
        deadline = _read(match, cleaned, reference, {}) if match else None
        if deadline is not None and deadline.date is not None:
            limits[definition["name"]] = deadline.date
    return limits


def parse_typed_date(value: str) -> datetime.date | None:
    """A date typed into a form or written in machine format ("2024-06-30", "2024/6/30", "30.6.2024").

    This is what dateparser is right for; official wording goes through
    `normalise` instead. Only complete dates are accepted: a partial one
    would be completed with today's day or month, which is a guess.
    """
    parsed = dateparser.parse(
        value.strip(),
        languages=["zh", "en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "YMD"},
    )
    return parsed.date() if parsed else None


def _read(
    match: re.Match[str],
    cleaned: Cleaned,
    reference: datetime.date,
    named_limits: Mapping[str, datetime.date],
    year: int | None = None,
) -> Deadline | None:
    """The deadline one match states; `year` stands for an unprinted year (default: the reference's)."""
    if match["rec"] or match["tail"] == "以来":
        return None
    keeps_lead = match["lead"] and (match["named"] or _is_bare_year(match, "s"))
    text = cleaned.verbatim(
        match.end("lead") if match["lead"] and not keeps_lead else match.start(), match.end()
    )
    try:
        deadline = _interpret(match, cleaned, text, reference, named_limits, year or reference.year)
    except (ValueError, OverflowError):
        # A day that cannot exist (2月30日, the year after 9999) is no date, not a crash.
        return Deadline(text, None)
    if deadline is not None and match["tail"] in _VAGUE_TAILS:
        return Deadline(text, None)
    return deadline


def _interpret(
    match: re.Match[str],
    cleaned: Cleaned,
    text: str,
    reference: datetime.date,
    named_limits: Mapping[str, datetime.date],
    year: int,
) -> Deadline | None:
    if match["named"]:
        return Deadline(text, named_limits.get(match["named"]))
    if match["isor"]:
        return _iso_range(match, text)
    if match["iso"]:
        return Deadline(text, _safe_date(int(match["isoy"]), int(match["isom"]), int(match["isod"])))
    if match["span1"]:
        first, last = int(match["span1"]), int(match["span2"])
        return (
            Deadline(text, datetime.date(last, 12, 31), datetime.date(first, 1, 1)) if first <= last else None
        )
    if match["fest"]:
        return Deadline(text, _festival_eve(match, reference))
    if match["lunar"]:
        return _lunar(match, text, year)
    if match["rel"] or match["vague"]:
        return Deadline(text, None)
    if match["range"]:
        return _range(match, text, reference, year)
    return _single(match, cleaned, text, reference, year)


def _cited_titles(text: str) -> list[tuple[int, int]]:
    return [title.span() for title in _CITED_TITLE.finditer(text)]


def _in_spans(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _is_context(match: re.Match[str], text: str, reference: datetime.date) -> bool:
    """A date that describes the past or a recurring window rather than a time limit."""
    if text.startswith("每", match.end()):
        return True
    if match["sns"] == "全年":
        return _HALF_YEAR_BEFORE.search(text[max(0, match.start() - 3) : match.start()]) is not None
    if match["span2"]:
        worded_as_limit = match["lead"] in _TARGET_LEADS or _BARE_YEAR_FOLLOWERS.match(text, match.end())
        return int(match["span2"]) < reference.year or not worded_as_limit
    if _is_bare_year(match, "s") and match["syb"]:
        baseline = text[max(0, match.start() - 2) : match.start()].endswith(_BASELINE_MARKS)
        return baseline or number(match["syb"]) < reference.year
    return False


def _single(
    match: re.Match[str], cleaned: Cleaned, text: str, reference: datetime.date, year: int
) -> Deadline | None:
    if _is_bare_year(match, "s") and not _bare_year_is_target(match, cleaned):
        return None
    if match["sdd"] and match["tail"] not in _BEFORE_TAILS:
        return None
    if _is_lone_chinese_month(match):
        return None
    if match["smr"] and not (match["sd"] or match["sx"]):
        # "本月" alone is a topic ("本月工作要点"), not a time limit.
        return None
    first, last = _period(match, "s", year, reference)
    tail = match["tail"]
    if tail in _START_TAILS:
        return Deadline(text, None, first)
    if tail in _BEFORE_TAILS and _is_bare_year(match, "s") and match["syb"]:
        return Deadline(text, None)
    if match["sx"] in _TWO_DEKADS:
        return Deadline(text, last, first)
    return Deadline(text, last)


def _is_lone_chinese_month(match: re.Match[str]) -> bool:
    """ "一月" alone is more often an idiom (一月一汇总) than a month; with a year or a day it is a month."""
    month = match["sm"]
    if month is None or month.isascii() or _has_year(match, "s"):
        return False
    return not (match["sd"] or match["sx"])


def _range(match: re.Match[str], text: str, reference: datetime.date, year: int) -> Deadline:
    """A range's end as its date and its first day as start; an end before the start gives no date.

    The end takes the start's year unless it prints its own, and the next one
    when it would otherwise fall before the start ("2024年11月至3月底").
    """
    first, _ = _period(match, "a", year, reference)
    if first is None:
        return Deadline(text, None)
    if match["bdd"]:
        last = _safe_date(first.year, first.month, number(match["bdd"])) if match["am"] else None
    else:
        _, last = _period(match, "b", first.year, reference)
        # 2月29日 after a start in a leap year's autumn exists only in the next year: try it too.
        if (last is None or last < first) and not (_has_year(match, "b") or match["bmr"]):
            _, last = _period(match, "b", first.year + 1, reference)
    if last is None or last < first:
        return Deadline(text, None)
    return Deadline(text, last, first)


def _iso_range(match: re.Match[str], text: str) -> Deadline:
    """ "2022.4.29-5.10" or "2022-04-29至2022-05-10": years as in `_range` ("2022.12.29-1.10" ends in 2023)."""
    first = _safe_date(int(match["isoy"]), int(match["isom"]), int(match["isod"]))
    end_year, month, day = int(match["isoby"] or match["isoy"]), int(match["isobm"]), int(match["isobd"])
    last = _safe_date(end_year, month, day)
    if first is not None and (last is None or last < first) and not match["isoby"]:
        last = _safe_date(end_year + 1, month, day)
    if first is None or last is None or last < first:
        return Deadline(text, None)
    return Deadline(text, last, first)


def _lunar(match: re.Match[str], text: str, year: int) -> Deadline:
    """ "农历十月初一": the Gregorian day of that lunar date in the (lunar) year printed or implied.

    A lunar month without its day ("农历十月") is too vague for a date.
    """
    if not match["ld"]:
        return Deadline(text, None)
    lunar_year = _year_of(match, "ly", year)
    day = lunar_to_solar(lunar_year, lunar_month(match["lm"]), lunar_day(match["ld"]), bool(match["lleap"]))
    if match["tail"] in _START_TAILS:
        return Deadline(text, None, day)
    return Deadline(text, day)


def _has_year(match: re.Match[str], p: str) -> bool:
    return any(match[p + name] for name in ("ya", "yar", "yb", "ybr"))


def _is_bare_year(match: re.Match[str], p: str) -> bool:
    return bool((match[p + "yb"] or match[p + "ybr"]) and not match[p + "ys"])


def _bare_year_is_target(match: re.Match[str], cleaned: Cleaned) -> bool:
    """A year alone is a time limit only when worded as one ("到2025年", "2025年,全县…")."""
    if match["syb"] is None:
        return match["sybr"] in _TARGET_RELATIVE_YEARS and not cleaned.text.startswith("度", match.end())
    if match["lead"] in _TARGET_LEADS or match["tail"]:
        return True
    return _BARE_YEAR_FOLLOWERS.match(cleaned.text, match.end()) is not None


def _year_of(match: re.Match[str], name: str, default: int) -> int:
    if match[name]:
        return number(match[name])
    if match[name + "r"]:
        return default + _RELATIVE_YEARS[match[name + "r"]]
    return default


def _period(
    match: re.Match[str], p: str, default_year: int, reference: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last day of the period a point names; None where it is too vague.

    本月 and 下月 count from the reference date's month, whatever year the phrase implies.
    """
    if match[p + "m"]:
        return _month_period(match, p, _year_of(match, p + "ya", default_year), number(match[p + "m"]))
    if match[p + "mr"]:
        months = reference.year * 12 + reference.month - 1 + _RELATIVE_MONTHS[match[p + "mr"]]
        return _month_period(match, p, months // 12, months % 12 + 1)
    if match[p + "dd"]:
        return None, None
    year = _year_of(match, p + "yb", default_year)
    part = match[p + "ys"] or match[p + "ns"] or ""
    return _year_period(year, part)


def _month_period(
    match: re.Match[str], p: str, year: int, month: int
) -> tuple[datetime.date | None, datetime.date | None]:
    if not 1 <= month <= 12:
        return None, None
    if match[p + "d"]:
        day = _safe_date(year, month, number(match[p + "d"]))
        return day, day
    first, last = _MONTH_PART_DAYS.get(match[p + "x"] or "", (1, _MONTH_END))
    end = 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month]
    return datetime.date(year, month, first or end), None if last is None else datetime.date(
        year, month, last or end
    )


def _year_period(year: int, part: str) -> tuple[datetime.date, datetime.date]:
    if part == "上半年":
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if part == "下半年":
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    if "季度" in part:
        quarter = number(part.lstrip("第")[0])
        first = datetime.date(year, 3 * quarter - 2, 1)
        return first, datetime.date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _festival_eve(match: re.Match[str], reference: datetime.date) -> datetime.date | None:
    """The last day before a festival; the festival in question is the next one unless a year is given.

    Without a year, "国庆前" written in November means next year's 国庆, as
    "元旦前" means the coming 元旦 (SCHEMA: 12-31 of the year before it).
    """
    festival = match["fest"]
    year_given = bool(match["fy"] or match["fyr"])
    year = _year_of(match, "fy", reference.year)
    day = festival_day(festival, year)
    if festival == "元旦" and not year_given:
        day = festival_day(festival, year + 1)
    elif day is not None and not year_given and day <= reference:
        day = festival_day(festival, year + 1)
    return day - datetime.timedelta(days=1) if day else None


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
