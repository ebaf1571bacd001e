"""The home page: an overview of documents and items by status."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker import clock
from tracker.services.duties import RECENT_MISSES, count_missed_reports
from tracker.services.overview import count_items_by_status, list_documents_with_counts

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    """Show item counts by status and the imported documents; unit staff go to their own items."""
    if current_user.role == "unit_staff":
        return redirect(url_for("items.index"))
    return render_template(
        "dashboard/index.html",
        status_counts=count_items_by_status(),
        documents=list_documents_with_counts(),
        missed_reports=count_missed_reports(clock.today() - RECENT_MISSES),
    )
