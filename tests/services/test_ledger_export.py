"""The exported 台账: the workbook reopened and read cell by cell, per-unit sheets, CSV."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.ledger_fixtures import RULE
from tracker.services.item_query import ItemFilters
from tracker.services.ledger_export import (
    HEADINGS,
    OVERDUE_FILL,
    ledger_csv,
    ledger_rows,
    ledger_workbook,
    sheet_title,
)


def reopen(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.fixture
def office(make_user):
    return make_user(role="supervisor")


def test_workbook_rows_hold_every_column_cell_by_cell(sample_ledger, office):
    sheet = reopen(ledger_workbook(ledger_rows(office, ItemFilters(), RULE))).active

    assert sheet.title == "督办台账"
    assert [cell.value for cell in sheet[1]] == list(HEADINGS)
    assert [cell.value for cell in sheet[2]] == [
        1,
        "交政办发〔2025〕4号",
        "关于印发2025年重点工作任务分工的通知",
        "完成县域节水型社会达标建设",
        "完成县域节水型社会达标建设，6月底前完成验收。",
        "县水利局",
        "县交通运输局、天宁镇",
        "王副县长",
        "6月底前（2025-06-30）；年底前（2025-12-31）",
        "待签收",
        "正在整改验收问题",
        "是",
        16,
    ]
    assert [cell.value for cell in sheet[3]][1:] == [
        "交政办发〔2025〕4号",
        "关于印发2025年重点工作任务分工的通知",
        "=SUM(A1) 改造农村公路",
        "改造农村公路50公里。",
        "县交通运输局",
        None,
        "李副县长、赵局长",
        "9月底前（2025-09-30）",
        "待签收",
        None,
        "否",
        None,
    ]
    assert sheet.max_row == 5


def test_workbook_layout_freezes_the_header_sets_widths_and_fills_overdue_rows_red(sample_ledger, office):
    sheet = reopen(ledger_workbook(ledger_rows(office, ItemFilters(), RULE))).active

    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 60
    assert sheet[1][0].font.bold
    assert {cell.fill.fgColor.rgb[-6:] for cell in sheet[2]} == {OVERDUE_FILL.fgColor.rgb[-6:]}
    assert all(cell.fill.fill_type is None for cell in sheet[3])


def test_text_that_looks_like_a_formula_stays_text(sample_ledger, office):
    sheet = reopen(ledger_workbook(ledger_rows(office, ItemFilters(), RULE))).active

    assert sheet["D3"].data_type == "s"


def test_export_follows_the_list_filters(sample_ledger, office):
    rows = ledger_rows(office, ItemFilters(lights=["red"]), RULE)

    assert [row.cells[2] for row in rows] == ["完成县域节水型社会达标建设"]


def test_unit_staff_export_only_items_of_their_unit(sample_ledger, make_user):
    staff = make_user(role="unit_staff", unit=sample_ledger.roads)

    rows = ledger_rows(staff, ItemFilters(), RULE)

    assert sorted(row.cells[2] for row in rows) == ["=SUM(A1) 改造农村公路", "完成县域节水型社会达标建设"]


def test_per_unit_workbook_has_one_sheet_per_lead_unit(sample_ledger, office):
    workbook = reopen(ledger_workbook(ledger_rows(office, ItemFilters(), RULE), per_unit=True))

    assert workbook.sheetnames == ["县水利局", "县交通运输局", "天宁镇"]
    water = workbook["县水利局"]
    assert [water.cell(row, 1).value for row in range(2, water.max_row + 1)] == [1, 2]
    assert water.freeze_panes == "A2"


def test_empty_per_unit_workbook_still_has_the_headings(db, office):
    workbook = reopen(ledger_workbook([], per_unit=True))

    assert [cell.value for cell in workbook.active[1]] == list(HEADINGS)


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("县水利局", set(), "县水利局"),
        ("县发展和改革局/县粮食和物资储备局[联合]*?", set(), "县发展和改革局县粮食和物资储备局联合"),
        ("一" * 40, set(), "一" * 31),
        ("一" * 40, {"一" * 31}, "一" * 28 + "(2)"),
    ],
    ids=["plain", "forbidden-characters", "too-long", "clash"],
)
def test_sheet_titles_are_ones_excel_accepts(name, taken, expected):
    assert sheet_title(name, taken) == expected


def test_csv_is_utf8_with_bom_and_neutralises_formulas(sample_ledger, office):
    data = ledger_csv(ledger_rows(office, ItemFilters(), RULE))

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADINGS)
    assert rows[1][5] == "县水利局"
    assert rows[1][12] == "16"
    assert rows[2][3] == "'=SUM(A1) 改造农村公路"
    assert len(rows) == 5
