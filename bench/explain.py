"""What the pages add on top of the database: page server time against EXPLAIN ANALYZE of the page's query.

For each item-list view, the query the page runs (same filters, same page)
is executed under ``EXPLAIN (ANALYZE, FORMAT JSON)`` and its execution time
compared with the page's median server time. A ratio near 1 means the
database is the page's cost; a large ratio points at rendering or at extra
queries (N+1 loads), which is where the earlier versions of the list lost time.
"""

import json
import statistics
import time
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import text
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
    """Page median versus EXPLAIN ANALYZE of its item query, for every item-list page (PostgreSQL only)."""
    if db.engine.dialect.name != "postgresql":
        return
    supervisor = db.session.scalar(db.select(User).where(User.username == "bench-supervisor"))
    report.line("## Page time against its query (EXPLAIN ANALYZE)")
    report.line("")
    report.line("| page | page median ms | query ms | ratio |")
    report.line("| --- | ---: | ---: | ---: |")
    for name, username, url in PAGES:
        parts = urlsplit(url)
        if not parts.path.startswith("/items/") or username != "bench-supervisor":
            continue
        filters = parse_filters(MultiDict(parse_qs(parts.query)))
        statement = (
            items_query(supervisor, filters, todays_rule())
            .limit(filters.per_page)
            .offset((filters.page - 1) * filters.per_page)
        )
        query_ms = statistics.median(explain_ms(statement) for _ in range(5))
        client = app.test_client()
        login(client, username)
        samples = []
        for _ in range(runs):
            with app.app_context():
                started = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
        page_ms = statistics.median(samples)
        report.line(f"| {name} | {page_ms:.1f} | {query_ms:.1f} | {page_ms / query_ms:.1f} |")
    report.line("")
