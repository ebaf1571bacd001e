"""The formats offices receive, uploaded through the import page (issue 20): OFD, scans without OCR."""

import pytest

from tests.extraction.test_scans import (
    ITEMS,
    NUMBER,
    TITLE,
    gazette_pdf,
    image_pdf,
    ofd_package,
    page_images,
    text_object,
)
from tests.web.test_imports import count, upload
from tracker.extraction import ocr
from tracker.models import ImportBatch


@pytest.fixture
def office(client_as):
    return client_as("supervisor")


def test_the_upload_form_offers_the_new_formats(office):
    page = office.get("/imports/new").get_data(as_text=True)
    for suffix in (".doc", ".ofd", ".png", ".jpg"):
        assert suffix in page


def test_an_ofd_file_opens_its_review(office, db):
    lines = [TITLE, NUMBER, "各乡镇人民政府，县直各有关单位：", *ITEMS]
    layer = "".join(text_object(line, 30, 40 + i * 8.4) for i, line in enumerate(lines))
    response = upload(office, ofd_package([layer]), "notice.ofd")
    assert response.status_code == 302
    assert "县融媒体中心" in office.get(response.headers["Location"]).get_data(as_text=True)


def test_a_scan_without_the_ocr_extra_says_how_to_enable_it_and_writes_nothing(office, db, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    response = upload(office, image_pdf(page_images(gazette_pdf(ITEMS[:1]), 50)), "scan.pdf")
    assert response.status_code == 200
    assert "pip install -r requirements-ocr.txt" in response.get_data(as_text=True)
    assert count(db, ImportBatch) == 0
