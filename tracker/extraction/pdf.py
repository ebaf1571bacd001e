"""Read a PDF: its text layer where there is one, OCR for pages that are only a scanned image.

Either way each page becomes positioned lines that :mod:`layout` turns into
paragraphs without running heads and page numbers. pdfplumber renders the
scanned pages (through pypdfium2, which it depends on) for the OCR engine.
"""

from __future__ import annotations

import io

from tracker.extraction import ocr
from tracker.extraction.errors import ExtractionError
from tracker.extraction.layout import Box, Page, page_text

#: A page with less text than this in its text layer but with an image is a scan (a stamped page number).
MIN_TEXT = 10
#: The longest side of a page rendered for OCR, in pixels: A3 at 300 dpi. A page declared metres wide
#: would otherwise become an image of gigabytes.
MAX_SIDE_PX = 5000


def read_pdf(data: bytes, filename: str) -> str:
    """Return the text of a PDF, reading scanned pages with OCR."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_text_layer(page) for page in pdf.pages]
            scanned = [i for i, page in enumerate(pdf.pages) if _is_scan(page, pages[i])]
            if scanned:
                ocr.require(filename, len(scanned))
                for i in scanned:
                    pages[i] = ocr.recognise(
                        pdf.pages[i].to_image(resolution=_resolution(pdf.pages[i])).original
                    )
    except ExtractionError:
        raise
    # pdfminer raises many unrelated types (PSSyntaxError, PDFSyntaxError, KeyError ...) on bad files.
    except Exception as exc:
        if _caused_by(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ExtractionError(filename, "PDF 文件已加密：请去掉打开密码后重新上传") from exc
        raise ExtractionError(filename, f"not a readable PDF file ({type(exc).__name__})") from exc
    text = page_text(pages)
    if not text.strip():
        if scanned:
            raise ExtractionError(filename, ocr.NO_TEXT)
        raise ExtractionError(filename, "PDF has no text layer and no scanned pages")
    return text


def _resolution(page) -> float:
    """OCR's resolution, lowered for an oversized page so that its image stays within MAX_SIDE_PX."""
    longest_inches = max(float(page.width), float(page.height)) / 72
    return min(ocr.RENDER_DPI, MAX_SIDE_PX / longest_inches)


def _text_layer(page) -> Page:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    boxes = [Box(w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in words]
    return Page(float(page.width), float(page.height), boxes)


def _is_scan(page, layer: Page) -> bool:
    return bool(page.images) and sum(len(box.text) for box in layer.boxes) < MIN_TEXT


def _caused_by(exc: BaseException | None, types: tuple[type[BaseException], ...]) -> bool:
    """pdfplumber wraps pdfminer's errors: look through the chain and the wrapped arguments."""
    while exc is not None:
        if isinstance(exc, types) or any(isinstance(arg, types) for arg in exc.args):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
