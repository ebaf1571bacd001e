"""Uploading an Excel ledger: reviewed and confirmed on the gazette import's pages."""

import io

from tests.conftest import csrf_token_from
from tests.forms import form_fields
from tests.ledger_fixtures import HEADER, good_row, workbook_bytes
from tracker.models import ImportBatch, WorkItem


def upload(client, data: bytes, filename: str = "台账.xlsx"):
    token = csrf_token_from(client.get("/imports/ledger/new").get_data(as_text=True))
    return client.post(
        "/imports/ledger/new",
        data={"ledger": (io.BytesIO(data), filename), "csrf_token": token, "county": "交城县"},
        content_type="multipart/form-data",
    )


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_ledger_upload_opens_the_review_and_confirms(client_as, db):
    office = client_as("supervisor")
    response = upload(office, workbook_bytes(HEADER, good_row(1), good_row(2)))
    assert response.status_code == 302
    review_url = response.headers["Location"]

    fields = form_fields(office.get(review_url).get_data(as_text=True), "review")
    fields["action"] = "confirm"
    assert office.post(review_url, data=fields).status_code == 302

    items = db.session.scalars(db.select(WorkItem).order_by(WorkItem.id)).all()
    assert [(item.title, item.lead_unit.name, item.due_on.isoformat()) for item in items] == [
        ("第1项任务的内容", "县水利局", "2025-06-30"),
        ("第2项任务的内容", "县水利局", "2025-06-30"),
    ]


def test_bad_ledger_lists_each_problem_and_stores_nothing(client_as, db):
    rows = [HEADER, *(good_row(n) for n in range(1, 6)), good_row(6, "（2025-13-45）")]

    response = upload(client_as("supervisor"), workbook_bytes(*rows))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "第 7 行：完成时限“（2025-13-45）”中的日期“2025-13-45”无法识别" in page
    assert count(db, ImportBatch) == 0


def test_a_file_that_is_not_a_workbook_is_refused(client_as, db):
    response = upload(client_as("supervisor"), b"hello", "notes.txt")

    assert response.status_code == 422
    assert "请上传 .xlsx" in response.get_data(as_text=True)


def test_only_the_office_imports_ledgers(client_as, db):
    assert client_as("viewer").get("/imports/ledger/new").status_code == 403
    assert client_as("unit_staff").get("/imports/ledger/new").status_code == 403
