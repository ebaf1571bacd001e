"""Backups and restores of the whole installation: the database and the uploaded evidence.

A backup is one ZIP file holding ``manifest.json``, the database (a SQLite
copy made with SQLite's online backup API, or a ``pg_dump`` custom-format
dump for PostgreSQL) and ``uploads/``. Both database copies are consistent
snapshots taken while the application keeps running. A restore goes only into
an empty database, so it can never overwrite live data.
"""

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from tracker.errors import TrackerError

FORMAT_VERSION = 1
SQLITE_MEMBER = "database.sqlite"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(TrackerError):
    """A backup or restore that cannot be done; the message says why."""


def libpq_url(engine: Engine) -> str:
    """The engine's URL in the form pg_dump and pg_restore understand (no SQLAlchemy driver name)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def sqlite_path(engine: Engine) -> Path:
    """The file of a SQLite engine."""
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("内存数据库无法备份。")
    return Path(database)


def create_backup(engine: Engine, uploads: Path, out: Path, now: dt.datetime) -> dict:
    """Write a backup ZIP to ``out``; return its manifest."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        if engine.dialect.name == "sqlite":
            member, dump = SQLITE_MEMBER, scratch_dir / SQLITE_MEMBER
            _sqlite_snapshot(sqlite_path(engine), dump)
        elif engine.dialect.name == "postgresql":
            member, dump = POSTGRES_MEMBER, scratch_dir / POSTGRES_MEMBER
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), libpq_url(engine)],
                "pg_dump",
            )
        else:
            raise BackupError(f"不支持备份 {engine.dialect.name} 数据库。")
        files = sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else []
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "backend": engine.dialect.name,
            "revision": _revision(engine),
            "database": member,
            "uploads": len(files),
        }
        partial = out.with_name(out.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            archive.write(dump, member)
            for path in files:
                archive.write(path, "uploads/" + path.relative_to(uploads).as_posix())
        partial.replace(out)
    return manifest


def restore_backup(engine: Engine, uploads: Path, backup: Path) -> dict:
    """Restore ``backup`` into the (empty) database of ``engine`` and into ``uploads``; return the manifest."""
    try:
        archive = zipfile.ZipFile(backup)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{backup.name} 不是有效的备份文件：{error}") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError):
            raise BackupError(f"{backup.name} 中没有 manifest.json，不是本系统的备份。") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"备份格式 {manifest.get('format')} 不受支持。")
        if manifest["backend"] != engine.dialect.name:
            raise BackupError(
                f"备份来自 {manifest['backend']} 数据库，不能恢复到 {engine.dialect.name}；"
                "换库请用全量导出（export-all）。"
            )
        _require_empty(engine)
        with tempfile.TemporaryDirectory() as scratch:
            dump = Path(archive.extract(manifest["database"], scratch))
            engine.dispose()
            if manifest["backend"] == "sqlite":
                _sqlite_snapshot(dump, sqlite_path(engine))
            else:
                _run(
                    ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq_url(engine), str(dump)],
                    "pg_restore",
                )
        for member in archive.namelist():
            if member.startswith("uploads/") and not member.endswith("/"):
                target = uploads / Path(member).relative_to("uploads")
                if ".." in Path(member).parts:
                    raise BackupError(f"备份中的文件名不安全：{member}")
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink)
    return manifest


def _sqlite_snapshot(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page while others may be writing to it (the copy replaces ``target``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _require_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        tables = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
        for table in tables:
            if connection.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None:
                raise BackupError(
                    f"目标数据库不是空的（表 {table} 中已有数据）。恢复只能写入空数据库，以免覆盖现有数据。"
                )
        if tables and engine.dialect.name == "postgresql":
            raise BackupError("目标 PostgreSQL 数据库中已有表；请恢复到新建的空数据库（createdb）。")


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _run(command: list[str], name: str) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）。"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{name} 失败：{result.stderr.strip()[:500]}")


def default_backup_name(now: dt.datetime) -> str:
    """tracker-backup-20261123-0930.zip"""
    return f"tracker-backup-{now:%Y%m%d-%H%M}.zip"
