"""A report duty's rule in the words an office writes it (每月第一个星期一, 每季度末, 每年6月20日).

Read from the RFC 5545 RRULE and the fixed dates, not from the extractor's English description (kept for
the evaluation data), so a duty entered or edited by hand reads the same way.
"""

import datetime as dt

WEEKDAYS = {
    "MO": "星期一",
    "TU": "星期二",
    "WE": "星期三",
    "TH": "星期四",
    "FR": "星期五",
    "SA": "星期六",
    "SU": "星期日",
}
ORDINALS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", 5: "第五个", -1: "最后一个"}


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)


def _day_of_month(value: str) -> str:
    return "底" if value == "-1" else f"{value}日"


def _weekday(value: str) -> str:
    """``1MO`` → 第一个星期一, ``-1FR`` → 最后一个星期五, ``MO`` → 星期一."""
    code, count = value[-2:], value[:-2]
    return ORDINALS.get(int(count), f"第{count}个") + WEEKDAYS[code] if count else WEEKDAYS[code]


def describe_rule(rule: str) -> str:
    """The RRULE as Chinese words; the rule itself when it uses parts this does not read."""
    parts = _parts(rule)
    frequency, by_day, month_day, months = (
        parts.get("FREQ"),
        parts.get("BYDAY"),
        parts.get("BYMONTHDAY"),
        parts.get("BYMONTH"),
    )
    try:
        if frequency == "WEEKLY":
            return "每周" + "、".join(WEEKDAYS[d][2:] for d in by_day.split(",")) if by_day else "每周"
        if frequency == "MONTHLY":
            if by_day:
                return "每月" + "、".join(_weekday(d) for d in by_day.split(","))
            return "每月" + (_day_of_month(month_day) if month_day else "")
        if frequency == "YEARLY" and months:
            month_list = months.split(",")
            end = month_day == "-1"
            if end and month_list == ["3", "6", "9", "12"]:
                return "每季度末"
            if end and month_list == ["6", "12"]:
                return "每半年末（6月底、12月底）"
            day = _day_of_month(month_day) if month_day else ""
            return "每年" + "、".join(f"{m}月{day}" for m in month_list)
        if frequency == "YEARLY":
            return "每年"
    except (KeyError, ValueError):
        pass
    return rule


def describe_duty(rule: str | None, fixed_dates: list[str]) -> str:
    """The whole duty: its rule, or its fixed yearly dates (每年6月20日、11月10日), or ""."""
    if rule:
        return describe_rule(rule)
    days = [dt.date.fromisoformat(value) for value in fixed_dates or ()]
    return "每年" + "、".join(f"{day.month}月{day.day}日" for day in days) if days else ""
