"""Read scanned pages (PDF pages without a text layer, .png/.jpg scans) with OCR.

The engine is RapidOCR: the PP-OCR models ship inside its wheel, so nothing is
downloaded at run time, and it was chosen over Tesseract's chi_sim by
measurement (bench/ocr.py, bench/RESULTS.md). It is an optional install
(requirements-ocr.txt, ~70 MB with ONNX Runtime and OpenCV): without it a scan
is refused with a message saying how to enable OCR, and text files, .docx and
text-layer PDFs read as before. The engine runs on one thread, so an import
never takes every core of a shared server.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from tracker.extraction.errors import ExtractionError
from tracker.extraction.layout import Box, Page, page_text

_SWITCHED_OFF: ContextVar[bool] = ContextVar("ocr_switched_off", default=False)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg"})
#: Resolution scanned PDF pages are rendered at for OCR (see bench/RESULTS.md for 150 vs 300 dpi).
RENDER_DPI = 300
#: A scan this long takes minutes to read; longer ones are refused and should be split.
MAX_PAGES = 100
ENABLE_OCR = "这是扫描件（图片），需要文字识别（OCR）才能读取：请管理员安装 OCR 组件（pip install -r requirements-ocr.txt）后重新上传"
NO_TEXT = "图片中没有识别出文字：请确认上传的是公文的扫描件或照片"


def available() -> bool:
    """Whether the OCR extra is installed (and not switched off for the current read)."""
    return not _SWITCHED_OFF.get() and importlib.util.find_spec("rapidocr_onnxruntime") is not None


@contextmanager
def switched_off() -> Iterator[None]:
    """Read without OCR inside the block: a process that reads for another one follows its view of the extra."""
    token = _SWITCHED_OFF.set(True)
    try:
        yield
    finally:
        _SWITCHED_OFF.reset(token)


def require(filename: str, pages: int = 1) -> None:
    """Refuse a scan when OCR is not installed or the scan is too long to read."""
    if pages > MAX_PAGES:
        raise ExtractionError(
            filename, f"扫描件有 {pages} 页，超过一次识别的上限 {MAX_PAGES} 页：请拆分后分批导入"
        )
    if not available():
        raise ExtractionError(filename, ENABLE_OCR)


def read_image(data: bytes, filename: str) -> str:
    """Return the text of a scanned page given as a .png or .jpg file."""
    require(filename)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            text = page_text([recognise(image)])
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        raise ExtractionError(filename, f"不是可读取的图片文件（{type(exc).__name__}）") from exc
    if not text.strip():
        raise ExtractionError(filename, NO_TEXT)
    return text


def recognise(image) -> Page:
    """Return the lines OCR finds on a PIL image, with their boxes in pixels."""
    import numpy

    pixels = numpy.asarray(image.convert("RGB"))[:, :, ::-1]  # OpenCV order (BGR)
    result, _ = _engine()(pixels)
    boxes = []
    for points, text, _score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text))
    return Page(image.width, image.height, boxes)


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
