"""Office files (.docx) are checked as ZIPs before any XML is parsed: decompression bombs are refused."""

import io
import os
import zipfile

import docx
import pytest

from tracker.extraction import read
from tracker.extraction.errors import ExtractionError
from tracker.extraction.read import check_zip_limits, read_text

PARAGRAPH = "<w:p><w:r><w:t>完成县域节水型社会达标建设。</w:t></w:r></w:p>"


def bomb(paragraphs: int) -> bytes:
    """A .docx-shaped ZIP whose document.xml is one paragraph repeated: tiny packed, huge unpacked."""
    body = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    xml = body + PARAGRAPH * paragraphs + "</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def real_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于做好2024年安全生产工作的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_packed_bomb_is_refused_before_parsing():
    data = bomb(200_000)  # 14 MB of XML in a few dozen KB
    assert len(data) < 200_000
    with pytest.raises(
        ExtractionError, match="bomb.docx: Office file part word/document.xml is packed like a ZIP"
    ):
        read_text(data, "bomb.docx")


@pytest.mark.parametrize(
    ("limit", "message"), [("MAX_UNPACKED_BYTES", "of parts"), ("MAX_UNPACKED_XML_BYTES", "of XML parts")]
)
def test_a_file_unpacking_past_the_limits_is_refused(monkeypatch, limit, message):
    monkeypatch.setattr(read, limit, 1024 * 1024)
    monkeypatch.setattr(read, "MAX_COMPRESSION_RATIO", 10**9)
    with pytest.raises(ExtractionError, match=rf"unpacks to 2 MB {message} \(limit 1 MB\)"):
        check_zip_limits(bomb(30_000), "big.docx")


def test_images_count_only_towards_the_total(monkeypatch):
    monkeypatch.setattr(read, "MAX_UNPACKED_XML_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.png", os.urandom(2 * 1024 * 1024))
    check_zip_limits(buffer.getvalue(), "photos.docx")


def test_a_file_with_thousands_of_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(read.MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"word/media/{n}.xml", "")
    with pytest.raises(ExtractionError, match="1001 parts"):
        check_zip_limits(buffer.getvalue(), "parts.docx")


def test_a_real_document_passes():
    check_zip_limits(real_docx(), "notice.docx")
    assert read_text(real_docx(), "notice.docx") == "关于做好2024年安全生产工作的通知"
