"""Everything the office owns, as one ZIP of JSON files, so the data is never locked in.

One ``<table>.json`` per table (a list of objects, column → value), plus
``README.txt`` describing them. Secrets are left out: password hashes, session
and API tokens, and the sign-in failure log.
"""

import datetime as dt
import json
import zipfile
from pathlib import Path

from sqlalchemy.engine import Engine

from tracker.extensions import db

#: Tables not exported: sign-in failures (security noise) and scheduler internals.
SKIPPED_TABLES = {"login_failures", "alembic_version", "apscheduler_jobs", "scheduler_locks"}
#: Columns never exported, whatever table they are in.
SECRET_COLUMN_WORDS = ("password", "token", "secret")

README = """督办台账 full export / 全量导出

Each <table>.json file is a JSON list of rows (objects, column name -> value).
Dates are ISO strings (YYYY-MM-DD), timestamps ISO 8601 in UTC.
Main tables: documents (文件), work_items (事项), work_item_units (事项的牵头/配合单位),
milestones (完成时限, with the original phrase), report_duties (定期报送), progress_reports (进展),
attachments (佐证材料 metadata; the files are under uploads/), extension_requests (延期申请),
events (操作记录, append-only history), units and unit_aliases (单位目录), users (without passwords).
"""


def _is_secret(column_name: str) -> bool:
    return any(word in column_name for word in SECRET_COLUMN_WORDS)


def _plain(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def export_everything(engine: Engine, uploads: Path, out: Path, now: dt.datetime) -> dict[str, int]:
    """Write the export ZIP; return the number of rows per table."""
    counts: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with (
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        engine.connect() as connection,
    ):
        archive.writestr("README.txt", README + f"\nExported at {now.isoformat()}\n")
        for table in db.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            columns = [column for column in table.columns if not _is_secret(column.name)]
            rows = [
                {column.name: _plain(value) for column, value in zip(columns, row, strict=True)}
                for row in connection.execute(
                    table.select().with_only_columns(*columns).order_by(*table.primary_key)
                )
            ]
            counts[table.name] = len(rows)
            archive.writestr(f"{table.name}.json", json.dumps(rows, ensure_ascii=False, indent=1))
        if uploads.is_dir():
            for path in sorted(p for p in uploads.rglob("*") if p.is_file()):
                archive.write(path, "uploads/" + path.relative_to(uploads).as_posix())
    partial.replace(out)
    return counts
