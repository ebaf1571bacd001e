"""Scale benchmark: a synthetic province on SQLite or PostgreSQL, and the pages and jobs timed on it.

    python -m bench --db postgresql+psycopg://postgres@127.0.0.1:5432/bench --items 1000000
    python -m bench --items 100000                      # a temporary SQLite file

The database must be empty (or pass --reuse to measure an existing benchmark
load again). Results are written to bench/results/scale-<backend>-<items>.md
(and .json) with the machine, the date and the exact command, and
bench/RESULTS.md is rewritten to compare every recorded run with the targets.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func

from bench.explain import measure_ratios
from bench.generate import Sizes, analyze, generate
from bench.measure import (
    Report,
    measure_digests,
    measure_flag_job,
    measure_import,
    measure_pages,
    measure_sql,
)
from bench.summary import write_summary
from config import TestingConfig
from tracker import clock, create_app
from tracker.extensions import db
from tracker.models import WorkItem

RESULTS = Path(__file__).resolve().parent / "results"
#: Real gazettes for the import measurement: the bundled sample and, when present, ../shared/seeds.
SEEDS = sorted((Path(__file__).resolve().parents[1].parent / "shared" / "seeds").glob("*.txt")) or sorted(
    (Path(__file__).resolve().parents[1] / "samples").glob("*.txt")
)
TODAY = dt.date(2026, 11, 23)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLAlchemy URL of an empty database (default: a temporary SQLite file)")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--units", type=int, help="default: items / 100, at least 150")
    parser.add_argument("--documents", type=int, help="default: items / 50, at least 20")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument("--reuse", action="store_true", help="measure the data already in --db")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help="where the reports go; RESULTS.md is written beside it"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    url = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='tracker-bench-')}/bench.db"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False)
    report = Report(" ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]))
    sizes = Sizes(
        items=args.items,
        units=args.units or max(150, args.items // 100),
        documents=args.documents or max(20, args.items // 50),
    )
    with app.app_context(), clock.freeze(dt.datetime.combine(TODAY, dt.time(10), tzinfo=clock.timezone())):
        backend = db.engine.dialect.name
        db.create_all()  # with --reuse: tables added by newer releases
        if not args.reuse:
            if db.session.scalar(db.select(func.count()).select_from(WorkItem)):
                raise SystemExit("the database already holds work items: use an empty one, or --reuse")
            started = time.perf_counter()
            with db.engine.begin() as connection:
                counts = generate(connection, sizes, TODAY)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                analyze(connection)
            report.line(f"Generated {counts} in {time.perf_counter() - started:.1f} s.")
            report.line("")
        total = db.session.scalar(db.select(func.count()).select_from(WorkItem))
        report.header(backend, total, platform_summary())
        measure_digests(report, TODAY)
        measure_pages(app, report, args.runs)
        measure_sql(report, args.runs)
        measure_ratios(app, report, args.runs)
        measure_flag_job(report, TODAY)
        if SEEDS:
            measure_import(report, SEEDS)
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"scale-{backend}-{total}.md"
    out.write_text(report.render(), encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps(report.figures, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    summary = write_summary(args.results)
    print(report.render())
    print(f"written to {out} and {summary}")
    return 0


def platform_summary() -> str:
    """The machine the figures were measured on."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


if __name__ == "__main__":
    sys.exit(main())
