"""Count the SQL statements a request sends, to catch per-row loads (N+1) before a province sees them."""

import contextlib
import re

from sqlalchemy import event


@contextlib.contextmanager
def recorded_statements(engine):
    """Collect the text of every statement executed on ``engine`` inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def selects_from(statements: list[str], table: str) -> int:
    """How many of ``statements`` are SELECTs whose first FROM is ``table``."""
    pattern = re.compile(rf"^\s*SELECT\b.*?\bFROM {table}\b", re.S)
    return sum(1 for statement in statements if pattern.match(statement))
