"""The weekly supervision report (督查通报), as a printable page and as a PDF."""

import io
import logging
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_login import current_user, login_required

from tracker.services.lights import todays_rule
from tracker.services.weekly_report import weekly_report
from tracker.web.county import county_arg, page_county
from tracker.web.downloads import named_download
from tracker.web.pdf import PdfUnavailable, chinese_font_problem, html_to_pdf

logger = logging.getLogger(__name__)

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _stylesheet() -> Path:
    return Path(current_app.static_folder) / "css" / "report.css"


@bp.get("/weekly")
@login_required
def weekly():
    """This week's report over the items the reader may see (all units for the office and leaders)."""
    county, counties = page_county()
    return render_template(
        "reports/weekly.html",
        report=weekly_report(current_user, todays_rule(), county),
        counties=counties,
        county_arg=county_arg(county),
        font_problem=chinese_font_problem(),
    )


@bp.get("/weekly.pdf")
@login_required
def weekly_pdf():
    """The same report as a PDF, for printing or sending on."""
    problem = chinese_font_problem()
    if problem:
        return render_template("reports/pdf_unavailable.html", problem=problem), 503
    county, _ = page_county()
    report = weekly_report(current_user, todays_rule(), county)
    html = render_template("reports/weekly_pdf.html", report=report)
    try:
        data = html_to_pdf(html, _stylesheet())
    except PdfUnavailable:
        logger.exception("PDF renderer unavailable")
        abort(503)
    response = send_file(io.BytesIO(data), mimetype="application/pdf")
    name, fallback = f"督查通报-{report.week_start}.pdf", f"weekly-report-{report.week_start}.pdf"
    return named_download(response, name, fallback, attachment=False)
