"""Upgrading a database of the first release to the latest schema keeps every row."""

import datetime as dt

from flask_migrate import upgrade
from sqlalchemy import text

from config import TestingConfig
from tests.test_migrations import empty_database_url  # noqa: F401  (fixture)
from tracker import create_app
from tracker.extensions import db

FIRST_REVISION = "cc0beea284b7"

ROWS = [
    "INSERT INTO units (id, name, kind, county, reminder_emails, is_active, created_at) "
    "VALUES (1, '县水利局', 'department', '交城县', '[\"sl@example.cn\"]', true, :now)",
    "INSERT INTO users (id, username, display_name, password_hash, session_token, role, unit_id, locale, "
    "is_active, created_at) VALUES (1, 'shuili', '钱水利', 'scrypt:x', 'token', 'unit_staff', 1, 'zh', true, :now)",
    "INSERT INTO documents (id, number, revision, title, source_name, source_checksum, full_text, imported_at) "
    "VALUES (1, '交政办发〔2025〕4号', 1, '关于印发实施方案的通知', 'g.txt', 'abc', '全文', :now)",
    "INSERT INTO work_items (id, document_id, position, title, source_text, lead_unit_id, leaders, persons, status, "
    "progress_percent, due_on, is_vanished, created_at, updated_at, version) VALUES (1, 1, 0, '节水改造', "
    "'（一）节水改造。', 1, '[]', '[]', 'in_progress', 40, '2025-06-30', false, :now, :now, 3)",
    "INSERT INTO work_item_units (id, work_item_id, unit_id, role, position) VALUES (1, 1, 1, 'lead', 0)",
    "INSERT INTO milestones (id, work_item_id, position, phrase, due_on, original_due_on) "
    "VALUES (1, 1, 0, '6月底前', '2025-06-30', '2025-06-30')",
    "INSERT INTO progress_reports (id, work_item_id, unit_id, author_id, text, percent, is_completion, submitted_at, "
    "review_state) VALUES (1, 1, 1, 1, '已完成四成', 40, false, :now, 'pending')",
    "INSERT INTO events (id, occurred_at, actor_id, kind, work_item_id, note) "
    "VALUES (1, :now, 1, 'item.report', 1, '已完成四成')",
]


def test_first_release_database_upgrades_to_head_with_its_data(empty_database_url):  # noqa: F811
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=FIRST_REVISION)
        now = dt.datetime(2025, 5, 1, 8, 0, tzinfo=dt.UTC)
        with db.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(text(statement), {"now": now})
        upgrade()
        with db.engine.connect() as connection:
            item = connection.execute(
                text("SELECT title, status, progress_percent, version FROM work_items WHERE id = 1")
            ).one()
            assert tuple(item) == ("节水改造", "in_progress", 40, 3)
            assert connection.execute(text("SELECT phrase FROM milestones")).scalar() == "6月底前"
            assert connection.execute(text("SELECT text FROM progress_reports")).scalar() == "已完成四成"
            assert connection.execute(text("SELECT count(*) FROM events")).scalar() == 1
            assert connection.execute(text("SELECT name FROM units")).scalar() == "县水利局"
        db.session.remove()
        db.engine.dispose()
