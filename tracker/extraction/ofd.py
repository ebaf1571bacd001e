"""Read the text of an OFD file (GB/T 33190, the national format for electronic official documents).

An OFD file is a zip of XML: OFD.xml names each document's Document.xml, which
lists its pages; a page's Content.xml holds TextObjects (a Boundary box and a
font Size) whose TextCodes carry the text and its position. That is read here
with the standard library: the one maintained Python package (easyofd) pulls in
PyMuPDF, reportlab and more to render pages, none of which reading text needs.
Each TextCode becomes a positioned box, and :mod:`layout` makes paragraphs of them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree import ElementTree

from tracker.extraction.errors import ExtractionError
from tracker.extraction.layout import Box, Page, page_text

SUFFIXES = frozenset({".ofd"})
#: A member of the zip larger than this when unpacked is refused (a page's XML is a few hundred KB).
MAX_MEMBER = 20 * 1024 * 1024
#: A4 in millimetres, OFD's unit, when a document states no page area.
A4 = (210.0, 297.0)


def read_ofd(data: bytes, filename: str) -> str:
    """Return the text of every page of every document in an OFD file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            pages = [page for root in _document_roots(archive) for page in _pages(archive, root)]
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        raise ExtractionError(filename, f"不是可读取的 OFD 文件（{type(exc).__name__}）") from exc
    except _TooLarge as exc:
        raise ExtractionError(filename, f"OFD 文件中的 {exc} 解压后过大，拒绝读取") from exc
    text = page_text(pages)
    if not text.strip():
        raise ExtractionError(
            filename, "OFD 文件没有文字层（页面只有图片）：请向发文单位索取带文字的版本，或导出为 PDF 后上传"
        )
    return text


class _TooLarge(Exception):
    pass


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name.lstrip("/"))
    if info.file_size > MAX_MEMBER:
        raise _TooLarge(name)
    return ElementTree.fromstring(archive.read(info))


def _document_roots(archive: zipfile.ZipFile) -> list[str]:
    roots = [
        node.text.strip() for node in _xml(archive, "OFD.xml").iter() if _tag(node) == "DocRoot" and node.text
    ]
    if not roots:
        raise ValueError("OFD.xml names no document")
    return roots


def _pages(archive: zipfile.ZipFile, root: str) -> list[Page]:
    document = _xml(archive, root)
    base = posixpath.dirname(root.lstrip("/"))
    size = _page_size(document, A4)
    pages = []
    for node in document.iter():
        if _tag(node) == "Page" and node.get("BaseLoc"):
            location = node.get("BaseLoc")
            path = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
            content = _xml(archive, path)
            width, height = _page_size(content, size)
            pages.append(Page(width, height, [box for box in map(_box, content.iter()) if box is not None]))
    return pages


def _page_size(node: ElementTree.Element, default: tuple[float, float]) -> tuple[float, float]:
    for child in node.iter():
        if _tag(child) == "PhysicalBox" and child.text:
            _, _, width, height = map(float, child.text.split())
            return width, height
    return default


def _box(node: ElementTree.Element) -> Box | None:
    """A TextObject's text and where it stands; its TextCodes are runs of one line."""
    if _tag(node) != "TextObject":
        return None
    x, y, _, height = map(float, node.get("Boundary", "0 0 0 0").split())
    size = float(node.get("Size") or height or 1)
    codes = [code for code in node if _tag(code) == "TextCode" and code.text]
    if not codes:
        return None
    text = "".join(code.text for code in codes)
    first, last = codes[0], codes[-1]
    left = x + float(first.get("X", 0))
    right = x + float(last.get("X", 0)) + _advance(last.get("DeltaX"), len(last.text), size) + size
    baseline = y + float(first.get("Y", size))
    return Box(left, baseline - size, right, baseline, text)


def _advance(delta_x: str | None, chars: int, size: float) -> float:
    """Width of a run from its DeltaX ("g 5 4.2" repeats 4.2 five times), else one em a character."""
    if not delta_x:
        return (chars - 1) * size
    values = delta_x.split()
    total, i = 0.0, 0
    while i < len(values):
        if values[i] == "g":
            total += int(values[i + 1]) * float(values[i + 2])
            i += 3
        else:
            total += float(values[i])
            i += 1
    return total


def _tag(node: ElementTree.Element) -> str:
    return node.tag.rsplit("}", 1)[-1]
