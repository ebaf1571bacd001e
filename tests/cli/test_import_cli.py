"""``flask --app run import FILE… [--yes] [--dry-run]``."""

from pathlib import Path

from tracker.models import Document, ImportBatch, Unit, UnitAlias, WorkItem

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


GAZETTE = Path(__file__).resolve().parents[1] / "data" / "linshui-gazette-2026-02.txt"


def linshui_units(db):
    db.session.add_all(
        [Unit(name="县城市管理局", county="临水县"), Unit(name="县住房和城乡建设局", county="临水县")]
    )
    db.session.commit()


def unit_names(db) -> set[str]:
    return set(db.session.scalars(db.select(Unit.name).where(Unit.county == "临水县")))


def test_by_default_role_words_are_dropped_near_matches_mapped_and_the_rest_created_and_printed(app, db):
    linshui_units(db)
    result = app.test_cli_runner().invoke(args=["import", str(GAZETTE), "--yes"])
    assert result.exit_code == 0, result.output
    assert "建设单位 [1 items]: not a unit" in result.output
    assert "县城管局 [1 items]: map to 县城市管理局" in result.output
    assert "县应急局 [2 items]: create" in result.output
    assert "建设单位" not in unit_names(db)
    assert "县应急局" in unit_names(db)
    assert count(db, WorkItem) == 8


def test_map_unknown_drop_creates_no_unit(app, db):
    linshui_units(db)
    result = app.test_cli_runner().invoke(args=["import", str(GAZETTE), "--yes", "--map-unknown=drop"])
    assert result.exit_code == 0, result.output
    assert unit_names(db) == {"县城市管理局", "县住房和城乡建设局"}
    assert count(db, WorkItem) == 8


def test_map_unknown_create_creates_every_name_but_role_words(app, db):
    linshui_units(db)
    app.test_cli_runner().invoke(args=["import", str(GAZETTE), "--yes", "--map-unknown=create"])
    assert {"县城管局", "县应急局"} <= unit_names(db)
    assert "建设单位" not in unit_names(db)


def test_map_unknown_ask_takes_a_unit_name_a_create_and_a_drop_and_refuses_a_role_word(app, db):
    linshui_units(db)
    db.session.add_all(
        [Unit(name="县应急管理局", county="临水县"), Unit(name="县文体广电和旅游局", county="临水县")]
    )
    db.session.commit()
    # The names in the order asked: most items first, then as printed.
    replies = {
        "县市场监管局": ["c"],
        "县消防救援大队": [""],
        "县教育局": ["d"],
        "建设单位": ["c", "d"],
        "县文旅局": ["县文体广电和旅游局"],
        "各乡镇": [""],
        "市生态环境局临水分局": [""],
        "县城管局": [""],
    }
    lines = "".join(f"{answer}\n" for answers in replies.values() for answer in answers)
    result = app.test_cli_runner().invoke(
        args=["import", str(GAZETTE), "--yes", "--map-unknown=ask"], input=lines
    )
    assert result.exit_code == 0, result.output
    assert "是职责称谓，不能建为单位" in result.output
    assert unit_names(db) == {
        "县城市管理局",
        "县住房和城乡建设局",
        "县应急管理局",
        "县文体广电和旅游局",
        "县市场监管局",
        "县消防救援大队",
        "各乡镇",
        "市生态环境局临水分局",
    }
    aliases = set(db.session.scalars(db.select(UnitAlias.alias)))
    assert aliases == {"县文旅局", "县城管局"}
