"""``flask --app run import FILE… [--yes] [--dry-run]``."""

from pathlib import Path

from tracker.models import Document, ImportBatch, WorkItem

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "jiaocheng-gazette-2025-01.txt"


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_dry_run_shows_the_summary_and_writes_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["import", str(SAMPLE), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written" in result.output
    assert (count(db, ImportBatch), count(db, WorkItem)) == (0, 0)


def test_yes_imports_and_a_second_run_changes_nothing(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", str(SAMPLE), "--yes"])
    assert first.exit_code == 0, first.output
    items = count(db, WorkItem)
    assert items > 50
    assert f"imported: {items} new items" in first.output

    second = runner.invoke(args=["import", str(SAMPLE), "--yes"])
    assert second.exit_code == 0
    assert "already imported, nothing new" in second.output
    assert count(db, WorkItem) == items


def test_without_yes_the_import_waits_for_confirmation(app, db):
    result = app.test_cli_runner().invoke(args=["import", str(SAMPLE)], input="n\n")
    assert "skipped" in result.output
    assert count(db, Document) == 0


def test_bad_files_are_reported_per_file_and_the_good_one_still_imports(app, db, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"x" * (20 * 1024 * 1024 + 1))
    result = app.test_cli_runner().invoke(args=["import", str(empty), str(huge), str(SAMPLE), "--yes"])
    assert result.exit_code == 1
    assert "文件为空" in result.output
    assert "超过 20 MB" in result.output
    assert "Traceback" not in result.output
    assert count(db, Document) > 0
