"""Backups taken while the office keeps working restore every committed item and report."""

import datetime as dt
import json
import threading
import uuid
import zipfile

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestingConfig
from tests.conftest import POSTGRES_URL
from tracker import clock, create_app
from tracker.extensions import db as _db
from tracker.models import ProgressReport, User, WorkItem
from tracker.operations.backup import BackupError, create_backup, restore_backup
from tracker.operations.export_all import export_everything

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=clock.timezone())


@pytest.fixture
def empty_target(backend, tmp_path):
    """The URL of a new, empty database on the same backend, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/restored.db"
        return
    name = f"tracker_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def backend(db):
    return db.engine.dialect.name


def writer(app, item_id: int, unit, committed: list[int], stop: threading.Event):
    """Keep adding progress reports, one commit each, recording the ids that were committed."""
    with app.app_context():
        n = 0
        while not stop.is_set() and n < 2000:
            report = ProgressReport(work_item_id=item_id, text=f"第{n}次进展", percent=n % 100)
            _db.session.add(report)
            _db.session.commit()
            committed.append(report.id)
            n += 1
        _db.session.remove()


def test_backup_under_write_load_restores_everything_committed_before_it(
    app, db, make_item, tmp_path, empty_target
):
    item = make_item()
    uploads = tmp_path / "uploads"
    (uploads / "ab").mkdir(parents=True)
    (uploads / "ab" / "evidence.pdf").write_bytes(b"%PDF-1.4 evidence")
    db.session.commit()
    committed: list[int] = []
    stop = threading.Event()
    thread = threading.Thread(target=writer, args=(app, item.id, item.lead_unit, committed, stop))
    thread.start()
    while len(committed) < 20:
        stop.wait(0.01)
    before_backup = list(committed)
    manifest = create_backup(db.engine, uploads, tmp_path / "backup.zip", NOW)
    stop.set()
    thread.join()
    assert len(committed) > len(before_backup), "writes went on while the backup ran"

    restored = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_target)
    restored_uploads = tmp_path / "restored-uploads"
    with restored.app_context():
        assert (
            restore_backup(_db.engine, restored_uploads, tmp_path / "backup.zip")["revision"]
            == manifest["revision"]
        )
        ids = set(_db.session.scalars(_db.select(ProgressReport.id)))
        assert set(before_backup) <= ids
        assert _db.session.get(WorkItem, item.id).title == item.title
        _db.session.remove()
        _db.engine.dispose()
    assert (restored_uploads / "ab" / "evidence.pdf").read_bytes() == b"%PDF-1.4 evidence"


def test_restore_refuses_a_database_that_holds_data(app, db, make_item, tmp_path):
    make_item()
    db.session.commit()
    create_backup(db.engine, tmp_path / "none", tmp_path / "backup.zip", NOW)
    with pytest.raises(BackupError, match="不是空的"):
        restore_backup(db.engine, tmp_path / "uploads", tmp_path / "backup.zip")
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkItem)) == 1


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="不是有效的备份文件"):
        restore_backup(db.engine, tmp_path, bogus)


def test_full_export_has_every_table_but_no_secrets(db, make_item, make_user, tmp_path):
    make_item(title="导出测试事项")
    make_user(username="exported", password="a-secret-password")
    db.session.commit()
    counts = export_everything(db.engine, tmp_path / "uploads", tmp_path / "all.zip", NOW)
    assert counts["work_items"] == 1
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        users = json.loads(archive.read("users.json"))
        items = json.loads(archive.read("work_items.json"))
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert users[0]["username"] == "exported"
    assert "password_hash" not in users[0]
    assert "session_token" not in users[0]
    assert items[0]["title"] == "导出测试事项"
    stored_hash = db.session.scalar(db.select(User.password_hash))
    assert stored_hash.encode() not in everything
    assert "login_failures.json" not in counts


def test_backup_and_restore_commands(app, db, make_item, tmp_path):
    make_item()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("tracker-backup-*.zip"))
    refused = app.test_cli_runner().invoke(args=["restore", str(next(tmp_path.glob("tracker-backup-*.zip")))])
    assert refused.exit_code == 1
    assert "不是空的" in refused.output
