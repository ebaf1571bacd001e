"""Uploads that would cost minutes or gigabytes to read are refused with a message, and each upload is read once."""

import io

import docx

from tests.extraction.test_zip_limits import bomb
from tests.web.test_import_races import WITHOUT_NUMBER
from tests.web.test_imports import count, upload
from tests.web.test_ledger_upload import upload as upload_ledger
from tracker.models import ImportBatch, WorkItem
from tracker.services import bounded_extraction


def gazette_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_bomb_is_refused_with_a_message(client_as, db):
    response = upload(client_as("supervisor"), bomb(200_000), "公报.docx")
    assert response.status_code == 200
    assert (
        "无法读取 公报.docx：Office file part word/document.xml is packed like a ZIP bomb"
        in response.get_data(as_text=True)
    )
    assert count(db, ImportBatch) == 0


def test_an_xlsx_bomb_is_refused_with_a_message(client_as, db):
    response = upload_ledger(client_as("supervisor"), bomb(200_000))
    assert response.status_code == 422
    assert "台账.xlsx：无法读取（Office file part" in response.get_data(as_text=True)
    assert count(db, ImportBatch) == 0


def test_a_docx_gazette_is_read(client_as, db):
    office = client_as("supervisor")
    response = upload(office, gazette_docx(WITHOUT_NUMBER), "春季植树.docx")
    assert response.status_code == 302
    assert "完成县城绿化提质工程" in office.get(response.headers["Location"]).get_data(as_text=True)


def test_a_gazette_too_long_to_extract_in_time_is_refused(client_as, db, monkeypatch):
    monkeypatch.setattr(bounded_extraction, "MAX_TEXT_CHARS", len(WITHOUT_NUMBER) - 1)
    response = upload(client_as("supervisor"), WITHOUT_NUMBER.encode(), "long.txt")
    assert response.status_code == 200
    assert "请拆分后分批导入" in response.get_data(as_text=True)
    assert (count(db, ImportBatch), count(db, WorkItem)) == (0, 0)


def test_an_upload_not_read_within_the_time_limit_is_stopped_and_refused(client_as, db, monkeypatch):
    monkeypatch.setattr(bounded_extraction, "EXTRACTION_SECONDS", 0)
    response = upload(client_as("supervisor"), WITHOUT_NUMBER.encode(), "slow.txt")
    assert response.status_code == 200
    assert "slow.txt：0 秒内未能读完，已停止" in response.get_data(as_text=True)
    assert count(db, ImportBatch) == 0
