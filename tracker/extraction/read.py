"""Stage 1: turn the bytes of a gazette file into text.

Plain text (OCR output, markdown) is decoded as UTF-8 (with or without BOM), as
UTF-16 when it starts with a UTF-16 byte-order mark (Notepad's "Unicode"), and
otherwise as GB18030, the superset of GBK that Chinese offices still save in;
charset-normalizer is only asked when both fail. ``.docx`` files are read with
python-docx; PDFs (text layer, or OCR for scanned pages), .png/.jpg scans, OFD
and Word 97 .doc files by the modules named in ``READERS``. Every
failure becomes an :class:`ExtractionError` that names the file and the reason.
python-docx, pdfplumber and charset-normalizer are imported only when a file
needs them: most gazettes are text, and the engine should start fast.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

from tracker.extraction import doc, ocr, ofd
from tracker.extraction.errors import ExtractionError
from tracker.extraction.pdf import read_pdf

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})
DOCX_SUFFIXES = frozenset({".docx"})
PDF_SUFFIXES = frozenset({".pdf"})
#: Readers of the other formats offices receive, by suffix: scans, OFD, Word 97.
READERS = {
    **dict.fromkeys(ocr.IMAGE_SUFFIXES, ocr.read_image),
    **dict.fromkeys(ofd.SUFFIXES, ofd.read_ofd),
    **dict.fromkeys(doc.SUFFIXES, doc.read_doc),
    **dict.fromkeys(PDF_SUFFIXES, read_pdf),
}
SUFFIXES = frozenset(s for s in TEXT_SUFFIXES | DOCX_SUFFIXES | set(READERS) if s)
SUPPORTED = ", ".join(sorted(SUFFIXES))
# Share of control characters above which decoded "text" is really a binary file.
MAX_CONTROL_SHARE = 0.01
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: A .docx or .xlsx is a ZIP, and a few hundred KB can unpack to gigabytes of XML (a decompression
#: bomb: 357 KB -> 100 MB took 71 s and 1.8 GB to parse). These bound it before any XML is read.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: python-docx parses about 1 MB of XML a second; images and other media count only in the total.
MAX_UNPACKED_XML_BYTES = 30 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
#: Word and Excel XML deflates about 10:1; a large member packed far tighter is repeated filler.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024


def read_file(path: str | Path) -> bytes:
    """Return the bytes of ``path``, refusing files that are missing or too large."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExtractionError(path.name, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as exc:
        raise ExtractionError(path.name, f"cannot open file ({exc.strerror or exc})") from exc


def read_text(data: bytes, filename: str) -> str:
    """Return the text of a gazette given its bytes; the suffix of ``filename`` picks the reader."""
    if len(data) > MAX_BYTES:
        raise ExtractionError(filename, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data or not data.strip():
        raise ExtractionError(filename, "file is empty")
    suffix = Path(filename).suffix.lower()
    if suffix in DOCX_SUFFIXES:
        check_zip_limits(data, filename)
        text = _read_docx(data, filename)
    elif suffix in READERS:
        text = READERS[suffix](data, filename)
    elif suffix in TEXT_SUFFIXES:
        text = _decode(data, filename)
    else:
        raise ExtractionError(filename, f"unsupported file type {suffix!r} (expected {SUPPORTED})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ExtractionError(filename, "file contains no text")
    return text


def check_zip_limits(data: bytes, filename: str) -> None:
    """Refuse an Office file (ZIP) that would unpack too large, to too many parts, or suspiciously tight.

    The sizes read are those the ZIP declares; :mod:`zipfile` (under
    python-docx and openpyxl) never unpacks a member beyond its declared size,
    so a file that understates them fails its checksum instead of growing.
    A file that is no ZIP at all passes: its reader reports the damage.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a ZIP at all: the file's reader says so in its own words
    if len(members) > MAX_ZIP_MEMBERS:
        raise ExtractionError(filename, f"Office file has {len(members)} parts (limit {MAX_ZIP_MEMBERS})")
    xml = [member for member in members if member.filename.endswith((".xml", ".rels"))]
    for label, parts, limit in (("", members, MAX_UNPACKED_BYTES), ("XML ", xml, MAX_UNPACKED_XML_BYTES)):
        unpacked = sum(member.file_size for member in parts)
        if unpacked > limit:
            raise ExtractionError(
                filename,
                f"Office file unpacks to {unpacked // (1024 * 1024)} MB of {label}parts"
                f" (limit {limit // (1024 * 1024)} MB)",
            )
    for member in members:
        if member.file_size >= RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ExtractionError(filename, f"Office file part {member.filename} is packed like a ZIP bomb")


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractionError(filename, "file starts as UTF-16 but is not valid UTF-16") from None
    if b"\x00" in data:
        raise ExtractionError(
            filename, "file is binary, or UTF-16 without a byte-order mark (contains NUL bytes)"
        )
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = _guess_decode(data)
    if text is None or _is_binary(text):
        raise ExtractionError(filename, "file is not text in UTF-8 or GB18030")
    return text


def _guess_decode(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _is_binary(text: str) -> bool:
    return len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text)


def _read_docx(data: bytes, filename: str) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(_table_lines(block))
    # python-docx and its zip/XML layers raise an open set of types on a damaged file.
    except Exception as exc:
        raise ExtractionError(filename, f"not a readable .docx file ({type(exc).__name__})") from exc
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """Write a Word table as markdown pipe rows, the form OCR tools give tables in text files."""
    lines: list[str] = []
    for row in table.rows:
        cells = [" ".join(p.text.strip() for p in cell.paragraphs).replace("|", "｜") for cell in row.cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
