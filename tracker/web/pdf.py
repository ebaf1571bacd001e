"""HTML to PDF with WeasyPrint, for printable reports."""

from pathlib import Path


class PdfUnavailable(RuntimeError):
    """The PDF renderer cannot run here (its system libraries are missing)."""


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
