"""The grammar of official time limits, checked phrase by phrase against SCHEMA.md's rules."""

import datetime
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extraction.deadlines import (
    Deadline,
    find_deadlines,
    find_named_limits,
    normalise,
    parse_typed_date,
)

D = datetime.date
REF_2024 = D(2024, 6, 14)
REF_2025 = D(2025, 3, 31)
REF_2022 = D(2022, 5, 6)  # the reference date of issue 21's examples

# group -> (phrase, reference, expected date, expected start)
CASES = {
    "explicit days, with and without a year": [
        ("2024年5月17日前", REF_2024, D(2024, 5, 17), None),
        ("2024 年 5 月 17 日前", REF_2024, D(2024, 5, 17), None),
        ("10月20日前", REF_2024, D(2024, 10, 20), None),
        ("10月20日之前", REF_2024, D(2024, 10, 20), None),
        ("11月10日", REF_2024, D(2024, 11, 10), None),
        ("6月20日", REF_2024, D(2024, 6, 20), None),
        ("2024年12月31日", REF_2024, D(2024, 12, 31), None),
        ("2024年12月31号前", REF_2024, D(2024, 12, 31), None),
        ("二〇二四年十二月三十一日", REF_2024, D(2024, 12, 31), None),
        ("二〇二五年三月一日前", REF_2024, D(2025, 3, 1), None),
        ("十月二十日前", REF_2024, D(2024, 10, 20), None),
        ("２０２４年６月３０日", REF_2024, D(2024, 6, 30), None),
        ("2024年2月29日", REF_2024, D(2024, 2, 29), None),
        ("2025年2月29日", REF_2025, None, None),
        ("2024-06-30", REF_2024, D(2024, 6, 30), None),
        ("2024/6/30", REF_2024, D(2024, 6, 30), None),
        ("2024.6.30", REF_2024, D(2024, 6, 30), None),
    ],
    "month end": [
        ("2025年6月底前", REF_2025, D(2025, 6, 30), None),
        ("2025 年 6 月底前", REF_2025, D(2025, 6, 30), None),
        ("2025 年\n6 月底前", REF_2025, D(2025, 6, 30), None),
        ("2024年6月底前完成", REF_2024, D(2024, 6, 30), None),
        ("2024年3月底前完成", REF_2024, D(2024, 3, 31), None),
        ("2024年9月底", REF_2024, D(2024, 9, 30), None),
        ("2024年2月底前", REF_2024, D(2024, 2, 29), None),
        ("2025年2月底前", REF_2025, D(2025, 2, 28), None),
        ("2024年11月末", REF_2024, D(2024, 11, 30), None),
        ("6月底前", REF_2025, D(2025, 6, 30), None),
        ("6月底前", REF_2024, D(2024, 6, 30), None),
        ("6 月底", REF_2024, D(2024, 6, 30), None),
        ("7 月底", REF_2024, D(2024, 7, 31), None),
        ("12月底前", REF_2024, D(2024, 12, 31), None),
        ("十二月底前", REF_2024, D(2024, 12, 31), None),
        ("１２月底前", REF_2024, D(2024, 12, 31), None),
        ("明年6月底前", REF_2024, D(2025, 6, 30), None),
        ("今年9月底前", REF_2025, D(2025, 9, 30), None),
    ],
    "whole months": [
        ("2024年12月完成", REF_2024, D(2024, 12, 31), None),
        ("2024年12月", REF_2024, D(2024, 12, 31), None),
        ("2024年12月前", REF_2024, D(2024, 12, 31), None),
        ("2025年10月", REF_2025, D(2025, 10, 31), None),
        ("2024年4月份", REF_2024, D(2024, 4, 30), None),
        ("10月份", REF_2024, D(2024, 10, 31), None),
        ("7 月份", REF_2024, D(2024, 7, 31), None),
        ("6月", REF_2024, D(2024, 6, 30), None),
        ("8 月", REF_2024, D(2024, 8, 31), None),
        ("2月", REF_2024, D(2024, 2, 29), None),
        ("2月", REF_2025, D(2025, 2, 28), None),
        ("截止到2025年12月", REF_2025, D(2025, 12, 31), None),
        ("截至2025年12月", REF_2025, D(2025, 12, 31), None),
        ("截止到 2025 年 12 月", REF_2025, D(2025, 12, 31), None),
    ],
    "year ends": [
        ("2025年底前", REF_2025, D(2025, 12, 31), None),
        ("2024 年底前", REF_2024, D(2024, 12, 31), None),
        ("2030年底前", REF_2025, D(2030, 12, 31), None),
        ("2025年底", REF_2024, D(2025, 12, 31), None),
        ("2025年末", REF_2024, D(2025, 12, 31), None),
        ("2025年内", REF_2024, D(2025, 12, 31), None),
        ("年底前", REF_2024, D(2024, 12, 31), None),
        ("年底前", REF_2025, D(2025, 12, 31), None),
        ("年底", REF_2024, D(2024, 12, 31), None),
        ("年末", REF_2024, D(2024, 12, 31), None),
        ("年内", REF_2024, D(2024, 12, 31), None),
        ("年内", REF_2025, D(2025, 12, 31), None),
        ("全年", REF_2024, D(2024, 12, 31), None),
        ("今年", REF_2025, D(2025, 12, 31), None),
        ("今年底", REF_2025, D(2025, 12, 31), None),
        ("明年底前", REF_2025, D(2026, 12, 31), None),
        ("二〇二五年底前", REF_2024, D(2025, 12, 31), None),
    ],
    "target years": [
        ("到2025年", REF_2024, D(2025, 12, 31), None),
        ("到 2025 年", REF_2024, D(2025, 12, 31), None),
        ("2025 年", REF_2025, D(2025, 12, 31), None),
        ("2025年", REF_2025, D(2025, 12, 31), None),
        ("到2030年", REF_2025, D(2030, 12, 31), None),
    ],
    "halves and quarters": [
        ("上半年", REF_2024, D(2024, 6, 30), None),
        ("上半年", REF_2025, D(2025, 6, 30), None),
        ("下半年", REF_2024, D(2024, 12, 31), None),
        ("2024年下半年", REF_2024, D(2024, 12, 31), None),
        ("2025年上半年", REF_2024, D(2025, 6, 30), None),
        ("一季度", REF_2024, D(2024, 3, 31), None),
        ("第一季度", REF_2024, D(2024, 3, 31), None),
        ("第一季度末", REF_2024, D(2024, 3, 31), None),
        ("二季度", REF_2024, D(2024, 6, 30), None),
        ("第二季度", REF_2025, D(2025, 6, 30), None),
        ("三季度", REF_2024, D(2024, 9, 30), None),
        ("第三季度", REF_2024, D(2024, 9, 30), None),
        ("第三季度末", REF_2025, D(2025, 9, 30), None),
        ("四季度", REF_2024, D(2024, 12, 31), None),
        ("第四季度", REF_2025, D(2025, 12, 31), None),
        ("2025年第三季度", REF_2024, D(2025, 9, 30), None),
        ("2024年四季度末", REF_2024, D(2024, 12, 31), None),
        ("第3季度", REF_2024, D(2024, 9, 30), None),
    ],
    "parts of a month": [
        ("11月上旬", REF_2024, D(2024, 11, 10), None),
        ("6月上旬", REF_2024, D(2024, 6, 10), None),
        ("11月中旬", REF_2024, D(2024, 11, 20), None),
        ("2024年3月中旬", REF_2024, D(2024, 3, 20), None),
        ("2024 年 11 月中旬", REF_2024, D(2024, 11, 20), None),
        ("11月下旬", REF_2024, D(2024, 11, 30), None),
        ("2月下旬", REF_2024, D(2024, 2, 29), None),
        ("2025年2月下旬", REF_2025, D(2025, 2, 28), None),
        ("十一月中旬", REF_2025, D(2025, 11, 20), None),
        # 月初 is the first 旬 (ends on the 10th, as 上旬); the start of a 旬 is its first five days.
        ("6月初", REF_2024, D(2024, 6, 10), None),
        ("6月初", REF_2022, D(2022, 6, 10), None),
        ("6月上旬初", REF_2022, D(2022, 6, 5), None),
        ("6月中旬初", REF_2022, D(2022, 6, 15), None),
        ("6月下旬初", REF_2022, D(2022, 6, 25), None),
        ("次年12月中下旬", D(2015, 4, 17), D(2016, 12, 31), D(2016, 12, 11)),
        ("12月上中旬", REF_2022, D(2022, 12, 20), D(2022, 12, 1)),
    ],
    "this month and next (from the document's date)": [
        ("本月底前", REF_2022, D(2022, 5, 31), None),
        ("下月底前", REF_2022, D(2022, 6, 30), None),
        ("下个月底前", REF_2022, D(2022, 6, 30), None),
        ("本月20日前", REF_2022, D(2022, 5, 20), None),
        ("下月中旬", REF_2022, D(2022, 6, 20), None),
        ("下月底前", D(2022, 12, 10), D(2023, 1, 31), None),
        ("本月底前", D(2024, 2, 1), D(2024, 2, 29), None),
    ],
    "festivals": [
        ("国庆前", REF_2024, D(2024, 9, 30), None),
        ("国庆节前", REF_2025, D(2025, 9, 30), None),
        ("国庆节之前", REF_2025, D(2025, 9, 30), None),
        ("国庆前", D(2024, 11, 5), D(2025, 9, 30), None),
        ("2025年国庆前", REF_2024, D(2025, 9, 30), None),
        ("元旦前", REF_2024, D(2024, 12, 31), None),
        ("元旦前", REF_2025, D(2025, 12, 31), None),
        ("2025年元旦前", REF_2024, D(2024, 12, 31), None),
        ("春节前", D(2024, 1, 9), D(2024, 2, 9), None),
        ("春节前", D(2024, 6, 14), D(2025, 1, 28), None),
        ("春节前", D(2025, 1, 2), D(2025, 1, 28), None),
        ("2025年春节前", REF_2024, D(2025, 1, 28), None),
        ("2024年春节前", D(2023, 12, 1), D(2024, 2, 9), None),
        ("2030年春节前", REF_2025, D(2030, 2, 2), None),
        ("2060年春节前", REF_2025, D(2060, 2, 1), None),
        ("五一前", REF_2025, D(2025, 4, 30), None),
        ("中秋节前", REF_2024, D(2024, 9, 16), None),
        ("端午节前", REF_2022, D(2022, 6, 2), None),
        ("中秋节前", REF_2022, D(2022, 9, 9), None),
        ("清明节前", REF_2022, D(2023, 4, 4), None),
        ("清明节前", D(2022, 3, 1), D(2022, 4, 4), None),
        ("清明前", D(2024, 1, 2), D(2024, 4, 3), None),
        ("端午前", D(2022, 7, 1), D(2023, 6, 21), None),
        ("2023年端午节前", REF_2022, D(2023, 6, 21), None),
        ("中秋节之前", D(2023, 1, 3), D(2023, 9, 28), None),
    ],
    "lunar dates": [
        ("农历十月初一", REF_2022, D(2022, 10, 25), None),
        ("农历十月初一前", REF_2022, D(2022, 10, 25), None),
        ("农历正月十五", REF_2022, D(2022, 2, 15), None),
        ("2023年农历腊月廿三", REF_2022, D(2024, 2, 2), None),
        ("农历闰二月初一", D(2023, 1, 5), D(2023, 3, 22), None),
        ("阴历八月十五日", REF_2022, D(2022, 9, 10), None),
        ("农历十月", REF_2022, None, None),
        ("农历闰二月初一", REF_2022, None, None),
    ],
    "ranges": [
        ("2025年5月至9月底", REF_2025, D(2025, 9, 30), D(2025, 5, 1)),
        ("2025年10月至12月底", REF_2025, D(2025, 12, 31), D(2025, 10, 1)),
        ("2024年5—9月", REF_2024, D(2024, 9, 30), D(2024, 5, 1)),
        ("2024年5-9月", REF_2024, D(2024, 9, 30), D(2024, 5, 1)),
        ("5月至9月底", REF_2024, D(2024, 9, 30), D(2024, 5, 1)),
        ("6月中旬-9月底", REF_2024, D(2024, 9, 30), D(2024, 6, 11)),
        ("2024年11月至2025年3月", REF_2024, D(2025, 3, 31), D(2024, 11, 1)),
        ("11月至次年3月", REF_2024, D(2025, 3, 31), D(2024, 11, 1)),
        ("2024年11月至3月底", REF_2024, D(2025, 3, 31), D(2024, 11, 1)),
        ("5月1日至10月31日", REF_2024, D(2024, 10, 31), D(2024, 5, 1)),
        ("5月1日至10日", REF_2024, D(2024, 5, 10), D(2024, 5, 1)),
        ("2023—2025年", REF_2024, D(2025, 12, 31), D(2023, 1, 1)),
        ("2024年至2026年", REF_2024, D(2026, 12, 31), D(2024, 1, 1)),
        ("2025年5月~9月底", REF_2025, D(2025, 9, 30), D(2025, 5, 1)),
        # issue 21: a missing 日, any dash, 至/到, a year on the first end only
        ("2022年4月29—5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29日—5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29——5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29－5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29～5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29〜5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29–5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29-5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29至5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29到5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29日起至5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29日至2022年5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022 年 4 月 29 - 5 月 10 日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29日—5月10", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("4月29—5月10日", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022年4月29—30日", REF_2022, D(2022, 4, 30), D(2022, 4, 29)),
        ("2022年12月29日至1月10日", REF_2022, D(2023, 1, 10), D(2022, 12, 29)),
        ("2023年10月1日至2月29日", REF_2022, D(2024, 2, 29), D(2023, 10, 1)),
        ("2022年4—5月", REF_2022, D(2022, 5, 31), D(2022, 4, 1)),
        ("2022年4月——5月", REF_2022, D(2022, 5, 31), D(2022, 4, 1)),
        ("6月初-9月底", REF_2022, D(2022, 9, 30), D(2022, 6, 1)),
        ("本月20日至下月10日", REF_2022, D(2022, 6, 10), D(2022, 5, 20)),
        ("2022.4.29-5.10", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022.4.29-2022.5.10", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022-04-29至2022-05-10", REF_2022, D(2022, 5, 10), D(2022, 4, 29)),
        ("2022.12.29-1.10", REF_2022, D(2023, 1, 10), D(2022, 12, 29)),
    ],
    "ranges and days that cannot be pinned (never a guess)": [
        ("2022年4月29日至10日", REF_2022, None, None),
        ("2022年4月29-30", REF_2022, None, None),
        ("2022年4月10前", REF_2022, None, None),
        ("2022.5.10-2022.4.29", REF_2022, None, None),
        ("2022年5月10日至2022年4月29日", REF_2022, None, None),
    ],
    "start only": [
        ("2024年4月起", REF_2024, None, D(2024, 4, 1)),
        ("2024年10月1日起", REF_2024, None, D(2024, 10, 1)),
        ("2025年以后", REF_2024, None, D(2025, 1, 1)),
        ("7月起", REF_2024, None, D(2024, 7, 1)),
        ("下半年开始", REF_2024, None, D(2024, 7, 1)),
    ],
    "vague: a phrase, but no day": [
        ("三天内", REF_2025, None, None),
        ("三天内办结", REF_2025, None, None),
        ("15个工作日内", REF_2025, None, None),
        ("汛期前", REF_2025, None, None),
        ("2024年采暖季前", REF_2024, None, None),
        ("秋季", REF_2024, None, None),
        ("启动运行前", REF_2024, None, None),
        ("2024年运行前", REF_2024, None, None),
        ("于转办当天", REF_2025, None, None),
        ("20日前", REF_2024, None, None),
        ("2025年前", REF_2024, None, None),
        ("2024年13月底前", REF_2024, None, None),
        ("国庆前后", REF_2022, None, None),
        ("国庆节前后", REF_2022, None, None),
        ("两会前", REF_2022, None, None),
        ("全国两会前", REF_2022, None, None),
        ("6月底前后", REF_2022, None, None),
        ("6月底左右", REF_2022, None, None),
    ],
}
PHRASES = [
    pytest.param(*case, id=f"{group} #{number}: {case[2] or 'no date'} from {case[1]}")
    for group, cases in CASES.items()
    for number, case in enumerate(cases, 1)
]


@pytest.mark.parametrize(
    ("phrase", "reference", "date", "start"),
    PHRASES,
)
def test_normalise(phrase, reference, date, start):
    assert normalise(phrase, reference) == Deadline(phrase, date, start)


@pytest.mark.parametrize(
    "phrase",
    ["长期坚持", "持续推进", "常态化开展", "每月20日前", "每年12月底前", "按季度", "加强组织领导"],
)
def test_normalise_gives_no_deadline(phrase):
    assert normalise(phrase, REF_2024) is None


def test_find_deadlines_in_printed_order_with_verbatim_text():
    text = "一期于2024年6月底完成、二期于2024年11月底完成，确保 2025 年\n5 月底前全面投用。"
    assert find_deadlines(text, REF_2024) == [
        Deadline("2024年6月底", D(2024, 6, 30)),
        Deadline("2024年11月底", D(2024, 11, 30)),
        Deadline("2025 年\n5 月底前", D(2025, 5, 31)),
    ]


def test_find_deadlines_keeps_full_width_digits_as_printed():
    assert find_deadlines("于６月底前完成", REF_2024) == [Deadline("６月底前", D(2024, 6, 30))]


def test_find_deadlines_skips_recurring_phrases():
    text = "每月20日前报送进展，每年12月底前报送总结，2024年9月底前完成验收。"
    assert find_deadlines(text, REF_2024) == [Deadline("2024年9月底前", D(2024, 9, 30))]


def test_find_deadlines_takes_target_years_only():
    text = "制定2025年重点工作任务清单和2025年度计划，到2025年，全县煤炭消费量下降。"
    assert find_deadlines(text, REF_2025) == [Deadline("到2025年", D(2025, 12, 31))]


def test_find_deadlines_skips_past_periods():
    assert find_deadlines("2023年以来，今年以来累计完成", REF_2024) == []


@pytest.mark.parametrize(
    "text",
    [
        "认真落实《提升行政执法质量三年行动计划(2023—2025 年)》",
        "对2021—2023年49家实施清洁生产企业开展回头看",
        "实施2024—2025年秋冬季大气污染综合治理攻坚行动",
        "全县煤炭消费量较2020年实现负增长",
        "5-9 月份每日 10-16 时,禁止户外涂装作业",
        "于6月底和12月底前分别报送半年和全年工作情况总结",
        "坚持案件办理情况一月一汇总",
        "中政办发〔2024〕14号",
        "单个经营主体当年享受财政补贴最高不超过2万元",
        "参考上年度供地情况和本年度用地需求",
    ],
    ids=[
        "cited title",
        "past year span",
        "year span naming a campaign",
        "baseline year",
        "recurring window",
        "half-year and full-year summary",
        "idiom with a month word",
        "document number",
        "that year in a rule",
        "this year's plan",
    ],
)
def test_find_deadlines_leaves_out_dates_that_are_not_limits(text):
    assert all(
        d.text not in ("全年", "2020年", "14号", "当年", "本年") for d in find_deadlines(text, REF_2024)
    )
    assert [d for d in find_deadlines(text, REF_2024) if d.text not in ("6月底", "12月底前")] == []


def test_a_limit_defined_in_the_preamble_reaches_the_items_that_cite_it():
    limits = find_named_limits("2024 年,创 建时限截止到 2025 年 12 月。", REF_2025)
    assert limits == {"创建时限": D(2025, 12, 31)}
    item = "(十四)推进重点用水行业节水型企业建设,在创建时限内完成"
    assert find_deadlines(item, REF_2025, limits) == [Deadline("在创建时限内", D(2025, 12, 31))]
    assert find_deadlines(item, REF_2025) == [Deadline("在创建时限内", None)]
    assert normalise("在创建时限内", REF_2025, limits) == Deadline("在创建时限内", D(2025, 12, 31))


def test_events_without_a_fixed_day_give_a_deadline_without_date():
    text = "2024年启动运行前配齐保安人员，汛期前完成排查，三天内办结"
    assert find_deadlines(text, REF_2024) == [
        Deadline("2024年启动运行前", None),
        Deadline("汛期前", None),
        Deadline("三天内", None),
    ]


def test_around_a_festival_is_kept_without_a_date_not_read_as_its_eve():
    text = "国庆前后开展联合检查，两会前完成整改，本月工作要点另行印发。"
    assert find_deadlines(text, REF_2022) == [Deadline("国庆前后", None), Deadline("两会前", None)]


def test_a_list_takes_the_year_printed_on_its_first_item():
    text = "分别于2021年11月30日、12月31日前报送，2022年3月底前验收。"
    assert find_deadlines(text, REF_2022) == [
        Deadline("2021年11月30日", D(2021, 11, 30)),
        Deadline("12月31日前", D(2021, 12, 31)),
        Deadline("2022年3月底前", D(2022, 3, 31)),
    ]


def test_a_range_in_a_sentence_keeps_its_end():
    text = "2022年4月29—5月10日，组织开展专项检查"
    assert find_deadlines(text, REF_2022) == [Deadline("2022年4月29—5月10日", D(2022, 5, 10), D(2022, 4, 29))]


def test_to_json():
    deadline = Deadline("2025年5月至9月底", D(2025, 9, 30), D(2025, 5, 1))
    assert deadline.to_json() == {"text": "2025年5月至9月底", "date": "2025-09-30", "start": "2025-05-01"}
    assert Deadline("汛期前", None).to_json() == {"text": "汛期前", "date": None, "start": None}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-06-30", D(2024, 6, 30)),
        ("2024/6/30", D(2024, 6, 30)),
        ("2024.6.30", D(2024, 6, 30)),
        (" 2024-6-3 ", D(2024, 6, 3)),
        ("2024年6月30日", D(2024, 6, 30)),
        ("June 30, 2024", D(2024, 6, 30)),
        ("2024-06", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_typed_date(typed, expected):
    assert parse_typed_date(typed) == expected


_DIGITS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "") + (_DIGITS[ones] if ones else "")


_WRITTEN_FORMS = [
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日前",
    lambda d: f"{d.year}年{d.month}月{d.day}日前".translate(_FULL_WIDTH),
    lambda d: f"{d.year}年\n{d.month}月{d.day}号之前",
    lambda d: "".join(_DIGITS[int(c)] for c in str(d.year)) + f"年{_chinese(d.month)}月{_chinese(d.day)}日",
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
]


@given(
    day=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)),
    form=st.sampled_from(_WRITTEN_FORMS),
    reference=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)),
)
def test_a_written_date_comes_back_as_itself(day, form, reference):
    phrase = form(day)
    assert normalise(phrase, reference) == Deadline(phrase, day)
    assert find_deadlines(f"要求于{phrase}完成", reference) == [Deadline(phrase, day)]


@given(
    month=st.integers(min_value=1, max_value=12),
    year=st.integers(min_value=2000, max_value=2099),
)
def test_a_month_end_comes_back_as_the_last_day(month, year):
    next_month = D(year + month // 12, month % 12 + 1, 1)
    expected = next_month - datetime.timedelta(days=1)
    assert normalise(f"{year}年{month}月底前", D(2024, 1, 1)).date == expected


@given(text=st.text(), reference=st.dates())
def test_never_raises_on_arbitrary_text(text, reference):
    for deadline in find_deadlines(text, reference):
        assert deadline.text in text
    normalise(text, reference)


@given(
    text=st.text(
        alphabet="0123456789０１２３４５６７８９年月日号底前内旬上中下季度第至到-—〇一二三四五六七八九十每按起后 \n"
    ),
    reference=st.dates(),
)
def test_never_raises_on_date_like_noise(text, reference):
    for deadline in find_deadlines(text, reference):
        assert deadline.text in text
    normalise(text, reference)


def test_deadlines_recurrence_and_calendar_import_nothing_heavy():
    code = (
        "import sys, tracker.extraction.deadlines, tracker.extraction.recurrence, tracker.calendar; "
        "heavy = {'flask', 'sqlalchemy', 'tracker.models'} & set(sys.modules); "
        "sys.exit(sorted(heavy) or 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


_TOKENS = [
    "明年",
    "今年",
    "次年",
    "去年",
    "元旦前",
    "春节前",
    "国庆前",
    "9999年",
    "0000年",
    "2月30日",
    "13月",
    "年底",
    "至",
    "-",
    "上半年",
    "第五季度",
    "每月",
    "到",
    "起",
    "前",
    "中旬",
    "十二月",
    "三十二日",
    "1999—2000年",
]


@given(
    text=st.lists(st.sampled_from(_TOKENS), max_size=6).map("".join),
    reference=st.dates(),
)
def test_never_raises_on_date_words_at_any_reference(text, reference):
    for deadline in find_deadlines(text, reference):
        assert deadline.text in text
    normalise(text, reference)


_RANGE_DASHES = ["至", "到", "起至", "-", "—", "——", "–", "~", "－", "～", "〜", "―"]


@st.composite
def _printed_ranges(draw):
    """A range as officials print it, any day numbers allowed (also impossible or reversed ones).

    Returns the phrase and the months printed on its two ends (the end's month
    is the start's when the end prints only a day).
    """
    year = draw(st.integers(min_value=2000, max_value=2098))
    first_month, first_day = draw(st.integers(1, 12)), draw(st.integers(1, 31))
    last_month, last_day = draw(st.integers(1, 12)), draw(st.integers(1, 31))
    dash = draw(st.sampled_from(_RANGE_DASHES))
    day_mark = draw(st.sampled_from(["日", ""]))
    if draw(st.booleans()):
        return f"{year}.{first_month}.{first_day}{dash}{last_month}.{last_day}", first_month, last_month
    start = f"{year}年{first_month}月{first_day}{day_mark}"
    end, end_month = draw(
        st.sampled_from(
            [
                (f"{last_month}月{last_day}日", last_month),
                (f"{last_month}月{last_day}", last_month),
                (f"{year + draw(st.integers(0, 1))}年{last_month}月{last_day}日", last_month),
                (f"{last_day}日", first_month),
                (f"{last_month}月底", last_month),
                (f"{last_month}月", last_month),
            ]
        )
    )
    return start + dash + end, first_month, end_month


@given(printed=_printed_ranges(), reference=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)))
def test_a_range_never_ends_before_its_start_nor_outside_its_printed_months(printed, reference):
    phrase, first_month, end_month = printed
    deadline = normalise(phrase, reference)
    assert find_deadlines(f"于{phrase}完成", reference) == [deadline]
    if deadline.date is not None:
        assert deadline.start is not None
        assert deadline.start <= deadline.date
        assert (deadline.start.month, deadline.date.month) == (first_month, end_month)


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2098, 12, 31)),
    length=st.integers(min_value=0, max_value=360),
    dash=st.sampled_from(_RANGE_DASHES),
    day_mark=st.sampled_from(["日", ""]),
    year_on_end=st.booleans(),
)
def test_a_printed_range_comes_back_as_itself(start, length, dash, day_mark, year_on_end):
    end = start + datetime.timedelta(days=length)
    end_year = f"{end.year}年" if year_on_end or end.year != start.year and end.month >= start.month else ""
    phrase = f"{start.year}年{start.month}月{start.day}{day_mark}{dash}{end_year}{end.month}月{end.day}日"
    assert normalise(phrase, D(2022, 5, 6)) == Deadline(phrase, end, start)
