"""Scanned gazettes and the formats offices receive: PDFs with running heads, scans, OFD, .doc (issue 20).

Every file here is rendered by the test itself: pages with WeasyPrint, scans by
rasterising them with pdfplumber (pypdfium2), OFD packages written as XML.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import zipfile
from html import escape

import pytest

from tracker.extraction import extract, ocr
from tracker.extraction.errors import ExtractionError
from tracker.extraction.read import read_text

from .minimal_pdf import pdf_bytes

needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="OCR extra not installed (pip install -r requirements-ocr.txt)"
)

TITLE = "交城县人民政府关于做好安全生产工作的通知"
NUMBER = "交政发〔2025〕1号"
ITEMS = [
    "（一）坚定树牢安全发展理念。各乡镇、各部门、各单位要把安全生产作为第一议题及时跟进学习，"
    "定期组织专题学习，严格各项安全工作措施，建立细化落实清单。（县应急管理局负责）",
    "（二）持续强化安全宣传引导。各乡镇、各部门要制定年度宣传计划，2025年6月底前组织开展安全生产月活动，"
    "常态化开展安全宣传进企业、进农村、进社区、进学校、进家庭活动。（县融媒体中心负责）",
]
CSS = """
@page { size: A5; margin: 25mm 18mm;
  @top-center { content: "交城县人民政府公报　2025年第1期"; font-size: 9pt; }
  @bottom-center { content: "— " counter(page) " —"; font-size: 11pt; } }
body { font-family: "WenQuanYi Micro Hei"; font-size: 14pt; line-height: 1.5; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1 { font-size: 18pt; text-align: center; }
"""


def gazette_pdf(paragraphs: list[str], css: str = "") -> bytes:
    from weasyprint import HTML

    body = f"<h1>{TITLE}</h1><p style='text-align:center;text-indent:0'>{NUMBER}</p>"
    body += "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(string=f"<html><head><style>{CSS}{css}</style></head><body>{body}</body></html>").write_pdf()


def page_images(pdf: bytes, dpi: int = 150) -> list:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.to_image(resolution=dpi).original.convert("L") for page in document.pages]


def image_pdf(images: list) -> bytes:
    """A scan: the pages as images only, no text layer."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def squash(text: str) -> str:
    return "".join(text.split())


def test_text_layer_pdf_reads_as_paragraphs_without_running_heads_or_page_numbers():
    pdf = gazette_pdf(ITEMS * 3)
    assert len(page_images(pdf, 20)) >= 2  # the items run over a page break
    lines = read_text(pdf, "gazette.pdf").split("\n")
    assert lines[:2] == [TITLE, NUMBER]
    assert lines[2:] == ITEMS * 3
    tasks = [task.text for document in extract(pdf, "gazette.pdf").documents for task in document.tasks]
    assert any("安全生产月活动" in task for task in tasks)


def test_two_column_pages_read_in_column_order():
    left = "左栏内容：" + "各乡镇要加强安全生产检查，" * 8 + "左栏结束。"
    right = "右栏内容：" + "各部门要落实安全生产责任，" * 8 + "右栏结束。"
    pdf = gazette_pdf(
        [left, right], "body { columns: 2; column-gap: 8mm; font-size: 11pt; } h1 { column-span: all; }"
    )
    text = squash(read_text(pdf, "columns.pdf"))
    assert squash(left) in text
    assert squash(right) in text
    assert text.index("左栏结束") < text.index("右栏内容")


def test_scanned_pdf_without_the_ocr_extra_says_how_to_enable_it(monkeypatch):
    scan = image_pdf(page_images(gazette_pdf(ITEMS[:1]), 50))
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ExtractionError, match=r"scan.pdf: 这是扫描件.*pip install -r requirements-ocr.txt"):
        read_text(scan, "scan.pdf")


def test_a_scan_longer_than_the_page_limit_is_refused(monkeypatch):
    scan = image_pdf(page_images(gazette_pdf(ITEMS * 3), 30))
    monkeypatch.setattr(ocr, "MAX_PAGES", 1)
    with pytest.raises(ExtractionError, match=r"扫描件有 \d 页，超过一次识别的上限 1 页"):
        read_text(scan, "long.pdf")


@needs_ocr
def test_scanned_pdf_is_read_by_ocr_and_its_tasks_extracted():
    scan = image_pdf(page_images(gazette_pdf(ITEMS * 2)))
    text = read_text(scan, "scan.pdf")
    assert "公报" not in text  # the running heads are gone
    assert not re.search(r"^\W*\d\W*$", text, re.MULTILINE)  # and the page numbers
    lines = text.split("\n")
    assert len(lines) == 2 + len(ITEMS) * 2  # title, number, one line per paragraph, over the page break
    expected = "\n".join([TITLE, NUMBER, *ITEMS * 2])
    assert difflib.SequenceMatcher(None, squash(text), squash(expected)).ratio() > 0.97
    tasks = [task.text for document in extract(scan, "scan.pdf").documents for task in document.tasks]
    assert len(tasks) >= 2
    assert any("安全生产月" in task for task in tasks)


@needs_ocr
def test_a_scan_declared_metres_wide_is_read_at_a_bounded_resolution():
    page = page_images(gazette_pdf(ITEMS[:1]))[0]
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=2)  # 1240 pixels at 2 dpi: a page 15 metres high
    text = read_text(buffer.getvalue(), "huge.pdf")
    assert "坚定树牢安全发展理念" in squash(text)


@needs_ocr
def test_png_scan_is_read():
    page = page_images(gazette_pdf(ITEMS[:1]))[0]
    text = read_text(png(page), "scan.png")
    assert "坚定树牢安全发展理念" in squash(text)


@needs_ocr
def test_an_image_without_text_is_refused():
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(picture)
    draw.ellipse((100, 100, 500, 400), fill="red")
    draw.rectangle((450, 300, 700, 550), fill="blue")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    with pytest.raises(ExtractionError, match="photo.jpg: 图片中没有识别出文字"):
        read_text(buffer.getvalue(), "photo.jpg")


@needs_ocr
def test_a_file_named_png_that_is_no_image_is_refused():
    with pytest.raises(ExtractionError, match="scan.png: 不是可读取的图片文件"):
        read_text(b"not an image at all", "scan.png")


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    file_id = b"<00112233445566778899aabbccddeeff>"
    return pdf_bytes(objects, b"/Encrypt 3 0 R /ID [%s %s] " % (file_id, file_id))


def test_an_encrypted_pdf_is_refused_with_a_clear_message():
    with pytest.raises(ExtractionError, match="secret.pdf: PDF 文件已加密"):
        read_text(encrypted_pdf(), "secret.pdf")


NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def ofd_package(pages: list[str]) -> bytes:
    """An OFD file: OFD.xml -> Doc_0/Document.xml -> one Content.xml per page."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        listed = "".join(
            f'<ofd:Page ID="{i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            f"</ofd:PageArea></ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>",
        )
        for i, layer in enumerate(pages):
            archive.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f"<ofd:Page {NS}><ofd:Content><ofd:Layer>{layer}</ofd:Layer></ofd:Content></ofd:Page>",
            )
    return buffer.getvalue()


def text_object(text: str, x: float, y: float, size: float = 5.6) -> str:
    """One line as an OFD TextObject, each character ``size`` mm wide."""
    width = len(text) * size
    return (
        f'<ofd:TextObject ID="1" Boundary="{x} {y} {width} {size * 1.2}" Font="1" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size}" DeltaX="g {len(text) - 1} {size}">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def test_ofd_text_is_read_as_paragraphs():
    line_chars = 27  # 151 mm of 5.6 mm characters
    first = ITEMS[0]
    wrapped = [first[:25], *(first[i : i + line_chars] for i in range(25, len(first), line_chars))]
    objects = [text_object("交城县人民政府公报　2025年第1期", 70, 15, 3.7), text_object(NUMBER, 80, 50)]
    objects += [
        text_object(part, 30 + (11.2 if i == 0 else 0), 70 + i * 8.4) for i, part in enumerate(wrapped)
    ]
    text = read_text(ofd_package(["".join(objects)]), "notice.ofd")
    assert text.split("\n") == [NUMBER, first]


def test_ofd_with_only_images_is_refused():
    image = '<ofd:ImageObject ID="1" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="2"/>'
    with pytest.raises(ExtractionError, match="scan.ofd: OFD 文件没有文字层"):
        read_text(ofd_package([image]), "scan.ofd")


def test_a_broken_ofd_is_refused():
    with pytest.raises(ExtractionError, match="bad.ofd: 不是可读取的 OFD 文件"):
        read_text(b"PK\x03\x04 not really a zip", "bad.ofd")


def test_doc_without_a_converter_names_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ExtractionError, match=r"old.doc: 服务器上没有 .doc 转换程序：请管理员安装 antiword"):
        read_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "old.doc")


def test_a_docx_renamed_to_doc_is_told_apart():
    with pytest.raises(ExtractionError, match="a.doc: 不是 Word 97-2003 .doc 文件"):
        read_text(b"PK\x03\x04 zipped", "a.doc")


@pytest.mark.skipif(
    not shutil.which("antiword"), reason="antiword not installed (Debian: apt-get install antiword)"
)
def test_a_damaged_doc_gets_the_converters_reason():
    with pytest.raises(ExtractionError, match=r"broken.doc: 无法转换 .doc 文件（.+）"):
        read_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "broken.doc")
