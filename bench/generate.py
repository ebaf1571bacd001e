"""A synthetic province: units, documents, work items, deadlines and progress, in bulk.

The mix follows what real ledgers look like: about 45 % of items closed,
30 % in progress, the rest waiting, submitted or cancelled; 85 % carry a
deadline spread from two years back to two years ahead (so about 40 % of the
open ones are overdue); each item has a lead unit and up to three co-units
of the same county. Rows go in with COPY on PostgreSQL and executemany on
SQLite, in the app's own tables, so every measured page runs its real queries.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection
from werkzeug.security import generate_password_hash

from tracker.models import Document, Milestone, ProgressReport, Unit, User, WorkItem, WorkItemUnit

STATUS_MIX = [("done", 45), ("in_progress", 30), ("assigned", 12), ("submitted", 8), ("cancelled", 5)]
TASK_WORDS = ["推进", "完成", "落实", "开展", "建立", "加快", "组织", "实施", "整治", "提升"]
TOPICS = [
    "安全生产",
    "节水型社会",
    "空气质量",
    "农业托管",
    "执法质量",
    "乡村旅游",
    "通用机场",
    "地下管网",
    "托育服务",
    "矿山监管",
]
UNIT_NAMES = [
    "发展和改革局",
    "水利局",
    "应急管理局",
    "财政局",
    "统计局",
    "教育科技局",
    "卫生健康局",
    "住房和城乡建设管理局",
    "交通运输局",
    "农业农村局",
    "市场监督管理局",
    "自然资源局",
    "文化和旅游局",
    "行政审批服务管理局",
    "公安局",
]
PASSWORD = "bench-password-123"


@dataclass
class Sizes:
    """How much to generate."""

    items: int
    units: int
    documents: int
    reports_per_item: float = 1.0


def _weighted(rng: random.Random, mix):
    return rng.choices([value for value, _ in mix], weights=[weight for _, weight in mix])[0]


def generate(connection: Connection, sizes: Sizes, today: dt.date, seed: int = 20261123) -> dict[str, int]:
    """Fill an empty schema; return the number of rows per table."""
    rng = random.Random(seed)
    now = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
    counties = max(1, sizes.units // len(UNIT_NAMES))
    units = []
    for n in range(sizes.units):
        county = f"测试{n // len(UNIT_NAMES) % counties:03d}县"
        units.append(
            {
                "id": n + 1,
                "name": f"县{UNIT_NAMES[n % len(UNIT_NAMES)]}{n // (len(UNIT_NAMES) * counties) or ''}",
                "kind": "department",
                "county": county,
                "reminder_emails": ["unit@example.cn"],
                "is_active": True,
                "created_at": now,
            }
        )
    documents = [
        {
            "id": n + 1,
            "number": f"测政发〔{2023 + n % 4}〕{n + 1}号",
            "revision": 1,
            "title": f"关于印发{TOPICS[n % len(TOPICS)]}实施方案的通知",
            "issuer": "测试县人民政府",
            "issued_on": today - dt.timedelta(days=rng.randint(30, 900)),
            "source_name": "bench.txt",
            "source_checksum": f"{n:064x}",
            "full_text": "",
            "imported_at": now,
        }
        for n in range(sizes.documents)
    ]
    items, links, milestones, reports = [], [], [], []
    for n in range(sizes.items):
        item_id = n + 1
        lead = rng.randrange(sizes.units)
        status = _weighted(rng, STATUS_MIX)
        due = today + dt.timedelta(days=rng.randint(-730, 730)) if rng.random() < 0.85 else None
        closed = None
        on_time = None
        if status == "done":
            closed = now - dt.timedelta(days=rng.randint(0, 700))
            on_time = None if due is None else rng.random() < 0.7
        items.append(
            {
                "id": item_id,
                "document_id": n % sizes.documents + 1,
                "position": n // sizes.documents,
                "label": f"（{n % 20 + 1}）",
                "title": f"{rng.choice(TASK_WORDS)}{rng.choice(TOPICS)}工作第{n}项",
                "source_text": f"（{n % 20 + 1}）{rng.choice(TASK_WORDS)}{rng.choice(TOPICS)}。（责任单位：{units[lead]['name']}）",
                "source_line": n % 3000 + 1,
                "lead_unit_id": lead + 1,
                "leaders": [],
                "persons": [],
                "status": status,
                "progress_percent": 100 if status in ("done", "submitted") else rng.randint(0, 90),
                "due_on": due,
                "original_due_on": due,
                "is_closed_on_time": on_time,
                "is_vanished": False,
                "closed_at": closed,
                "created_at": now - dt.timedelta(days=rng.randint(0, 800)),
                "updated_at": now,
                "version": 1,
            }
        )
        county_base = lead - lead % len(UNIT_NAMES)
        co = {county_base + rng.randrange(len(UNIT_NAMES)) for _ in range(rng.randint(0, 3))} - {lead}
        co = {c for c in co if c < sizes.units}
        links.append({"work_item_id": item_id, "unit_id": lead + 1, "role": "lead", "position": 0})
        links.extend(
            {"work_item_id": item_id, "unit_id": c + 1, "role": "co", "position": p}
            for p, c in enumerate(sorted(co), start=1)
        )
        if due is not None:
            milestones.append(
                {
                    "work_item_id": item_id,
                    "position": 0,
                    "phrase": f"{due.month}月底前",
                    "due_on": due,
                    "start_on": None,
                    "original_due_on": due,
                    "completed_at": closed,
                }
            )
        for r in range(int(sizes.reports_per_item) + (rng.random() < sizes.reports_per_item % 1)):
            reports.append(
                {
                    "work_item_id": item_id,
                    "unit_id": lead + 1,
                    "author_id": None,
                    "text": f"第{r + 1}次进展",
                    "percent": min(100, 20 * (r + 1)),
                    "is_completion": False,
                    "submitted_at": now - dt.timedelta(days=rng.randint(0, 300)),
                    "review_state": "pending",
                }
            )
    users = [
        {
            "id": 1,
            "username": "bench-supervisor",
            "display_name": "督查室",
            "role": "supervisor",
            "unit_id": None,
        },
        {"id": 2, "username": "bench-unit", "display_name": "单位", "role": "unit_staff", "unit_id": 1},
    ]
    password_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")
    for user in users:
        user.update(
            password_hash=password_hash,
            session_token=f"token{user['id']}",
            locale="zh",
            is_active=True,
            created_at=now,
            email=None,
            last_login_at=None,
        )
    tables = [
        (Unit, units),
        (User, users),
        (Document, documents),
        (WorkItem, items),
        (WorkItemUnit, links),
        (Milestone, milestones),
        (ProgressReport, reports),
    ]
    for model, rows in tables:
        _insert(connection, model.__table__, rows)
    _reset_sequences(connection, [model.__table__ for model, _ in tables])
    return {model.__tablename__: len(rows) for model, rows in tables}


def _insert(connection: Connection, table, rows: list[dict]) -> None:
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), 20_000):
            connection.execute(table.insert(), rows[start : start + 20_000])
        return
    columns = list(rows[0])
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_copy_value(row[c]) for c in columns])


def _copy_value(value):
    """JSON columns as JSON text for COPY; executemany serialises them through the column type."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


def _reset_sequences(connection: Connection, tables) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 1)) FROM {table.name}"
                )
            )


def analyze(connection: Connection) -> None:
    """Refresh the planner's statistics after a bulk load, as a DBA (or autovacuum, given time) would.

    On PostgreSQL this is VACUUM ANALYZE: besides statistics, it sets the
    visibility map, without which counts cannot be answered from an index
    alone and the capped item counts read the table instead.
    """
    connection.execute(text("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE"))
