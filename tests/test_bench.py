"""The benchmark runs end to end on a small load and its summary judges runs against the targets.

Timings are never asserted here (they belong to bench/RESULTS.md); these tests
keep the one benchmark command working and its verdicts honest.
"""

import json
import os
import subprocess
import sys

from bench.concurrency import parse_wrk
from bench.summary import render
from tests.processes import REPO

WRK_OUTPUT = """Running 1m test @ http://127.0.0.1:40001
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   610.47ms  301.36ms   2.00s    70.12%
  Latency Distribution
     50%  580.10ms
     75%  790.00ms
     90%    1.02s
     99%    1.71s
  4803 requests in 1.00m, 120.51MB read
  Socket errors: connect 0, read 0, write 0, timeout 12
  Non-2xx or 3xx responses: 3
Requests/sec:     80.03
Transfer/sec:      2.01MB
"""


def _run_bench(module: str, *args: str) -> None:
    """Run `python -m module args` from the repository root as a user would; it must succeed."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env={**os.environ, "TRACKER_LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr


def test_the_benchmark_command_measures_a_small_sqlite_load(tmp_path):
    results = tmp_path / "results"
    _run_bench("bench", "--items", "2000", "--runs", "2", "--results", str(results))
    figures = json.loads((results / "scale-sqlite-2000.json").read_text(encoding="utf-8"))
    assert figures["items"] == 2000
    assert figures["command"] == f"python -m bench --items 2000 --runs 2 --results {results}"
    assert figures["page:item list, overdue, page 3"]["p95_ms"] > 0
    assert figures["digest_units"] == 150  # every unit has a reminder address in the synthetic province
    assert "digests_tenth_peak_growth_mb" in figures
    assert "escalations_s" in figures
    assert figures["sql:dashboard (supervisor)"]["statements"] > 0
    summary = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "## sqlite, 2,000 work items" in summary
    assert "[results/scale-sqlite-2000.md](results/scale-sqlite-2000.md)" in summary
    assert "| overdue-flag job (target < 5 s) |" in summary
    report = (results / "scale-sqlite-2000.md").read_text(encoding="utf-8")
    assert "## Page time against its SQL" in report
    assert "## Import throughput" in report


def test_wrk_output_is_read_with_timeouts_counted_as_errors():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures == {
        "rps": 80.03,
        "non_2xx": 3,
        "socket_errors": 12,
        "latency_p50_ms": 580.1,
        "latency_p99_ms": 1710.0,
    }


def test_the_summary_says_which_targets_a_run_missed():
    province = {
        "backend": "postgresql",
        "items": 1_000_000,
        "machine": "x86_64, 2 cores",
        "date": "2026-11-23",
        "command": "python -m bench --db URL --items 1000000",
        "file": "scale-postgresql-1000000.md",
        "page:dashboard (supervisor)": {"median_ms": 90.0, "p95_ms": 180.0},
        "page:item list, first page": {"median_ms": 20.0, "p95_ms": 30.0},
        "page:item list, keyword": {"median_ms": 40.0, "p95_ms": 60.0},
        "flag_job_s": 0.9,
        "digest_units": 10_000,
        "digests_s": 61.0,
        "digests_peak_growth_mb": 140.0,
        "digests_tenth_peak_growth_mb": 60.0,
        "escalations_s": 2.0,
    }
    load = {
        **parse_wrk(WRK_OUTPUT),
        "backend": "postgresql",
        "machine": "x86_64, 2 cores",
        "date": "2026-11-23",
        "command": "python -m bench.concurrency --db URL",
        "file": "concurrency-postgresql.md",
        "connections": 50,
        "workers": 2,
        "threads": 4,
        "timeout_s": 2,
    }
    text = render([province], [load])
    rows = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| ")}
    assert rows["| dashboard median / p95 (target p95 < 150 ms at 10^6 on PostgreSQL)"].endswith(
        "**missed** |"
    )
    assert "60 ms | met |" in rows["| item lists, slowest p95 (target < 100 ms at 10^6)"]
    digests = rows["| weekly digests for 10,000 units (target < 60 s, flat memory)"]
    assert digests.endswith("| **missed**, memory **not flat** |")
    sweep = rows["| the whole weekly sweep: digests + escalation mails (target < 60 s)"]
    assert sweep.endswith("| 61.0 + 2.0 s | **missed** |")
    assert "| 3 + 12 | **missed** |" in text
    assert "| 80.0 |" in rows["| requests per second, 50 connections, 2×4 gunicorn"]


def test_the_deadline_benchmark_records_a_labelled_run_in_the_summary(tmp_path):
    results = tmp_path / "results"
    _run_bench("bench.deadlines", "--runs", "1", "--label", "trial", "--results", str(results))
    figures = json.loads((results / "deadlines-trial.json").read_text(encoding="utf-8"))
    assert figures["phrases"] == 100_000
    assert figures["command"] == f"python -m bench.deadlines --runs 1 --label trial --results {results}"
    assert len(figures["runs_s"]) == 1
    summary = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Deadline normaliser: trial" in summary
    assert "[results/deadlines-trial.md](results/deadlines-trial.md)" in summary


def test_the_summary_judges_the_deadline_normaliser_on_the_cpu_time_of_its_fastest_run():
    run = {
        "label": "slow",
        "date": "2026-12-01",
        "machine": "x86_64, 2 cores",
        "command": "python -m bench.deadlines",
        "file": "deadlines-slow.md",
        "phrases": 100_000,
        "runs_s": [1.5, 2.5, 2.6],
        "best_s": 1.5,
        "median_s": 2.5,
        "best_cpu_s": 2.1,
        "load_average": 3.0,
    }
    text = render([], [], [run])
    assert (
        "| 100,000 phrases on one core: CPU time of the fastest run (target < 2 s) | 2.10 s | **missed** |"
        in text
    )
    assert "| wall clock, best / median of 3 runs | 1.50 / 2.50 s | |" in text
    assert "| phrases per second, best run (wall clock) | 66,667 | |" in text
    assert "CPU time of the fastest run (target < 2 s) | 1.90 s | met |" in render(
        [], [], [{**run, "best_cpu_s": 1.9}]
    )


def test_summary_judges_ocr_runs_against_the_issue_20_targets():
    run = {
        "date": "2026-12-02",
        "machine": "x86_64, 2 cores",
        "command": "python -m bench.ocr --chars 1300 --dpi 150 300",
        "file": "ocr.md",
        "sample": "3 seeds, 9 pages",
        "text_f1": 0.9,
        "text_f1_nfkc": 0.9,
        "runs": [
            {
                "engine": "a",
                "dpi": 300,
                "cer": 0.03,
                "cer_nfkc": 0.015,
                "task_f1": 0.8,
                "task_f1_nfkc": 0.88,
                "cpu_s_per_page": 8.4,
            },
            {
                "engine": "b",
                "dpi": 300,
                "cer": 0.06,
                "cer_nfkc": 0.05,
                "task_f1": 0.8,
                "task_f1_nfkc": 0.8,
                "cpu_s_per_page": 1.5,
            },
            {
                "engine": "b",
                "dpi": 150,
                "cer": 0.06,
                "cer_nfkc": 0.05,
                "task_f1": 0.8,
                "task_f1_nfkc": 0.8,
                "cpu_s_per_page": 1.5,
            },
        ],
    }
    text = render([], [], ocr=[run])
    assert "## OCR of scanned gazettes (3 seeds, 9 pages)" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]  # below the header
    assert rows[0].startswith("| a 300 dpi: CER")
    assert rows[0].endswith("| 3.0% / 1.5% | met (NFKC) |")
    assert rows[1].endswith("| 0.800 / 0.880 | met (NFKC) |")
    assert rows[2].endswith("| 8.4 | **missed** |")
    assert rows[3].endswith("| 6.0% / 5.0% | **missed** (NFKC) |")
    assert rows[4].endswith("| 0.800 / 0.800 | **missed** (NFKC) |")
    assert rows[5].endswith("| 1.5 | met |")
    assert rows[6].endswith("| (reference) |")
