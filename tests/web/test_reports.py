"""The weekly 督查通报 as a page and as a PDF whose text is read back."""

import datetime as dt
import io

import pdfplumber
import pytest

from tests.html_tables import body_rows
from tests.ledger_fixtures import NOW
from tracker import clock


@pytest.fixture(autouse=True)
def frozen():
    with clock.freeze(NOW):
        yield


def test_weekly_report_page_shows_the_figures(sample_ledger, client_as):
    response = client_as("viewer").get("/reports/weekly")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2025-07-14 至 2025-07-20" in page
    assert "css/report.css" in page
    assert 'style="' not in page
    assert "<td>县水利局</td><td>1</td><td>16</td>" in page


def test_weekly_report_pdf_holds_the_units_and_counts(sample_ledger, client_as):
    response = client_as("supervisor").get("/reports/weekly.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''%E7%9D%A3%E6%9F%A5%E9%80%9A%E6%8A%A5-2025-07-14.pdf" in disposition  # 督查通报-…
    assert 'filename="weekly-report-2025-07-14.pdf"' in disposition  # for clients that read only ASCII
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "督 查 通 报" in text  # the heading is letter-spaced
    assert "2025-07-14 至 2025-07-20" in text
    assert "4 1 0 1 1 1 2 1" in text  # total, the five lights, assigned and closed this week
    assert "县水利局 1 16" in text
    for unit in ("天宁镇", "县交通运输局"):
        assert unit in text


def test_a_long_report_says_which_units_it_left_out(
    db, sample_ledger, client_as, make_unit, make_item, monkeypatch
):
    from tracker.services import weekly_report

    monkeypatch.setattr(weekly_report, "RANKING_TOP", 1)
    monkeypatch.setattr(weekly_report, "RANKING_BOTTOM", 1)
    monkeypatch.setattr(weekly_report, "OVERDUE_UNITS_SHOWN", 0)
    make_item(
        lead_unit=make_unit(name="县档案馆"), title="档案整理", due_on=NOW.date() - dt.timedelta(days=60)
    )
    db.session.commit()

    page = client_as("supervisor").get("/reports/weekly").get_data(as_text=True)

    assert "…… 另有 2 个单位有超期事项，此处未列出 ……" in page
    assert [row[:2] for row in body_rows(page, "ranking")] == [
        ["1", "天宁镇"],
        ["…… 共 3 个单位，此处省略中间名次 ……"],
        ["3", "县水利局"],  # 县档案馆 is second: the same rate and overdue count, but fewer open items
    ]
    assert "另有 1 个单位尚无到期事项，不排名次：县交通运输局" in page


def test_office_and_leaders_see_the_report_link(client_as, db):
    assert "/reports/weekly" in client_as("viewer").get("/items/").get_data(as_text=True)
    assert "/reports/weekly" not in client_as("unit_staff").get("/items/").get_data(as_text=True)


def test_unit_staff_report_covers_their_items_only(sample_ledger, client_as):
    page = client_as("unit_staff", unit=sample_ledger.roads).get("/reports/weekly").get_data(as_text=True)

    assert "天宁镇" not in page
    assert "县交通运输局" in page


def test_english_readers_get_the_report_in_english(sample_ledger, client_as):
    page = client_as("viewer", locale="en").get("/reports/weekly").get_data(as_text=True)

    assert "2. Overdue items by lead unit" in page
    assert "2025-07-14 to 2025-07-20" in page


@pytest.fixture
def no_chinese_font(tmp_path, monkeypatch):
    """fontconfig reading an empty configuration: it knows no font at all, as on a bare server."""
    from tracker.web.pdf import chinese_font_problem

    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    chinese_font_problem.cache_clear()
    yield
    chinese_font_problem.cache_clear()


def test_without_a_chinese_font_the_pdf_says_what_to_install_instead_of_printing_boxes(
    sample_ledger, client_as, no_chinese_font
):
    client = client_as("admin")

    pdf = client.get("/reports/weekly.pdf")
    page = client.get("/reports/weekly").get_data(as_text=True)
    status = client.get("/admin/status").get_data(as_text=True)

    assert pdf.status_code == 503
    assert "fonts-wqy-microhei" in pdf.get_data(as_text=True)
    assert "PDF 暂不可用：" in page
    assert "督查通报 PDF 不可用：" in status


def test_with_a_chinese_font_installed_no_warning_is_shown(sample_ledger, client_as):
    from tracker.web.pdf import chinese_font_problem

    chinese_font_problem.cache_clear()
    assert "PDF 暂不可用" not in client_as("viewer").get("/reports/weekly").get_data(as_text=True)
