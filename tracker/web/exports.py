"""Downloads of the item list as an Excel ledger or CSV, with the list page's filters."""

import io

from flask import Blueprint, request, send_file
from flask_login import current_user, login_required

from tracker import clock
from tracker.services.item_query import parse_filters
from tracker.services.ledger_export import ledger_csv, ledger_rows, ledger_workbook
from tracker.services.lights import todays_rule
from tracker.web.downloads import named_download

bp = Blueprint("exports", __name__, url_prefix="/exports")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows():
    """The rows of every item the current user may see under the URL's filters (all pages)."""
    return ledger_rows(current_user, parse_filters(request.args), todays_rule())


@bp.get("/items.xlsx")
@login_required
def items_xlsx():
    """The ledger workbook; ``per_unit=1`` gives one sheet per lead unit."""
    data = ledger_workbook(_rows(), per_unit=request.args.get("per_unit") == "1")
    response = send_file(io.BytesIO(data), mimetype=XLSX_TYPE)
    return named_download(response, f"督办台账-{clock.today()}.xlsx", f"ledger-{clock.today()}.xlsx")


@bp.get("/items.csv")
@login_required
def items_csv():
    """The ledger as CSV (UTF-8 with BOM, so Excel shows the Chinese)."""
    # Without its parameters: werkzeug appends "; charset=utf-8" to text types itself.
    response = send_file(io.BytesIO(ledger_csv(_rows())), mimetype="text/csv")
    return named_download(response, f"督办台账-{clock.today()}.csv", f"ledger-{clock.today()}.csv")
