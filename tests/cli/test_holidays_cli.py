"""``flask --app run holidays import|list``."""


def test_import_then_list(app, db, tmp_path):
    notice = tmp_path / "2027.csv"
    notice.write_text("2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["holidays", "import", str(notice)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 days for 2027" in result.output
    listing = runner.invoke(args=["holidays", "list"]).output
    assert "2027  entered" in listing


def test_bad_file_is_a_one_line_error(app, db, tmp_path):
    notice = tmp_path / "bad.csv"
    notice.write_text("2027-01-01,maybe,?\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["holidays", "import", str(notice)])
    assert result.exit_code == 1
    assert "类型应为" in result.output
    assert "Traceback" not in result.output
