"""What the pages add on top of the database: page server time against the SQL the page sends.

Every statement of a request is timed (cursor events), so the table shows
how many statements a page sends and how much of its time they take; for
item-list views, the page's item query (same filters, same page) is also run
under ``EXPLAIN (ANALYZE, FORMAT JSON)``. A ratio near 1 means the database is
the page's cost; a statement count that grows with the rows shown means
per-row loads (N+1), which is where the dashboard, the document page and the
unit directory lost time before they loaded units in one query.
"""

import json
import statistics
import time
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import event, text
from werkzeug.datastructures import MultiDict

from bench.measure import PAGES, Report, login
from tracker.extensions import db
from tracker.models import User
from tracker.services.item_query import items_query, parse_filters
from tracker.services.lights import todays_rule


def explain_ms(statement) -> float:
    """The execution time PostgreSQL reports for ``statement`` (planning excluded)."""
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    plan = db.session.execute(text(f"EXPLAIN (ANALYZE, FORMAT JSON) {compiled}")).scalar()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]["Execution Time"]


def measure_ratios(app, report: Report, runs: int) -> None:
    """Page median against all the SQL it sends, and for item lists against EXPLAIN ANALYZE of its item query.

    "SQL ms" is the wall time of every statement the page sends (driver
    round trips included), summed per request; what remains of the page's
    time is Python: loading rows into objects and rendering the template.
    """
    supervisor = db.session.scalar(db.select(User).where(User.username == "bench-supervisor"))
    postgresql = db.engine.dialect.name == "postgresql"
    report.line("## Page time against its SQL" + (" (and EXPLAIN ANALYZE)" if postgresql else ""))
    report.line("")
    report.line(
        "| page | page median ms | statements | all its SQL ms | page / SQL | item query (EXPLAIN) ms |"
    )
    report.line("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, username, url in PAGES:
        client = app.test_client()
        login(client, username)
        page_ms, sql_ms, statements = _page_and_sql(app, client, url, runs)
        query_ms = ""
        parts = urlsplit(url)
        if postgresql and parts.path.startswith("/items/") and username == "bench-supervisor":
            filters = parse_filters(MultiDict(parse_qs(parts.query)))
            statement = (
                items_query(supervisor, filters, todays_rule())
                .limit(filters.per_page)
                .offset((filters.page - 1) * filters.per_page)
            )
            query_ms = f"{statistics.median(explain_ms(statement) for _ in range(5)):.1f}"
        report.figure(f"sql:{name}", {"page_ms": page_ms, "sql_ms": sql_ms, "statements": statements})
        report.line(
            f"| {name} | {page_ms:.1f} | {statements} | {sql_ms:.1f} | {page_ms / sql_ms:.1f} | {query_ms} |"
        )
    report.line("")


def _page_and_sql(app, client, url: str, runs: int) -> tuple[float, float, int]:
    """(median page ms, median ms spent in SQL per request, statements per request) over ``runs`` requests."""
    timings: list[float] = []

    def started(conn, cursor, statement, parameters, context, executemany):
        context.bench_started = time.perf_counter()

    def finished(conn, cursor, statement, parameters, context, executemany):
        timings.append(time.perf_counter() - context.bench_started)

    pages, sql, counts = [], [], []
    event.listen(db.engine, "before_cursor_execute", started)
    event.listen(db.engine, "after_cursor_execute", finished)
    try:
        for _ in range(runs):
            timings.clear()
            with app.app_context():
                begun = time.perf_counter()
                client.get(url)
                pages.append((time.perf_counter() - begun) * 1000)
            sql.append(sum(timings) * 1000)
            counts.append(len(timings))
    finally:
        event.remove(db.engine, "before_cursor_execute", started)
        event.remove(db.engine, "after_cursor_execute", finished)
    return statistics.median(pages), statistics.median(sql), max(counts)
