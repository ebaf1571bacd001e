"""The office's county: set once, the default of filters, rankings, the report and the unit pickers."""

import datetime as dt
import re

import pytest

from tests.conftest import csrf_token_from
from tests.html_tables import body_rows
from tracker import clock
from tracker.models import Event
from tracker.services.office import get_office, update_office

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=clock.timezone())


@pytest.fixture(autouse=True)
def frozen_now(frozen_clock):
    frozen_clock(2025, 6, 2, 9, 0)


@pytest.fixture
def two_counties(db, make_unit, make_item):
    """县水利局 in 交城县 and in 中阳县, each leading one overdue item; the office is 交城县's."""
    jiaocheng = make_unit(name="县水利局", county="交城县")
    zhongyang = make_unit(name="县水利局", county="中阳县")
    make_item(lead_unit=jiaocheng, title="交城节水改造", due_on=dt.date(2025, 5, 1))
    make_item(lead_unit=zhongyang, title="中阳河道治理", due_on=dt.date(2025, 5, 1))
    update_office(None, NOW, county="交城县")
    db.session.commit()
    return jiaocheng, zhongyang


def test_the_item_list_shows_the_office_county_unless_another_is_chosen(client_as, two_counties):
    client = client_as("supervisor")

    default = client.get("/items/").get_data(as_text=True)
    every = client.get("/items/?county=all").get_data(as_text=True)
    other = client.get("/items/?county=中阳县").get_data(as_text=True)

    assert ("交城节水改造" in default, "中阳河道治理" in default) == (True, False)
    assert ("交城节水改造" in every, "中阳河道治理" in every) == (True, True)
    assert ("交城节水改造" in other, "中阳河道治理" in other) == (False, True)
    assert re.search(r'<option value="交城县" selected>交城县</option>', default)
    unit_filter = default.split('name="unit_id"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', unit_filter)
    assert groups == ["交城县", "中阳县"]  # the office's county first, each unit under its county


def test_the_dashboard_ranks_the_office_county_and_can_switch(client_as, two_counties):
    client = client_as("viewer")

    default = body_rows(client.get("/").get_data(as_text=True), "units-table")
    every = body_rows(client.get("/?county=all").get_data(as_text=True), "units-table")

    assert [row[1] for row in default] == ["县水利局"]
    assert len(every) == 2
    report = client.get("/reports/weekly?county=中阳县").get_data(as_text=True)
    assert '<p class="report-county">中阳县</p>' in report


def test_the_new_user_form_groups_units_by_county_with_the_office_county_first(client_as, two_counties):
    page = client_as("admin").get("/admin/users/new").get_data(as_text=True)

    assert re.findall(r'<optgroup label="([^"]+)">', page) == ["交城县", "中阳县"]


def test_the_office_sets_its_county_on_the_settings_page(client_as, db, two_counties):
    client = client_as("supervisor")
    token = csrf_token_from(client.get("/settings/office").get_data(as_text=True))

    saved = client.post("/settings/office", data={"csrf_token": token, "county": "中阳县"})
    refused = client.post("/settings/office", data={"csrf_token": token, "county": "兴县"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    db.session.expire_all()
    assert get_office().county == "中阳县"
    event = db.session.scalars(
        db.select(Event).where(Event.kind == "settings.office").order_by(Event.id.desc())
    ).first()
    assert event.after["county"] == "中阳县"


def test_tracker_county_is_the_default_until_the_office_saves_one(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_COUNTY", "中阳县")

    assert get_office().county == "中阳县"
