"""Benchmark the extraction engine on the seed gazettes and ../shared/corpus: wall time on one core, peak memory.

Run from the repository root: ``python -m bench.extraction [--repeat N]``.
Writes bench/results/extraction.md. Time is the best of N runs over all seeds
(imports and file reading excluded), plus one cold run of the CLI in a fresh
process; memory is the peak of Python allocations during one run (tracemalloc)
and the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from tracker.extraction import extract

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results" / "extraction.md"
COMMAND = "python -m bench.extraction"


def run(files: list[tuple[str, bytes]]) -> int:
    """Extract every file once and return the number of tasks found."""
    return sum(len(d.tasks) for name, data in files for d in extract(data, name).documents)


def main(argv: list[str] | None = None) -> int:
    """Measure, print and record the figures."""
    parser = argparse.ArgumentParser(prog=COMMAND)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    paths = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    if not paths:
        print(f"no seeds under {SEEDS}: nothing to measure")
        return 0
    files = [(p.name, p.read_bytes()) for p in paths]
    size_kb = sum(len(data) for _, data in files) / 1024
    run(files)  # warm caches (compiled regexes, cn2an tables) as a long-running importer would
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        tasks = run(files)
        timings.append(time.perf_counter() - start)
    tracemalloc.start()
    run(files)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        cli = [sys.executable, "-m", "tracker.extraction", *map(str, paths), "--out", out]
        subprocess.run(cli, cwd=ROOT, check=True)
        cold = time.perf_counter() - start
    report = "\n".join(
        [
            "# Extraction benchmark",
            "",
            f"- command: `{COMMAND} --repeat {args.repeat}` (repository root)",
            f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}",
            f"- input: {len(files)} files (the seed gazettes and ../shared/corpus), {size_kb:.0f} KB, "
            f"{tasks} tasks extracted",
            f"- load average when measured (other work on the machine): {os.getloadavg()[0]:.2f}",
            "",
            "| measure | value |",
            "|---|---|",
            f"| wall time, best of {args.repeat} (all files, one core) | {min(timings):.3f} s |",
            f"| wall time, mean of {args.repeat} | {sum(timings) / len(timings):.3f} s |",
            f"| CLI end to end, cold (process start, imports, {len(files)} files) | {cold:.3f} s |",
            f"| peak Python allocations (tracemalloc) | {peak / 1024 / 1024:.1f} MB |",
            f"| max resident set size of the process | {max_rss_mb:.0f} MB |",
            "",
            "Targets: under 1.5 s in total and under 200 MB.",
            "",
        ]
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
