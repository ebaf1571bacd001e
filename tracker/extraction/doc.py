"""Read a Word 97 .doc file through a converter from the system: antiword, else LibreOffice.

Offices still receive .doc attachments. No maintained Python package reads
them, so the file is written to a temporary directory and converted to UTF-8
text by antiword (Debian: antiword, a few hundred KB) or, when only that is
installed, LibreOffice headless. Without either the file is refused with a
message naming what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.extraction.errors import ExtractionError

SUFFIXES = frozenset({".doc"})
#: Every Word 97 file is an OLE2 compound file and starts so.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A converter that takes longer has met a file it cannot handle.
TIMEOUT_S = 120
MISSING = (
    "服务器上没有 .doc 转换程序：请管理员安装 antiword（Debian/Ubuntu：apt-get install antiword）"
    "或 LibreOffice，或将文件另存为 .docx 后上传"
)


def read_doc(data: bytes, filename: str) -> str:
    """Return the text of a Word 97 .doc file, one paragraph a line."""
    if not data.startswith(OLE_MAGIC):
        raise ExtractionError(filename, "不是 Word 97-2003 .doc 文件（如果是 .docx，请改回 .docx 扩展名）")
    antiword = shutil.which("antiword")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not (antiword or office):
        raise ExtractionError(filename, MISSING)
    with tempfile.TemporaryDirectory(prefix="tracker-doc-") as tmp:
        source = Path(tmp) / "source.doc"
        source.write_bytes(data)
        if antiword:
            # -w 0: a paragraph on one line, as the later stages read it.
            command = [antiword, "-m", "UTF-8.txt", "-w", "0", str(source)]
        else:
            command = [
                office,
                "--headless",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                tmp,
                str(source),
            ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError(filename, ".doc 文件转换超时，请另存为 .docx 后上传") from exc
        output = (
            done.stdout
            if antiword
            else (Path(tmp) / "source.txt").read_bytes()
            if done.returncode == 0
            else b""
        )
        if done.returncode != 0 or not output.strip():
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            raise ExtractionError(
                filename, f"无法转换 .doc 文件（{reason[0] if reason else '转换程序没有输出'}）"
            )
    return output.decode("utf-8-sig", "replace")
