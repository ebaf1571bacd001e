"""Read and extract an uploaded gazette in a child process that is stopped after a time limit.

Size limits bound text and Office files, but not every slow input (a PDF with
thousands of pages, a pathological layout): a web worker must not be tied up
for minutes by one upload. The work runs in a process forked from a
``forkserver`` (safe in a threaded server, and cheap after the first call, which
starts the server with the main module and the extraction engine loaded: about
0.15 s per upload); when it has not answered within EXTRACTION_SECONDS it is
killed and the upload refused. The file is parsed once: extraction runs on the
text the reader produced.
"""

import logging
import multiprocessing
from contextlib import nullcontext
from pathlib import Path

from tracker.errors import ImportRejected
from tracker.extraction import ExtractionError, ExtractionResult, extract, ocr
from tracker.extraction.read import read_text

#: Wall-clock limit for reading and extracting one upload.
EXTRACTION_SECONDS = 90
#: Extraction takes about 14 s per million characters (2-core dev machine: 1.27 M characters, 4,839 tasks,
#: 18 s); this keeps it to about half a minute while taking the largest gazettes met so far (6,660 tasks,
#: about 1.7 million characters).
MAX_TEXT_CHARS = 2_000_000

logger = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["__main__", "tracker.extraction"])


def read_and_extract(
    data: bytes, filename: str, lexicon: frozenset[str] = frozenset()
) -> tuple[str, ExtractionResult]:
    """The text of the file and what extraction found in it (``lexicon``: the unit names the office knows).

    :raises ImportRejected: unreadable, too long, or not done within EXTRACTION_SECONDS.
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    # The child reads with OCR only where this process has it: one view of the optional extra.
    args = (sender, data, filename, MAX_TEXT_CHARS, lexicon, ocr.available())
    worker = _CONTEXT.Process(target=_work, args=args, daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(EXTRACTION_SECONDS):
            logger.warning("Stopped reading %s after %s s", filename, EXTRACTION_SECONDS)
            raise ImportRejected(
                f"{filename}：{EXTRACTION_SECONDS} 秒内未能读完，已停止。"
                "请拆分后分批导入，或改为上传文字版（.txt/.docx）。"
            )
        try:
            outcome, value = receiver.recv()
        except EOFError:  # the child died (out of memory, or a bug: its traceback is on stderr)
            logger.error("The extraction process for %s ended without an answer", filename)
            raise ImportRejected(f"{filename}：读取时出错，已停止。请检查文件后重试。") from None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    if outcome == "refused":
        raise ImportRejected(value)
    return value


def _work(sender, data: bytes, filename: str, max_chars: int, lexicon: frozenset[str], ocr_on: bool) -> None:
    """In the child: send ("done", (text, result)) or ("refused", message)."""
    try:
        with nullcontext() if ocr_on else ocr.switched_off():
            text = read_text(data, filename)
        if len(text) > max_chars:
            raise ExtractionError(filename, f"文字超过 {max_chars // 10_000} 万字，请拆分后分批导入")
        result = extract(text.encode("utf-8"), Path(filename).stem + ".txt", lexicon)
        sender.send(("done", (text, result)))
    except ExtractionError as error:
        sender.send(("refused", f"无法读取 {error.filename}：{error.reason}"))
    finally:
        sender.close()
