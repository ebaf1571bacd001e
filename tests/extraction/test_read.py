"""Stage 1: bytes -> text for text, .docx and .pdf input, and the errors for unusable input."""

from __future__ import annotations

import io

import docx
import pytest

from tracker.extraction import read
from tracker.extraction.errors import ExtractionError
from tracker.extraction.read import read_file, read_text

from .minimal_pdf import pdf_bytes

SAMPLE = "关于做好2024年安全生产工作的通知\n中政发〔2024〕1号\n"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(SAMPLE.encode("utf-8"), "a.txt", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "a.txt", id="utf-8-bom"),
        pytest.param(SAMPLE.encode("gb18030"), "a.txt", id="gb18030"),
        pytest.param(SAMPLE.encode("gbk"), "a.md", id="gbk-markdown"),
        pytest.param(SAMPLE.replace("\n", "\r\n").encode("utf-8"), "a.TXT", id="crlf-upper-suffix"),
    ],
)
def test_text_is_decoded_whatever_the_encoding(data, name):
    assert read_text(data, name) == SAMPLE


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        pytest.param(b"", "empty.txt", "empty", id="empty"),
        pytest.param(b" \n\t\n", "blank.txt", "empty", id="blank"),
        pytest.param(b"\x00\x01\x02abc", "bin.txt", "binary", id="nul-bytes"),
        pytest.param(bytes(range(1, 32)) * 20, "ctl.txt", "not text", id="control-characters"),
        pytest.param(SAMPLE.encode(), "a.xlsx", "unsupported file type", id="unsupported-suffix"),
        pytest.param(b"PK\x03\x04 not a zip", "a.docx", "not a readable .docx", id="broken-docx"),
        pytest.param(b"%PDF-1.4 garbage", "a.pdf", "PDF", id="broken-pdf"),
    ],
)
def test_unusable_input_gives_one_line_error_naming_file_and_reason(data, name, reason):
    with pytest.raises(ExtractionError) as caught:
        read_text(data, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message


def test_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode())
    with pytest.raises(ExtractionError, match="big.txt: file is larger than"):
        read_file(path)
    with pytest.raises(ExtractionError, match="larger than"):
        read_text(SAMPLE.encode(), "big.txt")


def test_missing_file_is_an_extraction_error(tmp_path):
    with pytest.raises(ExtractionError, match="missing.txt: cannot open file"):
        read_file(tmp_path / "missing.txt")


def test_docx_paragraphs_and_tables_are_read_in_order():
    document = docx.Document()
    document.add_paragraph("关于做好2024年安全生产工作的通知")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "责任单位"
    table.cell(0, 1).text = "县应急管理局"
    document.add_paragraph("2024年1月9日")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_text(buffer.getvalue(), "notice.docx")
    assert text.split("\n") == [
        "关于做好2024年安全生产工作的通知",
        "| 责任单位 | 县应急管理局 |",
        "2024年1月9日",
    ]


def _pdf(text: str) -> bytes:
    """Build a one-page PDF with a text layer in Helvetica (Latin text only, no font file needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_bytes(objects)


def test_pdf_text_layer_is_read():
    assert "Notice 2024 No. 5" in read_text(_pdf("Notice 2024 No. 5"), "gazette.pdf")


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(ExtractionError, match="no text layer"):
        read_text(_pdf(""), "scan.pdf")
