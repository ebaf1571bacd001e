"""Download names: the Chinese name for browsers that read it, a readable ASCII one for those that do not.

Werkzeug's own fallback drops every non-ASCII character, so 督查通报-2025-07-14.pdf fell back to
"-2025-07-14.pdf" and 验收报告.pdf to ".pdf".
"""

from pathlib import PurePath
from urllib.parse import quote

from flask import Response


def named_download(response: Response, name: str, fallback: str, *, attachment: bool = True) -> Response:
    """Set ``response``'s Content-Disposition to ``name`` (RFC 5987) with the ASCII ``fallback``."""
    kind = "attachment" if attachment else "inline"
    ascii_name = fallback.encode("ascii", "ignore").decode().replace('"', "") or "download"
    response.headers["Content-Disposition"] = (
        f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response


def fallback_name(stem: str, original: str) -> str:
    """``stem`` with ``original``'s extension (evidence-12.pdf for 验收报告.pdf)."""
    suffix = PurePath(original).suffix.encode("ascii", "ignore").decode()
    return f"{stem}{suffix}"
