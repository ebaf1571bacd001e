"""Throughput of `normalise`: 100,000 phrases on one core must take under 2 seconds.

Run from the repository root: python -m bench.deadlines
The phrases cycle through every form the grammar reads, OCR noise included,
plus text that holds no time limit at all, so the figure is not flattered by
one cached regex path.
"""

import datetime
import itertools
import time

from tracker.extraction.deadlines import normalise

PHRASES = [
    "2025年底前",
    "2024年6月底前完成",
    "6月底前",
    "上半年",
    "年内",
    "第三季度",
    "11月中旬",
    "国庆前",
    "春节前",
    "2025年5月至9月底",
    "一期于2024年6月底完成、二期于2024年11月底完成",
    "2024年12月完成",
    "到2025年",
    "截止到2025年12月",
    "10月20日前",
    "二〇二四年十二月三十一日",
    "2025 年 6 月底前",
    "２０２５年６月３０日前",
    "2025 年\n5 月底前",
    "6月中旬-9月底",
    "2024年4月起",
    "三天内办结",
    "汛期前",
    "2024-06-30",
    "长期坚持",
    "持续推进安全生产分类分级精准化执法",
    "每月20日前",
    "加强组织领导，明确责任分工，确保各项任务落到实处",
]
COUNT = 100_000
REFERENCE = datetime.date(2024, 6, 14)


def main() -> None:
    phrases = list(itertools.islice(itertools.cycle(PHRASES), COUNT))
    started = time.perf_counter()
    for phrase in phrases:
        normalise(phrase, REFERENCE)
    elapsed = time.perf_counter() - started
    print(f"{COUNT} phrases in {elapsed:.3f} s: {COUNT / elapsed:,.0f} phrases/s")


if __name__ == "__main__":
    main()
