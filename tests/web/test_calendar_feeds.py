"""Calendar feed URLs: issued on the account page, fetched without a sign-in, revoked by regenerating."""

import re

from icalendar import Calendar

from tests.conftest import csrf_token_from
from tracker.models import AccessToken

FEED_URL = re.compile(r"http://tracker\.test(/calendar/[A-Za-z0-9_-]+\.ics)")


def regenerate(client, action: str) -> str:
    token = csrf_token_from(client.get("/account/tokens").get_data(as_text=True))
    page = client.post("/account/tokens", data={"csrf_token": token, "action": action}).get_data(as_text=True)
    return page


def feed_path(client, action: str) -> str:
    match = FEED_URL.search(regenerate(client, action))
    assert match, "no feed URL shown"
    return match.group(1)


def test_a_user_feed_lists_the_deadlines_of_their_items(sample_ledger, client_as, client):
    path = feed_path(client_as("unit_staff", unit=sample_ledger.town), "calendar")

    response = client.get(path)

    assert response.mimetype == "text/calendar"
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]
    assert summaries == ["完成县域节水型社会达标建设", "完成县域节水型社会达标建设"]
    assert f"http://tracker.test/items/{sample_ledger.overdue.id}" in response.get_data(as_text=True)


def test_unit_feed_is_offered_to_unit_staff(sample_ledger, client_as, client):
    path = feed_path(client_as("unit_staff", unit=sample_ledger.roads), "unit_calendar")

    assert len(Calendar.from_ical(client.get(path).data).walk("VEVENT")) == 3


def test_regenerating_invalidates_the_old_url(sample_ledger, client_as, client):
    staff = client_as("unit_staff", unit=sample_ledger.town)
    old = feed_path(staff, "calendar")

    new = feed_path(staff, "calendar")

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_tokens_get_404(client):
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_the_token_is_stored_hashed_and_shown_once(sample_ledger, client_as, db):
    staff = client_as("viewer")
    path = feed_path(staff, "calendar")
    secret = path.removeprefix("/calendar/").removesuffix(".ics")

    assert secret not in db.session.scalars(db.select(AccessToken.token_hash)).all()
    assert secret not in staff.get("/account/tokens").get_data(as_text=True)


def test_office_has_no_unit_feed_button(client_as, db):
    page = client_as("supervisor").get("/account/tokens").get_data(as_text=True)

    assert 'value="unit_calendar"' not in page
    assert 'value="api"' in page


def test_feed_tokens_stay_out_of_the_request_log(sample_ledger, client_as, client, caplog):
    path = feed_path(client_as("viewer"), "calendar")

    with caplog.at_level("INFO", logger="tracker.request"):
        client.get(path)

    assert "method=GET path=/calendar/<token>.ics status=200" in caplog.text
    assert path not in caplog.text
