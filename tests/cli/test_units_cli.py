"""``flask --app run units …``."""

from tracker.models import Unit
from tracker.services.unit_directory import read_units_file


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_seed_is_idempotent_and_list_shows_units(app, db):
    first = invoke(app, "units", "seed")
    assert first.exit_code == 0, first.output
    assert f"Added {len(read_units_file())} units." in first.output
    assert "Added 0 units." in invoke(app, "units", "seed").output
    listing = invoke(app, "units", "list", "--county", "中阳县").output
    assert "中阳县\t县发展和改革局\tdepartment\t0/0\t县发改局|发改局" in listing
    assert "交城县" not in listing


def test_seed_from_another_file_and_one_county(app, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "# test directory\ncounty,name,kind,aliases\n文水县,县水利局,department,水利局\n交城县,县财政局,department,\n",
        encoding="utf-8",
    )
    result = invoke(app, "units", "seed", "--file", str(path), "--county", "文水县")
    assert "Added 1 units." in result.output
    assert db.session.scalars(db.select(Unit.name)).all() == ["县水利局"]


def test_seed_reports_a_bad_file(app, db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("county,name,kind,aliases\n文水县,,department,\n", encoding="utf-8")
    result = invoke(app, "units", "seed", "--file", str(path))
    assert result.exit_code != 0
    assert "data row 2" in result.output
