"""Downloading the ledger (Excel, CSV) with the list page's filters, by role."""

import io

import pytest
from openpyxl import load_workbook

from tests.ledger_fixtures import NOW
from tracker import clock


@pytest.fixture(autouse=True)
def frozen():
    with clock.freeze(NOW):
        yield


def titles(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [sheet.cell(row, 4).value for row in range(2, sheet.max_row + 1)]


def test_excel_export_carries_the_list_filters(sample_ledger, client_as):
    response = client_as("supervisor").get("/exports/items.xlsx?statuses=assigned&lights=red&lights=green")

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    assert titles(response) == ["完成县域节水型社会达标建设", "=SUM(A1) 改造农村公路"]


def test_excel_export_ignores_pagination_and_exports_every_match(sample_ledger, client_as):
    response = client_as("viewer").get("/exports/items.xlsx?per_page=1&page=2")

    assert len(titles(response)) == 4


def test_unit_staff_export_their_own_items(sample_ledger, client_as):
    response = client_as("unit_staff", unit=sample_ledger.town).get("/exports/items.xlsx")

    assert sorted(titles(response)) == ["完成县域节水型社会达标建设", "整治集镇环境"]


def test_per_unit_export_has_a_sheet_per_lead_unit(sample_ledger, client_as):
    response = client_as("supervisor").get("/exports/items.xlsx?per_unit=1")

    assert load_workbook(io.BytesIO(response.data)).sheetnames == ["县水利局", "县交通运输局", "天宁镇"]


def test_csv_export(sample_ledger, client_as):
    response = client_as("supervisor").get(f"/exports/items.csv?unit_id={sample_ledger.town.id}")

    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    assert text.count("\r\n") == 3
    assert "整治集镇环境" in text


def test_exports_need_a_sign_in(client):
    assert client.get("/exports/items.csv").status_code == 302


def test_item_list_links_to_exports_with_its_filters(sample_ledger, client_as):
    page = client_as("supervisor").get("/items/?statuses=assigned&statuses=done&q=x").get_data(as_text=True)

    assert "/exports/items.xlsx?statuses=assigned&amp;statuses=done&amp;q=x" in page
    assert "/exports/items.csv?statuses=assigned&amp;statuses=done&amp;q=x" in page
