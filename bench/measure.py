"""Timing pages through the app and their main queries as raw SQL."""

import datetime as dt
import resource
import statistics
import time

from sqlalchemy import func, text

from tracker.extensions import db
from tracker.models import User, WorkItem
from tracker.models.work_item import OPEN_STATUSES
from tracker.services.item_query import items_query, parse_filters
from tracker.services.lights import LightRule, count_by_light
from tracker.services.permissions import visible_items_clause

PAGES = [
    ("dashboard (supervisor)", "bench-supervisor", "/"),
    ("item list, first page", "bench-supervisor", "/items/"),
    ("item list, overdue, page 3", "bench-supervisor", "/items/?lights=red&page=3"),
    ("item list, unit + status", "bench-supervisor", "/items/?unit_id=7&statuses=in_progress"),
    ("item list, keyword", "bench-supervisor", "/items/?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7"),
    ("我的任务 (unit staff)", "bench-unit", "/my/"),
    ("document page (50 items)", "bench-supervisor", "/documents/7"),
    ("unit directory, page 2", "bench-supervisor", "/units/?page=2"),
    ("督查通报 (weekly report)", "bench-supervisor", "/reports/weekly"),
]


class Report:
    """The Markdown results file, and the headline figures (``figures``) that bench/RESULTS.md summarises."""

    def __init__(self, command: str):
        self.command = command
        self.lines: list[str] = []
        self.head: list[str] = []
        self.figures: dict = {"command": command}

    def figure(self, name: str, value) -> None:
        """Keep one headline figure (milliseconds, seconds, counts) for the summary."""
        self.figures[name] = round(value, 2) if isinstance(value, float) else value

    def header(self, backend: str, items: int, machine: str) -> None:
        self.figures.update(backend=backend, items=items, machine=machine, date=dt.date.today().isoformat())
        self.head = [
            f"# Scale benchmark: {backend}, {items:,} work items",
            "",
            f"- date: {dt.date.today().isoformat()}",
            f"- machine: {machine}",
            f"- command: `{self.command}`",
            "",
        ]

    def line(self, text_line: str) -> None:
        self.lines.append(text_line)

    def render(self) -> str:
        return "\n".join(self.head + self.lines) + "\n"


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def login(client, username: str) -> None:
    """Sign the test client in as a benchmark user (the session Flask-Login would write)."""
    user = db.session.scalar(db.select(User).where(User.username == username))
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def measure_pages(app, report: Report, runs: int) -> None:
    """Median and p95 server time of each page (the test client adds no network)."""
    report.line("## Pages (server time, ms)")
    report.line("")
    report.line("| page | median | p95 |")
    report.line("| --- | ---: | ---: |")
    for name, username, url in PAGES:
        client = app.test_client()
        login(client, username)
        samples = []
        for attempt in range(runs + 3):
            with app.app_context():  # a request of its own, as in production (fresh session and g)
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if attempt >= 3:
                samples.append(elapsed)
        median, p95 = percentiles(samples)
        report.figure(f"page:{name}", {"median_ms": median, "p95_ms": p95})
        report.line(f"| {name} `{url}` | {median:.1f} | {p95:.1f} |")
    report.line("")


def measure_sql(report: Report, runs: int) -> None:
    """The same queries as raw SQL, to show what the page adds on top of the database."""
    supervisor = db.session.scalar(db.select(User).where(User.username == "bench-supervisor"))
    rule = LightRule.on(dt.date(2026, 11, 23), 7)
    queries = {
        "count by light": lambda: count_by_light(rule, visible_items_clause(supervisor)),
        "overdue list page 3": lambda: db.session.scalars(
            items_query(supervisor, parse_filters({"lights": "red"}), rule).limit(50).offset(100)
        ).all(),
    }
    report.line("## Queries alone (ms)")
    report.line("")
    report.line("| query | median | p95 |")
    report.line("| --- | ---: | ---: |")
    for name, run in queries.items():
        samples = []
        for attempt in range(runs + 3):
            started = time.perf_counter()
            run()
            if attempt >= 3:
                samples.append(time.perf_counter() - started)
        median, p95 = percentiles(samples)
        report.line(f"| {name} | {median:.1f} | {p95:.1f} |")
    if db.engine.dialect.name == "postgresql":
        plan = db.session.execute(
            text("EXPLAIN ANALYZE SELECT status, count(*) FROM work_items GROUP BY status")
        ).all()
        report.line("")
        report.line("```")
        report.line("\n".join(row[0] for row in plan))
        report.line("```")
    report.line("")


def measure_flag_job(report: Report, today: dt.date, days_since_last_run: int = 1) -> None:
    """The overdue-flag sweep over the whole table, as the scheduler runs it each night."""
    from tracker import clock
    from tracker.models import JobRun
    from tracker.services.flags import JOB_NAME, flag_overdue

    run = db.session.get(JobRun, JOB_NAME) or JobRun(name=JOB_NAME, run_count=0, summary="")
    run.covered_on = today - dt.timedelta(days=days_since_last_run)
    db.session.add(run)
    db.session.commit()
    started = time.perf_counter()
    result = flag_overdue(clock.now())
    db.session.flush()
    elapsed = time.perf_counter() - started
    db.session.rollback()
    report.figure("flag_job_s", elapsed)
    report.line("## Overdue-flag job")
    report.line("")
    report.line(
        f"One nightly run ({days_since_last_run} day since the last): {elapsed:.2f} s; {result.summary()} "
        "(rolled back afterwards, so the benchmark can be repeated)."
    )
    report.line("")


def measure_import(report: Report, seeds) -> None:
    """Gazettes per second through the full import path (extract, review, confirm, commit)."""
    from tracker import clock
    from tracker.services.imports import import_file

    elapsed, items = 0.0, 0
    for path in seeds:
        data = path.read_bytes()
        started = time.perf_counter()
        summary = import_file(data, path.name, None, clock.now())
        db.session.flush()
        elapsed += time.perf_counter() - started
        items += summary["items_created"]
        db.session.rollback()  # everything but the commit was measured; the benchmark stays repeatable
    report.figure("gazettes_per_s", len(seeds) / elapsed)
    report.line("## Import throughput")
    report.line("")
    report.line(
        f"{len(seeds)} gazettes ({items} items) through extraction, review and confirmation (flushed, then "
        "rolled back so the run can be repeated): "
        f"{elapsed:.2f} s, {len(seeds) / elapsed:.1f} gazettes/s."
    )
    report.line("")


def measure_digests(report: Report, today: dt.date) -> None:
    """The weekly digest sweep over every unit: digests built, rendered and queued, then rolled back.

    Peak memory is the growth of the process's peak resident set during a
    sweep (the peak is reset first, so a bulk load earlier in the same process
    does not hide it). Memory is flat when a sweep over a tenth of the units
    (the others muted for the run) peaks as high as the sweep over all of them.
    """
    from tracker.services.digests import units_to_remind
    from tracker.services.settings import get_settings

    settings = get_settings()
    units = [unit.id for unit in units_to_remind(settings)]
    tenth = _digest_sweep(today, muted=units[len(units) // 10 :])
    full = _digest_sweep(today, muted=list(settings.muted_unit_ids or ()))
    elapsed, mails, rss_before, rss_growth = full
    report.figure("digest_units", len(units))
    report.figure("digests_s", elapsed)
    report.figure("digests_peak_growth_mb", rss_growth)
    report.figure("digests_tenth_peak_growth_mb", tenth[3])
    report.line("## Weekly digests")
    report.line("")
    report.line(
        f"{len(units):,} units with reminder addresses, {mails:,} digest mails built, rendered and queued "
        f"(flushed, then rolled back so the run can be repeated): {elapsed:.1f} s, "
        f"{len(units) / elapsed:.0f} units/s; peak resident memory grew by {rss_growth:.0f} MB "
        f"(from {rss_before:.0f} MB). The same sweep over a tenth of the units ({tenth[1]:,} mails, "
        f"{tenth[0]:.1f} s) grew it by {tenth[3]:.0f} MB: memory does not grow with the number of units."
    )
    report.line("")
    measure_escalations(report, today)


def measure_escalations(report: Report, today: dt.date) -> None:
    """The same sweep's escalation mails: every long-overdue item scanned, the office's mail built and queued.

    The benchmark supervisor gets an address for the run (rolled back with the rest).
    """
    from tracker.notifications.reminders import queue_escalations
    from tracker.services.digests import escalation_cutoff
    from tracker.services.settings import get_settings

    settings = get_settings()
    supervisor = db.session.scalar(db.select(User).where(User.username == "bench-supervisor"))
    supervisor.email = "office@example.cn"
    db.session.flush()
    rss_before = _reset_peak_rss_mb()
    started = time.perf_counter()
    try:
        mails = queue_escalations(today, settings)
        db.session.flush()
        elapsed = time.perf_counter() - started
        growth = _peak_rss_mb() - rss_before
        cutoff = escalation_cutoff(today, settings.escalation_working_days)
        overdue = db.session.scalar(
            db.select(func.count())
            .select_from(WorkItem)
            .where(WorkItem.status.in_(OPEN_STATUSES), WorkItem.due_on <= cutoff)
        )
    finally:
        db.session.rollback()
    report.figure("escalations_s", elapsed)
    report.line(
        f"Escalations: {overdue:,} items overdue beyond {settings.escalation_working_days} working days scanned, "
        f"{mails} mail(s) built and queued for the office (listing the longest overdue, counting the rest): "
        f"{elapsed:.1f} s; peak resident memory grew by {growth:.0f} MB."
    )
    report.line("")


def _digest_sweep(today: dt.date, muted: list[int]) -> tuple[float, int, float, float]:
    """One digest sweep with ``muted`` units left out: (seconds, mails, MB before, peak MB growth).

    The sweep reads only the muted list from the settings, so it gets a
    transient settings object and the stored settings are never touched.
    """
    from tracker.models import ReminderSettings
    from tracker.notifications.reminders import queue_unit_digests

    rss_before = _reset_peak_rss_mb()
    started = time.perf_counter()
    try:
        mails = queue_unit_digests(today, ReminderSettings(muted_unit_ids=muted))
        db.session.flush()
        elapsed = time.perf_counter() - started
        return elapsed, mails, rss_before, _peak_rss_mb() - rss_before
    finally:
        db.session.rollback()


def _reset_peak_rss_mb() -> float:
    """Reset the process's peak resident set to its current size (Linux); return that size in MB."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # "5" resets the peak RSS (VmHWM), see proc(5)
    except OSError:
        pass  # not Linux: the peak then includes what came before
    return _peak_rss_mb()


def _peak_rss_mb() -> float:
    """The process's peak resident set in MB: VmHWM on Linux, else getrusage's maximum."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
