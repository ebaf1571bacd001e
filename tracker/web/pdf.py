"""HTML to PDF with WeasyPrint, for printable reports, and the check that a Chinese font is installed."""

import functools
import shutil
import subprocess
from pathlib import Path

#: What to install when no Chinese font is found (the README's run command says the same).
FONT_INSTALL_HINT = (
    "Debian/Ubuntu：sudo apt-get install fonts-wqy-microhei（或 fonts-noto-cjk），"
    "CentOS/麒麟：sudo yum install wqy-microhei-fonts；装好后重启本系统。"
)


class PdfUnavailable(RuntimeError):
    """The PDF renderer cannot run here (its system libraries are missing)."""


@functools.cache
def chinese_font_problem() -> str | None:
    """Why a PDF would print boxes instead of characters here, or None when a Chinese font is installed.

    WeasyPrint finds fonts through fontconfig; without a font that covers Chinese every character
    becomes a box and the PDF still "succeeds". Asked once per process (installing a font needs a
    restart of the app anyway).
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return "找不到 fontconfig（fc-list），无法确认是否装有中文字体。" + FONT_INSTALL_HINT
    try:
        found = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "无法运行 fc-list 检查中文字体。" + FONT_INSTALL_HINT
    if not found.strip():
        return (
            "服务器上没有中文字体（如文泉驿微米黑 WenQuanYi Micro Hei 或 Noto Sans CJK SC），PDF 中的汉字会显示为方框。"
            + FONT_INSTALL_HINT
        )
    return None


def html_to_pdf(html: str, stylesheet: Path) -> bytes:
    """Render ``html`` (no external resources) with ``stylesheet`` to PDF bytes.

    WeasyPrint loads Pango through ctypes when imported, so it is imported here
    rather than at the top: a server without Pango still serves every page,
    and only the PDF answers that it is unavailable.
    """
    try:
        from weasyprint import CSS, HTML
    except OSError as error:
        raise PdfUnavailable(str(error)) from error
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(stylesheet))])
