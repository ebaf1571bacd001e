"""Throughput of `normalise`: 100,000 phrases on one core must take under 2 seconds.

Run from the repository root: python -m bench.deadlines [--runs 5] [--label latest]
The phrases cycle through every form the grammar reads, OCR noise included,
plus text that holds no time limit at all, so the figure is not flattered by
one cached regex path. The phrase list stays as it is so that runs compare.

Each run set is recorded as bench/results/deadlines-LABEL.json (and .md) and
summarised in bench/RESULTS.md; the label names the code measured, so a
before/after pair (e.g. around a grammar change) stays side by side. The
machine is shared: the load average is recorded, and the process's CPU time is
kept beside the wall-clock time (other processes lengthen the second, hardly the
first); the target is judged on the CPU time of the fastest run.
"""

import argparse
import datetime
import itertools
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from bench.summary import RESULTS_DIR, write_summary
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.deadlines", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed passes over the phrases (default: 5)")
    parser.add_argument("--label", default="latest", help="names the code measured (default: latest)")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="default: bench/results")
    args = parser.parse_args(argv)
    phrases = list(itertools.islice(itertools.cycle(PHRASES), COUNT))
    lines, seconds, cpu = [], [], []
    for _ in range(args.runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        for phrase in phrases:
            normalise(phrase, REFERENCE)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        lines.append(
            f"{COUNT} phrases in {seconds[-1]:.3f} s ({cpu[-1]:.3f} s CPU): {COUNT / seconds[-1]:,.0f} phrases/s"
        )
        print(lines[-1])
    command = " ".join(["python -m bench.deadlines", *(argv if argv is not None else sys.argv[1:])])
    figures = {
        "label": args.label,
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, one used, Python {platform.python_version()}",
        "command": command,
        "phrases": COUNT,
        "runs_s": [round(value, 3) for value in seconds],
        "best_s": round(min(seconds), 3),
        "median_s": round(statistics.median(seconds), 3),
        "best_cpu_s": round(min(cpu), 3),
        "load_average": round(os.getloadavg()[0], 2),
    }
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"deadlines-{args.label}.md"
    out.write_text(_report(figures, lines), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written to {out} and {write_summary(args.results)}")
    return 0


def _report(figures: dict, lines: list[str]) -> str:
    return "\n".join(
        [
            f"# Deadline normaliser throughput: {figures['label']}",
            "",
            f"- date: {figures['date']}; machine: {figures['machine']}",
            f"- command (repository root): `{figures['command']}`",
            f"- workload: {COUNT:,} calls of `normalise(phrase, {REFERENCE})` cycling through {len(PHRASES)} phrases",
            f"- load average when measured (other work on the machine): {figures['load_average']}",
            "- requirement: under 2 seconds",
            "",
            "```",
            *lines,
            "```",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
